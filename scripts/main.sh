#!/usr/bin/env bash
# The main job: builds glasses and runs it on the embedded resnet50 preset: shows the
# config, round-trips it through JSON, builds the model and counts its parameters.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DGLASSES_BUILD_EXAMPLES=ON >/dev/null
cmake --build build --target 02_nested_backbone
cd build/example && ./02_nested_backbone
