"""Any DOCX read as a user sees it: its paragraphs in order, each with where it is in Word's terms
("đoạn 12", "bảng 1, dòng 2, ô 1") and its effective formatting, resolved through direct formatting,
character and paragraph styles (with what they are based on), the default style and the document
defaults, as Word resolves them. Used by ``conformance`` (tdkt check); reads, never writes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from ..data.packages import check_package
from ..data.reading import UNREADABLE_ZIP, read_bytes
from ..errors import DocgenError, Position

TWIPS_PER_CM = 1440 / 2.54
FALSE = {"0", "false", "off"}


class DocumentError(DocgenError):
    """The file to check cannot be read as a Word document."""


UNREADABLE = (PackageNotFoundError, etree.XMLSyntaxError, *UNREADABLE_ZIP)


def open_docx(path: Path, error: type[DocgenError], what: str) -> Any:
    """A python-docx document, or ``error`` saying in Vietnamese that ``what`` (a file, a template) is not a
    Word document that can be read, and how to repair it."""
    content = read_bytes(path, what, error)
    check_package(content, path, what, error)  # entry names, sizes, no DTD: before python-docx parses it
    try:
        return Document(io.BytesIO(content))
    except UNREADABLE:
        raise error(f"không đọc được {what} Word .docx (tệp hỏng hoặc không phải .docx).", Position(path),
                    "Mở tệp bằng Word hoặc LibreOffice và lưu lại dưới dạng Word (.docx).") from None


LARGEST = 31680  # twips (55,9 cm, Word's largest page side): any length or size beyond it is absurd


def _number(value: str | None, name: str, where: str) -> int:
    """A whole number of a WordprocessingML attribute (twips, half-points), or DocumentError naming the
    paragraph: Word writes plain integers within the page, never "1e9"."""
    if not value:
        return 0
    if not re.fullmatch(r"-?\d{1,6}", value.strip()) or abs(int(value)) > LARGEST:
        raise DocumentError(f"{where}: giá trị định dạng {name}=\"{value}\" không hợp lệ (Word chỉ ghi số nguyên "
                            "trong khổ trang).", None, "Mở tệp bằng Word, sửa định dạng đoạn này rồi lưu lại.")
    return int(value)


@dataclass
class RunView:
    text: str
    size_pt: float | None
    bold: bool
    italic: bool
    font: str | None


@dataclass
class ParaView:
    """One paragraph: its text, where it is, and its effective formatting."""

    element: Any
    where: str  # "đoạn 12" or "bảng 1, dòng 2, ô 1, đoạn 1", or "đầu trang mục 2"
    cell: tuple[int, int, int] | None  # (table, row, column), 1-based, for paragraphs in tables
    runs: list[RunView] = field(default_factory=list)
    align: str = "left"
    first_line_cm: float = 0.0
    before_pt: float = 0.0
    after_pt: float = 0.0
    line: float | None = 1.0  # a multiple of single spacing; None for an exact or minimum height
    top_border: bool = False
    bottom_border: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def label(self) -> str:
        """Where, with the first words: 'đoạn 12 ("Năm 2023, là năm có ý…")'."""
        words = self.text.strip()
        short = words if len(words) <= 40 else words[:40].rstrip() + "…"
        return f'{self.where} ("{short}")' if short else self.where

    def texted(self) -> list[RunView]:
        return [r for r in self.runs if r.text.strip()]

    @property
    def sizes(self) -> set[float]:
        return {r.size_pt for r in self.texted() if r.size_pt is not None}

    @property
    def bold(self) -> bool:
        runs = self.texted()
        return bool(runs) and all(r.bold for r in runs)

    @property
    def italic(self) -> bool:
        runs = self.texted()
        return bool(runs) and all(r.italic for r in runs)


class Styles:
    """Effective formatting through the style chain, as Word resolves it."""

    def __init__(self, doc: Any) -> None:
        root = doc.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        defaults = [s for s in root.findall(qn("w:style"))
                    if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")]
        self.default_paragraph = defaults[0].get(qn("w:styleId")) if defaults else None
        self.ppr_default = root.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")
        self.rpr_default = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.theme_fonts = _theme_fonts(doc)

    def chain(self, style_id: str | None) -> list[Any]:
        """The style and those it is based on, nearest first."""
        result, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            result.append(style)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return result

    def paragraph_chain(self, p: Any) -> list[Any]:
        """pPr elements that decide a paragraph's properties, nearest first."""
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style_id = style.get(qn("w:val")) if style is not None else self.default_paragraph
        chain = [ppr] + [s.find(qn("w:pPr")) for s in self.chain(style_id)] + [self.ppr_default]
        return [e for e in chain if e is not None]

    def run_chain(self, r: Any, p: Any) -> list[Any]:
        """rPr elements that decide a run's properties, nearest first."""
        rpr = r.find(qn("w:rPr"))
        run_style = rpr.find(qn("w:rStyle")) if rpr is not None else None
        chain = [rpr] + [s.find(qn("w:rPr")) for s in self.chain(run_style.get(qn("w:val")) if run_style is not None
                                                                  else None)]
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        chain += [s.find(qn("w:rPr")) for s in self.chain(style.get(qn("w:val")) if style is not None
                                                          else self.default_paragraph)]
        chain.append(self.rpr_default)
        return [e for e in chain if e is not None]

    def font(self, chain: list[Any]) -> str | None:
        for rpr in chain:
            fonts = rpr.find(qn("w:rFonts"))
            if fonts is None:
                continue
            if fonts.get(qn("w:ascii")):
                return str(fonts.get(qn("w:ascii")))
            theme = fonts.get(qn("w:asciiTheme"))
            if theme:
                return self.theme_fonts.get("major" if theme.startswith("major") else "minor", theme)
        return None


def _theme_fonts(doc: Any) -> dict[str, str]:
    for rel in doc.part.rels.values():
        if rel.reltype == RT.THEME:
            root = etree.fromstring(rel.target_part.blob)
            a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
            fonts = {}
            for kind in ("major", "minor"):
                latin = root.find(f".//{a}{kind}Font/{a}latin")
                if latin is not None:
                    fonts[kind] = latin.get("typeface")
            return fonts
    return {}


def _on(chain: list[Any], tag: str) -> bool:
    for props in chain:
        element = props.find(qn(tag))
        if element is not None:
            return element.get(qn("w:val")) not in FALSE
    return False


def _attr(chain: list[Any], tag: str, attr: str) -> str | None:
    for props in chain:
        element = props.find(qn(tag))
        if element is not None and element.get(qn(attr)) is not None:
            return str(element.get(qn(attr)))
    return None


def _border(chain: list[Any], side: str) -> bool:
    for props in chain:
        borders = props.find(qn("w:pBdr"))
        if borders is not None and borders.find(qn(f"w:{side}")) is not None:
            return borders.find(qn(f"w:{side}")).get(qn("w:val")) not in ("nil", "none")
    return False


class DocxView:
    """A DOCX file opened for checking."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.doc = open_docx(path, DocumentError, "tệp")
        self.styles = Styles(self.doc)

    @cached_property
    def paragraphs(self) -> list[ParaView]:
        """Every paragraph of the body in reading order, those in tables included."""
        return list(self._walk())

    def _walk(self) -> Iterator[ParaView]:
        number, table_number = 0, 0
        for child in self.doc.element.body.iterchildren():
            if child.tag == qn("w:p"):
                number += 1
                yield self.view(child, f"đoạn {number}")
            elif child.tag == qn("w:tbl"):
                table_number += 1
                for r, row in enumerate(child.iterchildren(qn("w:tr")), 1):
                    for c, cell in enumerate(row.iterchildren(qn("w:tc")), 1):
                        for k, p in enumerate(cell.iter(qn("w:p")), 1):
                            yield self.view(p, f"bảng {table_number}, dòng {r}, ô {c}, đoạn {k}",
                                            (table_number, r, c))

    def view(self, p: Any, where: str, cell: tuple[int, int, int] | None = None) -> ParaView:
        chain = self.styles.paragraph_chain(p)
        view = ParaView(p, where, cell)
        view.align = _attr(chain, "w:jc", "w:val") or "left"
        view.first_line_cm = _number(_attr(chain, "w:ind", "w:firstLine"), "w:ind/w:firstLine", where) / TWIPS_PER_CM
        view.before_pt = _number(_attr(chain, "w:spacing", "w:before"), "w:spacing/w:before", where) / 20
        view.after_pt = _number(_attr(chain, "w:spacing", "w:after"), "w:spacing/w:after", where) / 20
        rule = _attr(chain, "w:spacing", "w:lineRule") or "auto"
        line = _attr(chain, "w:spacing", "w:line")
        view.line = (_number(line, "w:spacing/w:line", where) / 240 if line else 1.0) if rule == "auto" else None
        view.top_border, view.bottom_border = _border(chain, "top"), _border(chain, "bottom")
        for r in p.iter(qn("w:r")):
            text = "".join(t.text or "" if t.tag == qn("w:t") else "\t" if t.tag == qn("w:tab") else "\n"
                           for t in r if t.tag in (qn("w:t"), qn("w:tab"), qn("w:br")))
            runs = self.styles.run_chain(r, p)
            size = _attr(runs, "w:sz", "w:val")
            view.runs.append(RunView(text, _number(size, "w:sz", where) / 2 if size else None, _on(runs, "w:b"),
                                     _on(runs, "w:i"),
                                     self.styles.font(runs)))
        return view

    def header_paragraphs(self) -> Iterator[tuple[int, str, ParaView]]:
        """(section number, kind, paragraph) of every header paragraph: kind is "đầu trang" or
        "đầu trang thứ nhất"."""
        for number, section in enumerate(self.doc.sections, 1):
            for kind, header in (("đầu trang", section.header), ("đầu trang thứ nhất", section.first_page_header)):
                if header.is_linked_to_previous and number > 1:
                    continue
                for k, p in enumerate(header._element.iter(qn("w:p")), 1):
                    yield number, kind, self.view(p, f"{kind} của phần {number} (section), đoạn {k}")


def page_field(paragraph: Any) -> bool:
    """Whether a paragraph element holds a PAGE field (complex or simple)."""
    instructions = "".join(t.text or "" for t in paragraph.iter(qn("w:instrText")))
    simple = " ".join(f.get(qn("w:instr")) or "" for f in paragraph.iter(qn("w:fldSimple")))
    return bool(re.search(r"\bPAGE\b", instructions + " " + simple))
