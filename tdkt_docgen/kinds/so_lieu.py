"""Figures shared by the cluster's report and a unit's own report: award totals by form and level (classes such
as hạng Nhất, Nhì, Ba each on their own line), the share of small collectives and direct workers, award phrases
and table rows, road-safety changes. Every number is a ``figures.Figure``: a form whose direct workers are not
given is left out of their share (and the share says so), never counted as 0."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..data.load import Loc
from ..document import figures as fg
from ..document.figures import Figure
from ..document.tables import Cell, Row, RowKind
from ..reference import award_forms, award_groups
from ..vn import capital
from .common import Problems
from .models.bao_cao import SoKhenThuong

AWARD_LEVELS = (("nha_nuoc", "Khen thưởng cấp Nhà nước"), ("tinh", "Khen thưởng cấp tỉnh"),
                ("co_so", "Khen thưởng cấp cơ sở"))
ATGT = (("so_vu", "số vụ", "vụ"), ("so_nguoi_chet", "số người chết", "người"),
        ("so_nguoi_bi_thuong", "số người bị thương", "người"))
ATGT_WORDS = {"so_vu": "vụ", "so_nguoi_chet": "người chết", "so_nguoi_bi_thuong": "người bị thương"}
PARTIAL = "*"  # marks a cell summed over the forms that give direct workers only
PARTIAL_NOTE = ("(*) Chỉ gồm các hình thức có số liệu tập thể nhỏ, người lao động trực tiếp; tỷ lệ tính trên tổng "
                "số được khen thưởng của chính các hình thức đó.")


@dataclass(frozen=True)
class Counts:
    """Awards as figures: collectives, individuals and their total; direct workers summed over the entries
    that give them (``direct``), the total awarded in those same entries (``direct_base``), and the share."""

    tap_the: Figure
    ca_nhan: Figure
    tong_so: Figure
    direct: Figure
    direct_base: Figure
    entries: int = 1  # the (member, form) entries summed
    with_direct: int = 0  # of them, those that give direct workers

    @property
    def share(self) -> Figure:
        return fg.share(self.direct, self.direct_base, "tỷ lệ tập thể nhỏ, người lao động trực tiếp")

    @property
    def partial(self) -> bool:
        """Some entries give direct workers and some do not: the share is over the former only."""
        return 0 < self.with_direct < self.entries

    @property
    def any_awarded(self) -> bool:
        return bool(self.tong_so.value)


def entry(counts: SoKhenThuong, loc: Loc) -> Counts:
    """One form's awards as the data gives them (collectives and individuals not named are none)."""
    tap_the, ca_nhan = fg.data(counts.tap_the, (*loc, "tap_the")), fg.data(counts.ca_nhan, (*loc, "ca_nhan"))
    tong_so = fg.total((tap_the, ca_nhan), "tổng số được khen thưởng")
    direct = fg.data(counts.lao_dong_truc_tiep, (*loc, "lao_dong_truc_tiep"))
    base = tong_so if direct.given else Figure(None)
    return Counts(tap_the, ca_nhan, tong_so, direct, base, 1, int(direct.given))


def stated(given: Any, loc: Loc) -> Counts:
    """Awards as a source document states them (``TongKhenThuongDaBaoCao``): used where the data has no
    details to add up."""
    tap_the, ca_nhan = fg.data(given.tap_the, (*loc, "tap_the")), fg.data(given.ca_nhan, (*loc, "ca_nhan"))
    tong_so = (fg.data(given.tong_so, (*loc, "tong_so")) if given.tong_so is not None
               else fg.total((tap_the, ca_nhan), "tổng số được khen thưởng") if tap_the.given and ca_nhan.given
               else Figure(None))
    direct = fg.data(given.lao_dong_truc_tiep, (*loc, "lao_dong_truc_tiep"))
    base = tong_so if direct.given else Figure(None)
    return Counts(tap_the, ca_nhan, tong_so, direct, base, 1, int(direct.given))


def total_of(items: Iterable[Counts], label: str = "") -> Counts:
    """The sum of several awards' counts; direct workers over the entries that give them."""
    items = tuple(items)
    return Counts(fg.total((i.tap_the for i in items), f"{label} tập thể".strip()),
                  fg.total((i.ca_nhan for i in items), f"{label} cá nhân".strip()),
                  fg.total((i.tong_so for i in items), f"{label} tổng số".strip()),
                  fg.total((i.direct for i in items), f"{label} tập thể nhỏ, người lao động trực tiếp".strip()),
                  fg.total((i.direct_base for i in items), "tổng số được khen của các hình thức có số liệu lao "
                                                            "động trực tiếp"),
                  sum(i.entries for i in items), sum(i.with_direct for i in items))


def used_forms(by_form: Iterable[str]) -> list[str]:
    """Award forms present, in the catalogue's order."""
    used = set(by_form)
    return [code for code in award_forms() if code in used]


def level_of(code: str) -> str:
    return award_groups()[award_forms()[code].nhom].cap


def award_phrase(counts: Counts) -> str:
    """ "36 tập thể và 28 cá nhân" (the part that is none left out); "0 tập thể, cá nhân" when both are none."""
    parts = [f"{fg.count(f)} {word}" for f, word in ((counts.tap_the, "tập thể"), (counts.ca_nhan, "cá nhân"))
             if f.value]
    if not parts:
        return f"{fg.count(counts.tong_so)} tập thể, cá nhân"
    return " và ".join(parts)


def award_lines(by_form: dict[str, Counts], codes: Iterable[str]) -> list[str]:
    """ "- Huân chương Lao động hạng Nhất: 01 tập thể và 01 cá nhân" for each form with awards."""
    forms = award_forms()
    return [f"- {forms[c].ten}: {award_phrase(by_form[c])}" for c in codes if c in by_form and by_form[c].any_awarded]


def share_phrase(counts: Counts, word: str = "hình thức") -> str:
    """ "52,77%"; over part of the forms: "61,23% (trong các hình thức có số liệu: 12.632/20.630 tập thể, cá
    nhân)"."""
    text = fg.percent(counts.share)
    if counts.partial:
        text += (f" (trong các {word} có số liệu: {fg.number(counts.direct)}/{fg.number(counts.direct_base)} "
                 "tập thể, cá nhân)")
    return text


def award_row(no: str, title: str, counts: Counts, kind: RowKind, *more: Cell) -> Row:
    """STT, title, then total, collectives, individuals, direct workers and their share: "-" for none or not
    given; a sum over part of the forms is marked ``PARTIAL``."""
    mark = PARTIAL if counts.partial else ""
    direct = fg.cell(counts.direct)
    share = fg.cell(counts.share, "percent")
    cells = (Cell(fg.cell(counts.tong_so, zero="-")), Cell(fg.cell(counts.tap_the, zero="-")),
             Cell(fg.cell(counts.ca_nhan, zero="-")), Cell(direct + (mark if counts.direct.given else "")),
             Cell(share + (mark if counts.share.given else "")))
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


# ------------------------------------------------------------------ road safety


def traffic(c: Any, loc: Loc) -> dict[str, Figure]:
    """The three changes against the same period of last year (``c``: AnToanGiaoThong), as figures."""
    return {name: fg.data(getattr(c, name), (*loc, name), label) for name, label, _ in ATGT}


def criteria(names: Sequence[str]) -> Figure:
    return fg.counted(names, "số tiêu chí an toàn giao thông")


def traffic_summary(changes: dict[str, Figure]) -> str:
    """ "Tăng cả 03 tiêu chí", "Tăng 01 tiêu chí, giảm 02 tiêu chí" by the signs of the changes."""
    labels = {name: label for name, label, _ in ATGT}
    up = [labels[n] for n, f in changes.items() if f.value is not None and f.value > 0]
    down = [labels[n] for n, f in changes.items() if f.value is not None and f.value < 0]
    same = [labels[n] for n, f in changes.items() if f.value == 0]
    if len(up) == len(ATGT):
        return f"Tăng cả {fg.count(criteria(up))} tiêu chí"
    if len(down) == len(ATGT):
        return f"Giảm cả {fg.count(criteria(down))} tiêu chí"
    parts = [f"tăng {fg.count(criteria(up))} tiêu chí" if up else "",
             f"giảm {fg.count(criteria(down))} tiêu chí" if down else "",
             f"{fg.count(criteria(same))} tiêu chí bằng cùng kỳ" if same else ""]
    return capital(", ".join(p for p in parts if p))


def traffic_changes(changes: dict[str, Figure]) -> str:
    """ "giảm 16 vụ, giảm 10 người chết, giảm 24 người bị thương" (seed 002); "số vụ bằng cùng kỳ" for 0."""
    labels = {name: label for name, label, _ in ATGT}
    parts = []
    for name, change in changes.items():
        value = change.value
        assert value is not None
        if value == 0:
            parts.append(f"{labels[name]} bằng cùng kỳ")
        else:
            parts.append(f"{'tăng' if value > 0 else 'giảm'} {fg.count(fg.size(change))} {ATGT_WORDS[name]}")
    return ", ".join(parts)


def traffic_change(change: Figure, unit: str) -> str:
    """A table cell: "Tăng 42 vụ so với cùng kỳ", "Giảm 05 người so với cùng kỳ", "Bằng cùng kỳ"."""
    value = change.value
    if value is None:
        return fg.DASH
    if value == 0:
        fg.consult(change)
        return "Bằng cùng kỳ"
    return f"{'Tăng' if value > 0 else 'Giảm'} {fg.count(fg.size(change))} {unit} so với cùng kỳ"
