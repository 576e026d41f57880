"""Administrative units named as they are on the document's date (the 2025 reorganisation, dated).

Until 30/6/2025: 63 provinces and cities, the district tier, communes, wards and towns (thị trấn). From
01/7/2025 (Nghị quyết 202/2025/QH15, Luật 72/2025/QH15, the resolutions of 16/6/2025 on each province's
communes): 34 provinces and cities, no district tier, no thị trấn; communes, wards and special zones.

Checked on the document's date: the members (``thanh_vien``) and the reporting unit (``don_vi``), the issuing
body and its parent (``co_quan``), the recipients of "Kính gửi". A former unit is an error that names the unit
that replaced it; in a document about a year before the reorganisation (``nam`` before 2025) the members are
history, and a former name among them is a warning. Units of provinces without reference data are not
checked, except for near misses of listed names.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from typing import Any

from .. import naming
from ..data.load import Loc
from ..reference import (
    COMMUNE_TIER_START,
    DISTRICT_TIER_END,
    Commune,
    all_districts,
    all_provinces,
    communes,
    provinces_on,
    successors,
)
from ..vn import PartialDate, slug
from .common import Problems

Said = tuple[str, str | None]  # (message, hint)
KINDS_IN_TEXT = ("thành phố", "thị trấn", "thị xã", "tỉnh", "huyện", "quận", "xã", "phường", "đặc khu")
_MENTION = re.compile(r"\b(" + "|".join(KINDS_IN_TEXT) + r")\s+((?:\S+\s*){1,5})", re.IGNORECASE)


def problems(doc: Any) -> Problems:
    """The errors: every unit the document names that does not exist on its date."""
    return [(loc, message, hint) for loc, message, hint, history in _found(doc) if not history]


def warnings(doc: Any) -> list[tuple[Loc, str]]:
    """The warnings: former units among the members of a document about a year before the reorganisation."""
    return [(loc, f"{message} Văn bản về năm trước khi sắp xếp nêu tên cũ: kiểm tra lại nếu cần tên mới.")
            for loc, message, _, history in _found(doc) if history]


def _found(doc: Any) -> Iterator[tuple[Loc, str, str | None, bool]]:
    day = getattr(doc, "ngay", None)
    if day is None:
        return
    year = getattr(doc, "nam", None)
    history = isinstance(year, int) and year < COMMUNE_TIER_START.year
    members: list[tuple[Loc, Any]] = [(("thanh_vien", i), m) for i, m in enumerate(getattr(doc, "thanh_vien", None)
                                                                                    or [])]
    if getattr(doc, "don_vi", None) is not None:
        members.append((("don_vi",), doc.don_vi))
    for where, member in members:
        said = member_problem(member, day)
        if said:
            former = day.as_date() > DISTRICT_TIER_END and _existed_before(member)
            yield (*where, "ten"), said[0], said[1], history and former
    body = getattr(doc, "co_quan", None)
    for field in ("ten", "chu_quan"):
        text = getattr(body, field, None) if body is not None else None
        if text:
            for said in text_problems(text, day):
                yield ("co_quan", field), f"cơ quan “{text}”: {said[0]}", said[1], False
    for i, line in enumerate(getattr(doc, "kinh_gui", None) or []):
        for said in text_problems(str(line), day):
            yield ("kinh_gui", i), f"Kính gửi “{line}”: {said[0]}", said[1], False


def _existed_before(member: Any) -> bool:
    """Whether a member's name is a unit of the days before the reorganisation (a former one, not a typo)."""
    level = naming.tier(member)
    if level == "tinh":
        return any(p.ten == member.ten and p.den is not None for p in all_provinces())
    if level == "huyen":
        return any(d.ten == member.ten for d in all_districts())
    return bool(successors(naming.kind(member.loai).word, member.ten))


# ------------------------------------------------------------------ members


def member_problem(member: Any, day: PartialDate) -> Said | None:
    level = naming.tier(member)
    if level == "tinh":
        return _province(member, day)
    if level == "huyen":
        return _district(member, day)
    if level == "xa":
        return _commune(naming.kind(member.loai).word, member.ten, day, member.loai)
    return None  # departments: no reference data


def _province(member: Any, day: PartialDate) -> Said | None:
    on_day = provinces_on(day.as_date())
    known = on_day.get(member.ten)
    if known is None:
        return unknown_province(member.ten, day, on_day, member.loai)
    if known.loai != member.loai:
        return (f"'{member.ten}' là {known.loai}, không phải {member.loai}.",
                f"Ghi 'loai: {known.loai}' cho thành viên này.")
    return None


def _district(member: Any, day: PartialDate) -> Said | None:
    """District-level members: the tier ends on 30/6/2025; listed names must be of their kind, and a near
    miss of a listed name is reported (districts of unlisted provinces are not checked)."""
    if day.as_date() > DISTRICT_TIER_END:
        return _former_district(naming.kind(member.loai).word, member.ten, day)
    same = [d for d in all_districts() if d.ten == member.ten and d.exists_on(day.as_date())]
    word = naming.kind(member.loai).word
    if same and all(d.loai != word for d in same):
        right = same[0].loai
        return (f"'{member.ten}' là {right}, không phải {member.loai}.",
                f"Ghi 'loai: {'thành phố thuộc tỉnh' if right == 'thành phố' else right}' cho thành viên này.")
    if same:
        return None
    names = sorted({d.ten for d in all_districts()})
    close = [n for n in names if slug(n) == slug(member.ten)] or difflib.get_close_matches(member.ten, names, 1, 0.8)
    if close:
        return (f"'{member.ten}' không phải tên đơn vị hành chính cấp huyện vào ngày {day.short()}.",
                f"Có phải là '{close[0]}'?")
    return None


def unknown_province(name: str, day: PartialDate, on_day: dict[str, Any], loai: str = "tỉnh") -> Said:
    when = day.short()
    for unit in all_provinces():
        if unit.ten == name and unit.den is not None and unit.sap_nhap_vao:
            since = PartialDate.of(unit.den + dt.timedelta(days=1)).short()
            new = provinces_on(unit.den + dt.timedelta(days=1))[unit.sap_nhap_vao]
            return (f"{unit.loai} {name} không còn vào ngày {when} (từ {since} đã hợp nhất vào "
                    f"{new.loai} {unit.sap_nhap_vao}).", f"Văn bản ngày {when} dùng tên mới: '{unit.sap_nhap_vao}'.")
        if unit.ten == name and unit.tu is not None:
            return (f"'{name}' chưa là đơn vị hành chính cấp tỉnh vào ngày {when}.",
                    "Dùng tên đơn vị đang có vào ngày của văn bản.")
    same_letters = [n for n in on_day if slug(n) == slug(name)]
    close = same_letters or difflib.get_close_matches(name, list(on_day), n=1, cutoff=0.6)
    hint = f"Có phải là '{close[0]}'?" if close else "Xem danh sách trong tdkt_docgen/reference/don_vi_hanh_chinh.yaml."
    if loai == "thành phố":
        hint += " Thành phố thuộc tỉnh thì ghi 'loai: thành phố thuộc tỉnh'."
    return f"'{name}' không phải tên tỉnh, thành phố vào ngày {when}.", hint


def _province_now(old: str) -> tuple[str, str]:
    """ (kind, name) of the province that holds, from 01/7/2025, what was in the province ``old``."""
    unit = next((p for p in all_provinces() if p.ten == old), None)
    name = unit.sap_nhap_vao if unit is not None and unit.sap_nhap_vao else old
    found = provinces_on(COMMUNE_TIER_START).get(name)
    return (found.loai if found else "tỉnh"), name


def _listed(units: list[Commune]) -> str:
    return " hoặc ".join(f"{c.loai} {c.ten} (tỉnh {c.tinh}, Nghị quyết {c.nghi_quyet})" for c in units[:3])


def _former_district(kind: str, name: str, day: PartialDate) -> Said:
    """A district-level unit named on or after 01/7/2025: the province that holds it now, and the commune of
    the same name when there is one."""
    where = [d for d in all_districts() if d.ten == name]
    said = f"từ 01/7/2025 không còn đơn vị hành chính cấp huyện ({kind} {name})"
    if not where:
        return (f"{said}; văn bản ngày {day.short()} không thể nêu đơn vị cấp huyện.",
                "Ghi đơn vị cấp tỉnh hoặc cấp xã (xã, phường, đặc khu) đang có vào ngày của văn bản.")
    province_kind, province = _province_now(where[0].tinh)
    same = [c for c in communes() if c.ten == name and c.tinh == province]
    instead = f"Ủy ban nhân dân {province_kind} {province}" + (f", hoặc {_listed(same)}" if same else "")
    now = f" nay thuộc {province_kind} {province}" if province != where[0].tinh else ""
    return (f"{said}; {kind} {name} (tỉnh {where[0].tinh}){now}.",
            f"Văn bản ngày {day.short()} ghi đơn vị đang có: {instead}.")


def _commune(kind: str, name: str, day: PartialDate, loai: str) -> Said | None:
    """A commune-level unit: from 01/7/2025 no thị trấn, and the communes of the reference provinces are those
    the resolutions formed; a former one is said with the unit it became."""
    if day.as_date() < COMMUNE_TIER_START:
        return None
    became = successors(kind, name)
    if kind == "thị trấn":
        instead = (f"thị trấn {name} đã sắp xếp vào {_listed(became)}" if became
                   else "các thị trấn đã sắp xếp thành xã")
        return (f"từ 01/7/2025 không còn thị trấn; {instead}.",
                f"Ghi xã, phường, đặc khu đang có vào ngày {day.short()}" + (f": '{became[0].ten}', 'loai: xã'."
                                                                            if became else "."))
    now = [c for c in communes() if c.ten == name]
    if any(c.loai == kind for c in now):
        return None
    if now:
        return (f"'{name}' là {now[0].loai}, không phải {kind} (từ 01/7/2025).", f"Ghi 'loai: {now[0].loai}'.")
    if became:
        return (f"{kind} {name} không còn vào ngày {day.short()}: từ 01/7/2025 đã sắp xếp vào {_listed(became)}.",
                f"Văn bản ngày {day.short()} dùng tên mới: '{became[0].ten}'.")
    names = sorted({c.ten for c in communes()})
    close = [n for n in names if slug(n) == slug(name)] or difflib.get_close_matches(name, names, 1, 0.85)
    if close:
        return (f"'{name}' không phải tên {kind} nào của dữ liệu tham chiếu vào ngày {day.short()}.",
                f"Có phải là '{close[0]}'?")
    return None


# ------------------------------------------------------------------ units named in a text


def mentions(text: str) -> Iterator[tuple[str, str]]:
    """(kind, name) of each unit a text names: "UBND tỉnh Hà Giang" -> ("tỉnh", "Hà Giang"); the name is the
    capitalised words after the kind ("Cụm thi đua 7 tỉnh Miền núi …" names no unit of the reference data)."""
    for match in _MENTION.finditer(text):
        words = []
        for word in match.group(2).split():
            if not word[:1].isupper():
                break
            words.append(word.rstrip(",.;:)"))
            if word[-1:] in ",.;:)":
                break
        if words:
            yield match.group(1).lower(), " ".join(words)


def text_problems(text: str, day: PartialDate) -> Iterator[Said]:
    """Former units a text names on or after 01/7/2025 (an issuing body, a recipient): each said with the
    unit that replaced it."""
    if day.as_date() < COMMUNE_TIER_START:
        return
    on_day = provinces_on(day.as_date())
    for kind, name in mentions(text):
        said = _named(kind, name, day, on_day)
        if said:
            yield said


def _named(kind: str, full: str, day: PartialDate, on_day: dict[str, Any]) -> Said | None:
    """The longest leading part of ``full`` that is a known unit of ``kind``, if it is a former one."""
    words = full.split()
    for end in range(len(words), 0, -1):
        name = " ".join(words[:end])
        if kind in ("tỉnh", "thành phố") and name in on_day:
            return None
        if kind in ("tỉnh", "thành phố") and any(p.ten == name and p.den is not None for p in all_provinces()):
            return unknown_province(name, day, on_day, kind)
        if kind in ("huyện", "quận", "thị xã", "thành phố") and any(d.ten == name for d in all_districts()):
            return _former_district(kind, name, day)
        if kind in ("thị trấn", "xã", "phường", "đặc khu") and (successors(kind, name) or kind == "thị trấn"):
            return _commune(kind, name, day, kind)
    return None
