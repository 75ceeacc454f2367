#!/usr/bin/env bash
# Installs everything glasses needs on Debian bookworm, as root (or through sudo).
#   scripts/install-deps.sh          core, torch layer, CLI, tests, benchmarks, Python peers
#   scripts/install-deps.sh --core   only what the torch-free core and its tests need
set -euo pipefail

core=(g++ cmake ninja-build
      libboost1.81-dev libboost-json1.81-dev libboost-test1.81-dev libyaml-cpp-dev)
full=(libtorch-dev libcli11-dev libbenchmark-dev nlohmann-json3-dev
      python3 python3-torch python3-torchvision python3-jsonschema python3-omegaconf
      clang-14 libclang-rt-14-dev libfuzzer-14-dev
      slurmctld slurmd slurm-client munge)

packages=("${core[@]}")
[[ "${1:-}" == "--core" ]] || packages+=("${full[@]}")

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "glasses: installed ${#packages[@]} Debian packages"
