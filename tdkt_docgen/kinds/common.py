"""What every document kind derives the same way: the Decree 30 frame and member-keyed checks."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import naming, nd30
from ..data.load import Loc
from ..document.common import KhungVanBan, NguoiKy, VanBan
from ..document.markup import inline, parse, placeholder
from ..reference import out_of_force
from ..vn import BLANK, PartialDate, capital, format_date, upper

Problems = list[tuple[Loc, str, str | None]]  # (where, message, hint) found by a kind's checks


@dataclass(frozen=True)
class Options:
    """How a data file is rendered: where its relative paths start, signed or not."""

    base: Path = Path(".")  # the data file's folder
    signed: bool = False  # place signature and seal images (--signed)


@dataclass(frozen=True)
class PerMember:
    """A kind's per-member document: its template, file-name prefix, members, the checks one member's
    document needs (problems as in cross_check), and derive."""

    template: str
    prefix: str  # "dang-ky" -> dang-ky-son-la.docx
    members: Callable[[Any], list[Any]]
    check: Callable[[Any, int], Problems]
    derive: Callable[[Any, Any, Options], dict[str, Any]]


def frame(doc: VanBan, document_type: str, ten_loai: str, trich_yeu: str,
          don_vi_soan_thao: str | None = None) -> dict[str, Any]:
    """Header, title, signature and recipients of a document with one signer, display-ready."""
    context = header(doc, document_type, ten_loai, trich_yeu, don_vi_soan_thao)
    context.update(signature(doc.nguoi_ky, doc.noi_nhan, doc.luu))
    return context


def plan(doc: Any, trich_yeu: str, mo_dau: str) -> dict[str, Any]:
    """The frame of a plan (Kế hoạch) with its opening sentence and section I (mục đích, yêu cầu)."""
    context = frame(doc, "ke_hoach", "Kế hoạch", doc.trich_yeu or trich_yeu)
    context.update({
        "nam": doc.nam,
        "cac": naming.all_of(doc.thanh_vien),  # "các tỉnh", "các huyện, thị xã, thành phố"
        "cac_dau": capital(naming.all_of(doc.thanh_vien)),  # at the start of a heading or sentence
        "mo_dau": inline(doc.mo_dau or mo_dau),
        "muc_dich_yeu_cau": parse(doc.muc_dich_yeu_cau) or placeholder("Mục đích, yêu cầu", "muc_dich_yeu_cau"),
    })
    return context


def header(doc: KhungVanBan, document_type: str | None, ten_loai: str, trich_yeu: str,
           don_vi_soan_thao: str | None = None, symbol: str | None = None) -> dict[str, Any]:
    """Issuing body, "Số:" line (none when ``document_type`` and ``symbol`` are None), place and date, title and
    summary. ``symbol`` ("BC-SNV") replaces the one derived from ``document_type``."""
    if symbol is None:
        symbol = nd30.ky_hieu(document_type, doc.co_quan.viet_tat, don_vi_soan_thao) if document_type else ""
    return {
        "co_quan_chu_quan": header_lines(doc.co_quan.chu_quan or "", "Cơ quan chủ quản"),
        "co_quan_ban_hanh": header_lines(doc.co_quan.ten, "Cơ quan ban hành"),
        "so_ky_hieu": nd30.so_ky_hieu(doc.so, symbol) if symbol else "",
        "so_ky_hieu_ngan": f"{BLANK if doc.so is None else f'{doc.so:02d}'}/{symbol}",
        "dia_danh_ngay": format_date(doc.ngay, doc.dia_danh),
        "du_thao": doc.du_thao,
        "ten_loai": upper(ten_loai),
        "trich_yeu": trich_yeu,
    }


def kinh_gui(recipients: list[str]) -> dict[str, Any]:
    """ "Kính gửi": one recipient on the line itself (``mot``); several as "- …;" lines (``dong``), the first
    after "Kính gửi:" and a tab, the others aligned under it by ``finish``, the last ending with "."."""
    if len(recipients) == 1:
        return {"mot": recipients[0], "dong": []}
    lines = nd30.list_lines(recipients)
    return {"mot": "", "dong": [f"{nd30.KINH_GUI}\t{lines[0]}", *lines[1:]]}


def header_lines(name: str, style_name: str) -> str:
    """A body's name in capitals, broken into even lines for the header's left column ("\n" = line break)."""
    style = nd30.STYLES[style_name]
    width = nd30.HEADER_LEFT_CM - 2 * nd30.CELL_MARGIN_CM
    return "\n".join(nd30.split_body(upper(name), width, style.size, style.bold))


def member_header(member: Any, day: Any, ten_loai: str, trich_yeu: str, so_ky_hieu: str = "",
                  du_thao: bool = False) -> dict[str, Any]:
    """The header of a member's own document: its governing body as issuer, its own place name."""
    return {
        "co_quan_chu_quan": "",
        "co_quan_ban_hanh": header_lines(member.ten_co_quan, "Cơ quan ban hành"),
        "so_ky_hieu": so_ky_hieu,
        "dia_danh_ngay": format_date(day, member.ten),
        "du_thao": du_thao,
        "ten_loai": upper(ten_loai),
        "trich_yeu": trich_yeu,
    }


def signature(signer: NguoiKy, noi_nhan: list[str], luu: str) -> dict[str, Any]:
    """ "Nơi nhận" lines and the signer's lines (ô 7, 9b)."""
    return {
        "noi_nhan": nd30.noi_nhan_lines(noi_nhan, luu),
        "nguoi_ky": {
            "dong": nd30.signer_lines(thay_mat=signer.thay_mat, ky_thay=signer.ky_thay,
                                      chuc_vu=signer.chuc_vu, prefix=signer.tham_quyen),
            "chuc_danh": upper(signer.chuc_danh) if signer.chuc_danh else "",
            "ho_ten": signer.ho_ten,
        },
    }


def duplicate_members(names: list[str]) -> Problems:
    problems: Problems = []
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name in seen:
            problems.append((("thanh_vien", i, "ten"), f"thành viên '{name}' có tên hai lần trong danh sách.", None))
        seen.add(name)
    return problems


def member_keys(loc: Loc, names: Iterable[str], members: list[str],
                required: bool) -> Problems:
    """Keys that name no member (with a near match), and, when ``required``, members with no entry."""
    problems: Problems = []
    given = list(names)
    for name in given:
        if name not in members:
            close = difflib.get_close_matches(name, members, n=1, cutoff=0.5)
            hint = f"Có phải là '{close[0]}'?" if close else "Thêm thành viên này vào 'thanh_vien' hoặc sửa tên."
            problems.append((loc + (name,), f"'{name}' không có trong danh sách thành viên (thanh_vien).", hint))
    if required:
        for name in members:
            if name not in given:
                problems.append((loc, f"thiếu số liệu của thành viên '{name}'.",
                                 "Mỗi thành viên trong 'thanh_vien' phải có số liệu ở mục này."))
    return problems


# ------------------------------------------------------------------ members in the text


def leaders(doc: Any, names: list[str]) -> Problems:
    """``truong_cum`` / ``pho_truong_cum`` must name members, and two different ones."""
    problems: Problems = []
    for key in ("truong_cum", "pho_truong_cum"):
        name = getattr(doc, key, None)
        if name is not None:
            problems += [((key,), message, hint) for _, message, hint in member_keys((), [name], names, False)]
    if getattr(doc, "pho_truong_cum", None) and doc.pho_truong_cum == doc.truong_cum:
        problems.append((("pho_truong_cum",), "Phó trưởng cụm trùng với Trưởng cụm.", "Ghi tên thành viên khác."))
    return problems


def leaders_first(doc: Any, members: list[Any]) -> list[Any]:
    """Trưởng cụm, then Phó trưởng cụm, then the other members in the data file's order."""
    first = [n for n in (getattr(doc, "truong_cum", None), getattr(doc, "pho_truong_cum", None)) if n]
    by_name = {m.ten: m for m in members}
    return [by_name[n] for n in first if n in by_name] + [m for m in members if m.ten not in first]


def role(doc: Any, name: str) -> str:
    """ " (Trưởng cụm)", " (Phó trưởng cụm)" or ""."""
    if name == getattr(doc, "truong_cum", None):
        return " (Trưởng cụm)"
    if name == getattr(doc, "pho_truong_cum", None):
        return " (Phó trưởng cụm)"
    return ""


def members_word(members: list[Any]) -> str:
    """ "tỉnh", "huyện, thị xã, thành phố" or "địa phương": what the members are, for "các …", "mỗi …"."""
    return naming.collective(members)


def units(names: list[str], members: list[Any]) -> str:
    """Who leads or takes part, as printed: members become "tỉnh Lạng Sơn" ("huyện Tuần Giáo"), "tất cả"
    the whole cluster ("Các tỉnh trong Cụm")."""
    by_name = {m.ten: m for m in members}
    everyone = naming.all_of(members)
    printed = []
    for name in names:
        if name.lower() in ("tất cả", "tat ca", everyone):
            printed.append(f"{capital(everyone)} trong Cụm")
        elif name in by_name:
            full = naming.full_name(by_name[name])
            printed.append(full if printed else capital(full))
        else:
            printed.append(name)
    return ", ".join(printed)


def citation_problems(lines: Sequence[str], day: dt.date) -> list[tuple[int, str]]:
    """What to say of each "Căn cứ" line that cites a law, decree or circular not in force on ``day``."""
    found = []
    for problem in out_of_force(lines, day):
        cited = problem.cited
        when = (f"chưa có hiệu lực (có hiệu lực từ {PartialDate.of(cited.tu).short()})" if day < cited.tu
                else f"đã hết hiệu lực từ {PartialDate.of(cited.den + dt.timedelta(days=1)).short()}" if cited.den
                else "không có hiệu lực")
        instead = f"; văn bản đang có hiệu lực: {', '.join(problem.current)}" if problem.current else ""
        found.append((problem.index, f"căn cứ {problem.symbol} {when}, văn bản ghi ngày {PartialDate.of(day).short()}"
                                     f"{instead}. Sửa dòng căn cứ này (hoặc ngày của văn bản)."))
    return found


def citation_warnings(day: dt.date | PartialDate | None, lines: dict[str, Sequence[object]],
                      position: Callable[[Loc], object]) -> list[str]:
    """The warnings, each at its field's place, for the "Căn cứ" lines (by field: ``can_cu``, …) that cite
    what is not in force on the document's ``day``; a draft dated by its month only counts from its first day,
    one dated by its year only is not judged."""
    if isinstance(day, PartialDate):
        day = dt.date(day.year, day.month, day.day or 1) if day.month else None
    if day is None:
        return []
    return [f"{position((field, index))}: {message}" for field, found in lines.items()
            for index, message in citation_problems([str(line) for line in found], day)]
