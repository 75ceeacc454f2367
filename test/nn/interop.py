#!/usr/bin/python3
"""Writes what test_nn's interop suite checks against torchvision, into FOLDER:
  <model>.safetensors      resnet18, vit_b_16, mobilenet_v3_small, efficientnet_b0, convnext_tiny
                           and regnet_y_400mf exported by scripts/export_torchvision.py, seeded,
                           with random batch-norm statistics and norm and layer-scale parameters
                           (no layer an identity)
  <model>_io.safetensors   a fixed input and torchvision's output for it, in eval mode (2
                           images of 224x224, or 64x64 for the convolutional networks after the
                           first two, whose global pooling takes any size, so that the suite
                           stays fast)
  resnet18_10.safetensors  a resnet18 with 10 classes (a fine-tuned head), exported from its
                           state dict by the command line's --weights, and its _io file
  presets/<name>.json      the exporter's config JSON of every preset

usage: interop.py FOLDER GLASSES (the glasses command, which the exporter reads)
"""
import json
import pathlib
import subprocess
import sys

import torch
import torchvision

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
import export_torchvision  # noqa: E402

folder, glasses = pathlib.Path(sys.argv[1]), sys.argv[2]
(folder / "presets").mkdir(parents=True, exist_ok=True)
for name in export_torchvision.presets(glasses):
    (folder / "presets" / f"{name}.json").write_text(json.dumps(export_torchvision.glasses_config(name, 1000, glasses)))


def randomized(model):
    """The model in eval mode with random batch-norm statistics and affine parameters, random
    layer norms and ConvNeXt layer scales (torchvision starts them at 1e-6, which makes each
    block nearly the identity), a random ViT head (torchvision starts it at zero), and
    classifiers (MobileNetV3's, EfficientNet's, ConvNeXt's) with unit-variance outputs, so
    that their logits are of order 1 (with torchvision's std 0.01, mobilenet_v3_small's stay
    below 0.1): no layer an identity."""
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.normal_(0, 0.5)
                module.running_var.uniform_(0.5, 2.0)
            if isinstance(module, (torch.nn.BatchNorm2d, torch.nn.LayerNorm)):
                module.weight.normal_(1.0, 0.2)
                module.bias.normal_(0.0, 0.2)
            if hasattr(module, "layer_scale"):
                module.layer_scale.uniform_(0.1, 0.5)
        if hasattr(model, "heads"):
            model.heads.head.weight.normal_(0, 0.02)
            model.heads.head.bias.normal_(0, 0.02)
        for module in model.classifier.modules() if hasattr(model, "classifier") else []:
            if isinstance(module, torch.nn.Linear):
                module.weight.normal_(0, module.in_features ** -0.5)
                module.bias.normal_(0, 0.1)
    return model.eval()


def write_io(model, name, size=224):
    """A fixed input of size x size pixels and the model's output for it, as <name>_io.safetensors."""
    images = torch.randn(2, 3, size, size, generator=torch.Generator().manual_seed(11))
    with torch.no_grad():
        logits = model(images)
    export_torchvision.write_safetensors(str(folder / f"{name}_io.safetensors"), {"images": images, "logits": logits},
                                         {"format": "pt"})
    print(f"wrote {name}: logits {tuple(logits.shape)}, |logits| max {logits.abs().max().item():.3f}")


def export_with_weights(model, preset, name):
    """The model's state dict saved by torch.save, exported by the command line's --weights as
    <name>.safetensors."""
    torch.save(model.state_dict(), folder / f"{name}_state.pt")
    subprocess.run([sys.executable, str(pathlib.Path(export_torchvision.__file__)), preset,
                    str(folder / f"{name}.safetensors"), "--weights", str(folder / f"{name}_state.pt"),
                    "--glasses", glasses],
                   check=True)


torch.set_num_threads(1)
for name, size in [("resnet18", 224), ("vit_b_16", 224), ("mobilenet_v3_small", 64), ("efficientnet_b0", 64),
                   ("convnext_tiny", 64), ("regnet_y_400mf", 64)]:
    torch.manual_seed(7)
    model = randomized(getattr(torchvision.models, name)())
    export_torchvision.export(model, name, str(folder / f"{name}.safetensors"), glasses)
    if name == "resnet18":
        # The command line with --weights: a state dict saved by torch.save gives the same file.
        export_with_weights(model, "resnet18", "resnet18_cli")
        if (folder / "resnet18_cli.safetensors").read_bytes() != (folder / "resnet18.safetensors").read_bytes():
            sys.exit("export_torchvision.py --weights wrote another file than the in-process export")
    write_io(model, name, size)

# A fine-tuned head (issue 12, item 11): resnet18's state dict with 10 classes, which
# --weights once refused with "size mismatch for fc.weight [10, 512] vs [1000, 512]".
torch.manual_seed(13)
tuned = randomized(torchvision.models.resnet18(num_classes=10))
export_with_weights(tuned, "resnet18", "resnet18_10")
write_io(tuned, "resnet18_10")
