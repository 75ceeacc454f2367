#!/usr/bin/python3
"""Exports a torchvision model as a glasses checkpoint that from_pretrained reads.

usage: scripts/export_torchvision.py MODEL OUT.safetensors [--weights STATE_DICT.pt] [--seed N]

MODEL is a preset of the zoo (resnet18 ... vit_l_32). Without --weights the model is
torchvision's initialisation under a fixed seed; with it, a state dict saved by torch.save,
e.g. a torchvision model fine-tuned in Python. The preset's config goes into the metadata
and the keys are renamed to glasses' (see glasses/models/torchvision.hpp). Runs on Debian's
python3 with python3-torchvision; needs no pip package.
"""
import argparse
import json
import os
import struct
import sys
import tempfile

import torch
import torchvision

# Each preset's config as JSON: keys left out keep glasses' defaults. test/nn/checkpoints.cpp
# checks that each equals glasses::preset<ImageClassifierConfig>(name).
RESNET = {"type": "resnet"}
PRESETS = {
    "resnet18": {**RESNET, "block": "basic", "depths": [2, 2, 2, 2]},
    "resnet34": {**RESNET, "block": "basic", "depths": [3, 4, 6, 3]},
    "resnet50": {**RESNET, "depths": [3, 4, 6, 3]},
    "resnet101": {**RESNET, "depths": [3, 4, 23, 3]},
    "resnet152": {**RESNET, "depths": [3, 8, 36, 3]},
    "resnext50_32x4d": {**RESNET, "depths": [3, 4, 6, 3], "groups": 32, "width_per_group": 4},
    "resnext101_32x8d": {**RESNET, "depths": [3, 4, 23, 3], "groups": 32, "width_per_group": 8},
    "wide_resnet50_2": {**RESNET, "depths": [3, 4, 6, 3], "width_per_group": 128},
    "wide_resnet101_2": {**RESNET, "depths": [3, 4, 23, 3], "width_per_group": 128},
    "vit_b_16": {"type": "vit", "patch_size": 16, "hidden_dim": 768, "num_layers": 12, "num_heads": 12, "mlp_dim": 3072},
    "vit_b_32": {"type": "vit", "patch_size": 32, "hidden_dim": 768, "num_layers": 12, "num_heads": 12, "mlp_dim": 3072},
    "vit_l_16": {"type": "vit", "patch_size": 16, "hidden_dim": 1024, "num_layers": 24, "num_heads": 16, "mlp_dim": 4096},
    "vit_l_32": {"type": "vit", "patch_size": 32, "hidden_dim": 1024, "num_layers": 24, "num_heads": 16, "mlp_dim": 4096},
}

DTYPES = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
          torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
          torch.bool: "BOOL"}


def glasses_config(model_name, num_classes):
    backbone = PRESETS[model_name]
    head = {"type": "class_token"} if backbone["type"] == "vit" else {"type": "pooled_linear"}
    return {"backbone": backbone, "head": head, "num_classes": num_classes}


def glasses_key(key):
    """torchvision's state-dict name to glasses' (the inverse of to_torchvision_key)."""
    if key.startswith("fc."):
        return "head." + key
    if key.startswith("heads.head."):
        return "head.head." + key[len("heads.head."):]
    return "backbone." + key


def write_safetensors(path, tensors, metadata):
    """tensors: name -> tensor. Written atomically beside `path`."""
    header, chunks, offset = {"__metadata__": metadata}, [], 0
    for name, tensor in tensors.items():
        data = tensor.detach().cpu().contiguous()
        raw = data.reshape(-1).view(torch.uint8).numpy().tobytes() if data.numel() else b""
        header[name] = {"dtype": DTYPES[data.dtype], "shape": list(data.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - (8 + len(text)) % 8) % 8)
    folder = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=folder, prefix="." + os.path.basename(path) + ".")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(struct.pack("<Q", len(text)))
            out.write(text)
            for chunk in chunks:
                out.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def export(model, model_name, path):
    state = model.state_dict()
    num_classes = state["fc.weight" if "fc.weight" in state else "heads.head.weight"].shape[0]
    config = json.dumps(glasses_config(model_name, num_classes), separators=(",", ":"))
    write_safetensors(path, {glasses_key(k): v for k, v in state.items()},
                      {"format": "pt", "glasses_config": config, "exported_from": f"torchvision {torchvision.__version__}"})


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", choices=sorted(PRESETS))
    parser.add_argument("out")
    parser.add_argument("--weights", help="a state dict saved with torch.save")
    parser.add_argument("--seed", type=int, default=0, help="the seed of torchvision's initialisation")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    model = getattr(torchvision.models, args.model)()
    if args.weights:
        state = torch.load(args.weights, map_location="cpu")
        try:
            model.load_state_dict(state)
        except RuntimeError as error:
            sys.exit(f"{args.weights} does not fit torchvision's {args.model}: {error}")
    export(model, args.model, args.out)
    print(f"wrote {args.out}: {args.model}, {sum(p.numel() for p in model.parameters())} parameters")


if __name__ == "__main__":
    main()
