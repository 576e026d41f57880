"""The page as a Vietnamese typesetter sets it (issue 27), over every shipped output: text flows and only centred
blocks are broken, by one function that keeps units and names whole; the laid-out PDF where only the page shows
it (pdftotext -layout)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from tdkt_docgen import nd30
from tdkt_docgen.cli import main
from tdkt_docgen.reference import unbreakable_words

from .conftest import DEPARTMENT_REPORT, page_texts

W_BR, W_T = qn("w:br"), qn("w:t")


def style_names(doc: Any) -> dict[str, str]:
    return {s.style_id: s.name for s in doc.styles}


def lines_of(paragraph: Any) -> list[str]:
    """A paragraph's lines as its explicit line breaks make them."""
    parts = [("\n" if e.tag == W_BR else e.text or "") for e in paragraph.iter(W_T, W_BR)]
    return "".join(parts).split("\n")


def paragraphs(doc: Any, in_tables: bool) -> list[tuple[str, Any]]:
    """(style name, paragraph element) of the body's own paragraphs, or of those in its tables."""
    names = style_names(doc)
    found = []
    for p in doc.element.body.iter(qn("w:p")):
        inside = next(p.iterancestors(qn("w:tbl")), None) is not None
        if inside == in_tables:
            found.append((names.get(p.style or "", ""), p))
    return found


def split_units(above: str, below: str) -> list[str]:
    """The unbreakable words a line end between ``above`` and ``below`` falls inside."""
    def bare(text: str) -> list[str]:
        return [w.strip(",;:.()“”\"").lower() for w in text.split()]

    tail, head = bare(above)[-4:], bare(below)[:4]
    joined = [*tail, "|", *head]
    found = []
    for phrase in unbreakable_words():
        words = phrase.split()
        for cut in range(1, len(words)):
            if joined[len(tail) - cut:len(tail)] == words[:cut] and joined[len(tail) + 1:len(tail) + 1 + len(words)
                                                                            - cut] == words[cut:]:
                found.append(phrase)
    return found


# ------------------------------------------------------------------ 1. text flows; centred blocks broken well


def test_text_and_left_aligned_headings_flow(shipped: dict[str, Path]) -> None:
    """No forced line break in a body paragraph or a left-aligned or justified heading of any shipped output (the
    cluster report had 7 of its 28 headings broken, Bắc Giang 19 of 45), and nothing asks Word to hide one."""
    for name, path in shipped.items():
        doc = Document(str(path))
        assert "doNotExpandShiftReturn" not in doc.settings.element.xml, name
        for style, p in paragraphs(doc, in_tables=False):
            if style in nd30.STYLES and nd30.STYLES[style].align in ("left", "both"):
                line_breaks = [br for br in p.iter(W_BR) if br.get(qn("w:type")) in (None, "textWrapping")]
                assert not line_breaks, (name, style, "".join(p.itertext())[:60])  # a page break is no line break


def test_centred_blocks_break_between_units(shipped: dict[str, Path]) -> None:
    """Every line break of a centred block (issuer, title, summary, part and appendix titles, signer's lines, the
    pledge's cells) falls between units: never inside "ỦY BAN NHÂN DÂN", "THỊ XÃ", "THI ĐUA - KHEN THƯỞNG", a
    place's name, and no line starts with a dash."""
    checked = 0
    for name, path in shipped.items():
        doc = Document(str(path))
        for style, p in paragraphs(doc, in_tables=False) + paragraphs(doc, in_tables=True):
            if style not in nd30.STYLES or nd30.STYLES[style].align != "center":
                continue
            lines = lines_of(p)
            for above, below in zip(lines, lines[1:], strict=False):
                checked += 1
                assert not split_units(above, below), (name, above, below)
                assert not below.lstrip().startswith(("-", "–")), (name, above, below)
    assert checked > 100


def test_issuer_signer_and_grid_lines_as_set(shipped: dict[str, Path], shipped_pdfs: dict[str, Path]) -> None:
    """The issue's cases on the laid-out page: Mường Lay's issuer over "THỊ XÃ MƯỜNG LAY", Tuần Giáo's title over
    "HUYỆN TUẦN GIÁO", every pledge cell "TM. ỦY BAN NHÂN DÂN" on its line, then the province."""
    muong_lay = page_texts(shipped_pdfs["bao_cao_cum_huyen/bao-cao-muong-lay"])[0]
    assert "ỦY BAN NHÂN DÂN" in muong_lay.splitlines()[1] or "ỦY BAN NHÂN DÂN " in muong_lay
    assert any(line.strip().startswith("THỊ XÃ MƯỜNG LAY") for line in muong_lay.splitlines())
    signature = page_texts(shipped_pdfs["bao_cao_cum_huyen"])[-1]
    assert "HUYỆN TUẦN GIÁO" in signature and not any(line.rstrip().endswith("TUẦN") for line in signature.splitlines())
    for name in ("giao_uoc", "giao_uoc-da-ky"):
        page = page_texts(shipped_pdfs[name])[-1]
        assert page.count("TM. ỦY BAN NHÂN DÂN") == 7, name
        assert not any(line.rstrip().endswith(("TM. ỦY BAN", "NHÂN")) for line in page.splitlines()), name


def test_the_headers_lines_fit_their_column(shipped: dict[str, Path], shipped_pdfs: dict[str, Path]) -> None:
    """No line the breaker sets in the header is wider than its column, so the word processor never wraps it
    again: "THÀNH PHỐ ĐIỆN BIÊN PHỦ" is too wide, set "THÀNH PHỐ" / "ĐIỆN BIÊN PHỦ" (not "… ĐIỆN BIÊN" / "PHỦ")."""
    width = nd30.HEADER_LEFT_CM - 2 * nd30.CELL_MARGIN_CM
    for name, path in shipped.items():
        for style, p in paragraphs(Document(str(path)), in_tables=True):
            if style in ("Cơ quan ban hành", "Cơ quan chủ quản"):
                spec = nd30.STYLES[style]
                for line in lines_of(p):
                    assert nd30.text_width_cm(line, spec.size, spec.bold) <= width, (name, line)
    page = page_texts(shipped_pdfs["bao_cao_cum_huyen/bao-cao-dien-bien-phu"])[0]
    assert any(line.strip().split("  ")[0] == "ĐIỆN BIÊN PHỦ" for line in page.splitlines()[:6]), page[:300]


@pytest.mark.parametrize(("body", "lines"), [
    ("Ủy ban nhân dân thị xã Mường Lay", ["ỦY BAN NHÂN DÂN", "THỊ XÃ MƯỜNG LAY"]),
    ("Ủy ban nhân dân thành phố Điện Biên Phủ", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ", "ĐIỆN BIÊN PHỦ"]),
    ("Hội đồng Thi đua - Khen thưởng tỉnh Điện Biên", ["HỘI ĐỒNG", "THI ĐUA - KHEN THƯỞNG", "TỈNH ĐIỆN BIÊN"]),
    ("UBND tỉnh Tuyên Quang", ["UBND", "TỈNH TUYÊN QUANG"]),
    ("Cụm thi đua các phường, xã khu vực trung tâm tỉnh Tuyên Quang",
     ["CỤM THI ĐUA", "CÁC PHƯỜNG, XÃ", "KHU VỰC TRUNG TÂM", "TỈNH TUYÊN QUANG"]),
    ("Cụm thi đua 7 tỉnh Miền núi Biên giới phía Bắc", ["CỤM THI ĐUA", "7 TỈNH MIỀN NÚI", "BIÊN GIỚI PHÍA BẮC"]),
])
def test_header_bodies_are_broken_between_units(body: str, lines: list[str]) -> None:
    from tdkt_docgen.kinds.common import header_lines

    assert header_lines(body, "Cơ quan ban hành").split("\n") == lines


def test_the_line_breaker_balances_and_keeps_names() -> None:
    """Fewest lines, even, after a comma or before "và"; the data's own names kept whole; a count with its noun."""
    summary = "Tổng kết phong trào thi đua, công tác khen thưởng năm 2023 và phương hướng, nhiệm vụ năm 2024"
    assert nd30.break_lines(summary, nd30.TEXT_WIDTH_CM, 14, True) == [
        "Tổng kết phong trào thi đua, công tác khen thưởng năm 2023", "và phương hướng, nhiệm vụ năm 2024"]
    assert nd30.break_lines("CHỦ TỊCH UBND HUYỆN TUẦN GIÁO", nd30.SIGNER_WIDTH_CM, 14, True) == [
        "CHỦ TỊCH UBND", "HUYỆN TUẦN GIÁO"]
    assert nd30.break_lines("TM. CỤM THI ĐUA HUYỆN NẬM PỒ MƯỜNG CHÀ", 7.5, 14, True, ["Nậm Pồ Mường Chà"]) == [
        "TM. CỤM THI ĐUA", "HUYỆN NẬM PỒ MƯỜNG CHÀ"]
    # too narrow for the locality with its name: the name is kept whole, the locality goes on the line before
    assert nd30.break_lines("TM. CỤM THI ĐUA HUYỆN NẬM PỒ MƯỜNG CHÀ", 5.0, 14, True, ["Nậm Pồ Mường Chà"])[-1] \
        == "NẬM PỒ MƯỜNG CHÀ"
    assert "7" not in [line.split()[-1] for line in nd30.break_lines(
        "CỤM THI ĐUA 7 TỈNH MIỀN NÚI BIÊN GIỚI PHÍA BẮC", 4.0, 13, True)]


def render_data(tmp_path: Path, data: dict[str, Any]) -> Path:
    source, out = tmp_path / "du-lieu.yaml", tmp_path / "van-ban.docx"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    return out


def summary_lines(path: Path) -> list[str]:
    doc = Document(str(path))
    return next(lines_of(p) for style, p in paragraphs(doc, in_tables=False) if style == "Trích yếu")


def test_a_break_typed_in_the_summary_is_kept_only_where_it_fits(tmp_path: Path) -> None:
    """A summary typed on two lines stays so when both fit; when the first is too long for the line, the summary
    is broken anew in two lines (today's output made three: the typed break and Word's own)."""
    data = yaml.safe_load(DEPARTMENT_REPORT.read_text("utf-8"))
    data["trich_yeu"] = "Tổng kết 10 năm thực hiện Chỉ thị số 34-CT/TW\nngày 07/4/2014 của Bộ Chính trị"
    assert summary_lines(render_data(tmp_path, data)) == ["Tổng kết 10 năm thực hiện Chỉ thị số 34-CT/TW",
                                                          "ngày 07/4/2014 của Bộ Chính trị"]
    data["trich_yeu"] = ("Tổng kết 10 năm thực hiện Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị về tiếp tục "
                         "đổi mới\ncông tác thi đua, khen thưởng")
    lines = summary_lines(render_data(tmp_path, data))
    assert len(lines) == 2 and all(nd30.text_width_cm(line, 14, True) < nd30.TEXT_WIDTH_CM for line in lines)


# ------------------------------------------------------------------ 3. tables as printed offices set them


def data_tables(doc: Any) -> list[Any]:
    """The data tables (bordered, "Table Grid"): not the frame's borderless header, signature and grid."""
    grid = next((s.style_id for s in doc.styles if s.name == "Table Grid"), "TableGrid")
    return [t for t in doc.tables if t._tbl.tblPr.find(qn("w:tblStyle")) is not None
            and t._tbl.tblPr.find(qn("w:tblStyle")).get(qn("w:val")) == grid]


def test_data_tables_are_padded_and_centred(shipped: dict[str, Path]) -> None:
    """Every data table of every output: text clear of the borders (0.1 cm each side, ``nd30.CELL_MARGIN_CM``,
    as the decree's tables and the seeds), centred on the line as its centred title is."""
    from docx.shared import Cm

    padding = str(int(Cm(nd30.CELL_MARGIN_CM).twips))
    checked = 0
    for name, path in shipped.items():
        for table in data_tables(Document(str(path))):
            margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
            sides = {child.tag.split("}")[1]: child.get(qn("w:w")) for child in margins}
            assert sides == dict.fromkeys(("top", "left", "bottom", "right"), padding), name
            assert table._tbl.tblPr.find(qn("w:jc")).get(qn("w:val")) == "center", name
            checked += 1
    assert checked >= 20


def test_group_rows_span_their_row(shipped: dict[str, Path]) -> None:
    """A group row's label runs across the empty cells after it (Bắc Giang's "I | Khen thưởng cấp Nhà nước")."""
    table = data_tables(Document(str(shipped["van_ban"])))[-1]
    group = next(row for row in table.rows if row.cells[0].text == "I")
    cells = group._tr.tc_lst
    assert len(cells) == 2 and cells[1].grid_span == len(table.columns) - 1
    assert "".join(t.text for t in cells[1].iter(W_T)) == "Khen thưởng cấp Nhà nước"


def cell_lines(table: Any, text: str) -> list[str]:
    """How a cell of ``table`` holding ``text`` wraps at its width, padding taken off (as LibreOffice sets it)."""
    for tc in table._tbl.iter(qn("w:tc")):
        if "".join(t.text or "" for t in tc.iter(W_T)) == text:
            width = tc.width.cm - 2 * nd30.CELL_MARGIN_CM
            size = int(tc.find(f".//{qn('w:sz')}").get(qn("w:val"))) / 2
            return nd30.wrap(text, width * nd30.FIT, size, False)
    raise AssertionError(text)


def test_columns_take_the_width_their_content_needs(shipped: dict[str, Path]) -> None:
    """Phụ lục I's long traffic cell, "Tăng 01 tiêu chí, giảm 01 tiêu chí, 01 tiêu chí bằng cùng kỳ", in three lines
    (seven before), not cut inside "tiêu chí" and no "kỳ" alone; the activity plan's "Tỉnh Lạng Sơn" not set a word a
    line; Phụ lục II's "Tập thể nhỏ, người LĐ trực tiếp" header in at most three lines (six before)."""
    report = Document(str(shipped["bao_cao_tong_ket"]))
    indicators = next(t for t in data_tables(report) if t.rows[0].cells[1].text == "Chỉ tiêu")
    ha_giang = cell_lines(indicators, "Tăng 01 tiêu chí, giảm 01 tiêu chí, 01 tiêu chí bằng cùng kỳ")
    assert len(ha_giang) <= 3 and len(ha_giang[-1].split()) > 1, ha_giang
    assert not any(line.endswith(" tiêu") for line in ha_giang), ha_giang
    plan = data_tables(Document(str(shipped["ke_hoach_hoat_dong"])))[0]
    assert cell_lines(plan, "Tỉnh Lạng Sơn") == ["Tỉnh Lạng Sơn"]
    awards = next(t for t in data_tables(report) if t.rows[0].cells[1].text == "Hình thức khen thưởng")
    assert len(cell_lines(awards, "Tập thể nhỏ, người LĐ trực tiếp")) <= 3


def test_a_tall_table_runs_on_by_rows_a_short_one_stands_whole(shipped: dict[str, Path],
                                                              shipped_pdfs: dict[str, Path]) -> None:
    """The conference programme (two pages) runs on by rows with its header repeated, its header with its first
    rows and its last two rows kept together; a registration form's table keeps every row with the next;
    Phụ lục I, a little too tall at 11 pt, is set at 10 pt on one page instead of running two rows on."""
    def kept(table: Any) -> list[bool]:
        return [any(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs) for row in table.rows]

    programme = data_tables(Document(str(shipped["ke_hoach_hoi_nghi"])))[0]
    flags = kept(programme)
    assert flags[:2] == [True, True] and flags[-2:] == [True, False] and not all(flags[2:-2])
    pages = page_texts(shipped_pdfs["ke_hoach_hoi_nghi"])
    assert sum(1 for page in pages if "Thời gian" in page and "Thực hiện" in page) == 2  # the header, repeated
    form = data_tables(Document(str(shipped["giao_uoc/dang-ky-son-la"])))[0]
    assert kept(form) == [True] * (len(form.rows) - 1) + [False]
    appendix = page_texts(shipped_pdfs["bao_cao_tong_ket"])
    first = next(i for i, page in enumerate(appendix) if "BIỂU TỔNG HỢP MỘT SỐ CHỈ TIÊU" in page)
    assert "Số người bị thương" in appendix[first] and "Số người chết" in appendix[first]


# ------------------------------------------------------------------ 4. Nơi nhận, certificates, quotes


def test_certificates_are_numbered_in_the_order_of_the_decisions_list(shipped: dict[str, Path]) -> None:
    """Certificate "001" goes to the first person of the decision's list (units in Vietnamese order, people by
    given name), and every certificate's number and "Số sổ vàng" is its person's number there."""
    from .conftest import all_text

    decision = data_tables(Document(str(shipped["quyet-dinh"])))[-1]
    listed = {row.cells[1].text: int(row.cells[0].text) for row in decision.rows if row.cells[0].text.isdigit()}
    assert len(listed) == 20
    certificates = {name: path for name, path in shipped.items() if name.startswith("giay-khen/")}
    assert len(certificates) == 20
    for name, path in certificates.items():
        number = int(name.split("/")[1][:3])
        person = next(p for p in listed if f"Ông {p}" in all_text(Document(str(path)))
                      or f"Bà {p}" in all_text(Document(str(path))))
        assert listed[person] == number, (name, person)
        assert f"Số sổ vàng: {number:03d}/GK-2025" in all_text(Document(str(path)))


# ------------------------------------------------------------------ 2. keeps that fill pages; footnotes; numbering


def test_the_signature_page_holds_the_bodys_last_lines(shipped_pdfs: dict[str, Path]) -> None:
    """The page of the signature holds the body's last paragraph with the closing sentence: the decision's Điều 2
    with Điều 3, the conference plan's last task, the district cluster's last task (today: Điều 3 alone, the closing
    sentence alone)."""
    for name, before_closing, signer in (("quyet-dinh", "Điều 2.", "Hoàng Văn Minh"),
                                         ("ke_hoach_hoi_nghi", "Các tỉnh trong Cụm gửi danh sách", "Hồ Tiến Thiệu"),
                                         ("bao_cao_cum_huyen", "6. Tiếp tục đẩy mạnh", "Lê Xuân Cảnh")):
        page = next(p for p in page_texts(shipped_pdfs[name]) if signer in p)
        assert before_closing in page, name


def footnote_bands_mm(path: Path) -> list[float]:
    """Per page with footnotes: the blank between the last line of 14 pt text and the footnotes (12 pt) below,
    unless the next page opens with a heading (a heading and the one under it keep with their first lines: a
    typesetter leaves that band too, up to about four lines)."""
    import re
    import subprocess

    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    heading = re.compile(r"(?:[IVX]+|\d+(?:\.\d+)*)\. \S")
    bands = []
    for number, page in enumerate(xml.split("<page ")[1:]):
        lines = [(float(a), float(b)) for a, b in re.findall(r'<line xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" '
                                                            r'yMax="([\d.]+)"', page)]
        body = [bottom for top, bottom in lines if bottom - top > 17]  # 14 pt lines
        notes = [top for top, bottom in lines if 12 < bottom - top < 16.5 and body and top > max(body)]
        following = [line.strip() for line in (pages[number + 1] if number + 1 < len(pages) else "").splitlines()
                     if line.strip() and not line.strip().isdigit()]
        band = (min(notes) - max(body)) * 25.4 / 72 if body and notes else 0
        if band and not (following and heading.match(following[0]) and band < 40):
            bands.append(band)
    return bands


def test_footnotes_stand_at_the_foot_of_a_full_page(shipped: dict[str, Path], shipped_pdfs: dict[str, Path]) -> None:
    """No blank band above the footnotes where a paragraph with a note could not split (the cluster report's page
    2 left 38 mm; what is left is at most a two-line paragraph that does not fit): such a paragraph may split, its
    note run on; two references side by side are set apart
    ("cả nước⁹,¹⁰", not "⁹¹⁰"); in Word the rule above the notes stands 6 pt below the text."""
    for name in ("bao_cao_tong_ket", "bao_cao_tong_ket/bao-cao-lai-chau", "bao_cao_don_vi", "van_ban_kinh_gui"):
        assert max(footnote_bands_mm(shipped_pdfs[name]), default=0) < 20, name  # at most a paragraph of 2 lines
    doc = Document(str(shipped["van_ban"]))
    for p in doc.element.body.iter(qn("w:p")):
        references = p.findall(f".//{qn('w:footnoteReference')}")
        if references:
            assert p.find(f"{qn('w:pPr')}/{qn('w:widowControl')}").get(qn("w:val")) == "0"
        runs = [r for r in p.iter(qn("w:r"))]
        for first, second in zip(runs, runs[1:], strict=False):
            assert not (first.find(qn("w:footnoteReference")) is not None
                        and second.find(qn("w:footnoteReference")) is not None), "two marks run together"
    import zipfile

    with zipfile.ZipFile(shipped["van_ban"]) as package:
        notes = package.read("word/footnotes.xml").decode()
    assert '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:before="120"' in notes


def test_a_level_is_numbered_only_with_two_headings(shipped: dict[str, Path]) -> None:
    """No "I." without a "II." (five of the seven registration forms had a lone "I."), no "1." heading without a
    "2." in the plans."""
    for name, path in shipped.items():
        headings = [p.text for p in Document(str(path)).paragraphs if p.style.name == "Tiêu đề mục"]
        if any(h.startswith("I. ") for h in headings):
            assert any(h.startswith("II. ") for h in headings), (name, headings)
    forms = [Document(str(p)) for n, p in shipped.items() if n.startswith("giao_uoc/dang-ky")]
    titles = [[p.text for p in doc.paragraphs if p.style.name == "Tiêu đề mục"] for doc in forms]
    assert sum(1 for t in titles if t == ["CÁC CHỈ TIÊU ĐĂNG KÝ THI ĐUA"]) == 5


def recipients_of(path: Path) -> list[str]:
    doc = Document(str(path))
    table = next(t for t in doc.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    return [p.text for p in table.rows[0].cells[0].paragraphs[1:]]


def test_a_members_report_goes_to_the_body_above_it(shipped: dict[str, Path]) -> None:
    """A district's report copies its province's Ban, never the central one; a province's the central Ban; the
    Trưởng cụm's own report does not copy the Trưởng cụm (Tuần Giáo, Lạng Sơn)."""
    for name in ("bao-cao-dien-bien-phu", "bao-cao-muong-lay", "bao-cao-tuan-giao"):
        lines = recipients_of(shipped[f"bao_cao_cum_huyen/{name}"])
        assert "- Ban Thi đua - Khen thưởng tỉnh Điện Biên;" in lines, (name, lines)
        assert not any("Trung ương" in line for line in lines), (name, lines)
    assert not any("Trưởng Cụm" in line for line in recipients_of(shipped["bao_cao_cum_huyen/bao-cao-tuan-giao"]))
    assert recipients_of(shipped["bao_cao_tong_ket/bao-cao-lai-chau"]) == [
        "- Trưởng Cụm thi đua 7 tỉnh Miền núi Biên giới phía Bắc;", "- Ban Thi đua - Khen thưởng Trung ương;",
        "- Lưu: VT."]
    assert recipients_of(shipped["bao_cao_tong_ket/bao-cao-lang-son"]) == [
        "- Ban Thi đua - Khen thưởng Trung ương;", "- Lưu: VT."]


def test_a_commune_after_2025_reports_to_its_provinces_department() -> None:
    import datetime as dt

    from tdkt_docgen.reference import superior

    assert superior("xa", dt.date(2025, 9, 1)) == "Sở Nội vụ {tinh} (Phòng Thi đua, khen thưởng)"
    assert superior("huyen", dt.date(2025, 9, 1)) is None  # no district tier from 01/7/2025
    assert superior("tinh", dt.date(2025, 9, 1)) == "Ban Thi đua - Khen thưởng Trung ương"


def test_quotes_are_curly_throughout(shipped: dict[str, Path]) -> None:
    """No straight double quote in the text of any output (the Bắc Giang and Lai Châu reports and the conference
    programme had "…" among “…”): body, tables, footnotes."""
    import re
    import zipfile

    for name, path in shipped.items():
        with zipfile.ZipFile(path) as package:
            for part in ("word/document.xml", "word/footnotes.xml"):
                if part in package.namelist():
                    xml = package.read(part).decode("utf-8")
                    text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
                    assert '"' not in text and "&quot;" not in text and "&#34;" not in text, (name, part)
    report = "".join(Document(str(shipped["ke_hoach_hoi_nghi"])).element.body.itertext())
    assert "“Lũy tre biên giới Việt”, “Thắp sáng đường tuần tra”" in report


def rule_gaps_pt(pdf: Path) -> list[float]:
    """The white (pt) between each short rule of page 1 and the ink right above it, top to bottom."""
    import subprocess

    from PIL import Image

    out = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-singlefile", "-gray", "-png", str(pdf),
                    str(out)], check=True)
    image = Image.open(f"{out}.png").convert("L")
    width, height = image.size
    ink = image.load()
    gaps, last = [], -10
    for y in range(height // 2):
        run = best = 0
        start = best_start = 0
        for x in range(width):
            if ink[x, y] < 128:
                start = x if run == 0 else start
                run += 1
                if run > best:
                    best, best_start = run, start
            else:
                run = 0
        if best > 150 and y - last > 3:  # a rule: a long dark run, not the next row of the same rule
            above = y - 2
            while above > 0 and all(ink[x, above] >= 128 for x in range(best_start, best_start + best)):
                above -= 1
            gaps.append((y - above - 1) * 72 / 300)
        if best > 150:
            last = y
    return gaps


def test_the_summarys_rule_has_the_gap_of_the_issuers(shipped_pdfs: dict[str, Path]) -> None:
    """The rule under the summary stands clear of its descenders (p, g, ụ) as the issuer's stands clear of its
    capitals (it sat on them: 2 pt)."""
    for name in ("bao_cao_tong_ket", "bao_cao_cum_huyen/bao-cao-muong-lay", "giao_uoc"):
        gaps = rule_gaps_pt(shipped_pdfs[name])  # the issuer's and the motto's rules, then the summary's, lowest
        summary, issuer = gaps[-1], max(gaps[:-1])
        assert summary >= 4 and abs(summary - issuer) < 1, (name, gaps)
