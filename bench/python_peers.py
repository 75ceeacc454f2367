#!/usr/bin/python3
"""glasses against its Python peers, in one run, reported as ratios.

usage: bench/python_peers.py BUILD_DIR      (BUILD_DIR configured with -DGLASSES_BUILD_BENCH=ON)
       bench/python_peers.py BUILD_DIR --zoo [PRESET ... | all]
                                            (the zoo's builds only: any BUILD_DIR with glasses)

Runs with Debian's python3 (python3-torch, python3-torchvision, python3-omegaconf):
  - models: building resnet50 and a resnet18 forward on 1x3x224x224, one thread each
    (bench_nn against torchvision);
  - zoo: building mobilenet_v3_small, efficientnet_b0, convnext_tiny, regnet_y_400mf and
    regnet_x_400mf (or the presets named, or all of them), each in a fresh process with one
    thread (`glasses build`'s build_seconds against the torchvision constructor);
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


def cpu_seconds(function, number):
    """CPU time of one call, averaged over `number` calls, as bench_nn and bench_config report
    it: a busy machine's waits count for neither side."""
    start = time.process_time()
    for _ in range(number):
        function()
    return (time.process_time() - start) / number


def google_benchmark_round(binary, names):
    """One run of each of the named benchmarks of a Google Benchmark binary: CPU seconds by name."""
    pattern = "^(" + "|".join(names) + ")(/.*)?$"
    out = subprocess.run([binary, "--benchmark_format=json", f"--benchmark_filter={pattern}"],
                         check=True, capture_output=True, text=True).stdout
    return {b["run_name"].split("/")[0]: b["cpu_time"] * {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
            for b in json.loads(out)["benchmarks"]}


def interleaved_rows(binary, rows, rounds):
    """Each row is (label, benchmark name, Python function, calls per measure, target). Round
    by round, the C++ benchmarks run once, then each Python function: a machine that slows
    down for a while slows both sides. Medians of the rounds. Like a benchmark's iterations,
    each measure follows a call of the same function: the allocator is then as warm as on
    the C++ side (a resnet50 build right after a resnet18 forward takes three times as long,
    as the forward leaves the heap trimmed)."""
    ours = [[] for _ in rows]
    theirs = [[] for _ in rows]
    for _ in range(rounds):
        cpp = google_benchmark_round(binary, [name for _, name, _, _, _ in rows])
        for i, (_, name, function, number, _) in enumerate(rows):
            ours[i].append(cpp[name])
            function()
            theirs[i].append(cpu_seconds(function, number))
    return [(label, statistics.median(ours[i]), statistics.median(theirs[i]), target)
            for i, (label, _, _, _, target) in enumerate(rows)]


ZOO_BUILDS = ["mobilenet_v3_small", "efficientnet_b0", "convnext_tiny", "regnet_y_400mf", "regnet_x_400mf"]
TORCHVISION_BUILD = ("import sys, time, torch, torchvision; torch.set_num_threads(1); "
                     "build = getattr(torchvision.models, sys.argv[1]); start = time.perf_counter(); build(); "
                     "print(time.perf_counter() - start)")


def zoo_rows(build, names, rounds=5):
    """Building each preset, glasses against torchvision, target 1.0: in each round, a fresh
    process of each side builds the model on one thread (glasses builds one model a process, so
    torchvision's side builds one too); the sides alternate, and the medians are compared."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

    def run(command):
        return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout

    rows = []
    for name in names:
        ours, theirs = [], []
        for _ in range(rounds):
            # A small input, but ViT takes only its image size.
            images = "1,3,224,224" if name.startswith("vit") else "1,3,32,32"
            ours.append(json.loads(run([f"{build}/glasses", "build", name, "--input", images, "--json"]))
                        ["build_seconds"])
            theirs.append(float(run([sys.executable, "-c", TORCHVISION_BUILD, name])))
        rows.append((f"build {name} (1 thread, fresh process)", statistics.median(ours), statistics.median(theirs),
                     1.0))
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
    if sys.argv[2:3] == ["--zoo"]:
        names = sys.argv[3:] or ZOO_BUILDS
        if names == ["all"]:
            names = subprocess.run([f"{build}/glasses", "presets"], check=True, capture_output=True,
                                   text=True).stdout.split()
        return report(zoo_rows(build, names))
    rows = zoo_rows(build, ZOO_BUILDS)

    model = torchvision.models.resnet18().eval()
    images = torch.randn(1, 3, 224, 224)

    def forward():
        with torch.no_grad():
            model(images)

    rows += interleaved_rows(f"{build}/bench/bench_nn", [
        ("build resnet50 (1 thread)", "build_resnet50", torchvision.models.resnet50, 3, 1.0),
        ("resnet18 forward 1x3x224x224 (1 thread)", "resnet18_forward", forward, 5, 1.1),
    ], rounds=5)

    # Like for like: the config exists before a dump is timed, JSON text is read once, and
    # OmegaConf, which reads and writes YAML, is set against glasses' YAML.
    config = ClassifierConfig()
    text = json.dumps(dataclasses.asdict(config))

    def from_json():
        fields = json.loads(text)
        return ClassifierConfig(**{**fields, "backbone": ResNetConfig(**fields["backbone"])})

    schema = OmegaConf.structured(ClassifierConfig)
    yaml_text = OmegaConf.to_yaml(schema)
    rows += interleaved_rows(f"{build}/bench/bench_config", [
        ("dump vs dataclasses + json.dumps", "dump_glasses", lambda: json.dumps(dataclasses.asdict(config)), 2000,
         None),
        ("parse vs json.loads + dataclass", "parse_glasses", from_json, 2000, None),
        ("parse_yaml vs OmegaConf.merge(structured, create)", "parse_yaml_glasses",
         lambda: OmegaConf.merge(schema, OmegaConf.create(yaml_text)), 200, None),
    ], rounds=7)
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
