#!/usr/bin/python3
"""Pillow's pixels for Trapstream's decoding tests.

  pillow_reference.py JOBS.json
      JOBS.json is a list of {"image": PATH, "width": W, "height": H, "output": PATH}. For each job, the image is
      opened, turned upright by its EXIF orientation and converted to RGB as a PyTorch pipeline does
      (ImageOps.exif_transpose, convert("RGB")), resized to W x H with Pillow's bilinear filter, which is what
      torchvision's Resize runs (W and H 0: left at its own size), and written to OUTPUT as raw RGB bytes, row by row.
"""

import json
import sys


def prepare(job):
    from PIL import Image, ImageOps

    with Image.open(job["image"]) as image:
        rgb = ImageOps.exif_transpose(image).convert("RGB")
    if job["width"] and job["height"]:
        rgb = rgb.resize((job["width"], job["height"]), Image.BILINEAR)
    with open(job["output"], "wb") as out:
        out.write(rgb.tobytes())


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1]) as jobs:
        for job in json.load(jobs):
            prepare(job)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
