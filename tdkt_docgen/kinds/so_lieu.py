"""Figures shared by the cluster's report and a unit's own report: percentages, award totals by form and
level (classes such as hạng Nhất, Nhì, Ba each on their own line), award phrases and table rows."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..data import Loc
from ..models.bao_cao import SoKhenThuong
from ..reference import award_forms, award_groups
from ..tables import Cell, Row, RowKind
from ..vn import format_count, format_number, percent_number
from .common import Problems

TWO = Decimal("0.01")
AWARD_LEVELS = (("nha_nuoc", "Khen thưởng cấp Nhà nước"), ("tinh", "Khen thưởng cấp tỉnh"),
                ("co_so", "Khen thưởng cấp cơ sở"))
ATGT = (("so_vu", "số vụ", "vụ"), ("so_nguoi_chet", "số người chết", "người"),
        ("so_nguoi_bi_thuong", "số người bị thương", "người"))


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal:
    """part / whole in percent, rounded half up to 2 decimals (0 when whole is 0)."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TWO, ROUND_HALF_UP)


def dash(n: int | Decimal | None) -> str:
    return format_number(n) if n else "-"


def total_of(counts: Iterable[SoKhenThuong]) -> SoKhenThuong:
    """The sum; direct workers stay absent unless some count gives them."""
    tap_the = ca_nhan = 0
    direct: int | None = None
    for c in counts:
        tap_the, ca_nhan = tap_the + c.tap_the, ca_nhan + c.ca_nhan
        if c.lao_dong_truc_tiep is not None:
            direct = (direct or 0) + c.lao_dong_truc_tiep
    return SoKhenThuong(tap_the=tap_the, ca_nhan=ca_nhan, lao_dong_truc_tiep=direct)


def used_forms(by_form: Iterable[str]) -> list[str]:
    """Award forms present, in the catalogue's order."""
    used = set(by_form)
    return [code for code in award_forms() if code in used]


def level_of(code: str) -> str:
    return award_groups()[award_forms()[code].nhom].cap


def award_phrase(counts: SoKhenThuong) -> str:
    parts = []
    if counts.tap_the:
        parts.append(f"{format_count(counts.tap_the)} tập thể")
    if counts.ca_nhan:
        parts.append(f"{format_count(counts.ca_nhan)} cá nhân")
    return " và ".join(parts)


def award_lines(by_form: dict[str, SoKhenThuong], codes: Iterable[str]) -> list[str]:
    """ "- Huân chương Lao động hạng Nhất: 01 tập thể và 01 cá nhân" for each form with awards."""
    forms = award_forms()
    return [f"- {forms[c].ten}: {award_phrase(by_form[c])}" for c in codes if c in by_form and by_form[c].tong_so]


def share(counts: SoKhenThuong) -> Decimal | None:
    """Small collectives and direct workers among those awarded, in percent (None when not reported)."""
    if counts.lao_dong_truc_tiep is None or not counts.tong_so:
        return None
    return percent(counts.lao_dong_truc_tiep, counts.tong_so)


def award_row(no: str, title: str, counts: SoKhenThuong, kind: RowKind, *more: Cell, direct_known: bool = False) -> Row:
    """STT, title, then total, collectives, individuals, direct workers and their share ("-" for none). With
    ``direct_known`` (the table's data reports direct workers) a form without them counts 0 of them."""
    if direct_known and counts.lao_dong_truc_tiep is None:
        counts = counts.model_copy(update={"lao_dong_truc_tiep": 0})
    part = share(counts)
    cells = (Cell(dash(counts.tong_so)), Cell(dash(counts.tap_the)), Cell(dash(counts.ca_nhan)),
             Cell(dash(counts.lao_dong_truc_tiep)), Cell(percent_number(part) if part is not None else "-"))
    return Row((Cell(no), Cell(title, align="left"), *cells, *more), kind)


def form_problems(entries: Iterable[tuple[Loc, str, SoKhenThuong | None]], year: int) -> Problems:
    """Unknown award codes (with the nearest), forms not in force in ``year``, collectives or individuals a
    form is not given to, and a class given beside the form "các hạng" it belongs to (counted twice)."""
    forms = award_forms()
    problems: Problems = []
    seen: dict[Loc, set[str]] = {}
    for loc, code, counts in entries:
        form = forms.get(code)
        if form is None:
            close = difflib.get_close_matches(code, list(forms), n=1, cutoff=0.6)
            hint = (f"Có phải là '{close[0]}'?" if close
                    else "Xem danh sách mã trong README (mục Hình thức khen thưởng).")
            problems.append((loc, f"không có hình thức khen thưởng mã '{code}'.", hint))
            continue
        if not form.exists_in(year):
            problems.append((loc, f"hình thức “{form.ten}” không áp dụng cho số liệu năm {year}.", None))
        if counts is not None:
            for who, label in (("tap_the", "tập thể"), ("ca_nhan", "cá nhân")):
                if getattr(counts, who) and who not in form.doi_tuong:
                    problems.append((loc + (who,), f"“{form.ten}” không tặng cho {label}.", None))
        seen.setdefault(loc[:-1], set()).add(code)
    for where, given in seen.items():
        for code in sorted(given):
            family = forms[code].thuoc
            if family in given:
                problems.append((where + (code,), f"“{forms[code].ten}” đã được tính trong “{forms[family].ten}”: "
                                 "ghi một lần.", f"Bỏ mã '{family}' hoặc ghi riêng từng hạng."))
    return problems


def traffic_summary(c: Any) -> str:
    """ "Tăng cả 03 tiêu chí", "Tăng 01 tiêu chí, giảm 02 tiêu chí" (``c``: AnToanGiaoThong)."""
    changes = [getattr(c, field) for field, _, _ in ATGT]
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
