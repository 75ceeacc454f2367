#!/usr/bin/python3
"""glasses against its Python peers, in one run, reported as ratios.

usage: bench/python_peers.py BUILD_DIR      (BUILD_DIR configured with -DGLASSES_BUILD_BENCH=ON)
       bench/python_peers.py BUILD_DIR --zoo    (the zoo's builds only: any BUILD_DIR with glasses)

Runs with Debian's python3 (python3-torch, python3-torchvision, python3-omegaconf):
  - models: building resnet50 and a resnet18 forward on 1x3x224x224, one thread each
    (bench_nn against torchvision);
  - zoo: building mobilenet_v3_small, efficientnet_b0, convnext_tiny, regnet_y_400mf and
    regnet_x_400mf, each in a fresh process
    with one thread (`glasses build`'s build_seconds against the torchvision constructor);
  - configs: round-tripping the ResNet-50 classifier config of bench/bench_configs.hpp
    (bench_config against dataclasses + json and OmegaConf).
"""
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import time
import typing

import torch
import torchvision
from omegaconf import OmegaConf


def median_seconds(function, repeats, number=1):
    """CPU time, as bench_nn and bench_config report: a busy machine's waits count for neither."""
    function()  # warm up
    times = []
    for _ in range(repeats):
        start = time.process_time()
        for _ in range(number):
            function()
        times.append((time.process_time() - start) / number)
    return statistics.median(times)


def google_benchmark(binary):
    out = subprocess.run([binary, "--benchmark_format=json", "--benchmark_repetitions=5",
                          "--benchmark_report_aggregates_only=true"],
                         check=True, capture_output=True, text=True).stdout
    return {b["run_name"].split("/")[0]: b["cpu_time"] * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
            for b in json.loads(out)["benchmarks"] if b.get("aggregate_name") == "median"}


ZOO_BUILDS = ["mobilenet_v3_small", "efficientnet_b0", "convnext_tiny", "regnet_y_400mf", "regnet_x_400mf"]
TORCHVISION_BUILD = ("import sys, time, torch, torchvision; torch.set_num_threads(1); "
                     "build = getattr(torchvision.models, sys.argv[1]); start = time.perf_counter(); build(); "
                     "print(time.perf_counter() - start)")


def first_build_seconds(command, read, repeats=5):
    """The median of `repeats` fresh processes' build time, each building one model on one
    thread: glasses builds one model a process, so torchvision's side builds one too."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    return statistics.median(read(subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout)
                             for _ in range(repeats))


def zoo_rows(build):
    """Building each of ZOO_BUILDS, glasses against torchvision, target 1.0."""
    rows = []
    for name in ZOO_BUILDS:
        ours = first_build_seconds([f"{build}/glasses", "build", name, "--input", "1,3,32,32", "--json"],
                                   lambda out: json.loads(out)["build_seconds"])
        theirs = first_build_seconds([sys.executable, "-c", TORCHVISION_BUILD, name], float)
        rows.append((f"build {name} (1 thread, fresh process)", ours, theirs, 1.0))
    return rows


@dataclasses.dataclass
class ResNetConfig:
    depths: typing.List[int] = dataclasses.field(default_factory=lambda: [3, 4, 6, 3])
    widths: typing.List[int] = dataclasses.field(default_factory=lambda: [256, 512, 1024, 2048])
    block: str = "bottleneck"
    drop_path: float = 0.1
    zero_init_residual: bool = False
    deep_stem: bool = False
    in_channels: int = 3
    stem_width: int = 64
    groups: int = 1
    width_per_group: int = 64


@dataclasses.dataclass
class ClassifierConfig:
    backbone: ResNetConfig = dataclasses.field(default_factory=ResNetConfig)
    num_classes: int = 1000
    dropout: float = 0.2
    head: str = "linear"


def main():
    build = sys.argv[1]
    torch.set_num_threads(1)
    rows = zoo_rows(build)
    if sys.argv[2:] == ["--zoo"]:
        return report(rows)

    cpp = google_benchmark(f"{build}/bench/bench_nn")
    python_build = median_seconds(lambda: torchvision.models.resnet50(), repeats=7)
    model = torchvision.models.resnet18().eval()
    images = torch.randn(1, 3, 224, 224)
    with torch.no_grad():
        python_forward = median_seconds(lambda: model(images), repeats=15)
    rows.append(("build resnet50 (1 thread)", cpp["build_resnet50"], python_build, 1.0))
    rows.append(("resnet18 forward 1x3x224x224 (1 thread)", cpp["resnet18_forward"], python_forward, 1.1))

    cpp_config = google_benchmark(f"{build}/bench/bench_config")
    # Like for like: the config exists before a dump is timed, JSON text is read once, and
    # OmegaConf, which reads and writes YAML, is set against glasses' YAML.
    config = ClassifierConfig()
    text = json.dumps(dataclasses.asdict(config))

    def from_json():
        fields = json.loads(text)
        return ClassifierConfig(**{**fields, "backbone": ResNetConfig(**fields["backbone"])})

    dataclasses_dump = median_seconds(lambda: json.dumps(dataclasses.asdict(config)), 7, 2000)
    dataclasses_parse = median_seconds(from_json, 7, 2000)
    schema = OmegaConf.structured(ClassifierConfig)
    yaml_text = OmegaConf.to_yaml(schema)
    omegaconf_parse = median_seconds(lambda: OmegaConf.merge(schema, OmegaConf.create(yaml_text)), 7, 200)
    rows.append(("dump vs dataclasses + json.dumps", cpp_config["dump_glasses"], dataclasses_dump, None))
    rows.append(("parse vs json.loads + dataclass", cpp_config["parse_glasses"], dataclasses_parse, None))
    rows.append(("parse_yaml vs OmegaConf.merge(structured, create)", cpp_config["parse_yaml_glasses"],
                 omegaconf_parse, None))

    return report(rows)


def report(rows):
    """Prints each row's times and ratio; 1 when a ratio misses its target."""
    print(f"torch {torch.__version__}, torchvision {torchvision.__version__}")
    print(f"{'work':48} {'glasses':>11} {'python':>11} {'ratio':>8} {'target':>7}")
    missed = False
    for what, ours, theirs, target in rows:
        ratio = ours / theirs
        ok = target is None or ratio <= target
        missed |= not ok
        unit = 1e3 if ours > 1e-4 else 1e6
        label = "ms" if unit == 1e3 else "us"
        print(f"{what:48} {ours * unit:8.3f} {label} {theirs * unit:8.3f} {label} {ratio:8.3f} "
              f"{'' if target is None else '<=' + str(target):>7} {'' if ok else 'MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
