"""Loading data files (YAML, JSON) into plain data with the line of every key kept.

Text is NFC-normalised, decimals are read as Decimal (no binary rounding), duplicate keys are errors.
``validate`` turns pydantic's errors into Vietnamese messages that name the file, line and field.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import DataError, DataErrors, Position
from .vn import nfc

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass
class Source:
    """A data file's content and where each key stands in it."""

    path: Path
    data: dict[str, Any]
    lines: dict[Loc, int] = field(default_factory=dict)
    cells: dict[Loc, Position] = field(default_factory=dict)  # values merged from workbooks: their cells

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
    memory on a 1,000-member file)."""


def _decimal_constructor(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    value = loader.construct_yaml_float(node)
    return Decimal(repr(value)) if value == value and value not in (float("inf"), float("-inf")) else value


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal_constructor)


def _walk(loader: _Loader, node: yaml.Node, loc: Loc, lines: dict[Loc, int], path: Path) -> Any:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _walk(loader, key_node, loc + ("?",), {}, path)
            key = nfc(key) if isinstance(key, str) else key
            if key in result:
                raise DataError(f"khóa '{key}' xuất hiện hai lần.", Position(path, key_node.start_mark.line + 1),
                                "Mỗi khóa chỉ được viết một lần trong cùng một khối; xóa hoặc gộp dòng trùng.")
            lines[loc + (key,)] = key_node.start_mark.line + 1
            result[key] = _walk(loader, value_node, loc + (key,), lines, path)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(loader, item, loc + (i,), lines, path) for i, item in enumerate(node.value)]
    value = loader.construct_object(node)
    return nfc(value) if isinstance(value, str) else value


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


def _read_text(path: Path) -> str:
    if not path.exists():
        raise DataError("không tìm thấy tệp dữ liệu.", Position(path), "Kiểm tra lại đường dẫn và tên tệp.")
    if path.is_dir():
        raise DataError("đây là một thư mục, không phải tệp dữ liệu.", Position(path))
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise DataError("tệp không phải văn bản UTF-8.", Position(path),
                        "Lưu lại tệp với bảng mã UTF-8 (Unicode) rồi thử lại.") from None


def _load_json(path: Path, text: str) -> tuple[Any, dict[Loc, int]]:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            key = nfc(key)
            if key in result:
                raise DataError(f"khóa '{key}' xuất hiện hai lần.", Position(path), "Xóa hoặc gộp khóa trùng.")
            result[key] = nfc(value) if isinstance(value, str) else value
        return result

    try:
        data = json.loads(text, parse_float=Decimal, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as error:
        raise DataError(f"tệp JSON sai cú pháp, cột {error.colno}.", Position(path, error.lineno),
                        "Kiểm tra dấu phẩy, dấu ngoặc và dấu ngoặc kép ở vị trí này.") from None
    lines: dict[Loc, int] = {}
    try:  # JSON is YAML: its composer gives the lines of the keys
        loader = _Loader(text)
        node = loader.get_single_node()
        if node is not None:
            _walk(loader, node, (), lines, path)
    except (yaml.YAMLError, DataError):
        lines = {}
    return _nfc_lists(data), lines


def _nfc_lists(value: Any) -> Any:
    if isinstance(value, list):
        return [_nfc_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc_lists(v) for k, v in value.items()}
    return nfc(value) if isinstance(value, str) else value


def load(path: Path | str) -> Source:
    """Read a YAML (.yaml, .yml) or JSON (.json) data file whose top level is a table of fields."""
    path = Path(path)
    data, lines = parse(path)
    if not isinstance(data, dict):
        raise DataError("tệp dữ liệu phải là một bảng các trường (khóa: giá trị) ở cấp ngoài cùng.",
                        Position(path, 1), "Tạo một tệp dữ liệu mẫu bằng: tdkt init <loại văn bản>.")
    return Source(path, data, lines)


def parse(path: Path) -> tuple[Any, dict[Loc, int]]:
    """The content of a YAML or JSON file (any shape) and the line of every key and item."""
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json"):
        raise DataError(f"không đọc được tệp '{suffix or 'không có đuôi'}'.", Position(path),
                        "Tệp dữ liệu phải là .yaml, .yml hoặc .json.")
    text = _read_text(path)
    if suffix == ".json":
        data, lines = _load_json(path, text)
    else:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            lines = {}
            data = _walk(loader, node, (), lines, path) if node is not None else None
        except yaml.YAMLError as error:
            raise _yaml_error(path, error) from None
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
        suffix = "" if kind == "missing" or isinstance(shown, (dict, list)) else f" Giá trị hiện tại: {shown!r}."
        return _MESSAGES[kind] + suffix, None
    return f"giá trị không hợp lệ ({error['msg']}).", None


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
    """The document model of ``source``, or DataErrors listing every problem with its position."""
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        known = model_fields(model)
        errors = []
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith(("function-", "["))))
            message, hint = _message(dict(error), known)
            errors.append(DataError(message, source.position(loc), hint))
        raise DataErrors(errors) from None
