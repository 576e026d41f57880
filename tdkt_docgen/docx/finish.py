"""What Jinja cannot do, done on the rendered parts of the document (``package.Package``: lxml elements
of python-docx's oxml classes, so python-docx's element and paragraph helpers work on them): real
footnotes, the length of the short rules, tables whose columns follow the data, and the grid of signature
cells with signature and seal images floating over the room to sign.

This is the only module that edits OOXML by hand; each edit is a small named helper. Each step runs only
where the document has what it acts on, so a document that needs none of them is not even parsed here.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.table import CT_Row, CT_Tbl
from docx.section import Section
from docx.shared import Cm, Emu, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from lxml import etree

from .. import nd30
from ..document.markup import Run
from ..document.tables import SECTION_MARK, Cell, Picture, Row, SignatureBlock, SignatureGrid, Table
from . import frame, signature_cells, table_layout
from .package import DOCUMENT as DOCUMENT_PART
from .package import Package, bare_root

# OOXML sequence of <w:settings>: what must come after <w:footnotePr>.
AFTER_FOOTNOTE_PR = ("w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                     "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                     "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
                     "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
                     "w:decimalSymbol", "w:listSeparator")
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_SEPARATOR_BEFORE = 120  # twentieths of a point: the footnotes' rule 6 pt below the text, 3 pt above the notes


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _BR, _P_PR, _P_STYLE, _SECT_PR = (f"{W}{tag}" for tag in ("p", "t", "br", "pPr", "pStyle", "sectPr"))
_VAL = f"{W}val"
_OBJECT = etree.XPath(".//w:footnoteReference | .//w:drawing | .//w:fldChar | .//w:tab", namespaces={"w": W[1:-1]})
_NO_PART: Any = None  # python-docx's paragraph and table objects need no part for what finish asks of them
_NESTED_RUN = re.compile(rb"<w:t(?: [^>]*)?>[^<]*<w:r[ >]")
_STRAIGHT_QUOTE = re.compile(rb'<w:t(?: [^>]*)?>[^<]*(?:"|&quot;|&#34;)')
_FINISHED_STYLES = (*nd30.BROKEN_STYLES, *nd30.RULES, "Kính gửi - mục", "Nơi nhận")  # the styles steps act on


def finish(package: Package, footnotes: Sequence[tuple[Run, ...]], tables: Sequence[Table | SignatureGrid],
           footnote_mark: str, table_mark: str) -> None:
    """Each step applies only where the document has what it needs: a template drawn from a blank Word
    document (no tdkt styles) is left as it is, and what it lacks is never an error."""
    source = package.blob(DOCUMENT_PART)
    ids = dict(package.style_ids)
    styled_here = any(f'w:val="{ids[name]}"'.encode() in source for name in _FINISHED_STYLES if name in ids)
    sections = _SECTION_START.encode() in source
    if not (footnotes or tables or styled_here or sections or _NESTED_RUN.search(source)
            or _STRAIGHT_QUOTE.search(source)):
        return
    count = _splice_tables(package, tables, table_mark, ids)
    body = package.body
    in_order = _spliced_tables(body, count)
    spliced = set(in_order)  # none of the next steps looks inside them (10,000 rows are not searched)
    _unnest_runs(body, spliced)
    styled = _paragraphs_by_style(body, {ids[name] for name in _FINISHED_STYLES if name in ids}, spliced)
    if footnotes:
        _add_footnotes(package, footnotes, footnote_mark, spliced)
    _insert_grids(package, tables, table_mark, ids, spliced)
    _clear_of_tables(in_order, ids)  # in document order, not a set's: the same bytes on every run
    if sections:
        _break_sections(body)
    _break_titles(body, ids, styled)  # measured on each section's page, before the rules are sized under the titles
    _size_rules(body, ids, styled)
    _align_recipients(ids, styled)
    _last_lines_with_signature(body, ids, styled)
    if _STRAIGHT_QUOTE.search(source):
        _curly_quotes(body, spliced)


def _outside(body: Any, tag: str, skipped: set[Any]) -> Iterator[Any]:
    """The descendants of ``body`` with ``tag``, in document order, except inside the ``skipped`` children."""
    for child in body.iterchildren():
        if child not in skipped:
            yield from child.iter(tag)


def _mark_pattern(mark: str) -> re.Pattern[str]:
    """The regular expression of a marker such as "⟦cn:{}⟧", capturing its number."""
    return re.compile(re.escape(mark).replace(r"\{\}", r"(\d+)"))


# ------------------------------------------------------------------ footnotes


def _run_xml(run: Run) -> str:
    props = "".join(tag for flag, tag in ((run.bold, "<w:b/>"), (run.italic, "<w:i/>")) if flag)
    text = _escape(run.text)
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def _curly_runs(runs: Sequence[Run]) -> list[Run]:
    """A footnote's runs with its straight quotes set curly, across the runs."""
    found, previous = [], ""
    for run in runs:
        text, previous = nd30.curly_quotes(run.text, previous)
        found.append(dataclasses.replace(run, text=text))
    return found


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _footnote_elements(footnotes: Sequence[tuple[Run, ...]], first_id: int) -> list[str]:
    body = []
    for number, runs in enumerate(footnotes, first_id):
        text = "".join(_run_xml(r) for r in _curly_runs(runs))
        body.append(f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
                    f'<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
                    f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{text}</w:p></w:footnote>')
    return body


def _footnotes_xml(footnotes: Sequence[tuple[Run, ...]]) -> bytes:
    body = [
        f'<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:before="{_SEPARATOR_BEFORE}" '
        'w:after="60" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
        *_footnote_elements(footnotes, 1),
    ]
    xml = f'<w:footnotes {nsdecls("w")}>{"".join(body)}</w:footnotes>'
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml).encode("utf-8")


def _add_footnotes(package: Package, footnotes: Sequence[tuple[Run, ...]], mark: str, skipped: set[Any]) -> None:
    """A footnotes part with one real Word footnote per marker, and references where the markers stood."""
    pattern = _mark_pattern(mark)
    existing = package.related(RT.FOOTNOTES)
    root = package.xml(existing) if existing is not None else None
    first = 1 if root is None else _next_footnote_id(root)
    in_order = []  # footnotes numbered as they stand in the document
    references = []
    for text_element in list(_outside(package.body, _T, skipped)):
        match = pattern.fullmatch(text_element.text or "")
        if match:
            in_order.append(footnotes[int(match.group(1)) - 1])
            references.append(_make_reference(text_element, first + len(in_order) - 1))
    _set_apart(references)
    for paragraph in {next(run.iterancestors(_P)) for run in references}:
        Paragraph(paragraph, _NO_PART).paragraph_format.widow_control = False
    if root is not None:  # the template has its own footnotes: ours are added to them
        for element in _footnote_elements(in_order, first):
            root.append(parse_xml(element.replace("<w:footnote ", f"<w:footnote {nsdecls('w')} ", 1)))
        return
    package.add_part("word/footnotes.xml", FOOTNOTES_CT, _footnotes_xml(in_order), RT.FOOTNOTES)
    settings = _settings(package)
    if settings is not None and settings.find(qn("w:footnotePr")) is None:
        settings.insert_element_before(parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/>'
                                                 '<w:footnote w:id="0"/></w:footnotePr>'), *AFTER_FOOTNOTE_PR)


def _settings(package: Package) -> Any:
    """The document's settings (<w:settings>), or None for a template without a settings part."""
    name = package.related(RT.SETTINGS)
    return package.xml(name) if name is not None else None


def _next_footnote_id(root: Any) -> int:
    ids = [int(f.get(qn("w:id"), "0")) for f in root.findall(qn("w:footnote"))]
    return max([0, *ids]) + 1


def _set_apart(references: list[Any]) -> None:
    """Two references side by side ("cả nước⁹¹⁰" reads as footnote 910) get a superscript comma between them:
    "cả nước⁹,¹⁰"."""
    runs = set(references)
    for run in references:
        following = run.getnext()
        while following is not None and following.tag == qn("w:r") and following not in runs \
                and not "".join(t.text or "" for t in following.iter(_T)) and not len(following.xpath("./w:tab")):
            following = following.getnext()
        if following in runs:
            comma, properties, style, text = (OxmlElement(tag) for tag in ("w:r", "w:rPr", "w:rStyle", "w:t"))
            style.set(qn("w:val"), "FootnoteReference")
            text.text = ","
            properties.append(style)
            comma.extend((properties, text))
            run.addnext(comma)


def _make_reference(text_element: object, number: int) -> Any:
    """The run of a footnote marker made the footnote's reference; returns the run."""
    run = text_element.getparent()  # type: ignore[attr-defined]
    run.remove(text_element)
    props = run.find(qn("w:rPr"))
    if props is None:
        props = OxmlElement("w:rPr")
        run.insert(0, props)
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "FootnoteReference")
    props.insert(0, style)
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(number))
    run.append(reference)
    return run


# ------------------------------------------------------------------ line breaks in centred blocks


def _break_titles(body: Any, ids: dict[str, str], styled: dict[str, list[Any]]) -> None:
    """The centred blocks of the body (title, summary, part and appendix titles: ``nd30.BROKEN_STYLES``) broken
    into lines by ``nd30.break_lines``, measured on their section's page; a line break typed in the data stays
    where its lines fit. Body text and left-aligned or justified headings are not touched: they flow."""
    styles = {ids[name]: nd30.STYLES[name] for name in nd30.BROKEN_STYLES if name in ids}
    titles = {p: style for style_id, style in styles.items() for p in styled.get(style_id, ())
              if p.getparent() is body}
    if not titles:
        return
    landscape_of = dict(_paragraphs_with_orientation(body))
    for element, style in titles.items():
        if _OBJECT(element):
            continue
        pieces = [piece for run in element.iterchildren(qn("w:r")) for piece in run.iterchildren(_T, _BR)]
        text = "".join("\n" if piece.tag == _BR else piece.text or "" for piece in pieces)
        width = nd30.LANDSCAPE_TEXT_WIDTH_CM if landscape_of[element] else nd30.TEXT_WIDTH_CM
        lines = nd30.break_lines(text, width, style.size, style.bold)
        if "\n".join(lines) == text or " ".join(lines) != text.replace("\n", " "):
            continue  # already so, or spaces as typed in Word around its breaks: left as they are
        texts = [_unbroken(piece) for piece in pieces]
        _set_breaks(texts, [len(" ".join(lines[:i + 1])) for i in range(len(lines) - 1)])


def _unbroken(piece: Any) -> Any:
    """A text element as it is, or a typed line break turned back into the space it stood for."""
    if piece.tag != _BR:
        return piece
    space = OxmlElement("w:t")
    space.text = " "
    space.set(qn("xml:space"), "preserve")
    piece.addprevious(space)
    piece.getparent().remove(piece)
    return space


def _paragraphs_by_style(body: Any, style_ids: set[str], skipped: set[Any]) -> dict[str, list[Any]]:
    """Style id -> the paragraphs in that style (document order, tables included), for ``style_ids`` only."""
    found: dict[str, list[Any]] = {}
    for style in _outside(body, _P_STYLE, skipped):
        if style.get(_VAL) in style_ids:
            found.setdefault(style.get(_VAL), []).append(style.getparent().getparent())
    return found


def _child(element: Any, tag: str) -> Any:
    """The first child of ``element`` with ``tag``, or None (lxml's iterchildren: no path parsing)."""
    for child in element.iterchildren(tag):
        return child
    return None


def _style_of(paragraph: Any) -> str:
    """The id of a paragraph's style ("" for none), without python-docx's property chain."""
    properties = _child(paragraph, _P_PR)
    style = None if properties is None else _child(properties, _P_STYLE)
    return "" if style is None else style.get(_VAL, "")


def _section_of(paragraph: Any) -> Any:
    """The section properties a paragraph ends its section with, or None."""
    properties = _child(paragraph, _P_PR)
    return None if properties is None else _child(properties, _SECT_PR)


def _paragraphs_with_orientation(body: Any) -> list[tuple[Any, bool]]:
    """Body paragraphs outside tables, each with whether its section is landscape (a section's properties
    come at its end: in its last paragraph, or the body's own for the last section)."""
    found: list[tuple[Any, bool]] = []
    pending: list[Any] = []
    for child in body.iterchildren():
        if child.tag == _P:
            pending.append(child)
            sect = _section_of(child)
        elif child.tag == _SECT_PR:
            sect = child
        else:
            continue
        if sect is not None:
            size = sect.find(qn("w:pgSz"))
            landscape = size is not None and int(size.get(qn("w:w"))) > int(size.get(qn("w:h")))
            found += [(p, landscape) for p in pending]
            pending = []
    return found + [(p, False) for p in pending]


def _set_breaks(texts: list[object], offsets: list[int]) -> None:
    """Replace the space at each character offset of the paragraph's text by a line break, inside the run
    that holds it (last first, so the earlier offsets stay right)."""
    starts, ends, position = [], [], 0
    for t in texts:
        starts.append(position)
        position += len(t.text or "")  # type: ignore[attr-defined]
        ends.append(position)
    for offset in sorted(offsets, reverse=True):
        index = next(i for i, (start, end) in enumerate(zip(starts, ends, strict=True)) if start <= offset < end)
        t = texts[index]
        local = offset - starts[index]
        before, after = t.text[:local], t.text[local + 1:]  # type: ignore[attr-defined]
        t.text = before  # type: ignore[attr-defined]
        t.set(qn("xml:space"), "preserve")  # type: ignore[attr-defined]
        brk, rest = OxmlElement("w:br"), OxmlElement("w:t")
        rest.text = after
        rest.set(qn("xml:space"), "preserve")
        t.addnext(brk)  # type: ignore[attr-defined]
        brk.addnext(rest)


# ------------------------------------------------------------------ rules


def _size_rules(body: Any, ids: dict[str, str], styled: dict[str, list[Any]]) -> None:
    """Indent each rule paragraph so the rule has the decree's length under the text above it (only
    where the template has the rule styles)."""
    rules = {ids[name]: name for name in nd30.RULES if name in ids}
    if not rules:
        return
    width = text_width_cm(body)
    for element, name in ((p, name) for style_id, name in rules.items() for p in styled.get(style_id, ())):
        cell = next(element.iterancestors(qn("w:tc")), None)
        available = width
        if cell is not None and cell.width is not None:
            available = cell.width.cm - 2 * nd30.CELL_MARGIN_CM
        above = _previous_text(element, ids.get(nd30.RULES[name][0], ""))
        indent = nd30.rule_indent_cm(name, above, available)
        paragraph = Paragraph(element, _NO_PART)
        paragraph.paragraph_format.left_indent = Cm(indent)
        paragraph.paragraph_format.right_indent = Cm(indent)


def text_width_cm(body: Any) -> float:
    """The width between the margins of the document's first page (the decree's when it has its page)."""
    properties = body.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr")
    if not properties:
        return nd30.TEXT_WIDTH_CM
    section = Section(properties[0], _NO_PART)
    if section.page_width is None or section.left_margin is None or section.right_margin is None:
        return nd30.TEXT_WIDTH_CM
    width = (section.page_width - section.left_margin - section.right_margin) / 360000
    return nd30.TEXT_WIDTH_CM if abs(width - nd30.TEXT_WIDTH_CM) < 0.05 else float(width)


def _unnest_runs(body: Any, skipped: set[Any]) -> None:
    """Formatted text from derive printed with {{ x }} instead of {{r x }} lands as runs inside a text
    element: it is kept as the plain text of the enclosing run."""
    for text in [t for t in _outside(body, _T, skipped) if len(t)]:
        parts = [text.text or ""]
        for child in list(text):
            parts += ["".join(t.text or "" for t in child.iter(qn("w:t"))), child.tail or ""]
            text.remove(child)
        text.text = "".join(parts)


def _previous_text(element: object, style_id: str) -> str:
    """The text of the nearest paragraph before ``element`` in style ``style_id`` ("\n" for line breaks)."""
    for previous in element.itersiblings(_P, preceding=True):  # type: ignore[attr-defined]
        if _style_of(previous) == style_id:
            return _paragraph_text(previous)
    return ""


_RUN_CONTENT = tuple(qn(tag) for tag in ("w:br", "w:cr", "w:noBreakHyphen", "w:ptab", "w:t", "w:tab"))


def _paragraph_text(paragraph: Any) -> str:
    """python-docx's ``Paragraph.text`` (line breaks as "\n", tabs as "\t"), read by walking the children
    instead of compiling its XPath expressions on every call."""
    parts: list[str] = []
    for child in paragraph.iterchildren(qn("w:r"), qn("w:hyperlink")):
        runs = [child] if child.tag == qn("w:r") else child.iterchildren(qn("w:r"))
        for run in runs:
            parts += [str(content) for content in run.iterchildren(*_RUN_CONTENT)]
    return "".join(parts)


# ------------------------------------------------------------------ curly quotes


def _curly_quotes(body: Any, skipped: set[Any]) -> None:
    """Straight double quotes typed in the data or a template set curly (``nd30.curly_quotes``), paragraph by
    paragraph across its runs (the data tables written here are set so when written)."""
    for paragraph in _outside(body, _P, skipped):
        texts = list(paragraph.iter(_T))
        if not any('"' in (t.text or "") for t in texts):
            continue
        previous = ""
        for t in texts:
            curly, previous = nd30.curly_quotes(t.text or "", previous)
            if curly != (t.text or ""):
                t.text = curly


# ------------------------------------------------------------------ the signature page holds text


def _last_lines_with_signature(body: Any, ids: dict[str, str], styled: dict[str, list[Any]]) -> None:
    """The body's last paragraph before the closing sentence keeps with it (and so with the signature table, which
    the closing sentence keeps with), when it is short (``nd30.KEPT_LAST_LINES``): the signature's page then holds
    text of the body, not the closing sentence alone, and no more than those lines move to it (a paragraph kept
    with the next moves whole, in LibreOffice)."""
    names = {style_id: name for name, style_id in ids.items()}
    tables = {table for p in styled.get(ids.get("Nơi nhận", ""), ()) if (table := next(p.iterancestors(qn("w:tbl")),
                                                                                        None)) is not None}
    for table in tables:
        spacer = table.getprevious()
        closing = spacer.getprevious() if spacer is not None and spacer.tag == _P else None
        last = closing.getprevious() if closing is not None and closing.tag == _P else None
        if last is None or last.tag != _P or not _keeps(closing) or _keeps(last):
            continue
        style = nd30.STYLES.get(names.get(_style_of(last), ""))
        text = _paragraph_text(last)
        if style is None or style.align not in ("both", "left") or not text.strip():
            continue
        lines = nd30.wrap(text, nd30.TEXT_WIDTH_CM * nd30.FIT - style.first_line_cm, style.size, style.bold)
        if len(lines) <= nd30.KEPT_LAST_LINES:
            Paragraph(last, _NO_PART).paragraph_format.keep_with_next = True


def _keeps(paragraph: Any) -> bool:
    """Whether a paragraph keeps with the next by its own properties (not its style's)."""
    properties = _child(paragraph, _P_PR)
    return properties is not None and _child(properties, qn("w:keepNext")) is not None


# ------------------------------------------------------------------ "Kính gửi" with several recipients


def _align_recipients(ids: dict[str, str], styled: dict[str, list[Any]]) -> None:
    """Centre the block of "Kính gửi" lines and put every dash under the first one."""
    if "Kính gửi - mục" not in ids:
        return
    lines = [Paragraph(p, _NO_PART) for p in styled.get(ids["Kính gửi - mục"], ())]
    if not lines:
        return
    left, hanging = nd30.kinh_gui_indents_cm([p.text for p in lines])
    for index, paragraph in enumerate(lines):
        fmt = paragraph.paragraph_format
        fmt.left_indent = Cm(left)
        fmt.first_line_indent = Cm(-hanging) if index == 0 else None
        fmt.tab_stops.add_tab_stop(Cm(left))
    block = nd30.STYLES["Kính gửi"]  # the block is spaced as the one-line form
    lines[0].paragraph_format.space_before = Pt(block.before_pt)
    lines[-1].paragraph_format.space_after = Pt(block.after_pt)


# ------------------------------------------------------------------ tables


_SPLICED = "tdkt-bang"  # an attribute that marks a table spliced in as text, removed once it is found


def _splice_tables(package: Package, tables: Sequence[Table | SignatureGrid], mark: str, ids: dict[str, str]) -> int:
    """Each data table's XML written in place of its marker paragraph (the marker alone in it) in the rendered
    body text, before the body is parsed: the table is parsed with the document. (A table parsed on its own and
    moved into the document costs lxml a time that grows faster than its rows: seconds for 10,000.) Returns
    how many tables it wrote."""
    if not any(isinstance(spec, Table) for spec in tables):
        return 0
    text = package.text(DOCUMENT_PART)
    pieces, done = [], 0
    for match in _mark_pattern(mark).finditer(text):
        spec = tables[int(match.group(1))]
        start = max(text.rfind("<w:p>", done, match.start()), text.rfind("<w:p ", done, match.start()))
        end = text.find("</w:p>", match.end())
        if not isinstance(spec, Table) or start < 0 or end < 0 or "</w:p>" in text[start:match.start()]:
            continue
        end += len("</w:p>")
        if _TAGS.sub("", text[start:end]).strip() != match.group(0):
            continue  # the marker shares its paragraph with other text: not a table's place
        pieces += [text[done:start], _table_xml(spec, ids, match.group(1))]
        done = end
    if pieces:
        package.rewrite(DOCUMENT_PART, "".join([*pieces, text[done:]]).encode("utf-8"))
    return len(pieces) // 2


_TAGS = re.compile(r"<[^>]*>")
_SPLICED_IN_BODY = etree.XPath(f"./w:tbl[@{_SPLICED}]", namespaces={"w": W[1:-1]})
_SPLICED_ANYWHERE = etree.XPath(f".//w:tbl[@{_SPLICED}]", namespaces={"w": W[1:-1]})


def _spliced_tables(body: Any, count: int) -> list[Any]:
    """The ``count`` tables ``_splice_tables`` wrote, their marking attribute removed (the bytes are then as if
    drawn here). They stand in the body, unless a marker was inside a table's cell: then all is searched."""
    found = _SPLICED_IN_BODY(body) if count else []
    if len(found) < count:
        found = _SPLICED_ANYWHERE(body)
    for table in found:
        del table.attrib[_SPLICED]
    return list(found)


def _clear_of_tables(tables: Sequence[Any], ids: dict[str, str]) -> None:
    """What follows a table stands clear of it, and a title above it clear of its top (``_caption_clear``)."""
    for table in tables:
        following = table.getnext()
        if following is not None and following.tag == _P:
            _clear_of_table(Paragraph(following, _NO_PART), ids)
        above = table.getprevious()
        if above is not None and above.tag == _P:
            _caption_clear(Paragraph(above, _NO_PART), ids)


def _caption_clear(paragraph: Paragraph, ids: dict[str, str]) -> None:
    """The title or text right above a table ends ``nd30.TABLE_BEFORE_PT`` above it (not on its top line)."""
    names = {style_id: name for name, style_id in ids.items()}
    style = nd30.STYLES.get(names.get(paragraph._p.style or "", ""))
    if paragraph.text.strip() and (style is None or style.after_pt < nd30.TABLE_BEFORE_PT):
        paragraph.paragraph_format.space_after = Pt(nd30.TABLE_BEFORE_PT)


def _insert_grids(package: Package, tables: Sequence[Table | SignatureGrid], mark: str, ids: dict[str, str],
                  skipped: set[Any]) -> None:
    """Each signature grid's marker paragraph (the marker alone in it) replaced by the grid, drawn in place."""
    if not any(isinstance(spec, SignatureGrid) for spec in tables):
        return
    pattern = _mark_pattern(mark)
    found = [(t, m) for t in _outside(package.body, _T, skipped) if (m := pattern.fullmatch((t.text or "").strip()))]
    for text, match in found:
        spec = tables[int(match.group(1))]
        paragraph = next(text.iterancestors(_P))
        if not isinstance(spec, SignatureGrid) or _paragraph_text(paragraph).strip() != match.group(0):
            continue  # the marker shares its paragraph with other text: not a table's place
        table = DocxTable(CT_Tbl.new_tbl(-(-len(spec.blocks) // spec.columns), 2 * spec.columns, Emu(0)), _NO_PART)
        paragraph.addprevious(table._tbl)  # in the document first: pictures are numbered over all of it
        paragraph.getparent().remove(paragraph)
        _draw_grid(package, table, spec, ids)


def _clear_of_table(paragraph: Paragraph, ids: dict[str, str]) -> None:
    """The heading or text after a table starts ``nd30.TABLE_AFTER_PT`` below it (not on its bottom line)."""
    if _SECTION.fullmatch(paragraph.text.strip()):
        return  # a section marker: made a hairline by _break_sections
    names = {style_id: name for name, style_id in ids.items()}
    style = nd30.STYLES.get(names.get(paragraph._p.style or "", ""))
    if style is None or style.before_pt < nd30.TABLE_AFTER_PT:
        paragraph.paragraph_format.space_before = Pt(nd30.TABLE_AFTER_PT)


_ROW_STYLES = {"header": ("Bảng - đầu", "Bảng - đầu"), "group": ("Bảng - nhóm", "Bảng - đầu"),
               "total": ("Bảng - nhóm", "Bảng - đầu"), "body": ("Bảng - tên", "Bảng")}


_JC = {"right": '<w:jc w:val="right"/>'}  # the styles centre or left-align; a right-aligned cell says so


def _cell_style(row_kind: str, cell: Cell) -> str:
    left_style, centre_style = _ROW_STYLES[row_kind]
    return left_style if cell.align == "left" else centre_style


def _table_xml(spec: Table, ids: dict[str, str], number: str) -> str:
    """The XML text of the table of ``spec``: its frame drawn by python-docx (grid, widths from its content, padding,
    centred, style), its rows written as text (linear in the number of cells, and fast: 10,000 rows are fine),
    marked as spliced."""
    table = DocxTable(CT_Tbl.new_tbl(0, len(spec.widths_cm), Emu(0)), _NO_PART)
    table._tbl.tblPr.style = ids.get("Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    spec, widths = table_layout.settled(spec)
    frame.set_widths(table, widths)
    frame.set_cell_margins(table, nd30.CELL_MARGIN_CM, vertical=True)
    keep = table_layout.rows_kept_with_next(spec, widths)
    rows = "".join(_row_xml(row, widths, spec.font_pt, ids, index in keep) for index, row in enumerate(spec.rows))
    empty = bare_root(etree.tostring(table._tbl, encoding="unicode"), "w:tbl", f' {_SPLICED}="{number}"')
    end = "</w:tbl>"
    assert empty.endswith(end)
    return empty[:-len(end)] + rows + end


def _row_xml(row: Row, widths: tuple[float, ...], font_pt: float, style_ids: dict[str, str],
             keep_with_next: bool = False) -> str:
    header = "<w:tblHeader/>" if row.kind == "header" else ""
    keep = "<w:keepNext/>" if keep_with_next else ""
    cells, column = [], 0
    for cell in table_layout.merged_cells(row, len(widths)):
        width = int(Cm(sum(widths[column:column + cell.span])).twips)
        span = f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else ""
        merge = (f'<w:vMerge w:val="{"restart" if cell.merge_down == "start" else "continue"}"/>'
                 if cell.merge_down else "")
        text = "" if cell.merge_down == "continue" else cell.text
        style = style_ids.get(_cell_style(row.kind, cell))
        inner = (f'<w:pStyle w:val="{style}"/>' if style else "") + keep + _JC.get(cell.align, "")
        props = f"<w:pPr>{inner}</w:pPr>" if inner else ""
        cells.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="center"/>'
                     f'</w:tcPr><w:p>{props}{_run_xml_sized(text, font_pt)}</w:p></w:tc>')
        column += cell.span
    return f"<w:tr><w:trPr><w:cantSplit/>{header}</w:trPr>{''.join(cells)}</w:tr>"


def _run_xml_sized(text: str, size_pt: float) -> str:
    if not text:
        return ""
    text = nd30.curly_quotes(text)[0]
    lines = '</w:t><w:br/><w:t xml:space="preserve">'.join(_escape(text).split("\n"))
    return f'<w:r><w:rPr><w:sz w:val="{round(size_pt * 2)}"/></w:rPr><w:t xml:space="preserve">{lines}</w:t></w:r>'


def _row_properties(tr: CT_Row, header: bool) -> None:
    tr_pr = tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


# ------------------------------------------------------------------ signature grid


def _draw_grid(package: Package, table: DocxTable, grid: SignatureGrid, ids: dict[str, str]) -> None:
    """A borderless table of signature cells (in a frame of two half-columns per cell, one row per row of
    cells). Each cell spans two half-columns, so that a last row with fewer cells is centred; a row never
    breaks across pages."""
    halves = 2 * grid.columns
    rows = [grid.blocks[i:i + grid.columns] for i in range(0, len(grid.blocks), grid.columns)]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    width = text_width_cm(package.body)
    frame.set_widths(table, [width / halves] * halves)
    frame.set_cell_margins(table, nd30.SIGNATURE_GRID_PADDING_CM)
    cell_cm = 2 * width / halves - 2 * nd30.SIGNATURE_GRID_PADDING_CM
    for r, blocks in enumerate(rows):
        start = grid.columns - len(blocks)  # in half-columns: 0 for a full row, 1 for one cell of two
        lines = max(len(block.lines) for block in blocks)  # shorter cells get blank lines: names stay level
        last_row = r == len(rows) - 1
        for i, block in enumerate(blocks):
            cell = table.cell(r, start + 2 * i).merge(table.cell(r, start + 2 * i + 1))
            room = _fill_signature_cell(package, cell, block, cell_cm, lines, ids, grid.font_pt, keep=not last_row)
            signature_cells.mark_room(room, r * grid.columns + i + 1)
        _row_properties(table._tbl.tr_lst[r], header=False)
    settings = _settings(package)
    if settings is not None:
        signature_cells.record_cells(settings,
                                     [(block.ten, cell_cm, nd30.SIGNATURE_SPACE_CM) for block in grid.blocks],
                                     AFTER_FOOTNOTE_PR[AFTER_FOOTNOTE_PR.index("w:docVars") + 1:])


def _fill_signature_cell(package: Package, cell: object, block: SignatureBlock, cell_cm: float,
                         lines: int, ids: dict[str, str], size_pt: float, keep: bool) -> Paragraph:
    """The cell's lines, room to sign and name at ``size_pt``; returns the room to sign. Every line keeps with
    the next, the name too unless ``keep`` is False (the last row): the grid stands whole on one page."""
    padded = [*block.lines, *[""] * (lines - len(block.lines))]
    paragraphs = [(line, "Chức vụ người ký") for line in padded]
    paragraphs += [("", "Chỗ ký"), (block.ho_ten, "Họ tên người ký")]
    for extra in cell._tc.xpath("./w:p")[1:]:  # type: ignore[attr-defined]
        cell._tc.remove(extra)  # type: ignore[attr-defined]
    for index, (text, style) in enumerate(paragraphs):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        paragraph._p.style = ids.get(style)
        if size_pt != nd30.STYLES[style].size and text:
            paragraph.add_run(text).font.size = Pt(size_pt)
        elif size_pt != nd30.STYLES[style].size and style != "Chỗ ký":  # a blank line as high as the others
            mark = OxmlElement("w:rPr")
            mark.append(OxmlElement("w:sz"))
            mark[0].set(qn("w:val"), str(round(size_pt * 2)))
            paragraph._p.get_or_add_pPr().insert_element_before(mark, "w:sectPr", "w:pPrChange")
        elif text:
            paragraph.add_run(text)
        paragraph.paragraph_format.keep_with_next = keep or index < len(paragraphs) - 1
        if style == "Chỗ ký":
            room = paragraph
            if block.chu_ky is not None:
                _place_images(package, paragraph, block, cell_cm)
    cell.paragraphs[-1].paragraph_format.space_after = Pt(nd30.SIGNATURE_GRID_GAP_PT)  # type: ignore[attr-defined]
    return room


def _place_images(package: Package, paragraph: Paragraph, block: SignatureBlock, cell_cm: float) -> None:
    """The signature image centred in the room to sign, the seal over its left third, on top of it."""
    assert block.chu_ky is not None
    seal = block.con_dau
    at_signature, at_seal = nd30.image_positions(
        cell_cm, (block.chu_ky.width_cm, block.chu_ky.height_cm),
        (seal.width_cm, seal.height_cm) if seal else None)
    _float_picture(package, paragraph, block.chu_ky, at_signature, f"Chữ ký - {block.ten}", layer=1)
    if seal is not None and at_seal is not None:
        _float_picture(package, paragraph, seal, at_seal, f"Con dấu - {block.ten}", layer=2)


def _float_picture(package: Package, paragraph: Paragraph, picture: Picture, at_cm: tuple[float, float],
                   name: str, layer: int) -> None:
    """A picture floating in front of the text, placed from the cell's left edge and the paragraph's top."""
    inline = package.new_picture(picture.data, Cm(picture.width_cm), Cm(picture.height_cm))
    x, y = (int(Cm(v)) for v in at_cm)
    anchor = parse_xml(
        f'<wp:anchor {nsdecls("wp")} distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{251658240 + layer}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        f'<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>{x}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'</wp:anchor>')
    anchor.append(inline.extent)
    anchor.append(parse_xml(f'<wp:effectExtent {nsdecls("wp")} l="0" t="0" r="0" b="0"/>'))
    anchor.append(parse_xml(f'<wp:wrapNone {nsdecls("wp")}/>'))
    inline.docPr.set("name", name)
    inline.docPr.set("descr", name)
    for child in (inline.docPr, inline.find(qn("wp:cNvGraphicFramePr")), inline.graphic):
        if child is not None:
            anchor.append(child)
    paragraph.add_run()._r.add_drawing(anchor)


# ------------------------------------------------------------------ sections (appendices)

_SECTION = re.compile(re.escape(SECTION_MARK).replace(r"\{\}", "(doc|ngang)"))
_SECTION_START = SECTION_MARK.split("{}")[0]  # only paragraphs with this text can be markers
_SECTION_CANDIDATES = etree.XPath("./w:p[.//w:t[contains(., $start)]]", namespaces={"w": W[1:-1]})


def _break_sections(body: Any) -> None:
    """Each section marker paragraph ends the section before it: it gets a copy of the document's section
    properties shaped as that section (the body portrait; an appendix as it asked, numbered from 1), and the
    document's last section properties take the last appendix's shape. The paragraph itself is shrunk to a
    hairline so it never pushes a page."""
    candidates = _SECTION_CANDIDATES(body, start=_SECTION_START)  # body paragraphs, in document order
    marks = [p for p in candidates if _SECTION.fullmatch("".join(t.text or "" for t in p.iter(_T)).strip())]
    if not marks:
        return
    last = body.sectPr
    source = etree.tostring(last)
    shape = (False, False)  # (landscape, restart numbers) of the section that ends at the next marker
    for paragraph in marks:
        match = _SECTION.fullmatch("".join(t.text or "" for t in paragraph.iter(_T)).strip())
        assert match is not None
        properties = _shaped_section(source, *shape)
        for run in paragraph.findall(qn("w:r")):
            paragraph.remove(run)
        p_pr = paragraph.get_or_add_pPr()
        spacing = parse_xml(f'<w:spacing {nsdecls("w")} w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>')
        p_pr.insert_element_before(spacing, *frame.AFTER_P_BDR[frame.AFTER_P_BDR.index("w:spacing") + 1:])
        p_pr.append(properties)
        shape = (match.group(1) == "ngang", True)
    body.replace(last, _shaped_section(source, *shape))


def _shaped_section(source: bytes, landscape: bool, restart_numbers: bool) -> Any:
    """A copy of the section properties ``source`` shaped as a section (``frame.shape_section``), shaped once
    per process for each shape: every document of a batch has the same ones."""
    return copy.deepcopy(_shaped_sections(source, landscape, restart_numbers))


@lru_cache(maxsize=64)
def _shaped_sections(source: bytes, landscape: bool, restart_numbers: bool) -> Any:
    properties = parse_xml(source)
    frame.shape_section(Section(properties, _NO_PART), landscape=landscape, restart_numbers=restart_numbers)
    return properties
