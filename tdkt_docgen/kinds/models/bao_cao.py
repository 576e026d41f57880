"""The cluster's yearly summary report (báo cáo tổng kết phong trào thi đua, công tác khen thưởng)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from ...document.common import KIND, YEAR, Count, Model, NguoiKy, So, SoKhongAm, Text, ThanhVien, VanBan, Year
from ...document.van_ban import Bang

CHANGE = "Tăng: số dương (3), giảm: số âm (-7), bằng cùng kỳ: 0"


class AnToanGiaoThong(Model):
    """Change against the same period of last year: positive = tăng, negative = giảm, 0 = bằng."""

    so_vu: int = Field(title="Số vụ tai nạn giao thông so với cùng kỳ", description=CHANGE)
    so_nguoi_chet: int = Field(title="Số người chết vì tai nạn giao thông so với cùng kỳ", description=CHANGE)
    so_nguoi_bi_thuong: int = Field(title="Số người bị thương vì tai nạn giao thông so với cùng kỳ",
                                    description=CHANGE)


class ChiTieu(Model):
    """One member's main socio-economic indicators for the year (Phụ lục I). Every figure is optional: an
    absent one leaves its sentence and its table row out; a 0 given on purpose is printed."""

    tang_truong_grdp: So | None = Field(default=None, title="Tốc độ tăng trưởng kinh tế GRDP",
                                        description="Phần trăm so với năm trước, ví dụ: 7,1")
    thu_ngan_sach: SoKhongAm | None = Field(default=None, title="Thu ngân sách nhà nước trên địa bàn",
                                            description="Theo đơn vị tiền của số liệu (mặc định: tỷ đồng)")
    thu_ngan_sach_dat: SoKhongAm | None = Field(default=None, title="Thu ngân sách so với dự toán năm",
                                                description="Phần trăm dự toán (có thể trên 100), ví dụ: 101,3")
    giam_ty_le_ho_ngheo: So | None = Field(default=None, title="Tỷ lệ hộ nghèo giảm",
                                           description="Điểm phần trăm so với cuối năm trước, ví dụ: 3,42")
    giai_quyet_viec_lam: Count | None = Field(default=None, title="Số lao động được giải quyết việc làm")
    truong_dat_chuan: Count | None = Field(default=None, title="Số trường đạt chuẩn quốc gia",
                                           description="Lũy kế đến cuối năm")
    truong_dat_chuan_trong_nam: Count | None = Field(default=None, title="Số trường được công nhận đạt chuẩn quốc gia "
                                                                 "trong năm")
    xa_nong_thon_moi: Count | None = Field(default=None, title="Số xã đạt chuẩn nông thôn mới",
                                           description="Lũy kế đến cuối năm")
    tong_so_xa: Annotated[int, Field(ge=1, strict=True)] | None = Field(default=None, title="Tổng số xã")
    xa_nong_thon_moi_nang_cao: Count | None = Field(default=None, title="Số xã đạt chuẩn nông thôn mới nâng cao")
    xa_nong_thon_moi_kieu_mau: Count | None = Field(default=None, title="Số xã đạt chuẩn nông thôn mới kiểu mẫu")
    huyen_nong_thon_moi: Count | None = Field(default=None, title="Số huyện đạt chuẩn nông thôn mới",
                                              description="Đến 30/6/2025 (từ 01/7/2025 không còn cấp huyện)")
    tong_so_huyen: Annotated[int, Field(ge=1, strict=True)] | None = Field(default=None, title="Tổng số huyện")
    xa_dat_chuan_y_te: Count | None = Field(default=None, title="Số xã đạt chuẩn quốc gia về y tế")
    tong_so_xa_y_te: Annotated[int, Field(ge=1, strict=True)] | None = Field(
        default=None, title="Tổng số xã, phường, thị trấn", description="Để tính tỷ lệ xã đạt chuẩn quốc gia về y tế")
    an_toan_giao_thong: AnToanGiaoThong | None = Field(default=None, title="Tai nạn giao thông so với cùng kỳ")

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

    tap_the: Count = Field(default=0, title="Số tập thể được khen thưởng")
    ca_nhan: Count = Field(default=0, title="Số cá nhân được khen thưởng")
    lao_dong_truc_tiep: Count | None = Field(default=None, title="Số người lao động trực tiếp được khen thưởng",
                                             description="Không ghi: không có số liệu (không tính tỷ lệ)")

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

    tong_so: Count | None = Field(default=None, title="Tổng số được khen thưởng đã báo cáo")
    tap_the: Count | None = Field(default=None, title="Số tập thể được khen thưởng đã báo cáo")
    ca_nhan: Count | None = Field(default=None, title="Số cá nhân được khen thưởng đã báo cáo")
    lao_dong_truc_tiep: Count | None = Field(default=None,
                                             title="Số người lao động trực tiếp được khen thưởng đã báo cáo")


class TongDaBaoCao(Model):
    """Totals as written in the source documents. The report uses computed totals; these are checked."""

    van_ban: Count | None = Field(default=None, title="Tổng số văn bản đã ban hành đã báo cáo")
    thu_ngan_sach: SoKhongAm | None = Field(default=None, title="Tổng thu ngân sách đã báo cáo")
    giai_quyet_viec_lam: Count | None = Field(default=None,
                                              title="Tổng số lao động được giải quyết việc làm đã báo cáo")
    xa_nong_thon_moi: Count | None = Field(default=None, title="Tổng số xã đạt chuẩn nông thôn mới đã báo cáo")
    khen_thuong: TongKhenThuongDaBaoCao | None = Field(default=None, title="Tổng khen thưởng của Cụm đã báo cáo")
    khen_thuong_theo_tinh: dict[Text, TongKhenThuongDaBaoCao] = Field(
        default={}, title="Tổng khen thưởng của từng thành viên đã báo cáo", description="Theo tên thành viên")
    khen_thuong_theo_hinh_thuc: dict[Text, TongKhenThuongDaBaoCao] = Field(
        default={}, title="Tổng khen thưởng theo hình thức đã báo cáo", description="Theo mã hình thức khen thưởng")


DonViTien = Literal["tỷ đồng", "triệu đồng"]
DOCUMENTS = "Số văn bản chỉ đạo, triển khai công tác thi đua, khen thưởng đã ban hành"
CLUSTER = "Tên Cụm thi đua"
OUTLINE = "Dàn ý riêng"
LEFT_OUT = "Các mục bỏ khỏi dàn ý"


class SoLieu(Model):
    """The figures, per member (keys are member names from ``thanh_vien``); every part is optional."""

    van_ban: dict[Text, Count] = Field(default={}, title=DOCUMENTS, description="Theo tên thành viên")
    chi_tieu: dict[Text, ChiTieu] = Field(default={}, title="Chỉ tiêu kinh tế - xã hội chủ yếu",
                                          description="Theo tên thành viên")
    khen_thuong: dict[Text, dict[Text, SoKhenThuong]] = Field(  # member -> award form code -> counts
        default={}, title="Kết quả khen thưởng của từng thành viên",
        description="Theo tên thành viên, rồi mã hình thức")
    khen_thuong_cum: dict[Text, SoKhenThuong] = Field(
        default={}, title="Kết quả khen thưởng của cả Cụm",
        description="Khen thưởng của cả Cụm theo mã hình thức (thay cho 'khen_thuong' theo từng thành viên)")
    don_vi_tien: DonViTien = Field(default="tỷ đồng", title="Đơn vị tiền",
                                   description="Đơn vị của thu_ngan_sach, in đúng như vậy")
    tong_da_bao_cao: TongDaBaoCao = Field(default=TongDaBaoCao(), title="Số tổng đã báo cáo (để đối chiếu)")

    @model_validator(mode="after")
    def _one_kind_of_awards(self) -> SoLieu:
        if self.khen_thuong and self.khen_thuong_cum:
            raise ValueError("chỉ ghi một trong hai: 'khen_thuong' (theo từng thành viên) hoặc 'khen_thuong_cum' "
                             "(tổng của Cụm)")
        return self


class MucBaoCao(Model):
    """A section of a report's outline: a built-in one (``ma``, with the sentences the kind computes),
    renamed or with its own text, or a new one; fields as in the generic document's outline (van_ban)."""

    ma: Text | None = Field(default=None, title="Mã mục có sẵn",
                            description="Mã mục có sẵn (lanh_dao_chi_dao, khen_thuong …): giữ lời văn "
                                        "noi_dung.<ma> và các câu, số liệu chương trình tự tính")
    tieu_de: Text | None = Field(default=None, title="Tiêu đề mục", description="Tiêu đề (mặc định: của mục có sẵn)")
    so: Text | None = Field(default=None, title="Số đề mục",
                            description="Số đề mục giữ nguyên như gõ (mặc định: tự đánh theo cấp)")
    doan: Text | None = Field(default=None, title="Lời văn của mục",
                              description="Lời văn của mục (mặc định: noi_dung.<ma>)")
    bang: Bang | None = Field(default=None, title="Bảng của mục", description="Một bảng sau lời văn")
    danh_so_con: Literal["a)", "1.1."] | None = Field(default=None, title="Cách đánh số mục con",
                                                      description="Đánh số các mục con cấp 4: a) hoặc 1.1.")
    noi_dung: list[MucBaoCao] | None = Field(default=None, title="Các mục con",
                                             description="Các mục con (mục có sẵn giữ mục con của nó khi không ghi)")

    @model_validator(mode="after")
    def _titled(self) -> MucBaoCao:
        if self.ma is None and self.tieu_de is None:
            raise ValueError("mục mới phải có 'tieu_de' (hoặc 'ma' của một mục có sẵn)")
        return self


NoiDungMuc = Text | None  # narrative with light markup; empty -> a highlighted placeholder


def section(heading: str) -> Any:
    """A section's narrative field, not required, labelled "Lời văn mục «Công tác kiểm tra»"."""
    return Field(default=None, title=f"Lời văn mục «{heading}»")


class NoiDung(Model):
    """Narrative text of each section, in light markup (paragraphs, **đậm**, *nghiêng*, "- ", ^[chú thích])."""

    mo_dau: NoiDungMuc = Field(default=None, title="Lời văn mở đầu")
    lanh_dao_chi_dao: NoiDungMuc = section("Công tác lãnh đạo, chỉ đạo")
    trien_khai_phong_trao: NoiDungMuc = section("Công tác tổ chức triển khai các phong trào "
                                                "thi đua")
    phong_trao_chuyen_de_chung: NoiDungMuc = section("Kết quả các phong trào thi đua chuyên đề")
    kinh_te_xa_hoi: NoiDungMuc = section("Phong trào thi đua thực hiện nhiệm vụ phát triển kinh "
                                         "tế - xã hội")
    kinh_te_xa_hoi_khac: NoiDungMuc = section("Các kết quả kinh tế - xã hội khác")
    nong_thon_moi: NoiDungMuc = section("Phong trào “Cả nước chung sức xây dựng nông thôn mới”")
    giam_ngheo: NoiDungMuc = section("Phong trào “Vì người nghèo - Không để ai bị bỏ lại phía "
                                     "sau”")
    ket_cau_ha_tang: NoiDungMuc = section("Phong trào “Đẩy mạnh phát triển kết cấu hạ tầng đồng "
                                          "bộ, hiện đại; thực hành tiết kiệm, chống lãng phí”")
    van_hoa_cong_so: NoiDungMuc = section("Phong trào “Cán bộ, công chức, viên chức thi đua thực "
                                          "hiện văn hóa công sở”")
    xa_hoi_hoc_tap: NoiDungMuc = section("Phong trào “Cả nước thi đua xây dựng xã hội học tập, đẩy "
                                         "mạnh học tập suốt đời”")
    tuyen_truyen: NoiDungMuc = section("Công tác tuyên truyền, nhân rộng các gương điển hình tiên "
                                       "tiến")
    dien_hinh_tien_tien: NoiDungMuc = section("Các cá nhân điển hình tiên tiến tiêu biểu")
    khen_thuong: NoiDungMuc = section("Công tác khen thưởng")
    kiem_tra: NoiDungMuc = section("Công tác kiểm tra")
    boi_duong: NoiDungMuc = section("Công tác bồi dưỡng chuyên môn, nghiệp vụ")
    cai_cach_hanh_chinh: NoiDungMuc = section("Công tác cải cách hành chính, ứng dụng công nghệ "
                                              "thông tin")
    uu_diem: NoiDungMuc = section("Ưu điểm")
    han_che: NoiDungMuc = section("Hạn chế")
    nguyen_nhan: NoiDungMuc = section("Nguyên nhân")
    phuong_huong: NoiDungMuc = section("Phương hướng, nhiệm vụ công tác thi đua, khen thưởng "
                                       "năm sau")
    ket_luan: NoiDungMuc = Field(default=None, title="Câu kết của báo cáo",  # default from the kind
                                 description="Ví dụ: Trên đây là báo cáo … (mặc định theo loại văn bản)")
    nhiem_vu: list[Text] = Field(default=[], title="Các nhiệm vụ năm sau",
                                 description="Mỗi nhiệm vụ một dòng (tự đánh số)")
    kien_nghi: NoiDungMuc = section("Kiến nghị, đề xuất")
    # per member (keys are member names)
    chu_de_thi_dua: dict[Text, Text] = Field(default={}, title="Chủ đề (khẩu hiệu) thi đua của năm",
                                             description="Theo tên thành viên")
    phong_trao_chuyen_de: dict[Text, Text] = Field(default={}, title="Phong trào thi đua chuyên đề nổi bật",
                                                   description="Theo tên thành viên")
    cach_lam_hay: dict[Text, Text] = Field(default={}, title="Cách làm hay, mô hình mới",
                                           description="Theo tên thành viên")


class ThanhVienBaoCao(ThanhVien):
    """A member of the cluster, and who signs its own report (``tdkt batch --per-member``)."""

    nguoi_ky: NguoiKy | None = Field(default=None, title="Người ký báo cáo của thành viên",  # when made per member
                                     description="Mặc định: TM. Ủy ban nhân dân, Chủ tịch; họ tên để trống")


class BaoCaoTongKet(VanBan):
    """Báo cáo tổng kết phong trào thi đua, công tác khen thưởng năm N và phương hướng, nhiệm vụ năm N+1."""

    loai: Literal["bao_cao_tong_ket"] = Field(title=KIND)
    nam: Year = Field(title=YEAR)
    cum: Text = Field(title=CLUSTER, description="Ví dụ: Cụm thi đua 7 tỉnh Miền núi Biên giới phía Bắc")
    thanh_vien: list[ThanhVienBaoCao] = Field(min_length=2, title="Các thành viên của Cụm")
    so_lieu: SoLieu = Field(default=SoLieu(), title="Số liệu")
    noi_dung: NoiDung = Field(default=NoiDung(), title="Lời văn các mục")
    muc: list[MucBaoCao] | None = Field(default=None, title=OUTLINE,
                                        description="Dàn ý riêng (mặc định: dàn ý có sẵn của báo cáo tổng kết)")
    bo_muc: list[Text] = Field(default=[], title=LEFT_OUT, description="Mã các mục có sẵn bỏ khỏi dàn ý mặc định")
    phu_luc: list[Literal["chi_tieu", "khen_thuong"]] = Field(default=["chi_tieu", "khen_thuong"], title="Các phụ lục",
                                                              description="Các phụ lục; [] là không có phụ lục")


class SoLieuDonVi(Model):
    """A unit's own figures: documents issued, indicators, awards by form; every part is optional."""

    van_ban: Count | None = Field(default=None, title=DOCUMENTS)
    chi_tieu: ChiTieu = Field(default=ChiTieu(), title="Chỉ tiêu kinh tế - xã hội chủ yếu")
    khen_thuong: dict[Text, SoKhenThuong] = Field(default={}, title="Kết quả khen thưởng",  # award form code -> counts
                                                  description="Theo mã hình thức khen thưởng")
    don_vi_tien: DonViTien = Field(default="tỷ đồng", title="Đơn vị tiền",
                                   description="Đơn vị của thu_ngan_sach, in đúng như vậy")


class NoiDungDonVi(Model):
    """Narrative of a unit's own report, section by section (light markup)."""

    mo_dau: NoiDungMuc = Field(default=None, title="Lời văn mở đầu")
    lanh_dao_chi_dao: NoiDungMuc = section("Công tác lãnh đạo, chỉ đạo")
    chu_de_thi_dua: NoiDungMuc = Field(default=None, title="Chủ đề (khẩu hiệu) thi đua của năm")
    hoi_dong_tdkt: NoiDungMuc = section("Hoạt động của Hội đồng Thi đua - Khen thưởng")
    khoi_cum: NoiDungMuc = section("Hoạt động của Khối, Cụm thi đua")
    kinh_te_xa_hoi: NoiDungMuc = section("Phong trào thi đua phát triển kinh tế - xã hội")
    phong_trao_chuyen_de: NoiDungMuc = section("Phong trào thi đua chuyên đề")
    tuyen_truyen: NoiDungMuc = section("Công tác tuyên truyền, nhân rộng điển hình tiên tiến")
    khen_thuong: NoiDungMuc = section("Công tác khen thưởng")
    kiem_tra: NoiDungMuc = section("Công tác kiểm tra")
    boi_duong: NoiDungMuc = section("Công tác bồi dưỡng chuyên môn, nghiệp vụ")
    ket_qua_dat_duoc: NoiDungMuc = section("Những kết quả đạt được")
    han_che: NoiDungMuc = section("Hạn chế")
    nguyen_nhan: NoiDungMuc = section("Nguyên nhân của hạn chế")
    phuong_huong: NoiDungMuc = section("Phương hướng, nhiệm vụ công tác thi đua, khen thưởng "
                                       "năm sau")
    nhiem_vu: list[Text] = Field(default=[], title="Các nhiệm vụ năm sau",
                                 description="Mỗi nhiệm vụ một dòng (tự đánh số)")
    ket_luan: NoiDungMuc = Field(default=None, title="Câu kết của báo cáo",
                                 description="Ví dụ: Trên đây là báo cáo … (mặc định theo loại văn bản)")


class BaoCaoDonVi(VanBan):
    """A unit's own yearly report: one province, district or department reporting for itself."""

    loai: Literal["bao_cao_don_vi"] = Field(title=KIND)
    nam: Year = Field(title=YEAR)
    don_vi: ThanhVien = Field(title="Đơn vị báo cáo", description="Đơn vị báo cáo: {ten: Lai Châu, loai: tỉnh}")
    cum: Text | None = Field(default=None, title=CLUSTER, description="Cụm thi đua mà đơn vị là thành viên (nếu có)")
    so_lieu: SoLieuDonVi = Field(default=SoLieuDonVi(), title="Số liệu")
    noi_dung: NoiDungDonVi = Field(default=NoiDungDonVi(), title="Lời văn các mục")
    muc: list[MucBaoCao] | None = Field(default=None, title=OUTLINE,
                                        description="Dàn ý riêng (mặc định: dàn ý có sẵn của báo cáo đơn vị)")
    bo_muc: list[Text] = Field(default=[], title=LEFT_OUT, description="Mã các mục có sẵn bỏ khỏi dàn ý mặc định")
