"""The reconciliation sheet (bảng đối chiếu số liệu): one row for every number a document prints, where it stands,
the text as printed, its value, and where it comes from: the data field (file and line), the formula and its
inputs, "nhập tay" for a number typed inside a free text, "cố định" for a number of the wording itself.

``derive`` runs under ``figures.recording(marked=True)``: each printed figure carries a mark in the context.
``collect`` takes the marks out (the context is then the one a normal run makes) and notes where each one stood;
``rows`` says it for a secretary; ``workbook`` writes the sheet.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..data.load import Loc, field_name
from ..errors import Position
from . import figures, typed
from .figures import Figure, Recording
from .markup import Footnote, Para, Run
from .tables import Cell, Row, Table

Path_ = tuple[Any, ...]  # keys and indexes into the context; ("cell", row, column) and ("footnote", n) steps


@dataclass(frozen=True)
class Printed:
    """A figure as it stands in the context: its text, the value holding it, the text before it there;
    ``unmarked``: a number no figure printed (a name from the data: "Cụm thi đua 7 tỉnh"), found afterwards."""

    figure: Figure
    text: str
    path: Path_
    before: str
    after: str = ""
    unmarked: bool = False


def collect(context: dict[str, Any], found: Recording, shown: Iterable[str] | None = None) -> tuple[
        dict[str, Any], list[Printed]]:
    """The context without its marks, and where each marked figure stands, in the context's order; numbers
    in it that no figure printed are listed too (``unmarked``), the numbering of table rows left aside. Only
    the values the template prints (``shown``, top-level names) count."""
    printed: list[Printed] = []
    names = set(shown) if shown is not None else None

    def strip(text: str, path: Path_, numbering: bool = False) -> str:
        clean, marked = figures.take_marks(text, found)
        spans = []
        for figure, shown, before in marked:
            start = len(before)
            printed.append(Printed(figure, shown, path, before, clean[start + len(shown):]))
            spans.append((start, start + len(shown)))
        if not numbering:
            for number in typed.figures_in(clean):
                if not any(a <= number.start < b for a, b in spans):
                    printed.append(Printed(figures.typed(number.value, number.written.strip()), number.written.strip(),
                                           path,
                                           clean[:number.start], clean[number.end:], unmarked=True))
        return clean

    def clean_only(text: str) -> str:
        return figures.take_marks(text, found)[0]

    return {k: _walk(v, (k,), strip if names is None or k in names else lambda t, *_: clean_only(t))
            for k, v in context.items()}, printed


NUMBERING = ("STT", "TT", "Số TT")  # a table's column of row numbers


def _walk(value: Any, path: Path_, strip: Callable[..., str]) -> Any:
    if isinstance(value, str):
        return strip(value, path)
    if isinstance(value, dict):
        return {k: _walk(v, (*path, k), strip) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, (*path, i), strip) for i, v in enumerate(value)]
    if isinstance(value, Para):
        parts, notes = [], 0
        for part in value.parts:
            if isinstance(part, Footnote):
                notes += 1
                parts.append(Footnote(tuple(_walk(r, (*path, "footnote", notes), strip) for r in part.runs)))
            else:
                parts.append(_walk(part, path, strip))
        return Para(tuple(parts))
    if isinstance(value, Run):
        return dataclasses.replace(value, text=strip(value.text, path))
    if isinstance(value, Table):
        numbering = _numbering_columns(value)
        rows = tuple(Row(tuple(dataclasses.replace(c, text=strip(c.text, (*path, "cell", r, k),
                                                                 k in numbering or row.kind == "header"))
                               for k, c in enumerate(row.cells)), row.kind) for r, row in enumerate(value.rows))
        return dataclasses.replace(value, rows=rows)
    if isinstance(value, Cell):
        return dataclasses.replace(value, text=strip(value.text, path))
    if isinstance(value, tuple) and not dataclasses.is_dataclass(value):
        return tuple(_walk(v, (*path, i), strip) for i, v in enumerate(value))
    return value


def _numbering_columns(table: Table) -> set[int]:
    first = table.rows[0].cells if table.rows else ()
    return {k for k, c in enumerate(first) if figures.MARK.sub(lambda m: m.group(2), c.text).strip() in NUMBERING}


# ------------------------------------------------------------------ where, in a secretary's words

PARTS = {"mo_dau": "Mở đầu", "ket_luan": "Câu kết", "than": "Nội dung", "phu_luc": "Phụ lục",
         "chi_tieu": "Bảng chỉ tiêu", "so_ban": "Câu kết (số bản)", "noi_dung": "Nội dung",
         "muc_dich_yeu_cau": "Mục đích, yêu cầu", "noi_dung_thi_dua": "Nội dung thi đua",
         "to_chuc_thuc_hien": "Tổ chức thực hiện", "danh_hieu": "Danh hiệu đăng ký", "chuong_trinh": "Chương trình",
         "thoi_gian": "Thời gian", "dia_diem": "Địa điểm", "thanh_phan": "Thành phần", "kinh_phi": "Kinh phí",
         "nhiem_vu": "Nhiệm vụ", "lich": "Lịch hoạt động", "trich_yeu": "Trích yếu", "nguoi_ky": "Chữ ký",
         "ten_loai": "Tên loại văn bản", "co_quan_ban_hanh": "Cơ quan ban hành", "kinh_gui": "Kính gửi",
         "noi_nhan": "Nơi nhận", "chu_ky_cac_ben": "Chữ ký các bên", "can_cu": "Căn cứ"}
HEADINGS = ("phan", "tieu_de_phan", "muc", "khoan", "diem", "phu_luc", "tieu_de_phu_luc", "tieu_de_bang")
_SHORT = 60


def _plain(value: Any) -> str:
    text = value.text if isinstance(value, Para) else str(value)
    return figures.MARK.sub(lambda m: m.group(2), text)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SHORT else text[:_SHORT].rstrip() + "…"


def where(context: dict[str, Any], path: Path_) -> str:
    """ "Nội dung › III. CÔNG TÁC KHEN THƯỞNG › 2. Khen thưởng cấp tỉnh, đoạn 1", "Phụ lục II, bảng 1, dòng
    “Tổng số”, cột “Toàn Cụm – Tỷ lệ (%)”"."""
    key = path[0]
    value = context.get(key)
    rest = path[1:]
    name = PARTS.get(str(key), f"phần “{key}”")
    if isinstance(value, list) and value and all(isinstance(b, dict) and "kieu" in b for b in value) and rest:
        return _in_blocks(name, value, rest)
    if isinstance(value, list) and rest and isinstance(rest[0], int):
        name += f", đoạn {rest[0] + 1}"
        rest = rest[1:]
    return name + _inside(value if not isinstance(value, list) else None, rest)


def _in_blocks(name: str, blocks: list[dict[str, Any]], rest: Path_) -> str:
    index = rest[0]
    trail: dict[str, str] = {}
    paragraphs = tables = 0
    for block in blocks[:index]:
        kind = block["kieu"]
        if kind in HEADINGS:
            level = HEADINGS.index(kind)
            trail = {k: v for k, v in trail.items() if HEADINGS.index(k) < level}
            trail[kind] = _short(_plain(block["r"]))
            paragraphs = tables = 0
        elif kind == "bang":
            tables += 1
        elif kind in ("doan", "ghi_chu"):
            paragraphs += 1
    block = blocks[index]
    heads = [trail[k] for k in HEADINGS if k in trail and k != "tieu_de_phan"]
    place = " › ".join(heads if heads and heads[0].startswith("Phụ lục") else [name, *heads])
    if block["kieu"] in HEADINGS:
        return f"{place}, tiêu đề “{_short(_plain(block['r']))}”" + _inside(block["r"], rest[2:])
    if block["kieu"] == "bang":
        return f"{place}, bảng {tables + 1}" + _inside(block["r"], rest[2:])
    return f"{place}, đoạn {paragraphs + 1}" + _inside(block["r"], rest[2:])


def _inside(value: Any, rest: Path_) -> str:
    if rest and rest[0] == "cell" and isinstance(value, Table):
        return _cell(value, rest[1], rest[2])
    if rest and rest[0] == "footnote":
        return f", chú thích {rest[1]}"
    return ""


def _cell(table: Table, row: int, column: int) -> str:
    """ "dòng “Huân chương Độc lập”, cột “Toàn Cụm – Tỷ lệ (%)”" (the header texts over the column)."""
    header = [r for r in table.rows if r.kind == "header"]
    names: list[str] = []
    for r in header:
        position = 0
        for c in r.cells:
            if position <= column < position + c.span and c.text and _plain(c.text) not in names:
                names.append(_plain(c.text))
            position += c.span
    cells = table.rows[row].cells
    label = next((_plain(c.text) for c in cells[1:] if c.text and not _plain(c.text)[:1].isdigit()), None)
    label = label or _plain(cells[0].text)
    return f", dòng “{_short(label)}”, cột “{' – '.join(names) or column + 1}”"


# ------------------------------------------------------------------ the rows


@dataclass(frozen=True)
class Input:
    label: str
    value: Decimal | None
    field: str
    place: str
    formula: str


@dataclass(frozen=True)
class Line:
    """One row of the sheet."""

    where: str
    printed: str
    value: Decimal | None
    source: str  # "dữ liệu", "tính", "nhập tay", "cố định"
    field: str
    place: str  # file and line (or workbook cell)
    formula: str
    inputs: tuple[Input, ...]
    note: str = ""


SOURCES = {"data": "dữ liệu", "computed": "tính", "typed": "nhập tay", "fixed": "cố định",
           "unknown": "không rõ nguồn"}
FORMULAS = {figures.TOTAL: "cộng các số có số liệu", figures.SHARE: "số thứ nhất × 100 / số thứ hai, làm tròn 2 chữ số",
            figures.MEAN: "trung bình cộng, làm tròn 2 chữ số", figures.COUNT: "đếm",
            figures.SIZE: "bỏ dấu (tăng/giảm theo dấu)"}


def _kind(figure: Figure) -> str:
    if figure.typed:
        return SOURCES["typed"]
    if figure.formula == figures.CONSTANT:
        return SOURCES["fixed"]
    if figure.formula is not None:
        return SOURCES["computed"]
    return SOURCES["data"]


def rows(context: dict[str, Any], printed: Sequence[Printed], position: Callable[[Loc], Position],
         texts: Iterable[tuple[Loc, str]] = ()) -> list[Line]:
    """The sheet's rows: each printed figure with its place in the document and its provenance; a typed
    number's field is found among the data's ``texts`` by the words before it."""
    data_texts = [(loc, _squash(text)) for loc, text in texts]
    lines = []
    for item in printed:
        figure = item.figure
        field, place = _origin(figure, position)
        source = _kind(figure)
        if figure.typed:
            loc = _typed_field(item, data_texts)
            if loc is not None:
                field, place = field_name(loc), _place(position(loc))
            elif item.unmarked:
                source = SOURCES["unknown"]
        inputs = tuple(_input(f, position) for f in figure.inputs) if figure.formula not in (None, figures.CONSTANT) \
            else ()
        note = ""
        if figure.formula == figures.TOTAL and figure.missing:
            note = f"không có số liệu: {len(figure.missing)} thành phần (không tính là 0)"
        if figure.typed and figure.value is None:
            note = "không đọc được số này"
        lines.append(Line(where(context, item.path), item.text, figure.value, source, field, place,
                          FORMULAS.get(figure.formula or "", figure.label if figure.formula == figures.CONSTANT
                                       else ""), inputs, note))
    return lines


def _origin(figure: Figure, position: Callable[[Loc], Position]) -> tuple[str, str]:
    if figure.source is None:
        return "", ""
    return field_name(figure.source), _place(position(figure.source))


def _place(found: Position) -> str:
    parts = [str(found.file)] if found.file is not None else []
    if found.cell:
        parts.append(found.cell)
    if found.line is not None:
        parts.append(f"dòng {found.line}")
    return ", ".join(parts)


def _input(figure: Figure, position: Callable[[Loc], Position]) -> Input:
    field, place = _origin(figure, position)
    formula = FORMULAS.get(figure.formula or "", "")
    if figure.formula not in (None, figures.CONSTANT):
        parts = [f.source for f in figures.leaves(figure) if f.source is not None]
        place = place or (f"tính từ {len(parts)} số liệu" if parts else "")
    return Input(figure.label, figure.value, field, place, formula)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*^\[\]\\]", "", text)).casefold()


def _typed_field(item: Printed, texts: list[tuple[Loc, str]]) -> Loc | None:
    """The data text a typed number came from: the one where the words written just before it (or just after
    it) stand beside the same digits; the longest such words win."""
    before, after = _squash(item.before), _squash(item.after)
    numbers = {n.casefold() for n in (item.text, item.text.replace(".", ""), item.figure.label) if n}
    patterns = [(before[-size:], "") for size in (24, 16, 10) if len(before) >= size]
    patterns += [("", after[:size]) for size in (16, 10) if len(after) >= size]
    patterns += [(before[-6:], "")] if len(before) >= 6 else []
    patterns += [("", after[:6])] if len(after) >= 6 else []
    for tail, head in patterns:
        for loc, text in texts:
            if any(tail + n + head in text for n in numbers):
                return loc
    return None


# ------------------------------------------------------------------ the workbook

HEADER = ("STT", "Vị trí trong văn bản", "Số in trong văn bản", "Giá trị", "Nguồn", "Trường dữ liệu", "Tệp, dòng",
          "Cách tính", "Số thành phần", "Ghi chú")
INPUT_HEADER = ("STT số in", "Thành phần", "Giá trị", "Trường dữ liệu", "Tệp, dòng", "Cách tính")


def _number(value: Decimal | None) -> float | int | str:
    if value is None:
        return "không có số liệu"
    return int(value) if value == value.to_integral_value() else float(value)


def workbook(lines: Sequence[Line], title: str) -> bytes:
    """The sheet as an .xlsx: "Đối chiếu" (one row per printed number) and "Thành phần" (the inputs of
    each computed one), the same bytes for the same document."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from ..data.workbook import to_bytes

    book = Workbook()
    sheet = book.active
    sheet.title = "Đối chiếu"
    sheet.append([f"Bảng đối chiếu số liệu: {title}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(HEADER))
    for i, line in enumerate(lines, 1):
        sheet.append([i, line.where, line.printed, _number(line.value), line.source, line.field, line.place,
                      line.formula, len(line.inputs) or "", line.note])
    parts = book.create_sheet("Thành phần")
    parts.append(list(INPUT_HEADER))
    for i, line in enumerate(lines, 1):
        for item in line.inputs:
            parts.append([i, item.label, _number(item.value), item.field, item.place, item.formula])
    for current, widths in ((sheet, (6, 60, 16, 14, 10, 46, 40, 34, 10, 40)), (parts, (9, 46, 14, 46, 40, 34))):
        for column, width in enumerate(widths, 1):
            current.column_dimensions[chr(64 + column)].width = width
        header_row = 2 if current is sheet else 1
        for cell in current[header_row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        current.freeze_panes = current.cell(row=header_row + 1, column=1)
    return to_bytes(book)


def read_back(content: bytes) -> list[dict[str, Any]]:
    """The rows of a written sheet, each with its inputs (for tests, and for anyone re-checking a sheet)."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    main = [row for row in book["Đối chiếu"].iter_rows(min_row=3, values_only=True) if row and row[0] is not None]
    inputs: dict[int, list[tuple[Any, ...]]] = {}
    for row in book["Thành phần"].iter_rows(min_row=2, values_only=True):
        if row and row[0] is not None:
            inputs.setdefault(int(row[0]), []).append(row)
    return [dict(zip(HEADER, row, strict=False), inputs=inputs.get(int(row[0]), [])) for row in main]


def figures_of_text(text: str) -> list[str]:
    """The figures a reader reads in a text, as printed (what the sheet must account for)."""
    return [f.written.strip() for f in typed.figures_in(text)]

