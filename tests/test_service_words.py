"""The pure rules under the service's answers: a certificate's subject naming a member
(pdf/member_binding.py), a field's label from the kind's schema, and the command line's words said as the
page's actions."""

from __future__ import annotations

import pytest

from tdkt_docgen import api
from tdkt_docgen.pdf.member_binding import member_key, names_member
from tdkt_docgen.service.words import for_page


@pytest.mark.parametrize("subject", [
    ["UBND tỉnh Lào Cai"], ["ỦY BAN NHÂN DÂN TỈNH LÀO CAI"], ["UBND TINH LAO CAI"], ["Uỷ ban nhân dân tỉnh Lào Cai"],
    ["Nguyễn Văn A", "UBND tỉnh Lào Cai"], ["Lào Cai"], ["UBND  tỉnh  Lào\u00a0Cai"],
    ["UBND tỉnh Lào Cai".encode().decode()],  # NFC
    ["Ủy ban nhân dân tỉnh Lào Cai".replace("ủ", "u\u0309")],  # decomposed
])
def test_a_certificate_naming_the_member_is_bound_to_its_field(subject: list[str]) -> None:
    assert names_member(subject, "Lào Cai")


@pytest.mark.parametrize("subject", [
    ["UBND tỉnh Lào Cai (giả)"], ["UBND tỉnh Sơn La"], ["Nguyễn Văn A"], ["Sở Nội vụ tỉnh Lào Cai"], [""], [],
    ["UBND tỉnh Lào Cai Mới"], ["UBND"],
])
def test_a_certificate_naming_anyone_else_is_not(subject: list[str]) -> None:
    assert not names_member(subject, "Lào Cai")


def test_titles_of_every_kind_of_member_come_off() -> None:
    assert member_key("Ủy ban nhân dân huyện Tuần Giáo") == member_key("Tuần Giáo") == "tuan giao"
    assert member_key("UBND thành phố Điện Biên Phủ") == "dien bien phu"
    assert names_member(["Sở Tư pháp"], "Tư pháp") and names_member(["SỞ TƯ PHÁP"], "Sở Tư pháp")
    assert member_key("Đà Nẵng") == "da nang"


def test_a_fields_label_comes_from_the_kinds_schema() -> None:
    assert api.field_label("ngay", "bao_cao_tong_ket") == "Ngày ban hành"
    assert api.field_label("thanh_vien[3].ten", "bao_cao_tong_ket") == "Tên, không kèm cấp (thành viên thứ 3)"
    assert api.field_label("thanh_vien.1.nguoi_ky.chuc_vu", "bao_cao_tong_ket") == \
        "Chức vụ của người ký (thành viên thứ 2)"
    assert api.field_label("khong_co.truong_nay") is None


def test_the_command_lines_words_become_the_pages() -> None:
    assert for_page("Xem tệp mẫu: tdkt init <loại văn bản>.") == \
        "Tải dữ liệu mẫu của loại văn bản ở Bước 1 của trang Tạo văn bản."
    assert for_page("Bỏ tùy chọn --per-member.") == "Bỏ chọn «Mỗi thành viên một văn bản riêng»."
    assert for_page('Các trường có: {stt}, {ten}; ví dụ: --name "{stt:02d}-{ten}.docx".') == \
        "Các trường có: {stt}, {ten}; ví dụ: ô «Mẫu tên tệp»: {stt:02d}-{ten}.docx."
    assert "tdkt" not in for_page("Chép số liệu sang mẫu mới: tdkt init bao_cao --xlsx -o mau-so-lieu.xlsx")
    assert for_page("x.xlsx: không có tệp kiểu dữ liệu (du-lieu.schema.yaml); kiểu được đoán từ giá trị.") == \
        "x.xlsx: không có tệp kiểu dữ liệu; kiểu được đoán từ giá trị."
    assert for_page(None) is None
