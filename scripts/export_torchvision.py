#!/usr/bin/python3
"""Exports a torchvision model as a glasses checkpoint that from_pretrained reads.

usage: scripts/export_torchvision.py MODEL OUT.safetensors [--weights STATE_DICT.pt] [--seed N] [--glasses PATH]

MODEL is a preset of the zoo (resnet18 ... regnet_x_32gf; `glasses presets` lists them).
Without --weights the model is torchvision's initialisation under a fixed seed; with it, a
state dict saved by torch.save, e.g. a torchvision model fine-tuned in Python, whose class
count is its classifier's: the first dimension of the last linear layer's weight (fc.weight
for ResNet and RegNet, heads.head.weight for ViT, classifier.3.weight for MobileNetV3,
classifier.1.weight for EfficientNet, classifier.2.weight for ConvNeXt). The preset's config
with that class count goes into the metadata and the keys are renamed to glasses'.

The glasses command is the one source of both: `glasses presets --json` gives each preset's
config, and `glasses keys CONFIG --json` the state dict in glasses' and torchvision's names
with shapes, which the exported model must match exactly. The command is --glasses PATH,
else $GLASSES, else build/glasses of this source tree, else `glasses` on PATH.

Runs on Debian's python3 with python3-torchvision; needs no pip package.
"""
import argparse
import json
import os
import pathlib
import shutil
import struct
import subprocess
import sys
import tempfile

import torch
import torchvision

DTYPES = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
          torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
          torch.bool: "BOOL"}


def find_glasses(explicit=None):
    """The glasses command: explicit, else $GLASSES, else this tree's build/glasses, else PATH."""
    in_tree = pathlib.Path(__file__).resolve().parents[1] / "build" / "glasses"
    for candidate in [explicit, os.environ.get("GLASSES"), in_tree if in_tree.is_file() else None,
                      shutil.which("glasses")]:
        if candidate:
            return str(candidate)
    sys.exit("export_torchvision.py: cannot find the glasses command; pass --glasses PATH or set GLASSES "
             "(cmake --build build --target glasses_cli builds it)")


def run_glasses(glasses, *args, stdin=None):
    """The JSON that `glasses ARGS... --json` prints."""
    result = subprocess.run([glasses, *args, "--json"], input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"export_torchvision.py: {glasses} {' '.join(args)} failed:\n{result.stderr.strip()}")
    return json.loads(result.stdout)


def presets(glasses):
    """Each preset's name and its config as JSON."""
    return {p["name"]: p["config"] for p in run_glasses(glasses, "presets")}


def glasses_config(model_name, num_classes, glasses):
    """The preset's config with num_classes classes."""
    return {**presets(glasses)[model_name], "num_classes": num_classes}


def key_map(config, glasses):
    """torchvision's name -> (glasses' name, shape) of each tensor of the config's model."""
    keys = run_glasses(glasses, "keys", "-", stdin=json.dumps(config))
    return {k["torchvision"]: (k["glasses"], tuple(k["shape"])) for k in keys}


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
        # mkstemp makes the file private (0600); a checkpoint gets the mode any new file
        # gets here, as glasses' own save gives it.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as out:
            out.write(struct.pack("<Q", len(text)))
            out.write(text)
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())  # on disk before it takes the name
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def export(model, model_name, path, glasses=None):
    """Writes a torchvision model as the glasses preset model_name, with its class count."""
    glasses = glasses or find_glasses()
    state = model.state_dict()
    classifier = model.get_submodule(classifier_of(model))
    config = glasses_config(model_name, classifier.out_features, glasses)
    keys = key_map(config, glasses)
    missing, extra = sorted(keys.keys() - state.keys()), sorted(state.keys() - keys.keys())
    shapes = sorted(k for k in keys.keys() & state.keys() if keys[k][1] != tuple(state[k].shape))
    if missing or extra or shapes:
        sys.exit(f"export_torchvision.py: the model does not fit glasses' {model_name}: missing {missing[:5]}, "
                 f"unexpected {extra[:5]}, other shapes {shapes[:5]}")
    # The fingerprint as glasses' own save stores it, so that a config edited in the file later
    # is caught when the checkpoint is read.
    fingerprint = run_glasses(glasses, "hash", "-", stdin=json.dumps(config))["fingerprint"]
    write_safetensors(path, {keys[k][0]: v for k, v in state.items()},
                      {"format": "pt", "glasses_config": json.dumps(config, separators=(",", ":")),
                       "glasses_fingerprint": fingerprint, "exported_from": f"torchvision {torchvision.__version__}"})


def classifier_of(model):
    """The name of the model's classifier, its last Linear layer: fc (ResNet, RegNet), heads.head
    (ViT), classifier.3 (MobileNetV3), classifier.1 (EfficientNet), classifier.2 (ConvNeXt)."""
    return [name for name, module in model.named_modules() if isinstance(module, torch.nn.Linear)][-1]


def num_classes_of(state, classifier, default):
    """The class count of a state dict: the first dimension of its classifier's weight, or
    `default` when it has none of two dimensions (load_state_dict then says what does not fit)."""
    weight = state.get(classifier + ".weight")
    return weight.shape[0] if isinstance(weight, torch.Tensor) and weight.dim() == 2 else default


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="a preset of the zoo, e.g. resnet50")
    parser.add_argument("out")
    parser.add_argument("--weights", help="a state dict saved with torch.save")
    parser.add_argument("--seed", type=int, default=0, help="the seed of torchvision's initialisation")
    parser.add_argument("--glasses", help="the glasses command (default: $GLASSES, build/glasses, PATH)")
    args = parser.parse_args()
    glasses = find_glasses(args.glasses)
    names = sorted(presets(glasses))
    if args.model not in names:
        parser.error(f"argument model: invalid choice: {args.model!r} (choose from {', '.join(map(repr, names))})")
    state = None
    if args.weights:
        state = torch.load(args.weights, map_location="cpu")
        if not isinstance(state, dict):
            sys.exit(f"{args.weights} is not a state dict but a {type(state).__name__}: save model.state_dict()")
    torch.manual_seed(args.seed)
    model = getattr(torchvision.models, args.model)()
    if state is not None:
        classifier = classifier_of(model)
        default = model.get_submodule(classifier).out_features
        num_classes = num_classes_of(state, classifier, default)
        if num_classes != default:  # a fine-tuned head: built again with the state dict's class count
            model = getattr(torchvision.models, args.model)(num_classes=num_classes)
        try:
            model.load_state_dict(state)
        except RuntimeError as error:
            sys.exit(f"{args.weights} does not fit torchvision's {args.model}: {error}")
    export(model, args.model, args.out, glasses)
    print(f"wrote {args.out}: {args.model}, {sum(p.numel() for p in model.parameters())} parameters")


if __name__ == "__main__":
    main()
