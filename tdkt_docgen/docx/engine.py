"""A template compiled once per process: what docxtpl would do for each document, done once.

A .docx template is read into its package entries, kept with their compressed bytes, and, for each part
that holds template tags (the body of word/document.xml, headers, footers, footnotes), a Jinja template
compiled over docxtpl's cleaned-up XML (``patched``: docxtpl stays the definition of the tag syntax,
``{%p``, ``{%tr``, ``{%r`` included). A document is then: render those strings, apply docxtpl's own
post-processing (line breaks and tabs from the data), and write a ZIP whose unchanged entries are copied
as they are, compressed once when the template was read.

This path serves templates that need nothing of ``finish`` (a user's own template drawn in Word, without
tdkt's frame styles, filled with plain values). tdkt's own templates, whose rules, tables and footnotes
``finish`` draws on python-docx objects, keep docxtpl's path; ``plain`` says which a template takes.

Both paths, and the template lint, share the one Jinja environment (``environment``) and the templates opened
once per process (``_opened``), which live here so that ``render`` and ``template_lint`` need not import each other.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import struct
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docxtpl import DocxTemplate, RichText
from jinja2 import StrictUndefined, Template, TemplateRuntimeError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from .. import helpers, nd30, vn
from ..errors import TemplateError
from ..output import append_compressed, write_deflated
from .docx_view import open_docx

_TAG = re.compile(r"\{[{%#]")
_TAGGED_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")
# What only the slow path does right: images renumbered (wp:docPr), columns added by {%tc, core properties
# with tags, and paragraphs in the styles ``finish`` sizes or aligns (rules, Kính gửi lines, placeholders).
_NEEDS_DOCXTPL = (b"<wp:docPr", b"{%tc", b"{%-tc")
_FINISHED_STYLES = (*nd30.RULES, "Kính gửi - mục", nd30.PLACEHOLDER_STYLE)
_STYLE = re.compile(rb'<w:style\b[^>]*w:styleId="([^"]+)"[^>]*>\s*<w:name w:val="([^"]+)"')


@dataclass(frozen=True)
class _Entry:
    info: zipfile.ZipInfo
    raw: bytes  # the entry's compressed bytes, as stored in the template


@dataclass(frozen=True)
class _Tagged:
    name: str
    head: bytes  # the part's bytes before the rendered text (document.xml: up to and including <w:body>)
    source: str  # docxtpl's cleaned XML, compiled when first rendered
    tail: bytes


@dataclass(frozen=True)
class Compiled:
    """A template read once: ``plain`` when it can be rendered here without docxtpl and ``finish``."""

    entries: tuple[_Entry | _Tagged, ...]
    plain: bool

    def render(self, context: Mapping[str, Any], compile_xml: Callable[[str], Any]) -> bytes:
        """The DOCX of ``context``: each tagged part rendered (``compile_xml`` gives the compiled Jinja
        template of an XML text), the other entries copied compressed. Raises Jinja's errors, and
        ``etree.XMLSyntaxError`` when the rendered XML is not well formed."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for entry in self.entries:
                if isinstance(entry, _Tagged):
                    text = _docxtpl_post(compile_xml(entry.source).render(context))
                    blob = entry.head + text.encode("utf-8") + entry.tail
                    etree.fromstring(blob)  # the data may not break the XML: checked before anything is written
                    write_deflated(archive, entry.name, blob)
                else:
                    _copy_raw(archive, entry)
        return buffer.getvalue()


_DOCXTPL = DocxTemplate.__new__(DocxTemplate)  # patch_xml and resolve_listing use no state of their instance
_LISTING_CHARACTERS = re.compile("[\n\t\a\f]")  # what docxtpl's resolve_listing turns into Word's


@lru_cache(maxsize=64)
def patched(source: str) -> str:
    """docxtpl's clean-up of a part's XML (a dozen regular expressions), once per text."""
    return DocxTemplate.patch_xml(_DOCXTPL, source)  # type: ignore[no-any-return]


_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)  # docxtpl's own paragraph pattern


def resolve_listing(xml: str) -> str:
    """docxtpl's line breaks, tabs, paragraph and page breaks from the data, with its nested regular
    expressions run only over the paragraphs that hold one of those characters (docxtpl treats each
    paragraph on its own, so the result is the same)."""
    if not _LISTING_CHARACTERS.search(xml):
        return xml
    return _PARAGRAPH.sub(lambda m: _DOCXTPL.resolve_listing(m.group(0)) if _LISTING_CHARACTERS.search(m.group(0))
                          else m.group(0), xml)


def _docxtpl_post(xml: str) -> str:
    """docxtpl's ``render_xml_part`` after Jinja: paragraph markers away, escaped braces back, listing."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return resolve_listing(xml)


def _raw(path: Path, info: zipfile.ZipInfo) -> bytes:
    with path.open("rb") as stream:
        stream.seek(info.header_offset)
        name_length, extra_length = struct.unpack("<HH", stream.read(30)[26:30])
        stream.seek(info.header_offset + 30 + name_length + extra_length)
        return stream.read(info.compress_size)


def _copy_raw(archive: zipfile.ZipFile, entry: _Entry) -> None:
    """Append an entry with its stored compressed bytes, dated FIXED_DATE (outputs are reproducible)."""
    old = entry.info
    append_compressed(archive, old.filename, old.compress_type, old.CRC, old.file_size, entry.raw)


_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"  # as python-docx writes it
_W_BODY = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body"
_HOLE = "tdkt-rendered-text-goes-here"


def _tagged(name: str, blob: bytes) -> _Tagged:
    """A part's XML as docxtpl sees it (serialized by lxml; for document.xml only the body is a template),
    with what stands around the rendered text."""
    root = etree.fromstring(blob)
    if name == "word/document.xml":
        body = root.find(_W_BODY)
        if body is None:
            raise ValueError("document.xml without w:body")
        text = etree.tostring(body, encoding="unicode")
        body.getparent().replace(body, etree.Comment(_HOLE))
        head, tail = etree.tostring(root, encoding="utf-8").split(f"<!--{_HOLE}-->".encode())
    else:
        text, head, tail = etree.tostring(root, encoding="unicode"), b"", b""
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched(text))
    return _Tagged(name, _DECLARATION + head, source, tail)


def _uses_finished_styles(document_xml: bytes, styles_xml: bytes) -> bool:
    """Whether the body has a paragraph or run in one of the styles ``finish`` acts on."""
    ids = {name.decode(): style_id.decode() for style_id, name in _STYLE.findall(styles_xml)}
    used = [ids[name] for name in _FINISHED_STYLES if name in ids]
    return any(f'w:val="{style_id}"'.encode() in document_xml for style_id in used)


@lru_cache(maxsize=16)
def compiled(path: Path, modified_ns: int) -> Compiled:
    """``path`` read once per process (a changed file, with another ``modified_ns``, is read again)."""
    entries: list[_Entry | _Tagged] = []
    with zipfile.ZipFile(path) as archive:
        blobs = {info.filename: archive.read(info) for info in archive.infolist()}
        infos = archive.infolist()
    plain = (not _uses_finished_styles(blobs.get("word/document.xml", b""), blobs.get("word/styles.xml", b""))
             and not any(marker in blob for blob in blobs.values() for marker in _NEEDS_DOCXTPL)
             and not _TAG.search(blobs.get("docProps/core.xml", b"").decode("utf-8", "replace")))
    for info in infos:
        blob = blobs[info.filename]
        if _TAGGED_PARTS.match(info.filename) and _TAG.search(blob.decode("utf-8", "replace")):
            entries.append(_tagged(info.filename, blob))
        else:
            entries.append(_Entry(info, _raw(path, info)))
    return Compiled(tuple(entries), plain)


def plain_values(value: Any) -> bool:
    """Whether a context holds only plain values (text, numbers, dates, lists and mappings of them): docxtpl's
    own objects (RichText, InlineImage, Subdoc, Listing) need docxtpl's path."""
    if isinstance(value, Mapping):
        return all(plain_values(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(plain_values(v) for v in value)
    return not isinstance(value, RichText) and not type(value).__module__.startswith("docxtpl")


# ------------------------------------------------------------------ the one Jinja environment, templates opened once
# (render and template_lint both use them)

MAX_TEXT = 1_000_000  # characters or items a template expression may make ("x" * n, [0] * n)
MAX_EXPONENT = 1000  # an exponent a template may use (10 ** n)


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
