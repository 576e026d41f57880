"""Kế hoạch hoạt động của Cụm thi đua năm N: purposes, the activity table, each member's duties."""

from __future__ import annotations

from typing import Any

from .. import naming
from ..data.load import Loc
from ..document.markup import inline, parse, placeholder
from ..document.tables import Cell, Row, Table
from ..vn import PartialDate, capital
from . import common
from .common import Options, Problems
from .models.ke_hoach import HoatDong, KeHoachHoatDong

MODEL = KeHoachHoatDong
TEMPLATE = "ke_hoach_hoat_dong.docx"
DOCUMENT_TYPE = "ke_hoach"
PER_MEMBER = None


def cross_check(doc: KeHoachHoatDong, options: Options) -> Problems:
    names = [m.ten for m in doc.thanh_vien]
    problems = common.duplicate_members(names) + common.leaders(doc, names)
    problems += common.member_keys(("nhiem_vu",), doc.nhiem_vu, names, required=False)
    for i, activity in enumerate(doc.hoat_dong):
        if activity.den is not None and activity.den.as_date() < activity.thoi_gian.as_date():
            problems.append((("hoat_dong", i, "den"), "thời gian kết thúc ('den') trước thời gian bắt đầu.", None))
    return problems


def mismatches(doc: KeHoachHoatDong) -> list[tuple[Loc, str, str, str]]:
    return []


def derive(doc: KeHoachHoatDong, options: Options) -> dict[str, Any]:
    context = common.plan(doc, f"Hoạt động của {doc.cum} năm {doc.nam}",
                          f"Để triển khai thực hiện tốt công tác thi đua, khen thưởng năm {doc.nam}, Trưởng {doc.cum} "
                          "ban hành Kế hoạch hoạt động của Cụm như sau:")
    context.update({
        "hoat_dong": _activity_table(doc),
        "nhiem_vu": _duties(doc),
    })
    return context


def _period(activity: HoatDong) -> str:
    """ "05/3/2024", "Tháng 6/2024", "Tháng 3 - tháng 6/2024", "Năm 2024"."""
    text = _when(activity.thoi_gian)
    if activity.den is not None:
        start = activity.thoi_gian
        end = _when(activity.den)
        if start.day is None and start.month and activity.den.month and start.year == activity.den.year:
            text = f"tháng {start.month}"
        text = f"{text} - {end}"
    return capital(text)


def _when(day: PartialDate) -> str:
    if day.complete:
        return day.short()
    if day.month:
        return f"tháng {day.month}/{day.year}"
    return f"năm {day.year}"


def _activity_table(doc: KeHoachHoatDong) -> Table:
    members = doc.thanh_vien
    header = Row((Cell("STT"), Cell("Nội dung"), Cell("Thời gian thực hiện"), Cell("Đơn vị chủ trì"),
                  Cell("Đơn vị phối hợp")), "header")
    rows = [Row((Cell(str(i)), Cell(a.noi_dung, align="left"), Cell(_period(a)),
                 Cell(common.units(a.chu_tri, members)), Cell(common.units(a.phoi_hop, members))))
            for i, a in enumerate(doc.hoat_dong, 1)]
    return Table((1.1, 6.4, 2.7, 3.1, 3.2), (header, *rows), font_pt=12)


def _duties(doc: KeHoachHoatDong) -> list[Any]:
    paragraphs = []
    for number, member in enumerate(common.leaders_first(doc, doc.thanh_vien), 1):
        duty = doc.nhiem_vu.get(member.ten)
        if duty is None:
            continue
        role = common.role(doc, member.ten)
        paragraphs.append(inline(f"{number}. **{capital(member.ten_day_du)}**{role}: {duty}"))
    if doc.nhiem_vu_chung:
        paragraphs += parse(doc.nhiem_vu_chung)
    return paragraphs or placeholder(f"Nhiệm vụ của {naming.all_of(doc.thanh_vien)}", "nhiem_vu")
