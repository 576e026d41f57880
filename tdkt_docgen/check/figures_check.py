"""`tdkt check`, rule ND30-SO-LIEU: figures of one document that disagree, in any DOCX (tdkt's or a Word file).

- A table's total row ("Tổng số", "Tổng cộng", "Cộng") equals the sum of its rows: of its group rows (STT I, II,
  …) when they hold subtotals, each group the sum of the numbered rows under it; else of the numbered rows.
- In a row, "Tổng số" equals "Tập thể" + "Cá nhân" when the three columns stand side by side.
- In a sentence, "382/1.059 xã … (đạt 36,07%)" and "chiếm 24,79% (… 89/359 …)": the percentage is a/b.

A cell "-" or empty counts as none; a column with a percentage or a mark ("12.632*": part of the rows only) is
not added up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from docx.oxml.ns import qn

from ..document.typed import read
from ..vn import format_number

ROMAN = re.compile(r"^[IVXLC]+\.?$")
TOTALS = {"tổng số", "tổng cộng", "cộng", "tổng", "toàn cụm"}
NUMBERING = {"STT", "TT", "Số TT"}
_FRACTION_THEN_PERCENT = re.compile(r"(?<![\d/.,])(\d{1,3}(?:\.\d{3})+|\d+)/(\d{1,3}(?:\.\d{3})+|\d+)(?![\d/])"
                                    r"[^()%/;]{0,80}?\(đạt (\d+(?:,\d+)?)%\)")
_PERCENT_THEN_FRACTION = re.compile(r"chiếm (\d+(?:,\d+)?)% \([^():]*: (\d{1,3}(?:\.\d{3})+|\d+)/"
                                    r"(\d{1,3}(?:\.\d{3})+|\d+)")

Grid = list[tuple[list[str], bool]]  # each row: its cells' texts column by column, and whether a cell spans


def grid(table: Any) -> Grid:
    """A table's rows as texts per column (a cell spanning columns repeated in each)."""
    rows = []
    for tr in table.iterchildren(qn("w:tr")):
        cells, spans = [], False
        for tc in tr.iterchildren(qn("w:tc")):
            span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            width = int(span.get(qn("w:val"))) if span is not None else 1
            spans = spans or width > 1
            text = " ".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))).strip()
            cells += [text] * width
        rows.append((cells, spans))
    return rows


def _value(text: str) -> Decimal | None:
    """A cell's number ("-" and empty: 0); None when it is no plain number."""
    text = text.strip()
    if text in ("", "-", "–"):
        return Decimal(0)
    return read(text.replace(" ", ""))


def _header(rows: Grid) -> tuple[int, list[str]]:
    """How many header rows there are, and each column's header text (the lowest non-empty one)."""
    count = 0
    for cells, _ in rows[:4]:
        first = cells[0].strip() if cells else ""
        if count and (ROMAN.match(first) or first.rstrip(".").isdigit() or first.lower() in TOTALS
                      or any(c.strip().lower() in TOTALS for c in cells[:2])
                      or any(_value(c) not in (None, Decimal(0)) for c in cells[1:] if c.strip())):
            break
        count += 1
    names = [""] * max((len(cells) for cells, _ in rows), default=0)
    for cells, _ in rows[:count]:
        for i, text in enumerate(cells):
            if text:
                names[i] = text
    return count, names


def table_problems(rows: Grid) -> Iterator[tuple[str, str, str]]:
    """(found, expected, where) for every total of the table that is not the sum of its rows."""
    if len(rows) < 3:
        return
    heads, names = _header(rows)
    numbering = next((i for i, n in enumerate(names) if n in NUMBERING), None)
    label = 1 if numbering == 0 else 0
    body = [(r, cells) for r, (cells, spans) in enumerate(rows) if r >= heads]
    yield from _row_identity(body, names)
    if numbering is None:
        return
    total = next(((r, cells) for r, cells in body if cells[label].strip().lower() in TOTALS
                  or cells[numbering].strip().lower() in TOTALS), None)
    if total is None:
        return
    groups = [(r, cells) for r, cells in body if ROMAN.match(cells[numbering].strip())]
    items = [(r, cells) for r, cells in body if cells[numbering].strip().rstrip(".").isdigit()]
    for column, name in enumerate(names):
        if column in (numbering, label) or "%" in name or "tỷ lệ" in name.lower():
            continue
        yield from _column(column, name, total, groups, items, body)


def _numbers(rows: list[tuple[int, list[str]]], column: int) -> list[Decimal] | None:
    found = []
    for _, cells in rows:
        if column >= len(cells) or "*" in cells[column]:
            return None
        value = _value(cells[column])
        if value is None:
            return None
        found.append(value)
    return found


def _column(column: int, name: str, total: tuple[int, list[str]], groups: list[tuple[int, list[str]]],
            items: list[tuple[int, list[str]]], body: list[tuple[int, list[str]]]) -> Iterator[tuple[str, str, str]]:
    stated = _numbers([total], column)
    parts = _numbers(items, column)
    if stated is None or parts is None or not items:
        return
    where = f"cột “{name or column + 1}”"
    subtotals = _numbers(groups, column)
    if groups and subtotals is not None and all(c[column].strip() for _, c in groups):
        if sum(subtotals) != stated[0]:
            yield (f"dòng tổng ghi {format_number(stated[0])}, các dòng nhóm cộng lại {format_number(sum(subtotals))}",
                   "dòng tổng bằng tổng các dòng nhóm", where)
        for (row, cells), subtotal in zip(groups, subtotals, strict=True):
            under = [c for r, c in items if r > row and all(r < g for g, _ in groups if g > row)]
            values = _numbers([(0, c) for c in under], column)
            if values is not None and sum(values) != subtotal:
                yield (f"dòng “{cells[1] if len(cells) > 1 else cells[0]}” ghi {format_number(subtotal)}, các dòng "
                       f"của nhóm cộng lại {format_number(sum(values))}", "dòng nhóm bằng tổng các dòng của nhóm",
                       where)
    elif sum(parts) != stated[0]:
        yield (f"dòng tổng ghi {format_number(stated[0])}, các dòng cộng lại {format_number(sum(parts))}",
               "dòng tổng bằng tổng các dòng", where)


def _row_identity(body: list[tuple[int, list[str]]], names: list[str]) -> Iterator[tuple[str, str, str]]:
    """ "Tổng số" = "Tập thể" + "Cá nhân" in every row, where the three columns stand side by side."""
    for start in range(len(names) - 2):
        if [n.lower() for n in names[start:start + 3]] != ["tổng số", "tập thể", "cá nhân"]:
            continue
        for _, cells in body:
            values = _numbers([(0, cells)], start), _numbers([(0, cells)], start + 1), _numbers([(0, cells)], start + 2)
            if any(v is None for v in values) or not cells[start].strip():
                continue
            whole, collectives, people = (v[0] for v in values if v is not None)
            if whole != collectives + people:
                yield (f"dòng “{cells[1] if len(cells) > 1 else cells[0]}”: Tổng số {format_number(whole)}, Tập thể "
                       f"cộng Cá nhân được {format_number(collectives + people)}", "Tổng số bằng Tập thể cộng Cá nhân",
                       f"cột “{names[start]}”")


def _percent(text: str) -> tuple[Decimal, Decimal] | None:
    value = read(text)
    if value is None:
        return None
    decimals = len(text.partition(",")[2])
    return value, Decimal(5) / Decimal(10) ** (decimals + 1)


def text_problems(text: str) -> Iterator[tuple[str, str]]:
    """(found, expected) for each "a/b … (đạt x%)" or "chiếm x% (… a/b …)" whose percentage is not a/b."""
    checks = [(m[1], m[2], m[3], m.group(0)) for m in _FRACTION_THEN_PERCENT.finditer(text)]
    checks += [(m[2], m[3], m[1], m.group(0)) for m in _PERCENT_THEN_FRACTION.finditer(text)]
    for part_text, whole_text, percent_text, shown in checks:
        part, whole, percent = read(part_text), read(whole_text), _percent(percent_text)
        if part is None or not whole or percent is None:
            continue
        exact = part * 100 / whole
        if abs(exact - percent[0]) > percent[1]:
            yield (f"“{shown[:70]}”: {part_text}/{whole_text} là {format_number(round(exact, 2))}%",
                   f"tỷ lệ đúng bằng {part_text}/{whole_text}")
