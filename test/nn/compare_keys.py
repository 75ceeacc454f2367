#!/usr/bin/python3
"""Compares the key map of `glasses keys PRESET --json` (each state-dict key in glasses' and
torchvision's names, with its shape) with python3-torchvision's models, for eight presets:
the same keys in the same order, with the same shapes.

usage: compare_keys.py GLASSES
"""
import json
import subprocess
import sys

import torchvision

glasses = sys.argv[1]
presets = ["resnet18", "resnet50", "resnext50_32x4d", "vit_b_32", "mobilenet_v3_small", "efficientnet_b0",
           "convnext_tiny", "regnet_y_400mf"]
failures = 0
for name in presets:
    keys = json.loads(subprocess.run([glasses, "keys", name, "--json"], check=True, capture_output=True, text=True).stdout)
    ours = [(k["torchvision"], tuple(k["shape"])) for k in keys]
    theirs = [(k, tuple(v.shape)) for k, v in getattr(torchvision.models, name)().state_dict().items()]
    if ours != theirs:
        failures += 1
        ours_d, theirs_d = dict(ours), dict(theirs)
        missing, extra = sorted(theirs_d.keys() - ours_d.keys()), sorted(ours_d.keys() - theirs_d.keys())
        shapes = sorted(k for k in theirs_d.keys() & ours_d.keys() if theirs_d[k] != ours_d[k])
        order = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a[0] != b[0]), None)
        print(f"FAIL {name}: missing {missing[:5]}, extra {extra[:5]}, shapes differ {shapes[:5]}, "
              f"order differs from entry {order}")
    else:
        print(f"ok   {name}: {len(ours)} keys, their order and shapes equal torchvision {torchvision.__version__}'s")
print(f"compare_keys: {len(presets) - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
