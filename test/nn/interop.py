#!/usr/bin/python3
"""Writes what test_nn's interop suite checks against torchvision, into FOLDER:
  <model>.safetensors      resnet18 and vit_b_16 exported by scripts/export_torchvision.py,
                           seeded, with random batch-norm statistics (no layer an identity)
  <model>_io.safetensors   a fixed input and torchvision's output for it, in eval mode
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

torch.set_num_threads(1)
for name in ["resnet18", "vit_b_16"]:
    torch.manual_seed(7)
    model = getattr(torchvision.models, name)()
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.normal_(0, 0.5)
                module.running_var.uniform_(0.5, 2.0)
                module.weight.normal_(1.0, 0.2)
                module.bias.normal_(0.0, 0.2)
        if name.startswith("vit"):
            model.heads.head.weight.normal_(0, 0.02)  # torchvision starts it at zero
            model.heads.head.bias.normal_(0, 0.02)
    model.eval()
    export_torchvision.export(model, name, str(folder / f"{name}.safetensors"), glasses)
    if name == "resnet18":
        # The command line with --weights: a state dict saved by torch.save gives the same file.
        torch.save(model.state_dict(), folder / "resnet18_state.pt")
        subprocess.run([sys.executable, str(pathlib.Path(export_torchvision.__file__)), "resnet18",
                        str(folder / "resnet18_cli.safetensors"), "--weights", str(folder / "resnet18_state.pt"),
                        "--glasses", glasses],
                       check=True)
        if (folder / "resnet18_cli.safetensors").read_bytes() != (folder / "resnet18.safetensors").read_bytes():
            sys.exit("export_torchvision.py --weights wrote another file than the in-process export")
    images = torch.randn(2, 3, 224, 224, generator=torch.Generator().manual_seed(11))
    with torch.no_grad():
        logits = model(images)
    export_torchvision.write_safetensors(str(folder / f"{name}_io.safetensors"), {"images": images, "logits": logits},
                                         {"format": "pt"})
    print(f"wrote {name}: logits {tuple(logits.shape)}, |logits| max {logits.abs().max().item():.3f}")
