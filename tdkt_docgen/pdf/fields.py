"""The empty signature fields of a PDF, placed where the DOCX it was made from marks each member's room to sign.

LibreOffice exports the DOCX's bookmarks (``docx.signature_cells``) as named destinations (page, and the point
where the empty centred paragraph begins: the middle of the cell, at the top of the room to sign). Reading them
and the DOCX's list of cells back gives one rectangle per member, over which a signature field named after the
member is added to the PDF. The fields are made when the PDF is made, so readers show "7 signature fields,
unsigned" and each member signs their own.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from .. import nd30
from ..document.signature_marks import DESTINATION, DOC_VAR
from .read import pages


@dataclass(frozen=True)
class Cell:
    """A member's room to sign in the PDF: the page (0-based) and the box in points (left, bottom, right, top)."""

    ten: str
    page: int
    box: tuple[float, float, float, float]


def recorded_cells(docx: bytes) -> list[dict[str, Any]]:
    """The cells a DOCX records (empty for a document without a signature grid)."""
    try:
        with zipfile.ZipFile(io.BytesIO(docx)) as package:
            settings = package.read("word/settings.xml")
    except (zipfile.BadZipFile, KeyError):
        return []
    from lxml import etree

    root = etree.fromstring(settings)
    for doc_var in root.iter(qn("w:docVar")):
        if doc_var.get(qn("w:name")) == DOC_VAR:
            return list(json.loads(doc_var.get(qn("w:val"))))
    return []


def cells_in_pdf(reader: Any, recorded: list[dict[str, Any]]) -> list[Cell]:
    """The rectangles of the recorded cells, from the PDF's named destinations."""
    page_numbers = {number: index for index, (number, _) in enumerate(pages(reader))}
    found: dict[int, Cell] = {}  # by bookmark number: the grid's order
    for name, target in _destinations(reader):
        match = DESTINATION.match(name)
        if not match or not 1 <= int(match.group(1)) <= len(recorded):
            continue
        number = int(match.group(1))
        spec = recorded[number - 1]
        page_ref, x, y = target.raw_get(0), float(target[2]), float(target[3])
        half = spec["rong_cm"] * nd30.POINTS_PER_CM / 2
        height = spec["cao_cm"] * nd30.POINTS_PER_CM
        found[number] = Cell(spec["ten"], page_numbers[page_ref.idnum], (x - half, y - height, x + half, y))
    return [found[number] for number in sorted(found)]


def _destinations(reader: Any) -> list[tuple[str, Any]]:
    """(name, [page, /XYZ, left, top, zoom]) of the old-style /Dests dictionary and of the /Names tree."""
    found = []
    dests = reader.root.get("/Dests")
    if dests is not None:
        found += [(str(k).lstrip("/"), _array(v)) for k, v in dests.get_object().items()]
    names = reader.root.get("/Names")
    if names is not None and "/Dests" in names.get_object():
        found += _name_tree(names.get_object()["/Dests"].get_object())
    return found


def _name_tree(node: Any) -> list[tuple[str, Any]]:
    found = []
    pairs = node.get("/Names", [])
    for i in range(0, len(pairs), 2):
        found.append((str(pairs[i]), _array(pairs[i + 1])))
    for kid in node.get("/Kids", []):
        found += _name_tree(kid.get_object())
    return found


def _array(value: Any) -> Any:
    value = value.get_object()
    return value["/D"] if hasattr(value, "keys") and "/D" in value else value


def add_fields(pdf: bytes, docx: bytes) -> bytes:
    """The PDF with an empty signature field over each member's cell that the DOCX records; unchanged when
    it records none."""
    recorded = recorded_cells(docx)
    if not recorded:
        return pdf
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    for cell in cells_in_pdf(writer.prev, recorded):
        left, bottom, right, top = (round(v) for v in cell.box)  # whole points: pyHanko's type, 0.2 mm at most
        append_signature_field(writer, SigFieldSpec(sig_field_name=cell.ten, on_page=cell.page,
                                                    box=(left, bottom, right, top)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
