"""The letter (công văn): "V/v" under the number, "Kính gửi", body, "Nơi nhận" from "- Như trên;"."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ...document.common import KIND, KinhGui, NgayThang, Text, ThanhVien, VanBan


class ThanhVienNhan(ThanhVien):
    """A member the letter goes to, and what it still owes."""

    han_gui: NgayThang | None = Field(None, title="Hạn gửi của thành viên",  # default: the letter's
                                      description="Mặc định: hạn gửi chung của công văn")
    con_thieu: list[Text] = Field([], title="Số liệu thành viên còn thiếu", description="Mỗi mục một dòng")


class CongVan(VanBan):
    """A letter of the cluster, to all members or (with --per-member) one letter each."""

    loai: Literal["cong_van"] = Field(title=KIND)
    don_vi_soan_thao: Text | None = Field(None, title="Chữ viết tắt đơn vị soạn thảo",  # "Số: 12/CTĐ-NC"
                                          description="Đứng sau chữ viết tắt cơ quan trong ký hiệu, ví dụ: NC "
                                                      "trong 12/CTĐ-NC")
    trich_yeu: Text = Field(title="Trích yếu nội dung", description="In sau 'V/v' dưới số công văn")
    cum: Text = Field(title="Tên Cụm thi đua")
    thanh_vien: list[ThanhVienNhan] = Field(min_length=1, title="Các thành viên nhận công văn")
    kinh_gui: KinhGui = Field([], description="Mặc định: cơ quan của mọi thành viên")
    noi_dung: Text = Field(title="Nội dung công văn")
    han_gui: NgayThang | None = Field(None, title="Hạn gửi")
    noi_nhan: list[Text] = Field([], title="Nơi nhận", description="In sau '- Như trên;'")
