"""What a secretary sees on the page (issue 19): the shipped documents laid out by LibreOffice, read back
page by page (pdftotext -layout), and the DOCX where the layout is decided."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from .conftest import laid_out_pdfs
from .conftest import page_texts as pages
from .test_pledge import columns_of, grid_of, render, with_members

SHIPPED = ["bao_cao", "giao_uoc", "giao_uoc_da_ky", "ke_hoach_hoat_dong", "ke_hoach_hoi_nghi", "cong_van",
           "cong_van_rieng"]


@pytest.fixture(scope="module")
def laid_out(rendered: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every shipped document (and each province's report) as LibreOffice lays it out, in one process."""
    paths = {name: rendered[name] for name in SHIPPED}
    paths.update({f"tinh/{p.stem}": p for p in sorted(rendered["bao_cao_tinh_thu_muc"].glob("*.docx"))})
    return laid_out_pdfs(paths, tmp_path_factory.mktemp("laid-out"))


def footnotes_of(path: Path) -> str:
    import re
    import zipfile

    with zipfile.ZipFile(path) as package:
        if "word/footnotes.xml" not in package.namelist():
            return ""
        xml = package.read("word/footnotes.xml").decode("utf-8")
    return "\n".join(re.sub(r"<[^>]+>", "", part) for part in xml.split("</w:p>"))


def lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


# ------------------------------------------------------------------ 1. the pledge's signatures


@pytest.mark.parametrize("name", ["giao_uoc", "giao_uoc_da_ky"])
def test_pledge_signatures_stand_under_its_text_on_one_page(laid_out: dict[str, Path], name: str) -> None:
    """Three pages, signed or not; every page with a signature holds text of the agreement above the first
    one; all seven signers on one page (no row split, no signer alone)."""
    found = pages(laid_out[name])
    assert len(found) == 3
    with_signatures = [i for i, page in enumerate(found) if "TM. ỦY BAN" in page]
    assert with_signatures == [2]
    page = lines(found[2])
    first = next(i for i, line in enumerate(page) if line.startswith("TM. ỦY BAN"))
    above = " ".join(page[1:first])  # the page number first
    assert "Giao ước thi đua năm 2024 có hiệu lực kể từ ngày ký" in above
    names = ["Nguyễn Văn Dũng", "Lò Văn Bình", "Lường Văn An", "Tống Thanh Hà", "Hoàng Văn Giang",
             "Nông Thị Hạnh", "Vi Văn Khánh"]
    assert all(n in found[2] for n in names)


def test_grid_shape_is_measured_from_the_page(tmp_path: Path) -> None:
    """Every cell holds "TM. ỦY BAN NHÂN DÂN" whole on its line (issue 27): a third of the line does at 13 pt, a
    quarter never, so seven members take three rows of 3, 3 and 1 with or without seals beside the signatures,
    five two rows; the locality comes on the next line."""
    def grid(count: int, images: bool):  # type: ignore[no-untyped-def]
        folder = tmp_path / f"{count}-{images}-{len(list(tmp_path.iterdir()))}"
        folder.mkdir(exist_ok=True)
        return grid_of(Document(str(render(folder, with_members(count, signed=images)))))

    for count, images, rows in ((7, False, 3), (7, True, 3), (5, False, 2)):
        table = grid(count, images)
        assert columns_of(table) == 3 and len(table.rows) == rows, (count, images)
        assert 'w:sz w:val="26"' in table._tbl.xml  # 13 pt: at 14 pt "TM. ỦY BAN NHÂN DÂN" needs 5.7 cm
        for cell in table._cells:
            lines = [p.text for p in cell.paragraphs if p.text]
            if lines:
                assert lines[0] == "TM. ỦY BAN NHÂN DÂN" and lines[1].startswith("TỈNH "), lines


# ------------------------------------------------------------------ 10. one number rule


def test_one_number_rule_in_every_document(rendered: dict[str, Path]) -> None:
    """Thousands grouped everywhere (the body's "382/1.059" as in Phụ lục I), a percentage with the decimals its
    data has, and a whole one without ",0" ("67%", "7%"; "100" in a table's share column)."""
    import re

    from .conftest import all_text

    paths = [rendered[name] for name in SHIPPED] + sorted(rendered["bao_cao_tinh_thu_muc"].glob("*.docx"))
    for path in paths:
        text = all_text(Document(str(path))) + footnotes_of(path)
        dates = re.sub(r"\d{1,2}/\d{1,2}/\d{4}", "", text)
        long = [n for n in re.findall(r"(?<![\d.,/-])\d{4,}(?![\d/-])", dates) if not 1945 <= int(n) <= 2035]
        assert long == [], (path.name, long)  # a number of four digits or more is grouped ("1.059")
        assert re.findall(r"\d,0+%", text) == [], path.name
    report = all_text(Document(str(rendered["bao_cao"]))) + footnotes_of(rendered["bao_cao"])
    assert "toàn Cụm có 382/1.059 xã đạt chuẩn nông thôn mới" in report
    assert "tỉnh Lạng Sơn thu ngân sách 7.293,1 tỷ đồng, đạt 95,2% kế hoạch" in report
    assert "tỉnh Điện Biên 7,1%; tỉnh Lạng Sơn 7%" in report
    share_column = [row.cells[6].text for t in Document(str(rendered["bao_cao"])).tables for row in t.rows
                    if len(row.cells) > 6 and row.cells[1].text == "Huân, Huy chương kháng chiến"]
    assert share_column == ["100"]


# ------------------------------------------------------------------ 4. each province's own report


def test_province_reports_signature_theme_and_appendix(rendered: dict[str, Path], laid_out: dict[str, Path]) -> None:
    """The signer's block stands with the closing sentence, with its room to sign and a name line to fill in;
    no blank page before the appendix; the theme is a sentence; the appendix table spans the landscape page."""
    from tdkt_docgen import nd30

    provinces = [n for n in laid_out if n.startswith("tinh/")]
    assert len(provinces) == 7
    for name in provinces:
        found = pages(laid_out[name])
        assert all(len(lines(page)) > 1 for page in found), name  # more than a page number on every page
        signed = [page for page in found if "TM. ỦY BAN NHÂN DÂN" in page]
        assert len(signed) == 1 and "Trên đây là báo cáo tổng kết" in signed[0], name
        block = lines(signed[0].split("TM. ỦY BAN NHÂN DÂN")[1])
        assert "[Họ và tên người ký]" in block[-1], name  # the name's line, last on the page, after the room
    doc = Document(str(rendered["bao_cao_tinh"]))  # Lai Châu
    texts = [p.text for p in doc.paragraphs]
    assert ("Ủy ban nhân dân tỉnh Lai Châu đã phát động phong trào thi đua năm 2023 với chủ đề “Thi đua thực hiện "
            "thắng lợi nhiệm vụ phát triển kinh tế, xã hội năm 2023”.") in texts
    room = [p for p in doc.tables[-2].rows[0].cells[1].paragraphs if p.style.name == "Chỗ ký"]
    assert len(room) == 1
    appendix = doc.tables[-1]
    assert abs(sum(c.width.cm for c in appendix.rows[0].cells) - nd30.LANDSCAPE_TEXT_WIDTH_CM) < 0.05


# ------------------------------------------------------------------ 2 and 8. tables and the space around them


def test_phụ_lục_ii_second_table_whole_under_its_title(rendered: dict[str, Path], laid_out: dict[str, Path]) -> None:
    """The direct workers' table stands whole on one page with its title and total row; its title stands
    clear of the table above it."""
    from docx.shared import Pt

    found = pages(laid_out["bao_cao"])
    title = "TỶ LỆ KHEN THƯỞNG TẬP THỂ NHỎ, NGƯỜI LAO ĐỘNG TRỰC TIẾP THEO TỈNH"
    page = next(p for p in found if title in p)
    after = page.split(title)[1]
    assert all(name in after for name in ("Sơn La", "Điện Biên", "Lai Châu", "Lào Cai", "Hà Giang", "Cao Bằng",
                                          "Lạng Sơn", "Tổng cộng"))
    doc = Document(str(rendered["bao_cao"]))
    paragraph = next(p for p in doc.paragraphs if p.text == title)
    assert paragraph._p.getprevious().tag.endswith("}tbl")
    assert paragraph.paragraph_format.space_before >= Pt(12)
    table = doc.tables[-1]
    kept = [all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs) for row in table.rows]
    assert kept[:2] == [True, True] and kept[-2:] == [True, False]  # its title, header and first rows together


def test_space_under_the_summary_rule_and_after_tables(rendered: dict[str, Path]) -> None:
    """Decree 30 spacing: the body starts clear of the rule under the summary; whatever follows a table (a
    heading in the pledge, a title in Phụ lục II) starts 12 pt below it."""
    from docx.shared import Pt

    for name in SHIPPED:
        doc = Document(str(rendered[name]))
        rules = [p for p in doc.paragraphs if p.style.name == "Kẻ dưới trích yếu"]
        for rule in rules:
            assert rule.style.paragraph_format.space_after >= Pt(12), name
        body = doc.element.body
        for tbl in body.iterchildren("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tbl"):
            following = tbl.getnext()
            if following is None or not following.tag.endswith("}p") or tbl.getprevious() is None:
                continue
            paragraph = next(p for p in doc.paragraphs if p._p is following)
            text = "".join(following.itertext()).strip()
            if not text or paragraph.style.name in ("Nơi nhận",):
                continue
            before = paragraph.paragraph_format.space_before or paragraph.style.paragraph_format.space_before
            assert before is not None and before >= Pt(12), (name, text[:40])


# ------------------------------------------------------------------ 6. no page left half empty by our keeps


def test_nothing_but_a_hairline_between_closing_sentence_and_signature(rendered: dict[str, Path]) -> None:
    """The paragraph that keeps the signature table apart from the text (and the one ending a section before
    an appendix) is 1 pt high: it neither pushes the signature onto the next page nor makes a blank page."""
    from docx.shared import Pt

    for name in ("bao_cao", "ke_hoach_hoat_dong", "ke_hoach_hoi_nghi", "cong_van", "bao_cao_tinh"):
        doc = Document(str(rendered[name]))
        signature = next(t for t in doc.tables if "Nơi nhận" in t.rows[0].cells[0].text)
        spacer = signature._tbl.getprevious()
        after = signature._tbl.getnext()
        for element in (spacer, after) if after is not None and after.tag.endswith("}p") else (spacer,):
            paragraph = next(p for p in doc.paragraphs if p._p is element)
            if paragraph.text:
                continue
            assert paragraph.paragraph_format.line_spacing == Pt(1), name
