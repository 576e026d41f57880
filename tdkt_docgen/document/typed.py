"""Numbers typed inside free text: found, read and printed by the document's number rule ("1821 doanh nghiệp"
-> "1.821 doanh nghiệp", "98,06 %" -> "98,06%", a whole "9,0%" -> "9%"), or reported where they cannot be read
("9,186,35", "7.5%").

What is not a figure is left as typed: dates ("16/7/2021", "tháng 02 năm 2024"), document symbols ("47/KH-CTĐ",
"98/2023/NĐ-CP", "34-CT/TW"), years ("năm 1890", "2021 - 2025"), times ("08h00"), the number that opens a
numbered paragraph ("1.", "a)", "(1)", "Điều 1."), codes and telephone numbers (a leading 0, eight digits or more),
and digits that are part of a word ("QH15", "Covid-19"). ``figures_in`` finds the rest: the numbers a reader
reads as figures, the ones the reconciliation sheet accounts for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..data.load import Loc
from ..vn import format_number, percent_number

_NUMBER = r"(?<![\w.,\\-])(?P<sign>[-−](?=\d))?(?P<digits>\d+(?:[.,]\d+)*)(?P<pct>\s?%)?"
_NOT_FIGURES = (
    r"\b\d{1,2}/\d{1,2}/\d{4}\b"  # 16/7/2021
    r"|\b\d{1,2}-\d{1,2}-\d{4}\b"  # 16-7-2021
    r"|\b\d{1,2}/\d{4}\b"  # 3/2024
    r"|\b[Nn]gày\s+\d{1,2}\s+tháng\s+\d{1,2}(\s+năm\s+\d{4})?"  # ngày 05 tháng 3 năm 2024
    r"|\b[Tt]háng\s+\d{1,2}(\s*(năm|/)\s*\d{4})?"  # tháng 02 năm 2024, Tháng 7
    r"|\d+(/\d+)*/\d{4}/[A-ZĐ]"  # 98/2023/NĐ-CP
    r"|\d+/[A-ZĐ][\wĐđ]*"  # 47/KH-CTĐ, 05/BC-CTĐ
    r"|\d+-[A-ZĐ]"  # 34-CT/TW
    r"|\b\d{1,2}h\d{0,2}\b|\b\d{1,2}:\d{2}\b"  # 08h00, 8h, 10:30
    r"|\b0\d{2,}"  # 0912345678, 007: codes and telephone numbers
    r"|\b\d{8,}\b"  # long codes (a figure that large is written with its groups)
)
# At each place a figure or what is no figure may start, what is no figure is tried first (and skipped).
_START = re.compile(r"[Nn]gày|[Tt]háng|[-−]?\d")
_SKIP = re.compile(_NOT_FIGURES)
_FIGURE = re.compile(_NUMBER)
_NUMBERING = re.compile(r"^\s*(?:\(\d+\)|\d+(?:\.\d+)*[.)]|[IVXLC]+\.|[a-zđ]\)|Điều\s+\d+\.?|Phần\s+[IVXLC]+|"
                        r"Chương\s+[IVXLC]+|Mục\s+\d+\.?|Phụ lục\s+[IVXLC0-9]+)(?=\s|$)")
_YEAR_BEFORE = re.compile(r"(?:\bnăm|\bNăm|\bgiai đoạn|\bGiai đoạn|\bkhóa|\bniên khóa|\bđến|\btừ|\btới|\bmùa|[-–]|"
                          r"\bvụ|\bquý\s+[IV]+/?)\s*$")
_YEAR_AFTER = re.compile(r"^\s*[-–]\s*\d{4}\b")


@dataclass(frozen=True)
class Found:
    """A figure written in a text: where it is, as written, its value (None: cannot be read), as the
    document's rule prints it."""

    start: int
    end: int
    written: str
    value: Decimal | None
    printed: str
    percent: bool


DIGIT = re.compile(r"\d")


def _is_year(text: str, start: int, end: int, digits: str) -> bool:
    if not (len(digits) == 4 and digits.isdigit()):
        return False
    if 1900 <= int(digits) <= 2100:
        return True
    return bool(_YEAR_BEFORE.search(text[:start]) or _YEAR_AFTER.match(text[end:]))


def read(digits: str) -> Decimal | None:
    """A number as the document writes it ("1.821", "29.088,38", "98,06"), or a plain one ("1821"); None
    when it cannot be read so ("9,186,35", "7.5", "1,234.5")."""
    if digits.count(",") > 1 or ("," in digits and "." in digits[digits.index(","):]):
        return None
    whole, _, decimals = digits.partition(",")
    groups = whole.split(".")
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    try:
        return Decimal("".join(groups) + (f".{decimals}" if decimals else ""))
    except InvalidOperation:
        return None


def _figures(text: str, position: int) -> Iterator[re.Match[str]]:
    while (candidate := _START.search(text, position)) is not None:
        at = candidate.start()
        skipped = _SKIP.match(text, at)
        if skipped is not None and skipped.end() > at:
            position = skipped.end()
            continue
        found = _FIGURE.match(text, at)
        if found is not None:
            position = found.end()
            yield found
            continue
        position = candidate.end()
        while position < len(text) and text[position].isdigit():  # the rest of a number that is no figure
            position += 1


def figures_in(text: str) -> Iterator[Found]:
    """The figures of a text, in order, each read and printed by the rule (digits that are part of a word,
    "QH15", "Covid-19", are none: ``_NUMBER`` wants no letter or hyphen before them)."""
    if not DIGIT.search(text):
        return
    numbering = _NUMBERING.match(text)
    for match in _figures(text, numbering.end() if numbering else 0):
        start, end = match.span()
        digits = match["digits"]
        if _is_year(text, start, end, digits):
            continue
        if match["pct"] is None and end < len(text) and text[end] in "/" and not re.match(r"/\d", text[end:]):
            continue
        written = match.group(0)
        value = read(digits)
        sign = "-" if match["sign"] else ""
        is_percent = match["pct"] is not None
        yield Found(start, end, written, None if value is None else -value if sign else value,
                    _printed(sign, digits, value, is_percent, written), is_percent)


def _printed(sign: str, digits: str, value: Decimal | None, is_percent: bool, written: str) -> str:
    """As the document's rule writes it: groups of three, whole percentages without decimals, no space
    before "%"; what cannot be read stays as written."""
    if value is None:
        return written
    if is_percent:
        return sign + (percent_number(value) if value == value.to_integral_value() else digits) + "%"
    if "," not in digits and "." not in digits and len(digits) >= 4:
        return sign + format_number(value)
    return sign + digits


def normalized(text: str, mark: Any = None) -> str:
    """``text`` with its figures printed by the document's rule; ``mark(found)`` (when given) returns the
    text that stands for each figure instead (the reconciliation sheet's marks)."""
    out, last = [], 0
    for found in figures_in(text):
        out.append(text[last:found.start])
        out.append(mark(found) if mark is not None else found.printed)
        last = found.end
    out.append(text[last:])
    return "".join(out)


# ------------------------------------------------------------------ what cannot be read


def unreadable(text: str) -> list[str]:
    """The figures of a text that cannot be read as Vietnamese numbers, as written."""
    return [f.written.strip() for f in figures_in(text) if f.value is None]


def problems(values: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str, str]]:
    """(where, message, hint) for each text of the data holding a figure that cannot be read."""
    for where, text in texts(values, loc):
        for written in unreadable(text):
            yield (where, f"không đọc được số '{written}' trong đoạn văn (văn bản viết số: dấu chấm ngăn nhóm ba "
                          f"chữ số, dấu phẩy trước phần thập phân).",
                   "Sửa lại, ví dụ: 9.186,35 ha; 7,5%; 1.234,5.")


def texts(values: Any, loc: Loc = ()) -> Iterable[tuple[Loc, str]]:
    """Every text of plain data with where it is."""
    if isinstance(values, str):
        yield loc, values
    elif isinstance(values, dict):
        for key, value in values.items():
            yield from texts(value, (*loc, key))
    elif isinstance(values, list):
        for i, value in enumerate(values):
            yield from texts(value, (*loc, i))
