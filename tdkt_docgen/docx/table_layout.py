"""How a data table is set on the page, measured with the font widths before ``finish`` draws it: its column
widths from its content and the page, its group rows merged across, its height, and which rows keep together.

Printed offices set tables so: each column as wide as its content needs, the room left over where the text is
long; a table short enough stands whole, a longer one runs on by rows, its header repeated, never leaving its
header and first row, or its last two rows, apart.
"""

from __future__ import annotations

import dataclasses
import math
from functools import lru_cache
from itertools import islice

from .. import nd30
from ..document.tables import Cell, Row, Table

MEASURED_ROWS = 60  # the widths are measured on the first rows (and every header, group and total row)
TITLE_ROOM_CM = 2.6  # an appendix's titles above its table: "Phụ lục I", two lines of title, "(Kèm theo …)"
SMALLEST_PT = 9  # a table is set down to this size to stand on one page
LITTLE_TOO_TALL = 1.15  # ... when it is at most this much taller than the page's room
SHORT_SHARE = 0.2  # a column whose longest text takes at most this share of the table may start unwrapped


def settled(table: Table) -> tuple[Table, tuple[float, ...]]:
    """The table as it is set, and its columns' widths (``fitted_widths``). A table a little too tall for its
    page under an appendix's titles is set a point smaller when it then stands on one page (a typesetter fits an
    appendix's table to its page rather than run two rows onto the next). Remembered for tables of a page or
    two: the documents of a batch share theirs."""
    return _settled(table) if len(table.rows) <= MEASURED_ROWS else _settle(table)


@lru_cache(maxsize=256)
def _settled(table: Table) -> tuple[Table, tuple[float, ...]]:
    return _settle(table)


def _settle(table: Table) -> tuple[Table, tuple[float, ...]]:
    widths = fitted_widths(table)
    room = page_height_cm(table) - TITLE_ROOM_CM
    height = sum(row_heights_cm(table, widths, room * LITTLE_TOO_TALL))
    if table.font_pt > SMALLEST_PT and room < height <= room * LITTLE_TOO_TALL:
        smaller = dataclasses.replace(table, font_pt=table.font_pt - 1)
        smaller_widths = fitted_widths(smaller)
        if sum(row_heights_cm(smaller, smaller_widths, room)) <= room:
            return smaller, smaller_widths
    return table, widths


def fitted_widths(table: Table) -> tuple[float, ...]:
    """The columns' widths on the table's width (the sum of ``widths_cm``): each column at least its longest word
    (or, tried too, a column of short texts its longest text: a time, a unit, a name on their line), then the room
    left given where it saves the most lines (``_lowest``: the table as low as can be), the set that reads best
    (``_score``); when every text has its line, what is left over goes by ``widths_cm``."""
    total = sum(table.widths_cm)
    least, natural, texts = _needs(table)
    if sum(natural) <= total:
        spare = total - sum(natural)
        return tuple(round(n + spare * w / total, 3) for n, w in zip(natural, table.widths_cm, strict=True))
    if sum(least) > total:
        return table.widths_cm
    short = [n if n <= SHORT_SHARE * total else m for m, n in zip(least, natural, strict=True)]
    starts = [least, short] if sum(short) <= total and short != least else [least]
    candidates = [_spread(_lowest(start, texts, total, jump), natural, table.widths_cm, total)
                  for start in starts for jump in (False, True)]
    return tuple(round(w, 3) for w in min(candidates, key=lambda widths: _score(texts, widths)))


def _spread(widths: list[float], natural: list[float], weights: tuple[float, ...], total: float) -> list[float]:
    """The room left spread over the columns by what each lacks to set its longest text on one line."""
    spare = total - sum(widths)
    lacking = [max(0.0, n - w) for n, w in zip(natural, widths, strict=True)]
    shares = lacking if sum(lacking) > 0 else list(weights)
    return [w + spare * k / sum(shares) for w, k in zip(widths, shares, strict=True)]


def _score(texts: list[list[tuple[int, Text]]], widths: list[float]) -> float:
    """How a table set at ``widths`` reads, lower is better: its rows' lines tenfold, its cells' lines, and twice
    each cell whose last line is one word."""
    score = 0.0
    for row in texts:
        counts = [(_lines(text, widths[c]), text, widths[c]) for c, text in row]
        score += 10 * max((n for n, _, _ in counts), default=1) + sum(n for n, _, _ in counts)
        score += 2 * sum(1 for n, text, width in counts if n > 1 and _lone_last_word(text, width))
    return score


def _lone_last_word(text: Text, width: float) -> bool:
    room = (math.floor(width / _STEP_CM + 1e-6) * _STEP_CM - 2 * nd30.CELL_MARGIN_CM) * nd30.FIT
    return len(nd30.wrap(text[0], room, text[1], text[2])[-1].split()) == 1


Text = tuple[str, float, bool]  # a cell's text, size and weight
_STEP_CM = 0.05


def _lowest(least: list[float], texts: list[list[tuple[int, Text]]], total: float, jump: bool,
            steps: int = 100) -> list[float]:
    """From the least widths, the room left in ``steps`` even steps, each to the column whose widening saves the
    most lines: of the rows (``texts``: each measured row's one-column cells), tenfold, and of its own cells (no
    word alone on a cell's last line where a little room saves it). When no single step saves a line: with
    ``jump``, the column whose next line saved costs the least room gets that room; else the steps end."""
    widths = list(least)
    rows = [dict(row) for row in texts]
    lines = [{c: _lines(text, widths[c]) for c, text in row.items()} for row in rows]
    columns = sorted({c for row in rows for c in row})
    step = (total - sum(least)) / steps
    while total - sum(widths) >= step > 0:
        gains = {c: _saved(rows, lines, c, widths[c] + step) for c in columns}
        best = max(columns, key=lambda c: gains[c], default=None)
        if best is not None and gains[best] > 0:
            widths[best] += step
        elif not jump:
            return widths
        else:
            cheapest = _cheapest_line(rows, lines, widths, columns, total - sum(widths))
            if cheapest is None:
                return widths
            best, widths[best] = cheapest
        for row, counts in zip(rows, lines, strict=True):
            if best in row:
                counts[best] = _lines(row[best], widths[best])
    return widths


def _saved(rows: list[dict[int, Text]], lines: list[dict[int, int]], column: int, width: float) -> float:
    """The lines saved by setting ``column`` at ``width``: its cells', and tenfold the rows' it stands tallest in."""
    saved = 0.0
    for row, counts in zip(rows, lines, strict=True):
        if column in row and counts[column] > 1 and (after := _lines(row[column], width)) < counts[column]:
            others = max((n for d, n in counts.items() if d != column), default=1)
            saved += counts[column] - after + 10 * (max(counts[column], others) - max(after, others))
    return saved


def _cheapest_line(rows: list[dict[int, Text]], lines: list[dict[int, int]], widths: list[float], columns: list[int],
                   spare: float) -> tuple[int, float] | None:
    """The column and width whose next line saved (``_next_width``) costs the least room per line, within
    ``spare``; None when no more room saves a line."""
    best: tuple[float, int, float] | None = None
    for c in columns:
        wider = min((w for row in rows if c in row and (w := _next_width(row[c], widths[c])) is not None),
                    default=None)
        if wider is None or wider - widths[c] > spare + 1e-9:
            continue
        saved = _saved(rows, lines, c, wider)
        if saved > 0 and (best is None or saved / (wider - widths[c]) > best[0]):
            best = (saved / (wider - widths[c]), c, wider)
    return None if best is None else (best[1], best[2])


@lru_cache(maxsize=65536)
def _next_width(text: Text, width: float) -> float | None:
    """The next width (by 0.05 cm) at which ``text`` takes fewer lines than at ``width``, found by halving (a
    wider cell never takes more lines); None when it is on one line."""
    lines = _lines(text, width)
    if lines == 1:
        return None
    low, high = 0, math.ceil((_width(text[0], text[1], text[2]) + 2 * nd30.CELL_MARGIN_CM) / _STEP_CM) + 1
    while low + 1 < high:  # fewer lines at width + high steps, not at width + low steps
        middle = (low + high) // 2
        if _lines(text, width + middle * _STEP_CM) < lines:
            high = middle
        else:
            low = middle
    return round(width + high * _STEP_CM, 2)


def _lines(text: Text, width: float) -> int:
    """How many lines a cell's text takes in ``width``, padding taken off: word-wrapped as a word processor does
    (``nd30.wrap``), remembered by 0.05 cm of width (rounded down)."""
    return _wrapped_lines(*text, math.floor(width / _STEP_CM + 1e-6) * _STEP_CM)


@lru_cache(maxsize=65536)
def _wrapped_lines(text: str, size_pt: float, bold: bool, width: float) -> int:
    room = (width - 2 * nd30.CELL_MARGIN_CM) * nd30.FIT
    return len(nd30.wrap(text, room, size_pt, bold))


def _needs(table: Table) -> tuple[list[float], list[float], list[list[tuple[int, Text]]]]:
    """Each column's least width (its longest word) and natural width (its longest text on one line), padding
    included; a merged cell's need spread over the columns it spans; and each measured row's one-column cells as
    (text, size, bold)."""
    columns = len(table.widths_cm)
    pad = 2 * nd30.CELL_MARGIN_CM
    least, natural = [pad] * columns, [pad] * columns
    spanned: list[tuple[int, int, float]] = []
    texts: list[list[tuple[int, Text]]] = []
    for row in _measured_rows(table):
        column, lengths = 0, []
        for cell in merged_cells(row, columns):
            if cell.merge_down != "continue" and cell.text:
                bold = row.kind != "body"
                words = max(_width(word, table.font_pt, bold) for word in cell.text.split())
                length = max(_width(line, table.font_pt, bold) for line in cell.text.split("\n"))
                if cell.span == 1:
                    least[column] = max(least[column], words + pad)
                    lengths.append((column, (cell.text, table.font_pt, bold)))
                    natural[column] = max(natural[column], length + pad)
                else:
                    spanned.append((column, cell.span, words + pad))
            column += cell.span
        texts.append(lengths)
    for start, span, need in spanned:  # a merged cell's longest word over the columns it spans
        have = sum(least[start:start + span])
        if have < need:
            for c in range(start, start + span):
                least[c] += (need - have) / span
    natural = [max(n, m) for n, m in zip(natural, least, strict=True)]
    return least, natural, texts


def _measured_rows(table: Table) -> list[Row]:
    first = list(islice(table.rows, MEASURED_ROWS))
    return first + [row for row in table.rows[MEASURED_ROWS:] if row.kind != "body"]


def _width(text: str, size_pt: float, bold: bool) -> float:
    return nd30.text_width_cm(text, size_pt, bold) / nd30.FIT


def merged_cells(row: Row, columns: int) -> tuple[Cell, ...]:
    """A group row of a number and a label only: its label spread over the empty cells after it ("I | Khen thưởng
    cấp Nhà nước" across the row, not wrapped in its column); other rows as they are."""
    if row.kind != "group":
        return row.cells
    cells = list(row.cells)
    filled = [i for i, cell in enumerate(cells) if cell.text or cell.merge_down]
    if not filled or filled[-1] == len(cells) - 1 or filled[-1] > 1:
        return row.cells  # figures in the row: each in its column
    label = cells[filled[-1]]
    span = sum(cell.span for cell in cells[filled[-1]:])
    return (*cells[:filled[-1]], Cell(label.text, span, None, label.align))


def row_heights_cm(table: Table, widths: tuple[float, ...], limit_cm: float) -> list[float]:
    """The rows' heights (their tallest cell's lines, padding included), until they pass ``limit_cm``."""
    line = nd30.line_height_cm(table.font_pt)
    pad = 2 * nd30.CELL_MARGIN_CM
    heights: list[float] = []
    for row in table.rows:
        column, tallest = 0, 1
        for cell in merged_cells(row, len(widths)):
            room = (sum(widths[column:column + cell.span]) - pad) * nd30.FIT
            column += cell.span
            tallest = max(tallest, len(nd30.wrap(cell.text, room, table.font_pt, row.kind != "body")))
        heights.append(tallest * line + pad)
        if sum(heights) > limit_cm:
            break
    return heights


def page_height_cm(table: Table) -> float:
    """The text height of the page the table stands on: landscape when it is wider than a portrait page."""
    if sum(table.widths_cm) > nd30.TEXT_WIDTH_CM + 0.01:
        return nd30.LANDSCAPE_TEXT_HEIGHT_CM
    return nd30.PAGE_TEXT_HEIGHT_CM


def rows_kept_with_next(table: Table, widths: tuple[float, ...]) -> set[int]:
    """The rows whose paragraphs keep with the next row. A table no taller than ``nd30.TABLE_WHOLE_SHARE`` of its
    page stands whole (jumping to the next page it leaves less than that blank); a taller one runs on by rows:
    its header rows stay with the first two body rows, its last two rows together (a total never alone)."""
    last = len(table.rows) - 1
    whole = nd30.TABLE_WHOLE_SHARE * page_height_cm(table)
    if sum(row_heights_cm(table, widths, whole)) <= whole:
        return set(range(last))
    headers = table.header_rows
    return {*range(min(headers + 1, last)), last - 1} - {-1}
