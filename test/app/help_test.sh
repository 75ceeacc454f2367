#!/usr/bin/env bash
# --help of a config with records in containers: each element's fields, under PATH[*] for
# a list's elements and PATH.* for a map's values, and records named by their type.
# usage: help_test.sh HELP_APP
set -uo pipefail
app=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../expect.sh"
enter_scratch_dir

expect_exact "--help lists the fields of the elements of lists and maps" 0 'usage: help_app [--preset NAME] [--config FILE]... [PATH=VALUE]... [--cfg [--json|--yaml]] [--explain] [--schema] [--hash] [-m [--launcher local|slurm|k8s]] [--run-dir DIR]

options:
  --preset NAME         start from a registered preset of HelpConfig
  --config FILE         a config file layered on, in order (repeatable; - for stdin)
  -h, --help [PATH]     list the config'\''s fields (or those below PATH)
  --cfg                 print the resolved config and exit
  --json                with --cfg: print it as JSON
  --yaml                with --cfg: print it as YAML, docs as comments (a file --config reads)
  --schema              print the config'\''s JSON Schema and exit
  --hash                print the resolved config'\''s fingerprint and exit
  --explain             print every value with where it came from and exit
  -m, --multirun        run once for each point of the comma lists'\'' grid
  --run-dir DIR         where run folders go (default runs)
  --launcher NAME       run the points with local, slurm (an array job) or k8s (an Indexed Job)
  --parallel COUNT      at most this many points at once (default: no limit)
  --sbatch OPTIONS      more sbatch options, e.g. "--time=01:00:00 --gres=gpu:1"
  --job-name NAME       slurm and k8s: the job'\''s name (default: glasses-FOLDER-HASH, one per sweep folder)
  --image IMAGE         k8s: the container image that holds the program
  --volume-claim CLAIM  k8s: the persistent volume claim that holds the sweep and run folders

fields of HelpConfig:
  PATH             TYPE                                     DEFAULT                                          DOC
  stages           list of Stage                            [{"depth":2,"drop":0.1},{"depth":4,"drop":0.1}]
  stages[*].depth  integer >= 1                             2                                                blocks in the stage
  stages[*].drop   number                                   0.1
  heads            map of Stage                             {}
  heads.*.depth    integer >= 1                             2                                                blocks in the stage
  heads.*.drop     number                                   0.1
  extra            Stage or null                            null
  extra.depth      integer >= 1                             2                                                blocks in the stage
  extra.drop       number                                   0.1
  augment          list of (one of "crop", "flip" or null)  [{"type":"flip","p":0.5}]
  augment[*].size  integer                                  224                                              (crop)
  augment[*].p     number                                   0.5                                              (flip)
  sizes            map of list of integer                   {}
  port             integer >= 0, <= 65535                   8080

PATH[*] is each element of a list, PATH.* each value of a map: set one as stages[0].depth=VALUE or heads.NAME.depth=VALUE' -- "$app" --help
expect "--help PATH takes in the elements' fields" 0 '^  stages\[\*\]\.drop +number +0\.1$' -- "$app" --help stages
expect "--help of an element's field, as an override writes it" 0 '^  stages\[\*\]\.depth +integer >= 1 +2 +blocks in the stage$' -- "$app" --help 'stages[0].depth'
expect "--help of a map's key" 0 '^2 rows$' -- bash -c "'$app' --help heads.a | grep -c '^  heads\.\*\.' | sed 's/\$/ rows/'"
expect_exact "--help of a path that is not there" 2 '--help: no field path "nope"; --help alone lists them all' -- "$app" --help nope

# Layered files: a map in a later file replaces the earlier one's, and says which keys it drops.
printf 'heads:\n  a: {depth: 3}\n  b: {depth: 5}\nsizes:\n  x: [1]\n' >base.yaml
printf 'heads:\n  b: {depth: 6}\n' >exp.yaml
printf '{"sizes": {"y": [2]}, "heads": {"a": {"depth": 3}, "b": {"depth": 5}}}' >exp.json
expect_exact "a later file's map drops an earlier file's keys, and says so" 0 \
  'exp.yaml: heads: warning: a map in a later file replaces the whole map, so it drops "a" (from base.yaml); repeat it in exp.yaml to keep it' -- \
  bash -c "'$app' --config base.yaml --config exp.yaml --hash >/dev/null"
expect_exact "each dropped key with where it came from" 0 \
  'exp.json: sizes: warning: a map in a later file replaces the whole map, so it drops "x" (from base.yaml:5:6); repeat it in exp.json to keep it' -- \
  bash -c "'$app' --config base.yaml --config exp.json --hash >/dev/null"
expect_exact "so the config holds the later file's keys alone" 0 '{"b":{"depth":6,"drop":0.1}}' -- \
  bash -c "'$app' --config base.yaml --config exp.yaml --cfg --json 2>/dev/null | tr -d ' \n' | grep -o '\"heads\":{[^}]*}}' | cut -c9-"
printf 'heads: {}\n' >clear.yaml
expect_exact "{} drops every key without a warning" 0 "" -- bash -c "'$app' --config base.yaml --config clear.yaml --hash >/dev/null"
expect_exact "an override's map drops a file's keys, and says so (Hydra would merge it)" 0 \
  'override 1 "heads={b:{depth:6}}": heads: warning: a map an override gives replaces the whole map, so it drops "a" (from base.yaml); to keep it, set only the keys that change, heads.KEY=VALUE' -- \
  bash -c "'$app' --config base.yaml 'heads={b:{depth:6}}' --hash >/dev/null"
expect_exact "a key set by its path drops nothing" 0 "" -- bash -c "'$app' --config base.yaml 'heads.b.depth=6' --hash >/dev/null"
printf 'heads: {x: {}, x2: {}}\n' >keys.yaml
printf 'heads: {x: {}}\n' >fewer.yaml
expect "{} that makes a key of defaults is where its values come from" 0 '^heads\.x2\.depth = 2  # keys\.yaml:1:20$' -- \
  "$app" --config keys.yaml --explain
expect_exact "so dropping that key is said too" 0 \
  'fewer.yaml: heads: warning: a map in a later file replaces the whole map, so it drops "x2" (from keys.yaml:1:20); repeat it in fewer.yaml to keep it' -- \
  bash -c "'$app' --config keys.yaml --config fewer.yaml --hash >/dev/null"
expect_exact "a file over the defaults says nothing" 0 "" -- \
  bash -c "'$app' --config exp.yaml --hash >/dev/null"

echo "help: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
