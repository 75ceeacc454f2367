#!/usr/bin/env bash
# Builds everything and runs the whole test suite with CTest.
#   scripts/test.sh              the release build, in build/
#   scripts/test.sh --sanitize   the suite under AddressSanitizer and UBSan, built with clang 14
#                                so that the core is checked with both compilers, in
#                                build-sanitize/ (the CMake packaging tests are left out there:
#                                they build their own uninstrumented consumers)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
if [[ "${1:-}" == "--sanitize" ]]; then
  shift
  # The LibTorch layer is left out: an instrumented LibTorch is not available, and its
  # tests would take most of CI's time under ASan. The core, where all parsing is, is covered.
  cmake -S . -B build-sanitize -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DGLASSES_SANITIZE=ON -DGLASSES_BUILD_NN=OFF \
        -DGLASSES_BUILD_TESTS=ON -DGLASSES_BUILD_EXAMPLES=ON "$@"
  cmake --build build-sanitize -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-sanitize --output-on-failure -j "$jobs" -E "^cmake_|^compile_fail"
  exit
fi
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DGLASSES_BUILD_TESTS=ON -DGLASSES_BUILD_EXAMPLES=ON "$@"
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
