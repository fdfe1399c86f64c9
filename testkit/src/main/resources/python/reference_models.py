#!/usr/bin/python3
"""PyTorch reference networks for Trapstream's parity tests.

  export ARCH DIR      builds a torchvision network with seeded random weights and writes, in DIR:
                         ARCH.onnx            the network (opset 13, input "input", output "logits", dynamic batch)
                         ARCH.manifest.json   its import manifest (Trapstream's ImportManifest contract)
                         ARCH.pt              its PyTorch weights, for "reference"
                         ARCH.input.f32       a seeded input tensor, float32 little-endian, row-major
                         ARCH.logits.json     that tensor's shape and PyTorch's logits for it
  reference ARCH DIR IMAGE...
                       PyTorch's logits, top-1 and top-1 softmax margin for each JPEG (or each JPEG below a
                       folder), prepared the way a PyTorch user prepares camera-trap frames, written to
                       ARCH.references.json (or --output)

Random weights alone make useless references: with BatchNorm at its initial statistics, MobileNet's and
EfficientNet's activations vanish (their depthwise convolutions are initialised for a fan-out they do not have)
and a freshly initialised head answers near-uniform probabilities. So every BatchNorm's statistics are first
estimated on seeded noise with the 1/f spectrum of natural images, as a trained network's are on its photos
(calibrated on blotchy or white noise instead, the random EfficientNet is so sensitive that a 1/255 change of a
real frame flips clear decisions), and the head is re-initialised with a larger scale (--head-scale) so that
logits spread and most images get a clear top-1. The seeded input tensor is such noise too.

Runs offline: no pretrained weights are ever downloaded.
"""

import argparse
import json
import math
import os
import sys
from pathlib import Path

INPUT_SIZE = 224
IMAGENET_MEAN = [0.485, 0.456, 0.406]
IMAGENET_STD = [0.229, 0.224, 0.225]
ARCHITECTURES = ("resnet50", "mobilenet_v3_large", "efficientnet_b0", "tiny")
TENSOR_BATCH = 2
CALIBRATION_IMAGES = 8
# From 16 images up, this PyTorch build runs 1x1 convolutions on oneDNN even on one thread: much faster.
REFERENCE_BATCH = 16
JPEG_SUFFIXES = {".jpg", ".jpeg"}


class UsageError(Exception):
    """A problem with what the caller asked for, reported as one line without a traceback."""


def build(arch, classes, seed, head_scale):
    """The network with seeded random weights, calibrated BatchNorm statistics and a spread head, in eval mode."""
    import torch

    torch.manual_seed(seed)
    model = network(arch, classes, head_scale)
    calibrate_batch_norm(model, seed)
    return model


def network(arch, classes, head_scale):
    """The architecture, freshly initialised, with a head of `classes` outputs."""
    import torchvision

    model = tiny_network() if arch == "tiny" else getattr(torchvision.models, arch)(weights=None)
    replace_head(model, classes, head_scale)
    return model


def tiny_network():
    """A few conv/bn/relu stages and a linear head: quick to export and to run."""
    from torch import nn

    def stage(inputs, outputs):
        return [nn.Conv2d(inputs, outputs, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(outputs),
                nn.ReLU(inplace=True)]

    return nn.Sequential(*stage(3, 16), *stage(16, 32), *stage(32, 64),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 1000))


def replace_head(model, classes, head_scale):
    """Swaps the last linear layer for one with `classes` outputs, weights N(0, head_scale^2 / fan_in)."""
    import torch
    from torch import nn

    name, head = [(n, m) for n, m in model.named_modules() if isinstance(m, nn.Linear)][-1]
    replacement = nn.Linear(head.in_features, classes)
    with torch.no_grad():
        replacement.weight.normal_(0.0, head_scale / math.sqrt(head.in_features))
        replacement.bias.zero_()
    parent_name, _, attribute = name.rpartition(".")
    setattr(model.get_submodule(parent_name) if parent_name else model, attribute, replacement)


def calibrate_batch_norm(model, seed):
    """Sets every BatchNorm's running statistics to those of one batch of natural-image-like noise; leaves eval mode."""
    import torch
    from torch import nn

    batch_norms = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    for module in batch_norms:
        module.reset_running_stats()
        module.momentum = None  # a cumulative average: the statistics of exactly this batch
    # Only the BatchNorms learn: dropout and stochastic depth stay as in inference.
    model.eval()
    for module in batch_norms:
        module.train()
    with torch.no_grad():
        model(natural_noise(CALIBRATION_IMAGES, torch.Generator().manual_seed(seed + 1)))
    model.eval()


def natural_noise(images, generator):
    """Normalised-unit images whose power falls as 1/f^2 with spatial frequency f, as in natural photos."""
    import torch

    shape = (images, 3, INPUT_SIZE, INPUT_SIZE)
    spectrum = torch.complex(torch.randn(shape, generator=generator), torch.randn(shape, generator=generator))
    fy = torch.fft.fftfreq(INPUT_SIZE).view(-1, 1)
    fx = torch.fft.fftfreq(INPUT_SIZE).view(1, -1)
    frequency = torch.sqrt(fx ** 2 + fy ** 2)
    frequency[0, 0] = 1.0 / INPUT_SIZE  # the mean's weight: that of the lowest frequency
    noise = torch.fft.ifft2(spectrum / frequency).real
    return (noise - noise.mean(dim=(2, 3), keepdim=True)) / noise.std(dim=(2, 3), keepdim=True)


def export(args):
    import onnx
    import torch

    labels = labels_of(args)
    out = directory(args.dir, create=True)
    model = build(args.arch, len(labels), args.seed, args.head_scale)
    torch.save({"arch": args.arch, "labels": labels, "state_dict": model.state_dict()}, out / f"{args.arch}.pt")

    onnx_file = out / f"{args.arch}.onnx"
    torch.onnx.export(model, torch.zeros(1, 3, INPUT_SIZE, INPUT_SIZE), str(onnx_file), opset_version=13,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    onnx.checker.check_model(str(onnx_file))
    write_json(out / f"{args.arch}.manifest.json", manifest(args, labels))

    tensor = natural_noise(TENSOR_BATCH, torch.Generator().manual_seed(args.seed + 2))
    tensor.numpy().astype("<f4").tofile(out / f"{args.arch}.input.f32")
    with torch.no_grad():
        logits = model(tensor)
    write_json(out / f"{args.arch}.logits.json", {
        "arch": args.arch,
        "input": f"{args.arch}.input.f32",
        "shape": list(tensor.shape),
        "logits": logits.tolist(),
    })
    print(f"exported {args.arch} ({len(labels)} labels) to {out}")


def manifest(args, labels):
    return {
        "format": "onnx",
        "name": args.arch,
        "description": f"torchvision {args.arch} with seeded random weights (seed {args.seed}), for parity tests",
        "labels": labels,
        "input": {"name": "input", "size": INPUT_SIZE, "layout": "NCHW", "color": "RGB", "scale": 255.0,
                  "mean": IMAGENET_MEAN, "std": IMAGENET_STD, "resize": "stretch"},
        "output": {"name": "logits", "kind": "logits"},
    }


def reference(args):
    import torch

    out = directory(args.dir, create=False)
    weights = out / f"{args.arch}.pt"
    if not weights.is_file():
        raise UsageError(f"{weights} not found: run 'export {args.arch} {args.dir}' first")
    saved = torch.load(weights)
    model = network(args.arch, len(saved["labels"]), head_scale=1.0)
    model.load_state_dict(saved["state_dict"])
    model.eval()

    files = jpegs(args.images)
    prepare = pytorch_preprocessing()
    results = []
    with torch.no_grad():
        for start in range(0, len(files), REFERENCE_BATCH):
            batch = files[start:start + REFERENCE_BATCH]
            for file, logits in zip(batch, model(torch.stack([prepare(file) for file in batch]))):
                top = torch.softmax(logits, 0).topk(2)
                results.append({
                    "file": str(file),
                    "logits": logits.tolist(),
                    "top1": int(top.indices[0]),
                    "margin": float(top.values[0] - top.values[1]),
                })
    output = Path(args.output) if args.output else out / f"{args.arch}.references.json"
    write_json(output, {"arch": args.arch, "labels": saved["labels"], "images": results})
    print(f"wrote PyTorch references for {len(results)} images to {output}")


def pytorch_preprocessing():
    """PIL decode, EXIF orientation, torchvision's stretching Resize (antialiased bilinear), ToTensor, Normalize."""
    from PIL import Image, ImageOps
    from torchvision import transforms

    to_tensor = transforms.Compose([
        transforms.Resize((INPUT_SIZE, INPUT_SIZE), interpolation=transforms.InterpolationMode.BILINEAR),
        transforms.ToTensor(),
        transforms.Normalize(IMAGENET_MEAN, IMAGENET_STD),
    ])

    def prepare(file):
        with Image.open(file) as image:
            return to_tensor(ImageOps.exif_transpose(image).convert("RGB"))

    return prepare


def labels_of(args):
    labels = args.labels or [f"class_{i}" for i in range(args.classes)]
    if len(set(labels)) != len(labels):
        raise UsageError(f"labels must be distinct: {labels}")
    if len(labels) < 2:
        raise UsageError("a classifier needs at least 2 labels")
    return labels


def jpegs(paths):
    files = []
    for given in map(Path, paths):
        if given.is_dir():
            files += sorted(p for p in given.rglob("*") if p.suffix.lower() in JPEG_SUFFIXES and p.is_file())
        elif given.is_file():
            files.append(given)
        else:
            raise UsageError(f"{given}: no such file or folder")
    if not files:
        raise UsageError(f"no JPEG files in {' '.join(paths)}")
    return files


def directory(path, create):
    out = Path(path)
    if create:
        out.mkdir(parents=True, exist_ok=True)
    elif not out.is_dir():
        raise UsageError(f"{out}: no such folder")
    return out


def write_json(path, value):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(value, indent=1) + "\n")
    os.replace(tmp, path)


def use_threads():
    """At least two: with one thread this PyTorch build convolves without oneDNN, about ten times slower."""
    import torch

    torch.set_num_threads(max(2, os.cpu_count() or 1))


def parser():
    top = argparse.ArgumentParser(
        prog="reference_models.py",
        description="PyTorch reference networks and outputs for Trapstream's parity tests (offline).")
    commands = top.add_subparsers(dest="command", required=True)

    exporting = commands.add_parser("export", help="build, export to ONNX, write manifest, tensor and logits")
    exporting.add_argument("arch", choices=ARCHITECTURES)
    exporting.add_argument("dir", help="output folder (created if missing)")
    named = exporting.add_mutually_exclusive_group()
    named.add_argument("--labels", nargs="+", metavar="LABEL", help="label names, one per output")
    named.add_argument("--classes", type=int, default=8, help="number of labels class_0.. (default 8)")
    exporting.add_argument("--seed", type=int, default=0, help="seed of weights, calibration and tensor (default 0)")
    exporting.add_argument("--head-scale", type=float, default=1.0,
                           help="head weight std times sqrt(fan_in); larger spreads logits (default 1)")
    exporting.set_defaults(run=export)

    referencing = commands.add_parser("reference", help="PyTorch's outputs for JPEG files, from an exported network")
    referencing.add_argument("arch", choices=ARCHITECTURES)
    referencing.add_argument("dir", help="the folder 'export' wrote to")
    referencing.add_argument("images", nargs="+", help="JPEG files, or folders searched for *.jpg and *.jpeg")
    referencing.add_argument("--output", help="JSON file to write (default DIR/ARCH.references.json)")
    referencing.set_defaults(run=reference)
    return top


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        use_threads()
        args.run(args)
    except UsageError as e:
        print(f"reference_models.py: error: {e}", file=sys.stderr)
        return 2
    except ImportError as e:
        print(f"reference_models.py: error: {e} (needs torch, torchvision and onnx; "
              "on Debian: apt-get install python3-torch python3-torchvision python3-onnx)", file=sys.stderr)
        return 3
    except Exception as e:  # anything else: say what failed, then the traceback for whoever debugs it
        import traceback
        traceback.print_exc()
        print(f"reference_models.py: error: {args.command} {args.arch} failed: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
