"""The cluster's yearly summary report: cross-checks, stated totals, and ``derive`` (every number)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .. import nd30
from ..data import Loc
from ..markup import Para, escape, footnote, inline, parse, placeholder
from ..models.bao_cao import BaoCaoTongKet, ChiTieu, SoKhenThuong
from ..reference import award_forms, award_groups
from ..tables import Cell, Row, RowKind, Table
from ..vn import capital, format_count, format_date, format_number, format_percent, percent_number, roman
from . import common

MODEL = BaoCaoTongKet
TEMPLATE = "bao_cao_tong_ket.docx"
DOCUMENT_TYPE = "bao_cao"

SECTION_TITLES = {
    "mo_dau": "Mở đầu", "lanh_dao_chi_dao": "Công tác lãnh đạo, chỉ đạo",
    "trien_khai_phong_trao": "Công tác tổ chức triển khai các phong trào thi đua",
    "phong_trao_chuyen_de_chung": "Phong trào thi đua chuyên đề",
    "kinh_te_xa_hoi": "Phong trào thi đua thực hiện nhiệm vụ phát triển kinh tế - xã hội",
    "kinh_te_xa_hoi_khac": "Các kết quả kinh tế - xã hội khác",
    "nong_thon_moi": "Phong trào “Cả nước chung sức xây dựng nông thôn mới”",
    "giam_ngheo": "Phong trào “Vì người nghèo - Không để ai bị bỏ lại phía sau”",
    "ket_cau_ha_tang": "Phong trào “Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, "
                       "chống lãng phí”",
    "van_hoa_cong_so": "Phong trào “Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở”",
    "xa_hoi_hoc_tap": "Phong trào “Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời”",
    "tuyen_truyen": "Công tác tuyên truyền, nhân rộng điển hình tiên tiến",
    "dien_hinh_tien_tien": "Các cá nhân điển hình tiên tiến tiêu biểu", "khen_thuong": "Công tác khen thưởng",
    "kiem_tra": "Công tác kiểm tra", "boi_duong": "Công tác bồi dưỡng chuyên môn, nghiệp vụ",
    "cai_cach_hanh_chinh": "Công tác cải cách hành chính, ứng dụng công nghệ thông tin",
    "uu_diem": "Ưu điểm", "han_che": "Hạn chế", "nguyen_nhan": "Nguyên nhân",
    "phuong_huong": "Phương hướng, nhiệm vụ", "kien_nghi": "Kiến nghị, đề xuất",
}
ATGT = (("so_vu", "số vụ", "vụ"), ("so_nguoi_chet", "số người chết", "người"),
        ("so_nguoi_bi_thuong", "số người bị thương", "người"))
TWO = Decimal("0.01")
AWARD_LEVELS = (("nha_nuoc", "Khen thưởng cấp Nhà nước"), ("tinh", "Khen thưởng cấp tỉnh"))


# ------------------------------------------------------------------ checks beyond the schema


def cross_check(doc: BaoCaoTongKet, options: common.Options) -> list[tuple[Loc, str, str | None]]:
    """Problems the schema cannot see: unknown or missing members, unknown award forms."""
    members = [m.ten for m in doc.thanh_vien]
    problems = common.duplicate_members(members)
    keyed: list[tuple[Loc, Iterable[str], bool]] = [
        (("so_lieu", "van_ban"), doc.so_lieu.van_ban, True),
        (("so_lieu", "chi_tieu"), doc.so_lieu.chi_tieu, True),
        (("so_lieu", "khen_thuong"), doc.so_lieu.khen_thuong, True),
        (("so_lieu", "tong_da_bao_cao", "khen_thuong_theo_tinh"),
         doc.so_lieu.tong_da_bao_cao.khen_thuong_theo_tinh, False),
        (("noi_dung", "chu_de_thi_dua"), doc.noi_dung.chu_de_thi_dua, False),
        (("noi_dung", "phong_trao_chuyen_de"), doc.noi_dung.phong_trao_chuyen_de, False),
        (("noi_dung", "cach_lam_hay"), doc.noi_dung.cach_lam_hay, False),
    ]
    for loc, names, required in keyed:
        problems += common.member_keys(loc, names, members, required)
    problems += _check_award_forms(doc)
    return problems


def _check_award_forms(doc: BaoCaoTongKet) -> list[tuple[Loc, str, str | None]]:
    forms = award_forms()
    problems: list[tuple[Loc, str, str | None]] = []
    per_member = [(("so_lieu", "khen_thuong", m, code), code, counts)
                  for m, by_form in doc.so_lieu.khen_thuong.items() for code, counts in by_form.items()]
    stated = [(("so_lieu", "tong_da_bao_cao", "khen_thuong_theo_hinh_thuc", code), code, None)
              for code in doc.so_lieu.tong_da_bao_cao.khen_thuong_theo_hinh_thuc]
    for loc, code, counts in per_member + stated:
        form = forms.get(code)
        if form is None:
            close = difflib.get_close_matches(code, list(forms), n=1, cutoff=0.6)
            hint = (f"Có phải là '{close[0]}'?" if close
                    else "Xem danh sách mã trong README (mục Hình thức khen thưởng).")
            problems.append((loc, f"không có hình thức khen thưởng mã '{code}'.", hint))
            continue
        if not form.exists_in(doc.nam):
            problems.append((loc, f"hình thức “{form.ten}” không áp dụng cho số liệu năm {doc.nam}.", None))
        if counts is not None:
            for who, label in (("tap_the", "tập thể"), ("ca_nhan", "cá nhân")):
                if getattr(counts, who) and who not in form.doi_tuong:
                    problems.append((loc + (who,), f"“{form.ten}” không tặng cho {label}.", None))
    return problems


def mismatches(doc: BaoCaoTongKet) -> list[tuple[Loc, str, str, str]]:
    """(where, what, stated, computed) for every stated total that differs from the computed one."""
    stated = doc.so_lieu.tong_da_bao_cao
    figures = _totals(doc)
    found: list[tuple[Loc, str, str, str]] = []

    def compare(loc: Loc, what: str, given: Any, computed: Any) -> None:
        if given is not None and Decimal(given) != Decimal(computed):
            found.append((loc, what, format_number(given), format_number(computed)))

    base: Loc = ("so_lieu", "tong_da_bao_cao")
    compare(base + ("van_ban",), "Tổng số văn bản ban hành", stated.van_ban, figures["van_ban"])
    compare(base + ("thu_ngan_sach",), "Tổng thu ngân sách (tỷ đồng)", stated.thu_ngan_sach, figures["thu_ngan_sach"])
    compare(base + ("giai_quyet_viec_lam",), "Tổng số lao động được giải quyết việc làm",
            stated.giai_quyet_viec_lam, figures["viec_lam"])
    compare(base + ("xa_nong_thon_moi",), "Tổng số xã đạt chuẩn nông thôn mới",
            stated.xa_nong_thon_moi, figures["xa_ntm"])
    awards = _award_totals(doc)
    checks = [(base + ("khen_thuong",), "Khen thưởng toàn Cụm", stated.khen_thuong, awards["cum"])]
    checks += [(base + ("khen_thuong_theo_tinh", m), f"Khen thưởng của tỉnh {m}", s, awards["tinh"].get(m))
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


# ------------------------------------------------------------------ totals


def _sum(values: Iterable[Any]) -> Any:
    return sum(values, Decimal(0))


def _totals(doc: BaoCaoTongKet) -> dict[str, Any]:
    chi_tieu = doc.so_lieu.chi_tieu.values()
    return {
        "van_ban": sum(doc.so_lieu.van_ban.values()),
        "thu_ngan_sach": _sum(c.thu_ngan_sach for c in chi_tieu),
        "viec_lam": sum(c.giai_quyet_viec_lam for c in chi_tieu),
        "xa_ntm": sum(c.xa_nong_thon_moi for c in chi_tieu),
    }


def _add(a: SoKhenThuong, b: SoKhenThuong) -> SoKhenThuong:
    return SoKhenThuong(tap_the=a.tap_the + b.tap_the, ca_nhan=a.ca_nhan + b.ca_nhan,
                        lao_dong_truc_tiep=a.lao_dong_truc_tiep + b.lao_dong_truc_tiep)


def total_of(counts: Iterable[SoKhenThuong]) -> SoKhenThuong:
    result = SoKhenThuong()
    for c in counts:
        result = _add(result, c)
    return result


def _award_totals(doc: BaoCaoTongKet) -> dict[str, Any]:
    by_member = doc.so_lieu.khen_thuong
    codes = _used_forms(doc)
    return {
        "cum": total_of(c for forms in by_member.values() for c in forms.values()),
        "tinh": {m: total_of(forms.values()) for m, forms in by_member.items()},
        "hinh_thuc": {code: total_of(forms[code] for forms in by_member.values() if code in forms) for code in codes},
    }


def _used_forms(doc: BaoCaoTongKet) -> list[str]:
    """Award forms present in the data, in the catalogue's order."""
    used = {code for forms in doc.so_lieu.khen_thuong.values() for code in forms}
    return [code for code in award_forms() if code in used]


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal:
    """part / whole in percent, rounded half up to 2 decimals (0 when whole is 0)."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TWO, ROUND_HALF_UP)


def _mean(values: list[Decimal]) -> Decimal:
    return (_sum(values) / len(values)).quantize(TWO, ROUND_HALF_UP)


# ------------------------------------------------------------------ derive


def derive(doc: BaoCaoTongKet, options: common.Options) -> dict[str, Any]:
    """The render context: every number of the report, computed from the member data."""
    members = [m.ten for m in doc.thanh_vien]
    context = common.frame(doc, DOCUMENT_TYPE, "Báo cáo", _trich_yeu(doc))
    context.update({
        "nam": doc.nam, "nam_sau": doc.nam + 1, "cum": doc.cum,
        "so_thanh_vien": len(members),
        "noi_dung": _narrative(doc),
        "van_ban": _documents(doc, members),
        "kinh_te": _economy(doc, members),
        "nong_thon_moi": _new_rural(doc, members),
        "giam_ngheo": _poverty(doc, members),
        "chu_de_thi_dua": _slogans(doc, members),
        "phong_trao_chuyen_de": _numbered_by_member(doc.noi_dung.phong_trao_chuyen_de, members),
        "cach_lam_hay": _numbered_by_member(doc.noi_dung.cach_lam_hay, members),
        "khen_thuong": _awards(doc, members),
        "phu_luc": _appendices(doc, members, context["so_ky_hieu_ngan"]),
    })
    return context


def _trich_yeu(doc: BaoCaoTongKet) -> str:
    return doc.trich_yeu or (f"Tổng kết phong trào thi đua, công tác khen thưởng năm {doc.nam} "
                             f"và phương hướng, nhiệm vụ năm {doc.nam + 1}")


def _narrative(doc: BaoCaoTongKet) -> dict[str, list[Para]]:
    texts = doc.noi_dung.model_dump(include=set(SECTION_TITLES))
    result = {key: parse(text) or placeholder(SECTION_TITLES[key]) for key, text in texts.items()}
    tasks = [inline(f"{i}. {t}") for i, t in enumerate(doc.noi_dung.nhiem_vu, 1)]
    result["nhiem_vu"] = tasks or placeholder("Nhiệm vụ trọng tâm năm sau")
    return result


def _tinh(name: str) -> str:
    return f"tỉnh {escape(name)}"


def _join(items: list[str]) -> str:
    return "; ".join(items)


def _sentence(text: str) -> Para | None:
    """A computed phrase in light markup, or None when there is nothing to say (templates test it)."""
    return inline(text) if text else None


def _documents(doc: BaoCaoTongKet, members: list[str]) -> dict[str, Any]:
    counts = doc.so_lieu.van_ban
    detail = _join([f"{_tinh(m)} ban hành {format_count(counts[m])} văn bản" for m in members])
    return {"tong": sum(counts.values()), "chu_thich": footnote(f"Cụ thể: {detail}.")}


def _ranked(values: dict[str, Decimal], members: list[str], top: int) -> list[str]:
    return sorted(members, key=lambda m: -values[m])[:top]


def _economy(doc: BaoCaoTongKet, members: list[str]) -> dict[str, Any]:
    ct = doc.so_lieu.chi_tieu
    grdp = {m: ct[m].tang_truong_grdp for m in members}
    revenue = {m: ct[m].thu_ngan_sach for m in members}
    revenue_detail = []
    for m in members:
        planned = ct[m].thu_ngan_sach_dat
        share = f", đạt {format_percent(planned)} kế hoạch" if planned else ""
        revenue_detail.append(f"{_tinh(m)} thu ngân sách {format_number(revenue[m])} tỷ đồng{share}")
    full_health = [m for m in members if ct[m].tong_so_xa_y_te and ct[m].xa_dat_chuan_y_te == ct[m].tong_so_xa_y_te]
    new_schools = [m for m in members if ct[m].truong_dat_chuan_trong_nam]
    return {
        "grdp_cao_nhat": _sentence(_join([f"{_tinh(m)} {format_percent(grdp[m])}" for m in _ranked(grdp, members, 2)])),
        "thu_ngan_sach": _sum(revenue.values()),
        "thu_ngan_sach_chu_thich": footnote(f"Trong đó: {_join(revenue_detail)}."),
        "thu_ngan_sach_cao_nhat": _sentence(", ".join(f"{_tinh(m)} đạt {format_number(revenue[m])} tỷ đồng"
                                            for m in _ranked(revenue, members, 2))),
        "viec_lam": sum(ct[m].giai_quyet_viec_lam for m in members),
        "y_te_du": _sentence(_join([f"{_tinh(m)} có {_fraction(ct[m].xa_dat_chuan_y_te, ct[m].tong_so_xa_y_te)} "
                                    "xã đạt chuẩn" for m in full_health])),
        "truong_trong_nam": _sentence(_join([f"{_tinh(m)} {format_count(ct[m].truong_dat_chuan_trong_nam or 0)} trường"
                                   for m in new_schools])),
        "an_toan_giao_thong": _sentence(_traffic_sentence(ct, members)),
    }


def _increased(c: ChiTieu) -> list[str]:
    return [label for field, label, _ in ATGT if getattr(c.an_toan_giao_thong, field) > 0]


def _traffic_sentence(ct: dict[str, ChiTieu], members: list[str]) -> str:
    groups: dict[tuple[str, ...], list[str]] = {}
    for m in members:
        groups.setdefault(tuple(_increased(ct[m])), []).append(m)
    parts = []
    for increased, names in sorted(groups.items(), key=lambda item: len(item[0])):
        who = f"*tỉnh {escape(names[0])}*" if len(names) == 1 else f"*các tỉnh: {escape(', '.join(names))}*"
        if not increased:
            parts.append(f"{who} không tăng tiêu chí nào")
        elif len(increased) == len(ATGT):
            parts.append(f"{who} tăng cả {format_count(len(ATGT))} tiêu chí ({', '.join(increased)})")
        else:
            parts.append(f"{who} tăng {format_count(len(increased))} tiêu chí ({', '.join(increased)})")
    return _join(parts)


def _new_rural(doc: BaoCaoTongKet, members: list[str]) -> dict[str, Any]:
    ct = doc.so_lieu.chi_tieu
    xa, tong_xa = sum(ct[m].xa_nong_thon_moi for m in members), sum(ct[m].tong_so_xa for m in members)
    with_districts = [m for m in members if ct[m].tong_so_huyen]
    huyen = sum(ct[m].huyen_nong_thon_moi or 0 for m in with_districts)
    tong_huyen = sum(ct[m].tong_so_huyen or 0 for m in with_districts)
    details = []
    for m in members:
        c = ct[m]
        parts = [f"*{_tinh(m)}* có {_fraction(c.xa_nong_thon_moi, c.tong_so_xa)} xã đạt chuẩn NTM "
                 f"(đạt {format_percent(percent(c.xa_nong_thon_moi, c.tong_so_xa))})"]
        if c.xa_nong_thon_moi_nang_cao:
            parts.append(f"{format_count(c.xa_nong_thon_moi_nang_cao)} xã đạt NTM nâng cao")
        if c.xa_nong_thon_moi_kieu_mau:
            parts.append(f"{format_count(c.xa_nong_thon_moi_kieu_mau)} xã đạt NTM kiểu mẫu")
        if c.huyen_nong_thon_moi and c.tong_so_huyen:
            parts.append(f"{format_count(c.huyen_nong_thon_moi)}/{format_count(c.tong_so_huyen)} huyện "
                         "đạt chuẩn nông thôn mới")
        details.append(", ".join(parts))
    return {
        "xa": xa, "tong_xa": tong_xa, "ty_le_xa": format_percent(percent(xa, tong_xa)),
        "nang_cao": sum(ct[m].xa_nong_thon_moi_nang_cao for m in members),
        "kieu_mau": sum(ct[m].xa_nong_thon_moi_kieu_mau for m in members),
        "co_huyen": bool(with_districts), "huyen": huyen, "tong_huyen": tong_huyen,
        "ty_le_huyen": format_percent(percent(huyen, tong_huyen)),
        "chu_thich": footnote(f"Cụ thể: {_join(details)}."),
    }


def _poverty(doc: BaoCaoTongKet, members: list[str]) -> dict[str, Any]:
    values = {m: doc.so_lieu.chi_tieu[m].giam_ty_le_ho_ngheo for m in members}
    order = sorted(members, key=lambda m: values[m])
    best = order[-1]
    return {
        "binh_quan": format_percent(_mean(list(values.values()))),
        "danh_sach": _join([f"{m} {format_percent(values[m])}" for m in order[:-1]]),
        "cao_nhat_ten": best, "cao_nhat": f"{format_percent(values[best])}",
    }


def _slogans(doc: BaoCaoTongKet, members: list[str]) -> Para | None:
    slogans = doc.noi_dung.chu_de_thi_dua
    return _sentence(_join([f"{_tinh(m)} với chủ đề “*{escape(slogans[m])}*”" for m in members if m in slogans]))


def _numbered_by_member(texts: dict[str, str], members: list[str]) -> list[Para]:
    present = [m for m in members if m in texts]
    return [inline(f"({i}) **Tỉnh {escape(m)}:** {texts[m]}") for i, m in enumerate(present, 1)]


# ------------------------------------------------------------------ awards


def award_phrase(counts: SoKhenThuong) -> str:
    parts = []
    if counts.tap_the:
        parts.append(f"{format_count(counts.tap_the)} tập thể")
    if counts.ca_nhan:
        parts.append(f"{format_count(counts.ca_nhan)} cá nhân")
    return " và ".join(parts)


def _awards(doc: BaoCaoTongKet, members: list[str]) -> dict[str, Any]:
    totals = _award_totals(doc)
    forms = award_forms()
    groups: dict[str, dict[str, Any]] = {}
    for code in _used_forms(doc):
        group = groups.setdefault(forms[code].nhom, {"dong": [], "tong": SoKhenThuong()})
        counts = totals["hinh_thuc"][code]
        if counts.tong_so:
            group["dong"].append(f"- {forms[code].ten}: {award_phrase(counts)}")
            group["tong"] = _add(group["tong"], counts)
    for group in groups.values():
        group["dong"] = nd30.list_lines(group["dong"], dash="")
        group["tong_chu"] = award_phrase(group["tong"]) or "0 tập thể, cá nhân"
    empty = {"dong": [], "tong": SoKhenThuong(), "tong_chu": "0 tập thể, cá nhân"}
    shares = {m: percent(totals["tinh"][m].lao_dong_truc_tiep, totals["tinh"][m].tong_so) for m in members}
    best = _ranked(shares, members, 1)[0]
    cum = totals["cum"]
    return {
        "tong": cum, "ty_le_truc_tiep": format_percent(percent(cum.lao_dong_truc_tiep, cum.tong_so)),
        "cao_nhat_ten": best, "cao_nhat_ty_le": format_percent(shares[best]),
        **{code: groups.get(code, empty) for code in award_groups()},
    }


# ------------------------------------------------------------------ appendices


def dash(n: int | Decimal | None) -> str:
    return format_number(n) if n else "-"


def _appendices(doc: BaoCaoTongKet, members: list[str], so_ky_hieu_ngan: str) -> dict[str, Any]:
    kem_theo = (f"(Kèm theo Báo cáo số {so_ky_hieu_ngan} {format_date(doc.ngay)} của {doc.cum})")
    return {
        "kem_theo": kem_theo,
        "chi_tieu": _indicator_table(doc, members),
        "khen_thuong": _award_table(doc, members),
        "truc_tiep": _direct_worker_table(doc, members),
    }


def _landscape_widths(fixed: list[float], flexible: int) -> tuple[float, ...]:
    rest = (nd30.LANDSCAPE_TEXT_WIDTH_CM - sum(fixed)) / flexible
    return tuple(fixed + [round(rest, 3)] * flexible)


def traffic_summary(c: ChiTieu) -> str:
    changes = [getattr(c.an_toan_giao_thong, field) for field, _, _ in ATGT]
    up, down, same = (sum(1 for x in changes if x > 0), sum(1 for x in changes if x < 0),
                      sum(1 for x in changes if x == 0))
    n = len(ATGT)
    if up == n:
        return f"Tăng cả {format_count(n)} tiêu chí"
    if down == n:
        return f"Giảm cả {format_count(n)} tiêu chí"
    parts = [f"tăng {format_count(up)} tiêu chí" if up else "", f"giảm {format_count(down)} tiêu chí" if down else "",
             f"{format_count(same)} tiêu chí bằng cùng kỳ" if same else ""]
    text = ", ".join(p for p in parts if p)
    return text[0].upper() + text[1:]


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


def _indicator_table(doc: BaoCaoTongKet, members: list[str]) -> Table:
    ct = [doc.so_lieu.chi_tieu[m] for m in members]
    widths = _landscape_widths([1.0, 5.6, 1.7, 2.3], len(members))

    def row(no: str, name: str, unit: str, cells: list[str], total: str, kind: str = "body") -> Row:
        return Row((Cell(no), Cell(name, align="left"), Cell(unit), Cell(total),
                    *(Cell(c) for c in cells)), kind)  # type: ignore[arg-type]

    def sum_of(get: Callable[[ChiTieu], Any]) -> Any:
        return _sum(get(c) for c in ct)

    health_whole = sum(c.tong_so_xa_y_te or 0 for c in ct) if all(c.tong_so_xa_y_te for c in ct) else None
    rows = [
        Row((Cell("STT"), Cell("Chỉ tiêu"), Cell("ĐVT"), Cell("Toàn Cụm"), *(Cell(m) for m in members)), "header"),
        row("1", "Tốc độ tăng trưởng kinh tế (GRDP)", "%", [percent_number(c.tang_truong_grdp) for c in ct], "-"),
        row("2", "Thu ngân sách trên địa bàn", "Tỷ đồng", [format_number(c.thu_ngan_sach) for c in ct],
            format_number(sum_of(lambda c: c.thu_ngan_sach))),
        row("3", f"Giảm tỷ lệ hộ nghèo so với cuối năm {doc.nam - 1}", "%",
            [percent_number(c.giam_ty_le_ho_ngheo) for c in ct],
            percent_number(_mean([c.giam_ty_le_ho_ngheo for c in ct])) + " (bình quân)"),
        row("4", "Giải quyết việc làm", "Người", [format_number(c.giai_quyet_viec_lam) for c in ct],
            format_number(sum_of(lambda c: c.giai_quyet_viec_lam))),
        row("5", f"Số trường học đạt chuẩn quốc gia tính đến 31/12/{doc.nam}", "Trường",
            [format_number(c.truong_dat_chuan) for c in ct], format_number(sum_of(lambda c: c.truong_dat_chuan))),
        row("6", f"Số xã đạt chuẩn nông thôn mới tính đến 31/12/{doc.nam}", "Xã",
            [_fraction(c.xa_nong_thon_moi, c.tong_so_xa) for c in ct],
            _fraction(sum_of(lambda c: c.xa_nong_thon_moi), sum_of(lambda c: c.tong_so_xa))),
        row("7", f"Số xã đạt chuẩn quốc gia về y tế tính đến 31/12/{doc.nam}", "Xã",
            [_fraction(c.xa_dat_chuan_y_te, c.tong_so_xa_y_te) for c in ct],
            _fraction(sum_of(lambda c: c.xa_dat_chuan_y_te), health_whole)),
        row("8", f"Thực hiện an toàn giao thông năm {doc.nam}", "", [traffic_summary(c) for c in ct], "-"),
    ]
    for field, label, unit in ATGT:
        rows.append(row("", f"- {capital(label)}", capital(unit),
                        [_traffic_change(getattr(c.an_toan_giao_thong, field), unit) for c in ct], "-"))
    return Table(widths, tuple(rows), font_pt=11)


def _award_table(doc: BaoCaoTongKet, members: list[str]) -> Table:
    forms, groups = award_forms(), award_groups()
    by_member = doc.so_lieu.khen_thuong
    widths = _landscape_widths([0.9, 4.8, 1.3, 1.2, 1.2, 1.2, 1.3], 2 * len(members))
    head1 = [Cell("STT", merge_down="start"), Cell("Hình thức khen thưởng", merge_down="start"),
             Cell("Toàn Cụm", span=5)] + [Cell(m, span=2) for m in members]
    head2 = [Cell("", merge_down="continue"), Cell("", merge_down="continue"), Cell("Tổng số"), Cell("Tập thể"),
             Cell("Cá nhân"), Cell("Tập thể nhỏ, người LĐ trực tiếp"), Cell("Tỷ lệ (%)")]
    head2 += [Cell(label) for _ in members for label in ("Tập thể", "Cá nhân")]

    def line(no: str, name: str, codes: list[str], kind: RowKind) -> Row:
        per_member = [total_of(by_member[m][c] for c in codes if c in by_member[m]) for m in members]
        return award_row(no, name, total_of(per_member), kind,
                         *(Cell(dash(x)) for t in per_member for x in (t.tap_the, t.ca_nhan)))

    used = _used_forms(doc)
    rows = [Row(tuple(head1), "header"), Row(tuple(head2), "header"), line("", "Tổng số", used, "total")]
    for number, (level, title) in enumerate(AWARD_LEVELS, 1):
        codes = [c for c in used if groups[forms[c].nhom].cap == level]
        if not codes:
            continue
        rows.append(line(roman(number), title, codes, "group"))
        rows += [line(str(i), forms[c].ten, [c], "body") for i, c in enumerate(codes, 1)]
    return Table(widths, tuple(rows), font_pt=9)


def award_row(no: str, title: str, counts: SoKhenThuong, kind: RowKind, *more: Cell) -> Row:
    """STT, title, then total, collectives, individuals, direct workers and their share ("-" for none)."""
    share = percent_number(percent(counts.lao_dong_truc_tiep, counts.tong_so)) if counts.tong_so else "-"
    cells = (Cell(dash(counts.tong_so)), Cell(dash(counts.tap_the)), Cell(dash(counts.ca_nhan)),
             Cell(dash(counts.lao_dong_truc_tiep)), Cell(share))
    return Row((Cell(no), Cell(title, align="left"), *cells, *more), kind)


def _direct_worker_table(doc: BaoCaoTongKet, members: list[str]) -> Table:
    totals = _award_totals(doc)
    numbers = (3.0, 3.0, 3.0, 4.0, 3.0)  # the table spans the landscape page, as its title does
    widths = (1.0, round(nd30.LANDSCAPE_TEXT_WIDTH_CM - 1.0 - sum(numbers), 3), *numbers)
    rows = [Row(tuple(Cell(h) for h in ("STT", "Tỉnh", "Tổng số", "Tập thể", "Cá nhân",
                                         "Tập thể nhỏ, người lao động trực tiếp", "Tỷ lệ (%)")), "header")]

    rows += [award_row(str(i), capital(m), totals["tinh"][m], "body") for i, m in enumerate(members, 1)]
    rows.append(award_row("", "Tổng cộng", totals["cum"], "total"))
    return Table(widths, tuple(rows), font_pt=11)


# ------------------------------------------------------------------ each member's own report

from . import bao_cao_tinh  # noqa: E402  (it uses the helpers above)

PER_MEMBER = common.PerMember(template=bao_cao_tinh.TEMPLATE, prefix="bao-cao", members=lambda doc: doc.thanh_vien,
                              check=bao_cao_tinh.check, derive=bao_cao_tinh.derive)
