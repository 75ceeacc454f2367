#!/usr/bin/env bash
# Builds the libFuzzer targets with clang 14 and runs each for SECONDS (default 60) on a
# copy of its seed corpus. Exits non-zero on the first crash, leak or undefined behaviour.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGLASSES_FUZZ=ON >/dev/null
cmake --build build-fuzz
passed=0
for target in config_parse overrides safetensors_header yaml; do
  corpus=$(mktemp -d)
  cp test/fuzz/corpus/$target/* "$corpus"/
  echo "fuzz_$target: ${seconds} s"
  log=$(mktemp)
  if ! UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
      build-fuzz/test/fuzz/fuzz_$target "$corpus" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 \
      -print_final_stats=1 >"$log" 2>&1; then
    tail -60 "$log"
    echo "fuzz_$target FAILED"
    exit 1
  fi
  grep -E "^#[0-9]+.*DONE|stat::number_of_executed_units" "$log"
  rm -rf "$corpus" "$log"
  passed=$((passed + 1))
done
echo "fuzz: $passed passed, 0 failed"
