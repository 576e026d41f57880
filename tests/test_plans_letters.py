"""Plans (kế hoạch hoạt động, kế hoạch hội nghị) and letters (công văn), opened as DOCX."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from docx.table import _Cell

from tdkt_docgen import nd30
from tdkt_docgen.cli import main
from tdkt_docgen.vn import BLANK

from .conftest import CONFERENCE_PLAN, LETTER, header_columns

MEMBERS = ["Sơn La", "Điện Biên", "Lai Châu", "Lào Cai", "Hà Giang", "Cao Bằng", "Lạng Sơn"]
SLUGS = ["son-la", "dien-bien", "lai-chau", "lao-cai", "ha-giang", "cao-bang", "lang-son"]


def body_table(doc, first: str):  # type: ignore[no-untyped-def]
    return next(t for t in doc.tables if t.rows[0].cells[0].text == first)


def rows_of(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Each row's real cells (a merged cell once)."""
    return [[_Cell(tc, table).text for tc in row._tr.tc_lst] for row in table.rows]


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "du-lieu.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["render", *args])


# ------------------------------------------------------------------ activity plan


def test_activity_plan(rendered: dict[str, Path]) -> None:
    doc = Document(str(rendered["ke_hoach_hoat_dong"]))
    left, right = header_columns(doc)
    assert "Số: 47/KH-CTĐ" in [p.text for p in left]
    assert "Lạng Sơn, ngày 31 tháng 5 năm 2023" in [p.text for p in right]
    texts = [p.text for p in doc.paragraphs]
    assert "KẾ HOẠCH" in texts
    assert "Hoạt động của Cụm thi đua 7 tỉnh Miền núi Biên giới phía Bắc năm 2023" in texts
    assert [p.text for p in doc.paragraphs if p.style.name == "Tiêu đề mục"] == [
        "I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG HOẠT ĐỘNG", "III. TỔ CHỨC THỰC HIỆN"]
    table = body_table(doc, "STT")
    assert rows_of(table)[0] == ["STT", "Nội dung", "Thời gian thực hiện", "Đơn vị chủ trì", "Đơn vị phối hợp"]
    assert [r[2] for r in rows_of(table)[1:]] == ["Tháng 5/2023", "15/6/2023", "Tháng 7 - tháng 8/2023",
                                                 "Tháng 10 - tháng 11/2023", "Tháng 12/2023 - tháng 2/2024",
                                                 "05/3/2024"]
    assert [r[3:] for r in rows_of(table)[1:4]] == [["Tỉnh Lạng Sơn", "Các tỉnh trong Cụm"],
                                                   ["Các tỉnh trong Cụm", ""],
                                                   ["Tỉnh Lạng Sơn", "Tỉnh Cao Bằng, tỉnh Hà Giang"]]
    assert rows_of(table)[4][4] == "Các tỉnh trong Cụm, Ban Thi đua - Khen thưởng Trung ương"
    duties = [p for p in doc.paragraphs if p.text[:2] in {f"{i}." for i in range(1, 8)} and "Tỉnh" in p.text[:8]]
    assert [p.text.split(":")[0] for p in duties] == [
        "1. Tỉnh Lạng Sơn (Trưởng cụm)", "2. Tỉnh Sơn La", "3. Tỉnh Điện Biên", "4. Tỉnh Lai Châu",
        "5. Tỉnh Lào Cai", "6. Tỉnh Hà Giang", "7. Tỉnh Cao Bằng"]
    assert [r.text for r in duties[0].runs if r.bold] == ["Tỉnh Lạng Sơn"]


def test_activity_plan_unknown_member(tmp_path: Path) -> None:
    data = yaml.safe_load((CONFERENCE_PLAN.parent / "ke-hoach-hoat-dong-2023.yaml").read_text("utf-8"))
    data["nhiem_vu"]["Lang Son"] = data["nhiem_vu"].pop("Lạng Sơn")
    result = run(str(write(tmp_path, data)), "-o", str(tmp_path / "a.docx"))
    assert result.exit_code == 2 and not (tmp_path / "a.docx").exists()
    assert "trường 'nhiem_vu.Lang Son': 'Lang Son' không có trong danh sách thành viên (thanh_vien). " \
           "Có phải là 'Lạng Sơn'?" in result.output


# ------------------------------------------------------------------ conference plan


def test_conference_plan_sections(rendered: dict[str, Path]) -> None:
    doc = Document(str(rendered["ke_hoach_hoi_nghi"]))
    texts = [p.text for p in doc.paragraphs]
    assert [t for t in texts if t.startswith(("I.", "II.", "III.", "IV.", "V."))] == [
        "I. MỤC ĐÍCH, YÊU CẦU", "II. THỜI GIAN, ĐỊA ĐIỂM", "III. THÀNH PHẦN", "IV. CHƯƠNG TRÌNH HỘI NGHỊ",
        "V. TỔ CHỨC THỰC HIỆN"]
    assert ("1. Thời gian: 01 ngày, ngày 05/3/2024 (buổi sáng từ 08h00 đến 11h00; buổi chiều từ 13h30 đến "
            "17h00).") in texts
    assert "2. Địa điểm: Hội trường Trung tâm Hội nghị tỉnh Lạng Sơn." in texts
    members = [t for t in texts if t.startswith("- Tỉnh ")]
    assert [t.split(":")[0] for t in members] == [f"- Tỉnh {m}" for m in MEMBERS]
    assert members[-1].endswith(".") and all(t.endswith(";") for t in members[:-1])


def test_programme_table_like_the_seed(rendered: dict[str, Path]) -> None:
    doc = Document(str(rendered["ke_hoach_hoi_nghi"]))
    table = body_table(doc, "TT")
    rows = rows_of(table)
    assert rows[0] == ["TT", "Thời gian", "Nội dung", "Thực hiện"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert rows[1] == ["BUỔI SÁNG NGÀY 05/3/2024: Từ 08h00 - 11h00"]  # one cell across the table
    assert table.rows[1]._tr.tc_lst[0].grid_span == 4
    numbers = [r[0] for r in rows[2:] if len(r) == 4]
    assert numbers == ["1", "2", "3", "4", "5", "5.1.", "5.2.", "5.3.", "5.4.", "5.5.", "5.6.", "5.7.", "6", "",
                       "7", "8", "9", "10", "11", "12"]
    assert rows[2] == ["1", "08h00 - 08h20", "Văn nghệ chào mừng", "Sở Văn hóa, Thể thao và Du lịch"]
    assert rows[6][:3] == ["5", "08h55 - 09h55", "Tham luận, thảo luận"]
    assert rows[7] == ["5.1.", "", "Tham luận của tỉnh Lai Châu với chủ đề: “Bảo tồn, phát huy bản sắc văn hóa "
                       "truyền thống tốt đẹp các dân tộc gắn với thực hiện phong trào “Toàn dân xây dựng nếp sống "
                       "văn hóa””", "Ông Hảng A Xà, xã Sin Suối Hồ, huyện Phong Thổ, tỉnh Lai Châu"]
    assert rows[10][2] == "Tham luận của tỉnh Cao Bằng về Mô hình phát triển kinh tế xóa đói giảm nghèo trong " \
                          "vùng đồng bào dân tộc thiểu số"
    assert rows[15][:3] == ["", "10h00 - 10h10", "Giải lao"]
    assert rows[-3][:2] == ["12", "10h55 - 11h00"]
    assert rows[-2] == ["BUỔI CHIỀU NGÀY 05/3/2024: Từ 13h30 - 17h00"]
    assert rows[-1] == ["Các đại biểu thăm quan mô hình điển hình tiên tiến và danh lam thắng cảnh theo Chương trình "
                        "đón tiếp."]


def conference() -> dict[str, Any]:
    return yaml.safe_load(CONFERENCE_PLAN.read_text("utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize(("slot", "expected"), [
    ("08h30 - 08h55", "trường 'buoi[1].muc[4].thoi_gian': mục “Báo cáo Tổng kết công tác thi đua, khen thưởng…” "
                      "bắt đầu lúc 08h30, trước khi mục trước kết thúc (08h35): hai mục chồng giờ "
                      "5 phút."),
    ("08h40 - 08h55", "trường 'buoi[1].muc[4].thoi_gian': mục “Báo cáo Tổng kết công tác thi đua, khen thưởng…” "
                      "bắt đầu lúc 08h40 nhưng mục trước kết thúc lúc 08h35: còn trống 5 phút chưa "
                      "khai báo. Sửa giờ cho liền nhau"),
    ("08h55 - 08h35", "trường 'buoi[1].muc[4].thoi_gian': giờ kết thúc phải sau giờ bắt đầu: '08h55 - 08h35'"),
    ("8 giờ - 9 giờ", "trường 'buoi[1].muc[4].thoi_gian': giờ phải viết dạng 08h00, giá trị hiện tại: '8 giờ'"),
])
def test_time_slots_are_checked(tmp_path: Path, slot: str, expected: str) -> None:
    data = conference()
    data["buoi"][0]["muc"][3]["thoi_gian"] = slot
    path, out = write(tmp_path, data), tmp_path / "kh.docx"
    result = run(str(path), "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    assert expected in result.output, result.output
    assert result.output.startswith(f"Lỗi: {path}, dòng ") and "Traceback" not in result.output


def test_a_declared_gap_is_accepted(tmp_path: Path) -> None:
    data = conference()
    data["buoi"][0]["muc"][3].update(thoi_gian="08h40 - 08h55", sau_khoang_nghi=True)
    result = run(str(write(tmp_path, data)), "-o", str(tmp_path / "kh.docx"))
    assert result.exit_code == 0, result.output


def test_presentations_need_a_programme_row_and_members(tmp_path: Path) -> None:
    data = conference()
    data["buoi"][0]["muc"][4]["tham_luan"] = False
    data["tham_luan"][0]["thanh_vien"] = "Lai Chau"
    result = run(str(write(tmp_path, data)), "-o", str(tmp_path / "kh.docx"))
    assert result.exit_code == 2
    assert "trường 'tham_luan[1].thanh_vien': 'Lai Chau' không có trong danh sách thành viên" in result.output
    assert "Có phải là 'Lai Châu'?" in result.output
    assert "có danh sách tham luận nhưng không mục nào của chương trình ghi 'tham_luan: true'" in result.output


# ------------------------------------------------------------------ letters


def recipients(doc) -> list[Any]:  # type: ignore[no-untyped-def]
    return [p for p in doc.paragraphs if p.style.name in ("Kính gửi", "Kính gửi - mục") and p.text]


def test_letter_header_and_several_recipients(rendered: dict[str, Path]) -> None:
    doc = Document(str(rendered["cong_van"]))
    number, _ = doc.tables[0].rows[1].cells
    assert [p.text for p in number.paragraphs] == [
        "Số: 152/CTĐ-NC", "V/v đề nghị báo cáo số liệu tổng kết công tác thi đua, khen thưởng năm 2023"]
    lines = recipients(doc)
    assert [p.text for p in lines] == ["Kính gửi:\t- Ủy ban nhân dân tỉnh Sơn La;"] + [
        f"- Ủy ban nhân dân tỉnh {m};" for m in MEMBERS[1:-1]] + ["- Ủy ban nhân dân tỉnh Lạng Sơn."]
    indents = {p.paragraph_format.left_indent for p in lines}
    assert len(indents) == 1  # every dash at the same place
    left = indents.pop().cm
    hanging = -lines[0].paragraph_format.first_line_indent.cm  # "Kính gửi:" hangs out to the left
    assert all(p.paragraph_format.first_line_indent is None for p in lines[1:])
    assert lines[0].paragraph_format.tab_stops[0].position == lines[0].paragraph_format.left_indent
    assert abs(hanging - nd30.text_width_cm("Kính gửi: ", 14, False)) < 0.01  # the dash right after the colon
    longest = max(nd30.text_width_cm(p.text.split("\t")[-1], 14, False) for p in lines)
    gap_left, gap_right = left - hanging, nd30.TEXT_WIDTH_CM - left - longest
    assert gap_left > 1 and abs(gap_left - gap_right) < 0.01  # the block is centred on the line
    assert "Đề nghị các tỉnh gửi báo cáo về Cụm thi đua 7 tỉnh Miền núi Biên giới phía Bắc trước ngày " \
           "15/01/2024." in [p.text for p in doc.paragraphs]
    recipients_cell = doc.tables[-1].rows[0].cells[0]
    items = [p.text for p in recipients_cell.paragraphs if p.style.name == "Nơi nhận - mục"]
    assert items[0] == "- Như trên;" and items[-1] == "- Lưu: VT, NC."


def test_one_letter_per_member(rendered: dict[str, Path]) -> None:
    folder = rendered["cong_van_thu_muc"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"cong-van-{s}.docx" for s in SLUGS)
    for member, slug in zip(MEMBERS, SLUGS, strict=True):
        doc = Document(str(folder / f"cong-van-{slug}.docx"))
        lines = recipients(doc)
        assert [p.text for p in lines] == [f"Kính gửi: Ủy ban nhân dân tỉnh {member}"]  # one recipient: one line
        assert lines[0].style.name == "Kính gửi"
        body = "\n".join(p.text for p in doc.paragraphs)
        assert all(other not in body for other in MEMBERS if other != member)  # names only its member
        assert f"tỉnh {member}" in body
    dien_bien = "\n".join(p.text for p in Document(str(folder / "cong-van-dien-bien.docx")).paragraphs)
    assert ("Đến nay, tỉnh Điện Biên còn thiếu: số liệu khen thưởng cấp Nhà nước năm 2023; bảng chỉ tiêu kinh tế - "
            "xã hội chủ yếu. Đề nghị Ủy ban nhân dân tỉnh Điện Biên chỉ đạo hoàn thiện, gửi về Cụm thi đua 7 tỉnh "
            "Miền núi Biên giới phía Bắc trước ngày 15/01/2024.") in dien_bien
    lai_chau = "\n".join(p.text for p in Document(str(folder / "cong-van-lai-chau.docx")).paragraphs)
    assert "Đề nghị Ủy ban nhân dân tỉnh Lai Châu gửi báo cáo về Cụm thi đua 7 tỉnh Miền núi Biên giới phía Bắc " \
           "trước ngày 10/01/2024." in lai_chau


def test_per_member_letters_need_a_deadline(tmp_path: Path) -> None:
    data = yaml.safe_load(LETTER.read_text("utf-8"))
    del data["han_gui"]
    folder = tmp_path / "cv"
    result = run(str(write(tmp_path, data)), "--per-member", "-o", str(folder))
    assert result.exit_code == 2 and not folder.exists()
    assert "thành viên 'Sơn La' không có hạn gửi ('han_gui')" in result.output
    assert "'Lai Châu'" not in result.output  # Lai Châu has its own deadline


def test_each_members_letter_speaks_to_it_with_its_own_number(rendered: dict[str, Path], tmp_path: Path) -> None:
    """A letter to one province says "đề nghị Ủy ban nhân dân tỉnh Sơn La", not "… các tỉnh"; the batch's letters
    are numbered from the data's number on (152, 153, … in the members' order), or left blank without one."""
    folder = rendered["cong_van_thu_muc"]
    numbers = []
    for member, slug in zip(MEMBERS, SLUGS, strict=True):
        doc = Document(str(folder / f"cong-van-{slug}.docx"))
        body = "\n".join(p.text for p in doc.paragraphs)
        assert "các tỉnh" not in body
        assert f"Trưởng Cụm thi đua đề nghị Ủy ban nhân dân tỉnh {member} chỉ đạo cơ quan chuyên môn" in body
        numbers.append(next(p.text for p in header_columns(doc)[0] if p.text.startswith("Số:")))
    assert numbers == [f"Số: {n}/CTĐ-NC" for n in range(152, 159)]
    joint = "\n".join(p.text for p in Document(str(rendered["cong_van"])).paragraphs)
    assert "đề nghị Ủy ban nhân dân các tỉnh chỉ đạo" in joint  # the letter to all keeps its words
    data = yaml.safe_load(LETTER.read_text("utf-8"))
    del data["so"]
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = CliRunner().invoke(main, ["render", str(path), "--per-member", "-o", str(tmp_path / "cv")])
    assert result.exit_code == 0, result.output
    for letter in (tmp_path / "cv").iterdir():
        texts = [p.text for p in header_columns(Document(str(letter)))[0]]
        assert f"Số: {BLANK}/CTĐ-NC" in texts
