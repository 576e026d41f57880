"""The cluster's yearly summary report (báo cáo tổng kết phong trào thi đua, công tác khen thưởng)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .common import Count, Model, NguoiKy, So, SoKhongAm, Text, ThanhVien, VanBan
from .van_ban import Bang


class AnToanGiaoThong(Model):
    """Change against the same period of last year: positive = tăng, negative = giảm, 0 = bằng."""

    so_vu: int
    so_nguoi_chet: int
    so_nguoi_bi_thuong: int


class ChiTieu(Model):
    """One member's main socio-economic indicators for the year (Phụ lục I). Every figure is optional: an
    absent one leaves its sentence and its table row out; a 0 given on purpose is printed."""

    tang_truong_grdp: So | None = None  # %
    thu_ngan_sach: SoKhongAm | None = None  # in so_lieu.don_vi_tien (tỷ đồng unless told)
    thu_ngan_sach_dat: SoKhongAm | None = None  # % of the year's plan (may exceed 100)
    giam_ty_le_ho_ngheo: So | None = None  # percentage points
    giai_quyet_viec_lam: Count | None = None  # people
    truong_dat_chuan: Count | None = None  # schools meeting the national standard (cumulative)
    truong_dat_chuan_trong_nam: Count | None = None  # of which recognised this year
    xa_nong_thon_moi: Count | None = None
    tong_so_xa: Annotated[int, Field(ge=1, strict=True)] | None = None
    xa_nong_thon_moi_nang_cao: Count | None = None
    xa_nong_thon_moi_kieu_mau: Count | None = None
    huyen_nong_thon_moi: Count | None = None  # no district tier from 01/7/2025
    tong_so_huyen: Annotated[int, Field(ge=1, strict=True)] | None = None
    xa_dat_chuan_y_te: Count | None = None
    tong_so_xa_y_te: Annotated[int, Field(ge=1, strict=True)] | None = None  # xã, phường, thị trấn
    an_toan_giao_thong: AnToanGiaoThong | None = None

    @model_validator(mode="after")
    def _parts_within_wholes(self) -> ChiTieu:
        pairs = [("xa_nong_thon_moi", "tong_so_xa"), ("huyen_nong_thon_moi", "tong_so_huyen"),
                 ("xa_dat_chuan_y_te", "tong_so_xa_y_te"), ("truong_dat_chuan_trong_nam", "truong_dat_chuan")]
        for part, whole in pairs:
            part_value, whole_value = getattr(self, part), getattr(self, whole)
            if part_value is not None and whole_value is not None and part_value > whole_value:
                raise ValueError(f"'{part}' ({part_value}) lớn hơn '{whole}' ({whole_value})")
        if self.xa_nong_thon_moi_nang_cao is not None or self.xa_nong_thon_moi_kieu_mau is not None:
            above = (self.xa_nong_thon_moi_nang_cao or 0) + (self.xa_nong_thon_moi_kieu_mau or 0)
            if self.xa_nong_thon_moi is not None and above > self.xa_nong_thon_moi:
                raise ValueError("số xã nông thôn mới nâng cao và kiểu mẫu lớn hơn số xã đạt chuẩn nông thôn mới")
        if self.xa_nong_thon_moi is not None and self.tong_so_xa is None:
            raise ValueError("có 'xa_nong_thon_moi' thì phải có 'tong_so_xa' (tổng số xã)")
        return self


class SoKhenThuong(Model):
    """Awards of one form: collectives, individuals, and of them small collectives and direct workers
    (absent: not reported, so no share is printed)."""

    tap_the: Count = 0
    ca_nhan: Count = 0
    lao_dong_truc_tiep: Count | None = None

    @model_validator(mode="after")
    def _direct_within_total(self) -> SoKhenThuong:
        if (self.lao_dong_truc_tiep or 0) > self.tap_the + self.ca_nhan:
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


DonViTien = Literal["tỷ đồng", "triệu đồng"]


class SoLieu(Model):
    """The figures, per member (keys are member names from ``thanh_vien``); every part is optional."""

    van_ban: dict[Text, Count] = {}  # documents issued on emulation and commendation
    chi_tieu: dict[Text, ChiTieu] = {}
    khen_thuong: dict[Text, dict[Text, SoKhenThuong]] = {}  # member -> award form code -> counts
    khen_thuong_cum: Annotated[dict[Text, SoKhenThuong], Field(
        description="Khen thưởng của cả Cụm theo mã hình thức (thay cho 'khen_thuong' theo từng thành viên)")] = {}
    don_vi_tien: Annotated[DonViTien, Field(description="Đơn vị của thu_ngan_sach, in đúng như vậy")] = "tỷ đồng"
    tong_da_bao_cao: TongDaBaoCao = TongDaBaoCao()

    @model_validator(mode="after")
    def _one_kind_of_awards(self) -> SoLieu:
        if self.khen_thuong and self.khen_thuong_cum:
            raise ValueError("chỉ ghi một trong hai: 'khen_thuong' (theo từng thành viên) hoặc 'khen_thuong_cum' "
                             "(tổng của Cụm)")
        return self


class MucBaoCao(Model):
    """A section of a report's outline: a built-in one (``ma``, with the sentences the kind computes),
    renamed or with its own text, or a new one; fields as in the generic document's outline (van_ban)."""

    ma: Text | None = Field(None, description="Mã mục có sẵn (lanh_dao_chi_dao, khen_thuong …): giữ lời văn "
                                              "noi_dung.<ma> và các câu, số liệu chương trình tự tính")
    tieu_de: Text | None = Field(None, description="Tiêu đề (mặc định: của mục có sẵn)")
    so: Text | None = Field(None, description="Số đề mục giữ nguyên như gõ (mặc định: tự đánh theo cấp)")
    doan: Text | None = Field(None, description="Lời văn của mục (mặc định: noi_dung.<ma>)")
    bang: Bang | None = Field(None, description="Một bảng sau lời văn")
    danh_so_con: Literal["a)", "1.1."] | None = Field(None, description="Đánh số các mục con cấp 4: a) hoặc 1.1.")
    noi_dung: list[MucBaoCao] | None = Field(None, description="Các mục con (mục có sẵn giữ mục con của nó khi "
                                                               "không ghi)")

    @model_validator(mode="after")
    def _titled(self) -> MucBaoCao:
        if self.ma is None and self.tieu_de is None:
            raise ValueError("mục mới phải có 'tieu_de' (hoặc 'ma' của một mục có sẵn)")
        return self


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
    ket_luan: NoiDungMuc = None  # the closing sentence ("Trên đây là báo cáo …./."); default from the kind
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
    so_lieu: SoLieu = SoLieu()
    noi_dung: NoiDung = NoiDung()
    muc: list[MucBaoCao] | None = Field(None, description="Dàn ý riêng (mặc định: dàn ý có sẵn của báo cáo tổng kết)")
    bo_muc: list[Text] = Field([], description="Mã các mục có sẵn bỏ khỏi dàn ý mặc định")
    phu_luc: list[Literal["chi_tieu", "khen_thuong"]] = Field(["chi_tieu", "khen_thuong"],
                                                              description="Các phụ lục; [] là không có phụ lục")


class SoLieuDonVi(Model):
    """A unit's own figures: documents issued, indicators, awards by form; every part is optional."""

    van_ban: Count | None = None
    chi_tieu: ChiTieu = ChiTieu()
    khen_thuong: dict[Text, SoKhenThuong] = {}  # award form code -> counts
    don_vi_tien: DonViTien = "tỷ đồng"


class NoiDungDonVi(Model):
    """Narrative of a unit's own report, section by section (light markup)."""

    mo_dau: NoiDungMuc = None
    lanh_dao_chi_dao: NoiDungMuc = None
    chu_de_thi_dua: NoiDungMuc = None
    hoi_dong_tdkt: NoiDungMuc = None  # the emulation council's work (Hội đồng TĐKT)
    khoi_cum: NoiDungMuc = None  # the clusters and blocs it belongs to or leads
    kinh_te_xa_hoi: NoiDungMuc = None
    phong_trao_chuyen_de: NoiDungMuc = None
    tuyen_truyen: NoiDungMuc = None
    khen_thuong: NoiDungMuc = None
    kiem_tra: NoiDungMuc = None
    boi_duong: NoiDungMuc = None
    ket_qua_dat_duoc: NoiDungMuc = None  # đánh giá chung: what was achieved
    han_che: NoiDungMuc = None
    nguyen_nhan: NoiDungMuc = None
    phuong_huong: NoiDungMuc = None
    nhiem_vu: list[Text] = []  # numbered tasks of the coming year
    ket_luan: NoiDungMuc = None


class BaoCaoDonVi(VanBan):
    """A unit's own yearly report: one province, district or department reporting for itself."""

    loai: Literal["bao_cao_don_vi"]
    nam: Annotated[int, Field(ge=2000, le=2100, strict=True)]
    don_vi: ThanhVien = Field(description="Đơn vị báo cáo: {ten: Lai Châu, loai: tỉnh}")
    cum: Text | None = Field(None, description="Cụm thi đua mà đơn vị là thành viên (nếu có)")
    so_lieu: SoLieuDonVi = SoLieuDonVi()
    noi_dung: NoiDungDonVi = NoiDungDonVi()
    muc: list[MucBaoCao] | None = Field(None, description="Dàn ý riêng (mặc định: dàn ý có sẵn của báo cáo đơn vị)")
    bo_muc: list[Text] = Field([], description="Mã các mục có sẵn bỏ khỏi dàn ý mặc định")
