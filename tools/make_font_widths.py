"""Write tdkt_docgen/reference/font_widths.json: advance widths of Liberation Serif (metric-compatible
with Times New Roman) for the characters Vietnamese documents use. Run once when the table must change:

    python tools/make_font_widths.py /usr/share/fonts/truetype/liberation2

Needs fontTools (a development tool only; the package reads the JSON).
"""

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTFont

RANGES = [(0x20, 0x7E), (0xA0, 0x1B0), (0x1EA0, 0x1EF9), (0x2010, 0x2026)]


def widths(font_file: Path) -> dict[str, int]:
    font = TTFont(font_file)
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    return {chr(cp): metrics[cmap[cp]][0] for lo, hi in RANGES for cp in range(lo, hi + 1) if cp in cmap}


def main(folder: str) -> None:
    base = Path(folder)
    table = {
        "font": "Liberation Serif",
        "units_per_em": TTFont(base / "LiberationSerif-Regular.ttf")["head"].unitsPerEm,
        "regular": widths(base / "LiberationSerif-Regular.ttf"),
        "bold": widths(base / "LiberationSerif-Bold.ttf"),
    }
    out = Path(__file__).resolve().parents[1] / "tdkt_docgen" / "reference" / "font_widths.json"
    out.write_text(json.dumps(table, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(table['regular'])} characters")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/liberation2")
