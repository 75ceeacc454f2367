#!/usr/bin/env bash
# Builds everything and runs the whole test suite with CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DGLASSES_BUILD_TESTS=ON -DGLASSES_BUILD_EXAMPLES=ON "$@"
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
