"""The cluster's emulation pledge agreement (giao ước thi đua) and each member's registration form."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from ...document.common import KIND, CanCu, Count, KhungVanBan, Model, NgayThang, NguoiKy, Text, ThanhVien

# A target level: a number ("100", 95.5) or words ("Hoàn thành tốt nhiệm vụ trở lên").
Muc = Annotated[Decimal, Field(allow_inf_nan=False)] | Count | Text


class ChiTieu(Model):
    """A target of the pledge: what, in which unit, at which level."""

    noi_dung: Text = Field(title="Nội dung chỉ tiêu", description="Ví dụ: Tỷ lệ cơ quan, đơn vị đăng ký thi đua")
    don_vi_tinh: Text | None = Field(None, title="Đơn vị tính", description="Ví dụ: %, xã")
    muc: Muc = Field(title="Mức phấn đấu", description="Một số (100) hoặc lời (Hoàn thành tốt nhiệm vụ trở lên)")


class ChiTieuDangKy(Model):
    """A target a member registers for itself (Mẫu 1a: nội dung, đơn vị tính, kế hoạch, ghi chú)."""

    noi_dung: Text = Field(title="Nội dung chỉ tiêu")
    don_vi_tinh: Text | None = Field(None, title="Đơn vị tính")
    ke_hoach: Muc = Field(title="Kế hoạch (mức đăng ký)")
    ghi_chu: Text | None = Field(None, title="Ghi chú")


class DangKy(Model):
    """A member's registration form ("Bảng đăng ký giao ước thi đua")."""

    ngay: NgayThang | None = Field(None, title="Ngày đăng ký", description="Mặc định: ngày của giao ước")
    danh_hieu: list[Text] = Field([], title="Danh hiệu, hình thức khen thưởng đăng ký",
                                  description="Ví dụ: Cờ thi đua của Chính phủ")
    chi_tieu: list[ChiTieuDangKy] = Field(min_length=1, title="Các chỉ tiêu đăng ký")
    noi_nhan: list[Text] = Field([], title="Nơi nhận", description="In sau '- Như trên;'")
    luu: Text = Field("VT", title="Nơi lưu")


class ThanhVienKy(ThanhVien):
    """A member who signs the pledge: its signer, and its signature and seal images when signed."""

    nguoi_ky: NguoiKy = Field(title="Người ký của thành viên",  # thay_mat defaults to the member's body
                              description="TM. mặc định: cơ quan của thành viên")
    chu_ky: Text | None = Field(None, title="Ảnh chữ ký", description="Tệp PNG, đường dẫn tính từ tệp dữ liệu")
    con_dau: Text | None = Field(None, title="Ảnh con dấu", description="Tệp PNG, đường dẫn tính từ tệp dữ liệu")
    con_dau_mm: Annotated[Decimal, Field(ge=20, le=60)] = Field(Decimal(36), title="Đường kính con dấu (mm)")
    dang_ky: DangKy | None = Field(None, title="Bảng đăng ký giao ước thi đua của thành viên")

    @model_validator(mode="after")
    def _seal_with_signature(self) -> ThanhVienKy:
        if self.con_dau and not self.chu_ky:
            raise ValueError("có ảnh con dấu ('con_dau') thì phải có ảnh chữ ký ('chu_ky'): "
                             "dấu đóng trùm lên chữ ký")
        return self


class GiaoUoc(KhungVanBan):
    """The pledge: one document signed by every member, Trưởng cụm first."""

    loai: Literal["giao_uoc"] = Field(title=KIND)
    nam: Annotated[int, Field(ge=2000, le=2100)] = Field(title="Năm giao ước thi đua")
    cum: Text = Field(title="Tên Cụm thi đua", description="Ví dụ: Cụm thi đua 7 tỉnh Miền núi Biên giới phía Bắc")
    truong_cum: Text = Field(title="Trưởng cụm", description="Tên thành viên, ví dụ: Lào Cai")
    pho_truong_cum: Text | None = Field(None, title="Phó Trưởng cụm", description="Tên thành viên")
    can_cu: CanCu | None = Field(None, title="Căn cứ ban hành",
                                 description="Thay cho các căn cứ mặc định theo ngày của văn bản")
    can_cu_bo_sung: list[Text] = Field([], title="Căn cứ bổ sung",
                                       description="Thêm sau các căn cứ, ví dụ: Quy chế hoạt động của Cụm …")
    mo_dau: Text | None = Field(None, title="Lời văn mở đầu", description="Câu trước mục I")
    muc_dich_yeu_cau: Text | None = Field(None, title="Mục đích, yêu cầu")
    chi_tieu: list[ChiTieu] = Field(min_length=1, title="Các chỉ tiêu thi đua")
    noi_dung_thi_dua: list[Text] = Field([], title="Các nội dung thi đua", description="Mỗi nội dung một dòng")
    to_chuc_thuc_hien: Text | None = Field(None, title="Tổ chức thực hiện")
    ban_gui_them: list[Text] = Field([], title="Nơi nhận thêm bản giao ước",
                                     description="Mỗi nơi một bản, ngoài các thành viên")
    noi_nhan: list[Text] = Field([], title="Nơi nhận", description="In dưới các chữ ký, chỉ khi có ghi")
    luu: Text = Field("VT", title="Nơi lưu")
    thanh_vien: list[ThanhVienKy] = Field(min_length=2, title="Các thành viên ký giao ước")
