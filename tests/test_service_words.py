"""The pure rules under the service's answers: a certificate's subject naming a member
(pdf/member_binding.py), a field's label from the kind's schema (every field has one), and the command line's
words said as the page's actions."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from pydantic import BaseModel

from tdkt_docgen import api, kinds
from tdkt_docgen.pdf.member_binding import member_key, names_member
from tdkt_docgen.schema import _VIETNAMESE as VIETNAMESE
from tdkt_docgen.service.words import for_page, labelled


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
    assert api.field_label("nam", "bao_cao_tong_ket") == "Năm báo cáo"
    assert api.field_label("cum", "bao_cao_tong_ket") == "Tên Cụm thi đua"
    assert api.field_label("thanh_vien[3].ten", "bao_cao_tong_ket") == "Tên đơn vị (thành viên thứ 3)"
    assert api.field_label("thanh_vien.1.nguoi_ky.chuc_vu", "bao_cao_tong_ket") == \
        "Chức vụ của người ký (thành viên thứ 2)"
    assert api.field_label("so_lieu.chi_tieu.Hà Giang.tong_so_xa", "bao_cao_tong_ket") == "Tổng số xã (Hà Giang)"
    assert api.field_label("so_lieu.chi_tieu.Hà Giang.xa_nong_thon_moi", "bao_cao_tong_ket", place=False) == \
        "Số xã đạt chuẩn nông thôn mới"
    assert api.field_label("so_lieu.van_ban.Lai Châu", "bao_cao_tong_ket") == \
        "Số văn bản chỉ đạo, triển khai công tác thi đua, khen thưởng đã ban hành (Lai Châu)"  # a mapping's value
    assert api.field_label("so_lieu.khen_thuong.Sơn La.co_thi_dua_chinh_phu.tap_the", "bao_cao_tong_ket") == \
        "Số tập thể được khen thưởng (Sơn La, Cờ thi đua của Chính phủ)"  # the award form by its name
    assert api.field_label("so_lieu.chi_tieu.tong_so_xa", "bao_cao_don_vi") == "Tổng số xã"
    assert api.field_label("noi_dung[2].noi_dung[1].bang.cot[3].ten", "van_ban") == \
        "Tên cột (mục thứ 2, mục thứ 1, cột thứ 3)"
    assert api.field_label("khong_co.truong_nay") is None
    assert api.field_label("thanh_vien[2].khong_co", "bao_cao_tong_ket") is None


def _models(annotation: Any, found: list[type[BaseModel]]) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation not in found:
            found.append(annotation)
            for info in annotation.model_fields.values():
                _models(info.annotation, found)
        return found
    for argument in typing.get_args(annotation):  # lists, mappings, unions, Annotated
        _models(argument, found)
    return found


def test_every_field_of_every_kind_has_its_label() -> None:
    """Every field a data file can have, in every kind's model and the models inside it, is titled in
    Vietnamese (the page and the API name it by that title, the path coming after as a hint)."""
    models = [model for module in kinds.KINDS.values() if module.MODEL is not None
              for model in _models(module.MODEL, [])]
    assert len({m.__name__ for m in models}) > 30
    untitled = [f"{m.__name__}.{name}" for m in models for name, info in m.model_fields.items() if not info.title]
    assert untitled == []
    english = [f"{m.__name__}.{name}: {info.title}" for m in models for name, info in m.model_fields.items()
               if not VIETNAMESE.search(info.title or "")]
    assert english == []


def test_a_message_names_its_fields_by_their_labels_the_path_after() -> None:
    placed = labelled("cum.yaml, dòng 118, trường 'so_lieu.chi_tieu.Hà Giang.tong_so_xa': phải là số nguyên.",
                      "bao_cao_tong_ket")
    assert placed == ("cum.yaml, dòng 118, trường 'Tổng số xã (Hà Giang)' (so_lieu.chi_tieu.Hà Giang.tong_so_xa): "
                      "phải là số nguyên.")
    named = labelled("'xa_dat_chuan_y_te' (999) lớn hơn 'tong_so_xa_y_te' (193).", "bao_cao_tong_ket",
                     "so_lieu.chi_tieu.Hà Giang")
    assert named == "'Số xã đạt chuẩn quốc gia về y tế' (999) lớn hơn 'Tổng số xã, phường, thị trấn' (193)."
    kept = "thiếu trường 'loai' (loại văn bản). Giá trị hiện tại: 'abc'."
    assert labelled(kept, "bao_cao_tong_ket", "so_lieu") == kept  # no place; not a field there
    unknown = "x.yaml, dòng 3, trường 'khong_co': không có trường này."
    assert labelled(unknown, "bao_cao_tong_ket") == unknown


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
