"""The cluster's emulation pledge agreement (giao ước thi đua) and each member's registration form."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .common import CanCu, Count, KhungVanBan, Model, NgayThang, NguoiKy, Text, ThanhVien

# A target level: a number ("100", 95.5) or words ("Hoàn thành tốt nhiệm vụ trở lên").
Muc = Annotated[Decimal, Field(allow_inf_nan=False)] | Count | Text


class ChiTieu(Model):
    """A target of the pledge: what, in which unit, at which level."""

    noi_dung: Text  # "Tỷ lệ cơ quan, đơn vị đăng ký thi đua"
    don_vi_tinh: Text | None = None  # "%", "xã"
    muc: Muc  # 100


class ChiTieuDangKy(Model):
    """A target a member registers for itself (Mẫu 1a: nội dung, đơn vị tính, kế hoạch, ghi chú)."""

    noi_dung: Text
    don_vi_tinh: Text | None = None
    ke_hoach: Muc
    ghi_chu: Text | None = None


class DangKy(Model):
    """A member's registration form ("Bảng đăng ký giao ước thi đua")."""

    ngay: NgayThang | None = None  # default: the pledge's date
    danh_hieu: list[Text] = []  # titles and awards the member registers for ("Cờ thi đua của Chính phủ")
    chi_tieu: list[ChiTieuDangKy] = Field(min_length=1)
    noi_nhan: list[Text] = []  # after "- Như trên;"
    luu: Text = "VT"


class ThanhVienKy(ThanhVien):
    """A member who signs the pledge: its signer, and its signature and seal images when signed."""

    nguoi_ky: NguoiKy  # thay_mat defaults to the member's body ("Ủy ban nhân dân tỉnh Lạng Sơn")
    chu_ky: Text | None = None  # PNG of the signature, relative to the data file
    con_dau: Text | None = None  # PNG of the seal, relative to the data file
    con_dau_mm: Annotated[Decimal, Field(ge=20, le=60)] = Decimal(36)  # the seal's real width
    dang_ky: DangKy | None = None

    @model_validator(mode="after")
    def _seal_with_signature(self) -> ThanhVienKy:
        if self.con_dau and not self.chu_ky:
            raise ValueError("có ảnh con dấu ('con_dau') thì phải có ảnh chữ ký ('chu_ky'): "
                             "dấu đóng trùm lên chữ ký")
        return self


class GiaoUoc(KhungVanBan):
    """The pledge: one document signed by every member, Trưởng cụm first."""

    loai: Literal["giao_uoc"]
    nam: Annotated[int, Field(ge=2000, le=2100)]
    cum: Text  # "Cụm thi đua 7 tỉnh Miền núi Biên giới phía Bắc"
    truong_cum: Text  # a member's name: "Lào Cai"
    pho_truong_cum: Text | None = None
    can_cu: CanCu | None = None  # replaces the legal defaults of the document's date
    can_cu_bo_sung: list[Text] = []  # added after them ("Quy chế hoạt động của Cụm …")
    mo_dau: Text | None = None  # the sentence before section I
    muc_dich_yeu_cau: Text | None = None
    chi_tieu: list[ChiTieu] = Field(min_length=1)
    noi_dung_thi_dua: list[Text] = []
    to_chuc_thuc_hien: Text | None = None
    ban_gui_them: list[Text] = []  # bodies that get one copy each besides the members
    noi_nhan: list[Text] = []  # "Nơi nhận" under the signatures, only when given
    luu: Text = "VT"
    thanh_vien: list[ThanhVienKy] = Field(min_length=2)
