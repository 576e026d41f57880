"""Regenerate tdkt_docgen/reference/don_vi_cap_xa.yaml from the texts of the 2025 resolutions of the National
Assembly Standing Committee on each province's commune-level units (Nghị quyết …/NQ-UBTVQH15, 16/6/2025).

    python tools/make_communes.py FOLDER    # FOLDER holds NNNN_NQ-UBTVQH15.md, the resolutions' texts

The texts used are the official resolutions as published (a Markdown copy: github.com/dvhcvn/20250701,
input/docs/). Each "Sắp xếp … của <old units> thành xã mới có tên gọi là xã X" becomes one unit with the units it
was formed from; the communes the resolution leaves unchanged are units of their own. The count of each
province is checked against the resolution's own closing sentence ("… có 65 đơn vị hành chính cấp xã").
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import yaml

# The provinces the seeds name (seed 000: the 7 northern border provinces; 001 Sơn La; 002 Lai Châu; 003 Bắc
# Giang; 004 Điện Biên), as they are from 01/7/2025: Hà Giang is in Tuyên Quang, Bắc Giang in Bắc Ninh.
RESOLUTIONS = {"1657": "Cao Bằng", "1658": "Bắc Ninh", "1661": "Điện Biên", "1670": "Lai Châu", "1672": "Lạng Sơn",
               "1673": "Lào Cai", "1681": "Sơn La", "1684": "Tuyên Quang"}
KINDS = ("đặc khu", "thị trấn", "phường", "xã")
ITEM = re.compile(r"(?<!Điều )(?<!\d)\d+\. Sắp xếp (?P<old>[^*]*?) thành (?P<kind>xã|phường|đặc khu) mới có tên "
                  r"gọi là\s*(?:\*\*\s*(?P=kind) |(?P=kind)\s*\*\*\s*)(?P<name>[^*]+?)\s*\*\*")  # **xã X**, xã **X**
UNCHANGED = re.compile(r"không thực hiện sắp xếp là (?:các )?(xã|phường) (?P<names>[^.]+)\.")
TOTAL = re.compile(r"Sau khi sắp xếp, (?:tỉnh|thành phố) (?P<province>[^,]+?) có (?P<n>\d+) đơn vị hành chính cấp xã")
# words the Markdown copy glued together ("thị trấn Bình Giathành", "vàPu Sam Cáp", "củacác xã")
GLUED = [(re.compile(r"(\w)(thành (?:xã|phường|đặc khu) mới)"), r"\1 \2"), (re.compile(r"(\w)và "), r"\1 và "),
         (re.compile(r"(các|của|và)(các|xã|phường|thị trấn)"), r"\1 \2"),
         (re.compile(r"(\w)(\(huyện|\(thị xã)"), r"\1 \2"),
         (re.compile(r"\)(\w)"), r") \1"), (re.compile(r"gồm(\d)"), r"gồm \1"), (re.compile(r"(\w),(\w)"), r"\1, \2")]
UPPER_AFTER = re.compile(r"\b(và|xã|phường|trấn|của)(\w)")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\\", ""))
    text = re.sub(r"\s+", " ", text)
    for pattern, replacement in GLUED:
        text = pattern.sub(replacement, text)
    return UPPER_AFTER.sub(lambda m: f"{m[1]} {m[2]}" if m[2].isupper() else m[0], text)


def _old_units(span: str) -> list[str]:
    """ "xã Chi Lăng (huyện Tràng Định), xã Chí Minh và thị trấn Thất Khê" -> each unit with its kind."""
    span = re.sub(r"(toàn bộ|một phần) diện tích tự nhiên, quy mô dân số (của )?", "", span)
    span = re.sub(r"phần còn lại của (\w+ [^,]+?) sau khi sắp xếp theo quy định tại khoản \d+ Điều này", r"\1", span)
    units, kind = [], ""
    for part in re.split(r",\s*|\s+và\s+", span):
        part = part.strip()
        if not part:
            continue
        found = next((k for k in KINDS if re.match(rf"(các )?{k}\b", part)), None)
        if found:
            kind = found
            part = re.sub(rf"^(các )?{found}\s+", "", part)
        if part[:1].islower():  # an area that is no unit ("toàn bộ diện tích tự nhiên của Trường bắn TB1")
            continue
        units.append(f"{kind} {part}".strip())
    return units


def province(path: Path, name: str) -> dict[str, object]:
    text = _clean(path.read_text("utf-8"))
    number = path.name.split("_")[0]
    units = [{"ten": m["name"].strip(), "loai": m["kind"], "tu": _old_units(m["old"])} for m in ITEM.finditer(text)]
    for found in UNCHANGED.finditer(text):
        for commune in re.split(r",\s*|\s+và\s+", found["names"]):
            commune = re.sub(rf"^{found.group(1)}\s+", "", commune.strip())  # "là xã Mù Cả, xã Tà Tổng"
            units.append({"ten": commune, "loai": found.group(1), "tu": [f"{found.group(1)} {commune}"]})
    total = TOTAL.search(text)
    assert total and total["province"] == name, (path, total and total["province"])
    assert len(units) == int(total["n"]), (name, len(units), total["n"])
    for unit in units:
        for old in unit["tu"]:  # type: ignore[union-attr]
            kind = next((k for k in KINDS if str(old).startswith(k + " ")), None)
            assert kind and str(old)[len(kind) + 1:][:1].isupper() and "  " not in str(old), (name, unit, old)
    return {"tinh": name, "nghi_quyet": f"{number}/NQ-UBTVQH15 ngày 16/6/2025", "tu": "2025-07-01",
            "don_vi": units}


def main(folder: Path) -> None:
    provinces = [province(folder / f"{n}_NQ-UBTVQH15.md", name) for n, name in RESOLUTIONS.items()]
    header = ("# Đơn vị hành chính cấp xã từ 01/7/2025 của các tỉnh mà các văn bản mẫu (seeds) nêu, theo các Nghị\n"
              "# quyết của Ủy ban Thường vụ Quốc hội ngày 16/6/2025 về sắp xếp đơn vị hành chính cấp xã năm 2025.\n"
              "# Mỗi đơn vị: tên, loại (xã, phường, đặc khu) và các đơn vị cũ sắp xếp thành nó ('tu': loại và tên;\n"
              "# '(huyện …)' khi Nghị quyết ghi để phân biệt). Sinh lại bằng: python tools/make_communes.py THƯ_MỤC\n")
    out = Path(__file__).resolve().parents[1] / "tdkt_docgen" / "reference" / "don_vi_cap_xa.yaml"
    out.write_text(header + yaml.safe_dump(provinces, allow_unicode=True, sort_keys=False, width=110), "utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
