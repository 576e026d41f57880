"""A unit's own yearly report (``bao_cao_don_vi``): one province, district or department reporting for
itself, with no cluster around it. Its default outline follows a province's report (seed 002, Lai
Châu); like the cluster's report the outline is data. The province reports that ``bao_cao --per-member``
makes are this kind, built from the cluster's figures for one member (``from_cluster``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import naming, nd30
from ..data.load import Loc
from ..document import figures as fg
from ..document.common import CoQuan, NguoiKy
from ..document.figures import Figure
from ..document.markup import escape, inline, parse
from ..document.tables import Cell, Row, Table
from ..reference import award_forms
from ..vn import capital, format_date, roman, upper
from . import common, dan_y
from .dan_y import Block, Spec
from .models.bao_cao import BaoCaoDonVi, BaoCaoTongKet, ChiTieu, NoiDungDonVi, SoLieuDonVi, ThanhVienBaoCao
from .so_lieu import (
    AWARD_LEVELS,
    PARTIAL_NOTE,
    award_lines,
    award_phrase,
    award_row,
    entry,
    form_problems,
    level_of,
    share_phrase,
    total_of,
    traffic,
    traffic_changes,
    traffic_summary,
)

MODEL = BaoCaoDonVi
TRACKED = ("so_lieu", "noi_dung")  # every figure and text given there is printed or said unused
TEMPLATE = "bao_cao_don_vi.docx"
DOCUMENT_TYPE = "bao_cao"
PER_MEMBER = None

OUTLINE = (
    Spec("ket_qua", "Kết quả tổ chức phong trào thi đua, công tác khen thưởng năm {nam}", (
        Spec("lanh_dao_chi_dao", "Công tác lãnh đạo, chỉ đạo", (
            Spec("hoi_dong_tdkt", "Hoạt động của Hội đồng Thi đua - Khen thưởng"),
            Spec("khoi_cum", "Hoạt động của Khối, Cụm thi đua", tuy_chon=True),
        )),
        Spec("ket_qua_phong_trao", "Kết quả các phong trào thi đua, nhân điển hình tiên tiến", (
            Spec("kinh_te_xa_hoi", "Phong trào thi đua phát triển kinh tế - xã hội năm {nam}"),
            Spec("phong_trao_chuyen_de", "Phong trào thi đua chuyên đề"),
            Spec("tuyen_truyen", "Công tác tuyên truyền, nhân rộng điển hình tiên tiến"),
        ), van_ban=False),
        Spec("khen_thuong", "Công tác khen thưởng"),
        Spec("cong_tac_khac", "Công tác khác", (
            Spec("kiem_tra", "Công tác kiểm tra"),
            Spec("boi_duong", "Công tác bồi dưỡng chuyên môn, nghiệp vụ"),
        ), van_ban=False),
        Spec("danh_gia_chung", "Đánh giá chung", (
            Spec("ket_qua_dat_duoc", "Những kết quả đạt được"), Spec("han_che", "Hạn chế"),
            Spec("nguyen_nhan", "Nguyên nhân của hạn chế"),
        ), van_ban=False),
    ), van_ban=False),
    Spec("phuong_huong", "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng năm {nam_sau}"),
)
# Without a signer in the cluster's data: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH", the room to sign, and a
# placeholder where the name goes (the member fills it in).
DEFAULT_SIGNER = NguoiKy.model_construct(thay_mat="Ủy ban nhân dân", tham_quyen=None, ky_thay=None,
                                         chuc_vu="Chủ tịch", chuc_danh=None, ho_ten="[Họ và tên người ký]")


def cross_check(doc: BaoCaoDonVi, options: common.Options) -> list[tuple[Loc, str, str | None]]:
    entries = [(("so_lieu", "khen_thuong", code), code, counts) for code, counts in doc.so_lieu.khen_thuong.items()]
    return form_problems(entries, doc.nam) + dan_y.problems(OUTLINE, doc.muc, doc.bo_muc)


def mismatches(doc: BaoCaoDonVi) -> list[tuple[Loc, str, str, str]]:
    return dan_y.mismatches(doc.muc)


def warnings(doc: BaoCaoDonVi) -> list[tuple[Loc, str]]:
    return dan_y.absent(doc.muc)


def from_cluster(doc: BaoCaoTongKet, member: ThanhVienBaoCao) -> BaoCaoDonVi:
    """``member``'s own report from the cluster's data: its figures, its texts, its governing body as the
    issuer, a draft for the member to complete, number and sign."""
    name, texts = member.ten, doc.noi_dung

    def own(found: dict[str, str]) -> str | None:
        text = found.get(name)  # the cluster writes it to follow "Tỉnh X": the subject is put back in front
        return f"{capital(escape(member.ten_day_du))} {text}" if text else None

    return BaoCaoDonVi(
        loai="bao_cao_don_vi", co_quan=CoQuan(ten=member.ten_co_quan, viet_tat="UBND", chu_quan=None),
        so=None, trich_yeu=None, muc=None, bo_muc=[], dia_danh=name,
        ngay=doc.ngay, du_thao=True, noi_nhan=[f"Trưởng {doc.cum}", "Ban Thi đua - Khen thưởng Trung ương"],
        luu="VT", nguoi_ky=member.nguoi_ky or DEFAULT_SIGNER, nam=doc.nam, don_vi=member, cum=doc.cum,
        so_lieu=SoLieuDonVi(van_ban=doc.so_lieu.van_ban.get(name), chi_tieu=doc.so_lieu.chi_tieu.get(name) or ChiTieu(),
                            khen_thuong=doc.so_lieu.khen_thuong.get(name, {}), don_vi_tien=doc.so_lieu.don_vi_tien),
        noi_dung=NoiDungDonVi(chu_de_thi_dua=texts.chu_de_thi_dua.get(name),
                              phong_trao_chuyen_de=own(texts.phong_trao_chuyen_de),
                              tuyen_truyen=own(texts.cach_lam_hay)),
    )


Place = Callable[[Loc], Loc]  # a field of the unit's model -> where it stands in the data file


def cluster_place(member: str) -> Place:
    """Where a field of ``member``'s report built by ``from_cluster`` stands in the cluster's data file."""
    keyed = {("so_lieu", "chi_tieu"): ("so_lieu", "chi_tieu", member),
             ("so_lieu", "khen_thuong"): ("so_lieu", "khen_thuong", member),
             ("so_lieu", "van_ban"): ("so_lieu", "van_ban", member),
             ("noi_dung", "chu_de_thi_dua"): ("noi_dung", "chu_de_thi_dua", member),
             ("noi_dung", "phong_trao_chuyen_de"): ("noi_dung", "phong_trao_chuyen_de", member),
             ("noi_dung", "tuyen_truyen"): ("noi_dung", "cach_lam_hay", member)}

    def place(loc: Loc) -> Loc:
        head = tuple(loc[:2])
        return (*keyed[head], *loc[2:]) if head in keyed else tuple(loc)

    return place


def _same(loc: Loc) -> Loc:
    return tuple(loc)


def derive(doc: BaoCaoDonVi, options: common.Options, place: Place = _same) -> dict[str, Any]:
    """The render context of the unit's report: every number from its own figures (``place``: where each
    field stands in the data file, for a report made from the cluster's data)."""
    body = naming.governing_body(doc.don_vi) if doc.don_vi.co_quan is None else doc.don_vi.co_quan
    context = common.frame(doc, DOCUMENT_TYPE, "Báo cáo", doc.trich_yeu or (
        f"Tổng kết phong trào thi đua, công tác khen thưởng năm {doc.nam}; phương hướng, nhiệm vụ công tác thi "
        f"đua, khen thưởng năm {doc.nam + 1}"))
    unit = _Unit(doc, place)
    fg.use(place(("so_lieu", "don_vi_tien")))
    awards = _award_table(unit) if unit.by_form else None
    words = {"nam": str(doc.nam), "nam_sau": str(doc.nam + 1), "cac": ""}
    computed: dict[str, dan_y.Computed] = {
        "lanh_dao_chi_dao": lambda _: _leadership(unit, body),
        "kinh_te_xa_hoi": lambda _: _economy(unit),
        "khen_thuong": lambda _: _awards(unit, awards is not None),
        "phuong_huong": lambda _: _tasks(unit),
    }
    blocks = dan_y.blocks(OUTLINE, doc.muc, doc.bo_muc, dan_y.texts(doc.noi_dung), computed, words)
    fg.use(place(("noi_dung", "ket_luan")))
    fg.use(place(("noi_dung", "mo_dau")))
    closing = doc.noi_dung.ket_luan or (f"Trên đây là báo cáo tổng kết phong trào thi đua, công tác khen thưởng năm "
                                        f"{doc.nam} của {body}./.")
    context.update({
        "nam": doc.nam, "nam_sau": doc.nam + 1, "don_vi": doc.don_vi.ten_day_du,
        "mo_dau": parse(doc.noi_dung.mo_dau),
        "than": blocks,
        "ket_luan": inline(closing),
        "phu_luc": [] if awards is None else dan_y.appendix(
            "", upper(f"Tổng hợp kết quả khen thưởng năm {doc.nam} {doc.don_vi.ten_day_du}"),
            f"(Kèm theo Báo cáo số {context['so_ky_hieu_ngan']} {format_date(doc.ngay)} của {body})",
            [("", awards)], [PARTIAL_NOTE] if unit.total is not None and unit.total.partial else []),
    })
    return context


class _Unit:
    """The unit's figures, each with where it stands in the data file."""

    def __init__(self, doc: BaoCaoDonVi, place: Place) -> None:
        self.doc, self.place = doc, place
        self.by_form = {code: entry(counts, place(("so_lieu", "khen_thuong", code)))
                        for code, counts in doc.so_lieu.khen_thuong.items()}
        self.total = total_of(self.by_form.values(), "tổng số") if self.by_form else None

    def of(self, key: str) -> Figure:
        return fg.data(getattr(self.doc.so_lieu.chi_tieu, key), self.place(("so_lieu", "chi_tieu", key)), key)

    def traffic(self) -> dict[str, Figure] | None:
        changes = self.doc.so_lieu.chi_tieu.an_toan_giao_thong
        return None if changes is None else traffic(changes, self.place(("so_lieu", "chi_tieu", "an_toan_giao_thong")))


def _leadership(unit: _Unit, body: str) -> list[Block]:
    doc = unit.doc
    blocks: list[Block] = []
    issued = fg.data(doc.so_lieu.van_ban, unit.place(("so_lieu", "van_ban")), "số văn bản ban hành")
    if issued.given:
        member = f"; thực hiện tốt nhiệm vụ của thành viên {doc.cum}" if doc.cum else ""
        blocks.append(inline(f"Trong năm {doc.nam}, {escape(body)} đã ban hành {fg.count(issued)} văn bản chỉ đạo, "
                             f"tổ chức, triển khai công tác thi đua, khen thưởng{member}."))
    return blocks + _theme(unit, body)


def _theme(unit: _Unit, body: str) -> list[Block]:
    """The unit's emulation theme as a sentence: lead-in, the theme in quotes, full stop (a text already
    written as a sentence, or with its own quotes, is kept as written)."""
    doc = unit.doc
    fg.use(unit.place(("noi_dung", "chu_de_thi_dua")))
    theme = (doc.noi_dung.chu_de_thi_dua or "").strip()
    if not theme or (theme.endswith((".", "”")) and "“" in theme) or "\n" in theme:
        return [*parse(doc.noi_dung.chu_de_thi_dua)]
    return [inline(f"{capital(escape(body))} đã phát động phong trào thi đua năm {doc.nam} với chủ đề "
                   f"“*{escape(theme.rstrip('.'))}*”.")]


def _tasks(unit: _Unit) -> list[Block]:
    fg.use(unit.place(("noi_dung", "nhiem_vu")))
    return [inline(f"{i}. {t}") for i, t in enumerate(unit.doc.noi_dung.nhiem_vu, 1)]


def _economy(unit: _Unit) -> list[Block]:
    """The unit's own indicators, one sentence each, for every figure it gives (a 0 given prints)."""
    doc, year, money = unit.doc, unit.doc.nam, unit.doc.so_lieu.don_vi_tien
    whole = f"Toàn {naming.kind(doc.don_vi.loai).word}"
    f = {key: unit.of(key) for key in type(doc.so_lieu.chi_tieu).model_fields if key != "an_toan_giao_thong"}
    lines = []
    if f["tang_truong_grdp"].given:
        lines.append(f"Tốc độ tăng trưởng kinh tế (GRDP) đạt {fg.percent(f['tang_truong_grdp'])}.")
    planned = f"đạt {fg.percent(f['thu_ngan_sach_dat'])} kế hoạch" if f["thu_ngan_sach_dat"].given else ""
    if f["thu_ngan_sach"].given:
        lines.append(f"Thu ngân sách trên địa bàn đạt {fg.number(f['thu_ngan_sach'])} {money}"
                     f"{f' ({planned})' if planned else ''}.")
    elif planned:
        lines.append(f"Thu ngân sách trên địa bàn {planned}.")
    if f["giam_ty_le_ho_ngheo"].given:
        lines.append(f"Tỷ lệ hộ nghèo giảm {fg.percent(f['giam_ty_le_ho_ngheo'])} so với cuối năm {year - 1}.")
    if f["giai_quyet_viec_lam"].given:
        lines.append(f"Giải quyết việc làm mới cho {fg.number(f['giai_quyet_viec_lam'])} lao động.")
    lines += _schools(f)
    lines += _new_rural(f, whole)
    if f["xa_dat_chuan_y_te"].given:
        of = (f" (đạt {fg.percent(fg.share(f['xa_dat_chuan_y_te'], f['tong_so_xa_y_te'], 'tỷ lệ xã đạt chuẩn y tế'))})"
              if f["tong_so_xa_y_te"].given else "")
        lines.append(f"{whole} có {fg.fraction(f['xa_dat_chuan_y_te'], f['tong_so_xa_y_te'])} xã đạt chuẩn quốc gia "
                     f"về y tế{of}.")
    changes = unit.traffic()
    if changes is not None:
        lines.append(f"Tai nạn giao thông so với cùng kỳ: {traffic_summary(changes)[0].lower()}"
                     f"{traffic_summary(changes)[1:]} ({traffic_changes(changes)}).")
    return [inline(f"- {line}") for line in lines]


def _schools(f: dict[str, Figure]) -> list[str]:
    if f["truong_dat_chuan"].given:
        of = (f", trong đó {fg.count(f['truong_dat_chuan_trong_nam'])} trường được công nhận trong năm"
              if f["truong_dat_chuan_trong_nam"].given else "")
        return [f"Có {fg.number(f['truong_dat_chuan'])} trường đạt chuẩn quốc gia{of}."]
    if f["truong_dat_chuan_trong_nam"].given:
        return [f"Trong năm có {fg.count(f['truong_dat_chuan_trong_nam'])} trường được công nhận đạt chuẩn quốc "
                "gia."]
    return []


def _new_rural(f: dict[str, Figure], whole: str) -> list[str]:
    lines = []
    above = [f"{fg.count(f[key])} xã đạt chuẩn nông thôn mới {label}" for key, label in
             (("xa_nong_thon_moi_nang_cao", "nâng cao"), ("xa_nong_thon_moi_kieu_mau", "kiểu mẫu")) if f[key].given]
    of_which = f", trong đó {', '.join(above)}" if above else ""
    if f["xa_nong_thon_moi"].given:
        share = fg.share(f["xa_nong_thon_moi"], f["tong_so_xa"], "tỷ lệ xã đạt chuẩn nông thôn mới")
        lines.append(f"{whole} có {fg.fraction(f['xa_nong_thon_moi'], f['tong_so_xa'])} xã đạt chuẩn nông thôn mới "
                     f"(đạt {fg.percent(share)}){of_which}.")
    elif above:
        lines.append(f"{whole} có {', '.join(above)}.")
    if f["huyen_nong_thon_moi"].given:
        of = (f" (đạt {fg.percent(fg.share(f['huyen_nong_thon_moi'], f['tong_so_huyen'], 'tỷ lệ huyện đạt chuẩn'))})"
              if f["tong_so_huyen"].given else "")
        lines.append(f"{whole} có {fg.fraction(f['huyen_nong_thon_moi'], f['tong_so_huyen'])} huyện, thị xã, thành "
                     f"phố đạt chuẩn, hoàn thành nhiệm vụ xây dựng nông thôn mới{of}.")
    return lines


def _awards(unit: _Unit, appendix: bool) -> list[Block]:
    """ "1. Khen thưởng cấp Nhà nước: …, trong đó:" and its lines, per level that has awards; the share of
    direct workers (over the forms that give them)."""
    by_form = unit.by_form
    if not by_form or unit.total is None:
        return []
    blocks: list[Block] = []
    levels = [(level, title) for level, title in AWARD_LEVELS if any(level_of(c) == level for c in by_form)]
    for number, (level, title) in enumerate(levels, 1):
        codes = [c for c in award_forms() if c in by_form and level_of(c) == level]
        lines = award_lines(by_form, codes)
        total = award_phrase(total_of(by_form[c] for c in codes))
        blocks.append(inline(f"{number}. {title}: {total}{', trong đó:' if lines else '.'}"))
        blocks += [inline(escape(line)) for line in nd30.list_lines(lines, dash="")]
    if unit.total.share.given:
        detail = " (chi tiết tại Phụ lục kèm theo)" if appendix else ""
        blocks.append(inline(f"Tập thể nhỏ, người lao động trực tiếp được khen thưởng chiếm "
                             f"{share_phrase(unit.total)} tổng số tập thể, cá nhân được khen thưởng{detail}."))
    return blocks


def _award_table(unit: _Unit) -> Table:
    forms, by_form = award_forms(), unit.by_form
    header = Row(tuple(Cell(h) for h in ("STT", "Hình thức khen thưởng", "Tổng số", "Tập thể", "Cá nhân",
                                         "Tập thể nhỏ, người LĐ trực tiếp", "Tỷ lệ (%)")), "header")
    assert unit.total is not None
    rows = [header, award_row("", "Tổng số", unit.total, "total")]
    for number, (level, title) in enumerate(AWARD_LEVELS, 1):
        codes = [c for c in forms if c in by_form and level_of(c) == level]
        if codes:
            rows.append(award_row(roman(number), title, total_of(by_form[c] for c in codes), "group"))
            rows += [award_row(str(i), forms[c].ten, by_form[c], "body") for i, c in enumerate(codes, 1)]
    numbers = (2.4, 2.4, 2.4, 3.2, 2.4)  # the table spans the landscape page, as its title does
    return Table((1.2, round(nd30.LANDSCAPE_TEXT_WIDTH_CM - 1.2 - sum(numbers), 3), *numbers), tuple(rows), font_pt=11)
