"""Tables of records: an Excel sheet, a CSV file or a YAML/JSON list, read with the place of every value.

The first row of a sheet or CSV holds the column headings; each heading becomes a field name a template
can use ("Họ và tên" -> ``ho_va_ten``, "Số tiền (đồng)" -> ``so_tien_dong``). Every value keeps where it
stands ("danh-sach.xlsx, trang 'Danh sách', dòng 14, cột 'Số tiền'"), so that the checks of ``own`` can
name the cell. Values are read as the file has them (numbers, dates, text); typing is ``own``'s job.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import keyword
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import DataError, Position
from ..vn import nfc, slug
from . import load as data
from .packages import check_package
from .reading import DATA_LIMIT, EXCEL_ERROR_HINT, EXCEL_ERRORS, UNREADABLE_ZIP, read_bytes

TABLE_SUFFIXES = (".xlsx", ".csv")
JINJA_WORDS = {"and", "or", "not", "in", "is", "if", "else", "for", "true", "false", "none", "loop"}


@dataclass(frozen=True)
class Column:
    name: str  # the field name templates use
    heading: str  # as written in the file


@dataclass
class Table:
    """The records of one sheet, CSV or list, and where each value stands."""

    path: Path
    name: str  # the list's name in a document's context: the sheet's or file's name as a field name
    columns: list[Column]
    rows: list[dict[str, Any]]
    places: list[dict[str, Position]]  # per row, per field: where the value stands
    row_places: list[Position]  # per row: where the row stands (for a row's own messages)
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)

    def heading(self, name: str) -> str:
        return next((c.heading for c in self.columns if c.name == name), name)


def field_name(heading: str) -> str:
    """The field name of a column heading: no diacritics, lower case, underscores, never a Jinja word."""
    name = slug(heading).replace("-", "_")
    if not name:
        return ""
    if name[0].isdigit() or name in JINJA_WORDS or keyword.iskeyword(name):
        name = f"cot_{name}"
    return name


def is_table(path: Path) -> bool:
    """An Excel sheet or CSV file, or a YAML/JSON file whose top level is a list of records."""
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return True
    if suffix in (".yaml", ".yml", ".json") and path.is_file():
        head = read_bytes(path, "tệp dữ liệu", DataError, DATA_LIMIT).decode("utf-8-sig", errors="replace").lstrip()
        first = next((line for line in head.splitlines() if line.strip() and not line.lstrip().startswith("#")), "")
        return first.lstrip().startswith(("-", "[")) and not first.startswith("---")
    return False


def read(path: Path) -> Table:
    """The table of ``path`` (.xlsx, .csv, or a YAML/JSON list of records)."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise DataError("không tìm thấy tệp dữ liệu.", Position(path), "Kiểm tra lại đường dẫn và tên tệp.")
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".csv":
        return _read_csv(path)
    return _read_list(path)


# ------------------------------------------------------------------ Excel, CSV


def _cell_place(path: Path, sheet: str | None, row: int, heading: str | None = None) -> Position:
    where = f"trang '{sheet}', dòng {row}" if sheet else f"dòng {row}"
    return Position(path, None, None, f"{where}, cột '{heading}'" if heading is not None else where)


def _columns(path: Path, sheet: str | None, headings: list[Any]) -> list[Column | None]:
    """Each heading's column (None for a column without heading); headings that map to one name are errors."""
    columns: list[Column | None] = []
    seen: dict[str, str] = {}
    for heading in headings:
        text = nfc(str(heading)).strip() if heading is not None else ""
        if not text:
            columns.append(None)
            continue
        name = field_name(text)
        if not name:
            raise DataError(f"tiêu đề cột '{text}' không có chữ hay số nào để làm tên trường.",
                            _cell_place(path, sheet, 1, text), "Đặt tiêu đề cột bằng chữ, ví dụ 'Họ tên'.")
        if name in seen:
            raise DataError(f"hai cột '{seen[name]}' và '{text}' cùng thành tên trường '{name}'.",
                            _cell_place(path, sheet, 1, text), "Đổi tiêu đề một trong hai cột cho khác nhau.")
        seen[name] = text
        columns.append(Column(name, text))
    if not seen:
        raise DataError("dòng đầu không có tiêu đề cột nào.", _cell_place(path, sheet, 1),
                        "Dòng đầu tiên ghi tiêu đề các cột (ví dụ: STT, Họ tên, Chức vụ), dữ liệu từ dòng 2.")
    return columns


def _table(path: Path, sheet: str | None, lines: list[tuple[int, list[Any]]], name: str) -> Table:
    """The table of rows (number, values): the first is the headings; empty rows are skipped."""
    if not lines:
        raise DataError("bảng không có dòng nào.", _cell_place(path, sheet, 1) if sheet else Position(path),
                        "Dòng đầu tiên ghi tiêu đề các cột, dữ liệu từ dòng 2.")
    _, headings = lines[0]
    columns = _columns(path, sheet, headings)
    table = Table(path, name, [c for c in columns if c is not None], [], [], [], sheet)
    for number, values in lines[1:]:
        row: dict[str, Any] = {}
        places: dict[str, Position] = {}
        for column, value in zip(columns, values, strict=False):
            if sheet is not None and isinstance(value, str) and value in EXCEL_ERRORS:
                raise DataError(f"ô có lỗi công thức của Excel '{value}', không phải giá trị.",
                                _cell_place(path, sheet, number, column.heading if column else None),
                                EXCEL_ERROR_HINT)
            if isinstance(value, str) and data.CONTROL.search(value):
                value = _without_control(value, _cell_place(path, sheet, number, column.heading if column else None),
                                         table)
            if column is None:
                if value not in (None, ""):
                    raise DataError("ô có dữ liệu mà cột không có tiêu đề.", _cell_place(path, sheet, number),
                                    "Ghi tiêu đề cho cột này ở dòng đầu, hoặc xóa dữ liệu thừa.")
                continue
            row[column.name] = _plain(value)
            places[column.name] = _cell_place(path, sheet, number, column.heading)
        for column in columns[len(values):]:
            if column is not None:
                row[column.name] = None
                places[column.name] = _cell_place(path, sheet, number, column.heading)
        table.rows.append(row)
        table.places.append(places)
        table.row_places.append(_cell_place(path, sheet, number))
    return table


def _without_control(value: str, place: Position, table: Table) -> str:
    """A cell's text without the control characters no document can hold (a NUL, a bell), said once each."""
    codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in data.CONTROL.findall(value)}))
    table.notes.append(f"{place}: có ký tự điều khiển không in được ({codes}), đã bỏ đi. Kiểm tra lại ô này.")
    return data.CONTROL.sub("", value)


def _plain(value: Any) -> Any:
    """A cell's value: text NFC and stripped ("" is no value), whole floats as int, dates without time."""
    if isinstance(value, str):
        value = nfc(value).strip()
        return value or None
    if isinstance(value, float):
        return int(value) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    return value


MAX_ROWS = 100_000  # rows of one list (a province's list of awards has a few thousand)


def _read_xlsx(path: Path) -> Table:
    """The first visible sheet of a workbook (a hidden sheet holds lists and lookups, not the data), read as
    it streams, within ``MAX_ROWS``; a cell holding one of Excel's error values (#N/A …) is an error."""
    import openpyxl

    content = read_bytes(path, "tệp Excel", DataError)
    check_package(content, path, "tệp Excel", DataError)  # names, sizes decompressed, no DTD: before openpyxl
    broken = DataError("không mở được tệp Excel (tệp hỏng hoặc không phải .xlsx).", Position(path),
                       "Mở tệp bằng Excel và lưu lại dạng Excel Workbook (.xlsx).")
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except UNREADABLE_ZIP:
        raise broken from None
    try:
        sheet = next((sheet for sheet in book.worksheets if sheet.sheet_state == "visible"), None)
        if sheet is None:
            raise DataError("tệp Excel không có trang nào đang hiện (mọi trang đều bị ẩn).", Position(path),
                            "Trong Excel: chuột phải vào tên trang > Unhide (Bỏ ẩn), lưu lại rồi chạy lại.")
        title = sheet.title
        lines: list[tuple[int, list[Any]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
            if any(v not in (None, "") for v in values):
                if len(lines) > MAX_ROWS:  # the headings and MAX_ROWS rows read: one more is too many
                    raise DataError(f"trang '{title}' có quá {MAX_ROWS:,} dòng.".replace(",", "."),
                                    Position(path), "Chia danh sách thành nhiều tệp.")
                lines.append((number, list(values)))
    except UNREADABLE_ZIP:  # read-only sheets are decompressed as they are read
        raise broken from None
    finally:
        book.close()
    return _table(path, title, lines, field_name(title) or field_name(path.stem) or "danh_sach")


def _read_csv(path: Path) -> Table:
    raw = read_bytes(path, "tệp CSV", DataError, DATA_LIMIT)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError("tệp CSV không phải văn bản UTF-8.", Position(path),
                        "Trong Excel chọn Lưu thành > 'CSV UTF-8 (Comma delimited)'.") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines = []
    try:
        for values in reader:
            if any(v.strip() for v in values):
                lines.append((reader.line_num, list(values)))
    except csv.Error as error:
        raise DataError(f"tệp CSV sai cú pháp ({error}).", Position(path, reader.line_num),
                        "Kiểm tra dấu ngoặc kép ở dòng này.") from None
    return _table(path, None, lines, field_name(path.stem) or "danh_sach")


# ------------------------------------------------------------------ YAML, JSON lists


def _read_list(path: Path) -> Table:
    values, lines = data.parse(path)
    if not isinstance(values, list) or not values:
        raise DataError("tệp phải là một danh sách các mục (mỗi mục một dòng '- tên_trường: giá trị').",
                        Position(path, 1))
    table = Table(path, field_name(path.stem) or "danh_sach", [], [], [], [])
    names: dict[str, None] = {}
    for index, item in enumerate(values):
        place = Position(path, lines.get((index,)), None, f"mục {index + 1}")
        if not isinstance(item, dict):
            raise DataError("mỗi mục của danh sách phải là một bảng các trường (tên_trường: giá trị).", place)
        table.rows.append({str(k): v for k, v in item.items()})
        table.places.append({str(k): Position(path, lines.get((index, k), place.line), str(k), f"mục {index + 1}")
                             for k in item})
        table.row_places.append(place)
        names.update(dict.fromkeys(str(k) for k in item))
    table.columns = [Column(name, name) for name in names]
    for row, places, place in zip(table.rows, table.places, table.row_places, strict=True):
        for name in names:  # a field an item leaves out is an empty cell, as in a sheet
            row.setdefault(name, None)
            places.setdefault(name, place)
    return table
