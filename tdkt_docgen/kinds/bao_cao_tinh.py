"""Each member province's own yearly report, from the cluster's data file (``--per-member``).

The outline follows a province's report (seed 002, Lai Châu): leadership, the movements with the
province's own indicators, awards by level with their shares, other work, and the coming year; its
award table is the appendix. Every number comes from the cluster's figures for that one member.
"""

from __future__ import annotations

from typing import Any

from .. import nd30
from ..markup import Para, escape, inline, parse, placeholder
from ..models.bao_cao import BaoCaoTongKet, ChiTieu, SoKhenThuong, ThanhVienBaoCao
from ..models.common import NguoiKy
from ..reference import award_forms, award_groups
from ..tables import Cell, Row, Table
from ..vn import BLANK, capital, format_count, format_date, format_number, format_percent, roman
from . import common
from .bao_cao import AWARD_LEVELS, award_phrase, award_row, percent, total_of, traffic_summary
from .common import Options

TEMPLATE = "bao_cao_tinh.docx"
# Without a signer in the data: "TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH", the room to sign, and a placeholder
# where the name goes (the province fills it in).
DEFAULT_SIGNER = NguoiKy.model_construct(thay_mat="Ủy ban nhân dân", tham_quyen=None, ky_thay=None,
                                         chuc_vu="Chủ tịch", chuc_danh=None, ho_ten="[Họ và tên người ký]")


def check(doc: BaoCaoTongKet, index: int) -> list[Any]:
    return []  # the cluster's checks already ask every member for its figures


def derive(doc: BaoCaoTongKet, member: ThanhVienBaoCao, options: Options) -> dict[str, Any]:
    """The render context of ``member``'s own report."""
    name, place = member.ten, member.ten_day_du
    figures = doc.so_lieu.chi_tieu[name]
    awards = _awards(doc.so_lieu.khen_thuong[name])
    signer = member.nguoi_ky or DEFAULT_SIGNER
    total = awards["tong"]
    context = common.member_header(
        member, doc.ngay, "Báo cáo", f"Tổng kết phong trào thi đua, công tác khen thưởng năm {doc.nam}; phương "
                                     f"hướng, nhiệm vụ công tác thi đua, khen thưởng năm {doc.nam + 1}",
        so_ky_hieu=f"Số: {BLANK}/BC-UBND", du_thao=True)  # the province completes, numbers and signs it
    context.update({
        "nam": doc.nam, "nam_sau": doc.nam + 1, "tinh": place, "cum": doc.cum,
        "van_ban": format_count(doc.so_lieu.van_ban[name]),
        "chu_de": _theme(doc, member),
        "kinh_te": _economy(figures, doc.nam, traffic_summary(figures)),
        "chuyen_de": _own(doc.noi_dung.phong_trao_chuyen_de, name, "Phong trào thi đua chuyên đề của tỉnh", place),
        "cach_lam_hay": _own(doc.noi_dung.cach_lam_hay, name, "Cách làm hay, điển hình tiên tiến của tỉnh", place),
        "khen_thuong": awards,
        "ty_le_truc_tiep": format_percent(percent(total.lao_dong_truc_tiep, total.tong_so)),
        "phuong_huong": placeholder("Phương hướng, nhiệm vụ năm sau của tỉnh"),
        "phu_luc": {"kem_theo": f"(Kèm theo Báo cáo số {BLANK}/BC-UBND {format_date(doc.ngay)} của "
                                f"Ủy ban nhân dân {place})",
                    "khen_thuong": _award_table(doc.so_lieu.khen_thuong[name])},
    })
    context.update(common.signature(signer, [f"Trưởng {doc.cum}", "Ban Thi đua - Khen thưởng Trung ương"], "VT"))
    return context


def _theme(doc: BaoCaoTongKet, member: ThanhVienBaoCao) -> list[Para]:
    """The province's emulation theme as a sentence: lead-in, the theme in quotes, full stop."""
    theme = doc.noi_dung.chu_de_thi_dua.get(member.ten)
    if not theme:
        return placeholder("Chủ đề, phương châm thi đua của tỉnh")
    return [inline(f"{capital(escape(member.ten_co_quan))} đã phát động phong trào thi đua năm {doc.nam} với chủ "
                   f"đề “*{escape(theme.strip().rstrip('.'))}*”.")]


def _own(texts: dict[str, str], name: str, title: str, subject: str | None = None) -> list[Para]:
    """The member's own text from the cluster's file; the cluster writes it to follow "Tỉnh X", so the
    subject is put back in front when given."""
    text = texts.get(name)
    if text and subject:
        text = f"{capital(escape(subject))} {text}"
    return parse(text) or placeholder(title)


def _economy(c: ChiTieu, year: int, traffic: str) -> list[Para]:
    """The province's own indicators, one sentence each."""
    planned = f" (đạt {format_percent(c.thu_ngan_sach_dat)} kế hoạch)" if c.thu_ngan_sach_dat else ""
    schools = (f", trong đó {format_count(c.truong_dat_chuan_trong_nam)} trường được công nhận trong năm"
               if c.truong_dat_chuan_trong_nam else "")
    lines = [
        f"Tốc độ tăng trưởng kinh tế (GRDP) đạt {format_percent(c.tang_truong_grdp)}.",
        f"Thu ngân sách trên địa bàn đạt {format_number(c.thu_ngan_sach)} tỷ đồng{planned}.",
        f"Tỷ lệ hộ nghèo giảm {format_percent(c.giam_ty_le_ho_ngheo)} so với cuối năm {year - 1}.",
        f"Giải quyết việc làm mới cho {format_number(c.giai_quyet_viec_lam)} lao động.",
        f"Có {format_number(c.truong_dat_chuan)} trường đạt chuẩn quốc gia{schools}.",
        f"Toàn tỉnh có {format_number(c.xa_nong_thon_moi)}/{format_number(c.tong_so_xa)} xã đạt chuẩn nông thôn "
        "mới (đạt "
        f"{format_percent(percent(c.xa_nong_thon_moi, c.tong_so_xa))}), trong đó "
        f"{format_count(c.xa_nong_thon_moi_nang_cao)} xã đạt chuẩn nông thôn mới nâng cao, "
        f"{format_count(c.xa_nong_thon_moi_kieu_mau)} xã đạt chuẩn nông thôn mới kiểu mẫu.",
        f"An toàn giao thông so với cùng kỳ: {traffic[0].lower()}{traffic[1:]}.",
    ]
    return [inline(f"- {line}") for line in lines]


def _awards(by_form: dict[str, SoKhenThuong]) -> dict[str, Any]:
    """Totals and "- form: n tập thể và m cá nhân;" lines per level (nhà nước, tỉnh)."""
    forms, groups = award_forms(), award_groups()
    result: dict[str, Any] = {"tong": total_of(by_form.values())}
    for level, _ in AWARD_LEVELS:
        codes = [c for c in forms if c in by_form and groups[forms[c].nhom].cap == level and by_form[c].tong_so]
        lines = [f"- {forms[c].ten}: {award_phrase(by_form[c])}" for c in codes]
        total = total_of(by_form[c] for c in codes)
        result[level] = {
            "tong_chu": award_phrase(total) or "0 tập thể, cá nhân",
            "dong": nd30.list_lines(lines, dash=""),
        }
    return result


def _award_table(by_form: dict[str, SoKhenThuong]) -> Table:
    forms, groups = award_forms(), award_groups()
    header = Row(tuple(Cell(h) for h in ("STT", "Hình thức khen thưởng", "Tổng số", "Tập thể", "Cá nhân",
                                         "Tập thể nhỏ, người LĐ trực tiếp", "Tỷ lệ (%)")), "header")

    rows = [header, award_row("", "Tổng số", total_of(by_form.values()), "total")]
    for number, (level, title) in enumerate(AWARD_LEVELS, 1):
        codes = [c for c in forms if c in by_form and groups[forms[c].nhom].cap == level]
        if codes:
            rows.append(award_row(roman(number), title, total_of(by_form[c] for c in codes), "group"))
            rows += [award_row(str(i), forms[c].ten, by_form[c], "body") for i, c in enumerate(codes, 1)]
    numbers = (2.4, 2.4, 2.4, 3.2, 2.4)  # the table spans the landscape page, as its title does
    name = nd30.LANDSCAPE_TEXT_WIDTH_CM - 1.2 - sum(numbers)
    return Table((1.2, round(name, 3), *numbers), tuple(rows), font_pt=11)
