"""The document kinds: each is a model, a derive function, a template and a fixture."""

from __future__ import annotations

from types import ModuleType

from . import bao_cao

KINDS: dict[str, ModuleType] = {
    "bao_cao_tong_ket": bao_cao,
}
