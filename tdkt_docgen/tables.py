"""Tables as plain data, built by ``derive`` and drawn by ``finish`` (column count follows the data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RowKind = Literal["header", "group", "total", "body"]


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
