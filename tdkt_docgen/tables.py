"""Tables, signature grids and section breaks as plain data, built by ``derive`` and drawn by ``finish``
(columns and cells follow the data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RowKind = Literal["header", "group", "total", "body"]
# A paragraph holding only this marker starts a new section: "doc" (portrait) or "ngang" (landscape), its
# pages numbered from 1 (an appendix). ``finish`` turns it into a section break.
SECTION_MARK = "\u27e6trang:{}\u27e7"


@dataclass(frozen=True)
class Cell:
    text: str
    span: int = 1  # columns merged to the right
    merge_down: Literal["start", "continue"] | None = None  # vertical merge with the rows below
    align: Literal["left", "center", "right"] = "center"


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    kind: RowKind = "body"


@dataclass(frozen=True)
class Table:
    widths_cm: tuple[float, ...]
    rows: tuple[Row, ...]
    font_pt: float = 11

    @property
    def header_rows(self) -> int:
        return sum(1 for row in self.rows if row.kind == "header")


@dataclass(frozen=True)
class Picture:
    """An image to place in the document at a given size (PNG bytes)."""

    data: bytes
    width_cm: float
    height_cm: float


@dataclass(frozen=True)
class SignatureBlock:
    """One signer's cell: authority lines, room to sign (with images when signed), name."""

    lines: tuple[str, ...]  # "TM. ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN", "CHỦ TỊCH" (upper case)
    ho_ten: str
    chu_ky: Picture | None = None  # the signer's signature image
    con_dau: Picture | None = None  # the body's seal image, at its real size
    ten: str = ""  # the member's name, for the PDF signature field of issue 8 and for tests


@dataclass(frozen=True)
class SignatureGrid:
    """Every member's signature cell, ``columns`` per row, a shorter last row centred; the signer's lines and
    name at ``font_pt``."""

    blocks: tuple[SignatureBlock, ...]
    columns: int = 2
    font_pt: float = 14
