"""Loading data files (YAML, JSON) into plain data with the line of every key kept.

Text is NFC-normalised, decimals are read as Decimal (no binary rounding), duplicate keys are errors.
``validate`` turns pydantic's errors into Vietnamese messages that name the file, line and field.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import DataError, DataErrors, Position
from ..vn import MAX_NUMBER, nfc, shown
from .reading import DATA_LIMIT, read_text

MAX_DEPTH = 40  # levels of nesting: the deepest real data file has 6
MAX_ALIASES = 1000  # uses of YAML anchors (*name) in one file
MAX_NODES = 2_000_000  # values after aliases are expanded: an alias bomb stops here
MAX_CHARACTERS = 50_000_000  # characters of all values once aliases are expanded (a 1 MB text used 5,000 times)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
STANDARD_TAGS = {f"tag:yaml.org,2002:{name}" for name in
                 ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")}
TEXT = "tag:yaml.org,2002:str"
_TYPED = {f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool")}  # what a text field takes as typed

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass
class Source:
    """A data file's content and where each key stands in it."""

    path: Path
    data: dict[str, Any]
    lines: dict[Loc, int] = field(default_factory=dict)
    cells: dict[Loc, Position] = field(default_factory=dict)  # values merged from workbooks: their cells
    warnings: list[str] = field(default_factory=list)  # what was read but changed (control characters)
    written: dict[Loc, str] = field(default_factory=dict)  # plain YAML numbers and booleans as typed ("010")

    def position(self, loc: Iterable[str | int]) -> Position:
        loc = tuple(loc)
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.cells:
                found = self.cells[loc[:end]]
                return Position(found.file, None, field_name(loc), found.cell)
            if loc[:end] in self.lines:
                return Position(self.path, self.lines[loc[:end]], field_name(loc))
        return Position(self.path, None, field_name(loc))


def field_name(loc: Iterable[str | int]) -> str:
    """ "thanh_vien[3].ten" for the user (list items counted from 1)."""
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML loader that reads decimals as Decimal; libyaml's when PyYAML has it (10× faster, far less
    memory on a 1,000-member file).

    Plain values are read as a secretary means them: YAML 1.2's core schema, not PyYAML's YAML 1.1 (where
    ``010`` is 8, ``1:20`` is 80, ``No`` and ``off`` are false and ``0x1F`` is 31): numbers are written in
    decimal only (``09`` is 9, ``010`` is 10; ``0x1F``, ``0o17``, ``1:20``, ``1_000`` are text), true and false
    are the only booleans, ``1e3`` is a number; dates stay dates. What was typed is kept for text fields
    (``Source.written``, used by ``validate``)."""


_Loader.yaml_implicit_resolvers = {}  # the class's own table, not PyYAML's (which other loaders share)
_YAML_1_2 = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
                                r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", "<"),
]
for _resolved, _pattern, _first in _YAML_1_2:
    _Loader.add_implicit_resolver(_resolved, re.compile(_pattern), list(_first))
_Loader.add_implicit_resolver(  # dates, as every data file writes them (2024-03-05): YAML 1.1's timestamps
    "tag:yaml.org,2002:timestamp", next(pattern for pattern_tag, pattern in yaml.SafeLoader.yaml_implicit_resolvers["2"]
                                        if pattern_tag == "tag:yaml.org,2002:timestamp"), list("0123456789"))


def _decimal_constructor(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    if "e" in node.value.lower() and "inf" not in node.value.lower():  # 1e3, 1.5E+2: read from the text
        return Decimal(node.value)
    value = loader.construct_yaml_float(node)
    return Decimal(repr(value)) if value == value and value not in (float("inf"), float("-inf")) else value


def _int_constructor(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A whole number in decimal ("09" is 9); one too long for Python's int() (a bomb of digits) a Decimal,
    which the number check refuses with its message."""
    text = node.value
    return int(text) if len(text.lstrip("+-")) <= 40 else Decimal(text)


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal_constructor)
_Loader.add_constructor("tag:yaml.org,2002:int", _int_constructor)


class _Walk:
    """Plain data from a composed YAML document, keeping each key's line, within the limits: nesting depth,
    alias uses and values (an alias bomb), standard tags only (no ``!!python/...``), keys that are text.
    Merge keys (``<<: *base``) are expanded; keys written beside them win."""

    def __init__(self, loader: _Loader, path: Path, source_warnings: list[str] | None = None,
                 written: dict[Loc, str] | None = None):
        self.loader, self.path = loader, path
        self.seen: set[int] = set()
        self.aliases = self.nodes = self.characters = 0
        self.warnings = source_warnings if source_warnings is not None else []
        self.written = written if written is not None else {}

    def error(self, node: yaml.Node, message: str, hint: str | None = None, loc: Loc = ()) -> DataError:
        return DataError(message, Position(self.path, node.start_mark.line + 1, field_name(loc) or None), hint)

    def walk(self, node: yaml.Node, loc: Loc, lines: dict[Loc, int], depth: int = 0) -> Any:
        lines.setdefault(loc, node.start_mark.line + 1)
        self.nodes += 1
        if isinstance(node, yaml.CollectionNode):  # a list or table met again is an alias (*name)
            if id(node) in self.seen:
                self.aliases += 1
                if self.aliases > MAX_ALIASES:
                    raise self.error(node, f"tệp dùng lại khối có tên (*tên, YAML anchor) quá {MAX_ALIASES} lần.",
                                     "Viết thẳng số liệu thay cho các tham chiếu lồng nhau.")
            self.seen.add(id(node))
        if self.nodes > MAX_NODES:
            raise self.error(node, f"tệp có quá {MAX_NODES:,} giá trị khi mở các tham chiếu (*tên).".replace(",", "."),
                             "Tệp có thể được cố ý tạo để làm treo máy; không dùng tệp này.")
        if depth > MAX_DEPTH:
            raise self.error(node, f"dữ liệu lồng nhau quá {MAX_DEPTH} cấp.", "Kiểm tra thụt lề của tệp.")
        if node.tag not in STANDARD_TAGS:
            raise self.error(node, f"thẻ YAML '{_tag(node)}' không được phép trong tệp dữ liệu.",
                             "Xóa thẻ bắt đầu bằng '!' (tệp dữ liệu chỉ chứa chữ, số, ngày, danh sách, bảng).", loc)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc, lines, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, loc + (i,), lines, depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node, loc)

    def mapping(self, node: yaml.MappingNode, loc: Loc, lines: dict[Loc, int], depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                for base in self.merge_sources(value_node):
                    for key, value in self.walk(base, loc, lines, depth).items():
                        merged.setdefault(key, value)
                continue
            key = self.key(key_node, loc)
            if key in result:
                raise DataError(f"khóa '{key}' xuất hiện hai lần.", Position(self.path, key_node.start_mark.line + 1),
                                "Mỗi khóa chỉ được viết một lần trong cùng một khối; xóa hoặc gộp dòng trùng.")
            lines[loc + (key,)] = key_node.start_mark.line + 1
            result[key] = self.walk(value_node, loc + (key,), lines, depth + 1)
        return {**merged, **result} if merged else result

    def merge_sources(self, node: yaml.Node) -> list[yaml.MappingNode]:
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if not all(isinstance(item, yaml.MappingNode) for item in items):
            raise self.error(node, "sau '<<:' phải là một khối có tên (*tên) hoặc danh sách các khối.",
                             "Ví dụ: '<<: *co_quan_chung'.")
        return items  # type: ignore[return-value]

    def key(self, node: yaml.Node, loc: Loc) -> str:
        if node.tag not in STANDARD_TAGS:
            raise self.error(node, f"thẻ YAML '{_tag(node)}' không được phép trong tệp dữ liệu.",
                             "Xóa thẻ bắt đầu bằng '!' (tệp dữ liệu chỉ chứa chữ, số, ngày, danh sách, bảng).", loc)
        if not isinstance(node, yaml.ScalarNode) or node.tag != TEXT:
            shown = f"'{node.value}'" if isinstance(node, yaml.ScalarNode) else "một danh sách hoặc một bảng"
            raise self.error(node, f"tên trường phải là chữ, không phải {shown}.",
                             "Viết tên trường bằng chữ (đặt trong ngoặc kép nếu là số, ví dụ \"2023\": …); giá "
                             "trị đặt sau dấu hai chấm.", loc)
        return self.text(node.value, node, loc)  # what PyYAML's constructor gives for text, without its detour

    def scalar(self, node: yaml.Node, loc: Loc) -> Any:
        self.characters += len(node.value)
        if self.characters > MAX_CHARACTERS:
            raise self.error(node, f"tệp có quá {MAX_CHARACTERS // 1_000_000} triệu ký tự khi mở các tham chiếu "
                                   "(*tên).", "Tệp có thể được cố ý tạo để làm treo máy; không dùng tệp này.")
        if node.tag == TEXT:
            return self.text(node.value, node, loc)
        if not getattr(node, "style", None) and node.tag in _TYPED:  # plain (libyaml says "", PyYAML None)
            self.written[loc] = node.value
        try:
            value = self.loader.construct_object(node)
        except (ValueError, OverflowError):
            if node.tag == "tag:yaml.org,2002:timestamp":
                return node.value  # an impossible date (2023-02-31): the model says so, with every other error
            raise self.error(node, f"giá trị '{node.value}' không đọc được.", None, loc) from None
        if isinstance(value, str):
            return self.text(value, node, loc)
        return check_number(value, lambda message: self.error(node, message, None, loc))

    def text(self, value: str, node: yaml.Node, loc: Loc) -> str:
        if CONTROL.search(value):
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(value)}))
            self.warnings.append(str(self.error(node, f"có ký tự điều khiển không in được ({codes}), đã bỏ đi.",
                                                "Kiểm tra lại đoạn văn bản chép từ nơi khác.", loc)))
            value = CONTROL.sub("", value)
        return nfc(value)


def check_number(value: Any, error: Any) -> Any:
    """A number within what a document can show (finite, below ``MAX_NUMBER``), or ``error(message)``."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return value
    if isinstance(value, float) and not math.isfinite(value) or isinstance(value, Decimal) and not value.is_finite():
        raise error("phải là một số có thật (không phải .nan hay .inf).")
    if abs(Decimal(value)) >= MAX_NUMBER:
        raise error(f"số quá lớn ({shown(value)}); số liệu của văn bản phải nhỏ hơn 10^15.")
    return value


def _walk(loader: _Loader, node: yaml.Node, loc: Loc, lines: dict[Loc, int], path: Path,
          warnings: list[str] | None = None, written: dict[Loc, str] | None = None) -> Any:
    return _Walk(loader, path, warnings, written).walk(node, loc, lines)


def _yaml_error(path: Path, error: yaml.YAMLError) -> DataError:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark else None
    problem = str(getattr(error, "problem", "") or "")
    if "\\t" in problem or "tab" in problem:
        hint = "Tệp có ký tự tab: YAML chỉ dùng dấu cách để thụt lề."
    else:
        hint = ("Kiểm tra thụt lề, dấu hai chấm sau tên trường và dấu ngoặc kép ở dòng này hoặc dòng ngay trên; "
                "văn bản có dấu hai chấm hoặc bắt đầu bằng * nên đặt trong ngoặc kép.")
    column = f", cột {mark.column + 1}" if mark else ""
    return DataError(f"tệp YAML sai cú pháp{column}.", Position(path, line), hint)


def _load_json(path: Path, text: str, warnings: list[str]) -> tuple[Any, dict[Loc, int]]:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            key = nfc(key)
            if key in result:
                raise DataError(f"khóa '{key}' xuất hiện hai lần.", Position(path), "Xóa hoặc gộp khóa trùng.")
            result[key] = value
        return result

    def constant(name: str) -> Any:
        return _Unreal(name)  # refused with its field and line once the lines are known (``_checked``)

    def integer(digits: str) -> Any:
        return int(digits) if len(digits.lstrip("-")) <= 40 else Decimal(digits)  # a bomb of digits: refused

    try:
        data = json.loads(text, parse_float=Decimal, parse_int=integer, parse_constant=constant,
                          object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as error:
        raise DataError(f"tệp JSON sai cú pháp, cột {error.colno}.", Position(path, error.lineno),
                        "Kiểm tra dấu phẩy, dấu ngoặc và dấu ngoặc kép ở vị trí này.") from None
    except RecursionError:
        raise DataError(f"dữ liệu lồng nhau quá {MAX_DEPTH} cấp.", Position(path)) from None
    lines: dict[Loc, int] = {}
    try:  # JSON is YAML: its composer gives the lines of the keys
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is not None:
            _walk(loader, node, (), lines, path, [])
    except (yaml.YAMLError, DataError, RecursionError):
        pass  # the lines found up to there are kept: the checks below say what is wrong, with its line
    source = Source(path, {}, lines)
    return _checked(data, (), source, warnings), lines


def _checked(value: Any, loc: Loc, source: Source, warnings: list[str]) -> Any:
    """A JSON value within the limits of a data file (depth, numbers), its text NFC, control characters
    dropped with a warning."""
    if len(loc) > MAX_DEPTH:
        raise DataError(f"dữ liệu lồng nhau quá {MAX_DEPTH} cấp.", Position(source.path, source.position(loc).line),
                        "Kiểm tra lại tệp.")
    if isinstance(value, list):
        return [_checked(v, loc + (i,), source, warnings) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {nfc(k): _checked(v, loc + (k,), source, warnings) for k, v in value.items()}
    if isinstance(value, _Unreal):
        raise DataError(f"'{value}' không phải là một số có thật.", source.position(loc),
                        "Ghi một số, hoặc bỏ trường này.")
    if isinstance(value, str):
        if CONTROL.search(value):
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in CONTROL.findall(value)}))
            warnings.append(str(DataError(f"có ký tự điều khiển không in được ({codes}), đã bỏ đi.",
                                          source.position(loc), "Kiểm tra lại đoạn văn bản chép từ nơi khác.")))
            value = CONTROL.sub("", value)
        return nfc(value)

    def error(message: str) -> DataError:
        return DataError(message, source.position(loc))

    return check_number(value, error)


class _Unreal(str):
    """JSON's NaN, Infinity or -Infinity where a number stands, refused at its field."""


def load(path: Path | str) -> Source:
    """Read a YAML (.yaml, .yml) or JSON (.json) data file whose top level is a table of fields."""
    path = Path(path)
    warnings: list[str] = []
    written: dict[Loc, str] = {}
    data, lines = parse(path, warnings, written)
    if not isinstance(data, dict):
        raise DataError("tệp dữ liệu phải là một bảng các trường (khóa: giá trị) ở cấp ngoài cùng.",
                        Position(path, 1), "Tạo một tệp dữ liệu mẫu bằng: tdkt init <loại văn bản>.")
    return Source(path, data, lines, warnings=warnings, written=written)


def parse(path: Path, warnings: list[str] | None = None,
          written: dict[Loc, str] | None = None) -> tuple[Any, dict[Loc, int]]:
    """The content of a YAML or JSON file (any shape) and the line of every key and item, within the limits
    of a data file; what was changed on the way (control characters dropped) is added to ``warnings``, and
    YAML's plain numbers and booleans as typed to ``written``."""
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json"):
        kind = f"đuôi '{suffix}'" if suffix else "không có đuôi"
        raise DataError(f"không đọc được tệp dữ liệu {kind}.", Position(path),
                        "Tệp dữ liệu phải là .yaml, .yml hoặc .json.")
    text = read_text(path, "tệp dữ liệu", DataError, DATA_LIMIT)
    warnings = warnings if warnings is not None else []
    if suffix == ".json":
        data, lines = _load_json(path, text, warnings)
    else:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            lines = {}
            data = _walk(loader, node, (), lines, path, warnings, written) if node is not None else None
        except yaml.YAMLError as error:
            raise _yaml_error(path, error) from None
        except RecursionError:
            raise DataError(f"dữ liệu lồng nhau quá {MAX_DEPTH} cấp.", Position(path)) from None
        finally:
            loader.dispose()
    return data, lines


# ------------------------------------------------------------------ validation messages

_MESSAGES = {
    "missing": "thiếu trường bắt buộc.",
    "int_type": "phải là số nguyên (ví dụ: 34).",
    "int_parsing": "phải là số nguyên (ví dụ: 34).",
    "int_from_float": "phải là số nguyên, không có phần thập phân.",
    "decimal_type": "phải là số (ví dụ: 7,1 hoặc 29.088,38).",
    "decimal_parsing": "phải là số (ví dụ: 7,1 hoặc 29.088,38).",
    "string_type": "phải là một đoạn văn bản.",
    "string_too_short": "không được để trống.",
    "bool_type": "phải là true (có) hoặc false (không).",
    "bool_parsing": "phải là true (có) hoặc false (không).",
    "dict_type": "phải là một bảng (mỗi dòng 'khóa: giá trị').",
    "model_type": "phải là một bảng các trường (mỗi dòng 'tên_trường: giá trị').",
    "model_attributes_type": "phải là một bảng các trường (mỗi dòng 'tên_trường: giá trị').",
    "list_type": "phải là một danh sách (mỗi mục một dòng bắt đầu bằng '- ').",
    "date_type": "phải là ngày dạng 2024-03-05.",
    "finite_number": "phải là một số có thật (không phải NaN hay vô cực).",
    "float_type": "phải là số (ví dụ: 7,1).",
    "float_parsing": "phải là số (ví dụ: 7,1).",
    "decimal_max_digits": "có quá nhiều chữ số.",
    "decimal_max_places": "có quá nhiều chữ số sau dấu phẩy.",
    "string_too_long": "quá dài.",
    "too_long": "có quá nhiều mục.",
    "enum": "không phải một trong các giá trị được phép.",
    "datetime_type": "phải là ngày giờ dạng 2024-03-05 08:00.",
    "none_required": "phải để trống.",
    "date_from_datetime_inexact": "phải là một ngày (2024-03-05), không kèm giờ.",
    "date_from_datetime_parsing": "phải là ngày dạng 2024-03-05.",
    "date_parsing": "phải là ngày dạng 2024-03-05.",
}


def _message(error: dict[str, Any], known_fields: set[str]) -> tuple[str, str | None]:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, sorted(known_fields), n=1, cutoff=0.6)
        hint = f"Có phải là '{close[0]}'?" if close else "Xóa trường này hoặc sửa lại tên cho đúng."
        return "trường này không có trong mẫu dữ liệu.", hint
    if kind == "value_error":
        return f"{ctx.get('error', error['msg'])}.".replace("..", "."), None
    if kind in ("greater_than_equal", "greater_than"):
        return f"không được nhỏ hơn {ctx.get('ge', ctx.get('gt'))} (đang là {error.get('input')}).", None
    if kind in ("less_than_equal", "less_than"):
        return f"không được lớn hơn {ctx.get('le', ctx.get('lt'))} (đang là {error.get('input')}).", None
    if kind == "too_short":
        return f"phải có ít nhất {ctx.get('min_length')} mục.", None
    if kind == "literal_error":
        return f"phải là một trong các giá trị: {str(ctx.get('expected')).replace(' or ', ' hoặc ')}.", None
    if kind in _MESSAGES:
        shown = error.get("input")
        suffix = "" if kind == "missing" or isinstance(shown, (dict, list)) else f" Giá trị hiện tại: {_shown(shown)}."
        return _MESSAGES[kind] + suffix, None
    shown = error.get("input")
    value = "" if isinstance(shown, (dict, list)) else f" Giá trị hiện tại: {_shown(shown)}."
    return f"giá trị không hợp lệ cho trường này.{value}", "Xem tệp mẫu: tdkt init <loại văn bản>."


def _shown(value: Any) -> str:
    """A value as the user wrote it, never a Python repr ("2024-01-01 00:00", not datetime.datetime(…))."""
    import datetime as dt

    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "để trống"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def model_fields(model: type[BaseModel]) -> set[str]:
    """Every field name of a model and its nested models (for "did you mean" hints)."""
    names: set[str] = set()
    pending: list[type[BaseModel]] = [model]
    while pending:
        current = pending.pop()
        for name, info in current.model_fields.items():
            names.add(name)
            for arg in _types_in(info.annotation):
                if isinstance(arg, type) and issubclass(arg, BaseModel) and arg is not current:
                    pending.append(arg)
    return names


def _types_in(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", ())
    return [annotation] + [t for arg in args for t in _types_in(arg)]


def validate(source: Source, model: type[M]) -> M:
    """The document model of ``source``, or DataErrors listing every problem with its position. A text field
    given a plain YAML number or boolean takes it as it was typed (``so_hieu: 010``, ``ten: 1e3``)."""
    try:
        return model.model_validate(source.data)
    except ValidationError as first:
        retyped = _as_written(source, first)
        try:
            if retyped is None:
                raise
            return model.model_validate(retyped)
        except ValidationError as exc:
            raise _errors(source, model, exc) from None


def _as_written(source: Source, error: ValidationError) -> dict[str, Any] | None:
    """The data with every value a text field refused as a number put back as it was typed; None when there
    is none."""
    places = set()
    for problem in error.errors():
        loc = tuple(problem["loc"])
        if problem["type"] == "string_type":
            place = next((loc[:end] for end in range(len(loc), 0, -1) if loc[:end] in source.written), None)
            if place is not None:
                places.add(place)
    if not places:
        return None
    import copy

    data = copy.deepcopy(source.data)
    for place in places:
        holder: Any = data
        for step in place[:-1]:
            holder = holder[step]
        holder[place[-1]] = source.written[place]
    return data  # type: ignore[no-any-return]


def as_written(source: Source, fields: Iterable[str]) -> dict[str, Any]:
    """The data with each of these top-level ``fields`` as it was typed when it was a plain YAML number or
    boolean (an own schema's text fields: ``so: 010`` stays "010")."""
    return {key: source.written.get((key,), value) if key in set(fields) else value
            for key, value in source.data.items()}


def _errors(source: Source, model: type[BaseModel], exc: ValidationError) -> DataErrors:
    known = model_fields(model)
    errors = []
    for error in exc.errors():
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith(("function-", "["))))
        message, hint = _message(dict(error), known)
        errors.append(DataError(message, source.position(loc), hint))
    return DataErrors(errors)


def _tag(node: yaml.Node) -> str:
    return str(node.tag).replace("tag:yaml.org,2002:", "!!")
