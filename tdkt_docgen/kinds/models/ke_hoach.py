"""The cluster's plans: the yearly activity plan and the plan of the year-end conference."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from ...document.common import KIND, Model, NgayThang, Text, ThanhVien, VanBan, Year

_TIME = re.compile(r"^\s*(\d{1,2})\s*[h:]\s*(\d{2})?\s*$")


def _clock(value: Any) -> dt.time:
    """ "08h00", "8h", "08:00" -> 08:00."""
    if isinstance(value, dt.time):
        return value
    if isinstance(value, int) and not isinstance(value, bool):  # YAML reads 08:00 as minutes (sexagesimal)
        return dt.time(value // 60, value % 60)
    match = _TIME.match(str(value))
    if not match:
        raise ValueError(f"giờ phải viết dạng 08h00, giá trị hiện tại: '{value}'")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"giờ không hợp lệ: '{value}'")
    return dt.time(hour, minute)


def _slot(value: Any) -> tuple[dt.time, dt.time]:
    """ "08h00 - 08h20" -> (08:00, 08:20)."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        return _clock(value[0]), _clock(value[1])
    parts = re.split(r"\s*[-–]\s*", str(value).strip())
    if len(parts) != 2:
        raise ValueError(f"khung giờ phải viết dạng '08h00 - 08h20', giá trị hiện tại: '{value}'")
    start, end = _clock(parts[0]), _clock(parts[1])
    if end <= start:
        raise ValueError(f"giờ kết thúc phải sau giờ bắt đầu: '{value}'")
    return start, end


Gio = Annotated[dt.time, BeforeValidator(_clock), WithJsonSchema({"type": "string", "description": "Giờ: 08h00"})]
KhungGio = Annotated[tuple[dt.time, dt.time], BeforeValidator(_slot),
                     WithJsonSchema({"type": "string", "description": "Khung giờ: 08h00 - 08h20"})]


# ------------------------------------------------------------------ activity plan


class HoatDong(Model):
    """A row of the activity table: what, when, who leads, who takes part."""

    noi_dung: Text = Field(title="Nội dung hoạt động")
    thoi_gian: NgayThang = Field(title="Thời gian thực hiện",  # a day, a month or the whole year
                                 description="Một ngày (2024-03-05), một tháng (2024-06) hoặc cả năm (2024)")
    den: NgayThang | None = Field(None, title="Thời gian kết thúc", description="Khi hoạt động kéo dài một thời kỳ")
    chu_tri: list[Text] = Field(min_length=1, title="Đơn vị chủ trì",  # member names, "Trưởng cụm", any body
                                description="Tên thành viên (Lào Cai), Trưởng cụm, hoặc cơ quan khác")
    phoi_hop: list[Text] = Field([], title="Đơn vị phối hợp")


class KeHoachHoatDong(VanBan):
    """Kế hoạch hoạt động của Cụm thi đua năm N."""

    loai: Literal["ke_hoach_hoat_dong"] = Field(title=KIND)
    nam: Year = Field(title="Năm kế hoạch")
    cum: Text = Field(title="Tên Cụm thi đua")
    truong_cum: Text = Field(title="Trưởng cụm", description="Tên thành viên, ví dụ: Lạng Sơn")
    pho_truong_cum: Text | None = Field(None, title="Phó Trưởng cụm", description="Tên thành viên")
    thanh_vien: list[ThanhVien] = Field(min_length=2, title="Các thành viên của Cụm")
    mo_dau: Text | None = Field(None, title="Lời văn mở đầu")
    muc_dich_yeu_cau: Text | None = Field(None, title="Mục đích, yêu cầu")
    hoat_dong: list[HoatDong] = Field(min_length=1, title="Các hoạt động của Cụm")
    nhiem_vu: dict[Text, Text] = Field({}, title="Nhiệm vụ của từng thành viên",  # section III
                                       description="Theo tên thành viên")
    nhiem_vu_chung: Text | None = Field(None, title="Nhiệm vụ chung của các thành viên")


# ------------------------------------------------------------------ conference plan


class MucChuongTrinh(Model):
    """A row of the conference programme."""

    thoi_gian: KhungGio = Field(title="Khung giờ", description="Ví dụ: 08h00 - 08h20")
    noi_dung: Text = Field(title="Nội dung chương trình")
    thuc_hien: Text | None = Field(None, title="Người, đơn vị thực hiện")
    danh_so: bool = Field(True, title="Đánh số mục", description="false cho giờ giải lao (không đánh số)")
    tham_luan: bool = Field(False, title="Các tham luận tiếp theo",  # presentations follow as 5.1, 5.2, …
                            description="true: các tham luận của thành viên in tiếp theo (5.1, 5.2…)")
    sau_khoang_nghi: bool = Field(False, title="Bắt đầu sau khoảng nghỉ",
                                  description="true khi mục này cố ý bắt đầu sau một khoảng trống thời gian")


class Buoi(Model):
    """A half-day of the conference: its programme rows, or one text across the table."""

    buoi: Literal["sáng", "chiều", "tối"] = Field(title="Buổi (sáng, chiều, tối)")
    ngay: NgayThang = Field(title="Ngày của buổi")
    muc: list[MucChuongTrinh] = Field([], title="Các mục chương trình")
    noi_dung: Text | None = Field(None, title="Nội dung cả buổi",  # when there are no rows
                                  description="Khi buổi không có các mục, ví dụ: Các đại biểu thăm quan …")
    thoi_gian: KhungGio | None = Field(None, title="Khung giờ của buổi", description="Cần khi có noi_dung")

    @model_validator(mode="after")
    def _rows_or_text(self) -> Buoi:
        if not self.muc and not (self.noi_dung and self.thoi_gian):
            raise ValueError("mỗi buổi cần danh sách 'muc', hoặc 'noi_dung' cùng 'thoi_gian' (08h00 - 11h00)")
        if not self.ngay.complete:
            raise ValueError("buổi hội nghị phải có ngày đầy đủ (ví dụ 2024-03-05)")
        return self


class ThamLuan(Model):
    """A member's presentation."""

    thanh_vien: Text = Field(title="Thành viên trình bày tham luận")
    chu_de: Text = Field(title="Chủ đề tham luận",  # in quotes after "với chủ đề:", as written after "về"/"với"
                         description="In sau 'với chủ đề:' trong ngoặc kép; bắt đầu bằng 'về', 'với' thì in nguyên")
    thuc_hien: Text | None = Field(None, title="Người trình bày")


class KeHoachHoiNghi(VanBan):
    """Kế hoạch tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm N của Cụm."""

    loai: Literal["ke_hoach_hoi_nghi"] = Field(title=KIND)
    nam: Year = Field(title="Năm được tổng kết")  # the year the conference reviews
    cum: Text = Field(title="Tên Cụm thi đua")
    thanh_vien: list[ThanhVien] = Field(min_length=2, title="Các thành viên của Cụm")
    mo_dau: Text | None = Field(None, title="Lời văn mở đầu")
    muc_dich_yeu_cau: Text | None = Field(None, title="Mục đích, yêu cầu")
    dia_diem: Text = Field(title="Địa điểm hội nghị")
    thanh_phan_trung_uong: list[Text] = Field([], title="Thành phần: đại biểu Trung ương")
    thanh_phan_tinh: dict[Text, Text] = Field({}, title="Thành phần: đại biểu của từng thành viên",
                                              description="Theo tên thành viên")
    buoi: list[Buoi] = Field(min_length=1, title="Các buổi hội nghị")
    tham_luan: list[ThamLuan] = Field([], title="Các tham luận")
    to_chuc_thuc_hien: Text | None = Field(None, title="Tổ chức thực hiện")
