#!/usr/bin/env bash
# A 4-point multirun of a glasses::app program on the one-node cluster of slurm_cluster.sh:
# submitted with sbatch, its 4 run folders checked, then submitted again, when nothing may
# run twice. Exits 77 (skipped) when the cluster could not start.
#   slurm_sweep.sh PROGRAM CLUSTER_DIR
set -uo pipefail
program=$(realpath "$1")
cluster=$(realpath -m "$2")
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../expect.sh"

if [[ -f $cluster/unavailable || ! -f $cluster/slurm.conf ]]; then
  echo "skipped: no Slurm cluster: $(cat "$cluster/unavailable" 2>/dev/null || echo "slurm_cluster.sh did not run")"
  exit 77
fi
export SLURM_CONF=$cluster/slurm.conf
# A folder with a space, which the script's #SBATCH lines and the printed command must quote.
enter_scratch_dir "${TMPDIR:-/tmp}/glasses slurm.XXXXXX"

# Submits the sweep's script and waits, at most 120 s, for the array to leave the queue;
# prints the job id.
submit_and_wait() {
  local job
  job=$(sbatch --parsable "$1") || return 1
  for _ in $(seq 240); do
    if [[ -z $(squeue --noheader --jobs="$job" 2>/dev/null) ]]; then
      echo "$job"
      return 0
    fi
    sleep 0.5
  done
  squeue --jobs="$job" >&2
  scancel "$job"
  return 1
}
count() { ls -d "$@" 2>/dev/null | wc -l; }
same_configs() {  # how many of the sweep's configs their run folder's config.json equals
  for f in "$1"/[0-9a-f]*.json; do cmp -s "$f" "runs/$(basename "$f" .json)/config.json" && echo same; done | wc -l
}
outputs_time() { stat -c %y runs/*/trained.txt | sort | tr '\n' ' '; }

expect "the app writes the sweep and says how to submit it" 0 "^submit with: sbatch '$work/runs/sweep-[0-9a-f]{8}/sweep.sbatch'\$" -- \
  "$program" -m epochs=1,2 optimizer=sgd,adamw --launcher slurm --parallel 2 --run-dir runs
sweep=$(ls -d runs/sweep-*)
expect "an array of 4 points, 2 at once" 0 '^#SBATCH --array=0-3%2$' -- cat "$sweep/sweep.sbatch"
expect_exact "4 configs and a manifest" 0 5 -- count "$sweep"/*.json "$sweep"/manifest.jsonl

job=$(submit_and_wait "$sweep/sweep.sbatch")
expect "sbatch runs the array within 120 s" 0 '' -- test -n "$job"
expect_exact "4 run folders, each done" 0 4 -- count runs/*/done
expect_exact "each holds the job's output" 0 4 -- count runs/*/trained.txt
expect_exact "each run folder's config is its point's" 0 4 -- same_configs "$sweep"
before=$(outputs_time)

job=$(submit_and_wait "$sweep/sweep.sbatch")
expect "the resubmitted array ends" 0 '' -- test -n "$job"
expect_exact "nothing ran again" 0 "$before" -- outputs_time
expect_exact "every task said it skipped" 0 4 -- bash -c "grep -l 'done exists; skipped' '$sweep'/logs/${job}_*.out | wc -l"

echo "slurm: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
