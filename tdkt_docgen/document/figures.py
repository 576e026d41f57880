"""The figures of a document: every number knows whether it was given, where it came from, and how it is printed.

A ``Figure`` is a value (``None``: not given), the data field it was read from (``source``), or the formula and the
figures it was computed from (``formula``, ``inputs``). Sums and ratios are taken over the given parts only; a
figure computed from no given part is not given either, so a sentence or a cell that needs it is left out or
shows "-", never 0. A 0 given on purpose is a given figure and prints.

Printing goes through the document's one number rule (``count``, ``number``, ``percent``, ``cell``, ``fraction``):

- a count in running text below 10 has two digits ("03 tập thể"), in a table cell it is plain ("3");
- other numbers keep the decimals they were given with, grouped by "." ("29.088,38");
- a percentage has the decimals it has, at most two, and none when it is whole ("52,77%", "7%").

While ``derive`` runs under ``recording()``, the fields it reads are noted (what the data gives and the document
never uses is then said), and with ``marked=True`` each printed figure carries an invisible mark that
``collect`` takes out again, so the reconciliation sheet knows where every number stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..data.load import Loc
from ..vn import format_count, format_number, percent_number

TWO = Decimal("0.01")

# formulas, as the reconciliation sheet names them
TOTAL, SHARE, MEAN, COUNT, SIZE, CONSTANT = "tổng", "tỷ lệ", "bình quân", "đếm", "độ lớn", "cố định"


@dataclass(frozen=True, eq=False)
class Figure:
    """A number of the document: given (``source``: the data field), computed (``formula`` over ``inputs``),
    typed inside free text (``typed``), or a fixed number of the wording (``formula`` CONSTANT)."""

    value: Decimal | None
    label: str = ""
    source: Loc | None = None
    formula: str | None = None
    inputs: tuple[Figure, ...] = ()
    typed: bool = False

    @property
    def given(self) -> bool:
        return self.value is not None

    @property
    def missing(self) -> tuple[Figure, ...]:
        """The inputs that were not given (a total over the others is partial)."""
        return tuple(f for f in self.inputs if not f.given)

    @property
    def complete(self) -> bool:
        """Given, and computed from given figures only, all the way down."""
        return self.given and all(f.complete for f in self.inputs)

    def __bool__(self) -> bool:
        raise TypeError("a Figure is not a truth value: ask .given or compare .value")

    @property
    def sources(self) -> frozenset[Loc]:
        """The data fields it comes from, through every input (worked out once)."""
        found: frozenset[Loc] | None = self.__dict__.get("_sources")
        if found is None:
            found = (frozenset((self.source,)) if self.source is not None
                     else frozenset().union(*(f.sources for f in self.inputs)))
            object.__setattr__(self, "_sources", found)
        return found


# ------------------------------------------------------------------ what derive reads and prints


@dataclass
class Recording:
    """What one ``derive`` read from the data (``used``) and printed (``printed``, when ``marked``)."""

    marked: bool = False
    used: set[Loc] = field(default_factory=set)
    printed: list[Figure] = field(default_factory=list)


_RECORDING: ContextVar[Recording | None] = ContextVar("tdkt_figures", default=None)


@contextmanager
def recording(marked: bool = False) -> Iterator[Recording]:
    """Note the fields read (and, ``marked``, the figures printed) while the block runs."""
    found = Recording(marked)
    token = _RECORDING.set(found)
    try:
        yield found
    finally:
        _RECORDING.reset(token)


def recording_now() -> bool:
    """Whether a derive is being recorded (what it prints then differs: its figures are marked)."""
    return _RECORDING.get() is not None


def use(loc: Loc) -> None:
    """Say that the document uses the data field at ``loc`` (a text, a list: everything under it)."""
    found = _RECORDING.get()
    if found is not None:
        found.used.add(tuple(loc))


# ------------------------------------------------------------------ making figures


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Figure):
        return value.value
    return value if isinstance(value, Decimal) else Decimal(value)


def data(value: Any, loc: Loc, label: str = "") -> Figure:
    """The figure the data gives at ``loc`` (``None``: not given). Its field counts as used once the figure,
    or one computed from it, is printed or consulted (``consult``)."""
    return Figure(_decimal(value), label, source=tuple(loc))


def consult(*found: Figure) -> None:
    """Say that the document uses these figures without printing them (to rank, to choose a sentence)."""
    recorded = _RECORDING.get()
    if recorded is not None:
        for figure in found:
            recorded.used.update(figure.sources)


def constant(value: int | Decimal, label: str) -> Figure:
    """A number the wording itself holds ("mỗi tỉnh giữ 01 bản")."""
    return Figure(Decimal(value), label, formula=CONSTANT)


def typed(value: Decimal | None, label: str = "") -> Figure:
    """A number typed inside a free text ("nhập tay")."""
    return Figure(value, label, typed=True)


def total(parts: Iterable[Figure], label: str = "") -> Figure:
    """The sum of the given parts; not given when none is."""
    parts = tuple(parts)
    given = [p.value for p in parts if p.value is not None]
    return Figure(sum(given, Decimal(0)) if given else None, label, formula=TOTAL, inputs=parts)


def share(part: Figure, whole: Figure, label: str = "") -> Figure:
    """``part`` in percent of ``whole``, rounded half up to 2 decimals; not given when either is not, or the
    whole is 0."""
    value = None
    if part.value is not None and whole.value:
        value = (part.value * 100 / whole.value).quantize(TWO, ROUND_HALF_UP)
    return Figure(value, label, formula=SHARE, inputs=(part, whole))


def mean(parts: Sequence[Figure], label: str = "") -> Figure:
    """The mean of the parts, rounded half up to 2 decimals; not given unless every part is."""
    value = None
    if parts and all(p.value is not None for p in parts):
        value = (sum((p.value for p in parts if p.value is not None), Decimal(0)) / len(parts)).quantize(
            TWO, ROUND_HALF_UP)
    return Figure(value, label, formula=MEAN, inputs=tuple(parts))


def counted(names: Sequence[str], label: str) -> Figure:
    """How many ``names`` there are ("07 tỉnh"): each name is an input of value 1."""
    return Figure(Decimal(len(names)), label, formula=COUNT, inputs=tuple(Figure(Decimal(1), n) for n in names))


def size(change: Figure) -> Figure:
    """The size of a change without its sign ("giảm 05 người" for -5): the sign says tăng or giảm."""
    return Figure(None if change.value is None else abs(change.value), change.label, formula=SIZE, inputs=(change,))


def recompute(figure: Figure) -> Decimal | None:
    """The value of a computed figure worked out again from its inputs' values (what the sheet checks)."""
    values = [f.value for f in figure.inputs]
    given = [v for v in values if v is not None]
    if figure.formula == TOTAL:
        return sum(given, Decimal(0)) if given else None
    if figure.formula == SHARE:
        part, whole = values
        return None if part is None or not whole else (part * 100 / whole).quantize(TWO, ROUND_HALF_UP)
    if figure.formula == MEAN:
        return (sum(given, Decimal(0)) / len(values)).quantize(TWO, ROUND_HALF_UP) if given and len(given) == len(
            values) else None
    if figure.formula == COUNT:
        return Decimal(len(values))
    if figure.formula == SIZE:
        return None if values[0] is None else abs(values[0])
    return figure.value


def leaves(figure: Figure) -> Iterator[Figure]:
    """The data and typed figures a figure comes from."""
    if not figure.inputs:
        yield figure
    for part in figure.inputs:
        yield from leaves(part)


# ------------------------------------------------------------------ printing: the document's number rule

OPEN, SEP, CLOSE = "\ue000", "\ue001", "\ue002"  # private-use marks around a printed figure (``marked`` only)
_DIGIT = 0xE100  # the figure's number, one private-use character per digit
MARK = re.compile(f"{OPEN}([\ue100-\ue109]+){SEP}(.*?){CLOSE}", re.S)
DASH = "-"


def _shown(figure: Figure, text: str) -> str:
    found = _RECORDING.get()
    if found is None:
        return text
    consult(figure)
    if not found.marked:
        return text
    number = "".join(chr(_DIGIT + int(d)) for d in str(len(found.printed)))
    found.printed.append(figure)
    return f"{OPEN}{number}{SEP}{text}{CLOSE}"


def _value(figure: Figure) -> Decimal:
    if figure.value is None:
        raise ValueError(f"figure not given: {figure.label or figure.source}")
    return figure.value


def formatted(figure: Figure, text: str) -> str:
    """``figure`` printed as ``text`` by a rule of the caller's (a data table's column format)."""
    return _shown(figure, text)


def count(figure: Figure) -> str:
    """A count in running text: "03", "12", "1.234"; 0 as "0"."""
    value = _value(figure)
    return _shown(figure, format_count(int(value)) if value == value.to_integral_value() else format_number(value))


def number(figure: Figure, decimals: int | None = None) -> str:
    """A number with the decimals it was given with (or ``decimals``): "29.088,38", "108.516"."""
    return _shown(figure, format_number(_value(figure), decimals))


def percent(figure: Figure) -> str:
    """A percentage in running text: "52,77%", "7%"."""
    return _shown(figure, percent_number(_value(figure)) + "%")


def cell(figure: Figure, kind: str = "number", zero: str | None = None) -> str:
    """A table cell: "-" when not given; ``kind`` "number" (plain count or number) or "percent" (its number
    only, the column says "%"); ``zero`` replaces a given 0 (award tables print none as "-")."""
    if figure.value is None:
        return DASH
    if zero is not None and figure.value == 0:
        return zero
    text = percent_number(figure.value) if kind == "percent" else format_number(figure.value)
    return _shown(figure, text)


def fraction(part: Figure, whole: Figure, in_text: bool = True) -> str:
    """ "65/204" in a table, "06/71", "01/08" in running text (both are counts); the part alone when the whole
    is not given."""
    shown = count if in_text else number
    return f"{shown(part)}/{shown(whole)}" if whole.given else shown(part)


def typed_text(value: Decimal | None, printed: str, written: str = "") -> str:
    """A number typed in free text, as printed (marked as "nhập tay" while marking; ``written``: as typed)."""
    return _shown(typed(value, written.strip()), printed)


def take_marks(text: str, found: Recording) -> tuple[str, list[tuple[Figure, str, str]]]:
    """``text`` without its marks, and each marked figure with its printed text and the text before it."""
    if OPEN not in text:
        return text, []
    out: list[str] = []
    marked: list[tuple[Figure, str, str]] = []
    last = 0
    for match in MARK.finditer(text):
        out.append(text[last:match.start()])
        index = int("".join(str(ord(c) - _DIGIT) for c in match.group(1)))
        marked.append((found.printed[index], match.group(2), "".join(out)))
        out.append(match.group(2))
        last = match.end()
    out.append(text[last:])
    return "".join(out), marked


def outside_marks(text: str) -> Iterator[tuple[bool, str]]:
    """The pieces of ``text``: (True, a marked figure as it stands) or (False, plain text between)."""
    last = 0
    for match in MARK.finditer(text):
        if match.start() > last:
            yield False, text[last:match.start()]
        yield True, match.group(0)
        last = match.end()
    if last < len(text):
        yield False, text[last:]
