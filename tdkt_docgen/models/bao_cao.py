"""The cluster's yearly summary report (báo cáo tổng kết phong trào thi đua, công tác khen thưởng)."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from ..vn import to_decimal
from .common import Count, Model, NguoiKy, Text, ThanhVien, VanBan


def _decimal(value: object) -> object:
    """Numbers may be written 7.1, "7,1" or "29.088,38"; text that is no number is left for the error."""
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        try:
            return to_decimal(value)
        except ValueError:
            return value
    return value


So = Annotated[Decimal, BeforeValidator(_decimal)]
SoKhongAm = Annotated[Decimal, BeforeValidator(_decimal), Field(ge=0)]


class AnToanGiaoThong(Model):
    """Change against the same period of last year: positive = tăng, negative = giảm, 0 = bằng."""

    so_vu: int
    so_nguoi_chet: int
    so_nguoi_bi_thuong: int


class ChiTieu(Model):
    """One member's main socio-economic indicators for the year (Phụ lục I)."""

    tang_truong_grdp: So  # %
    thu_ngan_sach: SoKhongAm  # tỷ đồng
    thu_ngan_sach_dat: SoKhongAm | None = None  # % of the year's plan (may exceed 100)
    giam_ty_le_ho_ngheo: So  # percentage points
    giai_quyet_viec_lam: Count  # people
    truong_dat_chuan: Count  # schools meeting the national standard (cumulative)
    truong_dat_chuan_trong_nam: Count | None = None  # of which recognised this year
    xa_nong_thon_moi: Count
    tong_so_xa: Annotated[int, Field(ge=1, strict=True)]
    xa_nong_thon_moi_nang_cao: Count = 0
    xa_nong_thon_moi_kieu_mau: Count = 0
    huyen_nong_thon_moi: Count | None = None  # no district tier from 01/7/2025
    tong_so_huyen: Annotated[int, Field(ge=1, strict=True)] | None = None
    xa_dat_chuan_y_te: Count
    tong_so_xa_y_te: Annotated[int, Field(ge=1, strict=True)] | None = None  # xã, phường, thị trấn
    an_toan_giao_thong: AnToanGiaoThong

    @model_validator(mode="after")
    def _parts_within_wholes(self) -> ChiTieu:
        pairs = [("xa_nong_thon_moi", "tong_so_xa"), ("huyen_nong_thon_moi", "tong_so_huyen"),
                 ("xa_dat_chuan_y_te", "tong_so_xa_y_te"), ("truong_dat_chuan_trong_nam", "truong_dat_chuan")]
        for part, whole in pairs:
            part_value, whole_value = getattr(self, part), getattr(self, whole)
            if part_value is not None and whole_value is not None and part_value > whole_value:
                raise ValueError(f"'{part}' ({part_value}) lớn hơn '{whole}' ({whole_value})")
        if self.xa_nong_thon_moi_nang_cao + self.xa_nong_thon_moi_kieu_mau > self.xa_nong_thon_moi:
            raise ValueError("số xã nông thôn mới nâng cao và kiểu mẫu lớn hơn số xã đạt chuẩn nông thôn mới")
        return self


class SoKhenThuong(Model):
    """Awards of one form: collectives, individuals, and of them small collectives and direct workers."""

    tap_the: Count = 0
    ca_nhan: Count = 0
    lao_dong_truc_tiep: Count = 0

    @model_validator(mode="after")
    def _direct_within_total(self) -> SoKhenThuong:
        if self.lao_dong_truc_tiep > self.tap_the + self.ca_nhan:
            raise ValueError(f"'lao_dong_truc_tiep' ({self.lao_dong_truc_tiep}) lớn hơn tổng số được khen "
                             f"({self.tap_the + self.ca_nhan})")
        return self

    @property
    def tong_so(self) -> int:
        return self.tap_the + self.ca_nhan


class TongKhenThuongDaBaoCao(Model):
    """Award totals as written in a source document; each one given is checked."""

    tong_so: Count | None = None
    tap_the: Count | None = None
    ca_nhan: Count | None = None
    lao_dong_truc_tiep: Count | None = None


class TongDaBaoCao(Model):
    """Totals as written in the source documents. The report uses computed totals; these are checked."""

    van_ban: Count | None = None
    thu_ngan_sach: SoKhongAm | None = None
    giai_quyet_viec_lam: Count | None = None
    xa_nong_thon_moi: Count | None = None
    khen_thuong: TongKhenThuongDaBaoCao | None = None
    khen_thuong_theo_tinh: dict[Text, TongKhenThuongDaBaoCao] = {}
    khen_thuong_theo_hinh_thuc: dict[Text, TongKhenThuongDaBaoCao] = {}


class SoLieu(Model):
    """The figures, per member (keys are member names from ``thanh_vien``)."""

    van_ban: dict[Text, Count]  # documents issued on emulation and commendation
    chi_tieu: dict[Text, ChiTieu]
    khen_thuong: dict[Text, dict[Text, SoKhenThuong]]  # member -> award form code -> counts
    tong_da_bao_cao: TongDaBaoCao = TongDaBaoCao()


NoiDungMuc = Text | None  # narrative with light markup; empty -> a highlighted placeholder


class NoiDung(Model):
    """Narrative text of each section, in light markup (paragraphs, **đậm**, *nghiêng*, "- ", ^[chú thích])."""

    mo_dau: NoiDungMuc = None
    lanh_dao_chi_dao: NoiDungMuc = None
    trien_khai_phong_trao: NoiDungMuc = None
    phong_trao_chuyen_de_chung: NoiDungMuc = None
    kinh_te_xa_hoi: NoiDungMuc = None
    kinh_te_xa_hoi_khac: NoiDungMuc = None
    nong_thon_moi: NoiDungMuc = None
    giam_ngheo: NoiDungMuc = None
    ket_cau_ha_tang: NoiDungMuc = None
    van_hoa_cong_so: NoiDungMuc = None
    xa_hoi_hoc_tap: NoiDungMuc = None
    tuyen_truyen: NoiDungMuc = None
    dien_hinh_tien_tien: NoiDungMuc = None
    khen_thuong: NoiDungMuc = None
    kiem_tra: NoiDungMuc = None
    boi_duong: NoiDungMuc = None
    cai_cach_hanh_chinh: NoiDungMuc = None
    uu_diem: NoiDungMuc = None
    han_che: NoiDungMuc = None
    nguyen_nhan: NoiDungMuc = None
    phuong_huong: NoiDungMuc = None
    nhiem_vu: list[Text] = []  # numbered tasks of the coming year
    kien_nghi: NoiDungMuc = None
    # per member (keys are member names)
    chu_de_thi_dua: dict[Text, Text] = {}  # the year's emulation slogan
    phong_trao_chuyen_de: dict[Text, Text] = {}
    cach_lam_hay: dict[Text, Text] = {}


class ThanhVienBaoCao(ThanhVien):
    """A member of the cluster, and who signs its own report (``tdkt batch --per-member``)."""

    nguoi_ky: NguoiKy | None = None  # default: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH", name left to fill in


class BaoCaoTongKet(VanBan):
    """Báo cáo tổng kết phong trào thi đua, công tác khen thưởng năm N và phương hướng, nhiệm vụ năm N+1."""

    loai: Literal["bao_cao_tong_ket"]
    nam: Annotated[int, Field(ge=2000, le=2100, strict=True)]  # the year reported on
    cum: Text  # "Cụm thi đua 7 tỉnh Miền núi Biên giới phía Bắc"
    thanh_vien: list[ThanhVienBaoCao] = Field(min_length=2)
    so_lieu: SoLieu
    noi_dung: NoiDung = NoiDung()
