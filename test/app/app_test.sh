#!/usr/bin/env bash
# glasses::app end to end, through example/04_train_app: layered files, overrides in both
# orders, --cfg, --explain, --help, each point of a multirun printed, run folders, a
# multirun killed after 2 of 4 points and resumed, and every error path, with outputs and
# exit statuses.
# usage: app_test.sh TRAIN_APP
set -uo pipefail
app=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../expect.sh"
enter_scratch_dir

printf '{"data": {"batch_size": 32,\n  "augment": ["flip", "crop"]}, "epochs": 3}\n' >base.json
printf '{"optimizer": {"type": "adamw", "lr": 0.002}}\n' >exp.json
printf '{"data": {"batch_size": "many"}}\n' >bad.json

# Standard output that cannot be written (a full disk) fails the command, it does not exit 0.
expect_exact "a config printed to a full disk is an error" 2 "$(basename "$app"): could not write to standard output: No space left on device; what it printed is incomplete (a full disk, or a pipe closed early?)" -- bash -c "'$app' --cfg --json 2>&1 >/dev/full"
expect "--help lists every field with type, default and doc" 0 '^  data\.batch_size +integer >= 1 +64 +examples per step$' -- "$app" --help
expect "--help lists choices of the variant" 0 '^  optimizer +one of "sgd", "adamw" +"sgd" +the optimizer and its settings$' -- "$app" --help
expect "--help lists the fields of the other alternatives, led by their type" 0 '^  optimizer\.weight_decay +number >= 0 +0\.05 +\(adamw\) decoupled weight decay$' -- "$app" --help
expect_exact "--help of a path that is not there" 2 '--help: no field path "optimiser.lr"; did you mean "optimizer.lr"?' -- "$app" --help optimiser.lr
expect "--help lists the presets" 0 '^presets: "quick"$' -- "$app" --help
expect "--help PATH shows one subtree" 0 '^  data\.root +string \(at least 1 character\) +"/data/imagenet" +dataset folder$' -- "$app" --help data
expect "--help PATH leaves out the rest" 0 '^ok$' -- bash -c "'$app' --help data | grep -q epochs || echo ok"

expect "--cfg prints the tree with docs" 0 '^  epochs: 10  # passes over the data$' -- "$app" --cfg
expect "--cfg --json prints JSON" 0 '^    "batch_size": 32,$' -- "$app" --config base.json --cfg --json
expect_exact "--cfg --yaml prints a file that --config reads back as the same config" 0 "$("$app" --config base.json optimizer=adamw --hash)" -- \
  bash -c "'$app' --config base.json optimizer=adamw --cfg --yaml >resolved.yaml && '$app' --config resolved.yaml --hash"
expect "--cfg --yaml writes docs as comments" 0 '^  # examples per step$' -- "$app" --cfg --yaml
expect_exact "--cfg --yaml of a multirun: a YAML document a point" 0 '--- # [1/2] epochs=1
--- # [2/2] epochs=2' -- bash -c "'$app' --cfg --yaml -m epochs=1,2 | grep '^---'"
expect_exact "--yaml needs --cfg" 2 '--yaml: --yaml prints the config as YAML with --cfg; write --cfg --yaml' -- "$app" --yaml
expect_exact "one format" 2 '--yaml: --cfg prints one format: give --json or --yaml, not both' -- "$app" --cfg --json --yaml
expect "files layer in order" 0 '^optimizer\.lr = 0\.002  # exp\.json:1:39$' -- "$app" --config base.json --config exp.json --explain
expect "the later file wins" 0 '"lr": 0\.5' -- bash -c "printf '{\"optimizer\": {\"type\": \"adamw\", \"lr\": 0.5}}' > later.json && '$app' --config exp.json --config later.json --cfg --json"
expect "overrides apply after files" 0 '^data\.batch_size = 5  # override 1 "data\.batch_size=5"$' -- "$app" --config base.json data.batch_size=5 --explain
expect "a type choice applies first, whatever the order" 0 '^optimizer\.weight_decay = 0\.2  # override 1' -- "$app" optimizer.weight_decay=0.2 optimizer=adamw --explain
expect "the same in the other order" 0 '^optimizer\.weight_decay = 0\.2  # override 2' -- "$app" optimizer=adamw optimizer.weight_decay=0.2 --explain
expect "a value set by a former name is that field's" 0 '^epochs = 3  # override 1 "num_epochs=3"$' -- "$app" num_epochs=3 --explain
expect_exact "an override by a former name is said on stderr, once in a multirun" 0 \
  'override 1 "num_epochs=3": epochs: warning: "num_epochs" is the former name of "epochs"; it sets "epochs"' -- \
  bash -c "'$app' -m num_epochs=3,4 --hash >/dev/null"
expect "a change within a list is the list's origin" 0 '^data\.augment = \["crop"\]  # override 1 "data\.augment\[0\]=crop"$' -- \
  "$app" 'data.augment[0]=crop' --explain
printf '{"optimizer": {"type": "adamw", "weight_decay": 0.2}}\n' >adamw.json
expect "naming the type a layer chose keeps the layer's values and their origins" 0 '^optimizer\.weight_decay = 0\.2  # adamw\.json:1:49$' -- \
  "$app" --config adamw.json optimizer=adamw --explain
expect "and the override is the type's origin" 0 '^optimizer\.type = "adamw"  # override 1 "optimizer=adamw"$' -- \
  "$app" --config adamw.json optimizer=adamw --explain
expect "a new type is the origin of every value within" 0 '^optimizer\.momentum = 0\.9  # override 1 "optimizer=sgd"$' -- \
  "$app" --config adamw.json optimizer=sgd --explain
expect "--explain names defaults" 0 '^dtype = "fp32"  # default$' -- "$app" --explain
expect "--explain names the preset" 0 '^epochs = 1  # preset quick$' -- "$app" --preset quick --explain
expect "--hash is the fingerprint" 0 '^[0-9a-f]{16}$' -- "$app" --hash
expect "--schema is a JSON Schema" 0 '"\$schema": "https://json-schema.org/draft/2020-12/schema"' -- "$app" --schema

# With -m, --cfg, --explain and --hash print every point, labelled by its overrides, and run nothing.
expect "-m --cfg labels each point" 0 '^# \[2/2\] epochs=2$' -- "$app" -m --cfg epochs=1,2
expect "-m --cfg prints each point's config" 0 '^  epochs: 2  # passes over the data$' -- "$app" -m --cfg epochs=1,2
expect "-m --cfg --json prints a JSON line a point" 0 '^\{"index":1,"overrides":\["optimizer=adamw"\],"config":\{"optimizer":\{"type":"adamw","lr":0\.001,"weight_decay":0\.05\},' -- "$app" -m --cfg --json optimizer=sgd,adamw
expect "-m --explain labels each point" 0 '^# \[2/2\] epochs=2$' -- "$app" -m --explain epochs=1,2
expect "-m --explain gives each point's origins" 0 '^epochs = 2  # override 1 "epochs=2"$' -- "$app" -m --explain epochs=1,2
expect "-m --hash prints a fingerprint and the overrides a point" 0 '^4 ok$' -- bash -c "'$app' -m --hash optimizer.lr=0.1,0.01 epochs=1,2 | grep -Ec '^[0-9a-f]{16}  optimizer\.lr=0\.[01]+ epochs=[12]\$' | sed 's/\$/ ok/'"
expect "-m --hash gives each point's own fingerprint" 0 '^ok$' -- bash -c "[[ \"\$('$app' -m --hash epochs=1,2 | sed -n 2p)\" == \"\$('$app' --hash epochs=2)  epochs=2\" ]] && echo ok"
expect "-m --hash reports an invalid point, exit 2" 2 '^\[2/3\] override 1 "epochs=0": epochs: must be at least 1, got 0$' -- "$app" -m --hash epochs=1,0,3
expect "and prints the others" 2 '^[0-9a-f]{16}  epochs=3$' -- "$app" -m --hash epochs=1,0,3
expect "printing a multirun makes no run folder" 0 '^ok$' -- bash -c "mkdir printed && cd printed && '$app' -m --cfg epochs=1,2 >/dev/null && [[ ! -e runs ]] && echo ok"

expect "a run writes its folder" 0 "^trained 1/1 in $PWD/runs/[0-9a-f]{16}\$" -- "$app" --config base.json epochs=2
run=$(ls -d runs/*/ | head -1)
expect "the run folder holds config, overrides, origin and done" 0 '^config\.json done origin\.json overrides\.json trained\.txt $' -- bash -c "ls '$run' | tr '\n' ' '"
expect "overrides.json records the layers" 0 '"overrides": \["epochs=2"\]' -- cat "$run/overrides.json"
expect "origin.json records where values came from" 0 '"data\.batch_size": "base\.json:1:25"' -- cat "$run/origin.json"
expect "config.json is the resolved config" 0 '"epochs": 2' -- cat "$run/config.json"
expect "a run another process holds is left to it, exit 75: not done here" 75 'another process is running this config there, so it is not run here$' -- \
  flock "$run/.lock" "$app" --config base.json epochs=2
expect "and keeps its files" 0 '"overrides": \["epochs=2"\]' -- cat "$run/overrides.json"
expect "--run-dir chooses the folder" 0 "^trained 1/1 in $PWD/elsewhere/[0-9a-f]{16}\$" -- "$app" --run-dir elsewhere

expect "a multirun runs each point" 0 '\[4/4\] /.*/sweep/[0-9a-f]{16}: done' -- "$app" -m --run-dir sweep optimizer.lr=0.1,0.01 epochs=1,2
expect "the manifest has a line a point" 0 '^4$' -- bash -c "wc -l < sweep/multirun.jsonl"
# A multirun killed after its second point leaves done markers on the first two only.
for dir in $(sed -n '3,4p' sweep/multirun.jsonl | sed 's/.*"dir":"\([^"]*\)".*/\1/'); do rm "$dir/done" "$dir/trained.txt"; done
expect "a resumed multirun skips what is done" 0 '\[2/4\] /.*/sweep/[0-9a-f]{16}: done before, skipped' -- "$app" -m --run-dir sweep optimizer.lr=0.1,0.01 epochs=1,2
expect "and runs the rest" 0 '^4$' -- bash -c "ls sweep/*/trained.txt | wc -l"
expect "after resuming every point is done" 0 '^4$' -- bash -c "ls sweep/*/done | wc -l"
expect "a failing point is reported, the rest go on, exit 1" 1 '2 of 2 points failed' -- "$app" -m --run-dir failing data.root=/missing epochs=1,2
expect "a single run returns the job's status" 3 'the job returned 3' -- "$app" data.root=/missing

expect "a missing file is a config error" 2 '^nope\.json: cannot load: No such file or directory$' -- "$app" --config nope.json
expect "a bad file value names the file and path" 2 '^bad\.json:1:25: data\.batch_size: expected an integer, got the string "many"$' -- "$app" --config bad.json
expect "a bad override names the override" 2 '^override 1 "optimizr=adamw": optimizr: no field "optimizr" in TrainConfig; did you mean "optimizer"\?$' -- "$app" optimizr=adamw
expect "a broken rule names the value's origin" 2 '^override 1 "data\.batch_size=0": data\.batch_size: must be at least 1, got 0$' -- "$app" data.batch_size=0
expect "a broken rule from a file names the file" 2 '^bad2\.json:1:27: epochs: must be at least 1, got 0$' -- bash -c "printf '{\"data\": {}, \"epochs\":    0}' > bad2.json; '$app' --config bad2.json"
printf '{"data": {"batch_size": "many"}, "epochs": 0}' >two.json
expect_exact "a value that fails to read and rules that other values break, in one run" 2 \
  'two.json:1:25: data.batch_size: expected an integer, got the string "many"
override 2 "optimizr=adamw": optimizr: no field "optimizr" in TrainConfig; did you mean "optimizer"?
override 1 "optimizer.lr=-1": optimizer.lr: must be greater than 0, got -1
two.json:1:44: epochs: must be at least 1, got 0' -- "$app" --config two.json optimizer.lr=-1 optimizr=adamw
expect "an unknown preset" 2 '^--preset: unknown preset "quik" for TrainConfig; did you mean "quick"\?' -- "$app" --preset quik
expect "an unknown flag" 2 'The following argument was not expected: --frob; try --help' -- "$app" --frob
expect "a bad sweep" 2 'epochs' -- "$app" -m 'epochs=[1,2'
expect_exact "a former name and the field's name are one path" 2 \
  'override 2 "num_epochs=4": epochs: this path is also set by override 1 ("epochs=3"); give each path once' -- "$app" --cfg epochs=3 num_epochs=4
expect "so each point of such a sweep is refused, none run" 2 '^2 of 2 points failed$' -- "$app" -m --run-dir refused epochs=3,5 num_epochs=4
expect_exact "a list set whole after a change within it" 2 \
  'override 2 "data.augment=[\"jitter\"]": data.augment: this sets the value whole after override 1 ("data.augment[0]=crop") set data.augment[0] within it, which it would undo; give data.augment first' -- \
  "$app" --cfg 'data.augment[0]=crop' 'data.augment=["jitter"]'
expect_exact "an override that is not UTF-8 is named, its byte shown" 2 \
  'override 1 "data.root=\xe9": data.root: the value is not UTF-8 text (byte 0xe9 at offset 0); configs hold UTF-8 text only' -- \
  "$app" --cfg $'data.root=\xe9'
expect_exact "--json goes with --cfg" 2 '--json: --json prints the config as JSON with --cfg; write --cfg --json' -- "$app" --json
expect_exact "an empty --run-dir" 2 '--run-dir: expected a folder, got an empty path; leave --run-dir out for the default, runs' -- "$app" --run-dir ''
printf '{"epochs": 2}' > $'caf\xe9.json'
expect_exact "a file name that is not UTF-8 is refused before any run" 2 '--config: the path "caf\xe9.json" is not UTF-8 text (byte 0xe9 at offset 3); a run records it in JSON, which holds UTF-8 only: rename it' -- \
  "$app" --config $'caf\xe9.json' --run-dir not_utf8
expect "and makes no folder" 0 '^ok$' -- bash -c "[[ ! -e not_utf8 ]] && echo ok"

# YAML layers: read by extension, their errors and their values' origins with line and column.
printf 'epochs: 7\n' >exp.yaml
expect "a YAML layer is the origin of what it sets, with its line and column" 0 '^epochs = 7  # exp\.yaml:1:9$' -- "$app" --config exp.yaml --explain
printf 'data:\n  batch_size: 0\n' >rule.yaml
expect_exact "a broken rule from a YAML layer names where in it" 2 'rule.yaml:2:15: data.batch_size: must be at least 1, got 0' -- "$app" --config rule.yaml
expect "--config - reads stdin, YAML" 0 '^epochs = 6  # <stdin>:1:9$' -- bash -c "printf 'epochs: 6\n' | '$app' --config - --explain"
expect "and JSON, among other layers" 0 '^epochs = 8  # <stdin>:1:12$' -- bash -c "printf '{\"epochs\": 8}' | '$app' --config exp.yaml --config - --explain"
expect_exact "stdin is read once" 2 '--config: - (stdin) can be read once, and it is given 2 times; save the others to files' -- \
  "$app" --config - --config - --cfg
printf 'epochs: fast\n' >bad.yaml
expect_exact "a YAML layer's error has its line and column" 2 \
  'bad.yaml:1:9: epochs: expected an integer, got the string "fast"' -- "$app" --config bad.yaml

printf '{"num_epochs": 9}' >former.json
expect "a value read by its former name comes from its file" 0 '^epochs = 9  # former.json$' -- "$app" --config former.json --explain
former_warning='former.json:1:16: num_epochs: warning: "num_epochs" is the former name of "epochs"; it is read as "epochs", which is what glasses writes'
expect_exact "a file's key read by its former name is said on stderr" 0 "$former_warning" -- \
  bash -c "'$app' --config former.json --hash >/dev/null"
expect_exact "once in a multirun, not at every point" 0 "$former_warning" -- \
  bash -c "'$app' --config former.json -m epochs=1,2 --hash >/dev/null"
expect_exact "and beside the problems of a file that fails" 2 "$former_warning
override 1 \"epochs=x\": epochs: expected an integer, got the string \"x\"" -- "$app" --config former.json epochs=x --hash

# Launchers: -m --launcher local runs the program on each point's config file, here.
expect "a launcher needs -m" 2 '^--launcher: a launcher runs the points of a multirun; add -m, e.g. -m lr=0.1,0.01 --launcher local$' -- \
  "$app" --launcher local epochs=3
expect "-m --launcher local runs every point" 0 'point by point: 2 of 2 points succeeded$' -- \
  "$app" -m epochs=1,2 --launcher local --run-dir launched
expect_exact "into the run folders a plain -m would use" 0 2 -- bash -c 'ls launched/[0-9a-f]*/done | wc -l'
expect "the sweep folder holds the points and the script" 0 'manifest.jsonl' -- bash -c 'ls launched/sweep-*/'
expect_exact "a launched run folder records its point's override, as a plain -m does" 0 1 -- \
  bash -c "grep -l '\"overrides\": \\[\"epochs=2\"\\]' launched/[0-9a-f]*/overrides.json | wc -l"
expect_exact "and where each value came from" 0 1 -- bash -c "grep -l '\"epochs\": \"override 1 \\\\\"epochs=2\\\\\"\"' launched/[0-9a-f]*/origin.json | wc -l"
expect_exact "and the job sees its index among the points" 0 'trained 2/2' -- bash -c "cat launched/[0-9a-f]*/output.log | grep -o 'trained 2/2'"

expect_exact "a run folder named with a placeholder keeps its name" 0 1 -- \
  bash -c "'$app' -m epochs=1 --launcher local --run-dir 'r{dir}' >/dev/null && ls 'r{dir}'/[0-9a-f]*/config.json | wc -l"

# Hydra's command line: lists of bare words, sweep functions, and a sweep's value refused in one run.
expect "a list of bare words" 0 '^    augment: \["flip", "crop"\]' -- "$app" 'data.augment=[flip, crop]' --cfg
expect_exact "range() sweeps" 0 'f087d9935b39d53a  epochs=1
015d1d05b7427dd9  epochs=2' -- "$app" -m 'epochs=range(1,3)' --hash
expect_exact "a sweep's value in one run is refused" 2 \
  "override 1 \"data.root=/a,/b\": data.root: \"/a,/b\" are a sweep's choices, which one run cannot take; sweep them (-m, or a tool's sweep subcommand), or write the text in single quotes: '/a,/b'" -- \
  "$app" data.root=/a,/b --cfg
expect "a label holding a line break is quoted, one line a point" 0 '^[0-9a-f]{16}  "data\.root=a\\u000ab"$' -- "$app" -m --hash $'data.root=a\nb,c'

# An object merged in is the origin of the values it sets, not of those it keeps.
printf '{"data": {"root": "/r"}}\n' >root.json
expect "an object override keeps the file's values their origin" 0 '^data\.root = "/r"  # root\.json:1:19$' -- \
  "$app" --config root.json 'data={"batch_size": 8}' --explain
expect "and is the origin of what it names" 0 '^data\.batch_size = 8  # override 1' -- "$app" --config root.json 'data={"batch_size": 8}' --explain
expect "a value an earlier override set keeps that override as its origin" 0 '^data\.batch_size = 3  # override 1 "data\.batch_size=3"$' -- \
  "$app" data.batch_size=3 'data={root: /x}' --explain
expect "an object that changes a type is the origin of the new type's values" 0 '^optimizer\.momentum = 0\.9  # override 1' -- \
  "$app" --config exp.json 'optimizer={type: sgd}' 'optimizer.lr=0.5' --explain
printf '{"optimizer": {"type": "adamw", "weight_decay": -1}}\n' >decay.json
expect_exact "so a broken rule names the file, not the override" 2 'decay.json:1:49: optimizer.weight_decay: must be at least 0, got -1' -- \
  "$app" --config decay.json 'optimizer={"type": "adamw"}'

# Flags that another makes pointless are refused.
expect_exact "two flags that print" 2 '--cfg: --cfg and --hash each print instead of running; give one of --cfg, --explain and --hash' -- \
  "$app" --cfg --hash
expect_exact "a printing flag with a launcher" 2 '--launcher: --hash prints the points instead of running them, so nothing is launched; leave out --hash or --launcher' -- \
  "$app" -m --hash epochs=1 --launcher nonsense
expect_exact "a launcher's setting without a launcher" 2 '--sbatch: it applies when a launcher runs the points; add --launcher slurm (after -m in an app), or leave it out' -- \
  "$app" -m epochs=1,2 --sbatch x
expect_exact "and one the local launcher does not use" 2 '--parallel: --launcher local does not use it (it runs one point at a time, here); --launcher slurm or k8s does. Leave it out, or launch with that' -- \
  "$app" -m epochs=1,2 --launcher local --parallel 2

# --help: another type's default, and a former name.
expect "--help says a float's bounds both ways" 0 '^  optimizer\.momentum +number >= 0, < 1 +0\.9 +momentum$' -- "$app" --help
expect_exact "--schema takes no layer, which would change nothing" 2 '--schema: --schema prints the schema of the config type, which no preset, file or override changes; leave out --config' -- \
  "$app" --schema --config nosuch.json epochs=abc
expect_exact "nor --json" 2 '--schema: --schema prints the config type'\''s schema instead of running, so --json beside it would do nothing; give one of them' -- "$app" --schema --json
expect "Hydra's hydra/launcher" 2 "Hydra's own settings are flags here" -- "$app" hydra/launcher=slurm
expect_exact "nor another printing flag" 2 '--schema: --schema prints the config type'\''s schema instead of running, so --hash beside it would do nothing; give one of them' -- "$app" --schema --hash
expect_exact "Hydra's --cfg job" 2 '--cfg: --cfg takes no argument here: it prints the resolved config, as Hydra'\''s --cfg job does; leave out "job"' -- "$app" --cfg job
expect "Hydra's --config-name" 2 "Hydra's --config-name is --config FILE here, a file by its path \(repeatable, later files over earlier ones\); try --help\$" -- \
  "$app" --config-name exp
expect "Hydra's hydra.run.dir" 2 "^override 1 \"hydra.run.dir=out\": hydra: no field \"hydra\" in TrainConfig.*; Hydra's own settings are flags here: --run-dir DIR for the run folders, -m with --launcher local\|slurm\|k8s for a sweep's\$" -- \
  "$app" hydra.run.dir=out
printf 'optimizer:\n  type: adamw\n  weight_decay: 0.1\n' >held_base.yaml
printf 'optimizer:\n  lr: 0.01\n' >held_exp.yaml
expect_exact "a later file's object without its type sets fields of the type held, as in Hydra" 0 'optimizer.type = "adamw"  # held_base.yaml:2:9
optimizer.lr = 0.01  # held_exp.yaml:2:7
optimizer.weight_decay = 0.1  # held_base.yaml:3:17' -- \
  bash -c "'$app' --config held_base.yaml --config held_exp.yaml --explain | grep '^optimizer'"
printf 'optimizer:\n  type: sgd\n  lr: 0.3\n' >sgd_layer.yaml
printf 'optimizer:\n  type: adamw\n' >adamw_layer.yaml
expect "a file that changes a type is the origin of the new type's values" 0 '^optimizer\.lr = 0\.001  # adamw_layer\.yaml$' -- \
  "$app" --config sgd_layer.yaml --config adamw_layer.yaml --explain
printf 'optimizer: adamw\n' >adamw_named.yaml
expect "a file that names the type held keeps the values' origins" 0 '^optimizer\.weight_decay = 0\.1  # held_base\.yaml:3:17$' -- \
  "$app" --config held_base.yaml --config adamw_named.yaml --explain
expect "and is the origin of the type" 0 '^optimizer\.type = "adamw"  # adamw_named\.yaml:1:12$' -- \
  "$app" --config held_base.yaml --config adamw_named.yaml --explain
printf '{"data": {}}' >empty_data.json
expect "{} sets no value" 0 '^data\.batch_size = 64  # default$' -- "$app" --config empty_data.json --explain
expect "nor does an override of {}" 0 '^data\.batch_size = 64  # default$' -- "$app" 'data={}' --explain
expect "--help says another type's default" 0 '^  optimizer\.lr +number > 0 +0\.1 +learning rate \(adamw: default 0\.001\)$' -- "$app" --help
expect "--help of a former name" 0 '^num_epochs is a former name: it reads as epochs$' -- "$app" --help num_epochs

# Each multirun adds its lines to the manifest, with its start; the earlier ones stay.
"$app" -m --run-dir twice epochs=1,2 >/dev/null 2>&1
"$app" -m --run-dir twice epochs=3 >/dev/null 2>&1
expect_exact "a second multirun appends" 0 3 -- bash -c "grep -c '^{\"started\":\"20[0-9-]*T[0-9:.]*Z\",\"index\":' twice/multirun.jsonl"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
