#!/usr/bin/env python3
"""Runs bench_config and prints each target as a ratio measured in the same run.

usage: bench/ratios.py BUILD/bench/bench_config [--repetitions N] [--glaze BUILD/bench/bench_glaze]
                      [--nn BUILD/bench/bench_nn]

With --glaze, bench_glaze's pairs (glasses and glaze on the same non-default config, rounds
interleaved at random) are run and reported too; with --nn, bench_nn's loading against
building, interleaved the same way.
"""
import argparse
import json
import subprocess
import sys

# (what, measured, baseline, target): measured/baseline must stay at or under target,
# or, for targets marked ">=", baseline/measured must reach it.
TARGETS = [
    ("dump vs hand-written Boost.JSON", "dump_glasses", "dump_boost_json_by_hand", "<=", 0.3),
    ("parse vs hand-written Boost.JSON", "parse_glasses", "parse_boost_json_by_hand", "<=", 0.8),
    ("parse speed-up over nlohmann::json", "parse_glasses", "parse_nlohmann", ">=", 3.0),
    ("parse from YAML vs from JSON", "parse_yaml_glasses", "parse_glasses", "<=", 10.0),
    ("copy through a slot vs by value", "copy_through_slot", "copy_by_value", "<=", 4.0),
    ("dump through a slot vs by value", "dump_through_slot", "dump_glasses", "<=", 1.15),
    ("parse through a slot vs by value", "parse_through_slot", "parse_glasses", "<=", 1.15),
    ("diff of equal configs vs equal()", "diff_of_equal_configs", "equal_through_slot", "<=", 2.0),
    ("diff with one change vs equal()", "diff_of_one_change", "equal_of_one_change", "<=", 2.0),
    ("fingerprint vs dump", "fingerprint_glasses", "dump_through_slot", "<=", 1.5),
    ("compare 1000 configs vs fingerprint them", "compare_1000_configs", "fingerprint_1000_configs", "<=", 3.0),
    ("small dump after a large one vs alone", "dump_small_after_large/iterations:4000/manual_time",
     "dump_small_alone/iterations:4000/manual_time",
     "<=", 1.2),
]


NN_TARGETS = [
    ("from_pretrained(resnet50) vs building it", "from_pretrained_resnet50/min_time:2.000", "build_resnet50/min_time:2.000",
     "<=", 0.6),
]

GLAZE_TARGETS = [
    ("dump vs glz::write_json", "dump_glasses_vs_glaze", "dump_glaze", "<=", 1.0),
    ("parse vs glz::read_json", "parse_glasses_vs_glaze", "parse_glaze", "<=", 1.5),
]


def medians_of(binary, repetitions, *flags):
    out = subprocess.run(
        [binary, "--benchmark_format=json", f"--benchmark_repetitions={repetitions}",
         "--benchmark_report_aggregates_only=true", "--benchmark_min_time=0.2", *flags],
        check=True, capture_output=True, text=True).stdout
    # Manually timed runs measure only their timed part, in real time. All in nanoseconds.
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
    return {b["run_name"]: b["real_time" if b["run_name"].endswith("/manual_time") else "cpu_time"]
            * scale[b["time_unit"]]
            for b in json.loads(out)["benchmarks"] if b.get("aggregate_name") == "median"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bench_config")
    parser.add_argument("--repetitions", default="5")
    parser.add_argument("--glaze")
    parser.add_argument("--nn")
    args = parser.parse_args()
    medians = medians_of(args.bench_config, args.repetitions)
    targets = list(TARGETS)
    if args.glaze:
        medians.update(medians_of(args.glaze, args.repetitions, "--benchmark_enable_random_interleaving=true"))
        targets += GLAZE_TARGETS
    if args.nn:
        medians.update(medians_of(args.nn, args.repetitions, "--benchmark_enable_random_interleaving=true",
                                  "--benchmark_filter=build_resnet50|from_pretrained_resnet50"))
        targets += NN_TARGETS
    failed = False
    print(f"{'work':40} {'glasses ns':>11} {'baseline ns':>12} {'ratio':>7} {'target':>8}")
    for what, measured, baseline, direction, target in targets:
        m, b = medians[measured], medians[baseline]
        ratio = m / b if direction == "<=" else b / m
        ok = ratio <= target if direction == "<=" else ratio >= target
        failed |= not ok
        print(f"{what:40} {m:11.0f} {b:12.0f} {ratio:7.2f} {direction + str(target):>8} {'' if ok else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
