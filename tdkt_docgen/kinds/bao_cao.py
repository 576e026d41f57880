"""The cluster's yearly summary report: cross-checks, stated totals, and ``derive`` (every number).

Its outline is data (``OUTLINE``, today's sections, which a data file may reorder, drop, rename and
extend); each built-in section brings its narrative and the sentences computed here from the members'
figures. A figure no member gives leaves its sentence and its table row out; members are named by their
kind ("các huyện, thị xã, thành phố", "thành phố Điện Biên Phủ"), never by a typed "tỉnh".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from .. import naming, nd30
from ..data.load import Loc
from ..document import figures as fg
from ..document.figures import Figure
from ..document.markup import escape, inline, parse, placeholder
from ..document.tables import Cell, Row, RowKind, Table
from ..reference import award_forms
from ..vn import capital, format_date, format_number, roman, upper
from . import bao_cao_don_vi, common, dan_y
from .dan_y import Block, Spec
from .models.bao_cao import BaoCaoTongKet, SoKhenThuong, ThanhVienBaoCao
from .so_lieu import (
    ATGT,
    AWARD_LEVELS,
    PARTIAL,
    PARTIAL_NOTE,
    Counts,
    award_lines,
    award_phrase,
    award_row,
    criteria,
    entry,
    form_problems,
    level_of,
    share_phrase,
    stated,
    total_of,
    traffic,
    traffic_change,
    traffic_summary,
    used_forms,
)

MODEL = BaoCaoTongKet
TRACKED = ("so_lieu", "noi_dung")  # every figure and text given there is printed or said unused
TEMPLATE = "bao_cao_tong_ket.docx"
DOCUMENT_TYPE = "bao_cao"


AWARDS = "so_lieu.khen_thuong"  # what fills the award sections
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
                Spec("khen_thuong_chu_tich_nuoc", "Khen thưởng của Chủ tịch nước", van_ban=False, truong=AWARDS),
                Spec("khen_thuong_chinh_phu", "Khen thưởng của Chính phủ và Thủ tướng Chính phủ", van_ban=False,
                     truong=AWARDS),
            ), van_ban=False, danh_so="1.1."),
            Spec("khen_thuong_tinh", "Khen thưởng cấp tỉnh", van_ban=False, truong=AWARDS),
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
            elif _Figures(doc).every(name) is None:
                problems.append((loc, f"văn bản dùng '[[{name}]]' nhưng không phải thành viên nào cũng có số liệu này.",
                                 f"Ghi '{name}' cho mọi thành viên trong 'so_lieu'."))
    return problems


STATED = {"van_ban": "Tổng số văn bản ban hành", "thu_ngan_sach": "Tổng thu ngân sách ({unit})",
          "giai_quyet_viec_lam": "Tổng số lao động được giải quyết việc làm",
          "xa_nong_thon_moi": "Tổng số xã đạt chuẩn nông thôn mới"}
AWARD_LABELS = {"tong_so": "tổng số", "tap_the": "tập thể", "ca_nhan": "cá nhân",
                "lao_dong_truc_tiep": "người lao động trực tiếp"}
COUNTS_OF = {"tong_so": "tong_so", "tap_the": "tap_the", "ca_nhan": "ca_nhan", "lao_dong_truc_tiep": "direct"}


def mismatches(doc: BaoCaoTongKet) -> list[tuple[Loc, str, str, str]]:
    """(where, what, stated, computed) for every stated total that differs from the one computed from the
    details; a stated total with no details to add up is a warning instead (``warnings``)."""
    found: list[tuple[Loc, str, str, str]] = list(dan_y.mismatches(doc.muc))
    data = _Figures(doc)
    base: Loc = ("so_lieu", "tong_da_bao_cao")
    for key, what in STATED.items():
        given, computed = getattr(doc.so_lieu.tong_da_bao_cao, key), data.computed_total(key)
        if given is not None and computed is not None and computed.value is not None and computed.value != given:
            found.append((base + (key,), what.format(unit=doc.so_lieu.don_vi_tien), format_number(given),
                          format_number(computed.value)))
    awards = _award_totals(doc)
    if awards is None:
        return found
    for loc, what, written, details in awards.comparisons(doc):
        for name, label in AWARD_LABELS.items():
            stated_value, sum_of = getattr(written, name), getattr(details, COUNTS_OF[name])
            if stated_value is None or sum_of.value is None:
                continue
            partial = name == "lao_dong_truc_tiep" and details.partial  # then the sum may only be smaller
            if sum_of.value != stated_value and (not partial or sum_of.value > stated_value):
                found.append((loc + (name,), f"{what} ({label})", format_number(stated_value),
                              format_number(sum_of.value)))
    return found


def warnings(doc: BaoCaoTongKet) -> list[tuple[Loc, str]]:
    """Stated totals printed because the data has no details for them (the stated one is used)."""
    found: list[tuple[Loc, str]] = dan_y.absent(doc.muc)
    data = _Figures(doc)
    for key, what in STATED.items():
        given = getattr(doc.so_lieu.tong_da_bao_cao, key)
        if given is not None and data.computed_total(key) is None and data.used_stated(key):
            found.append((("so_lieu", "tong_da_bao_cao", key), f"{what.format(unit=doc.so_lieu.don_vi_tien)}: tệp "
                          f"ghi {format_number(given)} nhưng thiếu số liệu chi tiết của "
                          f"{', '.join(data.missing(key))}; văn bản dùng số đã ghi. Đề nghị bổ sung số liệu chi tiết."))
    awards = _award_totals(doc)
    if awards is not None:
        found += [(loc, f"{what}: tệp ghi tổng nhưng không có số liệu chi tiết để cộng; văn bản dùng số đã ghi. "
                        "Đề nghị bổ sung số liệu chi tiết.") for loc, what in awards.stated_only]
    return found


# ------------------------------------------------------------------ figures


class _Figures:
    """The members' indicators as figures (``so_lieu.chi_tieu``), and the cluster's totals of them."""

    def __init__(self, doc: BaoCaoTongKet) -> None:
        self.doc = doc
        self.members = [m.ten for m in doc.thanh_vien]

    def of(self, member: str, key: str) -> Figure:
        if key == "van_ban":
            return fg.data(self.doc.so_lieu.van_ban.get(member), ("so_lieu", "van_ban", member))
        figures = self.doc.so_lieu.chi_tieu.get(member)
        return fg.data(getattr(figures, key) if figures is not None else None, ("so_lieu", "chi_tieu", member, key))

    def traffic(self, member: str) -> bool:
        """Whether ``member`` gives its road-safety changes."""
        figures = self.doc.so_lieu.chi_tieu.get(member)
        return figures is not None and figures.an_toan_giao_thong is not None

    def all_of(self, key: str) -> dict[str, Figure]:
        return {m: self.of(m, key) for m in self.members}

    def every(self, key: str) -> dict[str, Figure] | None:
        """``key`` of every member, in the members' order, or None when one member does not give it (the
        cluster's sentence on it is left out rather than built on part of the cluster)."""
        values = self.all_of(key)
        return values if all(v.given for v in values.values()) else None

    def given(self, key: str) -> dict[str, Figure]:
        return {m: f for m, f in self.all_of(key).items() if f.given}

    def missing(self, key: str) -> list[str]:
        return [m for m, f in self.all_of(key).items() if not f.given]

    def computed_total(self, key: str) -> Figure | None:
        """The cluster's total of ``key`` when every member gives it."""
        values = self.every(key)
        return None if values is None else fg.total(values.values(), STATED.get(key, key))

    def stated(self, key: str) -> Figure:
        return fg.data(getattr(self.doc.so_lieu.tong_da_bao_cao, key, None), ("so_lieu", "tong_da_bao_cao", key),
                       STATED.get(key, key))

    def used_stated(self, key: str) -> bool:
        """Whether the document prints the stated total of ``key`` (some member gives no detail for it)."""
        return self.stated(key).given and bool(self.given(key)) or self.stated(key).given and key == "van_ban"

    def cluster_total(self, key: str) -> Figure | None:
        """The total the report prints: computed from every member, else the one the source document states
        (a warning says so), else none."""
        computed = self.computed_total(key)
        if computed is not None:
            return computed
        stated = self.stated(key)
        return stated if stated.given else None


class _Awards:
    """Award totals for the cluster, per member and per form, as ``Counts``; stated totals stand in where
    the data has no details (``stated_only`` lists them for the warning)."""

    def __init__(self, doc: BaoCaoTongKet) -> None:
        so_lieu, given = doc.so_lieu, doc.so_lieu.tong_da_bao_cao
        base: Loc = ("so_lieu", "tong_da_bao_cao")
        self.cells: dict[tuple[str, str], Counts] = {}
        self.by_member: dict[str, Counts] = {}
        self.by_form: dict[str, Counts] = {}
        self.stated_only: list[tuple[Loc, str]] = []
        if so_lieu.khen_thuong_cum:
            self.by_form = {c: entry(k, ("so_lieu", "khen_thuong_cum", c)) for c, k in so_lieu.khen_thuong_cum.items()}
        for member, forms in so_lieu.khen_thuong.items():
            for code, counts in forms.items():
                self.cells[(member, code)] = entry(counts, ("so_lieu", "khen_thuong", member, code))
        for code in used_forms(c for _, c in self.cells):
            self.by_form[code] = total_of((k for (m, c), k in self.cells.items() if c == code), award_forms()[code].ten)
        for member in [m.ten for m in doc.thanh_vien]:
            own = [k for (m, _), k in self.cells.items() if m == member]
            if own:
                self.by_member[member] = total_of(own, member)
        self.detailed_forms, self.detailed_members = set(self.by_form), set(self.by_member)
        catalogue = award_forms()
        for code, written in given.khen_thuong_theo_hinh_thuc.items():
            if code not in self.by_form and code in catalogue:
                self.by_form[code] = stated(written, base + ("khen_thuong_theo_hinh_thuc", code))
                self.stated_only.append((base + ("khen_thuong_theo_hinh_thuc", code), catalogue[code].ten))
        for member, written in given.khen_thuong_theo_tinh.items():
            if member not in self.by_member:
                self.by_member[member] = stated(written, base + ("khen_thuong_theo_tinh", member))
                self.stated_only.append((base + ("khen_thuong_theo_tinh", member),
                                         f"Khen thưởng của {_name(doc, member)}"))
        self.cluster: Counts | None = None
        if self.by_form:
            self.cluster = total_of((self.by_form[c] for c in used_forms(self.by_form)), "toàn Cụm")
        elif given.khen_thuong is not None:
            self.cluster = stated(given.khen_thuong, base + ("khen_thuong",))
            self.stated_only.append((base + ("khen_thuong",), "Khen thưởng toàn Cụm"))

    def comparisons(self, doc: BaoCaoTongKet) -> list[tuple[Loc, str, Any, Counts]]:
        """(where, what, stated, computed from details) for every stated award total that has details."""
        given, base, forms = doc.so_lieu.tong_da_bao_cao, ("so_lieu", "tong_da_bao_cao"), award_forms()
        found: list[tuple[Loc, str, Any, Counts]] = []
        if given.khen_thuong is not None and self.cluster is not None and (self.detailed_forms or self.by_member):
            found.append((base + ("khen_thuong",), "Khen thưởng toàn Cụm", given.khen_thuong, self.cluster))
        found += [(base + ("khen_thuong_theo_tinh", m), f"Khen thưởng của {_name(doc, m)}", s, self.by_member[m])
                  for m, s in given.khen_thuong_theo_tinh.items() if m in self.detailed_members]
        found += [(base + ("khen_thuong_theo_hinh_thuc", code), forms[code].ten, s, self.by_form[code])
                  for code, s in given.khen_thuong_theo_hinh_thuc.items() if code in self.detailed_forms]
        return found


_AWARDS: dict[int, tuple[BaoCaoTongKet, _Awards]] = {}  # the last documents' totals (checks, warnings, derive)


def _award_totals(doc: BaoCaoTongKet) -> _Awards | None:
    """Totals for the cluster, per member and per form; None when the data has no awards at all. Made once
    per document (the model is frozen) for its checks, its warnings and its derive."""
    found = _AWARDS.get(id(doc))
    if found is None or found[0] is not doc:
        while len(_AWARDS) >= 4:
            del _AWARDS[next(iter(_AWARDS))]
        found = _AWARDS[id(doc)] = (doc, _Awards(doc))
    return found[1] if found[1].cluster is not None else None


# ------------------------------------------------------------------ derive


class _Report:
    """One report being derived: the data, the members' words, and the computed content per section."""

    def __init__(self, doc: BaoCaoTongKet) -> None:
        self.doc = doc
        self.data = _Figures(doc)
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

    def how_many(self, names: list[str] | None = None) -> str:
        """ "07 tỉnh": a count of members by the one rule for counts."""
        return f"{fg.count(fg.counted(names if names is not None else self.members, f'số {self.word}'))} {self.word}"

    def of_some(self, given: dict[str, Figure]) -> str:
        """ " (04/07 tỉnh có số liệu)" after a total over the members that give a figure, when some do not."""
        if len(given) == len(self.members):
            return ""
        some = fg.counted(list(given), f"số {self.word} có số liệu")
        return f" ({fg.count(some)}/{fg.count(fg.counted(self.members, f'số {self.word}'))} {self.word} có số liệu)"


def derive(doc: BaoCaoTongKet, options: common.Options) -> dict[str, Any]:
    """The render context: every number of the report, computed from the member data."""
    report = _Report(doc)
    context = common.frame(doc, DOCUMENT_TYPE, "Báo cáo", _trich_yeu(doc))
    words = {"nam": str(doc.nam), "nam_sau": str(doc.nam + 1), "cac": report.cac}
    fg.use(("so_lieu", "tong_da_bao_cao"))  # compared with the details (mismatches), or printed without them
    fg.use(("so_lieu", "don_vi_tien"))
    blocks = dan_y.blocks(OUTLINE, doc.muc, doc.bo_muc, dan_y.texts(doc.noi_dung), _computed(report), words,
                          lambda text: FIGURE.sub(lambda m: _figure_text(report, m.group(1)), text))
    fg.use(("noi_dung", "ket_luan"))
    closing = doc.noi_dung.ket_luan or (f"Trên đây là báo cáo tổng kết phong trào thi đua, công tác khen thưởng năm "
                                        f"{doc.nam} và phương hướng, nhiệm vụ năm {doc.nam + 1} của {doc.cum}./.")
    kem_theo = f"(Kèm theo Báo cáo số {context['so_ky_hieu_ngan']} {format_date(doc.ngay)} của {doc.cum})"
    fg.use(("noi_dung", "mo_dau"))
    context.update({
        "nam": doc.nam, "nam_sau": doc.nam + 1, "cum": doc.cum,
        "mo_dau": parse(doc.noi_dung.mo_dau) or placeholder("Mở đầu", "noi_dung.mo_dau"),
        "than": blocks,
        "ket_luan": inline(closing),
        "phu_luc": _appendix_blocks(doc, report, kem_theo),
    })
    return context


def _figure_text(r: _Report, name: str) -> str:
    """ "625.194 triệu đồng^[Thành phố Điện Biên Phủ đạt 411.000 triệu đồng, đạt 144,72% kế hoạch; …]"."""
    values = r.data.every(name)
    assert values is not None  # cross_check asks every member for it
    after, each = FIGURES[name]
    details = []
    for m in r.members:
        planned = r.data.of(m, "thu_ngan_sach_dat") if name == "thu_ngan_sach" else None
        plan = f", đạt {fg.percent(planned)} kế hoạch" if planned is not None and planned.given else ""
        details.append(f"{r.name(m)} " + each.format(value=fg.number(values[m]), unit=r.unit, plan=plan))
    total = fg.number(fg.total(values.values(), STATED.get(name, name)))
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
        "phong_trao_chuyen_de_chung": only(lambda: _numbered_by_member(r, "phong_trao_chuyen_de")),
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
    counts = r.data.given("van_ban")
    total = r.data.cluster_total("van_ban")
    if total is None:
        return []
    detail = _join([f"{r.name(m)} ban hành {fg.count(counts[m])} văn bản" for m in r.members if m in counts])
    note = f"^[Cụ thể: {detail}.]" if detail else ""
    return [inline(f"Trong năm {r.doc.nam}, {r.cac} thành viên trong Cụm đã ban hành {fg.number(total)} văn bản "
                   f"chỉ đạo, tổ chức, triển khai công tác thi đua, khen thưởng{note}.")]


def _slogans(r: _Report) -> list[Block]:
    slogans = r.doc.noi_dung.chu_de_thi_dua
    fg.use(("noi_dung", "chu_de_thi_dua"))
    listed = _join([f"{r.name(m)} với chủ đề “*{escape(slogans[m])}*”" for m in r.members if m in slogans])
    if not listed:
        return []
    return [inline(f"{capital(r.cac)} trong Cụm đã phát động phong trào thi đua năm {r.doc.nam} với phương châm, "
                   f"chủ đề cụ thể: {listed}.")]


def _ranked(values: dict[str, Figure], top: int) -> list[str]:
    fg.consult(*values.values())
    return sorted(values, key=lambda m: -(values[m].value or 0))[:top]


def _economy(r: _Report) -> list[Block]:
    doc, nam, lines = r.doc, r.doc.nam, []
    grdp = r.data.every("tang_truong_grdp")
    if grdp:
        best = _join([f"{r.name(m)} {fg.percent(grdp[m])}" for m in _ranked(grdp, 2)])
        lines.append(f"- Tốc độ tăng trưởng kinh tế (GRDP) của {r.cac} trong Cụm thi đua cơ bản đạt kế hoạch đề ra; "
                     f"{r.cac} có tốc độ tăng trưởng cao nhất: {best}.")
    revenue, total = r.data.given("thu_ngan_sach"), r.data.cluster_total("thu_ngan_sach")
    if total is not None:
        detail = []
        for m in r.members:
            planned = r.data.of(m, "thu_ngan_sach_dat")
            part = f", đạt {fg.percent(planned)} kế hoạch" if planned.given else ""
            if m in revenue:
                detail.append(f"{r.name(m)} thu ngân sách {fg.number(revenue[m])} {r.unit}{part}")
        absent = r.data.missing("thu_ngan_sach")
        if absent:
            detail.append(f"chưa có số liệu của {', '.join(r.name(m) for m in absent)}")
        top = ", ".join(f"{r.name(m)} đạt {fg.number(revenue[m])} {r.unit}" for m in _ranked(revenue, 2))
        how_many = r.how_many(_ranked(revenue, 2))
        lines.append(f"- Thu ngân sách trên địa bàn của {r.cac} trong Cụm năm {nam} đạt {fg.number(total)} "
                     f"{r.unit}^[Trong đó: {_join(detail)}.]. Trong đó {how_many} có số thu ngân sách cao nhất là "
                     f"{top}.")
    jobs = r.data.cluster_total("giai_quyet_viec_lam")
    if jobs is not None:
        who = r.how_many(list(r.data.given("giai_quyet_viec_lam")))
        lines.append(f"- Trong năm {nam}, {who} trong Cụm đã giải quyết việc làm mới cho {fg.number(jobs)} lao "
                     "động.")
    lines += _health(r)
    schools = r.data.given("truong_dat_chuan_trong_nam")
    if schools:
        listed = _join([f"{r.name(m)} {fg.count(v)} trường" for m, v in schools.items()])
        lines.append(f"- Số trường đạt chuẩn quốc gia được công nhận trong năm: {listed}.")
    if all(r.data.traffic(m) for m in r.members):
        lines.append(f"- Công tác bảo đảm trật tự an toàn giao thông năm {nam} so với cùng kỳ năm trước: "
                     f"{_traffic_sentence(r)}.")
    blocks: list[Block] = [inline(line) for line in lines]
    fg.use(("noi_dung", "kinh_te_xa_hoi_khac"))
    blocks += parse(doc.noi_dung.kinh_te_xa_hoi_khac) or placeholder("Các kết quả kinh tế - xã hội khác",
                                                                     "noi_dung.kinh_te_xa_hoi_khac")
    if "chi_tieu" in r.numbers:
        blocks.append(inline(f"(Chi tiết tại Phụ lục {r.numbers['chi_tieu']} kèm theo)."))
    return blocks


def _health(r: _Report) -> list[str]:
    """The members where every commune meets the national health standard."""
    parts, wholes = r.data.all_of("xa_dat_chuan_y_te"), r.data.all_of("tong_so_xa_y_te")
    fg.consult(*parts.values(), *wholes.values())
    full = [m for m in r.members if wholes[m].given and parts[m].value == wholes[m].value]
    if not full:
        return []
    every = fg.share(fg.total(parts[m] for m in full), fg.total(wholes[m] for m in full), "tỷ lệ xã đạt chuẩn y tế")
    listed = _join([f"{r.name(m)} có {fg.fraction(parts[m], wholes[m], in_text=False)} xã đạt chuẩn" for m in full])
    return [f"- {capital(r.cac)} có {fg.percent(every)} xã đạt chuẩn quốc gia về y tế: {listed}."]


def _changes(r: _Report, member: str) -> dict[str, Figure]:
    figures = r.doc.so_lieu.chi_tieu[member].an_toan_giao_thong
    return traffic(figures, ("so_lieu", "chi_tieu", member, "an_toan_giao_thong"))


def _traffic_sentence(r: _Report) -> str:
    labels = {name: label for name, label, _ in ATGT}
    groups: dict[tuple[str, ...], list[str]] = {}
    for m in r.members:
        changes = _changes(r, m)
        fg.consult(*changes.values())
        up = tuple(labels[n] for n, f in changes.items() if f.value is not None and f.value > 0)
        groups.setdefault(up, []).append(m)
    parts = []
    for increased, names in sorted(groups.items(), key=lambda item: len(item[0])):
        who = (f"*{r.name(names[0])}*" if len(names) == 1
               else f"*{r.cac}: {', '.join(r.short(n) for n in names)}*")
        if not increased:
            parts.append(f"{who} không tăng tiêu chí nào")
        elif len(increased) == len(ATGT):
            parts.append(f"{who} tăng cả {fg.count(criteria(increased))} tiêu chí ({', '.join(increased)})")
        else:
            parts.append(f"{who} tăng {fg.count(criteria(increased))} tiêu chí ({', '.join(increased)})")
    return _join(parts)


def _new_rural(r: _Report) -> list[Block]:
    doc = r.doc
    xa, tong = r.data.every("xa_nong_thon_moi"), r.data.every("tong_so_xa")
    if not xa or not tong:
        return []
    total_xa, total = fg.total(xa.values(), "số xã đạt chuẩn nông thôn mới"), fg.total(tong.values(), "tổng số xã")
    parts = [f"Trong năm {doc.nam}, toàn Cụm có {fg.fraction(total_xa, total)} xã đạt chuẩn nông "
             f"thôn mới (đạt {fg.percent(fg.share(total_xa, total, 'tỷ lệ xã đạt chuẩn nông thôn mới'))})"]
    for key, label in (("xa_nong_thon_moi_nang_cao", "nâng cao"), ("xa_nong_thon_moi_kieu_mau", "kiểu mẫu")):
        given = r.data.given(key)
        if given:
            parts.append(f"{fg.count(fg.total(given.values(), f'số xã nông thôn mới {label}'))} xã đạt chuẩn nông "
                         f"thôn mới {label}{r.of_some(given)}")
    huyen, whole = r.data.all_of("huyen_nong_thon_moi"), r.data.all_of("tong_so_huyen")
    both = {m: huyen[m] for m in r.members if huyen[m].given and whole[m].given}
    if both:
        part = fg.total(both.values(), "số huyện đạt chuẩn nông thôn mới")
        wholes = fg.total((whole[m] for m in both), "tổng số huyện")
        parts.append(f"{fg.fraction(part, wholes)} huyện, thành phố đạt chuẩn nông thôn mới "
                     f"(đạt {fg.percent(fg.share(part, wholes, 'tỷ lệ huyện đạt chuẩn nông thôn mới'))})"
                     f"{r.of_some(both)}")
    details = []
    for m in r.members:
        own = [f"*{r.name(m)}* có {fg.fraction(xa[m], tong[m], in_text=False)} xã đạt chuẩn NTM "
               f"(đạt {fg.percent(fg.share(xa[m], tong[m], 'tỷ lệ xã đạt chuẩn nông thôn mới'))})"]
        for key, label in (("xa_nong_thon_moi_nang_cao", "nâng cao"), ("xa_nong_thon_moi_kieu_mau", "kiểu mẫu")):
            value = r.data.of(m, key)
            if value.given:
                own.append(f"{fg.count(value)} xã đạt NTM {label}")
        if huyen[m].given:
            own.append(f"{fg.fraction(huyen[m], whole[m])} huyện đạt chuẩn nông thôn mới")
        details.append(", ".join(own))
    return [inline(f"{'; '.join(parts)}^[Cụ thể: {_join(details)}.].")]


def _poverty(r: _Report) -> list[Block]:
    values = r.data.every("giam_ty_le_ho_ngheo")
    if not values:
        return []
    fg.consult(*values.values())
    order = sorted(values, key=lambda m: values[m].value or 0)
    best = order[-1]
    listed = _join([f"{r.short(m)} {fg.percent(values[m])}" for m in order[:-1]])
    mean = fg.mean(list(values.values()), "bình quân giảm tỷ lệ hộ nghèo")
    return [inline(f"Tỷ lệ hộ nghèo trên địa bàn {r.cac} bình quân giảm {fg.percent(mean)}, trong đó: {listed}; "
                   f"{r.short(best)} là {r.word} có tỷ lệ hộ nghèo giảm mạnh nhất so với năm {r.doc.nam - 1} là "
                   f"{fg.percent(values[best])}.")]


def _numbered_by_member(r: _Report, key: str) -> list[Block]:
    texts: dict[str, str] = getattr(r.doc.noi_dung, key)
    fg.use(("noi_dung", key))
    present = [m for m in r.members if m in texts]
    return [inline(f"({i}) **{capital(r.name(m))}:** {texts[m]}") for i, m in enumerate(present, 1)]


def _good_practice(r: _Report) -> list[Block]:
    blocks: list[Block] = []
    practices = _numbered_by_member(r, "cach_lam_hay")
    if practices:
        blocks += [inline(f"Những cách làm hay, thành tích nổi bật của {r.cac}:"), *practices]
    fg.use(("noi_dung", "dien_hinh_tien_tien"))
    examples = parse(r.doc.noi_dung.dien_hinh_tien_tien) or placeholder(
        "Các cá nhân điển hình tiên tiến tiêu biểu", "noi_dung.dien_hinh_tien_tien")
    return [*blocks, *examples]


def _tasks(tasks: list[str]) -> list[Block]:
    fg.use(("noi_dung", "nhiem_vu"))
    numbered: list[Block] = [inline(f"{i}. {t}") for i, t in enumerate(tasks, 1)]
    return numbered or list(placeholder("Nhiệm vụ trọng tâm năm sau", "noi_dung.nhiem_vu"))


# ------------------------------------------------------------------ awards


def _award_summary(r: _Report) -> list[Block]:
    if r.awards is None or r.awards.cluster is None:
        return []
    cum = r.awards.cluster
    text = f"Trong năm {r.doc.nam}, {r.cac} trong Cụm đã khen thưởng {award_phrase(cum)}"
    if cum.share.given:
        text += f"; tỷ lệ khen thưởng tập thể nhỏ, người lao động trực tiếp chiếm {share_phrase(cum)}"
        shares = {m: c for m in r.members if (c := r.awards.by_member.get(m)) is not None and c.share.given}
        whole = {m: c for m, c in shares.items() if not c.partial} or shares
        if whole:
            fg.consult(*(c.share for c in shares.values()))
            best = max(whole, key=lambda m: whole[m].share.value or 0)
            over = " (trong các hình thức có số liệu)" if whole[best].partial else ""
            text += (f". Trong đó {r.name(best)} có tỷ lệ khen thưởng người lao động trực tiếp cao nhất, chiếm "
                     f"{fg.percent(whole[best].share)}{over}")
    return [inline(text + ".")]


def _lines(lines: list[str]) -> list[Block]:
    return [inline(escape(line)) for line in nd30.list_lines(lines, dash="")]


def _award_sentence(r: _Report, opening: str, codes: list[str]) -> list[Block]:
    """ "<opening> cho 36 tập thể và 28 cá nhân, trong đó:" and one line per form; nothing when the data
    has none of the forms (the sentence would state a figure not given)."""
    assert r.awards is not None
    by_form = r.awards.by_form
    present = [c for c in codes if c in by_form]
    if not present:
        return []
    lines = award_lines(by_form, present)
    total = award_phrase(total_of(by_form[c] for c in present))
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
    opening = {"nha_nuoc": f"Năm {r.doc.nam}, {r.cac} trong Cụm được khen thưởng cấp Nhà nước",
               "tinh": f"Ủy ban nhân dân {r.cac} trong Cụm đã khen thưởng",
               "co_so": f"{capital(r.cac)} trong Cụm đã khen thưởng"}[level]
    if level == "tinh" and naming.tier(r.doc.thanh_vien[0]) != "tinh":
        opening = f"{capital(r.cac)} trong Cụm được khen thưởng cấp tỉnh"
    blocks = _award_sentence(r, opening, codes)
    if blocks and level == "tinh" and "khen_thuong" in r.numbers:
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
        partial = any(PARTIAL in c.text for _, t in parts for row in t.rows for c in row.cells)
        out += dan_y.appendix(r.numbers["khen_thuong"], upper(f"Tổng hợp kết quả khen thưởng năm {doc.nam} {doc.cum}"),
                              kem_theo, parts, [PARTIAL_NOTE] if partial else [])
    return out


def _appendix_tables(doc: BaoCaoTongKet, r: _Report) -> dict[str, Table | None]:
    wanted = set(doc.phu_luc)
    indicators = _indicator_table(doc, r) if "chi_tieu" in wanted else None
    award_table = direct = None
    if "khen_thuong" in wanted and r.awards is not None:
        award_table = _award_table(doc, r, r.awards)
        direct = _direct_worker_table(r, r.awards)
    return {"chi_tieu": indicators, "khen_thuong": award_table, "truc_tiep": direct}


def _landscape_widths(fixed: list[float], flexible: int) -> tuple[float, ...]:
    rest = (nd30.LANDSCAPE_TEXT_WIDTH_CM - sum(fixed)) / flexible
    return tuple(fixed + [round(rest, 3)] * flexible)


def _indicator_table(doc: BaoCaoTongKet, r: _Report) -> Table | None:
    """Phụ lục I: a row per indicator some member gives ("-" for a member without it, and for the total
    unless every member gives it or the source states it); None when no member gives any."""
    members = r.members
    widths = _landscape_widths([1.0, 5.6, 1.7, 2.3], len(members))
    rows: list[Row] = []

    def row(name: str, unit: str, cells: list[str], total: str, kind: RowKind = "body", numbered: bool = True) -> None:
        no = str(sum(1 for x in rows if x.cells[0].text) + 1) if numbered else ""
        rows.append(Row((Cell(no), Cell(name, align="left"), Cell(unit), Cell(total), *(Cell(c) for c in cells)), kind))

    def add_number(key: str, name: str, unit: str, total: bool = True) -> None:
        values = r.data.all_of(key)
        if not any(v.given for v in values.values()):
            return
        how = "percent" if key in ("tang_truong_grdp", "giam_ty_le_ho_ngheo") else "number"
        whole = r.data.cluster_total(key) if total else None
        row(name, unit, [fg.cell(values[m], how) for m in members], fg.cell(whole) if whole is not None else fg.DASH)

    add_number("tang_truong_grdp", "Tốc độ tăng trưởng kinh tế (GRDP)", "%", total=False)
    add_number("thu_ngan_sach", "Thu ngân sách trên địa bàn", capital(r.unit))
    poverty = r.data.all_of("giam_ty_le_ho_ngheo")
    if any(v.given for v in poverty.values()):
        mean = fg.mean(list(poverty.values()), "bình quân giảm tỷ lệ hộ nghèo")
        row(f"Giảm tỷ lệ hộ nghèo so với cuối năm {doc.nam - 1}", "%",
            [fg.cell(poverty[m], "percent") for m in members],
            fg.cell(mean, "percent") + " (bình quân)" if mean.given else fg.DASH)
    add_number("giai_quyet_viec_lam", "Giải quyết việc làm", "Người")
    add_number("truong_dat_chuan", f"Số trường học đạt chuẩn quốc gia tính đến 31/12/{doc.nam}", "Trường")
    for part, whole, name in (("xa_nong_thon_moi", "tong_so_xa", "Số xã đạt chuẩn nông thôn mới"),
                              ("xa_dat_chuan_y_te", "tong_so_xa_y_te", "Số xã đạt chuẩn quốc gia về y tế")):
        parts, wholes = r.data.all_of(part), r.data.all_of(whole)
        if not any(v.given for v in parts.values()):
            continue
        cells = [fg.fraction(parts[m], wholes[m], in_text=False) if parts[m].given else fg.DASH for m in members]
        total_part = fg.total(parts.values(), name)
        total_whole = fg.total(wholes.values(), "tổng số xã")
        shown = fg.DASH
        if total_part.complete:
            shown = fg.fraction(total_part, total_whole if total_whole.complete else Figure(None), in_text=False)
        row(f"{name} tính đến 31/12/{doc.nam}", "Xã", cells, shown)
    changes = {m: _changes(r, m) for m in members if r.data.traffic(m)}
    if changes:
        row(f"Thực hiện an toàn giao thông năm {doc.nam}", "",
            [traffic_summary(changes[m]) if m in changes else fg.DASH for m in members], fg.DASH)
        for field, label, unit in ATGT:
            row(f"- {capital(label)}", capital(unit),
                [traffic_change(changes[m][field], unit) if m in changes else fg.DASH for m in members], fg.DASH,
                numbered=False)
    if not rows:
        return None
    header = Row((Cell("STT"), Cell("Chỉ tiêu"), Cell("ĐVT"), Cell("Toàn Cụm"), *(Cell(m) for m in members)), "header")
    return Table(widths, (header, *rows), font_pt=11)


def _award_table(doc: BaoCaoTongKet, r: _Report, awards: _Awards) -> Table:
    """Phụ lục II: by level and form, for the cluster and (given per member) each member."""
    members = r.members if doc.so_lieu.khen_thuong else []
    forms = award_forms()
    fixed = [0.9, 4.8, 1.3, 1.2, 1.2, 1.2, 1.3]
    widths = _landscape_widths(fixed, 2 * len(members)) if members else (1.0, 8.0, 2.6, 2.6, 2.6, 4.0, 2.6)
    head1 = [Cell("STT", merge_down="start"), Cell("Hình thức khen thưởng", merge_down="start"),
             Cell("Toàn Cụm", span=5)] + [Cell(m, span=2) for m in members]
    head2 = [Cell("", merge_down="continue"), Cell("", merge_down="continue"), Cell("Tổng số"), Cell("Tập thể"),
             Cell("Cá nhân"), Cell("Tập thể nhỏ, người LĐ trực tiếp"), Cell("Tỷ lệ (%)")]
    head2 += [Cell(label) for _ in members for label in ("Tập thể", "Cá nhân")]
    by_form = awards.by_form

    def line(no: str, name: str, codes: list[str], kind: RowKind) -> Row:
        more = []
        for m in members:
            own = [awards.cells[(m, c)] for c in codes if (m, c) in awards.cells]
            counts = total_of(own, m) if own else None
            more += [Cell(fg.cell(counts.tap_the, zero="-")) if counts else Cell(fg.DASH),
                     Cell(fg.cell(counts.ca_nhan, zero="-")) if counts else Cell(fg.DASH)]
        return award_row(no, name, total_of(by_form[c] for c in codes), kind, *more)

    used = used_forms(by_form)
    rows = [Row(tuple(head1), "header"), Row(tuple(head2), "header"), line("", "Tổng số", used, "total")]
    for number, (level, title) in enumerate(AWARD_LEVELS, 1):
        codes = [c for c in used if level_of(c) == level]
        if codes:
            rows.append(line(roman(number), title, codes, "group"))
            rows += [line(str(i), forms[c].ten, [c], "body") for i, c in enumerate(codes, 1)]
    return Table(widths, tuple(rows), font_pt=9 if members else 11)


def _direct_worker_table(r: _Report, awards: _Awards) -> Table | None:
    """Small collectives and direct workers by member: only when some member gives them."""
    per_member = awards.by_member
    if not per_member or all(not t.direct.given for t in per_member.values()) or awards.cluster is None:
        return None
    widths = (1.0, 6.0, 3.0, 3.0, 3.0, 4.0, 3.0)
    rows = [Row(tuple(Cell(h) for h in ("STT", capital(r.word), "Tổng số", "Tập thể", "Cá nhân",
                                         "Tập thể nhỏ, người lao động trực tiếp", "Tỷ lệ (%)")), "header")]
    rows += [award_row(str(i), capital(r.short(m)), per_member[m], "body")
             for i, m in enumerate([m for m in r.members if m in per_member], 1)]
    rows.append(award_row("", "Tổng cộng", awards.cluster, "total"))
    return Table(widths, tuple(rows), font_pt=11)


def _name(doc: BaoCaoTongKet, member: str) -> str:
    found = next((m for m in doc.thanh_vien if m.ten == member), None)
    return naming.full_name(found) if found else member


# ------------------------------------------------------------------ each member's own report


def _member_check(doc: BaoCaoTongKet, index: int) -> list[Any]:
    return []  # the cluster's checks already ask every member for its figures


def _member_derive(doc: BaoCaoTongKet, member: ThanhVienBaoCao, options: common.Options) -> dict[str, Any]:
    return bao_cao_don_vi.derive(bao_cao_don_vi.from_cluster(doc, member), options,
                                 bao_cao_don_vi.cluster_place(member.ten))


PER_MEMBER = common.PerMember(template=bao_cao_don_vi.TEMPLATE, prefix="bao-cao", members=lambda doc: doc.thanh_vien,
                              check=_member_check, derive=_member_derive)
