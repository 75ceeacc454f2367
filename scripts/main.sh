#!/usr/bin/env bash
# The main job: builds glasses and runs its walkthrough over the embedded default config.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DGLASSES_BUILD_EXAMPLES=ON >/dev/null
cmake --build build --target 01_basic_config
cd build/example && ./01_basic_config
