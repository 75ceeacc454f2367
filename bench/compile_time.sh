#!/usr/bin/env bash
# Compile time, like for like: the same 10 configs written to JSON text, read back and
# written again, with glasses (also with docs and constraints on every field, which parse then
# checks), with Boost.JSON's own value_from/value_to, and with glaze
# (C++23; its headers from GLAZE_INCLUDE, default ../shared/peers/glaze-5.5.0/include,
# left out when absent). g++ -O2 -c, median user CPU time of N runs (CPU time, not wall
# time, so that a busy machine disturbs it less).
# With --instructions, each unit is compiled once under valgrind and the compiler's executed
# instructions are counted instead (billions): the same on every run, whatever else the
# machine does, at about 40 times the time.
# With --headers (after N or --instructions), it measures instead what including a header
# costs, with one described config: <glasses/config.hpp>, <glasses/config/base.hpp>, only
# print.hpp and equal.hpp, and boost/json/value.hpp alone.
#   bench/compile_time.sh [N | --instructions] [--headers]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
glaze_include=${GLAZE_INCLUDE:-../shared/peers/glaze-5.5.0/include}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
instructions() {  # COMMAND...: what cc1plus executed, in billions
  local out
  out=$(mktemp -d)
  valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$out/cg.%p" "$@" 2>&1 >/dev/null |
    awk '/Collected/ {print $4}' | sort -n | tail -1 | awk '{printf "%.3f\n", $1 / 1e9}'
  rm -rf "$out"
}
measure() {  # UNIT STANDARD [FLAGS...]
  local unit=$1 standard=$2
  shift 2
  local compile=(g++ -std="$standard" -O2 -Iinclude -Ibench/compile "$@" -c "$unit" -o /dev/null)
  if [[ $runs == --instructions ]]; then
    instructions "${compile[@]}"
    return
  fi
  for _ in $(seq "$runs"); do
    /usr/bin/time -f %U "${compile[@]}" 2>&1 >/dev/null | tail -1
  done | median
}
if [[ ${2:-} == --headers ]]; then
  config=$(measure bench/compile/header_config.cpp c++20)
  base=$(measure bench/compile/header_base.cpp c++20)
  print_equal=$(measure bench/compile/header_print_equal.cpp c++20)
  json_value=$(measure bench/compile/header_json_value.cpp c++20)
  unit=s
  [[ $runs == --instructions ]] && unit="G instructions"
  echo "glasses/config.hpp:        ${config} $unit"
  echo "glasses/config/base.hpp:   ${base} $unit"
  echo "print.hpp + equal.hpp:     ${print_equal} $unit"
  echo "boost/json/value.hpp only: ${json_value} $unit"
  awk -v c="$config" -v b="$base" -v p="$print_equal" -v v="$json_value" 'BEGIN {
    printf "base / config: %.2f, print+equal / config: %.2f, value.hpp alone / config: %.2f\n", b / c, p / c, v / c }'
  exit 0
fi
glasses=$(measure bench/compile/round_trip_glasses.cpp c++20)
rules=$(measure bench/compile/round_trip_glasses.cpp c++20 -DGLASSES_BENCH_FIELD_RULES)
boost=$(measure bench/compile/round_trip_boost.cpp c++20)
unit=s
[[ $runs == --instructions ]] && unit="G instructions"
echo "glasses unit:              ${glasses} $unit"
echo "glasses unit, field rules: ${rules} $unit"
awk -v r="$rules" -v g="$glasses" 'BEGIN { printf "with rules / without: %.2f (target <= 1.2)\n", r / g }'
echo "Boost value_from/value_to: ${boost} $unit"
awk -v g="$glasses" -v b="$boost" 'BEGIN { printf "glasses / Boost: %.2f (target <= 0.4)\n", g / b }'
if [[ -d "$glaze_include" ]]; then
  glaze=$(measure bench/compile/round_trip_glaze.cpp c++23 -I"$glaze_include")
  echo "glaze unit:                ${glaze} $unit"
  awk -v g="$glasses" -v z="$glaze" 'BEGIN { printf "glasses / glaze: %.2f (target <= 0.3)\n", g / z }'
else
  echo "glaze: not found at $glaze_include (set GLAZE_INCLUDE); left out"
fi
