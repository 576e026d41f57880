"""The cluster's plans: the yearly activity plan and the plan of the year-end conference."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from .common import Model, NgayThang, Text, ThanhVien, VanBan

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

    noi_dung: Text
    thoi_gian: NgayThang  # 2024-03-05, 2024-06 (a month) or 2024 (the whole year)
    den: NgayThang | None = None  # the end of a period
    chu_tri: list[Text] = Field(min_length=1)  # member names ("Lào Cai"), "Trưởng cụm", or any body
    phoi_hop: list[Text] = []


class KeHoachHoatDong(VanBan):
    """Kế hoạch hoạt động của Cụm thi đua năm N."""

    loai: Literal["ke_hoach_hoat_dong"]
    nam: Annotated[int, Field(ge=2000, le=2100, strict=True)]
    cum: Text
    truong_cum: Text
    pho_truong_cum: Text | None = None
    thanh_vien: list[ThanhVien] = Field(min_length=2)
    mo_dau: Text | None = None
    muc_dich_yeu_cau: Text | None = None
    hoat_dong: list[HoatDong] = Field(min_length=1)
    nhiem_vu: dict[Text, Text] = {}  # member name -> its duties (section III)
    nhiem_vu_chung: Text | None = None


# ------------------------------------------------------------------ conference plan


class MucChuongTrinh(Model):
    """A row of the conference programme."""

    thoi_gian: KhungGio  # "08h00 - 08h20"
    noi_dung: Text
    thuc_hien: Text | None = None
    danh_so: bool = True  # false for a break ("Giải lao"): no number
    tham_luan: bool = False  # the presentations of the members follow as 5.1, 5.2, …
    sau_khoang_nghi: bool = False  # starts after a gap on purpose


class Buoi(Model):
    """A half-day of the conference: its programme rows, or one text across the table."""

    buoi: Literal["sáng", "chiều", "tối"]
    ngay: NgayThang
    muc: list[MucChuongTrinh] = []
    noi_dung: Text | None = None  # "Các đại biểu thăm quan …" when there are no rows
    thoi_gian: KhungGio | None = None  # needed with noi_dung

    @model_validator(mode="after")
    def _rows_or_text(self) -> Buoi:
        if not self.muc and not (self.noi_dung and self.thoi_gian):
            raise ValueError("mỗi buổi cần danh sách 'muc', hoặc 'noi_dung' cùng 'thoi_gian' (08h00 - 11h00)")
        if not self.ngay.complete:
            raise ValueError("buổi hội nghị phải có ngày đầy đủ (ví dụ 2024-03-05)")
        return self


class ThamLuan(Model):
    """A member's presentation."""

    thanh_vien: Text
    chu_de: Text  # printed after "với chủ đề:" in quotes, or as written when it starts with "về" or "với"
    thuc_hien: Text | None = None


class KeHoachHoiNghi(VanBan):
    """Kế hoạch tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm N của Cụm."""

    loai: Literal["ke_hoach_hoi_nghi"]
    nam: Annotated[int, Field(ge=2000, le=2100, strict=True)]  # the year the conference reviews
    cum: Text
    thanh_vien: list[ThanhVien] = Field(min_length=2)
    mo_dau: Text | None = None
    muc_dich_yeu_cau: Text | None = None
    dia_diem: Text
    thanh_phan_trung_uong: list[Text] = []
    thanh_phan_tinh: dict[Text, Text] = {}  # member name -> its delegates
    buoi: list[Buoi] = Field(min_length=1)
    tham_luan: list[ThamLuan] = []
    to_chuc_thuc_hien: Text | None = None
