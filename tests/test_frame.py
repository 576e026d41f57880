"""The Decree 30 frame, checked the same way on every document the bundled templates produce."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from tdkt_docgen import nd30
from tdkt_docgen.docx import frame

from .conftest import all_text, header_columns

DOCUMENTS = ["bao_cao", "giao_uoc", "giao_uoc_da_ky", "dang_ky", "ke_hoach_hoat_dong", "ke_hoach_hoi_nghi",
             "cong_van", "cong_van_rieng", "bao_cao_tinh", "van_ban", "van_ban_kinh_gui"]
LETTERS = {"cong_van", "cong_van_rieng"}  # no title line: "V/v …" stands under the number


@pytest.fixture(params=DOCUMENTS)
def document(request: pytest.FixtureRequest, rendered: dict[str, Path]):  # type: ignore[no-untyped-def]
    doc = Document(str(rendered[request.param]))
    doc.is_letter = request.param in LETTERS
    return doc


def near(a: int, b: int) -> bool:  # lengths are stored in twips
    return abs(a - b) < Mm(0.1)


def test_page_size_margins_and_numbers(document) -> None:  # type: ignore[no-untyped-def]
    first = document.sections[0]
    assert near(first.page_width, Mm(210)) and near(first.page_height, Mm(297))
    assert near(first.left_margin, Mm(30)) and near(first.right_margin, Mm(15)) and near(first.top_margin, Mm(20))
    assert first.different_first_page_header_footer  # no number on page 1
    header_xml = first.header._element.xml
    assert "PAGE" in header_xml and 'w:fldCharType="begin"' in header_xml
    assert first.header.paragraphs[0].alignment in (None, WD_ALIGN_PARAGRAPH.CENTER)
    assert first.header.paragraphs[0].style.name == "Số trang"
    assert not first.first_page_header.paragraphs[0].text


def test_styles_follow_decree_30(document) -> None:  # type: ignore[no-untyped-def]
    styles = document.styles
    body = styles["Nội dung"]
    assert body.font.name == "Times New Roman" and body.font.size == Pt(14)
    assert body.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(body.paragraph_format.first_line_indent - Cm(1)) < Cm(0.01)
    assert body.paragraph_format.space_after >= Pt(6)
    assert 1 <= body.paragraph_format.line_spacing <= 1.5
    expect = {"Quốc hiệu": (13, True, False), "Tiêu ngữ": (14, True, False), "Cơ quan ban hành": (13, True, False),
              "Cơ quan chủ quản": (13, False, False), "Địa danh ngày": (14, False, True),
              "Tên loại": (14, True, False), "Trích yếu": (14, True, False), "Nơi nhận": (12, True, True),
              "Nơi nhận - mục": (11, False, False), "Chức vụ người ký": (14, True, False),
              "Họ tên người ký": (14, True, False), "Kèm theo": (14, False, True), "Phụ lục": (14, True, False),
              "Căn cứ": (14, False, True)}
    for name, (size, bold, italic) in expect.items():
        font = styles[name].font
        assert (font.size, bool(font.bold), bool(font.italic)) == (Pt(size), bold, italic), name
    assert styles["Normal"].font.name == "Times New Roman"


def test_header_and_title(document) -> None:  # type: ignore[no-untyped-def]
    left, right = header_columns(document)
    assert [p.text for p in right][:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    issuer = next(p for p in left if p.style.name == "Cơ quan ban hành")
    assert issuer.text and issuer.text == issuer.text.upper()
    date = next(p for p in right if p.style.name == "Địa danh ngày")
    assert ", ngày " in date.text and " năm 20" in date.text
    number, date_cell = document.tables[0].rows[1].cells  # "Số:" and the date share a row: always level
    assert date.text in date_cell.text
    if document.is_letter:
        assert not [p for p in document.paragraphs if p.style.name in ("Tên loại", "Trích yếu")]
        summary = next(p for p in number.paragraphs if p.style.name == "Trích yếu công văn")
        assert summary.text.startswith("V/v ") and document.styles["Trích yếu công văn"].font.size == Pt(12)
        return
    title = next(p for p in document.paragraphs if p.style.name == "Tên loại")
    assert title.text and title.text == title.text.upper()
    summary = next(p for p in document.paragraphs if p.style.name == "Trích yếu")
    assert summary.text and summary.text[0].isupper()


def test_rules_are_sized_and_centred(document) -> None:  # type: ignore[no-untyped-def]
    left, right = document.tables[0].rows[0].cells
    rule = next(p for p in left.paragraphs if p.style.name == "Kẻ dưới cơ quan")
    motto_rule = next(p for p in right.paragraphs if p.style.name == "Kẻ dưới tiêu ngữ")
    fmt = rule.paragraph_format
    assert fmt.left_indent == fmt.right_indent and fmt.left_indent > Cm(1)
    issuer = next(p for p in left.paragraphs if p.style.name == "Cơ quan ban hành")
    longest = max(nd30.text_width_cm(line, 13, True) for line in issuer.text.split("\n"))
    rule_length = left.width.cm - 0.2 - 2 * fmt.left_indent.cm
    assert abs(rule_length - 0.4 * longest) < 0.05  # 2/5 of the issuer's longest line, centred under it
    motto_length = right.width.cm - 0.2 - 2 * motto_rule.paragraph_format.left_indent.cm
    assert 5.7 < motto_length < 6.3  # "Độc lập - Tự do - Hạnh phúc" at 14 pt bold is ~6.05 cm
    if not document.is_letter:
        summary_rule = next(p for p in document.paragraphs if p.style.name == "Kẻ dưới trích yếu")
        assert summary_rule.paragraph_format.left_indent > Cm(3)


def test_signers_names_are_bold_under_upper_case_authority(document) -> None:  # type: ignore[no-untyped-def]
    cells = [c for t in document.tables for row in t.rows for c in row.cells
             if any(p.style.name == "Chỗ ký" for p in c.paragraphs)]
    assert cells
    for cell in cells:
        authority = [p.text for p in cell.paragraphs if p.style.name == "Chức vụ người ký" and p.text]
        assert authority and all(line == line.upper() for line in authority)
        assert authority[0].startswith(("TM. ", "KT. ", "TL. ", "TUQ. ", "Q. ")) or len(authority) == 1
        assert cell.paragraphs[-1].style.name == "Họ tên người ký" and cell.paragraphs[-1].text


def test_no_leftovers(document) -> None:  # type: ignore[no-untyped-def]
    text = all_text(document)
    for leftover in ("{{", "}}", "{%", "%}", "None", "⟦"):
        assert leftover not in text


def test_closing_sentence_keeps_with_the_signature(document) -> None:  # type: ignore[no-untyped-def]
    from docx.text.paragraph import Paragraph

    signature = next((t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:")), None)
    if signature is None:
        pytest.skip("no single-signer block (the pledge has its grid)")
    before = signature._tbl.getprevious()
    spacer = Paragraph(before, document)
    assert spacer.text == "" and spacer.paragraph_format.keep_with_next
    if before.getprevious().tag == qn("w:p"):  # a closing sentence (the registration form ends on its table)
        closing = Paragraph(before.getprevious(), document)
        assert closing.text.endswith(".") and closing.paragraph_format.keep_with_next  # no lone signature page


def test_shading_is_valid(document) -> None:  # type: ignore[no-untyped-def]
    for part in (document.element.body, document.styles.element):
        assert all(shd.get(qn("w:val")) for shd in part.iter(qn("w:shd")))  # required (Word, LibreOffice)


def _schema_sequences() -> dict[str, tuple[str, ...]]:
    """The child order of each python-docx element class, read from python-docx's own ``_tag_seq`` tuples
    (the OOXML schema's sequences; the classes delete the attribute after use, so the source is read)."""
    import ast
    import inspect

    import docx.oxml.section
    import docx.oxml.settings
    import docx.oxml.styles
    import docx.oxml.table
    import docx.oxml.text.font
    import docx.oxml.text.parfmt

    sequences: dict[str, tuple[str, ...]] = {}
    for module in (docx.oxml.section, docx.oxml.settings, docx.oxml.styles, docx.oxml.table, docx.oxml.text.font,
                   docx.oxml.text.parfmt):
        for node in ast.walk(ast.parse(inspect.getsource(module))):
            if isinstance(node, ast.ClassDef):
                for statement in node.body:
                    if (isinstance(statement, ast.Assign) and getattr(statement.targets[0], "id", "") == "_tag_seq"
                            and isinstance(statement.value, ast.Tuple)):
                        sequences[node.name] = tuple(e.value for e in statement.value.elts)  # type: ignore[attr-defined]
    return sequences


SEQUENCES = _schema_sequences()


def test_elements_in_schema_order(document) -> None:  # type: ignore[no-untyped-def]
    """Word refuses a document whose property elements are out of the schema's order or repeated."""
    from docx.oxml.ns import nsmap

    def short(tag: str) -> str:
        namespace, _, local = tag[1:].partition("}")
        prefix = next((p for p, uri in nsmap.items() if uri == namespace), namespace)
        return f"{prefix}:{local}"

    parts = [document.element, document.styles.element, document.settings.element]
    parts += [s.header._element for s in document.sections] + [s.first_page_header._element for s in document.sections]
    checked = 0
    for root in parts:
        for element in root.iter():
            sequence = SEQUENCES.get(type(element).__name__)
            if not sequence:
                continue
            order = [sequence.index(short(c.tag)) for c in element if short(c.tag) in sequence]
            assert order == sorted(order), f"{short(element.tag)}: {[short(c.tag) for c in element]}"
            if type(element).__name__ in ("CT_PPr", "CT_RPr", "CT_TblPr", "CT_TrPr", "CT_TcPr", "CT_SectPr"):
                assert len(order) == len(set(order)), f"{short(element.tag)} repeats a child"
            checked += 1
    assert checked > 100


def test_every_style_in_the_package_is_used_or_ours(document) -> None:  # type: ignore[no-untyped-def]
    """python-docx's default template brings ~160 unused built-in styles and parts that every document
    would carry and every batch would re-save; the shipped templates keep only the styles some part of the
    document uses, our own, the defaults, those the renderer may write, and what these are based on or
    linked to."""
    package = document.part.package
    parts = {p.partname for p in package.iter_parts()}
    assert not parts & {"/word/stylesWithEffects.xml", "/docProps/thumbnail.jpeg", "/customXml/item1.xml"}
    styles = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}
    keep = {i for i, s in styles.items()
            if s.find(qn("w:name")).get(qn("w:val")) in {*nd30.STYLES, *nd30.RULES} or s.get(qn("w:default")) == "1"}
    keep |= set(frame.RENDER_STYLE_IDS)
    for part in package.iter_parts():
        if part.partname.endswith(".xml") and hasattr(part, "element"):
            keep |= {e.get(qn("w:val")) for tag in ("w:pStyle", "w:rStyle", "w:tblStyle")
                     for e in part.element.iter(qn(tag))}
    pending = [i for i in keep if i in styles]
    while pending:
        style = styles[pending.pop()]
        for tag in ("w:basedOn", "w:link"):
            ref = style.find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) not in keep:
                keep.add(ref.get(qn("w:val")))
                pending.append(ref.get(qn("w:val")))
    assert sorted(set(styles) - keep) == []
    assert len(styles) < 70
