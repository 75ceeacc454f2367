#!/usr/bin/env python3
"""Compares the state dicts that test_nn wrote in torchvision's names (FOLDER/<model>.txt,
one "key size size ..." a line) with python3-torchvision's models: same keys, same shapes."""
import pathlib
import sys

import torch
import torchvision

folder = pathlib.Path(sys.argv[1])
failures = 0
files = sorted(folder.glob("*.txt"))
for path in files:
    ours = {}
    for line in path.read_text().splitlines():
        key, *sizes = line.split()
        ours[key] = tuple(int(s) for s in sizes)
    model = getattr(torchvision.models, path.stem)()
    theirs = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    missing, extra = sorted(theirs.keys() - ours.keys()), sorted(ours.keys() - theirs.keys())
    shapes = sorted(k for k in theirs.keys() & ours.keys() if theirs[k] != ours[k])
    if missing or extra or shapes:
        failures += 1
        print(f"FAIL {path.stem}: missing {missing[:5]}, extra {extra[:5]}, shapes differ {shapes[:5]}")
    else:
        print(f"ok   {path.stem}: {len(ours)} keys and shapes equal torchvision {torchvision.__version__}")
print(f"{len(files) - failures} passed, {failures} failed")
sys.exit(1 if failures or len(files) < 4 else 0)
