#!/usr/bin/env bash
# Compile time of a unit that uses glasses on 10 configs, against one that only includes
# boost/json.hpp and boost/describe.hpp with the same configs. g++ -O2, median user CPU
# time of N runs (CPU time, not wall time, so that a busy machine disturbs it less).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {
  for _ in $(seq "$runs"); do
    /usr/bin/time -f %U g++ -std=c++20 -O2 -Iinclude -Ibench/compile -c "$1" -o /dev/null 2>&1 >/dev/null | tail -1
  done | median
}
glasses=$(measure bench/compile/glasses_tu.cpp)
baseline=$(measure bench/compile/baseline_tu.cpp)
echo "glasses unit:  ${glasses} s"
echo "baseline unit: ${baseline} s"
awk -v g="$glasses" -v b="$baseline" 'BEGIN { printf "ratio: %.2f (target <= 2.5)\n", g / b }'
