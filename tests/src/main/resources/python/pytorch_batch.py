#!/usr/bin/python3
"""What users run instead of Trapstream: a PyTorch batch script over camera-trap frames, for ./bench.

  pytorch_batch.py WEIGHTS.pt MANIFEST.json IMAGES... --output FILE [--count N] [--batch N] [--threads N]

Does what MegaDetector's and SpeciesNet's batch runners do with a classifier: PIL decode with EXIF orientation,
torchvision Resize to the manifest's input (antialiased bilinear), ToTensor, Normalize, stack a batch, forward
pass, softmax and top-1; one process, decoding and the forward pass in turn. Tuned as PyTorch's CPU performance
guide tells a user: as many intra-op threads as cores, torch.inference_mode(), and the channels-last memory
format, which oneDNN's convolutions work in (Debian's torch 1.13 needed 1.6x the CPU per image without it here).
The network is the one the ONNX file was exported from: the architecture and weights reference_models.py saved
in WEIGHTS.pt, rebuilt with that script's builder (it sits in the same folder).

Two batches warm up, then --count images (the frames cycled) are timed. Writes JSON: images, seconds, images per
second, CPU seconds of the process (getrusage: every thread, the intra-op pool's included) and, per stage (decode
and preprocessing, forward pass), wall and CPU time.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

import reference_models

WARM_UP_BATCHES = 2


def main(argv=None):
    args = parser().parse_args(argv)
    import torch

    torch.set_num_threads(args.threads)
    with open(args.manifest) as file:
        manifest = json.load(file)
    model = rebuilt(args.weights)
    prepare = preprocessing(manifest["input"])
    files = reference_models.jpegs(args.images)
    cycled = [files[i % len(files)] for i in range(args.count + WARM_UP_BATCHES * args.batch)]
    batches = [cycled[start:start + args.batch] for start in range(0, len(cycled), args.batch)]

    run(model, prepare, batches[:WARM_UP_BATCHES], Stage(), Stage())
    decode, forward = Stage(), Stage()
    wall, cpu = time.perf_counter(), cpu_seconds()
    run(model, prepare, batches[WARM_UP_BATCHES:], decode, forward)
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu

    reference_models.write_json(args.output, {
        "network": manifest.get("name", "imported"),
        "images": args.count,
        "batch_size": args.batch,
        "threads": torch.get_num_threads(),
        "seconds": wall,
        "images_per_second": args.count / wall,
        "cpu_seconds": cpu,
        "cpu_ms_per_image": 1000 * cpu / args.count,
        "stages": {"decode_preprocess": decode.json(args.count), "forward": forward.json(args.count)},
        "versions": {"torch": torch.__version__, "torchvision": version("torchvision"), "pillow": version("PIL")},
        "onednn": torch.backends.mkldnn.is_available(),
    })
    return 0


def rebuilt(weights):
    """The exported network in eval mode and channels-last: reference_models.py's architecture, its saved weights."""
    import torch

    saved = torch.load(weights)
    model = reference_models.network(saved["arch"], len(saved["labels"]), head_scale=1.0)
    model.load_state_dict(saved["state_dict"])
    return model.eval().to(memory_format=torch.channels_last)


def preprocessing(contract):
    """PIL decode, EXIF orientation, the manifest's fit to its square input, ToTensor, Normalize."""
    from PIL import Image, ImageOps
    from torchvision import transforms

    size = contract["size"]
    fits = {
        "stretch": [transforms.Resize((size, size))],
        "center_crop": [transforms.Resize(size), transforms.CenterCrop(size)],
    }
    fit = contract.get("resize", "stretch")
    if fit not in fits or contract.get("layout", "NCHW") != "NCHW" or contract.get("color", "RGB") != "RGB":
        raise SystemExit(f"pytorch_batch.py: only NCHW RGB inputs, stretched or centre-cropped, got {contract}")
    scale = contract.get("scale", 255.0) / 255.0  # ToTensor gives value / 255
    to_tensor = transforms.Compose(fits[fit] + [
        transforms.ToTensor(),
        transforms.Normalize([m * scale for m in contract["mean"]], [s * scale for s in contract["std"]]),
    ])

    def prepare(file):
        with Image.open(file) as image:
            return to_tensor(ImageOps.exif_transpose(image).convert("RGB"))

    return prepare


def run(model, prepare, batches, decode, forward):
    """Each batch decoded and stacked, then classified: the forward pass, softmax and each image's top label."""
    import torch

    for batch in batches:
        with decode:
            tensor = torch.stack([prepare(file) for file in batch]).contiguous(memory_format=torch.channels_last)
        with forward, torch.inference_mode():
            torch.softmax(model(tensor), dim=1).max(dim=1)


class Stage:
    """Wall and CPU time summed over the `with` blocks it times."""

    def __init__(self):
        self.seconds = self.cpu = 0.0

    def __enter__(self):
        self.started = (time.perf_counter(), cpu_seconds())

    def __exit__(self, *exc):
        self.seconds += time.perf_counter() - self.started[0]
        self.cpu += cpu_seconds() - self.started[1]

    def json(self, images):
        return {"seconds": self.seconds, "cpu_seconds": self.cpu,
                "ms_per_image": 1000 * self.seconds / images, "cpu_ms_per_image": 1000 * self.cpu / images}


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def version(module):
    return getattr(__import__(module), "__version__", "unknown")


def parser():
    top = argparse.ArgumentParser(prog="pytorch_batch.py", description=__doc__.split("\n\n")[0])
    top.add_argument("weights", help="ARCH.pt as reference_models.py export writes it")
    top.add_argument("manifest", help="the network's import manifest (input size, normalisation, fit)")
    top.add_argument("images", nargs="+", help="JPEG files, or folders searched for *.jpg and *.jpeg")
    top.add_argument("--output", type=Path, required=True, help="JSON file to write")
    top.add_argument("--count", type=positive, default=200, help="images timed, the frames cycled (default 200)")
    top.add_argument("--batch", type=positive, default=16, help="images per forward pass (default 16)")
    top.add_argument("--threads", type=positive, default=os.cpu_count(), help="intra-op threads (default: cores)")
    return top


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"needs a positive whole number, got {text}")
    return value


if __name__ == "__main__":
    sys.exit(main())
