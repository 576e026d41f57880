"""How members are named in sentences, by their kind (thanh_vien.loai): "huyện Tuần Giáo", "thành phố
Điện Biên Phủ", and for all of them "các huyện, thị xã, thành phố" (one tier) or "các địa phương" (several
tiers). Every sentence that names members goes through these helpers; none types "tỉnh" itself."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from typing import Protocol

from .errors import DocgenError
from .reference import MemberKind, all_districts, all_provinces, member_kinds

ADMINISTRATIVE = ("tinh", "huyen", "xa")
TIER_NAMES = {"tinh": "cấp tỉnh", "huyen": "cấp huyện", "xa": "cấp xã", "co_quan": "cơ quan, đơn vị"}


class Member(Protocol):
    @property
    def ten(self) -> str: ...
    @property
    def loai(self) -> str: ...


def allowed() -> str:
    """The allowed kinds, for error messages."""
    return ", ".join(member_kinds())


def kind(loai: str) -> MemberKind:
    return member_kinds()[loai]


def tier(member: Member) -> str:
    """tinh, huyen, xa or co_quan; a "thành phố" is a district-level city when the reference data of
    districts has it and no centrally-run city has its name."""
    if member.loai == "thành phố":
        if any(p.ten == member.ten and p.loai == "thành phố" for p in all_provinces()):
            return "tinh"
        if any(d.ten == member.ten and d.loai == "thành phố" for d in all_districts()):
            return "huyen"
    return kind(member.loai).cap


def full_name(member: Member) -> str:
    """ "tỉnh Lạng Sơn", "thành phố Điện Biên Phủ", "Sở Nội vụ"."""
    return f"{kind(member.loai).word} {member.ten}"


def governing_body(member: Member) -> str:
    """ "Ủy ban nhân dân huyện Tuần Giáo" for a local government, the body itself for a department."""
    name = full_name(member)
    return name if tier(member) == "co_quan" else f"Ủy ban nhân dân {name}"


def collective(members: Iterable[Member]) -> str:
    """What the members are, for "các …", "mỗi …": "tỉnh", "huyện, thị xã, thành phố" (one tier, its
    words in the usual order) or "địa phương" / "đơn vị" (members of several tiers)."""
    found = list(members)
    tiers = {tier(m) for m in found}
    if len(tiers) > 1:
        return "địa phương" if tiers <= set(ADMINISTRATIVE) else "đơn vị"
    order = [(k.cap, k.word) for k in member_kinds().values()]
    (level,) = tiers or {"tinh"}
    words = sorted({kind(m.loai).word for m in found}, key=lambda word: order.index((level, word)))
    return ", ".join(w.lower() for w in words)


def all_of(members: Iterable[Member]) -> str:
    """ "các tỉnh", "các huyện, thị xã, thành phố"."""
    return f"các {collective(members)}"


# ------------------------------------------------------------------ the pattern that names output files

NAME_PATTERN_MAX = 200  # characters of a file-name pattern
NAME_WIDTH_MAX = 10  # "{stt:03d}": a field padded to at most this many characters
NAME_PRECISION_MAX = 100  # "{ten:.40}": a text cut to at most this many characters
_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[,_]?(?:\.(?P<precision>\d+))?[bcdeEfFgGnosxX%]?")


def check_name_pattern(pattern: str) -> None:
    """A file-name pattern ("{stt:02d}-{ten}.docx") whose names cost nothing to make: at most
    ``NAME_PATTERN_MAX`` characters, widths up to ``NAME_WIDTH_MAX`` and precisions up to
    ``NAME_PRECISION_MAX`` ("{stt:99999999d}" would make a name of 100 million characters); DocgenError
    otherwise. Which fields a pattern may name is checked where the fields are known (batch.check_pattern)."""
    hint = "Ví dụ: {stt:02d}-{ten}.docx (số thứ tự hai chữ số, rồi tên thành viên)."
    if len(pattern) > NAME_PATTERN_MAX:
        raise DocgenError(f"mẫu tên tệp dài {len(pattern)} ký tự; tối đa {NAME_PATTERN_MAX}.", None, hint)
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        raise DocgenError(f"mẫu tên tệp '{pattern}' viết sai (dấu ngoặc nhọn chưa đóng hoặc thừa).", None,
                          hint + " Muốn có dấu { hoặc } trong tên thì viết hai lần: {{ }}.") from None
    for _, name, spec, _ in parts:
        if name is None or not spec:
            continue
        found = _SPEC.fullmatch(spec)
        if found is None:
            raise DocgenError(f"mẫu tên tệp '{pattern}' có định dạng '{{{name}:{spec}}}' không dùng được.", None, hint)
        width, precision = int(found["width"] or 0), int(found["precision"] or 0)
        if width > NAME_WIDTH_MAX or precision > NAME_PRECISION_MAX:
            raise DocgenError(f"mẫu tên tệp '{pattern}': '{{{name}:{spec}}}' quá dài (độ rộng tối đa {NAME_WIDTH_MAX}, "
                              f"cắt tối đa {NAME_PRECISION_MAX} ký tự).", None, hint)
