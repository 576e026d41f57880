"""The cluster's emulation pledge (giao ước thi đua): one document signed by every member, and one
registration form ("Bảng đăng ký giao ước thi đua") per member from the same data file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from .. import nd30
from ..data.images import ImageProblem, beside_data, read_png, seal_picture, signature_picture
from ..data.load import Loc
from ..document import figures as fg
from ..document.markup import inline, parse, placeholder
from ..document.tables import Cell, Row, SignatureBlock, SignatureGrid, Table
from ..reference import legal_basis
from ..vn import point_letter, upper
from . import common
from .common import Options, PerMember, Problems
from .models.giao_uoc import ChiTieu, ChiTieuDangKy, GiaoUoc, Muc, ThanhVienKy

MODEL = GiaoUoc
TEMPLATE = "giao_uoc.docx"
DOCUMENT_TYPE = "giao_uoc"


# ------------------------------------------------------------------ checks beyond the schema


def cross_check(doc: GiaoUoc, options: Options) -> Problems:
    """Members named twice, a Trưởng cụm who is no member, missing registrations or image files."""
    names = [m.ten for m in doc.thanh_vien]
    problems = common.duplicate_members(names) + common.leaders(doc, names)
    if options.signed:
        problems += _image_problems(doc, options.base)
    return problems


def check_registration(doc: GiaoUoc, index: int) -> Problems:
    """A member's registration form needs its targets."""
    member = doc.thanh_vien[index]
    if member.dang_ky is not None:
        return []
    return [(("thanh_vien", index), f"thành viên '{member.ten}' chưa có bảng đăng ký ('dang_ky').",
             "Thêm mục 'dang_ky' với các chỉ tiêu đăng ký của thành viên này.")]


def _image_problems(doc: GiaoUoc, base: Path) -> Problems:
    problems: Problems = []
    for i, member in enumerate(doc.thanh_vien):
        for key, what in (("chu_ky", "ảnh chữ ký"), ("con_dau", "ảnh con dấu")):
            relative = getattr(member, key)
            if relative is None:
                continue
            try:
                read_png(beside_data(base, relative))
            except ImageProblem as problem:
                problems.append((("thanh_vien", i, key), f"{what} của thành viên '{member.ten}' ({relative}): "
                                 f"{problem}.", "Sửa đường dẫn (tính từ thư mục của tệp dữ liệu) hoặc "
                                 "bỏ trường này để để trống chỗ ký."))
    return problems


def mismatches(doc: GiaoUoc) -> list[tuple[Loc, str, str, str]]:
    return []  # the pledge states no totals of its own


# ------------------------------------------------------------------ derive: the pledge


def derive(doc: GiaoUoc, options: Options) -> dict[str, Any]:
    """The render context of the pledge."""
    members = common.members_word(doc.thanh_vien)
    context = common.header(doc, DOCUMENT_TYPE, f"Giao ước thi đua năm {doc.nam}",
                            doc.trich_yeu or f"Giữa các {members} thành viên {doc.cum}")
    context.update({
        "nam": doc.nam,
        "cum": doc.cum,
        "can_cu": nd30.can_cu_lines(_can_cu(doc)),
        "mo_dau": inline(doc.mo_dau or f"Các {members} thành viên {doc.cum} thống nhất ký kết giao ước thi đua "
                                      f"năm {doc.nam} với các nội dung sau:"),
        "muc_dich_yeu_cau": parse(doc.muc_dich_yeu_cau) or placeholder("Mục đích, yêu cầu", "muc_dich_yeu_cau"),
        "chi_tieu": _targets_table(doc.chi_tieu),
        "noi_dung_thi_dua": [inline(f"{point_letter(i)}) {text}") for i, text in
                             enumerate(doc.noi_dung_thi_dua, 1)] or placeholder("Nội dung thi đua", "noi_dung_thi_dua"),
        "to_chuc_thuc_hien": parse(doc.to_chuc_thuc_hien) or placeholder("Tổ chức thực hiện", "to_chuc_thuc_hien"),
        "so_ban": _copies_sentence(doc),
        "chu_ky_cac_ben": _signature_grid(doc, options),
        "noi_nhan": nd30.noi_nhan_lines(doc.noi_nhan, doc.luu) if doc.noi_nhan else [],
    })
    return context


def _can_cu(doc: GiaoUoc) -> list[str]:
    given = doc.can_cu if doc.can_cu is not None else legal_basis(doc.ngay.as_date())
    return [*given, *doc.can_cu_bo_sung]


def _level(value: Muc, loc: Loc) -> str:
    if isinstance(value, (int, Decimal)):
        return fg.number(fg.data(value, loc, "mức chỉ tiêu"))
    fg.use(loc)
    return value


def _targets_table(targets: list[ChiTieu]) -> Table:
    header = Row((Cell("STT"), Cell("Chỉ tiêu"), Cell("Đơn vị tính"), Cell("Mức phấn đấu")), "header")
    rows = [Row((Cell(str(i)), Cell(t.noi_dung, align="left"), Cell(t.don_vi_tinh or ""),
                 Cell(_level(t.muc, ("chi_tieu", i - 1, "muc"))))) for i, t in enumerate(targets, 1)]
    return Table((1.2, 9.3, 2.5, 3.5), (header, *rows), font_pt=13)


def _copies_sentence(doc: GiaoUoc) -> str:
    """ "08 bản có giá trị như nhau, mỗi tỉnh giữ 01 bản, 01 bản gửi …": the count follows the members."""
    copies = fg.counted([m.ten for m in doc.thanh_vien] + list(doc.ban_gui_them), "số bản (mỗi thành viên một bản và "
                                                                                  "các bản gửi thêm)")
    one = fg.constant(1, "mỗi thành viên, mỗi nơi nhận thêm một bản")
    sentence = (f"{fg.count(copies)} bản có giá trị như nhau, mỗi {common.members_word(doc.thanh_vien)} giữ "
                f"{fg.count(one)} bản")
    return sentence + "".join(f", {fg.count(one)} bản gửi {body}" for body in doc.ban_gui_them)


def _signature_grid(doc: GiaoUoc, options: Options) -> SignatureGrid:
    """Every member's cell in a grid whose shape is measured from the page (``nd30.signature_grid_shape``):
    the same for the signed and the unsigned document, so both break pages alike."""
    members = common.leaders_first(doc, doc.thanh_vien)
    closing = f"Giao ước thi đua năm {doc.nam} có hiệu lực kể từ ngày ký, được lập thành {_copies_sentence(doc)}./."
    shape = nd30.signature_grid_shape([_grid_cell(m) for m in members],
                                      reserve_cm=nd30.paragraph_height_cm(closing, "Nội dung"))
    cell_cm = nd30.grid_cell_cm(shape.columns)
    blocks = [_signature_block(m, options, cell_cm, shape.size_pt) for m in members]
    return SignatureGrid(tuple(blocks), shape.columns, shape.size_pt)


def _lines(member: ThanhVienKy, width_cm: float, size_pt: float) -> list[str]:
    """The signer's lines of ``member``'s cell, broken by ``nd30.break_lines`` at the cell's width."""
    signer = member.nguoi_ky
    lines = nd30.signer_lines(thay_mat=signer.thay_mat or member.ten_co_quan, ky_thay=signer.ky_thay,
                              chuc_vu=signer.chuc_vu, prefix=signer.tham_quyen, width_cm=width_cm, size_pt=size_pt,
                              names=(member.ten,))
    title = nd30.break_lines(upper(signer.chuc_danh), width_cm, size_pt, True, (member.ten,)) \
        if signer.chuc_danh else []
    return [*lines, *title]


def _grid_cell(member: ThanhVienKy) -> nd30.GridCell:
    """What ``member``'s cell must hold: the lines (``break_lines`` keeps "ỦY BAN NHÂN DÂN", the locality and the
    titles whole, so a line too wide for the cell rules its shape out), the name, the seal's width when the data
    has a seal image (signed or not, so the shape does not change)."""
    signer = member.nguoi_ky
    return nd30.GridCell(lines=lambda width, size: _lines(member, width, size), name=signer.ho_ten,
                         seal_cm=float(member.con_dau_mm) / 10 if member.con_dau else None,
                         image=member.chu_ky is not None)


def _signature_block(member: ThanhVienKy, options: Options, cell_cm: float, size_pt: float) -> SignatureBlock:
    signed = options.signed and member.chu_ky is not None
    seal_cm = float(member.con_dau_mm) / 10 if member.con_dau else None
    box = nd30.signature_box_width_cm(cell_cm, seal_cm)
    return SignatureBlock(
        lines=tuple(_lines(member, cell_cm, size_pt)), ho_ten=member.nguoi_ky.ho_ten, ten=member.ten,
        chu_ky=signature_picture(beside_data(options.base, member.chu_ky), box) if signed and member.chu_ky else None,
        con_dau=seal_picture(beside_data(options.base, member.con_dau), member.con_dau_mm) if signed and member.con_dau
        else None)


# ------------------------------------------------------------------ derive: one member's registration form


def derive_registration(doc: GiaoUoc, member: ThanhVienKy, options: Options) -> dict[str, Any]:
    """The render context of ``member``'s registration form: its own targets only."""
    registration = member.dang_ky
    assert registration is not None  # check_registration comes first
    body = member.ten_co_quan
    signer = member.nguoi_ky.model_copy(update={"thay_mat": member.nguoi_ky.thay_mat or body})
    context = common.member_header(member, registration.ngay or doc.ngay,
                                   f"Bảng đăng ký giao ước thi đua năm {doc.nam}", f"Của {body}",
                                   so_ky_hieu=nd30.so_ky_hieu(None, nd30.ky_hieu("dang_ky_thi_dua", "UBND")),
                                   du_thao=doc.du_thao)  # the province numbers it when it signs
    context.update({
        "kinh_gui": common.kinh_gui([f"Trưởng {doc.cum}"]),
        "nam": doc.nam,
        "cum": doc.cum,
        "mo_dau": inline(f"Thực hiện phong trào thi đua của {doc.cum} năm {doc.nam}, {body} đăng ký giao ước "
                         f"thi đua năm {doc.nam} như sau:"),
        "danh_hieu": [inline(line) for line in nd30.list_lines(registration.danh_hieu)],
        "chi_tieu": _registration_table(registration.chi_tieu, doc.nam,
                                        ("thanh_vien", doc.thanh_vien.index(member), "dang_ky", "chi_tieu")),
    })
    context.update(common.signature(signer, ["Như trên", *registration.noi_nhan], registration.luu))
    return context


def _registration_table(targets: list[ChiTieuDangKy], year: int, loc: Loc) -> Table:
    header = Row((Cell("STT"), Cell("Nội dung chỉ tiêu"), Cell("Đơn vị tính"), Cell(f"Kế hoạch năm {year}"),
                  Cell("Ghi chú")), "header")
    rows = [Row((Cell(str(i)), Cell(t.noi_dung, align="left"), Cell(t.don_vi_tinh or ""),
                 Cell(_level(t.ke_hoach, (*loc, i - 1, "ke_hoach"))), Cell(t.ghi_chu or "", align="left")))
            for i, t in enumerate(targets, 1)]
    return Table((1.2, 7.3, 2.2, 2.8, 3.0), (header, *rows), font_pt=13)


PER_MEMBER = PerMember(template="dang_ky_giao_uoc.docx", prefix="dang-ky", members=lambda doc: doc.thanh_vien,
                       check=check_registration, derive=derive_registration)
