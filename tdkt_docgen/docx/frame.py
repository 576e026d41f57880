"""The Decree 30 frame, drawn once with python-docx: styles, header table, title, signature block,
page numbers and appendix sections. Template bodies (``templates/build.py``) are written on top of it.

All sizes come from ``nd30``; nothing here decides a layout rule of its own.
"""

from __future__ import annotations

import datetime as dt

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from .. import nd30

# OOXML sequences: the elements that must come after the one we insert (Word refuses other orders).
AFTER_P_BDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
               "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
               "w:rPr", "w:sectPr", "w:pPrChange")
AFTER_R_SHD = ("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
               "w:oMath")
AFTER_TBL_CELL_MAR = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
AFTER_PG_NUM_TYPE = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
                     "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "both": WD_ALIGN_PARAGRAPH.JUSTIFY}


# ------------------------------------------------------------------ document and styles


def new_document() -> DocxDocument:
    """An empty A4 document with the decree's margins, font and named styles."""
    doc = Document()
    _setup_section(doc.sections[0], landscape=False)
    _setup_defaults(doc)
    for style in nd30.STYLES.values():
        _add_style(doc, style)
    for name in nd30.RULES:
        _add_rule_style(doc, name)
    props = doc.core_properties
    props.author = props.last_modified_by = "tdkt-docgen"
    props.created = props.modified = dt.datetime(2024, 1, 1)
    props.revision = 1
    return doc


def _setup_defaults(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = nd30.FONT
    normal.font.size = Pt(nd30.BODY_PT)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), nd30.FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    rpr.append(lang)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    for name, size in (("footnote text", 12), ("footnote reference", None)):
        _footnote_style(doc, name, size)
    _placeholder_style(doc)


def _placeholder_style(doc: DocxDocument) -> None:
    """The character style of "to be written" placeholders: italic on a yellow shading. Word takes no
    highlighting in a style (``w:highlight`` there fails the schema), but a shading it does, and so does
    LibreOffice; ``w:val`` is required (docxtpl's own ``highlight`` leaves it out, which LibreOffice shows
    black)."""
    style = doc.styles.add_style(nd30.PLACEHOLDER_STYLE, WD_STYLE_TYPE.CHARACTER)
    style.element.set(qn("w:styleId"), nd30.PLACEHOLDER_STYLE_ID)
    style.font.italic = True
    shading = OxmlElement("w:shd")
    for attr, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", nd30.PLACEHOLDER_FILL)):
        shading.set(qn(attr), value)
    style.element.get_or_add_rPr().insert_element_before(shading, *AFTER_R_SHD)


def _footnote_style(doc: DocxDocument, name: str, size: float | None) -> None:
    kind = WD_STYLE_TYPE.PARAGRAPH if size else WD_STYLE_TYPE.CHARACTER
    style = doc.styles.add_style(name, kind)
    style.element.set(qn("w:styleId"), "FootnoteText" if size else "FootnoteReference")
    if size:
        style.base_style = doc.styles["Normal"]
        style.font.size = Pt(size)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        style.paragraph_format.first_line_indent = Cm(1.0)
        style.paragraph_format.space_after = Pt(2)
    else:
        style.font.superscript = True


def _add_style(doc: DocxDocument, spec: nd30.Style) -> None:
    style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    font = style.font
    font.name, font.size, font.bold, font.italic = nd30.FONT, Pt(spec.size), spec.bold, spec.italic
    fmt = style.paragraph_format
    fmt.alignment = ALIGN[spec.align]
    fmt.first_line_indent = Cm(spec.first_line_cm) if spec.first_line_cm else None
    fmt.space_before, fmt.space_after = Pt(spec.before_pt), Pt(spec.after_pt)
    if spec.exact_height_cm:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Cm(spec.exact_height_cm)
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE if spec.line != 1 else WD_LINE_SPACING.SINGLE
        fmt.line_spacing = spec.line
    fmt.keep_with_next = spec.keep_with_next
    fmt.widow_control = True


def _add_rule_style(doc: DocxDocument, name: str) -> None:
    """A thin paragraph whose top border is the rule; ``finish`` sets its indents to size the rule."""
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size = Pt(2)
    fmt = style.paragraph_format
    fmt.space_before = Pt(nd30.RULE_BEFORE_PT[name])
    fmt.space_after = Pt(nd30.RULE_AFTER_PT.get(name, 0))
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(2)
    ppr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for attr, value in (("w:val", "single"), ("w:sz", str(int(nd30.RULE_WEIGHT_PT * 8))),
                        ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(attr), value)
    borders.append(top)
    ppr.insert_element_before(borders, *AFTER_P_BDR)


# Styles the renderer writes by id into every document (footnotes, placeholders, tables).
RENDER_STYLE_IDS = ("FootnoteText", "FootnoteReference", nd30.PLACEHOLDER_STYLE_ID, "TableGrid")
# Parts of python-docx's default template that no document needs: Word 2010's duplicate styles, a
# thumbnail of another document, an empty bibliography store.
UNUSED_RELATIONSHIPS = ("stylesWithEffects", "customXml", "thumbnail")


def slim_package(doc: DocxDocument) -> None:
    """Drop what python-docx's default template carries and no document uses: its ~160 unused built-in
    styles (360 KB of styles.xml) and the parts above. Each document is then opened, saved and
    compressed without them (the templates shrink from ~45 KB to ~15 KB). Word still offers every
    built-in style: they come back from its latent styles when used."""
    styles = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    used = set(RENDER_STYLE_IDS) | {i for i, s in by_id.items() if s.get(qn("w:default")) == "1"}
    used |= {s.style_id for s in doc.styles if s.name in nd30.STYLES or s.name in nd30.RULES}
    parts = [doc.part, *(rel.target_part for rel in doc.part.rels.values()
                         if rel.reltype.endswith(("/header", "/footer")))]
    for part in parts:
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            used |= {e.get(qn("w:val")) for e in part.element.iter(qn(tag))}
    pending = list(used)
    while pending:  # and the styles these are based on or linked to
        style = by_id.get(pending.pop())
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(tag)) if style is not None else None
            if ref is not None and ref.get(qn("w:val")) not in used:
                used.add(ref.get(qn("w:val")))
                pending.append(ref.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in used:
            styles.remove(style)
    for owner in (doc.part, doc.part.package):
        for r_id, rel in list(owner.rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in UNUSED_RELATIONSHIPS:
                owner.rels.pop(r_id)


# ------------------------------------------------------------------ sections and page numbers


def _setup_section(section: Section, landscape: bool) -> None:
    width, height = Mm(nd30.PAGE_WIDTH_MM), Mm(nd30.PAGE_HEIGHT_MM)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    margins = nd30.MARGIN_MM
    section.top_margin, section.bottom_margin = Mm(margins["top"]), Mm(margins["bottom"])
    section.left_margin, section.right_margin = Mm(margins["left"]), Mm(margins["right"])
    section.header_distance = Mm(nd30.HEADER_DISTANCE_MM)
    section.footer_distance = Mm(nd30.HEADER_DISTANCE_MM)
    section.different_first_page_header_footer = True  # no number on the first page


def _section_break_paragraph(doc: DocxDocument) -> None:
    """The empty paragraph that ends the previous section is a hairline: after a signature table at the foot
    of a page it would otherwise need a line of its own and leave a blank page before the appendix."""
    breaks = [p for p in doc.element.body.iter(qn("w:p")) if p.find(qn("w:pPr")) is not None
              and p.find(qn("w:pPr")).find(qn("w:sectPr")) is not None]
    _hairline(Paragraph(breaks[-1], doc.part))


def _hairline(paragraph: Paragraph) -> None:
    """An empty paragraph 1 pt high: it separates, but takes no line of the page."""
    fmt = paragraph.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)
    mark = paragraph._p.get_or_add_pPr()
    props = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    props.append(size)
    mark.insert_element_before(props, "w:sectPr", "w:pPrChange")


def add_page_numbers(section: Section) -> None:
    """A PAGE field centred in the header from the second page on."""
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = "Số trang"
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "2"), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            element = OxmlElement("w:t")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
    section.first_page_header.is_linked_to_previous = False


def new_appendix_section(doc: DocxDocument) -> Section:
    """A landscape section whose pages are numbered from 1 again (Phụ lục numbered on its own)."""
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _section_break_paragraph(doc)
    shape_section(section, landscape=True, restart_numbers=True)
    add_page_numbers(section)
    return section


def shape_section(section: Section, *, landscape: bool, restart_numbers: bool) -> None:
    """A section's page (A4 portrait or landscape, the decree's margins) and, for an appendix, its page
    numbers from 1 again."""
    _setup_section(section, landscape=landscape)
    if not restart_numbers:
        return
    number_type = section._sectPr.find(qn("w:pgNumType"))  # a new section copies the one before it
    if number_type is None:
        number_type = OxmlElement("w:pgNumType")
        section._sectPr.insert_element_before(number_type, *AFTER_PG_NUM_TYPE)
    number_type.set(qn("w:start"), "1")


# ------------------------------------------------------------------ paragraphs and tables


def para(container: DocxDocument | _Cell, style: str, *texts: str) -> Paragraph:
    """A paragraph in a named style; each text becomes its own run (Jinja tags stay whole)."""
    paragraph = container.add_paragraph(style=style)
    for text in texts:
        paragraph.add_run(text)
    return paragraph


def _first_para(cell: _Cell, style: str, *texts: str) -> Paragraph:
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    for text in texts:
        paragraph.add_run(text)
    return paragraph


def borderless_table(doc: DocxDocument, widths_cm: list[float]) -> Table:
    table = doc.add_table(rows=1, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    set_widths(table, widths_cm)
    set_cell_margins(table, nd30.CELL_MARGIN_CM)
    return table


def set_widths(table: Table, widths_cm: list[float] | tuple[float, ...]) -> None:
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for tr in table._tbl.tr_lst:  # on the XML: python-docx's row.cells walks the whole table each time
        for tc, width in zip(tr.tc_lst, widths_cm, strict=True):
            tc.width = Cm(width)
    table.autofit = False  # <w:tblLayout w:type="fixed"/>, in its place


def set_cell_margins(table: Table, cm: float, vertical: bool = False) -> None:
    """The cells' padding: left and right, and top and bottom too when ``vertical``."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right") if vertical else ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(Cm(cm).twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, *AFTER_TBL_CELL_MAR)


def keep_row_together(table: Table) -> None:
    for row in table.rows:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))


# ------------------------------------------------------------------ the frame's fixed parts


def add_header(doc: DocxDocument, *, cong_van: bool = False) -> None:
    """Ô 1–4 in a borderless table of two rows, so "Số:" and the date always stand level:
    issuing body and its rule | Quốc hiệu, Tiêu ngữ and its rule; "Số:" (and "V/v" for a letter) | date."""
    left = nd30.HEADER_LEFT_CM
    table = borderless_table(doc, [left, nd30.TEXT_WIDTH_CM - left])
    body, motto = table.rows[0].cells
    _first_para(body, "Cơ quan chủ quản", "{%p if co_quan_chu_quan %}")
    para(body, "Cơ quan chủ quản", "{{ co_quan_chu_quan }}")
    para(body, "Cơ quan chủ quản", "{%p endif %}")
    para(body, "Cơ quan ban hành", "{{ co_quan_ban_hanh }}")
    para(body, "Kẻ dưới cơ quan")
    _first_para(motto, "Quốc hiệu", nd30.QUOC_HIEU)
    para(motto, "Tiêu ngữ", nd30.TIEU_NGU)
    para(motto, "Kẻ dưới tiêu ngữ")
    number, date = table.add_row().cells
    _first_para(number, "Số ký hiệu", "{{ so_ky_hieu }}")
    if cong_van:
        para(number, "Trích yếu công văn", "{{ trich_yeu }}")
    _first_para(date, "Địa danh ngày", "{{ dia_danh_ngay }}")
    para(date, "Dự thảo", "{% if du_thao %}DỰ THẢO{% endif %}")


def add_title(doc: DocxDocument) -> None:
    """Ô 5a: the document type name, its summary, and the rule under the summary."""
    para(doc, "Tên loại", "{{ ten_loai }}")
    para(doc, "Trích yếu", "{{ trich_yeu }}")
    para(doc, "Kẻ dưới trích yếu")


def add_kinh_gui(doc: DocxDocument) -> None:
    """ "Kính gửi:" (ô 9a): one recipient centred on its line, or several as "- …;" lines (``finish``
    aligns them under the colon)."""
    para(doc, "Kính gửi", "{%p if kinh_gui.mot %}")
    para(doc, "Kính gửi", nd30.KINH_GUI + " {{ kinh_gui.mot }}")
    para(doc, "Kính gửi", "{%p endif %}")
    add_lines(doc, "Kính gửi - mục", "kinh_gui.dong")


def add_lines(container: DocxDocument | _Cell, style: str, expression: str) -> None:
    """One paragraph in ``style`` per text of the list ``expression``."""
    para(container, style, f"{{%p for dong in {expression} %}}")
    para(container, style, "{{ dong }}")
    para(container, style, "{%p endfor %}")


def add_signature(doc: DocxDocument) -> None:
    """Ô 7 and 9b: "Nơi nhận" left, the signer's authority, signature space and name right."""
    if doc.paragraphs:  # the closing sentence goes with the signature: no page holds a signature alone
        doc.paragraphs[-1].paragraph_format.keep_with_next = True
    spacer = para(doc, "Nội dung")  # a table right after a table would join it in Word
    spacer.paragraph_format.keep_with_next = True
    _hairline(spacer)  # and a blank line here would push the signature down, or onto the next page
    left = nd30.SIGNATURE_LEFT_CM
    table = borderless_table(doc, [left, nd30.TEXT_WIDTH_CM - left])
    keep_row_together(table)
    recipients, signer = table.rows[0].cells
    _first_para(recipients, "Nơi nhận", "Nơi nhận:")
    add_lines(recipients, "Nơi nhận - mục", "noi_nhan")
    add_lines(signer, "Chức vụ người ký", "nguoi_ky.dong")
    signer._tc.remove(signer.paragraphs[0]._p)  # the cell's own empty first paragraph
    para(signer, "Chỗ ký")
    para(signer, "Chức vụ người ký", "{{ nguoi_ky.chuc_danh }}")
    para(signer, "Họ tên người ký", "{{ nguoi_ky.ho_ten }}")
    for paragraph in signer.paragraphs:
        paragraph.paragraph_format.keep_with_next = True
