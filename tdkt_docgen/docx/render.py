"""Rendering: the template compiled once (``engine.compiled``), filled through the one configured Jinja
environment (``engine.environment``), then ``finish`` on the parts of the document it touches.

The environment autoescapes, treats undefined variables as errors and is sandboxed, so text in a
data file can never run template code. Paragraphs, footnotes and tables from ``derive`` are turned
into docxtpl RichText or markers here; ``finish`` turns the markers into real Word objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from docxtpl import RichText
from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from lxml import etree

from .. import nd30
from ..document.markup import Footnote, Para, Run
from ..document.tables import SignatureGrid, Table
from ..errors import Position, TemplateError, TemplateErrors
from ..vn import format_number
from . import engine, sandbox
from .finish import finish
from .sandbox import FilterError, LimitExceeded, Unprintable, environment
from .template_lint import jinja_message, lint, place_of

# The shipped templates: the top-level templates/ folder, installed as the package tdkt_docgen.templates.
TEMPLATES = Path(str(resources.files("tdkt_docgen.templates")))
FOOTNOTE_MARK = "\u27e6cn:{}\u27e7"  # ⟦cn:1⟧ stands where a footnote reference goes
TABLE_MARK = "\u27e6bang:{}\u27e7"  # ⟦bang:0⟧ stands alone in the paragraph a table replaces


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
    where = _where(path, error)
    if isinstance(error, UndefinedError):
        attribute = re.match(r"^.* has no attribute '(.*)'$", str(error))
        name = attribute.group(1) if attribute else re.sub(r"^'(.*)' is undefined$", r"\1", str(error))
        return TemplateError(f"mẫu dùng trường '{name}' mà dữ liệu không có.", where,
                             "Sửa tên trường trong mẫu (xem tdkt vars MẪU.docx --data DỮ_LIỆU), hoặc thêm trường "
                             "này vào dữ liệu.")
    if isinstance(error, FilterError):
        return TemplateError(f"{error.message}.", where, "Sửa giá trị trong dữ liệu, hoặc bỏ bộ lọc này.")
    if isinstance(error, TemplateSyntaxError):
        return TemplateError(f"mẫu có thẻ Jinja viết sai ({jinja_message(error)}).", where,
                             "Kiểm tra các cặp {% for %}…{% endfor %}, {% if %}…{% endif %} và dấu ngoặc {{ }}.")
    if isinstance(error, Unprintable):
        return TemplateError("mẫu in ra (hoặc ghép vào chữ) một hàm hay một đối tượng của chương trình, không phải "
                             "dữ liệu.", where, "Chỉ in các trường của dữ liệu; xóa biểu thức này khỏi mẫu.")
    if isinstance(error, SecurityError):
        found = re.search(r"attribute '(.+?)'", str(error))
        name = f" '{found.group(1)}'" if found else ""
        return TemplateError(f"mẫu dùng thuộc tính{name} bị chặn để bảo vệ máy (mẫu không được chạy mã).",
                             where, "Xóa biểu thức này khỏi mẫu.")
    if isinstance(error, LimitExceeded):
        return TemplateError(_LIMITS[error.what], where, "Sửa vòng lặp hay biểu thức này trong mẫu.")
    return TemplateError("không điền được mẫu (một thẻ không tính được).", where)


_LIMITS = {
    "steps": f"mẫu chạy quá {format_number(sandbox.MAX_STEPS)} bước cho một văn bản (vòng lặp lồng nhau hay gọi "
             "lặp lại quá nhiều).",
    "output": f"mẫu tạo ra văn bản quá dài (hơn {sandbox.MAX_OUTPUT // 1_000_000} triệu ký tự).",
    "time": f"mẫu chạy quá {sandbox.TIME_LIMIT:g} giây cho một văn bản (vòng lặp hay biểu thức quá nặng).",
}


def _where(path: Path, error: BaseException) -> Position:
    """The template, and the paragraph of its tag when the engine knows it (``engine.where``)."""
    found = engine.where(error)
    place = place_of(path, found.part, found.line) if found is not None else None
    return Position(f"{path}, {place}" if place else path)


def _evaluation_error(path: Path, error: Exception) -> TemplateError:
    """A template expression that fails while filling: said in Vietnamese, never Python's text."""
    if isinstance(error, ZeroDivisionError):
        what = "chia cho 0"
    elif isinstance(error, (OverflowError, MemoryError)):
        what = (f"tạo ra số, đoạn chữ hay vòng lặp quá lớn (range() tối đa 100.000 lần, chữ tối đa "
                f"{format_number(sandbox.MAX_TEXT)} ký tự, độ rộng định dạng tối đa "
                f"{format_number(sandbox.MAX_WIDTH)}, lipsum() tối đa {sandbox.MAX_LIPSUM} đoạn)")
    elif isinstance(error, RecursionError):
        what = "gọi lặp lại chính nó quá nhiều tầng (macro hay vòng lặp đệ quy)"
    else:
        what = "tính giữa các giá trị không hợp kiểu (ví dụ cộng số với chữ)"
    return TemplateError(f"một biểu thức trong mẫu {what}.", _where(path, error),
                         "Sửa biểu thức trong mẫu; tìm bằng: tdkt lint MẪU.docx.")


def render_docx(template: Path, context: dict[str, Any], own: bool = False, kind_template: bool = False) -> bytes:
    """The finished DOCX (bytes) of ``template`` filled with ``context``. The template is linted first against
    the context (an ``own`` one down to the fields of list items: ``lint`` with ``nested``), unless it is the
    ``kind_template``: a kind's own shipped template with the context its derive made, which the tests lint
    for every example (tests/test_lint.py)."""
    if not template.exists():
        raise TemplateError("không tìm thấy tệp mẫu.", Position(template))
    problems = [] if kind_template else lint(template, context, nested=own)
    if problems:
        raise TemplateErrors([problem.error(template) for problem in problems])
    extras = Extras()
    values = template_values(context, extras)
    compiled = engine.compiled(template, template.stat().st_mtime_ns)
    try:
        package = compiled.render(values, environment().from_string)
    except JinjaTemplateError as error:
        raise _template_error(template, error) from None
    except (ArithmeticError, MemoryError, RecursionError, TypeError, ValueError, AttributeError, KeyError,
            IndexError) as error:
        raise _evaluation_error(template, error) from None
    try:
        finish(package, extras.footnotes, extras.tables, FOOTNOTE_MARK, TABLE_MARK)
        return package.write()
    except etree.XMLSyntaxError:
        raise TemplateError("dữ liệu có ký tự không ghi được vào tệp Word (ký tự điều khiển).",
                            Position(template), "Xóa các ký tự lạ khỏi tệp dữ liệu rồi chạy lại.") from None
    except KeyError as error:  # a style of tdkt's templates the user's template does not have
        raise TemplateError(f"mẫu thiếu kiểu định dạng (style) '{error.args[0]}' mà văn bản này cần.",
                            Position(template), "Làm mẫu riêng từ một mẫu có sẵn của tdkt (tdkt_docgen/templates/) "
                                                "để có đủ các kiểu định dạng.") from None
