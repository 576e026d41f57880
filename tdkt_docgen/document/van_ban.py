"""The generic Decree 30 document (``loai: van_ban``): the common frame plus a free outline of any depth,
tables given in the data and appendices. Báo cáo, kế hoạch, tờ trình, thông báo, quyết định … differ only
in ``ten_loai`` (the symbol's type code follows from it) and in their outline."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from .common import KIND, CanCu, KinhGui, Model, So, Text, VanBan

# Heading levels of the outline, outermost first: what numbers each level's headings.
CapDeMuc = Literal["phan", "phan_thu", "chuong", "muc", "khoan", "tieu_khoan", "diem", "dieu"]
DinhDang = Literal["chu", "so", "phan_tram", "dem"]

# A table cell as typed: a number, a text, or nothing (an absent figure, left empty, never 0).
GiaTri = int | Decimal | str | None


class Cot(Model):
    """A column of a table: its header (when ``dau`` is not given), width, alignment and number format."""

    ten: Text | None = Field(None, title="Tên cột", description="Tên cột (dòng tiêu đề khi không có 'dau')")
    ma: Text | None = Field(None, title="Mã cột", description="Mã cột, dùng trong 'tong.ghi' (mặc định: tên cột)")
    rong: Annotated[Decimal, Field(gt=0)] = Field(Decimal(1), title="Độ rộng cột",
                                                  description="Độ rộng tương đối của cột")
    canh: Literal["trai", "giua", "phai"] | None = Field(
        None, title="Canh lề", description="Canh lề: trai, giua, phai (mặc định: chữ canh trái, số canh phải)")
    dinh_dang: DinhDang = Field("chu", title="Định dạng số",
                                description="chu (giữ nguyên), so (1.234,5), phan_tram (52,83%), dem (05)")
    so_le: Annotated[int, Field(ge=0, le=6)] | None = Field(
        None, title="Số chữ số thập phân", description="Số chữ số thập phân (mặc định: như đã gõ; phần trăm: 2)")
    cong: bool | None = Field(None, title="Cộng ở dòng tổng",
                              description="Cộng cột này ở dòng tổng (mặc định: có với so, dem)")


class OTieuDe(Model):
    """A header cell that spans several columns (``gop_ngang``) or header rows (``gop_doc``)."""

    chu: Text = Field(title="Chữ trong ô tiêu đề", description="Chữ trong ô")
    gop_ngang: Annotated[int, Field(ge=1)] = Field(1, title="Số cột gộp", description="Số cột gộp (sang phải)")
    gop_doc: Annotated[int, Field(ge=1)] = Field(1, title="Số dòng gộp",
                                                 description="Số dòng tiêu đề gộp (xuống dưới)")


class DongNhom(Model):
    """A group row ("I. Khen thưởng cấp Nhà nước"): printed bold, not added to the total."""

    nhom: list[GiaTri] = Field(min_length=1, title="Dòng nhóm",
                               description="Các ô của dòng nhóm (in đậm, không cộng vào tổng)")


class DongTong(Model):
    """The total row: computed from the columns; totals stated in the source are checked against it."""

    nhan: Text = Field("Tổng cộng", title="Chữ ở đầu dòng tổng", description="Chữ ở đầu dòng tổng")
    ghi: dict[str, So] = Field({}, title="Số tổng ghi trong tài liệu gốc",
                               description="Số tổng ghi trong tài liệu gốc, theo mã hoặc tên cột: chỉ để đối chiếu; "
                                           "văn bản luôn dùng số tự cộng")


class Bang(Model):
    """A table given in the data: columns, header rows with merged cells, rows, an optional total row."""

    tieu_de: Text | None = Field(None, title="Tên bảng", description="Tên bảng, in đậm phía trên bảng")
    don_vi: Text | None = Field(None, title="Đơn vị tính của bảng",
                                description="Đơn vị tính chung, ví dụ: người (in 'Đơn vị tính: người')")
    cot: list[Cot] = Field(min_length=1, title="Các cột", description="Các cột")
    dau: list[list[Text | OTieuDe]] = Field(
        [], title="Các dòng tiêu đề",
        description="Các dòng tiêu đề (lặp lại ở đầu mỗi trang); ô gộp: {chu, gop_ngang, gop_doc}")
    dong: list[list[GiaTri] | DongNhom] = Field(
        min_length=1, title="Các dòng số liệu",
        description="Các dòng số liệu, mỗi dòng một danh sách ô; dòng nhóm: {nhom: [I, Tên nhóm, …]}")
    tong: DongTong | bool | None = Field(None, title="Dòng tổng",
                                         description="true hoặc {nhan, ghi}: thêm dòng tổng tự cộng")
    co_chu: Annotated[Decimal, Field(ge=10, le=14)] = Field(Decimal(12), title="Cỡ chữ trong bảng",
                                                            description="Cỡ chữ trong bảng")
    ghi_chu: Text | None = Field(None, title="Ghi chú dưới bảng", description="Ghi chú dưới bảng")


class Muc(Model):
    """A node of the outline: a heading (numbered from its depth, or as typed), its paragraphs, its table, and
    the nodes under it. A node without ``tieu_de`` is plain content at its place."""

    so: Text | None = Field(None, title="Số đề mục",
                            description="Số đề mục giữ nguyên như gõ (mặc định: tự đánh theo cấp)")
    danh_so: bool = Field(False, title="Đánh số đoạn",
                          description="Đánh số cả khi không có tiêu đề: số đứng đầu đoạn đầu tiên "
                                      "(khoản '1. …', 'Điều 1. …')")
    tieu_de: Text | None = Field(None, title="Tiêu đề của đề mục", description="Tiêu đề của đề mục")
    doan: Text | None = Field(None, title="Lời văn",
                              description="Lời văn: dòng trống tách đoạn, '- ' gạch đầu dòng, **đậm**, *nghiêng*, "
                                          "^[chú thích cuối trang]")
    bang: Bang | None = Field(None, title="Bảng", description="Một bảng sau lời văn")
    noi_dung: list[Muc] = Field([], title="Các đề mục bên trong",
                                description="Các đề mục (hoặc đoạn, bảng) bên trong")


class PhuLuc(Model):
    """An appendix: its own section, portrait or landscape, with the "Kèm theo …" line."""

    so: Text | None = Field(None, title="Số phụ lục",
                            description="Số phụ lục: I, II… (mặc định: tự đánh khi có nhiều phụ lục)")
    tieu_de: Text = Field(title="Tên phụ lục", description="Tên phụ lục")
    kem_theo: Text | None = Field(None, title="Dòng Kèm theo",
                                  description="Dòng 'Kèm theo …' (mặc định: tính từ tên loại, số, ngày, cơ quan)")
    huong: Literal["doc", "ngang"] = Field("doc", title="Hướng trang",
                                           description="Trang dọc (doc) hay ngang (ngang)")
    noi_dung: list[Muc] = Field(min_length=1, title="Nội dung phụ lục",
                                description="Nội dung phụ lục (đề mục, đoạn, bảng)")


class VanBanTuDo(VanBan):
    """Any Decree 30 document whose outline is in the data."""

    loai: Literal["van_ban"] = Field(title=KIND)
    ten_loai: Text = Field(title="Tên loại văn bản",
                           description="Tên loại văn bản: BÁO CÁO, KẾ HOẠCH, TỜ TRÌNH, THÔNG BÁO, QUYẾT ĐỊNH…")
    ky_hieu_loai: Text | None = Field(None, title="Chữ viết tắt tên loại",
                                      description="Chữ viết tắt tên loại (mặc định theo Phụ lục III Nghị định 30: "
                                                  "BC, KH, TTr, TB, QĐ…)")
    trich_yeu: Text = Field(title="Trích yếu nội dung", description="Trích yếu nội dung")
    kinh_gui: KinhGui = []
    tham_quyen_ban_hanh: Text | None = Field(None, title="Thẩm quyền ban hành",
                                             description="Thẩm quyền ban hành in trên căn cứ (quyết định), ví dụ: "
                                                         "Chủ tịch Ủy ban nhân dân tỉnh")
    can_cu: CanCu = []
    danh_so: list[CapDeMuc] = Field(["muc", "khoan", "diem"], title="Cách đánh số đề mục",
                                    description="Cách đánh số từng cấp đề mục, từ ngoài vào: phan (Phần I), "
                                                "phan_thu (Phần thứ nhất), chuong, muc (I.), khoan (1.), tieu_khoan "
                                                "(1.1.), diem (a)), dieu (Điều 1.)")
    noi_dung: list[Muc] = Field(min_length=1, title="Nội dung văn bản", description="Nội dung: các đề mục lồng nhau")
    loi_ket: Text | None = Field(None, title="Câu kết",
                                 description="Câu kết (tự thêm '/.'), ví dụ: Sở Nội vụ trân trọng báo cáo")
    phu_luc: list[PhuLuc] = Field([], title="Các phụ lục", description="Các phụ lục")
    noi_nhan: list[Text] = Field([], title="Nơi nhận", description="Nơi nhận (mặc định: 'Như trên' khi có Kính gửi)")
