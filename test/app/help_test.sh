#!/usr/bin/env bash
# --help of a config with records in containers: each element's fields, under PATH[*] for
# a list's elements and PATH.* for a map's values, and records named by their type.
# usage: help_test.sh HELP_APP
set -uo pipefail
app=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../expect.sh"
enter_scratch_dir

expect_exact "--help lists the fields of the elements of lists and maps" 0 'usage: help_app [--preset NAME] [--config FILE]... [PATH=VALUE]... [--cfg [--json]] [--explain] [--schema] [--hash] [-m [--launcher local|slurm|k8s]] [--run-dir DIR]

fields of HelpConfig:
  PATH             TYPE                                   DEFAULT                                          DOC
  stages           list of Stage                          [{"depth":2,"drop":0.1},{"depth":4,"drop":0.1}]
  stages[*].depth  integer >= 1                           2                                                blocks in the stage
  stages[*].drop   number                                 0.1
  heads            map of Stage                           {}
  heads.*.depth    integer >= 1                           2                                                blocks in the stage
  heads.*.drop     number                                 0.1
  extra            Stage or null                          null
  extra.depth      integer >= 1                           2                                                blocks in the stage
  extra.drop       number                                 0.1
  augment          list of one of "crop", "flip" or null  [{"type":"flip","p":0.5}]
  augment[*].size  integer                                224                                              (crop)
  augment[*].p     number                                 0.5                                              (flip)
  sizes            map of list of integer                 {}

PATH[*] is each element of a list, PATH.* each value of a map: set one as stages[0].depth=VALUE or heads.NAME.depth=VALUE' -- "$app" --help
expect "--help PATH takes in the elements' fields" 0 '^  stages\[\*\]\.drop +number +0\.1$' -- "$app" --help stages

echo "help: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
