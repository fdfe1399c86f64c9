#!/usr/bin/python3
"""A network trained where users train theirs, for ./bench calibration: PyTorch, then exported to ONNX.

  pytorch_train.py TRAIN_DIR OUT_DIR [--size PX] [--epochs N] [--seed S]

Trains reference_models.py's small convolutional network from scratch on TRAIN_DIR/<label>/<image> (PIL decode,
stretch to --size, ImageNet normalisation; Adam, cross-entropy, batches of 32: the plain recipe, nothing done for
calibration), then exports it to OUT_DIR/network.onnx with two outputs, the logits and the
pooled features before the last layer, and writes OUT_DIR/network.manifest.json naming both, so Trapstream can
import it, calibrate it and train new heads on its features. Prints one line per epoch.
"""

import argparse
import sys
from pathlib import Path

import reference_models

BATCH = 32
LEARNING_RATE = 1e-3


def main(argv=None):
    args = parser().parse_args(argv)
    import torch
    from torch import nn

    reference_models.use_threads()
    torch.manual_seed(args.seed)
    root = Path(args.train_dir)
    labels = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    if len(labels) < 2:
        raise reference_models.UsageError(f"{root}: needs at least two <label>/ folders")
    inputs, targets = load(root, labels, args.size)

    model = reference_models.tiny_network()
    reference_models.replace_head(model, len(labels), 1.0)
    optimiser = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_of = nn.CrossEntropyLoss()
    generator = torch.Generator().manual_seed(args.seed)
    for epoch in range(1, args.epochs + 1):
        model.train()
        order = torch.randperm(len(targets), generator=generator)
        total = 0.0
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            optimiser.zero_grad()
            loss = loss_of(model(inputs[batch]), targets[batch])
            loss.backward()
            optimiser.step()
            total += loss.item() * len(batch)
        print(f"epoch {epoch}: train loss {total / len(targets):.4f}", flush=True)

    model.eval()
    out = reference_models.directory(args.out_dir, create=True)
    onnx_file = out / "network.onnx"
    torch.onnx.export(with_features(model), torch.zeros(1, 3, args.size, args.size), str(onnx_file), opset_version=13,
                      input_names=["input"], output_names=["logits", "features"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}, "features": {0: "batch"}})
    import onnx
    onnx.checker.check_model(str(onnx_file))
    reference_models.write_json(out / "network.manifest.json", {
        "format": "onnx",
        "name": "pytorch-small-cnn",
        "description": f"reference_models.py's small CNN trained in PyTorch on {root} ({args.epochs} epochs)",
        "labels": labels,
        "input": {"name": "input", "size": args.size, "layout": "NCHW", "color": "RGB", "scale": 255.0,
                  "mean": reference_models.IMAGENET_MEAN, "std": reference_models.IMAGENET_STD, "resize": "stretch"},
        "output": {"name": "logits", "kind": "logits", "features": "features"},
    })
    print(f"exported to {onnx_file} ({len(labels)} labels, {len(targets)} training images)")
    return 0


def with_features(model):
    """The network answering its logits and, beside them, the input of its last layer."""
    from torch import nn

    class WithFeatures(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = model[:-1]
            self.head = model[-1]

        def forward(self, x):
            features = self.body(x)
            return self.head(features), features

    return WithFeatures()


def load(root, labels, size):
    """Every image under root/<label>/ as one normalised tensor, and the label indices."""
    import torch
    from PIL import Image, ImageOps
    from torchvision import transforms

    to_tensor = transforms.Compose([
        transforms.Resize((size, size), interpolation=transforms.InterpolationMode.BILINEAR),
        transforms.ToTensor(),
        transforms.Normalize(reference_models.IMAGENET_MEAN, reference_models.IMAGENET_STD),
    ])
    tensors, targets = [], []
    for index, label in enumerate(labels):
        for file in reference_models.jpegs([str(root / label)]):
            with Image.open(file) as image:
                tensors.append(to_tensor(ImageOps.exif_transpose(image).convert("RGB")))
            targets.append(index)
    return torch.stack(tensors), torch.tensor(targets)


def parser():
    top = argparse.ArgumentParser(prog="pytorch_train.py",
                                  description="Train a small CNN in PyTorch and export it to ONNX with its features.")
    top.add_argument("train_dir", help="folder of <label>/<image> folders")
    top.add_argument("out_dir", help="where network.onnx and network.manifest.json go (created if missing)")
    top.add_argument("--size", type=int, default=64, help="input size in pixels (default 64)")
    top.add_argument("--epochs", type=int, default=8, help="epochs (default 8)")
    top.add_argument("--seed", type=int, default=42, help="seed of weights and batch order (default 42)")
    return top


if __name__ == "__main__":
    try:
        sys.exit(main())
    except reference_models.UsageError as e:
        print(f"pytorch_train.py: error: {e}", file=sys.stderr)
        sys.exit(2)
