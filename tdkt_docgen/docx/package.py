"""One document's package (its ZIP of parts) while it is rendered and finished, without python-docx's
object model: the template's entries stay compressed as they were read, the parts that ``finish`` reads or
changes are parsed on demand (into python-docx's oxml element classes, so the element helpers work), new
parts (footnotes, images) are related from the document part, and the ZIP is written the way python-docx
saves a package: its part order, its relationships and content types, and its serialization of every part
that was parsed, so those bytes are the ones python-docx would write. A rendered part nothing touched is
checked and written as rendered (the same XML, without a second serialization).
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.spec import default_content_types
from docx.oxml.parser import element_class_lookup, oxml_parser
from docx.oxml.shape import CT_Inline
from docx.shared import Length
from lxml import etree

from ..output import append_compressed, write_deflated

DOCUMENT = "word/document.xml"
CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
_R = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_IMAGE_NAME = re.compile(r"^word/media/image(\d+)\.")  # python-docx's names for the pictures it adds

# A rendered body parsed as docxtpl leaves it (whitespace between elements kept), into python-docx's classes.
_BODY_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)
_BODY_PARSER.set_element_class_lookup(element_class_lookup)


@dataclass(frozen=True)
class Stored:
    """A template entry as stored: its compressed bytes and what is needed to copy them."""

    info: zipfile.ZipInfo
    raw: bytes

    def data(self) -> bytes:
        if self.info.compress_type == zipfile.ZIP_STORED:
            return self.raw
        return zlib.decompress(self.raw, -15)


@dataclass(frozen=True)
class Relationship:
    rid: str
    reltype: str
    target: str  # the part's name in the ZIP (resolved), or the external address
    external: bool


def bare_root(xml: str, tag: str, attributes: str = "") -> str:
    """``xml`` with its root's start tag ``<tag …>`` written without namespace declarations (plus
    ``attributes``): those lxml copies onto a serialized sub-element are the document's own once the text
    stands inside the document again."""
    return re.sub(rf'^<{tag}(?: xmlns:\w+="[^"]*")*>', f"<{tag}{attributes}>", xml, count=1)


def rels_name(part: str) -> str:
    """The relationships entry of a part ("" for the package itself)."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def read_relationships(part: str, blob: bytes) -> list[Relationship]:
    root = etree.fromstring(blob)
    folder = posixpath.dirname(part)
    found = []
    for element in root.iter(_R):
        target, external = element.get("Target", ""), element.get("TargetMode") == "External"
        if not external:
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.append(Relationship(element.get("Id", ""), element.get("Type", ""), target, external))
    return found


def walk_order(graph: Mapping[str, list[Relationship]], present: set[str]) -> list[str]:
    """The parts in the order python-docx writes them: depth first from the package's relationships,
    each part once (``OpcPackage.iter_parts``)."""
    order: list[str] = []
    seen: set[str] = set()

    def walk(source: str) -> None:
        for rel in graph.get(source, ()):
            if rel.external or rel.target in seen or rel.target not in present:
                continue
            seen.add(rel.target)
            order.append(rel.target)
            walk(rel.target)

    walk("")
    return order


class Package:
    """The parts of one document: ``entries`` (the template's stored entries, or bytes rendered for this
    document), parts parsed on demand and written back serialized, and parts added by ``finish``."""

    def __init__(self, entries: Mapping[str, Stored | bytes], graph: Mapping[str, list[Relationship]],
                 style_ids: Mapping[str, str], rendered: frozenset[str] = frozenset()) -> None:
        self.style_ids = style_ids  # style name -> id, as the template's styles part names them
        self._rendered = rendered  # the parts rendered from the template's tags: checked before they are written
        self._entries: dict[str, Stored | bytes] = dict(entries)
        self._graph = {source: list(rels) for source, rels in graph.items()}
        self._parsed: dict[str, Any] = {}
        self._added_types: dict[str, str] = {}  # new part -> content type
        self._images: dict[str, str] = {}  # sha1 -> part name

    # ---------------------------------------------------------------- reading parts

    def blob(self, name: str) -> bytes:
        entry = self._entries[name]
        return entry.data() if isinstance(entry, Stored) else entry

    def text(self, name: str) -> str:
        return self.blob(name).decode("utf-8")

    def rewrite(self, name: str, blob: bytes) -> None:
        """Replace the bytes of a part not parsed yet (``finish`` writes some XML as text before the parse)."""
        assert name not in self._parsed, name
        self._entries[name] = blob

    def xml(self, name: str) -> Any:
        """The root element of part ``name``, parsed once; it is serialized again when the package is
        written (so a change to it is kept)."""
        if name not in self._parsed:
            parser = _BODY_PARSER if name == DOCUMENT else oxml_parser
            self._parsed[name] = etree.fromstring(self.blob(name), parser)
        return self._parsed[name]

    @property
    def document(self) -> Any:
        return self.xml(DOCUMENT)

    @property
    def body(self) -> Any:
        return self.document.body

    def related(self, reltype: str, source: str = DOCUMENT) -> str | None:
        """The part ``source`` relates to with ``reltype`` (the first), or None."""
        return next((rel.target for rel in self._graph.get(source, ()) if rel.reltype == reltype
                     and not rel.external and rel.target in self._entries), None)

    # ---------------------------------------------------------------- adding parts

    def add_part(self, name: str, content_type: str, blob: bytes, reltype: str) -> str:
        """A new part related from the document part; returns the relationship's id."""
        self._entries[name] = blob
        self._added_types[name] = content_type
        return self._relate(name, reltype)

    def _relate(self, target: str, reltype: str) -> str:
        """python-docx's ``relate_to``: an existing relationship of that type to that part is reused, a new one
        takes the first free "rIdN" (``_Relationships._next_rId``)."""
        rels = self._graph.setdefault(DOCUMENT, [])
        for rel in rels:
            if rel.reltype == reltype and rel.target == target and not rel.external:
                return rel.rid
        used = {rel.rid for rel in rels}
        rid = next(f"rId{n}" for n in range(1, len(rels) + 2) if f"rId{n}" not in used)
        rels.append(Relationship(rid, reltype, target, False))
        root = self.xml(rels_name(DOCUMENT))
        element = etree.SubElement(root, _R)
        element.set("Id", rid)
        element.set("Type", reltype)
        element.set("Target", posixpath.relpath(target, posixpath.dirname(DOCUMENT)))
        return rid

    def new_picture(self, data: bytes, width: Length, height: Length) -> Any:
        """A ``wp:inline`` of the picture ``data`` at that size, its image part added once per picture
        (python-docx's ``StoryPart.new_pic_inline``, with its ids and names)."""
        image = Image.from_blob(data)
        sha1 = hashlib.sha1(data).hexdigest()
        name = self._images.get(sha1)
        if name is None:
            name = self._next_image_name(image.ext)
            self._images[sha1] = name
            self._entries[name] = data
            self._added_types[name] = image.content_type
        rid = self._relate(name, RT.IMAGE)
        cx, cy = image.scaled_dimensions(width, height)
        return CT_Inline.new_pic_inline(self._next_shape_id(), rid, image.filename, cx, cy)

    def _next_image_name(self, ext: str) -> str:
        used = {int(m.group(1)) for n in self._entries if (m := _IMAGE_NAME.match(n))}
        number = next(n for n in range(1, len(used) + 2) if n not in used)
        return f"word/media/image{number}.{ext}"

    def _next_shape_id(self) -> int:
        used = [int(value) for value in self.document.xpath("//@id") if value.isdigit()]
        return max(used) + 1 if used else 1

    # ---------------------------------------------------------------- writing

    def write(self) -> bytes:
        """The DOCX: content types and package relationships first, then each part followed by its
        relationships, in python-docx's order; unchanged entries copied compressed. Raises
        ``etree.XMLSyntaxError`` when a rendered part is not well formed (before anything is returned)."""
        if self._added_types:
            self._add_content_types()
        for name in self._rendered - self._parsed.keys():
            etree.fromstring(self.blob(name))  # a rendered part the data may not have broken
        blobs = {name: self._serialized(name) for name in self._parsed}
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name in self._order():
                entry = blobs.get(name, self._entries[name])
                if isinstance(entry, Stored):
                    old = entry.info
                    append_compressed(archive, name, old.compress_type, old.CRC, old.file_size, entry.raw)
                else:
                    write_deflated(archive, name, entry)
        return buffer.getvalue()

    def _serialized(self, name: str) -> bytes:
        return etree.tostring(self._parsed[name], encoding="UTF-8", standalone=True)  # as python-docx saves

    def _order(self) -> Iterator[str]:
        parts = walk_order(self._graph, set(self._entries))
        written = {CONTENT_TYPES, PACKAGE_RELS}
        yield from (name for name in (CONTENT_TYPES, PACKAGE_RELS) if name in self._entries)
        for part in parts:
            written.add(part)
            yield part
            rels = rels_name(part)
            if rels in self._entries:
                written.add(rels)
                yield rels
        yield from (name for name in self._entries if name not in written)  # what nothing relates to: kept

    def _add_content_types(self) -> None:
        """The new parts' content types, in python-docx's order (defaults by extension, then overrides by
        part name, each sorted)."""
        root = self.xml(CONTENT_TYPES)
        defaults = {e.get("Extension"): e for e in root.findall(f"{_CT}Default")}
        overrides = {e.get("PartName"): e for e in root.findall(f"{_CT}Override")}
        for name, content_type in self._added_types.items():
            ext = name.rsplit(".", 1)[-1]
            if (ext.lower(), content_type) in default_content_types:
                if ext not in defaults:
                    defaults[ext] = _content_type_element("Default", Extension=ext, ContentType=content_type)
            elif f"/{name}" not in overrides:
                overrides[f"/{name}"] = _content_type_element("Override", PartName=f"/{name}",
                                                              ContentType=content_type)
        for child in list(root):
            root.remove(child)
        for key in sorted(defaults):
            root.append(defaults[key])
        for key in sorted(overrides):
            root.append(overrides[key])


def _content_type_element(tag: str, **attributes: str) -> Any:
    element = etree.Element(f"{_CT}{tag}", nsmap={None: _CT[1:-1]})
    for key, value in attributes.items():
        element.set(key, value)
    return element
