#!/usr/bin/env bash
# glasses::tool end to end, through example/06_own_command: a user's config with its own
# registered backbone and preset gets presets, show, diff, compare, validate, set, sweep,
# schema and hash, each checked for its exact output and exit status, with an error path
# for each.
# usage: tool_test.sh OWN_COMMAND
set -uo pipefail
tool=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../expect.sh"
enter_scratch_dir
name=$(basename "$tool")

expect "--help lists the tool's subcommands" 0 '^  compare +the paths that differ across configs, with each one.s value$' -- "$tool" --help
expect "--help's examples name the program" 0 "^  $name sweep CONFIG path=a,b -o sweep/\$" -- "$tool" --help
expect "--help names the config type" 0 '^  schema +print the JSON Schema of ExperimentConfig$' -- "$tool" --help
expect_exact "no subcommand" 2 "$name: A subcommand is required
Run \`$name --help\` for the subcommands and examples." -- "$tool"
expect_exact "an unknown subcommand suggests" 2 "$name: unknown subcommand \"shwo\"; did you mean \"show\"?; the subcommands are \"presets\", \"show\", \"diff\", \"compare\", \"validate\", \"set\", \"sweep\", \"schema\", \"hash\"
Run \`$name --help\` for examples." -- "$tool" shwo tiny

expect_exact "presets lists the user's presets" 0 'tiny' -- "$tool" presets
expect_exact "presets --json gives each config and fingerprint" 0 '[
  {
    "name": "tiny",
    "config": {
      "backbone": {
        "type": "conv",
        "widths": [32, 64],
        "kernel": 3
      },
      "num_classes": 2,
      "lr": 0.1
    },
    "fingerprint": "545ff8683156554b"
  }
]' -- "$tool" presets --json
expect_exact "presets takes no argument" 2 "$name: The following argument was not expected: tiny
Run \`$name --help\` for the subcommands and examples." -- "$tool" presets tiny

expect_exact "show prints the tree, the registered backbone inside" 0 'ExperimentConfig
  backbone: ConvConfig
    widths: [32, 64]
    kernel: 3
  num_classes: 2
  lr: 0.1' -- "$tool" show tiny
expect_exact "show --json" 0 '{
  "backbone": {
    "type": "conv",
    "widths": [32, 64],
    "kernel": 3
  },
  "num_classes": 10,
  "lr": 0.1
}' -- bash -c "echo '{}' | '$tool' show - --json"
expect "show reads stdin" 0 '^  num_classes: 3$' -- bash -c "echo '{\"num_classes\": 3}' | '$tool' show -"
expect_exact "an unknown preset suggests" 2 "$name: no preset or file named \"tin\"; did you mean \"tiny\"?" -- "$tool" show tin
echo '{"num_classes": 7}' >tiny
expect_exact "a file named like a preset is neither, silently" 2 "$name: \"tiny\" names both a preset and a file in this folder; write ./tiny for the file, or rename it to read the preset" -- "$tool" show tiny
expect "./ reads the file" 0 '^  num_classes: 7$' -- "$tool" show ./tiny
rm tiny
mkdir tiny
expect "a folder named like a preset leaves the preset be" 0 '^  num_classes: 2$' -- "$tool" show tiny
rmdir tiny
expect_exact "a missing file" 2 "$name: cannot open \"missing.json\": no such file" -- "$tool" show missing.json
expect_exact "unreadable JSON on stdin" 2 "$name: <stdin>:1:2: invalid JSON (syntax error) at \"nope\"" -- \
  bash -c "echo '{nope' | '$tool' show -"
expect_exact "stdin that does not open as JSON is YAML" 2 "$name: <stdin>:2:5: lr: expected a number, got the string \"fast\"" -- \
  bash -c "printf '# run\\nlr: fast\\n' | '$tool' show -"
expect_exact "empty stdin" 2 "$name: <stdin>: 1 error
  the text is empty, or only white space: a JSON config is an object, {} at the least" -- bash -c "'$tool' show - </dev/null"

expect_exact "set writes a file" 0 'wrote a.json (27533fcf82402a77)' -- "$tool" set tiny lr=0.01 -o a.json
echo weights >model.safetensors
expect_exact "set never writes text over a checkpoint" 2 "$name: set -o \"model.safetensors\": set writes a config as text (JSON, or YAML for .yaml and .yml), which would replace a checkpoint's weights; write -o run.json, and load the weights into the model it builds" -- \
  "$tool" set tiny lr=0.01 -o model.safetensors
expect_exact "which is as it was" 0 weights -- cat model.safetensors
expect_exact "set writes to stdout" 0 '{
  "backbone": {
    "type": "conv",
    "widths": [16],
    "kernel": 3
  },
  "num_classes": 2,
  "lr": 0.1
}' -- "$tool" set tiny 'backbone.widths=[16]'
expect_exact "set --json -o" 0 '{
  "file": "b.json",
  "fingerprint": "904f8bb6fe1a493b"
}' -- "$tool" set tiny 'backbone.widths=[16]' -o b.json --json
expect_exact "set names a misspelt field of the backbone" 2 "$name: overrides: 1 error
  backbone.kernl: no field \"kernl\" in ConvConfig; did you mean \"kernel\"?" -- "$tool" set tiny backbone.kernl=5
expect_exact "set checks the backbone's rules" 2 "$name: overrides: 1 error
  backbone.kernel: must be at least 1, got 0" -- "$tool" set tiny backbone.kernel=0
expect "set lists the registered backbones" 2 '^  backbone\.type: unknown type "mlp"; expected one of "conv"\.' -- "$tool" set tiny backbone=mlp
expect_exact "set needs an override" 2 "$name: OVERRIDE is required
Run \`$name --help\` for the subcommands and examples." -- "$tool" set tiny

expect_exact "diff lists the changes, exit 1" 1 'lr: 0.1 -> 0.01' -- "$tool" diff tiny a.json
expect_exact "diff of equal configs, exit 0" 0 '' -- "$tool" diff tiny tiny
expect_exact "diff --json" 1 '[
  {
    "path": "backbone.widths",
    "change": "changed",
    "before": [32, 64],
    "after": [16]
  }
]' -- "$tool" diff tiny b.json --json
expect_exact "diff needs two configs" 2 "$name: B is required
Run \`$name --help\` for the subcommands and examples." -- "$tool" diff tiny

printf '{"lr": "fast",\n "backbone": {"type": "conv", "kernel": 0}}\n' >bad.json
expect_exact "validate accepts a good file" 0 'a.json: ok' -- "$tool" validate a.json
expect_exact "validate prints every error with its file and path, exit 2" 2 'a.json: ok
bad.json:1:8: lr: expected a number, got the string "fast"
bad.json:2:41: backbone.kernel: must be at least 1, got 0' -- "$tool" validate a.json bad.json
expect_exact "validate --json" 2 '[
  {
    "file": "bad.json",
    "valid": false,
    "issues": [
      {
        "path": "lr",
        "message": "expected a number, got the string \"fast\"",
        "line": 1,
        "column": 8
      },
      {
        "path": "backbone.kernel",
        "message": "must be at least 1, got 0",
        "line": 2,
        "column": 41
      }
    ],
    "warnings": []
  }
]' -- "$tool" validate bad.json --json
# A key read by its former name is read, and said: on stderr, or in validate's report.
printf '{"backbone": {"type": "conv",\n  "kernel_size": 5}}\n' >renamed.json
renamed_warning='renamed.json:2:18: backbone.kernel_size: warning: "kernel_size" is the former name of "kernel"; it is read as "kernel", which is what glasses writes'
expect_exact "validate says a former name's warning, and the file is valid" 0 "$renamed_warning
renamed.json: ok" -- "$tool" validate renamed.json
expect_exact "validate --json lists the warnings" 0 '[
  {
    "file": "renamed.json",
    "valid": true,
    "issues": [],
    "warnings": [
      {
        "path": "backbone.kernel_size",
        "message": "\"kernel_size\" is the former name of \"kernel\"; it is read as \"kernel\", which is what glasses writes",
        "line": 2,
        "column": 18
      }
    ]
  }
]' -- "$tool" validate renamed.json --json
expect_exact "show reads a former name, and warns on stderr" 0 "$name: $renamed_warning
5" -- bash -c "'$tool' show renamed.json --json | grep -o '\"kernel\": [0-9]*' | grep -o '[0-9]*\$'"
expect_exact "set by a former name warns on stderr, and sets the field" 0 "$name: overrides: backbone.kernel: warning: \"kernel_size\" is the former name of \"kernel\"; it sets \"kernel\"
7" -- bash -c "'$tool' set tiny backbone.kernel_size=7 --json | grep -o '\"kernel\":[0-9]*' | grep -o '[0-9]*\$'"
expect_exact "a sweep by a former name warns once" 0 "$name: overrides: backbone.kernel: warning: \"kernel_size\" is the former name of \"kernel\"; it sets \"kernel\"" -- \
  bash -c "'$tool' sweep tiny backbone.kernel_size=3,5 -o renamed_sweep >/dev/null"
expect_exact "and a former name in a later point's value warns too" 0 "$name: overrides: backbone.kernel_size: warning: \"kernel_size\" is the former name of \"kernel\"; it is read as \"kernel\", which is what glasses writes" -- \
  bash -c "'$tool' sweep tiny 'backbone={type:conv,kernel:3},{type:conv,kernel_size:5}' -o renamed_later >/dev/null"
expect_exact "stdin's warning names <stdin>" 0 "$name: <stdin>:2:18: backbone.kernel_size: warning: \"kernel_size\" is the former name of \"kernel\"; it is read as \"kernel\", which is what glasses writes" -- \
  bash -c "'$tool' hash - <renamed.json >/dev/null"
expect_exact "validate accepts a preset" 0 'tiny: ok' -- "$tool" validate tiny
expect_exact "stdin is read once" 2 "$name: - (stdin) can be read once, and an earlier CONFIG argument read it; save one of the configs to a file, e.g. \`$name show - --json > a.json\`" -- \
  bash -c "echo '{}' | '$tool' diff - -"
touch plainfile
expect_exact "a sweep into a file's place names that path" 2 "$name: plainfile: 1 error
  cannot create the sweep folder: \"plainfile\" is a file, where a folder goes; move it away, or choose another place" -- "$tool" sweep tiny lr=0.1,0.2 -o plainfile
ln -s nowhere dangling
expect_exact "a sweep folder that is a link to nothing says so" 2 "$name: dangling: 1 error
  cannot create the sweep folder: \"dangling\" is a link to \"nowhere\", which is not there; make that folder, or remove the link" -- \
  "$tool" sweep tiny lr=0.1,0.2 -o dangling
expect_exact "validate of a missing file" 2 'missing.json: cannot load: No such file or directory' -- "$tool" validate missing.json

expect_exact "sweep writes the grid" 0 'wrote 4 configs and manifest.jsonl to grid' -- "$tool" sweep tiny lr=0.1,0.01 'backbone.widths=[8],[16,32]' -o grid
expect_exact "sweep's manifest: a line a point" 0 '{"overrides":["lr=0.1","backbone.widths=[8]"],"file":"grid/ee303dc3ee605be3.json","fingerprint":"ee303dc3ee605be3"}
{"overrides":["lr=0.1","backbone.widths=[16,32]"],"file":"grid/cc558c0abc4533b0.json","fingerprint":"cc558c0abc4533b0"}
{"overrides":["lr=0.01","backbone.widths=[8]"],"file":"grid/0e0bba6cd2d3b0ce.json","fingerprint":"0e0bba6cd2d3b0ce"}
{"overrides":["lr=0.01","backbone.widths=[16,32]"],"file":"grid/8092afd89e17e74e.json","fingerprint":"8092afd89e17e74e"}' -- cat grid/manifest.jsonl
expect_exact "sweep's files are named by fingerprint" 0 '{
  "backbone": {
    "type": "conv",
    "widths": [8],
    "kernel": 3
  },
  "num_classes": 2,
  "lr": 0.01
}' -- cat grid/0e0bba6cd2d3b0ce.json
expect_exact "sweep --json prints the manifest" 0 '{"overrides":["num_classes=3"],"file":"one/072302c386b14751.json","fingerprint":"072302c386b14751"}' -- "$tool" sweep tiny num_classes=3 -o one --json
expect_exact "a failing sweep point is named" 2 "$name: sweep point 2 of 2 (backbone.kernel=0): 1 error
  backbone.kernel: must be at least 1, got 0" -- "$tool" sweep tiny backbone.kernel=2,0 -o bad_grid
expect_exact "a sweep that stops half-way leaves a manifest of what it wrote" 0 \
  '{"overrides":["backbone.kernel=2"],"file":"bad_grid/7d390013da1821d3.json","fingerprint":"7d390013da1821d3"}' -- cat bad_grid/manifest.jsonl
expect_exact "equal points share a file, and the count says so" 0 \
  'wrote 3 points as 2 config files (equal points share one) and manifest.jsonl to dup' -- "$tool" sweep tiny lr=0.1,0.2,0.1 -o dup
expect_exact "the points before it are written, and their manifest" 0 '7d390013da1821d3.json
manifest.jsonl' -- ls bad_grid
expect_exact "sweep needs a folder" 2 "$name: --output is required
Run \`$name --help\` for the subcommands and examples." -- "$tool" sweep tiny lr=1,2

expect_exact "compare presets and files" 0 'path             tiny     a.json   b.json
backbone.widths  [32,64]  [32,64]  [16]
lr               0.1      0.01     0.1
2 paths differ, 3 the same in all 3 runs' -- "$tool" compare tiny a.json b.json
expect_exact "compare a sweep's folder, runs named by their overrides" 0 'path             lr=0.1 backbone.widths=[8]  lr=0.1 backbone.widths=[16,32]  lr=0.01 backbone.widths=[8]  lr=0.01 backbone.widths=[16,32]
backbone.widths  [8]                         [16,32]                         [8]                          [16,32]
lr               0.1                         0.1                             0.01                         0.01
2 paths differ, 3 the same in all 4 runs' -- "$tool" compare grid
expect_exact "compare --csv" 0 'path,tiny,a.json,b.json
backbone.widths,"[32,64]","[32,64]",[16]
lr,0.1,0.01,0.1' -- "$tool" compare tiny a.json b.json --csv
expect_exact "compare --json" 0 '{
  "runs": ["a.json", "b.json"],
  "varying": [
    {
      "path": "backbone.widths",
      "values": [
        [32, 64],
        [16]
      ]
    },
    {
      "path": "lr",
      "values": [0.01, 0.1]
    }
  ],
  "constant": 3
}' -- "$tool" compare a.json b.json --json
cp a.json $'esc\e[31m.json' && cp b.json $'del\x7f.json' && cp a.json $'c1\xc2\x9b.json'
expect "compare quotes a name a terminal would act on: C0, DEL and C1 controls" 0 \
  '^path +"esc\\u001b\[31m\.json" +"del\\u007f\.json" +"c1\\u009b\.json"$' -- \
  "$tool" compare $'esc\e[31m.json' $'del\x7f.json' $'c1\xc2\x9b.json'
expect "compare --json leaves the escaping to JSON" 0 '^  "runs": \["esc\\u001b\[31m\.json", "b\.json"\],$' -- \
  "$tool" compare $'esc\e[31m.json' b.json --json
mkdir moved && cp grid/*.json moved/ && sed 's#"file":"grid/#"file":"elsewhere/#' grid/manifest.jsonl >moved/manifest.jsonl
expect "a moved sweep's folder finds its files beside the manifest" 0 '^2 paths differ, 3 the same in all 4 runs$' -- "$tool" compare moved
mkdir empty
expect_exact "compare of a folder without configs" 2 "$name: no configs in \"empty\": expected *.json, *.yaml or *.yml files, run folders (each with its config.json), a sweep's manifest.jsonl or an app's multirun.jsonl" -- "$tool" compare empty
printf '{"epochs": 3}\n' >other.json
expect_exact "compare names a file of another type" 2 "$name: other.json:1:12: epochs: unknown key in ExperimentConfig; its keys are \"backbone\", \"num_classes\", \"lr\"" -- "$tool" compare a.json other.json
mkdir broken && printf '{"file": "x.json"}\n' >broken/manifest.jsonl
expect_exact "compare of a broken manifest names its line" 2 "$name: broken/manifest.jsonl: 1 error
  line 1: expected a sweep point, {\"overrides\": [...], \"file\": ...}, got \"{\\\"file\\\": \\\"x.json\\\"}\"" -- "$tool" compare broken

expect_exact "hash prints the fingerprint" 0 '545ff8683156554b' -- "$tool" hash tiny
expect_exact "hash of a file is that of its config" 0 '27533fcf82402a77' -- "$tool" hash a.json
expect_exact "hash --json" 0 '{
  "fingerprint": "545ff8683156554b"
}' -- "$tool" hash tiny --json
expect_exact "hash of a bad file" 2 "$name: bad.json:1:8: lr: expected a number, got the string \"fast\"
bad.json:2:41: backbone.kernel: must be at least 1, got 0" -- "$tool" hash bad.json

expect "schema is JSON Schema" 0 '^  "\$schema": "https://json-schema\.org/draft/2020-12/schema",$' -- "$tool" schema
expect "schema's slot lists the registered backbone" 0 '^          "enum": \["conv"\]$' -- "$tool" schema --json
expect_exact "schema takes no config" 2 "$name: The following argument was not expected: tiny
Run \`$name --help\` for the subcommands and examples." -- "$tool" schema tiny

# YAML: written by set -o x.yaml and show --yaml, with docs as comments; read by every subcommand.
expect_exact "set writes YAML for a .yaml file" 0 "wrote run.yaml (9d6200d27bb12794)" -- "$tool" set tiny lr=0.5 -o run.yaml
expect_exact "show --yaml prints the docs as comments" 0 "backbone:
  type: conv
  widths: [32, 64]
  # kernel size
  kernel: 3
num_classes: 2
lr: 0.5" -- "$tool" show run.yaml --yaml
expect_exact "a YAML file has the fingerprint of its JSON twin" 0 "9d6200d27bb12794" -- "$tool" hash run.yaml
expect_exact "diff reads YAML" 1 "lr: 0.1 -> 0.5" -- "$tool" diff tiny run.yaml
printf 'lr: fast\n' >bad.yaml
expect_exact "a YAML error has its line and column" 2 \
  'bad.yaml:1:5: lr: expected a number, got the string "fast"' -- "$tool" validate bad.yaml
expect "validate --json gives a YAML issue's line and column" 2 '^ *"line": 1,$' -- "$tool" validate bad.yaml --json
expect "validate --json gives a YAML issue's column" 2 '^ *"column": 5$' -- "$tool" validate bad.yaml --json

# Launchers: sweep --run runs each point here; --launcher slurm writes the array job.
expect "sweep --run runs every point here" 0 '^ran .*/sw/sweep.sbatch here, point by point: 2 of 2 points succeeded$' -- \
  "$tool" sweep tiny lr=0.1,0.2 -o sw --run "cp {config} copy.json"
expect_exact "each point ran in its run folder and is done" 0 4 -- bash -c 'ls sw/runs/*/copy.json sw/runs/*/done | wc -l'
expect "a sweep again with another command runs the points again" 0 '^point 1: done before by another command; running this one$' -- \
  "$tool" sweep tiny lr=0.1,0.2 -o sw --run "cp {config} again.json"
expect_exact "so each point has the new command's output" 0 2 -- bash -c "ls sw/runs/*/again.json | wc -l"
expect "and the same command again skips them" 0 '^point 1: .*/done exists; skipped$' -- \
  "$tool" sweep tiny lr=0.1,0.2 -o sw --run "cp {config} again.json"
expect "a program that marks its run done itself, as an app does" 0 ': 2 of 2 points succeeded$' -- \
  "$tool" sweep tiny lr=0.1,0.2 -o sw_app --run "cp {config} app.json && : >done"
expect_exact "leaves the command's own done" 0 2 -- bash -c 'for d in sw_app/runs/*/; do [[ -s $d/done ]] && echo "$d"; done | wc -l'
expect "so another command runs its points again" 0 '^point 1: done before by another command; running this one$' -- \
  "$tool" sweep tiny lr=0.1,0.2 -o sw_app --run "cp {config} other.json"
expect_exact "a Slurm job name that an #SBATCH line cuts is refused" 2 "$name: --job-name: 1 error
  expected a job name of letters, digits, '-', '_' and '.': sbatch reads an #SBATCH line's value up to a space, and # starts a comment, got \"my \\\"big\\\" job #1\"; e.g. --job-name my-big-job-1" -- \
  "$tool" sweep tiny lr=0.1,0.2 -o sw_named --launcher slurm --run "train {config}" --job-name 'my "big" job #1'
expect_exact "a Kubernetes job name is a lowercase label" 2 "$name: --job-name: 1 error
  expected a job name of at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit, as Kubernetes names a Job's pods, got \"Train_Run\"; e.g. --job-name train-run" -- \
  "$tool" sweep tiny lr=0.1,0.2 -o sw_named --launcher k8s --run "train {config}" --image i --volume-claim c --job-name Train_Run
expect "a suggested Kubernetes name is one" 2 'e\.g\. --job-name a$' -- \
  "$tool" sweep tiny lr=0.1,0.2 -o sw_named --launcher k8s --run "train {config}" --image i --volume-claim c --job-name=-a
expect "a failing point fails the sweep" 1 ': 0 of 2 points succeeded$' -- "$tool" sweep tiny lr=0.1,0.2 -o sw_fail --run "false {config}"
expect "--launcher slurm writes the array job" 0 "^submit with: sbatch $work/sw_slurm/sweep.sbatch\$" -- \
  "$tool" sweep tiny lr=0.1,0.2,0.3 -o sw_slurm --launcher slurm --parallel 2 --run "train {config}"
expect "its header" 0 '^#SBATCH --array=0-2%2$' -- cat sw_slurm/sweep.sbatch
expect "an array beyond Slurm's default MaxArraySize gets a note" 0 \
  '^note: the array.s 1002 points run as indices 0-1001, beyond Slurm.s default MaxArraySize of 1001 \(indices up to 1000\)' -- \
  "$tool" sweep tiny 'num_classes=range(1,1003)' -o sw_big --launcher slurm --run "train {config}"
expect_exact "and 1001 points get none" 1 0 -- bash -c \
  "'$tool' sweep tiny 'num_classes=range(1,1002)' -o sw_1001 --launcher slurm --run 'train {config}' | grep -c '^note:'"
expect_exact "--launcher slurm needs --run" 2 "$name: sweep --launcher slurm needs --run \"COMMAND\": what each point runs, with {config} where its config file goes, e.g. --run \"train --config {config}\"" -- \
  "$tool" sweep tiny lr=0.1,0.2 -o sw_none --launcher slurm
expect_exact "a misspelt launcher writes nothing" 2 "$name: --launcher: 1 error
  expected local, slurm or k8s, got \"slrum\"; did you mean \"slurm\"?" -- \
  "$tool" sweep tiny lr=0.1,0.2 -o sw_none --launcher slrum --run "train {config}"
expect_exact "k8s needs an image and a claim, before any file" 2 "$name: --launcher k8s: 1 error
  the job needs --image (a container image with the program) and --volume-claim (a persistent volume claim that holds the sweep folder and the run folders)" -- \
  "$tool" sweep tiny lr=0.1,0.2 -o sw_none --launcher k8s --run "train {config}"
expect "a Slurm folder that an #SBATCH line cannot hold, before any file" 2 'choose another folder$' -- \
  "$tool" sweep tiny lr=0.1,0.2 -o 'sw_"none"' --launcher slurm --run "train {config}"
expect_exact "nothing was written for the refused sweeps" 1 "" -- test -e sw_none -o -e 'sw_"none"'

expect "--launcher k8s writes an Indexed Job" 0 '^submit with: kubectl apply -f .*/sw_k8s/sweep.k8s.yaml$' -- \
  "$tool" sweep tiny lr=0.1,0.2 -o sw_k8s --launcher k8s --run "train {config}" --image registry/train:1 --volume-claim runs
expect "its completions" 0 '^  completions: 2$' -- cat sw_k8s/sweep.k8s.yaml

# What a launcher would drop, and output that scripts read.
expect_exact "a launcher's setting without a launcher is refused" 2 "$name: --parallel: 1 error
  it applies when a launcher runs the points; add --launcher slurm or k8s (after -m in an app), or leave it out" -- \
  "$tool" sweep tiny lr=1,2 -o sw_dropped --parallel 3
expect_exact "and one the launcher does not use" 2 "$name: --image: 1 error
  --launcher slurm does not use it; --launcher k8s does. Leave it out, or launch with that" -- \
  "$tool" sweep tiny lr=1,2 -o sw_dropped --launcher slurm --run "train {config}" --image foo
expect_exact "sweep -o ''" 2 "$name: sweep -o: expected the folder for the configs, got an empty path" -- "$tool" sweep tiny lr=1 -o ''
expect_exact "sweep --json with a launcher prints JSON lines only" 0 '{"overrides":["lr=0.1"],"file":"sw_json/545ff8683156554b.json","fingerprint":"545ff8683156554b"}
{"overrides":["lr=0.1"],"file":"sw_json/545ff8683156554b.json","fingerprint":"545ff8683156554b"}' -- \
  bash -c "'$tool' sweep tiny lr=0.1,0.1 -o sw_json --launcher slurm --run 'train {config}' --json 2>/dev/null"
expect_exact "and so does a local run" 0 '{"overrides":["lr=0.1"],"file":"sw_json2/545ff8683156554b.json","fingerprint":"545ff8683156554b"}' -- \
  bash -c "'$tool' sweep tiny lr=0.1 -o sw_json2 --run 'cat {config}' --json 2>/dev/null"
expect_exact "--run is shell text: placeholders in quotes, and a # comment" 0 "seed=0 in 'runs'" -- \
  bash -c "'$tool' sweep tiny lr=0.1 -o sw_shell --run \"echo seed='{index}' in \\\"'\\\$(basename \\\"\\\$(dirname {dir})\\\")'\\\"; : {config} # don't forget\" >/dev/null && cat sw_shell/runs/*/output.log"

expect_exact "--run runs as in a plain shell: an unset variable is empty, a pipe's status its last command's" 0 "[]
piped" -- \
  bash -c "unset GLASSES_UNSET; '$tool' sweep tiny lr=0.1 -o sw_unset --run ': {config}; echo \"[\${GLASSES_UNSET}]\"; false | echo piped' >/dev/null && cat sw_unset/runs/*/output.log"

# Hydra's sweep functions.
expect_exact "range() and choice() are sweeps" 0 'wrote 4 configs and manifest.jsonl to sw_range' -- \
  "$tool" sweep tiny 'lr=range(0.1, 0.3, 0.1)' 'backbone.widths=choice([8], [16, 32])' -o sw_range
expect_exact "each a point, in order" 0 '{"overrides":["lr=0.1","backbone.widths=[8]"],"file":"sw_range/ee303dc3ee605be3.json","fingerprint":"ee303dc3ee605be3"}
{"overrides":["lr=0.1","backbone.widths=[16, 32]"],"file":"sw_range/cc558c0abc4533b0.json","fingerprint":"cc558c0abc4533b0"}
{"overrides":["lr=0.2","backbone.widths=[8]"],"file":"sw_range/7ebf87906f7dc7c7.json","fingerprint":"7ebf87906f7dc7c7"}
{"overrides":["lr=0.2","backbone.widths=[16, 32]"],"file":"sw_range/fc21f1d6e3da86cc.json","fingerprint":"fc21f1d6e3da86cc"}' -- cat sw_range/manifest.jsonl
expect_exact "a sweep's value given to one config" 2 "$name: overrides: 1 error
  lr: \"0.1,0.2\" are a sweep's choices, which one run cannot take; sweep them (-m, or a tool's sweep subcommand)" -- \
  "$tool" set tiny lr=0.1,0.2

echo "tool: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
