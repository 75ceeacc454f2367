#!/usr/bin/env bash
# What a job's status becomes: an exit status 1 to 255 passes on as is, any other failure
# exits 1 (a status of 256 would reach the shell as 0), and only success leaves `done`.
# usage: status_test.sh STATUS_APP
set -uo pipefail
app=$1
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../expect.sh"
enter_scratch_dir

expect "a status of 7 is the exit status" 7 'the job returned 7$' -- "$app" status=7
expect "a status of 256 is a failure, exit 1" 1 'the job returned 256$' -- "$app" status=256
expect "a negative status is a failure, exit 1" 1 'the job returned -1$' -- "$app" status=-1
expect_exact "a run that failed is not done" 0 0 -- bash -c 'ls runs/*/done 2>/dev/null | wc -l'
expect "points that return 256 fail the multirun" 1 '^2 of 2 points failed$' -- "$app" -m status=256,512
expect "so do the points of a launcher" 1 '0 of 2 points succeeded$' -- "$app" -m status=256,512 --launcher local --run-dir launched
expect_exact "and none of them is done" 0 0 -- bash -c 'ls launched/*/done 2>/dev/null | wc -l'

# A rerun that fails takes back the done of the run before it, so a multirun runs it again.
expect "a run succeeds" 0 '' -- "$app" tag=b
expect_exact "and is done" 0 1 -- bash -c 'ls runs/*/done | wc -l'
expect "its rerun fails" 9 'the job returned 9$' -- env STATUS_APP_FAIL=9 "$app" tag=b
expect_exact "and the folder is no longer done" 0 0 -- bash -c 'ls runs/*/done 2>/dev/null | wc -l'
expect "a multirun runs the point again" 0 '\[1/2\] /.*/runs/[0-9a-f]{16}: done$' -- "$app" -m tag=b,c

# A point that is done keeps the files its own run wrote.
before=$(cat runs/*/overrides.json | sort | md5sum)
expect "a skipped point" 0 'done before, skipped' -- "$app" -m tag=b,c status=0
expect_exact "leaves every run folder's overrides.json as it was" 0 "$before" -- bash -c 'cat runs/*/overrides.json | sort | md5sum'

# Equal points share a run folder, which a launcher starts once.
expect "equal points are launched once" 0 'equal points share a run folder: 1 of the 2 points are launched' -- \
  "$app" -m tag=x,x --launcher local --run-dir twice
expect "and the one ran" 0 '1 of 1 point succeeded$' -- "$app" -m tag=y,y --launcher local --run-dir twice

# What cannot be written is a one-line error, exit 2, never an abort.
touch afile
expect "a run folder under a file" 2 "^$work/afile/sweep-[0-9a-f]{8}/origins: cannot create the sweep folder: \"$work/afile\" is a file, where a folder goes; move it away, or choose another place\$" -- \
  "$app" -m tag=x,y --launcher slurm --run-dir afile

# A config that another process is running (flock holds its folder's lock) is not run here,
# and that is no success: exit 75, so that a launcher's script does not mark it done.
mkdir -p "held/$("$app" --hash tag=h)" "held/$("$app" --hash tag=i)"
expect_exact "a run held elsewhere exits 75" 75 "$work/held/$("$app" --hash tag=h): another process is running this config there, so it is not run here" -- \
  flock "held/$("$app" --hash tag=h)/.lock" "$app" tag=h --run-dir held
expect "a multirun that met one exits 75 too" 75 '^1 of 2 points running in another process, not here; run the multirun again once it ends, to run what it left undone$' -- \
  flock "held/$("$app" --hash tag=h)/.lock" "$app" -m tag=h,i --run-dir held
expect_exact "and its line says so" 0 '"running elsewhere"' -- bash -c "grep -o '\"running elsewhere\"' held/multirun.jsonl"
expect "a launcher's point held elsewhere did not succeed, and says why" 1 'point 0: another process is running it, so it did not run here' -- \
  flock "held/$("$app" --hash tag=h)/.lock" "$app" -m tag=h --launcher local --run-dir held
expect_exact "and is not done" 1 "" -- test -e "held/$("$app" --hash tag=h)/done"

# A file where a point's folder goes fails that point, and the others run.
echo junk >"in_the_way_$("$app" --hash tag=j)"
mkdir -p way && mv in_the_way_* "way/$("$app" --hash tag=j)"
expect_exact "a file in a point's place fails the point, not the multirun" 1 "[1/2] $work/way/$("$app" --hash tag=j): cannot create the run folder: \"$work/way/$("$app" --hash tag=j)\" is a file, where a folder goes; move it away, or choose another place
[2/2] $work/way/$("$app" --hash tag=k): done
1 of 2 points failed" -- "$app" -m tag=j,k --run-dir way

# Points of one config share a folder: the first runs it, the others say so.
expect_exact "an equal point is not run again" 1 "[1/2] $work/equal/$("$app" --hash tag=e): failed
[2/2] $work/equal/$("$app" --hash tag=e): the same config as [1/2], not run again (failed)
2 of 2 points failed" -- bash -c "set -o pipefail; STATUS_APP_FAIL=3 '$app' -m tag=e,e --run-dir equal 2>&1 | grep -v 'the job returned'"

# A multirun killed while it wrote a line leaves it cut: the next one starts a new line.
"$app" -m tag=c --run-dir cut >/dev/null 2>&1
printf '{"started":"x","ind' >>cut/multirun.jsonl
"$app" -m tag=d --run-dir cut >/dev/null 2>&1
expect_exact "the next multirun's line is whole" 0 '["tag=d"]' -- bash -c "tail -n 1 cut/multirun.jsonl | grep -o '\[\"tag=d\"\]'"

# A run folder is the program's that made it: another program of the same config type (an
# eval beside a train) in the same --run-dir would skip its run as done, or write over it.
"$app" tag=p --run-dir shared >/dev/null 2>&1
cp "$app" other_app
expect_exact "another program's run folder is refused" 2 "$work/shared/$("$app" --hash tag=p): this run folder holds a run of \"status_app\" with the same config, and this program is \"other_app\"; programs that share --run-dir would skip or write over each other's runs: give this one its own, e.g. --run-dir '$work/shared/other_app'" -- \
  ./other_app tag=p --run-dir shared
expect_exact "and so is one a launcher would skip as done, before anything is written" 2 "$work/shared/$("$app" --hash tag=p): this run folder holds a run of \"status_app\" with the same config, and this program is \"other_app\"; programs that share --run-dir would skip or write over each other's runs: give this one its own, e.g. --run-dir '$work/shared/other_app'" -- \
  ./other_app -m tag=p --launcher local --run-dir shared
expect_exact "and a multirun's point there ran nowhere, so compare lists the run as it was" 0 'path  tag=p
0 paths differ, 2 the same in the one run' -- bash -c "./other_app -m tag=p --run-dir shared >/dev/null 2>&1; '$app' tool compare shared"
ln -s "$app" link_app
expect "a link to the program is the same program" 0 '' -- ./link_app tag=p --run-dir shared
expect "a Slurm folder that an #SBATCH line cannot hold, before any file" 2 'choose another folder$' -- \
  "$app" -m tag=x,y --launcher slurm --run-dir 'q"uote'
expect_exact "and nothing was written" 1 "" -- test -e 'q"uote'
expect "bash missing from PATH" 2 '^--launcher local: cannot start bash to run ".*/sweep.sbatch": No such file or directory; is bash on PATH\?$' -- \
  env PATH=/nonexistent "$(command -v "$app" || echo "$app")" -m tag=p,q --launcher local --run-dir nobash
expect "--parallel takes no number past its type" 2 "got \"99999999999999999999999\"; try --help\$" -- "$app" -m tag=x,y --launcher slurm --parallel 99999999999999999999999
expect_exact "--parallel takes no negative number" 2 'status_app: --parallel: expected a count of points (0: no limit), got "-1"; try --help' -- \
  "$app" -m tag=x,y --launcher slurm --parallel -1

# A tool compares the runs the app left: a multirun's points by their overrides, each run
# folder once (a point that ran again is one run), and single runs by their folders.
"$app" -m tag=x,y --run-dir cmp >/dev/null 2>&1
"$app" -m tag=y,z --run-dir cmp >/dev/null 2>&1
expect_exact "compare reads a multirun's run folder" 0 'path  tag=x  tag=y  tag=z
tag   "x"    "y"    "z"
1 path differs, 1 the same in all 3 runs' -- "$app" tool compare cmp
"$app" tag=p --run-dir single >/dev/null 2>&1
"$app" tag=q --run-dir single >/dev/null 2>&1
echo notes >single/notes.txt
expect_exact "and single runs' folders by their overrides, saying what it skips" 0 'tool: compare: skipped "single/notes.txt", which is no config
path  tag=p  tag=q
tag   "p"    "q"
1 path differs, 1 the same in all 2 runs' -- "$app" tool compare single
"$app" tag=w --run-dir cmp >/dev/null 2>&1
expect_exact "a multirun's folder lists the runs beside its points" 0 'path  tag=x  tag=y  tag=z  tag=w
tag   "x"    "y"    "z"    "w"
1 path differs, 1 the same in all 4 runs' -- "$app" tool compare cmp
"$app" -m tag=x,y --run-dir cmp2 >/dev/null 2>&1
expect_exact "runs of one name in two folders are told apart by their folders" 0 'path  tag=x [cmp]  tag=y [cmp]  tag=z  tag=w  tag=x [cmp2]  tag=y [cmp2]
tag   "x"          "y"          "z"    "w"    "x"           "y"
1 path differs, 1 the same in all 6 runs' -- "$app" tool compare cmp cmp2

# Two runs of one name (one override, two files) are told apart by their folders; a run
# folder alone is its config; a line cut by a killed multirun says what to do.
"$app" -m status=0 --run-dir dup >/dev/null 2>&1
printf '{"tag": "q"}' >q.json
"$app" --config q.json -m status=0 --run-dir dup >/dev/null 2>&1
expect_exact "runs of one name are told apart" 0 'path  status=0 [036eb816939e0243]  status=0 [d496d2b2f2fb6e7c]
tag   "a"                          "q"
1 path differs, 1 the same in all 2 runs' -- "$app" tool compare dup
expect_exact "a run folder is its config" 0 'path  status=0
0 paths differ, 2 the same in the one run' -- "$app" tool compare dup/036eb816939e0243/
printf '{"started":"x","index":0,"overrides":["tag=z"],"dir":"/nowh' >>dup/multirun.jsonl
expect_exact "a cut last line" 2 'tool: dup/multirun.jsonl: 1 error
  line 3: expected a multirun'\''s point, {"overrides": [...], "dir": ...}, got "{\"started\":\"x\",\"index\":0,\"overrides\":[\"tag=z\"],\"dir\":\"/nowh"; a process killed while it wrote the line leaves it cut: delete it' -- \
  "$app" tool compare dup

# A point whose last run failed says so; one that failed and then ran again does not.
STATUS_APP_FAIL=3 "$app" -m tag=f,g --run-dir failing >/dev/null 2>&1
"$app" -m tag=g --run-dir failing >/dev/null 2>&1
expect_exact "compare marks a run that failed" 0 'path  tag=f (failed)  tag=g
tag   "f"             "g"
1 path differs, 1 the same in all 2 runs' -- "$app" tool compare failing

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
