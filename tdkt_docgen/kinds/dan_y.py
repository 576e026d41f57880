"""A report's outline as data (dàn ý): a kind's default sections (``Spec``), which a data file may reorder,
drop, rename and extend (``muc``, ``bo_muc``), numbered from the nesting (Phần thứ nhất / I. / 1. / a) or
1.1.) into the blocks of ``kinds.outline`` that the template draws one after the other.

A built-in section brings its narrative (``noi_dung.<ma>``) and the sentences and tables the kind computes
for it; a new section brings its own text and table (a table as in the generic document, drawn by
``outline.table``). A section with nothing to say shows a highlighted placeholder.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import nd30
from ..data.load import Loc, field_name
from ..document import figures as fg
from ..document import outline
from ..document.markup import Para, escape, inline, parse, placeholder
from ..document.tables import Table
from ..document.van_ban import Bang
from ..vn import ordinal, point_letter, roman, upper
from .common import Problems
from .models.bao_cao import MucBaoCao

HEADING_KINDS = ("phan", "muc", "khoan", "diem")  # by depth; "tieu_de_phan" follows "phan"


@dataclass(frozen=True)
class Spec:
    """A built-in section: its code, heading ({nam}, {nam_sau}, {cac} filled in), subsections."""

    ma: str
    tieu_de: str
    muc: tuple[Spec, ...] = ()
    van_ban: bool = True  # has a narrative noi_dung.<ma>
    danh_so: str | None = None  # numbering of its subsections at depth 4: "a)" (default) or "1.1."
    tuy_chon: bool = False  # left out when it has nothing to say (no text, nothing computed)
    truong: str | None = None  # the data a computed section's figures come from, named in its placeholder


Block = Para | Table  # what a kind computes for a section
Computed = Callable[[bool], list[Block]]  # a built-in section's computed blocks, told if it has subsections


@dataclass
class _Node:
    ma: str | None
    title: str
    loc: Loc = ()
    so: str | None = None
    text: str | None = None
    bang: Bang | None = None
    danh_so: str | None = None
    van_ban: bool = False
    tuy_chon: bool = False
    truong: str | None = None
    children: list[_Node] = field(default_factory=list)


def codes(specs: Iterable[Spec]) -> dict[str, Spec]:
    """Every built-in section by its code, at any depth."""
    found: dict[str, Spec] = {}
    for spec in specs:
        found[spec.ma] = spec
        found.update(codes(spec.muc))
    return found


def problems(specs: tuple[Spec, ...], given: list[MucBaoCao] | None, dropped: list[str]) -> Problems:
    """Unknown codes in ``muc`` and ``bo_muc`` (with the nearest known one), and the problems of the tables
    given in the data."""
    known = codes(specs)
    found: Problems = []

    def unknown(loc: Loc, code: str) -> None:
        close = difflib.get_close_matches(code, list(known), n=1, cutoff=0.6)
        hint = f"Có phải là '{close[0]}'?" if close else f"Các mục có sẵn: {', '.join(known)}."
        found.append((loc, f"không có mục có sẵn mã '{code}'.", hint))

    for loc, item in _walk(given or [], ("muc",)):
        if item.ma is not None and item.ma not in known:
            unknown(loc + ("ma",), item.ma)
        if item.bang is not None:
            found += _table(item.bang, loc).problems
    for i, code in enumerate(dropped):
        if code not in known:
            unknown(("bo_muc", i), code)
    return found


def mismatches(given: list[MucBaoCao] | None) -> outline.Mismatches:
    """Stated totals of the data's tables that differ from the computed ones."""
    return [m for loc, item in _walk(given or [], ("muc",)) if item.bang is not None
            for m in _table(item.bang, loc).mismatches]


def absent(given: list[MucBaoCao] | None) -> list[tuple[Loc, str]]:
    """Stated totals of the data's tables with no details to add up."""
    return [a for loc, item in _walk(given or [], ("muc",)) if item.bang is not None
            for a in _table(item.bang, loc).absent]


def given_texts(given: list[MucBaoCao] | None) -> list[tuple[Loc, str]]:
    """Every text of the data's sections, with where it is (to check what it refers to)."""
    return [(loc + ("doan",), item.doan) for loc, item in _walk(given or [], ("muc",)) if item.doan]


def _walk(items: list[MucBaoCao], loc: Loc) -> Iterable[tuple[Loc, MucBaoCao]]:
    for i, item in enumerate(items):
        yield loc + (i,), item
        yield from _walk(item.noi_dung or [], loc + (i, "noi_dung"))


def _table(bang: Bang, loc: Loc) -> outline.Outline:
    result = outline.Outline()
    outline.table(bang, loc + ("bang",), nd30.TEXT_WIDTH_CM, result)
    return result


def _from_spec(spec: Spec, words: Mapping[str, str], dropped: set[str]) -> _Node:
    return _Node(spec.ma, spec.tieu_de.format(**words), danh_so=spec.danh_so, van_ban=spec.van_ban,
                 tuy_chon=spec.tuy_chon, truong=spec.truong,
                 children=[_from_spec(s, words, dropped) for s in spec.muc if s.ma not in dropped])


def _from_data(item: MucBaoCao, loc: Loc, known: dict[str, Spec], words: Mapping[str, str],
               dropped: set[str]) -> _Node:
    spec = known.get(item.ma) if item.ma else None
    node = _from_spec(spec, words, dropped) if spec else _Node(None, item.tieu_de or "")
    node.title, node.loc = item.tieu_de or node.title, loc
    node.so, node.text, node.bang = item.so, item.doan, item.bang
    node.danh_so = item.danh_so_con or node.danh_so
    if item.noi_dung is not None:
        node.children = [_from_data(child, loc + ("noi_dung", i), known, words, dropped)
                         for i, child in enumerate(item.noi_dung)]
    return node


def blocks(specs: tuple[Spec, ...], given: list[MucBaoCao] | None, dropped: list[str], texts: Mapping[str, Any],
           computed: Mapping[str, Computed], words: Mapping[str, str],
           fill: Callable[[str], str] = lambda text: text) -> list[dict[str, Any]]:
    """The outline, numbered and filled, as ``outline`` blocks: the data's sections (``given``) or the default
    ones (``specs``) without ``dropped``; ``texts`` holds noi_dung.<ma>, ``computed`` the kind's blocks per
    code, ``fill`` puts computed figures into a text ("[[thu_ngan_sach]]")."""
    gone = set(dropped)
    if given is None:
        nodes = [_from_spec(s, words, gone) for s in specs if s.ma not in gone]
    else:
        known = codes(specs)
        nodes = [_from_data(item, ("muc", i), known, words, gone) for i, item in enumerate(given)]
    out: list[dict[str, Any]] = []
    _render(nodes, 0, "", None, texts, computed, fill, out)
    return out


def _render(nodes: list[_Node], depth: int, parent: str, style: str | None, texts: Mapping[str, Any],
            computed: Mapping[str, Computed], fill: Callable[[str], str], out: list[dict[str, Any]]) -> None:
    number = 0
    for node in nodes:
        body = _body(node, texts, computed, fill)
        if node.tuy_chon and not body and not node.children:
            continue
        number += 1
        so = node.so or _number(depth, number, parent, style)
        out.extend(_heading(depth, so, node.title))
        out.extend(body)
        _render(node.children, depth + 1, so, node.danh_so, texts, computed, fill, out)


def _body(node: _Node, texts: Mapping[str, Any], computed: Mapping[str, Computed],
          fill: Callable[[str], str]) -> list[dict[str, Any]]:
    """Text (given, or noi_dung.<ma>), computed blocks and table of a section; a section with none of them
    and no subsections gets a highlighted placeholder (an optional built-in one is left out instead)."""
    text = node.text if node.text is not None else (texts.get(node.ma) if node.ma and node.van_ban else None)
    if node.ma and node.van_ban:
        fg.use(("noi_dung", node.ma))
    found: list[Block] = list(parse(fill(text) if text else text))
    if node.ma is not None and node.ma in computed:
        found += computed[node.ma](bool(node.children))
    body = [{"kieu": "bang" if isinstance(b, Table) else "doan", "r": b} for b in found]
    if node.bang is not None:
        body += _table(node.bang, node.loc).blocks
    if not body and not node.children and not node.tuy_chon:
        body = [{"kieu": "doan", "r": p} for p in placeholder(node.title, _field(node))]
    return body


def _field(node: _Node) -> str | None:
    """The data field that fills a section: its own text in ``muc``, its narrative, or its figures."""
    if node.loc:
        return field_name(node.loc + ("doan",))
    if node.ma and node.van_ban:
        return f"noi_dung.{node.ma}"
    return node.truong


def texts(noi_dung: Any) -> dict[str, Any]:
    """The narrative of each section by its code (what ``blocks`` takes as ``texts``)."""
    return {name: getattr(noi_dung, name) for name in type(noi_dung).model_fields}


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


def _heading(depth: int, so: str, title: str) -> list[dict[str, Any]]:
    if depth == 0:
        return [{"kieu": "phan", "r": inline(escape(so))}, {"kieu": "tieu_de_phan", "r": inline(_capitals(title))}]
    kind = HEADING_KINDS[min(depth, len(HEADING_KINDS) - 1)]
    return [{"kieu": kind, "r": inline(f"{escape(so)} {_capitals(title) if depth == 1 else title}")}]


def _capitals(title: str) -> str:
    """A Phần or mục heading in capitals; a closing remark in brackets keeps its case ("III. CÔNG TÁC KHEN
    THƯỞNG (*Có biểu tổng hợp chi tiết kèm theo*)")."""
    head, bracket, rest = title.partition(" (")
    return upper(head) + (bracket + rest if bracket and title.endswith(")") else upper(bracket + rest))


def appendix(number: str, title: str, kem_theo: str, tables: list[tuple[str, Table]],
             notes: Iterable[str] = ()) -> list[dict[str, Any]]:
    """A landscape appendix as blocks: its section break, "Phụ lục I", title, "Kèm theo …" line and tables
    (each after its own title when given), then its notes."""
    out = [outline.section_break("ngang"), {"kieu": "phu_luc", "r": inline(escape(f"Phụ lục {number}".strip()))},
           {"kieu": "tieu_de_phu_luc", "r": inline(escape(title))}, {"kieu": "kem_theo", "r": inline(escape(kem_theo))}]
    for caption, table in tables:
        if caption:
            out.append({"kieu": "tieu_de_phu_luc", "r": inline(escape(caption))})
        out.append({"kieu": "bang", "r": table})
    out += [{"kieu": "ghi_chu", "r": inline(escape(note))} for note in notes]
    return out
