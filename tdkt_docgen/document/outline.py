"""A free outline as data, made display-ready: numbered headings, paragraphs in the project's markup, tables
given in the data (merged header cells, number formats, a checked total row) and appendix sections.

``blocks`` flattens an outline into a list of ``{"kieu": …, "r": …}``; the template draws each block in the
frame's named style ``BLOCK_STYLES[kieu]`` (headings keep with their next paragraph through their style).
Any kind may use it for the parts of its outline that are data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .. import nd30
from ..data.load import Loc
from ..vn import (
    format_count,
    format_number,
    format_percent,
    ordinal,
    point_letter,
    roman,
    shown,
    to_decimal,
    upper,
)
from . import figures as fg
from .figures import Figure
from .markup import Para, Run, escape, inline, parse
from .tables import SECTION_MARK, Cell, Row, Table
from .van_ban import Bang, Cot, DongNhom, DongTong, Muc, OTieuDe

# Block kind -> the frame's paragraph style that draws it (``templates/build.py`` writes one branch each).
BLOCK_STYLES: dict[str, str] = {
    "phan": "Phần", "tieu_de_phan": "Tiêu đề phần", "muc": "Tiêu đề mục", "khoan": "Tiêu đề khoản",
    "diem": "Tiêu đề điểm", "doan": "Nội dung", "bang": "Bảng", "tieu_de_bang": "Phụ lục",
    "don_vi": "Kèm theo", "ghi_chu": "Ghi chú", "phu_luc": "Phụ lục", "tieu_de_phu_luc": "Tiêu đề phụ lục",
    "kem_theo": "Kèm theo", "trang": "Nội dung",  # "trang": a section break (its marker, replaced by finish)
}

# Heading level -> (block kind, how its n-th heading is numbered)
_LEVELS: dict[str, tuple[str, Any]] = {
    "phan": ("phan", lambda n, path: f"Phần {roman(n)}"),
    "phan_thu": ("phan", lambda n, path: f"Phần {ordinal(n)}"),
    "chuong": ("phan", lambda n, path: f"Chương {roman(n)}"),
    "muc": ("muc", lambda n, path: f"{roman(n)}."),
    "khoan": ("khoan", lambda n, path: f"{n}."),
    "tieu_khoan": ("khoan", lambda n, path: ".".join(str(p) for p in path[-2:]) + "."),
    "diem": ("diem", lambda n, path: f"{point_letter(n)})"),
    "dieu": ("khoan", lambda n, path: f"Điều {n}."),
}

Problems = list[tuple[Loc, str, str | None]]
Mismatches = list[tuple[Loc, str, str, str]]


@dataclass
class Outline:
    """What an outline becomes: blocks to draw, problems found, stated totals that differ."""

    blocks: list[dict[str, Any]] = field(default_factory=list)
    problems: Problems = field(default_factory=list)
    mismatches: Mismatches = field(default_factory=list)
    absent: list[tuple[Loc, str]] = field(default_factory=list)  # stated totals with no details to add up


def blocks(nodes: Sequence[Muc], levels: Sequence[str], loc: Loc, width_cm: float,
           result: Outline | None = None) -> Outline:
    """The blocks of ``nodes`` (at ``loc`` in the data), headings numbered by ``levels`` from the outermost."""
    result = result or Outline()
    _walk(nodes, list(levels), 0, (), loc, width_cm, result, {"dieu": 0})
    return result


def _walk(nodes: Sequence[Muc], levels: list[str], depth: int, path: tuple[int, ...], loc: Loc, width_cm: float,
          out: Outline, running: dict[str, int]) -> None:
    count = 0
    alone = sum(1 for node in nodes if node.tieu_de is not None or node.so is not None or node.danh_so) == 1
    for index, node in enumerate(nodes):
        here = loc + (index,)
        numbered = node.tieu_de is not None or node.so is not None or node.danh_so
        number, kind = "", "diem"
        if numbered:
            count += 1
            level = levels[depth] if depth < len(levels) else None
            if level is not None:
                kind, numbering = _LEVELS[level]
                # articles (Điều) are numbered through the whole document, not per parent
                if level == "dieu":
                    running["dieu"] += 1
                n = running["dieu"] if level == "dieu" else count
                if node.so is not None:
                    number = node.so
                elif alone and level != "dieu":  # a level of one heading is not numbered: no "I." without "II."
                    number = ""
                else:
                    number = _number(numbering, n, (*path, n), here, out)
            else:
                number = node.so or ""
        paragraphs = parse(node.doan)
        if node.tieu_de is not None:
            _heading(out, kind, number, node.tieu_de)
        elif number and paragraphs:  # a numbered node without title: the number opens its first paragraph
            bold = kind in ("khoan",) and number.startswith("Điều")
            paragraphs[0] = Para((Run(f"{number} ", bold=bold), *paragraphs[0].parts))
        elif number:
            out.blocks.append({"kieu": "doan", "r": inline(escape(number))})
        out.blocks += [{"kieu": "doan", "r": p} for p in paragraphs]
        if node.bang is not None:
            table(node.bang, here + ("bang",), width_cm, out)
        child_path = (*path, count) if numbered else path
        _walk(node.noi_dung, levels, depth + 1 if numbered else depth, child_path, here + ("noi_dung",),
              width_cm, out, running)


def _number(numbering: Any, n: int, path: tuple[int, ...], loc: Loc, out: Outline) -> str:
    """The generated number, or a problem when the level has no numeral for it (a 24th "điểm")."""
    try:
        return str(numbering(n, path))
    except ValueError as error:
        out.problems.append((loc, f"không đánh số được đề mục thứ {n} ở cấp này ({error}).",
                             "Chia bớt đề mục ở cấp này, đổi cách đánh số ('danh_so') hoặc ghi số tay ('so')."))
        return ""


def _heading(out: Outline, kind: str, number: str, title: str) -> None:
    if kind == "phan":
        if number:
            out.blocks.append({"kieu": "phan", "r": inline(escape(number))})
        out.blocks.append({"kieu": "tieu_de_phan", "r": inline(upper(title))})
        return
    text = upper(title) if kind == "muc" else title
    out.blocks.append({"kieu": kind, "r": inline(f"{escape(number)} {text}" if number else text)})


def section_break(orientation: str) -> dict[str, Any]:
    """The block that starts a new section (``finish`` turns its marker into a section break)."""
    return {"kieu": "trang", "r": inline(SECTION_MARK.format(orientation))}


# ------------------------------------------------------------------ tables


def table(spec: Bang, loc: Loc, width_cm: float, out: Outline) -> None:
    """The blocks of one table (caption, unit, the table, its note), its problems and its total's mismatches."""
    columns = spec.cot
    problems_before = len(out.problems)
    header = _header_rows(spec, loc, out.problems)
    body: list[list[Any]] = []  # the figures of the rows that add up (group rows excluded), with their places
    rows = list(header)
    for r, row in enumerate(spec.dong):
        group = isinstance(row, DongNhom)
        values = row.nhom if isinstance(row, DongNhom) else row
        here = loc + ("dong", r) + (("nhom",) if group else ())
        if len(values) != len(columns):
            out.problems.append((here, f"dòng có {len(values)} ô nhưng bảng có {len(columns)} cột.",
                                 "Mỗi dòng phải có đúng một ô cho mỗi cột (ô trống ghi null hoặc '-')."))
            continue
        values_read = [_value(v, c, here + (i,), out.problems)
                       for i, (v, c) in enumerate(zip(values, columns, strict=True))]
        shown = [fg.data(v, here + (i,), c.ten or c.ma or "") if isinstance(v, Decimal) else v
                 for i, (v, c) in enumerate(zip(values_read, columns, strict=True))]
        if not group:
            body.append(shown)
        cells = tuple(_cell(v, c) for v, c in zip(shown, columns, strict=True))
        rows.append(Row(cells, "group" if group else "body"))
    if len(out.problems) > problems_before:
        return
    if spec.tong:
        rows.append(_total_row(spec, body, loc, out))
    if spec.tieu_de:
        out.blocks.append({"kieu": "tieu_de_bang", "r": inline(escape(spec.tieu_de))})
    if spec.don_vi:
        out.blocks.append({"kieu": "don_vi", "r": inline(f"Đơn vị tính: {escape(spec.don_vi)}")})
    total = sum(c.rong for c in columns)
    widths = tuple(round(float(c.rong / total) * width_cm, 3) for c in columns)
    out.blocks.append({"kieu": "bang", "r": Table(widths, tuple(rows), font_pt=float(spec.co_chu))})
    if spec.ghi_chu:
        out.blocks += [{"kieu": "ghi_chu", "r": p} for p in parse(spec.ghi_chu)]


def _header_rows(spec: Bang, loc: Loc, problems: Problems) -> list[Row]:
    """Header rows with their merges: a cell spanning rows starts a vertical merge continued below it."""
    ncols = len(spec.cot)
    typed: list[list[str | OTieuDe]] = list(spec.dau) or (
        [[c.ten or "" for c in spec.cot]] if any(c.ten for c in spec.cot) else [])
    below: dict[tuple[int, int], int] = {}  # (row, column) -> span of a cell merged down into it
    rows: list[Row] = []
    for r, typed_row in enumerate(typed):
        cells: list[Cell] = []
        column = 0
        items = [OTieuDe(chu=i, gop_ngang=1, gop_doc=1) if isinstance(i, str) else i for i in typed_row]
        position = 0
        while column < ncols or position < len(items):
            if (r, column) in below:
                span = below[(r, column)]
                cells.append(Cell("", span=span, merge_down="continue"))
                column += span
                continue
            if position >= len(items):
                break
            item = items[position]
            position += 1
            if item.gop_doc > len(typed) - r:
                problems.append((loc + ("dau", r, position - 1, "gop_doc"),
                                 f"ô '{item.chu}' gộp {item.gop_doc} dòng nhưng bên dưới chỉ còn "
                                 f"{len(typed) - r - 1} dòng tiêu đề.", "Giảm 'gop_doc' hoặc thêm dòng tiêu đề."))
                return []
            for below_row in range(r + 1, r + item.gop_doc):
                below[(below_row, column)] = item.gop_ngang
            cells.append(Cell(item.chu, span=item.gop_ngang, merge_down="start" if item.gop_doc > 1 else None))
            column += item.gop_ngang
        if column != ncols:
            problems.append((loc + ("dau", r), f"dòng tiêu đề thứ {r + 1} phủ {column} cột nhưng bảng có {ncols} "
                                               "cột.", "Sửa số ô, 'gop_ngang' hoặc 'gop_doc' cho khớp số cột ('cot')."))
            return []
        rows.append(Row(tuple(cells), "header"))
    return rows


def _numeric(column: Cot) -> bool:
    return column.dinh_dang != "chu"


def _value(value: Any, column: Cot, loc: Loc, problems: Problems) -> Decimal | str | None:
    """A cell's value: a number for a numeric column (typed as number or as "1.234,5"), else its text."""
    if value is None or value == "":
        return None
    if not _numeric(column):
        return format_number(value) if isinstance(value, Decimal) else str(value)
    if isinstance(value, str) and value.strip() in ("-", "x", "X"):
        return value.strip()
    try:
        return to_decimal(value)
    except ValueError:
        problems.append((loc, f"cột '{column.ten or column.ma}' là cột số nhưng ô này ghi {shown(value)}.",
                         "Ghi số (ví dụ: 1.234 hoặc 7,5); ô không có số liệu để trống (null) hoặc ghi '-'."))
        return None


def _format(value: Figure | str | None, column: Cot) -> str:
    """A cell's text by its column's format; ``so_le`` holds for every cell, a whole one too ("41,0%")."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    number = value.value
    if number is None:
        return ""
    if column.dinh_dang == "phan_tram":
        text = (format_percent(number, 2) if column.so_le is None
                else format_number(round(number, column.so_le), column.so_le) + "%")
    elif column.dinh_dang == "dem" and number == int(number):
        text = format_count(int(number))
    else:
        text = format_number(number, column.so_le)
    return fg.formatted(value, text)


_ALIGN = {"trai": "left", "giua": "center", "phai": "right"}


def _cell(value: Figure | str | None, column: Cot) -> Cell:
    align = column.canh or ("giua" if _numeric(column) else "trai")
    return Cell(_format(value, column), align=_ALIGN[align])  # type: ignore[arg-type]


def _sums(column: Cot) -> bool:
    return column.cong if column.cong is not None else column.dinh_dang in ("so", "dem")


def _total_row(spec: Bang, body: list[list[Any]], loc: Loc, out: Outline) -> Row:
    """The computed total row; totals the data states are checked against it (a mismatch is a warning and the
    computed figure is printed)."""
    columns = spec.cot
    label = spec.tong.nhan if isinstance(spec.tong, DongTong) else "Tổng cộng"
    first = next((i for i, c in enumerate(columns) if _sums(c)), len(columns))
    totals: dict[int, Figure] = {}
    for i, column in enumerate(columns):
        parts = [row[i] for row in body if isinstance(row[i], Figure)]
        if _sums(column) and parts:
            totals[i] = fg.total(parts, f"tổng cột “{column.ten or column.ma or i + 1}”")
    cells = [Cell(label, span=max(first, 1), align="center")] if first else []
    for i in range(max(first, 1) if first else 0, len(columns)):
        cells.append(Cell(_format(totals.get(i), columns[i]), align=_cell(None, columns[i]).align))
    if isinstance(spec.tong, DongTong):
        _check_stated(spec, spec.tong, totals, loc + ("tong", "ghi"), out)
    return Row(tuple(cells), "total")


def _check_stated(spec: Bang, total: DongTong, totals: dict[int, Figure], loc: Loc, out: Outline) -> None:
    keys = {key: i for i, c in enumerate(spec.cot) for key in (c.ma, c.ten) if key}
    for key, stated in total.ghi.items():
        if key not in keys:
            out.problems.append((loc + (key,), f"bảng không có cột '{key}'.",
                                 f"Các cột có: {', '.join(keys)}."))
            continue
        column = spec.cot[keys[key]]
        computed = totals.get(keys[key])
        what = f"{spec.tieu_de or 'Bảng'}, cột '{column.ten or key}' (dòng {total.nhan})"
        if computed is None or computed.value is None:
            out.absent.append((loc + (key,), f"{what}: tệp ghi tổng {format_number(stated)} nhưng cột không có số "
                                             "liệu chi tiết để cộng; bảng để trống ô tổng. Đề nghị bổ sung số liệu."))
        elif computed.value != stated:
            out.mismatches.append((loc + (key,), what, format_number(stated), format_number(computed.value)))


def kem_theo(ten_loai: str, so: int | None, symbol: str, day: str, issuer: str) -> str:
    """ "(Kèm theo Báo cáo số 80/BC-SNV ngày 27/3/2024 của Sở Nội vụ tỉnh Bắc Giang)"."""
    number = nd30.so_ky_hieu(so, symbol).removeprefix("Số: ")
    return f"(Kèm theo {ten_loai} số {number} ngày {day} của {issuer})"
