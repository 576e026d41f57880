"""Make the fixture's specimen signature and seal images: small transparent PNGs, no real signature.

    .venv/bin/pip install -e .
    .venv/bin/python tools/make_signature_images.py fixtures/anh-ky/ "Lào Cai" "Lạng Sơn" …

A signature is a blue scribble seeded by the member's name (the same name gives the same image); a seal is
a red double ring with a star and the word "MẪU" (specimen), 425 px wide (36 mm at 300 dpi).
"""

from __future__ import annotations

import math
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from tdkt_docgen.vn import slug

BLUE = (20, 40, 160, 255)
RED = (210, 20, 30, 230)
DPI = 300
SERIF_BOLD = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"  # Debian fonts-liberation2


def signature(name: str) -> Image.Image:
    width, height = 600, 240
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    rng = random.Random(name)
    loops, phase, swing = rng.randint(4, 7), rng.random() * math.pi, rng.uniform(20, 45)
    points = []
    for step in range(600):  # a prolate cycloid: the loops of joined handwriting
        t = step / 599
        angle = t * loops * 2 * math.pi
        x = 50 + t * (width - 120) - 28 * math.sin(angle)
        y = height / 2 - 10 + 42 * math.cos(angle) + swing * math.sin(t * math.pi * 1.5 + phase)
        points.append((x, y))
    draw.line(points, fill=BLUE, width=5, joint="curve")
    draw.line([(70, height - 45), (width - 60, height - 75)], fill=BLUE, width=4)
    return image


def seal() -> Image.Image:
    size = 425
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((6, 6, size - 6, size - 6), outline=RED, width=12)
    draw.ellipse((60, 60, size - 60, size - 60), outline=RED, width=5)
    centre, outer, inner = size / 2, 70, 28
    star = [(centre + (outer if i % 2 == 0 else inner) * math.sin(i * math.pi / 5),
             centre - 40 - (outer if i % 2 == 0 else inner) * math.cos(i * math.pi / 5)) for i in range(10)]
    draw.polygon(star, fill=RED)
    try:
        font, word = ImageFont.truetype(SERIF_BOLD, 64), "MẪU"
    except OSError:  # Liberation fonts missing: Pillow's own font has no Vietnamese letters
        font, word = ImageFont.load_default(size=64), "MAU"
    draw.text((centre, centre + 85), word, fill=RED, font=font, anchor="mm")
    return image


def main(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    seal().save(folder / "con-dau-mau.png", optimize=True, dpi=(DPI, DPI))
    for name in names:
        signature(name).save(folder / f"chu-ky-{slug(name)}.png", optimize=True, dpi=(DPI, DPI))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
