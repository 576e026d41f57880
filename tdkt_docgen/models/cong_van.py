"""The letter (công văn): "V/v" under the number, "Kính gửi", body, "Nơi nhận" from "- Như trên;"."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .common import KinhGui, NgayThang, Text, ThanhVien, VanBan


class ThanhVienNhan(ThanhVien):
    """A member the letter goes to, and what it still owes."""

    han_gui: NgayThang | None = None  # this member's deadline (default: the letter's)
    con_thieu: list[Text] = []  # the figures it has not sent yet


class CongVan(VanBan):
    """A letter of the cluster, to all members or (with --per-member) one letter each."""

    loai: Literal["cong_van"]
    don_vi_soan_thao: Text | None = None  # "Số: 12/CTĐ-NC": the drafting unit after the issuer
    trich_yeu: Text  # printed "V/v …" under the number
    cum: Text
    thanh_vien: list[ThanhVienNhan] = Field(min_length=1)
    kinh_gui: KinhGui = []  # default: every member's body
    noi_dung: Text
    han_gui: NgayThang | None = None
    noi_nhan: list[Text] = []  # after "- Như trên;"
