"""`tdkt lint` and `tdkt vars`: a template's Jinja tags read where a secretary sees them in Word.

docxtpl reports a broken tag with a line of its internal XML; here every tag is found in its paragraph
("đoạn 12", "bảng 2, dòng 3, ô 1", "đầu trang phần 1") and all problems are listed at once: unknown,
unclosed or stray block tags, ``{%tr`` outside a table row, expressions Jinja cannot read, filters that do
not exist, and (given a kind's data) variables the data does not provide.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn
from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import SecurityError

from ..errors import Position, TemplateError
from ..helpers import field
from .engine import _opened, compiled
from .sandbox import environment

_TOKENS = {"name": "một tên (biến hoặc bộ lọc)", "end of print statement": "cuối thẻ }}",
           "end of statement block": "cuối thẻ %}", "end of template": "cuối mẫu", "integer": "một số",
           "string": "một đoạn chữ trong nháy"}


def _token(text: str) -> str:
    return _TOKENS.get(text, f"'{text}'")


_JINJA = [
    (re.compile(r"expected token '(.+?)', got '(.+?)'"), lambda m: f"cần {_token(m[1])} nhưng gặp {_token(m[2])}"),
    (re.compile(r"unexpected 'end of (print statement|statement block)'"),
     lambda m: "thẻ đã đóng khi biểu thức chưa viết xong"),
    (re.compile(r"unexpected '(.+?)'"), lambda m: f"không được có {_token(m[1])} ở đây"),
    (re.compile(r"unexpected end of template"), lambda m: "mẫu hết mà thẻ chưa đóng"),
    (re.compile(r"unexpected char '(.+?)'"), lambda m: f"ký tự '{m[1]}' không dùng được trong thẻ"),
    (re.compile(r"Encountered unknown tag '(.+?)'"), lambda m: f"không có thẻ '{m[1]}'"),
    (re.compile(r"unexpected end of string"), lambda m: "dấu nháy chưa đóng"),
    (re.compile(r"no filter named '(.+?)'"), lambda m: f"không có bộ lọc '{m[1]}'"),
    (re.compile(r"no test named '(.+?)'"), lambda m: f"không có phép thử '{m[1]}'"),
]


def jinja_message(error: Exception) -> str:
    """Jinja's English message about a tag, in Vietnamese (without Jinja's own words when unknown)."""
    text = str(getattr(error, "message", None) or error)
    for pattern, words in _JINJA:
        found = pattern.search(text)
        if found:
            return str(words(found))
    return "Jinja không đọc được thẻ này"

TAG = re.compile(r"\{%-?\s*(?:(?P<stmt_kind>tr|tc|p|r)\s)?\s*(?P<stmt>.*?)\s*-?%\}"
                 r"|\{\{-?\s*(?:(?P<expr_kind>r|p|tr|tc)\s)?\s*(?P<expr>.*?)\s*-?\}\}"
                 r"|\{#.*?#\}", re.S)
OPENERS = {"for": "endfor", "if": "endif", "with": "endwith", "macro": "endmacro", "call": "endcall",
           "filter": "endfilter", "raw": "endraw"}
MIDDLES = {"elif": ("if",), "else": ("if", "for")}
SINGLES = {"set", "cellbg", "colspan", "hm", "vm"}  # docxtpl's own cell tags among them
KNOWN = set(OPENERS) | set(OPENERS.values()) | set(MIDDLES) | SINGLES


@dataclass(frozen=True)
class Spot:
    """A paragraph of the template, as Word shows it."""

    part: str  # "thân văn bản", or "đầu trang phần 1 (section)" …
    where: str  # 'đoạn 12 ("Năm {{ nam }}…")' or 'bảng 1, dòng 2, ô 1 ("{%tr for …")'
    in_table: bool
    text: str

    def __str__(self) -> str:
        return self.where if self.part == "thân văn bản" else f"{self.part}, {self.where}"


@dataclass(frozen=True)
class Problem:
    spot: Spot
    message: str
    hint: str
    field: str = ""  # the data path a missing field's problem is about

    def error(self, path: Path) -> TemplateError:
        return TemplateError(self.message, Position(f"{path}, {self.spot}"), self.hint)


def _label(kind: str, text: str) -> str:
    short = text.strip()
    short = short if len(short) <= 40 else short[:40].rstrip() + "…"
    return f'{kind} ("{short}")' if short else kind


def _text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _spots(container: Any, part: str) -> Iterator[Spot]:
    number, table_number = 0, 0
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            number += 1
            text = _text(child)
            yield Spot(part, _label(f"đoạn {number}", text), False, text)
        elif child.tag == qn("w:tbl"):
            table_number += 1
            for r, row in enumerate(child.iterchildren(qn("w:tr")), 1):
                for c, cell in enumerate(row.iterchildren(qn("w:tc")), 1):
                    for p in cell.iter(qn("w:p")):
                        text = _text(p)
                        yield Spot(part, _label(f"bảng {table_number}, dòng {r}, ô {c}", text), True, text)


def template_parts(path: Path) -> list[list[Spot]]:
    """The template's parts as docxtpl renders them, each a list of paragraphs: the body, then each
    header and footer once."""

    doc = _opened(path, path.stat().st_mtime_ns)  # read only here
    parts = [list(_spots(doc.element.body, "thân văn bản"))]
    seen = set()
    for number, section in enumerate(doc.sections, 1):
        for kind, item in (("đầu trang", section.header), ("đầu trang thứ nhất", section.first_page_header),
                           ("chân trang", section.footer), ("chân trang thứ nhất", section.first_page_footer)):
            if item.is_linked_to_previous:
                continue
            part = item.part
            if part.partname not in seen:
                seen.add(part.partname)
                parts.append(list(_spots(item._element, f"{kind} phần {number} (section)")))
    return parts


_PART_LABELS = {"word/footnotes.xml": "chú thích cuối trang", "word/endnotes.xml": "chú thích cuối văn bản",
                "docProps/core.xml": "thuộc tính của tệp (Tiêu đề, Chủ đề, Tác giả…)"}
_DOCXTPL_MARK = re.compile(r"(\{[{%])-?(?:p|tr|tc|r)(?=\s)")
_TAGS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def _bare(text: str) -> str:
    """A tag's text without docxtpl's marks and whitespace, to compare a Word paragraph with Jinja's source."""
    return re.sub(r"\s+|-(?=[%}]\}$)|(?<=^\{[{%])-", "", _DOCXTPL_MARK.sub(r"\1", text))


def place_of(path: Path, part: str, line: str) -> str:
    """Where a tag that failed stands, as Word shows it: the paragraph of the template (as ``lint`` names it)
    that holds a tag of ``line`` (the line of the part's Jinja source where it failed), else the part and the
    tag."""
    written = _TAGS.findall(html.unescape(line))
    tags = [_bare(tag) for tag in written]
    if part.startswith("word/") and part not in _PART_LABELS:
        for spots in template_parts(path):
            for spot in spots:
                text = "".join(_bare(tag) for tag in _TAGS.findall(spot.text))
                if any(tag in text for tag in tags):
                    return str(spot)
    label = _PART_LABELS.get(part) or _part_label(part)
    return _label(label, written[0]) if written else label


def _part_label(part: str) -> str:
    """ "thân văn bản", "đầu trang", "chân trang" (the section of a header or footer is known to ``lint``)."""
    for prefix, label in (("word/header", "đầu trang"), ("word/footer", "chân trang")):
        if part.startswith(prefix):
            return label
    return "thân văn bản" if part == "word/document.xml" else part



def _close(word: str, choices: set[str] | list[str]) -> str:
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    longer = [c for c in sorted(choices) if c.startswith(word + "_") or c.endswith("_" + word)]
    found = match or longer[:1]
    return f" Có phải là '{found[0]}'?" if found else ""


def _check_expression(env: Any, source: str, spot: Spot) -> Iterator[Problem]:
    """Syntax and filters of one tag, parsed on its own (``source`` is a complete little template)."""
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as error:
        yield Problem(spot, f"thẻ viết sai: {source.split('%}')[0].split('}}')[0]}… ({jinja_message(error)}).",
                      "Kiểm tra dấu ngoặc, dấu nháy và tên biến trong thẻ.")
        return
    for node in tree.find_all(nodes.Filter):
        if node.name not in env.filters:
            yield Problem(spot, f"bộ lọc '{node.name}' không có.{_close(node.name, set(env.filters))}",
                          "Các bộ lọc tiếng Việt: so, phan_tram, dem, chu, tien_chu, ngay, thu_tu, la_ma, diem, "
                          "hoa, sap_xep; thể thức và danh sách: so_van_ban, ten_co_quan, chu_ky, noi_nhan, can_cu, "
                          "so_va_chu, hoa_dau, tong, nhom, sap_xep_ten (xem README).")


def _statement_source(name: str, body: str) -> str:
    if name in OPENERS:
        return f"{{% {body} %}}{{% {OPENERS[name]} %}}"
    if name in MIDDLES:
        return f"{{% if true %}}{{% {body} %}}{{% endif %}}" if name == "elif" else "{% if true %}{% else %}{% endif %}"
    return f"{{% {body} %}}"


def lint_part(env: Any, spots: list[Spot]) -> Iterator[Problem]:
    """Every problem of one part: tags, their nesting and their expressions."""
    stack: list[tuple[str, Spot]] = []
    for spot in spots:
        text = spot.text
        opened = text.count("{{") + text.count("{%")
        if opened != text.count("}}") + text.count("%}"):
            yield Problem(spot, "thẻ chưa đóng hoặc thừa dấu ngoặc ({{ }} hay {% %}).",
                          "Mỗi {{ cần một }}, mỗi {% cần một %} trong cùng đoạn văn.")
        for match in TAG.finditer(text):
            if match["expr"] is not None:
                yield from _check_expression(env, "{{ " + match["expr"] + " }}", spot)
                continue
            if match["stmt"] is None:
                continue  # a comment
            body, kind = match["stmt"], match["stmt_kind"]
            name = body.split()[0] if body.split() else ""
            if kind in ("tr", "tc") and not spot.in_table:
                yield Problem(spot, f"{{%{kind} chỉ dùng được trong một ô của bảng.",
                              "Ngoài bảng, dùng {%p … %} cho cả đoạn văn.")
            if name not in KNOWN:
                yield Problem(spot, f"thẻ '{{% {name} %}}' không có trong Jinja.{_close(name, KNOWN)}",
                              "Các thẻ dùng được: for/endfor, if/elif/else/endif, set, with/endwith.")
                continue
            if name in OPENERS and not (name == "set" and "=" in body):
                stack.append((name, spot))
            elif name in MIDDLES:
                if not stack or stack[-1][0] not in MIDDLES[name]:
                    yield Problem(spot, f"có {{% {name} %}} mà không ở trong {{% if %}} nào.",
                                  "Đặt nó giữa {% if … %} và {% endif %}.")
            elif name in OPENERS.values():
                opener = next(k for k, v in OPENERS.items() if v == name)
                if not stack:
                    yield Problem(spot, f"có {{% {name} %}} mà không có {{% {opener} %}} nào mở trước.",
                                  f"Xóa {{% {name} %}} thừa, hoặc thêm {{% {opener} … %}} ở chỗ bắt đầu.")
                    continue
                top, where = stack[-1]
                if top != opener:
                    yield Problem(spot, f"{{% {name} %}} đóng nhầm: thẻ đang mở là {{% {top} %}} ở {where}.",
                                  f"Đóng {{% {top} %}} bằng {{% {OPENERS[top]} %}} trước.")
                    if opener in [s[0] for s in stack]:
                        while stack and stack[-1][0] != opener:
                            stack.pop()
                        stack.pop()
                    continue
                stack.pop()
                continue
            yield from _check_expression(env, _statement_source(name, body), spot)
    for name, spot in stack:
        yield Problem(spot, f"{{% {name} %}} mở mà không đóng.",
                      f"Thêm {{% {OPENERS[name]} %}} ở chỗ kết thúc (cùng loại {{%p hay {{%tr với thẻ mở).")


@lru_cache(maxsize=32)
def _problems(path: Path, modified_ns: int) -> tuple[Problem, ...]:
    """The tag problems of every part; a template render would refuse as a package (entry names, sizes, a DTD,
    content outside the file) raises its TemplateError here too (``engine.compiled``, kept for the render)."""
    compiled(path, modified_ns)
    env = environment()
    return tuple(problem for part in template_parts(path) for problem in lint_part(env, part))


def lint(path: Path, context: dict[str, Any] | None = None, nested: bool = False,
         origins: dict[str, str] | None = None) -> list[Problem]:
    """Every problem of a template; with a kind's ``context``, also the variables it does not provide, and
    with ``nested`` (own data) the fields of records and list items too ("danh_sach[].so_tien"), a list
    grouped, sorted or added up by a field its items lack included, all in one run. ``origins`` says where each
    list of own data comes from ("trang 'DS khen thưởng' của danh-sach.xlsx"), for the messages."""
    problems = list(_problems(path, path.stat().st_mtime_ns))
    if context is not None:
        provided = set(context)
        lists = _lists(context, origins or {})
        missing = []
        only_list = [n for n, v in context.items() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]
        for name, spot in _data_names(path, path.stat().st_mtime_ns):
            if name not in provided:
                missing.append(name)
                whose = "dữ liệu" if nested else "dữ liệu của loại văn bản này"
                as_list = nested and len(only_list) == 1 and _iterated(path, name)  # the data's one list, surely
                close = _close(only_list[0], only_list) if as_list else _close(name, provided)
                problems.append(Problem(spot, f"mẫu dùng biến '{name}' mà {whose} không có.{close}",
                                        "Sửa tên biến trong mẫu (xem tdkt vars), hoặc dùng mẫu đúng loại văn bản."
                                        if not nested else "Sửa tên biến trong mẫu (xem tdkt vars MẪU.docx --data "
                                        "DỮ_LIỆU), hoặc thêm trường, cột này vào dữ liệu (trường chung của mọi dòng "
                                        f"một danh sách: ghi trong một tệp .yaml đi kèm danh sách).{lists}"))
        if nested:
            problems += [p for p in _missing_fields(path, context, origins or {})
                         if p.field.split(".")[0].removesuffix("[]") not in missing]
    return problems


def _iterated(path: Path, name: str) -> bool:
    """Whether the template reads ``name`` as a list (loops over it, or groups, sorts, adds up its items)."""
    return any(n.startswith(f"{name}[]") for n in template_variables(path))


def _lists(context: dict[str, Any], origins: dict[str, str]) -> str:
    """ " Danh sách của dữ liệu: ds_khen_thuong (trang 'DS khen thưởng' của danh-sach.xlsx)." """
    named = [f"{name} ({origins[name]})" if name in origins else name for name, value in context.items()
             if isinstance(value, list) and value and all(isinstance(v, dict) for v in value)]
    return f" Danh sách của dữ liệu: {', '.join(named)}." if named else ""


def _missing_fields(path: Path, context: dict[str, Any], origins: dict[str, str]) -> list[Problem]:
    """The record fields a template reads (or groups, sorts, adds up by) that the data lacks, at the first
    paragraph reading each, with the nearest field the data has."""
    names = template_variables(path)
    found = []
    for name in missing_paths([n for n in names if "." in n], context):
        base, _, leaf = name.rpartition(".")
        value = _value_at(context, base)
        known = set(value) if isinstance(value, dict) else set()
        top = name.split(".")[0].removesuffix("[]")
        source = f" (danh sách '{top}' là {origins[top]})" if top in origins else ""
        found.append(Problem(names[name], f"mẫu dùng trường '{name}' mà dữ liệu không có{source}."
                                          f"{_close(leaf, known)}",
                             "Sửa tên trường trong mẫu (xem tdkt vars MẪU.docx --data DỮ_LIỆU), hoặc thêm cột, "
                             "trường này vào dữ liệu.", name))
    return found


def _value_at(context: dict[str, Any], name: str) -> Any:
    value: Any = context
    for step in name.split("."):
        key = step.removesuffix("[]")
        value = value.get(key) if isinstance(value, dict) else None
        if step.endswith("[]"):
            value = value[0] if isinstance(value, list) and value else None
    return value


# ------------------------------------------------------------------ variables


@lru_cache(maxsize=32)
def _data_names(path: Path, modified_ns: int) -> tuple[tuple[str, Spot], ...]:
    """The top-level names each tag reads from the data, tag by tag, so that a template whose blocks are
    broken still has its names checked; names the template binds itself (loop and set variables) are not
    data."""
    from jinja2 import meta


    env = environment()
    tags = _jinja_source(path)
    bound = {"loop", *env.globals}  # Jinja's own globals (range, namespace, …) are not data
    for tag, _ in tags:
        loop = re.match(r"\{% for (.+?) in ", tag)
        assigned = re.match(r"\{% set (\w+)\s*=", tag)
        if loop:
            bound |= {name.strip() for name in loop.group(1).split(",")}
        if assigned:
            bound.add(assigned.group(1))
    names: dict[str, Spot] = {}
    for tag, spot in tags:
        words = tag[3:].split()
        source = _statement_source(words[0], tag[3:-3]) if tag.startswith("{%") and words else tag
        try:
            read = meta.find_undeclared_variables(env.parse(source))
        except TemplateSyntaxError:
            continue  # reported by the tag check
        for name in sorted(read - bound):
            names.setdefault(name, spot)
    return tuple(names.items())


def _jinja_source(path: Path) -> list[tuple[str, Spot]]:
    """Each tag as plain Jinja (docxtpl's "tr", "p", "r" marks taken off), with its paragraph."""
    tags = []
    for part in template_parts(path):
        for spot in part:
            for match in TAG.finditer(spot.text):
                if match["expr"] is not None:
                    tags.append(("{{ " + match["expr"] + " }}", spot))
                elif match["stmt"] is not None:
                    tags.append(("{% " + match["stmt"] + " %}", spot))
    return tags


def _paths(node: nodes.Node, scope: dict[str, str]) -> str | None:
    """The data path an expression reads: "nguoi_ky.ho_ten", "thanh_vien[].ten"; None for a literal."""
    if isinstance(node, nodes.Name):
        return scope.get(node.name, node.name)
    if isinstance(node, nodes.Getattr):
        base = _paths(node.node, scope)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _paths(node.node, scope)
        return f"{base}.{node.arg.value}" if base and isinstance(node.arg.value, str) else base
    if isinstance(node, nodes.Filter) and node.node is not None:
        return _paths(node.node, scope) if node.name not in RESHAPING else None
    return None


# Filters whose argument names a field of each item of the list they get: {{ danh_sach | tong("so_tien") }},
# {%tr for nhom in danh_sach | nhom("don_vi") %}; by position (the argument's index) or by keyword.
FIELD_FILTERS = {"nhom": 0, "tong": 0, "sap_xep": 0, "sap_xep_ten": 0, "groupby": 0, "sort": None, "map": None,
                 "sum": None, "selectattr": 0, "rejectattr": 0, "unique": None}
DEFAULT_FIELDS = {"sap_xep_ten": "ho_ten"}


def _field_argument(node: nodes.Filter) -> str | None:
    """The field a filter names for the items of its list, when it names one ("don_vi" in nhom("don_vi"))."""
    if node.name not in FIELD_FILTERS:
        return None
    position = FIELD_FILTERS[node.name]
    for keyword in node.kwargs:
        given = keyword.value
        if keyword.key == "attribute" and isinstance(given, nodes.Const):
            return str(given.value)
    argument = node.args[position] if position is not None and len(node.args) > position else None
    if isinstance(argument, nodes.Const):
        return argument.value if isinstance(argument.value, str) else None
    return DEFAULT_FIELDS.get(node.name)


# Filters whose result is not the data they read (its items are something else): a loop over
# ``danh_sach | nhom("don_vi")`` reads ``danh_sach`` but its items are groups, not records.
RESHAPING = {"nhom", "tong", "length", "count", "groupby", "batch", "slice", "map", "sum", "chu_ky", "noi_nhan",
             "can_cu", "items", "dictsort"}


def template_variables(path: Path) -> dict[str, Spot]:
    """Every data path the template reads, in order, with the first paragraph that reads it."""
    return _variables(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _variables(path: Path, modified_ns: int) -> dict[str, Spot]:

    env = environment()
    tags = _jinja_source(path)
    source = "".join(tag for tag, _ in tags)
    try:
        tree = env.parse(source)
    except TemplateSyntaxError:
        raise TemplateError("mẫu có thẻ viết sai, chưa liệt kê được biến.", Position(path),
                            f"Chạy: tdkt lint {path}") from None
    found: dict[str, Spot] = {}

    def spot_of(name: str) -> Spot:
        """The first tag that names the path itself, else one that reads its last attribute."""
        whole, leaf = name.replace("[]", ""), name.split(".")[-1].replace("[]", "")
        for pattern in (rf"\b{re.escape(whole)}\b", rf"\.{re.escape(leaf)}\b", rf"\b{re.escape(leaf)}\b"):
            spot = next((s for tag, s in tags if re.search(pattern, tag)), None)
            if spot is not None:
                return spot
        return tags[0][1]

    def visit(node: nodes.Node, scope: dict[str, str]) -> None:
        if isinstance(node, nodes.For):
            iterable = _paths(node.iter, scope)
            inner = dict(scope)
            if iterable and isinstance(node.target, nodes.Name):
                inner[node.target.name] = f"{iterable}[]"
                found.setdefault(f"{iterable}[]", spot_of(iterable))
            elif isinstance(node.target, nodes.Name):
                inner[node.target.name] = ""  # items of a reshaped list: the template's own, not data
            visit(node.iter, scope)
            for child in [*node.body, *node.else_]:
                visit(child, inner)
            if node.test is not None:
                visit(node.test, inner)
            return
        if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
            visit(node.node, scope)
            scope[node.target.name] = ""  # a template's own variable: not data
            return
        if isinstance(node, nodes.Filter) and node.node is not None:
            field = _field_argument(node)
            base = _paths(node.node, scope) if field else None
            if field and base:
                call = next((s for tag, s in tags if re.search(rf"\|\s*{node.name}\b", tag)), None)
                found.setdefault(f"{base}[].{field}", call or spot_of(field))
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            name = _paths(node, scope)  # "" for the template's own (set) variables
            if name and name != "loop" and not name.startswith("loop."):
                found.setdefault(name, spot_of(name))
            if isinstance(node, nodes.Getitem):
                visit(node.arg, scope)
            return
        for child in node.iter_child_nodes():
            visit(child, scope)

    visit(tree, {})
    return {name: spot for name, spot in found.items()
            if not any(other.startswith((name + ".", name + "[]")) for other in found)}


def _attribute(value: Any, name: str) -> Any:
    """An attribute of a value of the data as a template reads it (through the sandbox); None when there is
    none or the sandbox refuses it."""
    try:
        return field(environment(), value, name)
    except SecurityError:
        return None


def missing_paths(names: list[str], context: dict[str, Any]) -> list[str]:
    """The paths a context does not provide ("thanh_vien[].ten": looked up in the list's first item)."""
    missing = []
    for name in names:
        value: Any = context
        for step in re.split(r"\.", name):
            listed = step.endswith("[]")
            key = step[:-2] if listed else step
            if isinstance(value, dict) and key in value:
                value = value[key]
            elif key and not isinstance(value, dict) and _attribute(value, key) is not None:
                value = _attribute(value, key)
            else:
                missing.append(name)
                break
            if listed:
                if isinstance(value, (list, tuple)) and value:
                    value = value[0]
                else:
                    break  # an empty list: nothing to look into
    return missing
