"""Whether a signing certificate names a member of the cluster: its subject's organisation (O) or common name
(CN), "UBND tỉnh Lào Cai", "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "UBND TINH LAO CAI", against the member's field
"Lào Cai". Pure functions, no I/O.

Both sides are normalised as Vietnamese is written in certificates: Unicode forms (NFC/NFD, old and new tone
placement), case, with or without diacritics ("đ" as "d"), punctuation and spacing. Then the titles of the
governing body and of the unit's kind are taken off the front ("Ủy ban nhân dân", "UBND", "tỉnh", "thành phố",
"huyện", "Sở"…), and what is left must be the member's name, whole: "UBND tỉnh Lào Cai (giả)" does not name
Lào Cai, nor does "UBND tỉnh Sơn La".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from ..reference import member_kinds

GOVERNING = ("ủy ban nhân dân", "ubnd", "hội đồng nhân dân", "hđnd")


def folded(text: str) -> str:
    """Lower case, no diacritics ("đ" as "d"), words separated by one space, no punctuation."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.findall(r"[0-9a-z]+", plain))


@cache
def _titles() -> tuple[str, ...]:
    """The words before a unit's name, longest first ("thanh pho" before "thanh"...)."""
    words = {folded(w) for w in GOVERNING}
    for kind in member_kinds().values():
        words |= {folded(kind.word), folded(kind.loai)}
    return tuple(sorted((w for w in words if w), key=len, reverse=True))


def member_key(name: str) -> str:
    """A member's name as compared: folded, titles taken off ("tỉnh Lào Cai", "Lào Cai" → "lao cai")."""
    key = folded(name)
    changed = True
    while changed:
        changed = False
        for title in _titles():
            if key.startswith(title + " ") and len(key) > len(title) + 1:
                key, changed = key[len(title) + 1:], True
                break
    return key


def names_member(subject_names: Iterable[str], member: str) -> bool:
    """A certificate whose subject O or CN (``subject_names``) names ``member`` (a signature field's name)."""
    wanted = member_key(member)
    return bool(wanted) and any(member_key(name) == wanted for name in subject_names if name)
