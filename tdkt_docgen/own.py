"""A secretary's own template filled with own data: no document kind, every field of the data visible.

Own mode is chosen when a template is given (``-t``) and the data has no ``loai`` or is a table (an Excel
sheet, a CSV, a YAML/JSON list), or when the data says ``loai: rieng``. The data may declare its shape in
a small schema (``TỆP.schema.yaml`` beside the data file, or ``MẪU.schema.yaml`` beside the template for
the first data file): each field's kind (``van_ban``, ``so``, ``tien``, ``ngay``, ``danh_sach``) and
whether it is required (``bat_buoc``, default true). Without one, a table's column kinds are inferred
from its values and reported once.

One document: the data file's fields, each table given beside it as a list under the table's name
(``danh_sach`` for a sheet "Danh sách"), and the fields of other data files. One document per row
(``tdkt batch``): the row's fields, ``stt``, and the shared fields of the other data files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from .data import load as data
from .data import records
from .data.records import Table
from .errors import DataError, DataErrors, Position
from .kinds.common import Options, citation_warnings
from .vn import PartialDate, nfc, shown, to_decimal

MODE = "rieng"  # loai: rieng
TEMPLATE = None  # own data has no template of its own: -t names it
PER_MEMBER = None
MODEL = None
KINDS = {"van_ban": "văn bản", "so": "số", "tien": "số tiền", "ngay": "ngày", "danh_sach": "danh sách"}
SCHEMA_SUFFIX = ".schema.yaml"
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_IDENTIFIER = re.compile(r"^[+0]\d")  # "0912…", "+84…", "007": codes and phone numbers, not numbers


@dataclass(frozen=True)
class FieldType:
    kieu: str
    bat_buoc: bool = True
    truong: dict[str, FieldType] | None = None  # the fields of each record of a list


@dataclass
class OwnData:
    """The context of one own document, and what was said about its data on the way."""

    context: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "Căn cứ" lines citing what is not in force, …
    origins: dict[str, str] = field(default_factory=dict)  # each list's name -> where it comes from


def derive(model: OwnData, options: Options) -> dict[str, Any]:
    return model.context


def cross_check(model: OwnData, options: Options) -> list[Any]:
    return []


def mismatches(model: OwnData) -> list[Any]:
    return []


def wants_own(values: Any, template: Path | None) -> bool:
    """Whether a data file's content is own data: ``loai: rieng``, or no ``loai`` with a template given."""
    if not isinstance(values, dict):
        return template is not None
    return values.get("loai") == MODE or ("loai" not in values and template is not None)


# ------------------------------------------------------------------ schema


def schema_of(path: Path, template: Path | None = None, first: bool = True) -> dict[str, FieldType] | None:
    """The schema beside the data file, else (for the first data file) the one beside the template."""
    candidates = [path.with_name(path.stem + SCHEMA_SUFFIX)]
    if template is not None and first:
        candidates.append(template.with_name(template.stem + SCHEMA_SUFFIX))
    for candidate in candidates:
        if candidate.is_file():
            return read_schema(candidate)
    return None


def read_schema(path: Path) -> dict[str, FieldType]:
    values, lines = data.parse(path)
    if not isinstance(values, dict):
        raise DataError("tệp kiểu dữ liệu phải là một bảng 'tên_trường: kiểu'.", Position(path, 1),
                        f"Ví dụ: 'ho_ten: van_ban'. Các kiểu: {', '.join(KINDS)}.")
    return _fields(path, values, lines, ())


def _fields(path: Path, values: dict[str, Any], lines: dict[data.Loc, int],
            loc: data.Loc) -> dict[str, FieldType]:
    fields = {}
    for key, spec in values.items():
        where = Position(path, lines.get(loc + (key,)), data.field_name(loc + (key,)))
        if isinstance(spec, str):
            spec = {"kieu": spec}
        if not isinstance(spec, dict) or spec.get("kieu") not in KINDS:
            shown = spec.get("kieu") if isinstance(spec, dict) else spec
            raise DataError(f"kiểu '{shown}' không có.", where, f"Các kiểu: {', '.join(KINDS)}.")
        unknown = set(spec) - {"kieu", "bat_buoc", "truong"}
        if unknown:
            raise DataError(f"không có mục '{sorted(unknown)[0]}' trong mô tả trường.", where,
                            "Mỗi trường có: kieu, bat_buoc (true/false), truong (cho danh_sach).")
        required = spec.get("bat_buoc", True)
        if not isinstance(required, bool):
            raise DataError("'bat_buoc' phải là true hoặc false.", where)
        inner = spec.get("truong")
        if inner is not None and not isinstance(inner, dict):
            raise DataError("'truong' phải là một bảng 'tên_trường: kiểu'.", where)
        nested = _fields(path, inner, lines, loc + (key, "truong")) if isinstance(inner, dict) else None
        fields[records.field_name(str(key)) or str(key)] = FieldType(spec["kieu"], required, nested)
    return fields


# ------------------------------------------------------------------ values


def convert(kind: str, value: Any) -> Any:
    """``value`` as a field of ``kind``; ValueError with the Vietnamese reason when it is not one."""
    if kind == "van_ban":
        if isinstance(value, (dict, list)):
            raise ValueError("phải là một đoạn văn bản")
        if isinstance(value, dt.date):
            return PartialDate.of(value).short()
        return nfc(str(value))
    if kind in ("so", "tien"):
        number = _number(value)
        if number is None:
            example = "1.500.000" if kind == "tien" else "12 hoặc 7,5"
            raise ValueError(f"phải là số (ví dụ: {example})")
        if kind == "tien" and number < 0:
            raise ValueError("số tiền không được âm")
        return number
    if kind == "ngay":
        day = _date(value)
        if day is None:
            raise ValueError("phải là ngày (ví dụ: 05/03/2024 hoặc 2024-03-05)")
        return day
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError("phải là một danh sách các mục (mỗi mục: tên_trường: giá trị)")
    return value


def _number(value: Any) -> int | Decimal | None:
    if isinstance(value, bool) or isinstance(value, (dt.date, list, dict)):
        return None
    if isinstance(value, str) and _IDENTIFIER.match(value.strip()):
        return None
    try:
        number = to_decimal(value)
    except (ValueError, ArithmeticError):
        return None
    if not number.is_finite():
        return None
    return int(number) if number == number.to_integral_value() else number


def _date(value: Any) -> dt.date | PartialDate | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, (dt.date, PartialDate)):
        return value
    text = str(value).strip()
    try:
        if match := _DATE.match(text):
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        if match := _ISO.match(text):
            if match[3]:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            return PartialDate(int(match[1]), int(match[2]))
    except ValueError:
        return None
    return None


def _shown(value: Any) -> str:
    return f" Giá trị hiện tại: {shown(value)}." if not isinstance(value, (dict, list)) else ""


def check_record(record: dict[str, Any], schema: dict[str, FieldType], place: Any,
                 empty: str) -> tuple[dict[str, Any], list[DataError]]:
    """A record typed by ``schema``; ``place(name)`` is where a field stands. Fields the schema does not
    name are kept as they are."""
    typed = dict(record)
    errors = []
    for name, spec in schema.items():
        value = record.get(name)
        if value in (None, ""):
            typed[name] = None
            if spec.bat_buoc:
                errors.append(DataError(empty, place(name), "Điền giá trị, hoặc ghi 'bat_buoc: false' cho trường "
                                                            "này trong tệp kiểu dữ liệu."))
            continue
        try:
            typed[name] = convert(spec.kieu, value)
        except ValueError as error:
            errors.append(DataError(f"{error}.{_shown(value)}", place(name)))
            continue
        if spec.kieu == "danh_sach" and spec.truong:
            items = []
            for i, item in enumerate(typed[name]):
                def inner(key: str, i: int = i, name: str = name) -> Position:
                    return place((name, i, key))
                checked, found = check_record(item, spec.truong, inner, "thiếu trường bắt buộc.")
                items.append(checked)
                errors += found
            typed[name] = items
    return typed, errors


def infer(table: Table) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Each column's kind guessed from its values (numbers, dates, else text), and the rows so typed."""
    kinds: dict[str, str] = {}
    for column in table.columns:
        values = [row.get(column.name) for row in table.rows if row.get(column.name) not in (None, "")]
        kinds[column.name] = next((kind for kind in ("so", "ngay", "danh_sach") if values and all(
            _fits(kind, v) for v in values)), "van_ban")
    typed = [{name: (None if value in (None, "") else _inferred(kinds.get(name, "van_ban"), value))
              for name, value in row.items()} for row in table.rows]
    return kinds, typed


def _inferred(kind: str, value: Any) -> Any:
    """A value as its column's guessed kind; one that is not (a list among texts) stays as it is."""
    try:
        return convert(kind, value)
    except ValueError:
        return value


def _fits(kind: str, value: Any) -> bool:
    try:
        convert(kind, value)
    except ValueError:
        return False
    return True


# ------------------------------------------------------------------ tables and documents


@dataclass
class Rows:
    """A table's records, each typed, the errors of each row, and what was noted about the table."""

    table: Table
    contexts: list[dict[str, Any]]
    errors: list[list[DataError]]
    notes: list[str]


def typed_table(table: Table, schema: dict[str, FieldType] | None) -> Rows:
    """The table typed by its schema (errors per row), or by inferred kinds (noted once)."""
    if schema is None:
        kinds, typed = infer(table)
        shown = ", ".join(f"{table.heading(n)} → {n}: {KINDS[k]}" for n, k in kinds.items())
        note = (f"{table.path}: không có tệp kiểu dữ liệu ({table.path.stem}{SCHEMA_SUFFIX}); kiểu được đoán "
                f"từ giá trị: {shown}.")
        return Rows(table, typed, [[] for _ in typed], [*table.notes, note])
    missing = [name for name, spec in schema.items() if spec.bat_buoc and name not in
               {c.name for c in table.columns}]
    if missing:
        raise DataErrors([DataError(f"không có cột của trường bắt buộc '{name}'.", Position(table.path),
                                    f"Thêm một cột có tiêu đề cho trường này (các cột có: "
                                    f"{', '.join(c.name for c in table.columns)}).") for name in missing])
    contexts: list[dict[str, Any]] = []
    errors: list[list[DataError]] = []
    empty = "ô bắt buộc còn trống." if table.path.suffix.lower() in records.TABLE_SUFFIXES else "thiếu trường bắt buộc."
    for row, places, row_place in zip(table.rows, table.places, table.row_places, strict=True):
        def place(name: Any, places: dict[str, Position] = places, row_place: Position = row_place) -> Position:
            key = name if isinstance(name, str) else name[0]
            return places.get(key, row_place)
        record, found = check_record(row, schema, place, empty)
        contexts.append(record)
        errors.append(found)
    return Rows(table, contexts, errors, list(table.notes))  # what reading the table changed (control characters)


def _record_file(path: Path, template: Path | None, first: bool, warnings: list[str]) -> dict[str, Any]:
    """The fields of a YAML/JSON data file, typed by its schema when it has one; its "Căn cứ" lines that cite
    what is not in force on its date are added to ``warnings``."""
    source = data.load(path)
    schema = schema_of(path, template, first)
    typed = source.data
    if schema is not None:
        texts = [name for name, spec in schema.items() if spec.kieu == "van_ban"]  # they keep what was typed
        typed, errors = check_record(data.as_written(source, texts), schema, lambda loc: source.position(
            (loc,) if isinstance(loc, str) else loc), "thiếu trường bắt buộc.")
        if errors:
            raise DataErrors(errors)
    warnings += _citations(source, typed)
    return typed


def _citations(source: data.Source, values: dict[str, Any]) -> list[str]:
    lines = values.get("can_cu")
    return citation_warnings(_date(values.get("ngay")), {"can_cu": lines} if isinstance(lines, list) else {},
                             source.position)


def _merged(parts: Sequence[tuple[Path, dict[str, Any]]]) -> dict[str, Any]:
    """The fields of several files; a field two files give differently is an error."""
    merged: dict[str, Any] = {}
    source: dict[str, Path] = {}
    errors = []
    for path, values in parts:
        for key, value in values.items():
            if key in merged and merged[key] != value and key != "loai":
                errors.append(DataError(f"trường '{key}' có ở cả {source[key]} và {path}, khác nhau.", Position(path),
                                        "Giữ trường này ở một tệp."))
            merged.setdefault(key, value)
            source.setdefault(key, path)
    if errors:
        raise DataErrors(errors)
    return merged


def load_table(path: Path, template: Path | None, first: bool = True) -> Rows:
    table = records.read(path)
    return typed_table(table, schema_of(path, template, first))


def document(paths: Sequence[Path], template: Path | None, template_schema: bool = True) -> OwnData:
    """One own document's data: the data files' fields, each table as a list under its name. The
    template's schema (with ``template_schema``) is the first file's. Every problem of every file is
    raised at once (nothing is made)."""
    parts: list[tuple[Path, dict[str, Any]]] = []
    notes: list[str] = []
    warnings: list[str] = []
    errors: list[DataError] = []
    origins: dict[str, str] = {}
    for index, path in enumerate(paths):
        try:
            if records.is_table(path):
                rows = load_table(path, template, index == 0 and template_schema)
                errors += [e for row in rows.errors for e in row]
                parts.append((path, {rows.table.name: rows.contexts}))
                origins[rows.table.name] = origin(rows.table)
                notes += rows.notes + [f"{origins[rows.table.name]} → danh sách '{rows.table.name}' trong mẫu "
                                       f"({{%tr for … in {rows.table.name} %}})."]
            else:
                parts.append((path, _record_file(path, template, index == 0 and template_schema, warnings)))
        except DataErrors as error:
            errors += list(error.errors)  # type: ignore[arg-type]
        except DataError as error:
            errors.append(error)
    if errors:
        raise DataErrors(errors)
    return OwnData(_merged(parts), notes, warnings, origins)


def origin(table: Table) -> str:
    """Where a list comes from, as a message says it: "trang 'DS khen thưởng' của danh-sach.xlsx"."""
    return f"trang '{table.sheet}' của {table.path}" if table.sheet else f"tệp {table.path}"


def lint_problems(template: Path, paths: Sequence[Path]) -> list[Any]:
    """Every problem of an own template against its data, said with where each list comes from."""
    from .docx.template_lint import lint

    model = document(paths, template)
    return lint(template, lint_context(paths, template), nested=True, origins=model.origins)


def shared(paths: Sequence[Path], template: Path | None) -> dict[str, Any]:
    """The shared fields of a table's documents (the template's schema is the table's, not theirs)."""
    return document(paths, template, template_schema=False).context if paths else {}


def row_context(rows: Rows, shared_fields: dict[str, Any], index: int) -> dict[str, Any]:
    """What the template of one row's document sees: shared fields, then the row's, and ``stt``."""
    return {**shared_fields, "stt": index + 1, **rows.contexts[index]}


def lint_context(paths: Sequence[Path], template: Path | None) -> dict[str, Any]:
    """What a template may use with this data, for ``tdkt lint/vars --data``: the document's fields,
    and when the first file is a table, also the fields of one row (its first) for one document per row."""
    context = dict(document(paths, template).context)
    if paths and records.is_table(paths[0]):
        rows = load_table(paths[0], template)
        if rows.contexts:
            context.update(row_context(rows, {}, 0))
    return context


def dry_run(paths: Sequence[Path], template: Path) -> list[str]:
    """What rendering would refuse beyond the template's tags (a value a filter cannot use): the one
    document, and, when the first file is a table, each row's document; nothing is written. ``tdkt lint
    --data`` reports these too, so that what lint passes renders."""
    from .docx.render import render_docx
    from .errors import DocgenError

    whole = document(paths, template).context
    contexts: list[tuple[str | None, dict[str, Any]]] = [(None, whole)]
    if paths and records.is_table(paths[0]):  # used either way: each row's fields beside the whole list
        rows = load_table(paths[0], template)
        common = shared(paths[1:], template)
        contexts = [(str(rows.table.row_places[i]), {**whole, **row_context(rows, common, i)})
                    for i in range(len(rows.contexts)) if not rows.errors[i]]
    found: list[str] = []
    for place, context in contexts:
        try:
            render_docx(template, context, own=True)
        except DocgenError as error:
            found += [f"{place}: {line}" if place else line for line in str(error).splitlines()]
    return found


def headings(path: Path) -> list[tuple[str, str]]:
    """(heading, field name) of a table's columns, for ``tdkt vars --data``."""
    return [(c.heading, c.name) for c in records.read(path).columns]


@lru_cache(maxsize=2)
def rows_for_batch(path: Path, modified_ns: int, shared_paths: tuple[Path, ...],
                   template: Path | None) -> tuple[Rows, dict[str, Any]]:
    """A table and its shared fields, read once per process for all its rows."""
    return load_table(path, template), shared(shared_paths, template)
