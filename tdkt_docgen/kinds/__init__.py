"""The document kinds: each is a model, checks, a derive function, a template and a fixture.

A kind module defines MODEL, TEMPLATE, DOCUMENT_TYPE, cross_check(model, options), mismatches(model),
derive(model, options) and PER_MEMBER (a common.PerMember, or None when it has no per-member document).
"""

from __future__ import annotations

from types import ModuleType

from . import bao_cao, cong_van, giao_uoc, ke_hoach_hoat_dong, ke_hoach_hoi_nghi, van_ban

KINDS: dict[str, ModuleType] = {
    "bao_cao_tong_ket": bao_cao,
    "giao_uoc": giao_uoc,
    "ke_hoach_hoat_dong": ke_hoach_hoat_dong,
    "ke_hoach_hoi_nghi": ke_hoach_hoi_nghi,
    "cong_van": cong_van,
    "van_ban": van_ban,
}
