"""A template compiled once per process: what docxtpl would do for each document, done once.

A .docx template is read into its package entries, kept with their compressed bytes, and, for each part
that holds template tags (the body of word/document.xml, headers, footers, footnotes), a Jinja template
compiled over docxtpl's cleaned-up XML (``patched``: docxtpl stays the definition of the tag syntax,
``{%p``, ``{%tr``, ``{%tc``, ``{%r`` included). A document is then: render those strings, apply docxtpl's
own post-processing (line breaks and tabs from the data, ``{%tc`` columns, picture ids, core properties), and
hand the parts to ``package.Package``, where ``finish`` works on the parts it touches and the unchanged
entries are copied as they are, compressed once when the template was read.

The rendering and the template lint share the one Jinja environment (``environment``) and the templates
opened once per process (``_opened``), which live here so that ``render`` and ``template_lint`` need not
import each other.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.oxml.parser import oxml_parser
from docxtpl import DocxTemplate
from lxml import etree

from ..data import packages
from ..data.reading import read_bytes
from ..errors import Position, TemplateError
from . import sandbox
from .docx_view import open_docx
from .package import DOCUMENT, Package, Relationship, Stored, bare_root, read_relationships

_TAG = re.compile(r"\{[{%#]")
_TAGGED_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")
_RELS = re.compile(r"^(.*?)_rels/([^/]*)\.rels$")
_CORE = "docProps/core.xml"
# The core properties docxtpl renders as templates (DocxTemplate.render_properties), each set again.
_CORE_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


@dataclass(frozen=True)
class _Tagged:
    head: bytes  # the part's bytes before the rendered text (document.xml: up to and including <w:body>)
    source: str  # docxtpl's cleaned XML, compiled when first rendered
    tail: bytes
    columns: bool = False  # the part has {%tc loops
    body_open: str = "<w:body>"  # document.xml: the body's start tag with the document's namespaces


@dataclass(frozen=True)
class Compiled:
    """A template read once: its entries (stored, or compiled where they hold tags), its relationships,
    the ids of its named styles."""

    entries: dict[str, Stored | _Tagged]
    relationships: dict[str, list[Relationship]]
    style_ids: dict[str, str]
    core: bytes | None  # the core properties as docxtpl leaves them, when they hold no tags

    def render(self, context: Mapping[str, Any], compile_xml: Callable[[str], Any]) -> Package:
        """The package of ``context``: each tagged part rendered (``compile_xml`` gives the compiled Jinja
        template of an XML text) as docxtpl renders it; the other entries as stored. Raises Jinja's errors
        (and the errors of expressions in the template)."""
        entries: dict[str, Stored | bytes] = {}
        with sandbox.budget():  # the bounds of one document's evaluation, shared by its parts
            for name, entry in self.entries.items():
                if isinstance(entry, _Tagged):
                    text = _docxtpl_post(_evaluated(name, entry.source, compile_xml, context))
                    if name == DOCUMENT:
                        text = _docxtpl_tree(text, entry.columns, entry.body_open)
                    entries[name] = entry.head + text.encode("utf-8") + entry.tail
                else:
                    entries[name] = entry
            core = self.entries.get(_CORE)
            if isinstance(core, Stored):
                entries[_CORE] = self.core or _core_properties(
                    core.data(), lambda t: _evaluated(_CORE, t, compile_xml, context))
        return Package(entries, self.relationships, self.style_ids, self._rendered)

    @functools.cached_property
    def _rendered(self) -> frozenset[str]:
        return frozenset(name for name, entry in self.entries.items() if isinstance(entry, _Tagged))


@dataclass(frozen=True)
class Where:
    """The place of a template expression that failed: the part's name in the package and the text of the
    line of its Jinja source (the paragraph, as docxtpl cleaned it), for ``render`` to name in Word's terms."""

    part: str
    line: str


def _evaluated(part: str, source: str, compile_xml: Callable[[str], Any], context: Mapping[str, Any]) -> str:
    try:
        return str(compile_xml(source).render(context))
    except Exception as error:
        line = _template_line(error)
        lines = source.split("\n")
        error.tdkt_where = Where(part, lines[line - 1] if line and line <= len(lines) else "")  # type: ignore[attr-defined]
        raise


def _template_line(error: BaseException) -> int | None:
    """The line of the template source where ``error`` arose (Jinja's traceback names template lines)."""
    line = getattr(error, "lineno", None)
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line if isinstance(line, int) else None


def where(error: BaseException) -> Where | None:
    """Where in the template ``error`` (raised by ``Compiled.render``) arose, when known."""
    found = getattr(error, "tdkt_where", None)
    return found if isinstance(found, Where) else None


_DOCXTPL = DocxTemplate.__new__(DocxTemplate)  # patch_xml, resolve_listing, fix_tables use no state
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
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")  # re.sub(r"\n<w:p([ >])", …), faster
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return resolve_listing(xml)


_DOC_PR = re.compile(r"<wp:docPr\b[^>]*>")
_FIRST_PICTURE_ID = 1000  # docxtpl numbers the pictures of a rendered body from 1001 (render_init)


def _docxtpl_tree(body: str, columns: bool, body_open: str) -> str:
    """What docxtpl does to the rendered body: the table grids fitted to the cells ``{%tc`` loops made
    (``fix_tables``; only for a template with such loops, the one way a row's cells change) and every
    picture numbered again (``fix_docpr_ids``)."""
    if columns:
        tree = DocxTemplate.fix_tables(_DOCXTPL, body.replace("<w:body>", body_open, 1))
        body = bare_root(etree.tostring(tree, encoding="unicode"), "w:body")
    if "<wp:docPr" in body:
        numbers = iter(range(_FIRST_PICTURE_ID + 1, 1 << 31))
        body = _DOC_PR.sub(lambda m: re.sub(r'(?<=\sid=")\d+(?=")', lambda _: str(next(numbers)), m.group(0)),
                           body)
    return body


def _core_properties(blob: bytes, render: Callable[[str], str]) -> bytes:
    """The core properties as docxtpl leaves them: each of its properties rendered as a template and set."""
    properties = CoreProperties(etree.fromstring(blob, oxml_parser))
    for name in _CORE_PROPERTIES:
        setattr(properties, name, render(getattr(properties, name)))
    return etree.tostring(properties._element, encoding="UTF-8", standalone=True)  # type: ignore[attr-defined]


def _raw(content: bytes, info: zipfile.ZipInfo) -> bytes:
    """An entry's compressed bytes as the package stores them."""
    name_length, extra_length = struct.unpack("<HH", content[info.header_offset + 26:info.header_offset + 30])
    start = info.header_offset + 30 + name_length + extra_length
    return content[start:start + info.compress_size]


def _stored(info: zipfile.ZipInfo, data: bytes) -> Stored:
    """An entry whose bytes were changed (an attached template removed), stored compressed as zipfile would."""
    changed = zipfile.ZipInfo(info.filename, info.date_time)
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    raw = compressor.compress(data) + compressor.flush()
    changed.compress_type, changed.CRC, changed.file_size, changed.compress_size = \
        zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data), len(raw)
    return Stored(changed, raw)


_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"  # as python-docx writes it
_W_BODY = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}body"
_HOLE = "tdkt-rendered-text-goes-here"


def _tagged(name: str, blob: bytes) -> _Tagged:
    """A part's XML as docxtpl sees it (serialized by lxml; for document.xml only the body is a template),
    with what stands around the rendered text. The body's copies of the document's namespace declarations
    are dropped, as lxml drops them when docxtpl puts the rendered body back into the document."""
    root = etree.fromstring(blob)
    if name == DOCUMENT:
        body = root.find(_W_BODY)
        if body is None:
            raise ValueError("document.xml without w:body")
        text = etree.tostring(body, encoding="unicode")
        body_open = text[:text.index(">") + 1]
        text = bare_root(text, "w:body")
        body.getparent().replace(body, etree.Comment(_HOLE))
        head, tail = etree.tostring(root, encoding="utf-8").split(f"<!--{_HOLE}-->".encode())
    else:
        text, head, tail, body_open = etree.tostring(root, encoding="unicode"), b"", b"", ""
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched(text))
    return _Tagged(_DECLARATION + head, source, tail, columns=bool(re.search(r"\{%-?\s*tc\s", text)),
                   body_open=body_open)


_STYLE = re.compile(rb'<w:style\b[^>]*w:styleId="([^"]+)"[^>]*>\s*<w:name w:val="([^"]+)"')


@lru_cache(maxsize=16)
def compiled(path: Path, modified_ns: int) -> Compiled:
    """``path`` read once per process (a changed file, with another ``modified_ns``, is read again)."""
    entries: dict[str, Stored | _Tagged] = {}
    relationships: dict[str, list[Relationship]] = {}
    content = read_bytes(path, "tệp mẫu", TemplateError)
    read = packages.read_entries(content, path, "tệp mẫu", TemplateError)  # names, sizes, no DTD
    outside = packages.outside_references(read)
    if outside:
        raise TemplateError(f"tệp mẫu có {outside[0]}; mẫu không được lấy nội dung ở ngoài tệp (khi mở, Word hay "
                            "LibreOffice sẽ tải hoặc đọc nó).", Position(path),
                            "Chèn ảnh vào thẳng mẫu (không chọn 'Liên kết tới tệp'), xóa các trường INCLUDE/LINK, "
                            "rồi lưu lại mẫu.")
    blobs = packages.without_attached_template(read)  # Word's "Document template" outside the file: dropped
    infos = [info for info in zipfile.ZipFile(io.BytesIO(content)).infolist() if info.filename in blobs]
    for info in infos:
        name, blob = info.filename, blobs[info.filename]
        if _TAGGED_PARTS.match(name) and _TAG.search(blob.decode("utf-8", "replace")):
            entries[name] = _tagged(name, blob)
        elif blob is not read[name]:
            entries[name] = _stored(info, blob)
        else:
            entries[name] = Stored(info, _raw(content, info))
        rels = _RELS.match(name)
        if rels:
            source = rels.group(1) + rels.group(2)  # "" for the package's own, _rels/.rels
            relationships[source] = read_relationships(source, blob)
    main = next((rel.target for rel in relationships.get("", ()) if rel.reltype == RT.OFFICE_DOCUMENT), None)
    if main != DOCUMENT:
        raise TemplateError(f"tệp mẫu có phần nội dung chính ở chỗ lạ ('{main}', không phải '{DOCUMENT}').",
                            Position(path), "Mở mẫu bằng Word hoặc LibreOffice, lưu lại dưới dạng .docx rồi chạy lại.")
    style_ids = {n.decode(): i.decode() for i, n in _STYLE.findall(blobs.get("word/styles.xml", b""))}
    core = blobs.get(_CORE)
    fixed_core = _core_properties(core, str) if core is not None and not _TAG.search(core.decode("utf-8", "replace")) \
        else None
    return Compiled(entries, relationships, style_ids, fixed_core)


# ------------------------------------------------------------------ templates opened once
# (render and template_lint both use them; the one Jinja environment is sandbox.environment)

@lru_cache(maxsize=16)
def _opened(path: Path, modified_ns: int) -> DocxDocument:
    """A template file opened once per process (a changed file is opened again)."""
    return open_docx(path, TemplateError, "tệp mẫu")
