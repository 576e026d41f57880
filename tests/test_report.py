"""The bundled report, opened as a DOCX: texts, computed numbers, footnotes, Decree 30 formatting."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from tdkt_docgen.vn import BLANK

from .conftest import all_text, header_columns


def _paragraph(doc, startswith: str):  # type: ignore[no-untyped-def]
    for p in doc.paragraphs:
        if p.text.startswith(startswith):
            return p
    raise AssertionError(f"no paragraph starts with {startswith!r}")


def test_header_texts(report) -> None:  # type: ignore[no-untyped-def]
    left, right = header_columns(report)
    lines = [p.text for p in left]
    assert lines[:2] == ["HỘI ĐỒNG TĐKT\nTRUNG ƯƠNG", "CỤM THI ĐUA\n7 TỈNH MIỀN NÚI\nBIÊN GIỚI PHÍA BẮC"]
    assert f"Số: {BLANK}/BC-CTĐ" in lines
    right_lines = [p.text for p in right]
    assert right_lines[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert f"Lạng Sơn, ngày {BLANK} tháng 02 năm 2024" in right_lines
    assert "DỰ THẢO" in right_lines


def test_title_and_summary(report) -> None:  # type: ignore[no-untyped-def]
    assert _paragraph(report, "BÁO CÁO").style.name == "Tên loại"
    summary = _paragraph(report, "Tổng kết phong trào thi đua")
    assert summary.text == ("Tổng kết phong trào thi đua, công tác khen thưởng năm 2023\nvà phương hướng, "
                            "nhiệm vụ năm 2024")  # broken before "và", where a reader pauses
    assert summary.style.name == "Trích yếu"


def test_computed_sentences(report) -> None:  # type: ignore[no-untyped-def]
    text = all_text(report)
    assert "các tỉnh thành viên trong Cụm đã ban hành 232 văn bản" in text
    assert "đạt 29.088,38 tỷ đồng" in text
    assert "tỉnh Lào Cai đạt 9.399 tỷ đồng, tỉnh Lạng Sơn đạt 7.293,1 tỷ đồng" in text
    assert "tỉnh Điện Biên 7,1%; tỉnh Lạng Sơn 7%" in text
    assert "giải quyết việc làm mới cho 108.516 lao động" in text
    assert "toàn Cụm có 382/1.059 xã đạt chuẩn nông thôn mới (đạt 36,07%); 16 xã" in text
    assert "16 xã đạt chuẩn nông thôn mới nâng cao (04/07 tỉnh có số liệu)" in text  # a total of part of the members
    assert "02 xã đạt chuẩn nông thôn mới kiểu mẫu (01/07 tỉnh có số liệu); 06/71 huyện" in text
    assert "Trong năm 2023, 07 tỉnh trong Cụm đã giải quyết việc làm" in text  # one rule for counts: "07", not "7"
    assert "bình quân giảm 4,41%" in text and "Hà Giang là tỉnh có tỷ lệ hộ nghèo giảm mạnh nhất" in text
    assert "tỉnh Lào Cai có 152/152 xã đạt chuẩn; tỉnh Hà Giang có 193/193 xã đạt chuẩn; " \
           "tỉnh Lạng Sơn có 200/200 xã đạt chuẩn" in text
    assert "*tỉnh Lai Châu* không tăng" not in text and "tỉnh Lai Châu không tăng tiêu chí nào" in text


def test_award_sentences_add_up(report) -> None:  # type: ignore[no-untyped-def]
    text = all_text(report)
    # state awards by the President: 3 HC Độc lập + 35 HC Lao động ... computed from the member data
    assert "được Chủ tịch nước khen thưởng cho 36 tập thể và 28 cá nhân, trong đó:" in text
    assert "- Huân chương Độc lập: 03 tập thể;" in text
    assert "- Huân chương Lao động các hạng: 33 tập thể và 19 cá nhân;" in text
    assert "khen thưởng cho 167 tập thể và 263 cá nhân" in text
    assert "- Bằng khen của Thủ tướng Chính phủ: 95 tập thể và 263 cá nhân." in text


def test_footnotes_are_real_word_footnotes(report_path: Path) -> None:
    with zipfile.ZipFile(report_path) as package:
        document = package.read("word/document.xml").decode()
        footnotes = package.read("word/footnotes.xml").decode()
        rels = package.read("word/_rels/document.xml.rels").decode()
    assert "footnotes.xml" in rels
    references = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', document)
    bodies = re.findall(r'<w:footnote w:id="(\d+)">', footnotes)
    assert references == bodies and len(references) >= 5
    plain = re.sub(r"<[^>]+>", "", footnotes)
    assert ("Cụ thể: tỉnh Sơn La ban hành 58 văn bản; tỉnh Điện Biên ban hành 34 văn bản; tỉnh Lai Châu ban hành "
            "18 văn bản") in plain
    assert "tỉnh Lạng Sơn thu ngân sách 7.293,1 tỷ đồng, đạt 95,2% kế hoạch" in plain
    assert "Lào Cai có 62/127 xã đạt chuẩn NTM (đạt 48,82%)" in plain
    assert "Kế hoạch số 47/KH-CTĐ" in plain  # a footnote written inline in the narrative (^[…])


def test_appendix_tables_totals(report) -> None:  # type: ignore[no-untyped-def]
    indicators = next(t for t in report.tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    row = {r.cells[1].text: [c.text for c in r.cells] for r in indicators.rows}
    assert row["Thu ngân sách trên địa bàn"][3] == "29.088,38"
    assert row["Thu ngân sách trên địa bàn"][-1] == "7.293,1"
    assert row["Giải quyết việc làm"][3] == "108.516"
    awards = next(t for t in report.tables if t.rows[0].cells[1].text == "Hình thức khen thưởng")
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in awards.rows[2:]}
    total = rows["Tổng số"]
    # direct workers are given for part of the forms: their sum and share are over those forms, marked "*"
    assert total[2:7] == ["23.939", "7.855", "16.084", "12.632*", "68,83*"]
    assert rows["Huân chương Độc lập"][5:7] == ["-", "-"]  # not given: no share of 0 beside a "-"
    group_state, group_province = rows["Khen thưởng cấp Nhà nước"], rows["Khen thưởng cấp tỉnh"]
    for column in range(2, 6):
        as_int = [int(x[column].replace(".", "").replace("-", "0").rstrip("*")) for x in (total, group_state,
                                                                                          group_province)]
        assert as_int[0] == as_int[1] + as_int[2]
    assert rows["Bằng khen của Thủ tướng Chính phủ"][2:5] == ["358", "95", "263"]


def test_appendices_are_landscape_and_numbered_from_one(report) -> None:  # type: ignore[no-untyped-def]
    appendices = report.sections[1:]
    assert len(appendices) == 2 and all(s.orientation == WD_ORIENT.LANDSCAPE for s in appendices)
    assert all(s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1" for s in appendices)


def test_body_paragraphs_use_styles(report) -> None:  # type: ignore[no-untyped-def]
    opening = _paragraph(report, "Năm 2023, là năm có ý nghĩa")
    assert opening.style.name == "Nội dung"
    assert _paragraph(report, "Phần thứ nhất").style.name == "Phần"
    assert _paragraph(report, "I. CÔNG TÁC TỔ CHỨC").style.name == "Tiêu đề mục"
    assert _paragraph(report, "1. Công tác lãnh đạo, chỉ đạo").style.name == "Tiêu đề khoản"
    closing = _paragraph(report, "Trên đây là báo cáo")
    assert closing.text.endswith("./.")


def test_signature_block(report) -> None:  # type: ignore[no-untyped-def]
    table = next(t for t in report.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    recipients, signer = table.rows[0].cells
    items = [p.text for p in recipients.paragraphs[1:] if p.text]
    assert items[0] == "- Hội đồng TĐKT TW;" and items[-1] == "- Lưu: VT, NC."
    assert all(i.startswith("- ") and i.endswith(";") for i in items[:-1])
    assert recipients.paragraphs[0].style.name == "Nơi nhận"
    lines = [p.text for p in signer.paragraphs if p.text]
    assert lines == ["TM. CỤM THI ĐUA 7 TỈNH", "MIỀN NÚI BIÊN GIỚI PHÍA BẮC", "TRƯỞNG CỤM",
                     "CHỦ TỊCH UBND TỈNH LẠNG SƠN", "Hồ Tiến Thiệu"]
    assert signer.paragraphs[-1].style.name == "Họ tên người ký"


def test_each_province_report_from_the_cluster_data(rendered) -> None:  # type: ignore[no-untyped-def]
    """`--per-member` on the cluster's file: each province's own report, numbers from its figures only."""
    import yaml
    from docx import Document

    from .conftest import FIXTURE, header_columns

    data = yaml.safe_load(FIXTURE.read_text("utf-8"))
    folder = rendered["bao_cao_tinh_thu_muc"]
    assert len(list(folder.iterdir())) == 7
    doc = Document(str(folder / "bao-cao-lai-chau.docx"))
    left, right = header_columns(doc)
    assert [p.text for p in left][:1] == ["ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU"]
    assert f"Lai Châu, ngày {BLANK} tháng 02 năm 2024" in [p.text for p in right]
    text = all_text(doc)
    assert f"đã ban hành {data['so_lieu']['van_ban']['Lai Châu']} văn bản chỉ đạo" in text
    awards = data["so_lieu"]["khen_thuong"]["Lai Châu"]
    collectives = sum(a.get("tap_the", 0) for a in awards.values())
    individuals = sum(a.get("ca_nhan", 0) for a in awards.values())
    with_direct = [a for a in awards.values() if "lao_dong_truc_tiep" in a]  # Huân chương Độc lập gives none
    direct = sum(a["lao_dong_truc_tiep"] for a in with_direct)
    base = sum(a.get("tap_the", 0) + a.get("ca_nhan", 0) for a in with_direct)
    table = doc.tables[-1]
    assert [c.text for c in table.rows[1].cells][2:6] == [
        f"{collectives + individuals:,}".replace(",", "."), f"{collectives:,}".replace(",", "."),
        f"{individuals:,}".replace(",", "."), f"{direct:,}*".replace(",", ".")]
    share = f"{direct * 100 / base:.2f}".replace(".", ",")
    grouped = {n: f"{n:,}".replace(",", ".") for n in (direct, base)}
    assert (f"chiếm {share}% (trong các hình thức có số liệu: {grouped[direct]}/{grouped[base]} tập thể, cá nhân) "
            "tổng số tập thể, cá nhân được khen thưởng") in text
    assert "Sơn La" not in text and "Lạng Sơn" not in text.replace("Cụm thi đua", "")  # only its own figures
    assert doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE


def test_badges_belong_to_lào_cai_as_the_seeds_subtotals_say(report, rendered) -> None:  # type: ignore[no-untyped-def]
    """Seed 000, Phụ lục II: Lào Cai's provincial awards are 2.832 individuals, 2.626 direct workers, with the
    527 "Huy hiệu" (294 to direct workers); Lạng Sơn has no badges."""
    from docx import Document

    table = next(t for t in report.tables if any(c.text == "Hình thức khen thưởng" for c in t.rows[0].cells))
    members = ["Sơn La", "Điện Biên", "Lai Châu", "Lào Cai", "Hà Giang", "Cao Bằng", "Lạng Sơn"]
    row = next(r for r in table.rows if r.cells[1].text == "Khen thưởng cấp tỉnh")
    cells = [c.text for c in row.cells]
    by_member = {m: (cells[7 + 2 * i], cells[8 + 2 * i]) for i, m in enumerate(members)}
    assert by_member["Lào Cai"] == ("899", "2.832") and by_member["Lạng Sơn"] == ("950", "1.516")
    folder = rendered["bao_cao_tinh_thu_muc"]
    lao_cai = all_text(Document(str(folder / "bao-cao-lao-cai.docx")))
    lang_son = all_text(Document(str(folder / "bao-cao-lang-son.docx")))
    assert "Huy hiệu vì sự nghiệp phát triển tỉnh: 527 cá nhân" in lao_cai
    assert "Huy hiệu" not in lang_son
