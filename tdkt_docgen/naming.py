"""Names. How members are named in sentences, by their kind (thanh_vien.loai): "huyện Tuần Giáo", "thành phố
Điện Biên Phủ", and for all of them "các huyện, thị xã, thành phố" (one tier) or "các địa phương" (several
tiers). Every sentence that names members goes through these helpers; none types "tỉnh" itself.

And how output files are named (``file_name``: the ``--name`` pattern the command line and the service both
check with ``check_name_pattern``; ``safe_name``: a name that every file system and ZIP tool takes, Windows
included).
"""

from __future__ import annotations

import re
import string
import sys
from collections.abc import Iterable
from typing import Any, Protocol

from .errors import OutputError
from .reference import MemberKind, all_districts, all_provinces, member_kinds
from .vn import slug

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


# ------------------------------------------------------------------ file names

MAX_STEM = 100  # characters of a file name before ".docx": far below the 255 bytes file systems allow
NAME_PATTERN_MAX = 200  # characters of a file-name pattern
NAME_WIDTH_MAX = 10  # "{stt:03d}": a field padded to at most this many characters
NAME_PRECISION_MAX = 100  # "{ten:.40}": a text cut to at most this many characters
_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d*)[,_]?(?:\.(?P<precision>\d+))?[bcdeEfFgGnosxX%]?")
# Names Windows keeps for devices, whatever the extension ("CON.docx" is the console): slug() writes them lower
WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", "conin$", "conout$",
                             *(f"{device}{n}" for device in ("com", "lpt") for n in range(10))})


def safe_name(text: str) -> str:
    """A file-name stem from any text: no diacritics, lower case, hyphens, no path separators or "..", at most
    ``MAX_STEM`` characters (a longer one is cut and keeps a short digest of the whole, so names stay unique)."""
    stem = slug(text) or "van-ban"
    if stem in WINDOWS_DEVICES:  # "con.docx", "nul.docx" cannot be opened or saved on Windows
        stem += "_"
    if len(stem) <= MAX_STEM:
        return stem
    import hashlib

    digest = hashlib.sha256(stem.encode()).hexdigest()[:8]
    return f"{stem[:MAX_STEM - 9].rstrip('-')}-{digest}"


def _name_hint(known: tuple[str, ...] = ("stt", "ten")) -> str:
    fields = ", ".join(f"{{{name}}}" for name in dict.fromkeys(known))  # a list's own "stt" is said once
    return f"Các trường có: {fields}; ví dụ: --name \"{{stt:02d}}-{{ten}}.docx\"."


NAME_HINT = _name_hint()


def check_name_pattern(pattern: str, known: tuple[str, ...] | None = None) -> None:
    """A ``--name`` pattern whose names cost nothing to make and name only what there is: at most
    ``NAME_PATTERN_MAX`` characters, widths up to ``NAME_WIDTH_MAX`` and precisions up to ``NAME_PRECISION_MAX``
    ("{stt:99999999d}" would make a name of 100 million characters); with ``known``, only those plain field
    names ({stt}, {ten}, a row's own fields), never attributes, indexes or conversions ("{ten.upper}",
    "{stt[0]}", "{ten!r}"). OutputError otherwise. The command line (through ``file_name``) and the service
    (at submit, before the fields are known) both call it."""
    hint = "Ví dụ: {stt:02d}-{ten}.docx (số thứ tự hai chữ số, rồi tên thành viên)." if known is None \
        else _name_hint(known)
    if len(pattern) > NAME_PATTERN_MAX:
        raise OutputError(f"mẫu tên tệp dài {len(pattern)} ký tự; tối đa {NAME_PATTERN_MAX}.", None, hint)
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        raise OutputError(f"mẫu tên tệp '{pattern}' viết sai (dấu ngoặc nhọn chưa đóng hoặc thừa).", None,
                          hint + " Muốn có dấu { hoặc } trong tên thì viết hai lần: {{ }}.") from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if known is not None and (name not in known or conversion is not None or "{" in (spec or "")):
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise OutputError(f"mẫu tên tệp '{pattern}' không dùng được: không có trường '{shown}'.", None, hint)
        if not spec:
            continue
        found = _SPEC.fullmatch(spec)
        if found is None:
            raise OutputError(f"mẫu tên tệp '{pattern}' có định dạng '{{{name}:{spec}}}' không dùng được.", None, hint)
        width, precision = (int(found[part]) if found[part] and len(found[part]) < 7 else sys.maxsize
                            if found[part] else 0 for part in ("width", "precision"))
        if width > NAME_WIDTH_MAX or precision > NAME_PRECISION_MAX:
            raise OutputError(f"mẫu tên tệp '{pattern}': '{{{name}:{spec}}}' quá dài (độ rộng tối đa {NAME_WIDTH_MAX}, "
                              f"cắt tối đa {NAME_PRECISION_MAX} ký tự).", None, hint)


def file_name(pattern: str | None, stt: int, ten: str, default: str, fields: dict[str, Any] | None = None) -> str:
    """The output name from the user's ``--name`` pattern ("{stt:02d}-{ten}.docx"; a row's own fields
    too: "{stt:03d}-{ho_ten}.docx"), made safe."""
    if pattern is None:
        return f"{safe_name(default)}.docx"
    values = {k: v if isinstance(v, int) and not isinstance(v, bool) else safe_name(str(v))
              for k, v in (fields or {}).items() if v is not None}
    known = ("stt", "ten", *(fields or {}))
    check_name_pattern(pattern, known)
    try:
        formatted = pattern.format(**{**dict.fromkeys(fields or {}, ""), **values, "stt": stt, "ten": safe_name(ten)})
    except (KeyError, IndexError, ValueError, TypeError):
        raise OutputError(f"mẫu tên tệp '{pattern}' có định dạng không dùng được cho trường này ({{stt}} là số, "
                          "các trường khác là chữ).", None, _name_hint(known)) from None
    stem = formatted[:-5] if formatted.lower().endswith(".docx") else formatted
    return f"{safe_name(stem)}.docx"


def unique(names: list[str]) -> list[str]:
    """The same names, a suffix added where one repeats: "son-la.docx", "son-la-2.docx"."""
    seen: set[str] = set()
    result = []
    for name in names:
        stem, candidate, n = name[:-5], name, 1
        while candidate in seen:
            n += 1
            candidate = f"{stem}-{n}.docx"
        seen.add(candidate)
        result.append(candidate)
    return result


def format_width(pattern: str) -> int:
    """The largest width or precision a ``str.format`` pattern asks for ("{stt:>12}" -> 12, "{:.2f}" -> 2); a
    width given by another field ("{0:{1}}") counts as unbounded. The template sandbox bounds its formats
    with it too."""
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError:
        return 0  # not a pattern: formatting it says so
    widest = 0
    for _, name, spec, _ in parts:
        if name is None or not spec:
            continue
        if "{" in spec:
            return sys.maxsize
        widest = max([widest, *(int(n) if len(n) < 7 else sys.maxsize for n in re.findall(r"\d+", spec))])
    return widest
