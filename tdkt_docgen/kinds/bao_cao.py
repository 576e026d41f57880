"""The cluster's yearly summary report: cross-checks, stated totals, and ``derive`` (every number).

Its outline is data (``OUTLINE``, today's sections, which a data file may reorder, drop, rename and
extend); each built-in section brings its narrative and the sentences computed here from the members'
figures. A figure no member gives leaves its sentence and its table row out; members are named by their
kind ("các huyện, thị xã, thành phố", "thành phố Điện Biên Phủ"), never by a typed "tỉnh".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .. import naming, nd30
from ..data.load import Loc
from ..document.markup import escape, inline, parse, placeholder
from ..document.tables import Cell, Row, RowKind, Table
from ..reference import award_forms
from ..vn import capital, format_count, format_date, format_number, format_percent, percent_number, roman, upper
from . import bao_cao_don_vi, common, dan_y
from .dan_y import Block, Spec
from .models.bao_cao import BaoCaoTongKet, ChiTieu, SoKhenThuong, ThanhVienBaoCao
from .so_lieu import (
    ATGT,
    AWARD_LEVELS,
    TWO,
    award_lines,
    award_phrase,
    award_row,
    dash,
    form_problems,
    level_of,
    percent,
    share,
    total_of,
    traffic_summary,
    used_forms,
)

MODEL = BaoCaoTongKet
TEMPLATE = "bao_cao_tong_ket.docx"
DOCUMENT_TYPE = "bao_cao"


# Today's outline (seed 000); {cac} is "các tỉnh", "các huyện, thị xã, thành phố" … after the members.
OUTLINE = (
    Spec("ket_qua", "Kết quả tổ chức triển khai thực hiện phong trào thi đua, công tác khen thưởng năm {nam}", (
        Spec("to_chuc_trien_khai", "Công tác tổ chức triển khai thực hiện phong trào thi đua", (
            Spec("lanh_dao_chi_dao", "Công tác lãnh đạo, chỉ đạo"),
            Spec("trien_khai_phong_trao", "Công tác tổ chức triển khai các phong trào thi đua"),
        ), van_ban=False),
        Spec("ket_qua_phong_trao", "Kết quả thực hiện các phong trào thi đua", (
            Spec("kinh_te_xa_hoi", "Phong trào thi đua thực hiện nhiệm vụ phát triển kinh tế - xã hội năm {nam}"),
            Spec("phong_trao_thu_tuong", "Kết quả thực hiện các phong trào thi đua do Thủ tướng Chính phủ phát động", (
                Spec("nong_thon_moi", "Phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới”"),
                Spec("giam_ngheo", "Phong trào “Vì người nghèo - Không để ai bị bỏ lại phía sau”"),
                Spec("ket_cau_ha_tang", "Phong trào thi đua “Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; "
                                        "thực hành tiết kiệm, chống lãng phí”"),
                Spec("van_hoa_cong_so", "Phong trào thi đua “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa "
                                        "công sở”"),
                Spec("xa_hoi_hoc_tap", "Phong trào thi đua “Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập "
                                       "suốt đời giai đoạn 2023 - 2030”"),
            ), van_ban=False),
            Spec("phong_trao_chuyen_de_chung", "Kết quả thực hiện các phong trào thi đua chuyên đề của {cac}"),
            Spec("tuyen_truyen", "Công tác tuyên truyền, nhân rộng các gương điển hình tiên tiến"),
        ), van_ban=False),
        Spec("khen_thuong", "Công tác khen thưởng", (
            Spec("khen_thuong_nha_nuoc", "Khen thưởng cấp Nhà nước", (
                Spec("khen_thuong_chu_tich_nuoc", "Khen thưởng của Chủ tịch nước", van_ban=False),
                Spec("khen_thuong_chinh_phu", "Khen thưởng của Chính phủ và Thủ tướng Chính phủ", van_ban=False),
            ), van_ban=False, danh_so="1.1."),
            Spec("khen_thuong_tinh", "Khen thưởng cấp tỉnh", van_ban=False),
            Spec("khen_thuong_co_so", "Khen thưởng cấp cơ sở", van_ban=False, tuy_chon=True),
        )),
        Spec("cong_tac_khac", "Công tác khác", (
            Spec("kiem_tra", "Công tác kiểm tra"),
            Spec("boi_duong", "Công tác bồi dưỡng chuyên môn, nghiệp vụ"),
            Spec("cai_cach_hanh_chinh", "Công tác cải cách hành chính, ứng dụng công nghệ thông tin"),
        ), van_ban=False),
        Spec("danh_gia_chung", "Đánh giá chung", (
            Spec("uu_diem", "Ưu điểm"), Spec("han_che", "Hạn chế"), Spec("nguyen_nhan", "Nguyên nhân"),
        ), van_ban=False),
    ), van_ban=False),
    Spec("phuong_huong_nam_sau", "Phương hướng, nhiệm vụ năm {nam_sau}", (
        Spec("phuong_huong", "Phương hướng, nhiệm vụ công tác thi đua, khen thưởng năm {nam_sau}"),
        Spec("kien_nghi", "Kiến nghị, đề xuất"),
    ), van_ban=False),
)


# Figures a text may name ("toàn Cụm ước đạt: [[thu_ngan_sach]]"): the cluster's total, and its members'
# values in a footnote. (figure, what follows the total, each member's phrase)
FIGURES = {
    "van_ban": ("văn bản", "ban hành {value} văn bản"),
    "thu_ngan_sach": ("{unit}", "đạt {value} {unit}{plan}"),
    "giai_quyet_viec_lam": ("lao động", "{value} lao động"),
    "truong_dat_chuan": ("trường đạt chuẩn quốc gia", "{value} trường đạt chuẩn quốc gia"),
}
FIGURE = re.compile(r"\[\[([a-z_]+)\]\]")


# ------------------------------------------------------------------ checks beyond the schema


def cross_check(doc: BaoCaoTongKet, options: common.Options) -> list[tuple[Loc, str, str | None]]:
    """Problems the schema cannot see: unknown members, unknown award forms or sections."""
    members = [m.ten for m in doc.thanh_vien]
    problems = common.duplicate_members(members)
    so_lieu = doc.so_lieu
    keyed: list[tuple[Loc, Iterable[str], bool]] = [
        (("so_lieu", "van_ban"), so_lieu.van_ban, bool(so_lieu.van_ban)),
        (("so_lieu", "chi_tieu"), so_lieu.chi_tieu, bool(so_lieu.chi_tieu)),
        (("so_lieu", "khen_thuong"), so_lieu.khen_thuong, bool(so_lieu.khen_thuong)),
        (("so_lieu", "tong_da_bao_cao", "khen_thuong_theo_tinh"), so_lieu.tong_da_bao_cao.khen_thuong_theo_tinh, False),
        (("noi_dung", "chu_de_thi_dua"), doc.noi_dung.chu_de_thi_dua, False),
        (("noi_dung", "phong_trao_chuyen_de"), doc.noi_dung.phong_trao_chuyen_de, False),
        (("noi_dung", "cach_lam_hay"), doc.noi_dung.cach_lam_hay, False),
    ]
    for loc, names, required in keyed:
        problems += common.member_keys(loc, names, members, required)
    entries: list[tuple[Loc, str, SoKhenThuong | None]] = [(("so_lieu", "khen_thuong", m, code), code, counts)
               for m, by_form in so_lieu.khen_thuong.items() for code, counts in by_form.items()]
    entries += [(("so_lieu", "khen_thuong_cum", code), code, counts)
                for code, counts in so_lieu.khen_thuong_cum.items()]
    entries += [(("so_lieu", "tong_da_bao_cao", "khen_thuong_theo_hinh_thuc", code), code, None)
                for code in so_lieu.tong_da_bao_cao.khen_thuong_theo_hinh_thuc]
    problems += form_problems(entries, doc.nam)
    problems += dan_y.problems(OUTLINE, doc.muc, doc.bo_muc)
    return problems or _figure_problems(doc)  # a misnamed member would make every figure look missing


def _figure_problems(doc: BaoCaoTongKet) -> list[tuple[Loc, str, str | None]]:
    """Figures named in texts ("[[thu_ngan_sach]]") must be known and given by every member."""
    texts = [(("noi_dung", key), text) for key, text in doc.noi_dung.model_dump().items() if isinstance(text, str)]
    problems: list[tuple[Loc, str, str | None]] = []
    for loc, text in texts + dan_y.given_texts(doc.muc):
        for name in FIGURE.findall(text):
            if name not in FIGURES:
                problems.append((loc, f"không có số liệu '[[{name}]]' để đưa vào văn bản.",
                                 f"Dùng một trong: {', '.join(f'[[{n}]]' for n in FIGURES)}."))
            elif _figure_values(doc, name) is None:
                problems.append((loc, f"văn bản dùng '[[{name}]]' nhưng không phải thành viên nào cũng có số liệu này.",
                                 f"Ghi '{name}' cho mọi thành viên trong 'so_lieu'."))
    return problems


def _figure_values(doc: BaoCaoTongKet, name: str) -> dict[str, Any] | None:
    if name == "van_ban":
        counts = doc.so_lieu.van_ban
        return dict(counts) if counts and len(counts) == len(doc.thanh_vien) else None
    return _every(doc, name)


def mismatches(doc: BaoCaoTongKet) -> list[tuple[Loc, str, str, str]]:
    """(where, what, stated, computed) for every stated total that differs from the computed one."""
    stated = doc.so_lieu.tong_da_bao_cao
    found: list[tuple[Loc, str, str, str]] = []

    def compare(loc: Loc, what: str, given: Any, computed: Any) -> None:
        if given is not None and computed is not None and Decimal(given) != Decimal(computed):
            found.append((loc, what, format_number(given), format_number(computed)))

    found += dan_y.mismatches(doc.muc)
    base: Loc = ("so_lieu", "tong_da_bao_cao")
    van_ban = doc.so_lieu.van_ban
    compare(base + ("van_ban",), "Tổng số văn bản ban hành", stated.van_ban, sum(van_ban.values()) if van_ban else None)
    for key, what in (("thu_ngan_sach", f"Tổng thu ngân sách ({doc.so_lieu.don_vi_tien})"),
                      ("giai_quyet_viec_lam", "Tổng số lao động được giải quyết việc làm"),
                      ("xa_nong_thon_moi", "Tổng số xã đạt chuẩn nông thôn mới")):
        values = _every(doc, key)
        compare(base + (key,), what, getattr(stated, key), _sum(values.values()) if values else None)
    awards = _award_totals(doc)
    if awards is None:
        return found
    checks = [(base + ("khen_thuong",), "Khen thưởng toàn Cụm", stated.khen_thuong, awards["cum"])]
    checks += [(base + ("khen_thuong_theo_tinh", m), f"Khen thưởng của {_name(doc, m)}", s, awards["tinh"].get(m))
               for m, s in stated.khen_thuong_theo_tinh.items()]
    forms = award_forms()
    checks += [(base + ("khen_thuong_theo_hinh_thuc", code), f"{forms[code].ten if code in forms else code}", s,
                awards["hinh_thuc"].get(code, SoKhenThuong())) for code, s in stated.khen_thuong_theo_hinh_thuc.items()]
    labels = {"tong_so": "tổng số", "tap_the": "tập thể", "ca_nhan": "cá nhân",
              "lao_dong_truc_tiep": "người lao động trực tiếp"}
    for loc, what, given, computed in checks:
        if given is None or computed is None:
            continue
        for name, label in labels.items():
            compare(loc + (name,), f"{what} ({label})", getattr(given, name), getattr(computed, name))
    return found


# ------------------------------------------------------------------ figures


def _sum(values: Iterable[Any]) -> Any:
    return sum(values, Decimal(0))


def _figure(doc: BaoCaoTongKet, member: str, key: str) -> Any:
    figures = doc.so_lieu.chi_tieu.get(member)
    return getattr(figures, key) if figures is not None else None


def _every(doc: BaoCaoTongKet, key: str) -> dict[str, Any] | None:
    """``key`` of every member, in the members' order, or None when one member does not give it (the
    cluster's sentence on it is left out rather than built on part of the cluster)."""
    values = {m.ten: _figure(doc, m.ten, key) for m in doc.thanh_vien}
    return values if all(v is not None for v in values.values()) else None


def _given(doc: BaoCaoTongKet, key: str) -> dict[str, Any]:
    """``key`` of the members that give it."""
    values = {m.ten: _figure(doc, m.ten, key) for m in doc.thanh_vien}
    return {m: v for m, v in values.items() if v is not None}


def _award_totals(doc: BaoCaoTongKet) -> dict[str, Any] | None:
    """Totals for the cluster, per member and per form; None when the data has no awards."""
    by_member, cluster = doc.so_lieu.khen_thuong, doc.so_lieu.khen_thuong_cum
    if cluster:
        return {"cum": total_of(cluster.values()), "tinh": {}, "hinh_thuc": dict(cluster)}
    if not by_member:
        return None
    codes = used_forms(c for forms in by_member.values() for c in forms)
    return {
        "cum": total_of(c for forms in by_member.values() for c in forms.values()),
        "tinh": {m: total_of(forms.values()) for m, forms in by_member.items()},
        "hinh_thuc": {code: total_of(forms[code] for forms in by_member.values() if code in forms) for code in codes},
    }


def _mean(values: list[Decimal]) -> Decimal:
    return (_sum(values) / len(values)).quantize(TWO, ROUND_HALF_UP)


# ------------------------------------------------------------------ derive


class _Report:
    """One report being derived: the data, the members' words, and the computed content per section."""

    def __init__(self, doc: BaoCaoTongKet) -> None:
        self.doc = doc
        self.members = [m.ten for m in doc.thanh_vien]
        self.by_name = {m.ten: m for m in doc.thanh_vien}
        self.cac = naming.all_of(doc.thanh_vien)  # "các tỉnh", "các huyện, thị xã, thành phố"
        collective = naming.collective(doc.thanh_vien)
        self.word = collective if "," not in collective else (
            "địa phương" if naming.tier(doc.thanh_vien[0]) != "co_quan" else "đơn vị")  # "02 tỉnh", "02 đơn vị"
        self.awards = _award_totals(doc)
        self.unit = doc.so_lieu.don_vi_tien
        self.appendices = _appendix_tables(doc, self)
        present = [key for key in ("chi_tieu", "khen_thuong") if self.appendices[key] is not None]
        self.numbers = {key: roman(i) for i, key in enumerate(present, 1)}  # "Phụ lục I", "Phụ lục II"

    def name(self, member: str) -> str:
        """ "tỉnh Lào Cai", "thành phố Điện Biên Phủ" (markup-escaped)."""
        return escape(naming.full_name(self.by_name[member]))

    def short(self, member: str) -> str:
        """The bare name where one word names all members ("Hà Giang"), else the full name."""
        return escape(member) if "," not in naming.collective(self.doc.thanh_vien) else self.name(member)


def derive(doc: BaoCaoTongKet, options: common.Options) -> dict[str, Any]:
    """The render context: every number of the report, computed from the member data."""
    report = _Report(doc)
    context = common.frame(doc, DOCUMENT_TYPE, "Báo cáo", _trich_yeu(doc))
    words = {"nam": str(doc.nam), "nam_sau": str(doc.nam + 1), "cac": report.cac}
    texts = doc.noi_dung.model_dump()
    blocks = dan_y.blocks(OUTLINE, doc.muc, doc.bo_muc, texts, _computed(report), words,
                          lambda text: FIGURE.sub(lambda m: _figure_text(report, m.group(1)), text))
    closing = doc.noi_dung.ket_luan or (f"Trên đây là báo cáo tổng kết phong trào thi đua, công tác khen thưởng năm "
                                        f"{doc.nam} và phương hướng, nhiệm vụ năm {doc.nam + 1} của {doc.cum}./.")
    kem_theo = f"(Kèm theo Báo cáo số {context['so_ky_hieu_ngan']} {format_date(doc.ngay)} của {doc.cum})"
    context.update({
        "nam": doc.nam, "nam_sau": doc.nam + 1, "cum": doc.cum,
        "mo_dau": parse(doc.noi_dung.mo_dau) or placeholder("Mở đầu"),
        "than": blocks,
        "ket_luan": inline(closing),
        "phu_luc": _appendix_blocks(doc, report, kem_theo),
    })
    return context


def _figure_text(r: _Report, name: str) -> str:
    """ "625.194 triệu đồng^[Thành phố Điện Biên Phủ đạt 411.000 triệu đồng, đạt 144,72% kế hoạch; …]"."""
    values = _figure_values(r.doc, name)
    assert values is not None  # cross_check asks every member for it
    after, each = FIGURES[name]
    details = []
    for m in r.members:
        planned = _figure(r.doc, m, "thu_ngan_sach_dat") if name == "thu_ngan_sach" else None
        plan = f", đạt {format_percent(planned)} kế hoạch" if planned else ""
        details.append(f"{r.name(m)} " + each.format(value=format_number(values[m]), unit=r.unit, plan=plan))
    total = format_number(_sum(values.values()))
    return f"{total} {after.format(unit=r.unit)}^[{capital(_join(details))}.]"


def _trich_yeu(doc: BaoCaoTongKet) -> str:
    return doc.trich_yeu or (f"Tổng kết phong trào thi đua, công tác khen thưởng năm {doc.nam} "
                             f"và phương hướng, nhiệm vụ năm {doc.nam + 1}")


def _computed(r: _Report) -> dict[str, dan_y.Computed]:
    def only(make: Callable[[], list[Block]]) -> dan_y.Computed:
        return lambda has_children: make()

    return {
        "lanh_dao_chi_dao": only(lambda: _documents(r)),
        "trien_khai_phong_trao": only(lambda: _slogans(r)),
        "kinh_te_xa_hoi": only(lambda: _economy(r)),
        "nong_thon_moi": only(lambda: _new_rural(r)),
        "giam_ngheo": only(lambda: _poverty(r)),
        "phong_trao_chuyen_de_chung": only(lambda: _numbered_by_member(r, r.doc.noi_dung.phong_trao_chuyen_de)),
        "tuyen_truyen": only(lambda: _good_practice(r)),
        "khen_thuong": only(lambda: _award_summary(r)),
        "khen_thuong_nha_nuoc": lambda has_children: [] if has_children else _award_level(r, "nha_nuoc"),
        "khen_thuong_chu_tich_nuoc": only(lambda: _award_group(r, "chu_tich_nuoc")),
        "khen_thuong_chinh_phu": only(lambda: _award_group(r, "chinh_phu")),
        "khen_thuong_tinh": only(lambda: _award_level(r, "tinh")),
        "khen_thuong_co_so": only(lambda: _award_level(r, "co_so")),
        "phuong_huong": only(lambda: _tasks(r.doc.noi_dung.nhiem_vu)),
    }


def _join(items: list[str]) -> str:
    return "; ".join(items)


def _documents(r: _Report) -> list[Block]:
    counts = r.doc.so_lieu.van_ban
    if not counts:
        return []
    detail = _join([f"{r.name(m)} ban hành {format_count(counts[m])} văn bản" for m in r.members])
    return [inline(f"Trong năm {r.doc.nam}, {r.cac} thành viên trong Cụm đã ban hành "
                   f"{format_number(sum(counts.values()))} văn bản chỉ đạo, tổ chức, triển khai công tác thi đua, "
                   f"khen thưởng^[Cụ thể: {detail}.].")]


def _slogans(r: _Report) -> list[Block]:
    slogans = r.doc.noi_dung.chu_de_thi_dua
    listed = _join([f"{r.name(m)} với chủ đề “*{escape(slogans[m])}*”" for m in r.members if m in slogans])
    if not listed:
        return []
    return [inline(f"{capital(r.cac)} trong Cụm đã phát động phong trào thi đua năm {r.doc.nam} với phương châm, "
                   f"chủ đề cụ thể: {listed}.")]


def _ranked(values: dict[str, Decimal], top: int) -> list[str]:
    return sorted(values, key=lambda m: -values[m])[:top]


def _economy(r: _Report) -> list[Block]:
    doc, nam, lines = r.doc, r.doc.nam, []
    grdp = _every(doc, "tang_truong_grdp")
    if grdp:
        best = _join([f"{r.name(m)} {format_percent(grdp[m])}" for m in _ranked(grdp, 2)])
        lines.append(f"- Tốc độ tăng trưởng kinh tế (GRDP) của {r.cac} trong Cụm thi đua cơ bản đạt kế hoạch đề ra; "
                     f"{r.cac} có tốc độ tăng trưởng cao nhất: {best}.")
    revenue = _every(doc, "thu_ngan_sach")
    if revenue:
        detail = []
        for m in r.members:
            planned = _figure(doc, m, "thu_ngan_sach_dat")
            part = f", đạt {format_percent(planned)} kế hoạch" if planned else ""
            detail.append(f"{r.name(m)} thu ngân sách {format_number(revenue[m])} {r.unit}{part}")
        top = ", ".join(f"{r.name(m)} đạt {format_number(revenue[m])} {r.unit}" for m in _ranked(revenue, 2))
        lines.append(f"- Thu ngân sách trên địa bàn của {r.cac} trong Cụm năm {nam} đạt "
                     f"{format_number(_sum(revenue.values()))} {r.unit}^[Trong đó: {_join(detail)}.]. Trong đó "
                     f"{format_count(min(2, len(r.members)))} {r.word} có số thu ngân sách cao nhất là {top}.")
    jobs = _every(doc, "giai_quyet_viec_lam")
    if jobs:
        lines.append(f"- Trong năm {nam}, {len(r.members)} {r.word} trong Cụm đã giải quyết việc làm mới cho "
                     f"{format_number(sum(jobs.values()))} lao động.")
    health = [m for m in r.members if _figure(doc, m, "tong_so_xa_y_te")
              and _figure(doc, m, "xa_dat_chuan_y_te") == _figure(doc, m, "tong_so_xa_y_te")]
    if health:
        listed = _join([f"{r.name(m)} có "
                        f"{_fraction(_figure(doc, m, 'xa_dat_chuan_y_te'), _figure(doc, m, 'tong_so_xa_y_te'))} "
                        "xã đạt chuẩn" for m in health])
        lines.append(f"- {capital(r.cac)} có 100% xã đạt chuẩn quốc gia về y tế: {listed}.")
    schools = _given(doc, "truong_dat_chuan_trong_nam")
    if any(schools.values()):
        listed = _join([f"{r.name(m)} {format_count(v)} trường" for m, v in schools.items() if v])
        lines.append(f"- Số trường đạt chuẩn quốc gia được công nhận trong năm: {listed}.")
    traffic = _every(doc, "an_toan_giao_thong")
    if traffic:
        lines.append(f"- Công tác bảo đảm trật tự an toàn giao thông năm {nam} so với cùng kỳ năm trước: "
                     f"{_traffic_sentence(r, traffic)}.")
    blocks: list[Block] = [inline(line) for line in lines]
    blocks += parse(doc.noi_dung.kinh_te_xa_hoi_khac) or placeholder("Các kết quả kinh tế - xã hội khác")
    if "chi_tieu" in r.numbers:
        blocks.append(inline(f"(Chi tiết tại Phụ lục {r.numbers['chi_tieu']} kèm theo)."))
    return blocks


def _increased(c: Any) -> list[str]:
    return [label for field, label, _ in ATGT if getattr(c, field) > 0]


def _traffic_sentence(r: _Report, traffic: dict[str, Any]) -> str:
    groups: dict[tuple[str, ...], list[str]] = {}
    for m in r.members:
        groups.setdefault(tuple(_increased(traffic[m])), []).append(m)
    parts = []
    for increased, names in sorted(groups.items(), key=lambda item: len(item[0])):
        who = (f"*{r.name(names[0])}*" if len(names) == 1
               else f"*{r.cac}: {', '.join(r.short(n) for n in names)}*")
        if not increased:
            parts.append(f"{who} không tăng tiêu chí nào")
        elif len(increased) == len(ATGT):
            parts.append(f"{who} tăng cả {format_count(len(ATGT))} tiêu chí ({', '.join(increased)})")
        else:
            parts.append(f"{who} tăng {format_count(len(increased))} tiêu chí ({', '.join(increased)})")
    return _join(parts)


def _new_rural(r: _Report) -> list[Block]:
    doc = r.doc
    xa, tong = _every(doc, "xa_nong_thon_moi"), _every(doc, "tong_so_xa")
    if not xa or not tong:
        return []
    total_xa, total = sum(xa.values()), sum(tong.values())
    parts = [f"Trong năm {doc.nam}, toàn Cụm có {format_count(total_xa)}/{format_number(total)} xã đạt chuẩn nông "
             f"thôn mới (đạt {format_percent(percent(total_xa, total))})"]
    for key, label in (("xa_nong_thon_moi_nang_cao", "nâng cao"), ("xa_nong_thon_moi_kieu_mau", "kiểu mẫu")):
        given = _given(doc, key)
        if given:
            parts.append(f"{format_count(sum(given.values()))} xã đạt chuẩn nông thôn mới {label}")
    districts = {m: c for m, c in _given(doc, "tong_so_huyen").items()}
    if districts:
        huyen = sum(_figure(doc, m, "huyen_nong_thon_moi") or 0 for m in districts)
        whole = sum(districts.values())
        parts.append(f"{format_count(huyen)}/{format_number(whole)} huyện, thành phố đạt chuẩn nông thôn mới "
                     f"(đạt {format_percent(percent(huyen, whole))})")
    details = []
    for m in r.members:
        c = doc.so_lieu.chi_tieu[m]
        assert c.xa_nong_thon_moi is not None and c.tong_so_xa is not None
        own = [f"*{r.name(m)}* có {_fraction(c.xa_nong_thon_moi, c.tong_so_xa)} xã đạt chuẩn NTM "
               f"(đạt {format_percent(percent(c.xa_nong_thon_moi, c.tong_so_xa))})"]
        if c.xa_nong_thon_moi_nang_cao:
            own.append(f"{format_count(c.xa_nong_thon_moi_nang_cao)} xã đạt NTM nâng cao")
        if c.xa_nong_thon_moi_kieu_mau:
            own.append(f"{format_count(c.xa_nong_thon_moi_kieu_mau)} xã đạt NTM kiểu mẫu")
        if c.huyen_nong_thon_moi and c.tong_so_huyen:
            own.append(f"{format_count(c.huyen_nong_thon_moi)}/{format_count(c.tong_so_huyen)} huyện "
                       "đạt chuẩn nông thôn mới")
        details.append(", ".join(own))
    return [inline(f"{'; '.join(parts)}^[Cụ thể: {_join(details)}.].")]


def _poverty(r: _Report) -> list[Block]:
    values = _every(r.doc, "giam_ty_le_ho_ngheo")
    if not values:
        return []
    order = sorted(values, key=lambda m: values[m])
    best = order[-1]
    listed = _join([f"{r.short(m)} {format_percent(values[m])}" for m in order[:-1]])
    return [inline(f"Tỷ lệ hộ nghèo trên địa bàn {r.cac} bình quân giảm {format_percent(_mean(list(values.values())))}"
                   f", trong đó: {listed}; {r.short(best)} là {r.word} có tỷ lệ hộ nghèo giảm mạnh nhất so với năm "
                   f"{r.doc.nam - 1} là {format_percent(values[best])}.")]


def _numbered_by_member(r: _Report, texts: dict[str, str]) -> list[Block]:
    present = [m for m in r.members if m in texts]
    return [inline(f"({i}) **{capital(r.name(m))}:** {texts[m]}") for i, m in enumerate(present, 1)]


def _good_practice(r: _Report) -> list[Block]:
    blocks: list[Block] = []
    practices = _numbered_by_member(r, r.doc.noi_dung.cach_lam_hay)
    if practices:
        blocks += [inline(f"Những cách làm hay, thành tích nổi bật của {r.cac}:"), *practices]
    examples = parse(r.doc.noi_dung.dien_hinh_tien_tien)  # or in a section of their own, in an outline of the data
    if not examples and not blocks:
        examples = placeholder("Các cá nhân điển hình tiên tiến tiêu biểu")
    return [*blocks, *examples]


def _tasks(tasks: list[str]) -> list[Block]:
    numbered: list[Block] = [inline(f"{i}. {t}") for i, t in enumerate(tasks, 1)]
    return numbered or list(placeholder("Nhiệm vụ trọng tâm năm sau"))


# ------------------------------------------------------------------ awards


def _award_summary(r: _Report) -> list[Block]:
    if r.awards is None:
        return []
    cum = r.awards["cum"]
    text = (f"Trong năm {r.doc.nam}, {r.cac} trong Cụm đã khen thưởng {format_number(cum.tap_the)} tập thể và "
            f"{format_number(cum.ca_nhan)} cá nhân")
    part = share(cum)
    if part is not None:
        text += f"; tỷ lệ khen thưởng tập thể nhỏ, người lao động trực tiếp chiếm {format_percent(part)}"
        shares = {m: s for m in r.members if m in r.awards["tinh"] and (s := share(r.awards["tinh"][m])) is not None}
        if shares:
            best = _ranked(shares, 1)[0]
            text += (f". Trong đó {r.name(best)} có tỷ lệ khen thưởng người lao động trực tiếp cao nhất, chiếm "
                     f"{format_percent(shares[best])}")
    return [inline(text + ".")]


def _lines(lines: list[str]) -> list[Block]:
    return [inline(escape(line)) for line in nd30.list_lines(lines, dash="")]


def _award_sentence(r: _Report, opening: str, codes: list[str]) -> list[Block]:
    """ "<opening> cho 36 tập thể và 28 cá nhân, trong đó:" and one line per form."""
    assert r.awards is not None
    by_form = r.awards["hinh_thuc"]
    present = [c for c in codes if c in by_form]
    lines = award_lines(by_form, present)
    total = award_phrase(total_of(by_form[c] for c in present)) or "0 tập thể, cá nhân"
    return [inline(f"{opening} cho {total}{', trong đó:' if lines else '.'}"), *_lines(lines)]


def _award_group(r: _Report, group: str) -> list[Block]:
    if r.awards is None:
        return []
    by_whom = {"chu_tich_nuoc": "Chủ tịch nước", "chinh_phu": "Chính phủ, Thủ tướng Chính phủ"}[group]
    codes = [c for c, form in award_forms().items() if form.nhom == group]
    return _award_sentence(r, f"Năm {r.doc.nam}, Ủy ban nhân dân {r.cac} trong Cụm đã trình và được {by_whom} khen "
                              "thưởng", codes)


def _award_level(r: _Report, level: str) -> list[Block]:
    if r.awards is None:
        return []
    codes = [c for c in award_forms() if level_of(c) == level]
    if level == "co_so" and not any(c in r.awards["hinh_thuc"] for c in codes):
        return []  # an optional section: left out without base-level awards
    opening = {"nha_nuoc": f"Năm {r.doc.nam}, {r.cac} trong Cụm được khen thưởng cấp Nhà nước",
               "tinh": f"Ủy ban nhân dân {r.cac} trong Cụm đã khen thưởng",
               "co_so": f"{capital(r.cac)} trong Cụm đã khen thưởng"}[level]
    if level == "tinh" and naming.tier(r.doc.thanh_vien[0]) != "tinh":
        opening = f"{capital(r.cac)} trong Cụm được khen thưởng cấp tỉnh"
    blocks = _award_sentence(r, opening, codes)
    if level == "tinh" and "khen_thuong" in r.numbers:
        blocks.append(inline(f"(Chi tiết tại Phụ lục {r.numbers['khen_thuong']} kèm theo)."))
    return blocks


# ------------------------------------------------------------------ appendices


def _appendix_blocks(doc: BaoCaoTongKet, r: _Report, kem_theo: str) -> list[dict[str, Any]]:
    """Phụ lục I (indicators) and II (awards, with the direct-worker table), those the data has figures for."""
    out: list[dict[str, Any]] = []
    tables = r.appendices
    if tables["chi_tieu"] is not None:
        out += dan_y.appendix(r.numbers["chi_tieu"], upper(f"Biểu tổng hợp một số chỉ tiêu chủ yếu năm {doc.nam} "
                                                          f"{doc.cum}"), kem_theo, [("", tables["chi_tieu"])])
    if tables["khen_thuong"] is not None:
        parts: list[tuple[str, Table]] = [("", tables["khen_thuong"])]
        if tables["truc_tiep"] is not None:
            parts.append((f"TỶ LỆ KHEN THƯỞNG TẬP THỂ NHỎ, NGƯỜI LAO ĐỘNG TRỰC TIẾP THEO {upper(r.word)}",
                          tables["truc_tiep"]))
        out += dan_y.appendix(r.numbers["khen_thuong"], upper(f"Tổng hợp kết quả khen thưởng năm {doc.nam} {doc.cum}"),
                              kem_theo, parts)
    return out


def _appendix_tables(doc: BaoCaoTongKet, r: _Report) -> dict[str, Table | None]:
    awards = _award_totals(doc)
    wanted = set(doc.phu_luc)
    indicators = _indicator_table(doc, r) if "chi_tieu" in wanted else None
    award_table = direct = None
    if "khen_thuong" in wanted and awards is not None:
        award_table = _award_table(doc, r, awards)
        direct = _direct_worker_table(r, awards)
    return {"chi_tieu": indicators, "khen_thuong": award_table, "truc_tiep": direct}


def _landscape_widths(fixed: list[float], flexible: int) -> tuple[float, ...]:
    rest = (nd30.LANDSCAPE_TEXT_WIDTH_CM - sum(fixed)) / flexible
    return tuple(fixed + [round(rest, 3)] * flexible)


def _traffic_change(value: int, unit: str) -> str:
    if value > 0:
        return f"Tăng {format_count(value)} {unit} so với cùng kỳ"
    if value < 0:
        return f"Giảm {format_count(-value)} {unit} so với cùng kỳ"
    return "Bằng cùng kỳ"


def _fraction(part: int | None, whole: int | None) -> str:
    if part is None:
        return "-"
    return f"{format_number(part)}/{format_number(whole)}" if whole else format_number(part)


def _indicator_table(doc: BaoCaoTongKet, r: _Report) -> Table | None:
    """Phụ lục I: a row per indicator some member gives ("-" for a member without it, and for the total
    unless every member gives it); None when no member gives any."""
    members = r.members
    ct = [doc.so_lieu.chi_tieu.get(m) or ChiTieu() for m in members]
    widths = _landscape_widths([1.0, 5.6, 1.7, 2.3], len(members))
    rows: list[Row] = []

    def row(name: str, unit: str, cells: list[str], total: str, kind: RowKind = "body", numbered: bool = True) -> None:
        no = str(sum(1 for x in rows if x.cells[0].text) + 1) if numbered else ""
        rows.append(Row((Cell(no), Cell(name, align="left"), Cell(unit), Cell(total), *(Cell(c) for c in cells)), kind))

    def number(key: str) -> tuple[list[str], Any] | None:
        values = [getattr(c, key) for c in ct]
        if all(v is None for v in values):
            return None
        shown = percent_number if key in ("tang_truong_grdp", "giam_ty_le_ho_ngheo") else format_number
        return ["-" if v is None else shown(v) for v in values], (
            _sum(values) if all(v is not None for v in values) else None)

    def add_number(key: str, name: str, unit: str, total: bool = True) -> None:
        found = number(key)
        if found is not None:
            cells, whole = found
            row(name, unit, cells, format_number(whole) if total and whole is not None else "-")

    add_number("tang_truong_grdp", "Tốc độ tăng trưởng kinh tế (GRDP)", "%", total=False)
    add_number("thu_ngan_sach", "Thu ngân sách trên địa bàn", capital(r.unit))
    poverty = number("giam_ty_le_ho_ngheo")
    if poverty is not None:
        values = [c.giam_ty_le_ho_ngheo for c in ct]
        mean = percent_number(_mean(values)) + " (bình quân)" if all(v is not None for v in values) else "-"  # type: ignore[arg-type]
        row(f"Giảm tỷ lệ hộ nghèo so với cuối năm {doc.nam - 1}", "%", poverty[0], mean)
    add_number("giai_quyet_viec_lam", "Giải quyết việc làm", "Người")
    add_number("truong_dat_chuan", f"Số trường học đạt chuẩn quốc gia tính đến 31/12/{doc.nam}", "Trường")
    for part, whole, name in (("xa_nong_thon_moi", "tong_so_xa", "Số xã đạt chuẩn nông thôn mới"),
                              ("xa_dat_chuan_y_te", "tong_so_xa_y_te", "Số xã đạt chuẩn quốc gia về y tế")):
        parts, wholes = [getattr(c, part) for c in ct], [getattr(c, whole) for c in ct]
        if all(v is None for v in parts):
            continue
        total_part = sum(parts) if all(v is not None for v in parts) else None  # type: ignore[arg-type]
        total_whole = sum(wholes) if all(wholes) else None  # type: ignore[arg-type]
        row(f"{name} tính đến 31/12/{doc.nam}", "Xã", [_fraction(p, w) for p, w in zip(parts, wholes, strict=True)],
            _fraction(total_part, total_whole) if total_part is not None else "-")
    traffic = [c.an_toan_giao_thong for c in ct]
    if any(t is not None for t in traffic):
        row(f"Thực hiện an toàn giao thông năm {doc.nam}", "",
            ["-" if t is None else traffic_summary(t) for t in traffic], "-")
        for field, label, unit in ATGT:
            row(f"- {capital(label)}", capital(unit),
                ["-" if t is None else _traffic_change(getattr(t, field), unit) for t in traffic], "-", numbered=False)
    if not rows:
        return None
    header = Row((Cell("STT"), Cell("Chỉ tiêu"), Cell("ĐVT"), Cell("Toàn Cụm"), *(Cell(m) for m in members)), "header")
    return Table(widths, (header, *rows), font_pt=11)


def _award_table(doc: BaoCaoTongKet, r: _Report, awards: dict[str, Any]) -> Table:
    """Phụ lục II: by level and form, for the cluster and (given per member) each member."""
    by_member = doc.so_lieu.khen_thuong
    members = r.members if by_member else []
    forms = award_forms()
    fixed = [0.9, 4.8, 1.3, 1.2, 1.2, 1.2, 1.3]
    widths = _landscape_widths(fixed, 2 * len(members)) if members else (1.0, 8.0, 2.6, 2.6, 2.6, 4.0, 2.6)
    head1 = [Cell("STT", merge_down="start"), Cell("Hình thức khen thưởng", merge_down="start"),
             Cell("Toàn Cụm", span=5)] + [Cell(m, span=2) for m in members]
    head2 = [Cell("", merge_down="continue"), Cell("", merge_down="continue"), Cell("Tổng số"), Cell("Tập thể"),
             Cell("Cá nhân"), Cell("Tập thể nhỏ, người LĐ trực tiếp"), Cell("Tỷ lệ (%)")]
    head2 += [Cell(label) for _ in members for label in ("Tập thể", "Cá nhân")]
    by_form = awards["hinh_thuc"]
    known = awards["cum"].lao_dong_truc_tiep is not None

    def line(no: str, name: str, codes: list[str], kind: RowKind) -> Row:
        per_member = [total_of(by_member[m][c] for c in codes if c in by_member.get(m, {})) for m in members]
        more = (Cell(dash(x)) for t in per_member for x in (t.tap_the, t.ca_nhan))
        return award_row(no, name, total_of(by_form[c] for c in codes), kind, *more, direct_known=known)

    used = used_forms(by_form)
    rows = [Row(tuple(head1), "header"), Row(tuple(head2), "header"), line("", "Tổng số", used, "total")]
    for number, (level, title) in enumerate(AWARD_LEVELS, 1):
        codes = [c for c in used if level_of(c) == level]
        if codes:
            rows.append(line(roman(number), title, codes, "group"))
            rows += [line(str(i), forms[c].ten, [c], "body") for i, c in enumerate(codes, 1)]
    return Table(widths, tuple(rows), font_pt=9 if members else 11)


def _direct_worker_table(r: _Report, awards: dict[str, Any]) -> Table | None:
    """Small collectives and direct workers by member: only when given per member."""
    per_member = awards["tinh"]
    if not per_member or all(t.lao_dong_truc_tiep is None for t in per_member.values()):
        return None
    widths = (1.0, 6.0, 3.0, 3.0, 3.0, 4.0, 3.0)
    rows = [Row(tuple(Cell(h) for h in ("STT", capital(r.word), "Tổng số", "Tập thể", "Cá nhân",
                                         "Tập thể nhỏ, người lao động trực tiếp", "Tỷ lệ (%)")), "header")]
    rows += [award_row(str(i), capital(r.short(m)), per_member[m], "body", direct_known=True)
             for i, m in enumerate(r.members, 1) if m in per_member]
    rows.append(award_row("", "Tổng cộng", awards["cum"], "total"))
    return Table(widths, tuple(rows), font_pt=11)


def _name(doc: BaoCaoTongKet, member: str) -> str:
    found = next((m for m in doc.thanh_vien if m.ten == member), None)
    return naming.full_name(found) if found else member


# ------------------------------------------------------------------ each member's own report


def _member_check(doc: BaoCaoTongKet, index: int) -> list[Any]:
    return []  # the cluster's checks already ask every member for its figures


def _member_derive(doc: BaoCaoTongKet, member: ThanhVienBaoCao, options: common.Options) -> dict[str, Any]:
    return bao_cao_don_vi.derive(bao_cao_don_vi.from_cluster(doc, member), options)


PER_MEMBER = common.PerMember(template=bao_cao_don_vi.TEMPLATE, prefix="bao-cao", members=lambda doc: doc.thanh_vien,
                              check=_member_check, derive=_member_derive)
