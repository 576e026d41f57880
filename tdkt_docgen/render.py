"""Rendering: one configured Jinja environment and docxtpl, then ``finish``.

The environment autoescapes, treats undefined variables as errors and is sandboxed, so text in a
data file can never run template code. Paragraphs, footnotes and tables from ``derive`` are turned
into docxtpl RichText or markers here; ``finish`` turns the markers into real Word objects.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docxtpl import DocxTemplate, RichText
from jinja2 import StrictUndefined, Template, TemplateRuntimeError, TemplateSyntaxError, UndefinedError
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from . import engine, helpers, nd30, vn
from .docx_view import open_docx
from .errors import Position, TemplateError, TemplateErrors
from .finish import finish
from .markup import Footnote, Para, Run
from .output import docx_bytes
from .tables import SignatureGrid, Table
from .template_lint import jinja_message, lint

MAX_TEXT = 1_000_000  # characters or items a template expression may make ("x" * n, [0] * n)
MAX_EXPONENT = 1000  # an exponent a template may use (10 ** n)

TEMPLATES = Path(__file__).resolve().parent / "templates"
FOOTNOTE_MARK = "\u27e6cn:{}\u27e7"  # ⟦cn:1⟧ stands where a footnote reference goes
TABLE_MARK = "\u27e6bang:{}\u27e7"  # ⟦bang:0⟧ stands alone in the paragraph a table replaces


class _Environment(SandboxedEnvironment):
    """A sandboxed environment that compiles each template text once: docxtpl asks for the same body,
    header and footer XML of a template for every document of a batch."""

    intercepted_binops = frozenset(["*", "**"])

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=StrictUndefined, finalize=_shown)
        self._compiled: dict[str, Template] = {}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``*`` and ``**`` within bounds: a template cannot make a text of a billion characters or a number
        of a billion digits (and hang the machine)."""
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise OverflowError("power")
        if operator == "*":
            for sequence, count in ((left, right), (right, left)):
                if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) \
                        and len(sequence) * count > MAX_TEXT:
                    raise OverflowError("repeat")
        return super().call_binop(context, operator, left, right)

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Template:  # noqa: A002
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            self._compiled[source] = super().from_string(source)
        return self._compiled[source]


class _DocxTemplate(DocxTemplate):
    """docxtpl's template, opened and cleaned up once per template file rather than once per document:
    each document starts from a copy of the opened template (a third of the time of opening it again),
    and docxtpl's clean-up of the part XML (a dozen regular expressions over the body) is remembered."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.path, self.modified_ns = path, path.stat().st_mtime_ns

    def init_docx(self, reload: bool = True) -> None:
        """A fresh copy of the opened template for each rendering (docxtpl would open the file again)."""
        self.docx = copy.deepcopy(_opened(self.path, self.modified_ns))
        self.is_rendered = False

    def patch_xml(self, src_xml: str) -> str:
        return engine.patched(src_xml)

    def resolve_listing(self, xml: str) -> str:
        """docxtpl's line breaks, tabs, paragraph and page breaks from the data, with its three nested regular
        expressions over every paragraph run only when the rendered XML holds one of those characters."""
        return engine.resolve_listing(xml)



def _shown(value: Any) -> Any:
    """What ``{{ x }}`` prints: an absent value (an empty cell) prints nothing, never "None"; a date
    prints as "05/3/2024"."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, vn.PartialDate)) and not isinstance(value, dt.datetime):
        return vn.PartialDate.of(value).short()
    return value


class FilterError(TemplateRuntimeError):
    """A filter given a value it cannot use ("abc" | so)."""


def _tolerant(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that leaves an absent value out (None -> "") and says which filter a bad value reached."""
    @functools.wraps(function)
    def apply(value: Any, *args: Any, **kwargs: Any) -> Any:
        if value is None:
            return ""
        try:
            return function(value, *args, **kwargs)
        except (TypeError, ValueError, ArithmeticError, AttributeError) as error:
            raise FilterError(f"bộ lọc '{name}' không dùng được với giá trị {value!r} ({error})") from None
    return apply


@cache
def environment() -> SandboxedEnvironment:
    """The one Jinja environment: autoescape, StrictUndefined, sandbox, Vietnamese filters and the
    Decree 30 helpers for own templates."""
    env = _Environment()
    filters: dict[str, Any] = {**vn.FILTERS, **helpers.FILTERS}
    env.filters.update({name: _tolerant(name, f) for name, f in filters.items()})
    return env


@lru_cache(maxsize=16)
def _opened(path: Path, modified_ns: int) -> DocxDocument:
    """A template file opened once per process (a changed file is opened again)."""
    return open_docx(path, TemplateError, "tệp mẫu")


@dataclass
class Extras:
    """What the template cannot hold itself: footnote texts and tables, found by their markers."""

    footnotes: list[tuple[Run, ...]] = field(default_factory=list)
    tables: list[Table | SignatureGrid] = field(default_factory=list)


class _RichText(RichText):  # type: ignore[misc]
    """docxtpl's formatted text, shown as its plain text where a template prints it as a value (a list
    printed whole in a user's template reads "['…', '…']", not "<docxtpl.richtext.RichText object>")."""

    plain = ""

    def __repr__(self) -> str:
        return repr(self.plain)


def _rich_text(para: Para, extras: Extras) -> RichText:
    rich = _RichText()
    for part in para.parts:
        if isinstance(part, Footnote):
            extras.footnotes.append(part.runs)
            rich.add(FOOTNOTE_MARK.format(len(extras.footnotes)))
        else:
            rich.add(part.text, bold=part.bold, italic=part.italic,
                     style=nd30.PLACEHOLDER_STYLE_ID if part.highlight else None)
            rich.plain += part.text
    return rich


def template_values(value: Any, extras: Extras) -> Any:
    """The context with derive's plain objects replaced by what docxtpl and ``finish`` understand."""
    if isinstance(value, Para):
        return _rich_text(value, extras)
    if isinstance(value, Footnote):
        return _rich_text(Para((value,)), extras)
    if isinstance(value, (Table, SignatureGrid)):
        extras.tables.append(value)
        return TABLE_MARK.format(len(extras.tables) - 1)
    if isinstance(value, dict):
        return {k: template_values(v, extras) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [template_values(v, extras) for v in value]
    return value


def _template_error(path: Path, error: JinjaTemplateError) -> TemplateError:
    if isinstance(error, UndefinedError):
        attribute = re.match(r"^.* has no attribute '(.*)'$", str(error))
        name = attribute.group(1) if attribute else re.sub(r"^'(.*)' is undefined$", r"\1", str(error))
        return TemplateError(f"mẫu dùng trường '{name}' mà dữ liệu không có.", Position(path),
                             "Sửa tên trường trong mẫu (xem tdkt vars MẪU.docx --data DỮ_LIỆU), hoặc thêm trường "
                             "này vào dữ liệu.")
    if isinstance(error, FilterError):
        return TemplateError(f"{error.message}.", Position(path), "Sửa giá trị trong dữ liệu, hoặc bỏ bộ lọc này.")
    if isinstance(error, TemplateSyntaxError):
        return TemplateError(f"mẫu có thẻ Jinja viết sai ({jinja_message(error)}).", Position(path),
                             "Kiểm tra các cặp {% for %}…{% endfor %}, {% if %}…{% endif %} và dấu ngoặc {{ }}.")
    if isinstance(error, SecurityError):
        found = re.search(r"attribute '(.+?)'", str(error))
        name = f" '{found.group(1)}'" if found else ""
        return TemplateError(f"mẫu dùng thuộc tính{name} bị chặn để bảo vệ máy (mẫu không được chạy mã).",
                             Position(path), "Xóa biểu thức này khỏi mẫu.")
    return TemplateError("không điền được mẫu (một thẻ không tính được).", Position(path))


def _evaluation_error(path: Path, error: Exception) -> TemplateError:
    """A template expression that fails while filling: said in Vietnamese, never Python's text."""
    if isinstance(error, ZeroDivisionError):
        what = "chia cho 0"
    elif isinstance(error, (OverflowError, MemoryError)):
        what = ("tạo ra số, đoạn chữ hay vòng lặp quá lớn (range() tối đa 100.000 lần, chữ tối đa "
                "1.000.000 ký tự)")
    else:
        what = "tính giữa các giá trị không hợp kiểu (ví dụ cộng số với chữ)"
    return TemplateError(f"một biểu thức trong mẫu {what}.", Position(path),
                         "Sửa biểu thức trong mẫu; tìm bằng: tdkt lint MẪU.docx.")


def render_docx(template: Path, context: dict[str, Any], own: bool = False) -> bytes:
    """The finished DOCX (bytes) of ``template`` filled with ``context``; an ``own`` template's fields
    are checked down to the fields of list items first (``lint`` with ``nested``)."""
    if not template.exists():
        raise TemplateError("không tìm thấy tệp mẫu.", Position(template))
    problems = lint(template, context, nested=own)
    if problems:
        raise TemplateErrors([problem.error(template) for problem in problems])
    extras = Extras()
    values = template_values(context, extras)
    compiled = engine.compiled(template, template.stat().st_mtime_ns)
    if compiled.plain and not extras.footnotes and not extras.tables and engine.plain_values(values):
        try:
            return compiled.render(values, environment().from_string)
        except JinjaTemplateError as error:
            raise _template_error(template, error) from None
        except etree.XMLSyntaxError:
            raise TemplateError("dữ liệu có ký tự không ghi được vào tệp Word (ký tự điều khiển).",
                                Position(template), "Xóa các ký tự lạ khỏi tệp dữ liệu rồi chạy lại.") from None
    document = _DocxTemplate(template)
    try:
        document.render(values, jinja_env=environment(), autoescape=True)
    except JinjaTemplateError as error:
        raise _template_error(template, error) from None
    except (ArithmeticError, MemoryError, TypeError, ValueError, AttributeError, KeyError, IndexError) as error:
        raise _evaluation_error(template, error) from None
    try:
        finish(document.docx, extras.footnotes, extras.tables, FOOTNOTE_MARK, TABLE_MARK)
    except KeyError as error:  # a style of tdkt's templates the user's template does not have
        raise TemplateError(f"mẫu thiếu kiểu định dạng (style) '{error.args[0]}' mà văn bản này cần.",
                            Position(template), "Làm mẫu riêng từ một mẫu có sẵn của tdkt (tdkt_docgen/templates/) "
                                                "để có đủ các kiểu định dạng.") from None
    return docx_bytes(document.docx)
