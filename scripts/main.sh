#!/usr/bin/env bash
# The main job: builds glasses and runs it on the embedded resnet50 preset: shows the
# config, round-trips it through JSON, builds the model and counts its parameters; then the
# glasses command (glasses::tool, the app layer) writes the preset as YAML and reads it back.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DGLASSES_BUILD_EXAMPLES=ON >/dev/null
cmake --build build --target 02_nested_backbone glasses_cli
(cd build/example && ./02_nested_backbone)
echo
echo "Through the glasses command (the app layer), as YAML:"
build/glasses show resnet50 --yaml > build/resnet50.yaml
head -4 build/resnet50.yaml
build/glasses diff resnet50 build/resnet50.yaml && echo "read back from YAML: equal to the preset"
