"""Reading PDFs (pyHanko's reader): the pages in order. Converting (``convert``) and the signature fields
(``fields``) both read through here."""

from __future__ import annotations

import io
from typing import Any


def reader_of(pdf: bytes) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf), strict=False)


def pages(reader: Any) -> list[tuple[int, Any]]:
    """(object number, page dictionary) of each page of a PDF in order (the page tree walked depth first)."""
    return [(reference.idnum, reference.get_object()) for reference in page_references(reader)]


def page_references(reader: Any) -> list[Any]:
    """The indirect references of the pages in order, in a reader or one revision of it (pyHanko's
    ``HistoricalResolver``)."""
    found: list[Any] = []

    def walk(reference: Any) -> None:
        node = reference.get_object()
        if node.get("/Type") == "/Pages":
            for kid in node["/Kids"]:
                walk(kid)
        else:
            found.append(reference)

    walk(reader.root.raw_get("/Pages"))
    return found
