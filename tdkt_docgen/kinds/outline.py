"""A report's outline as data: a kind's default sections (``Spec``), which a data file may reorder, drop,
rename and extend (``muc``, ``bo_muc``), numbered from the nesting (Phần thứ nhất / I. / 1. / a) or 1.1.)
into plain blocks (headings, paragraphs, tables) that the template draws one after the other.

A built-in section brings its narrative (``noi_dung.<ma>``, a highlighted placeholder when empty) and the
sentences and tables the kind computes for it; a new section brings its own text and table.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..data import Loc
from ..markup import Para, inline, parse, placeholder
from ..models.bao_cao import Bang, Muc
from ..tables import Cell, Row, Table
from ..vn import format_number, ordinal, point_letter, roman, upper
from .common import Problems

HEADING_KINDS = ("phan", "muc", "khoan", "diem")  # by depth; "tieu_de_phan" follows "phan"
TEXT_WIDTH_CM = 16.0  # a portrait page between Decree 30 margins (for tables given in the data)


@dataclass(frozen=True)
class Spec:
    """A built-in section: its code, heading ({nam}, {nam_sau}, {cac} filled in), subsections."""

    ma: str
    tieu_de: str
    muc: tuple[Spec, ...] = ()
    van_ban: bool = True  # has a narrative noi_dung.<ma> (a placeholder asks for it when empty)
    danh_so: str | None = None  # numbering of its subsections: "a)" (default) or "1.1."
    tuy_chon: bool = False  # left out when it has nothing to say (no text, nothing computed)


@dataclass(frozen=True)
class Heading:
    kieu: str  # phan, tieu_de_phan, muc, khoan, diem
    text: str  # light markup


Block = Heading | Para | Table
Computed = Callable[[bool], list[Block]]  # a built-in section's computed blocks, told if it has subsections


@dataclass
class _Node:
    ma: str | None
    title: str
    so: str | None = None
    text: str | None = None
    bang: Bang | None = None
    danh_so: str | None = None
    van_ban: bool = False
    tuy_chon: bool = False
    children: list[_Node] = field(default_factory=list)


def codes(specs: Iterable[Spec]) -> dict[str, Spec]:
    """Every built-in section by its code, at any depth."""
    found: dict[str, Spec] = {}
    for spec in specs:
        found[spec.ma] = spec
        found.update(codes(spec.muc))
    return found


def problems(specs: tuple[Spec, ...], given: list[Muc] | None, dropped: list[str]) -> Problems:
    """Unknown codes in ``muc`` and ``bo_muc``, with the nearest known one."""
    known = codes(specs)
    found: Problems = []

    def unknown(loc: Loc, code: str) -> None:
        close = difflib.get_close_matches(code, list(known), n=1, cutoff=0.6)
        hint = f"Có phải là '{close[0]}'?" if close else f"Các mục có sẵn: {', '.join(known)}."
        found.append((loc, f"không có mục có sẵn mã '{code}'.", hint))

    def walk(items: list[Muc], loc: Loc) -> None:
        for i, item in enumerate(items):
            if item.ma is not None and item.ma not in known:
                unknown(loc + (i, "ma"), item.ma)
            walk(item.muc or [], loc + (i, "muc"))

    walk(given or [], ("muc",))
    for i, code in enumerate(dropped):
        if code not in known:
            unknown(("bo_muc", i), code)
    return found


def _from_spec(spec: Spec, words: Mapping[str, str], dropped: set[str]) -> _Node:
    return _Node(spec.ma, spec.tieu_de.format(**words), danh_so=spec.danh_so, van_ban=spec.van_ban,
                 tuy_chon=spec.tuy_chon,
                 children=[_from_spec(s, words, dropped) for s in spec.muc if s.ma not in dropped])


def _from_data(item: Muc, known: dict[str, Spec], words: Mapping[str, str], dropped: set[str]) -> _Node:
    spec = known.get(item.ma) if item.ma else None
    node = _from_spec(spec, words, dropped) if spec else _Node(None, item.tieu_de or "")
    node.title = item.tieu_de or node.title
    node.so, node.text, node.bang = item.so, item.noi_dung, item.bang
    node.danh_so = item.danh_so or node.danh_so
    if item.muc is not None:
        node.children = [_from_data(child, known, words, dropped) for child in item.muc]
    return node


def blocks(specs: tuple[Spec, ...], given: list[Muc] | None, dropped: list[str], texts: Mapping[str, Any],
           computed: Mapping[str, Computed], words: Mapping[str, str],
           fill: Callable[[str], str] = lambda text: text) -> list[Block]:
    """The outline, numbered and filled: the data's sections (``given``) or the default ones (``specs``)
    without ``dropped``; ``texts`` holds noi_dung.<ma>, ``computed`` the kind's blocks per code, ``fill``
    puts computed figures into a text ("[[thu_ngan_sach]]")."""
    gone = set(dropped)
    if given is None:
        nodes = [_from_spec(s, words, gone) for s in specs if s.ma not in gone]
    else:
        known = codes(specs)
        nodes = [_from_data(item, known, words, gone) for item in given]
    out: list[Block] = []
    _render(nodes, 0, "", None, texts, computed, out, fill)
    return out


def _render(nodes: list[_Node], depth: int, parent: str, style: str | None, texts: Mapping[str, Any],
            computed: Mapping[str, Computed], out: list[Block], fill: Callable[[str], str]) -> None:
    number = 0
    for node in nodes:
        body = _body(node, texts, computed, fill)
        if node.tuy_chon and not body and not node.children:
            continue
        number += 1
        so = node.so or _number(depth, number, parent, style)
        out.extend(_heading(depth, so, node.title))
        out.extend(body)
        _render(node.children, depth + 1, so, node.danh_so, texts, computed, out, fill)


def _body(node: _Node, texts: Mapping[str, Any], computed: Mapping[str, Computed],
          fill: Callable[[str], str]) -> list[Block]:
    """Text (given, or noi_dung.<ma>), computed blocks and table of a section; a section with none of them
    and no subsections gets a highlighted placeholder (an optional built-in one is left out instead)."""
    text = node.text if node.text is not None else (texts.get(node.ma) if node.ma and node.van_ban else None)
    body: list[Block] = list(parse(fill(text) if text else text))
    if node.ma is not None and node.ma in computed:
        body += computed[node.ma](bool(node.children))
    if node.bang is not None:
        body.append(table(node.bang))
    if not body and not node.children and not node.tuy_chon:
        body = list(placeholder(node.title))
    return body


def _number(depth: int, n: int, parent: str, style: str | None) -> str:
    if depth == 0:
        return f"Phần {ordinal(n)}"
    if depth == 1:
        return f"{roman(n)}."
    if depth == 2:
        return f"{n}."
    if style == "1.1." or (depth > 3 and parent[:1].isdigit()):
        return f"{parent.rstrip('.)')}.{n}."
    return f"{point_letter(n)})"


def _heading(depth: int, so: str, title: str) -> list[Heading]:
    if depth == 0:
        return [Heading("phan", so), Heading("tieu_de_phan", _capitals(title))]
    kieu = HEADING_KINDS[min(depth, len(HEADING_KINDS) - 1)]
    return [Heading(kieu, f"{so} {_capitals(title) if depth == 1 else title}")]


def _capitals(title: str) -> str:
    """A Phần or mục heading in capitals; a closing remark in brackets keeps its case ("III. CÔNG TÁC KHEN
    THƯỞNG (*Có biểu tổng hợp chi tiết kèm theo*)")."""
    head, bracket, rest = title.partition(" (")
    return upper(head) + (bracket + rest if bracket and title.endswith(")") else upper(bracket + rest))


def table(bang: Bang) -> Table:
    """A table given in the data: numbers formatted the Vietnamese way, text left, numbers centred."""
    widths = tuple(bang.do_rong) if bang.do_rong else (round(TEXT_WIDTH_CM / len(bang.cot), 3),) * len(bang.cot)
    rows = [Row(tuple(Cell(c) for c in bang.cot), "header")]
    for row in bang.dong:
        rows.append(Row(tuple(Cell(value, align="left") if isinstance(value, str) else
                              Cell("-" if value is None else format_number(value)) for value in row)))
    return Table(widths, tuple(rows), font_pt=12)


def template_blocks(items: list[Block]) -> list[dict[str, Any]]:
    """The blocks as the outline loop of a template takes them: {kieu, noi}."""
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, Heading):
            out.append({"kieu": item.kieu, "noi": inline(item.text)})
        elif isinstance(item, Table):
            out.append({"kieu": "bang", "noi": item})
        else:
            out.append({"kieu": "doan", "noi": item})
    return out


def given_texts(items: list[Muc] | None, loc: Loc = ("muc",)) -> list[tuple[Loc, str]]:
    """Every text of the data's sections, with where it is (to check what it refers to)."""
    found: list[tuple[Loc, str]] = []
    for i, item in enumerate(items or []):
        if item.noi_dung:
            found.append((loc + (i, "noi_dung"), item.noi_dung))
        found += given_texts(item.muc, loc + (i, "muc"))
    return found
