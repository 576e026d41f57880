"""The document kinds: each is a model, checks, a derive function, a template and a fixture.

A kind module defines MODEL, TEMPLATE, DOCUMENT_TYPE, cross_check(model, options), mismatches(model),
derive(model, options) and PER_MEMBER (a common.PerMember, or None when it has no per-member document).
A kind's module (and its pydantic model) is imported when a document of that kind is first asked for, so
rendering one kind does not pay for building the models of the others.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType


class _Kinds(Mapping[str, ModuleType]):
    """The kinds by their ``loai``, in the order they are offered, imported on first use."""

    def __init__(self, modules: dict[str, str]) -> None:
        self._modules = modules

    def __getitem__(self, name: str) -> ModuleType:
        return importlib.import_module(f"{__name__}.{self._modules[name]}")

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)


KINDS: Mapping[str, ModuleType] = _Kinds({
    "bao_cao_tong_ket": "bao_cao",
    "bao_cao_don_vi": "bao_cao_don_vi",
    "giao_uoc": "giao_uoc",
    "ke_hoach_hoat_dong": "ke_hoach_hoat_dong",
    "ke_hoach_hoi_nghi": "ke_hoach_hoi_nghi",
    "cong_van": "cong_van",
    "van_ban": "van_ban",
})
