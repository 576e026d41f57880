"""Where each member signs, marked in the DOCX (written by finish); ``pdf.fields`` reads the marks back and
places the empty signature fields in the PDF.

Every "Chỗ ký" paragraph of a signature grid holds a hidden bookmark ``_tdkt_ky_<n>``, and a document variable
``tdkt_o_ky`` lists the cells in the same order, with the member's name and the size of the room to sign
(``document.signature_marks``: the names both halves use).
"""

from __future__ import annotations

import json
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..document.signature_marks import BOOKMARK_PREFIX, DOC_VAR

_FIRST_BOOKMARK_ID = 9001


def mark_room(paragraph: Any, number: int) -> None:
    """A hidden bookmark in the (empty) "Chỗ ký" paragraph of the ``number``-th cell (1-based)."""
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    start.set(qn("w:id"), str(_FIRST_BOOKMARK_ID + number))
    start.set(qn("w:name"), f"{BOOKMARK_PREFIX}{number}")
    end.set(qn("w:id"), str(_FIRST_BOOKMARK_ID + number))
    paragraph._p.append(start)
    paragraph._p.append(end)


def record_cells(settings: Any, cells: list[tuple[str, float, float]], after: tuple[str, ...]) -> None:
    """The document variable listing (name, width cm, height cm) of the cells, in bookmark order.
    ``after`` are the <w:settings> children that must follow <w:docVars> (OOXML order)."""
    value = json.dumps([{"ten": ten, "rong_cm": round(w, 3), "cao_cm": round(h, 3)} for ten, w, h in cells],
                       ensure_ascii=False)
    doc_vars = OxmlElement("w:docVars")
    doc_var = OxmlElement("w:docVar")
    doc_var.set(qn("w:name"), DOC_VAR)
    doc_var.set(qn("w:val"), value)
    doc_vars.append(doc_var)
    settings.insert_element_before(doc_vars, *after)
