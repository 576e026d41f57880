"""Kế hoạch tổ chức Hội nghị tổng kết: time and place, participants, and the programme table whose time
slots are checked (each starts where the previous ended, unless a gap is declared)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from .. import nd30
from ..data.load import Loc
from ..document import figures as fg
from ..document.markup import Para, inline, parse, placeholder
from ..document.tables import Cell, Row, Table
from ..vn import capital, upper
from . import common
from .common import Options, Problems
from .models.ke_hoach import Buoi, KeHoachHoiNghi, MucChuongTrinh, ThamLuan

MODEL = KeHoachHoiNghi
TEMPLATE = "ke_hoach_hoi_nghi.docx"
DOCUMENT_TYPE = "ke_hoach"
PER_MEMBER = None
GAP_HINT = ("Sửa giờ cho liền nhau, thêm một mục cho khoảng đó (ví dụ Giải lao, với 'danh_so: false'), "
            "hoặc ghi 'sau_khoang_nghi: true' ở mục này nếu cố ý để trống.")


def clock(t: dt.time) -> str:
    """ "08h00"."""
    return f"{t.hour:02d}h{t.minute:02d}"


def _minutes(a: dt.time, b: dt.time) -> int:
    return (b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)


# ------------------------------------------------------------------ checks


def cross_check(doc: KeHoachHoiNghi, options: Options) -> Problems:
    names = [m.ten for m in doc.thanh_vien]
    problems = common.duplicate_members(names)
    problems += common.member_keys(("thanh_phan_tinh",), doc.thanh_phan_tinh, names, required=False)
    for i, talk in enumerate(doc.tham_luan):
        problems += [(("tham_luan", i, "thanh_vien"), message, hint)
                     for _, message, hint in common.member_keys((), [talk.thanh_vien], names, False)]
    for i, session in enumerate(doc.buoi):
        problems += _slot_problems(i, session)
    problems += _session_order(doc.buoi)
    problems += _talks_placed(doc)
    return problems


def _slot_problems(index: int, session: Buoi) -> Problems:
    problems: Problems = []
    for j, (before, item) in enumerate(itertools.pairwise(session.muc), 1):
        end, start = before.thoi_gian[1], item.thoi_gian[0]
        loc: Loc = ("buoi", index, "muc", j, "thoi_gian")
        what = f"mục “{_short(item.noi_dung)}” bắt đầu lúc {clock(start)}"
        if start < end:
            problems.append((loc, f"{what}, trước khi mục trước kết thúc ({clock(end)}): hai mục chồng giờ "
                                  f"{_minutes(start, end)} phút.", "Sửa giờ bắt đầu của mục này hoặc giờ kết thúc "
                                                                  "của mục trước."))
        elif start > end and not item.sau_khoang_nghi:
            problems.append((loc, f"{what} nhưng mục trước kết thúc lúc {clock(end)}: còn trống "
                                  f"{_minutes(end, start)} phút chưa khai báo.", GAP_HINT))
    return problems


def _short(text: str, limit: int = 50) -> str:
    """A programme row named in a message: its first words, cut at a space."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _session_span(session: Buoi) -> tuple[dt.time, dt.time]:
    if session.muc:
        return session.muc[0].thoi_gian[0], session.muc[-1].thoi_gian[1]
    assert session.thoi_gian is not None
    return session.thoi_gian


def _session_order(sessions: list[Buoi]) -> Problems:
    problems: Problems = []
    for i, (before, session) in enumerate(itertools.pairwise(sessions), 1):
        same_day = before.ngay == session.ngay
        if session.ngay.as_date() < before.ngay.as_date() or (
                same_day and _session_span(session)[0] < _session_span(before)[1]):
            problems.append((("buoi", i), f"buổi {session.buoi} ngày {session.ngay.short()} bắt đầu trước khi "
                                          "buổi trước kết thúc.", "Xếp các buổi theo thứ tự thời gian."))
    return problems


def _talks_placed(doc: KeHoachHoiNghi) -> Problems:
    flagged = [(i, j) for i, s in enumerate(doc.buoi) for j, item in enumerate(s.muc) if item.tham_luan]
    if len(flagged) > 1:
        i, j = flagged[1]
        return [(("buoi", i, "muc", j, "tham_luan"), "chỉ một mục được ghi 'tham_luan: true'.", None)]
    if flagged and not doc.tham_luan:
        i, j = flagged[0]
        return [(("buoi", i, "muc", j, "tham_luan"), "mục tham luận nhưng danh sách 'tham_luan' trống.",
                 "Thêm danh sách 'tham_luan' (thanh_vien, chu_de, thuc_hien).")]
    if doc.tham_luan and not flagged:
        return [(("tham_luan",), "có danh sách tham luận nhưng không mục nào của chương trình ghi "
                                 "'tham_luan: true'.", "Ghi 'tham_luan: true' ở mục “Tham luận, thảo luận”.")]
    return []


def mismatches(doc: KeHoachHoiNghi) -> list[tuple[Loc, str, str, str]]:
    return []


# ------------------------------------------------------------------ derive


def derive(doc: KeHoachHoiNghi, options: Options) -> dict[str, Any]:
    context = common.plan(doc, f"Tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm {doc.nam}, triển khai "
                               f"nhiệm vụ năm {doc.nam + 1} của {doc.cum}",
                          f"Trưởng {doc.cum} ban hành Kế hoạch tổ chức Hội nghị tổng kết công tác thi đua, khen "
                          f"thưởng năm {doc.nam} như sau:")
    context.update({
        "thoi_gian": _when(doc.buoi),
        "dia_diem": doc.dia_diem,
        "trung_uong": _dash_lines(doc.thanh_phan_trung_uong),
        "cac_tinh": _dash_lines([f"{capital(m.ten_day_du)}: {doc.thanh_phan_tinh[m.ten]}"
                                 for m in doc.thanh_vien if m.ten in doc.thanh_phan_tinh]),
        "chuong_trinh": _programme(doc),
        "to_chuc_thuc_hien": parse(doc.to_chuc_thuc_hien) or placeholder("Tổ chức thực hiện", "to_chuc_thuc_hien"),
    })
    return context


def _dash_lines(items: list[str]) -> list[Para]:
    return [inline(line) for line in nd30.list_lines(items)]


def _when(sessions: list[Buoi]) -> str:
    """ "01 ngày, ngày 05/3/2024 (buổi sáng từ 08h00 đến 11h00; buổi chiều từ 13h30 đến 17h00)"."""
    days = []
    for day, group in itertools.groupby(sessions, key=lambda s: s.ngay):
        spans = [f"buổi {s.buoi} từ {clock(_session_span(s)[0])} đến {clock(_session_span(s)[1])}" for s in group]
        days.append(f"ngày {day.short()} ({'; '.join(spans)})")
    return f"{fg.count(fg.counted(days, 'số ngày của hội nghị'))} ngày, {', '.join(days)}"


def _programme(doc: KeHoachHoiNghi) -> Table:
    rows = [Row((Cell("TT"), Cell("Thời gian"), Cell("Nội dung"), Cell("Thực hiện")), "header")]
    number = 0
    for session in doc.buoi:
        start, end = _session_span(session)
        rows.append(Row((Cell(f"{upper('buổi ' + session.buoi)} NGÀY {session.ngay.short()}: Từ {clock(start)} - "
                              f"{clock(end)}", span=4, align="left"),), "group"))
        if not session.muc:
            rows.append(Row((Cell(session.noi_dung or "", span=4, align="left"),)))
        for item in session.muc:
            number += item.danh_so
            rows.append(_item_row(item, number))
            if item.tham_luan:
                rows += [_talk_row(number, k, talk, doc) for k, talk in enumerate(doc.tham_luan, 1)]
    return Table((1.1, 2.9, 7.6, 4.9), tuple(rows), font_pt=12)


def _item_row(item: MucChuongTrinh, number: int) -> Row:
    start, end = item.thoi_gian
    return Row((Cell(str(number) if item.danh_so else ""), Cell(f"{clock(start)} - {clock(end)}"),
                Cell(item.noi_dung, align="left"), Cell(item.thuc_hien or "", align="left")))


def _talk_row(number: int, k: int, talk: ThamLuan, doc: KeHoachHoiNghi) -> Row:
    member = next(m for m in doc.thanh_vien if m.ten == talk.thanh_vien)
    topic = talk.chu_de if talk.chu_de.startswith(("về ", "với ")) else f"với chủ đề: “{talk.chu_de}”"
    return Row((Cell(f"{number}.{k}."), Cell(""), Cell(f"Tham luận của {member.ten_day_du} {topic}", align="left"),
                Cell(talk.thuc_hien or "", align="left")))
