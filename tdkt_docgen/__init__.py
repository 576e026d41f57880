"""tdkt-docgen: Vietnamese administrative documents for emulation and commendation work (TĐKT).

The public API: ``load``, ``render`` (one document, ``pipeline``) and ``render_per_member`` (``batch``).
Each name is imported on first use, so ``import tdkt_docgen`` (and ``tdkt --help``) does not pay for the
pipeline, its models and docxtpl (issue 20).
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

# The one place for third-party warnings a user must never see: pyHanko imports cryptography's DSA key type,
# which cryptography marks as deprecated (a CryptographyDeprecationWarning with a path into the environment).
warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"pyhanko(\.|$)")

if TYPE_CHECKING:
    from .batch import render_per_member
    from .errors import Mismatch
    from .pipeline import Document, from_source, load, load_own, render

_MODULE_OF = {"Document": "pipeline", "Mismatch": "errors", "from_source": "pipeline", "load": "pipeline",
              "load_own": "pipeline", "render": "pipeline", "render_per_member": "batch"}

__all__ = ["Document", "Mismatch", "from_source", "load", "load_own", "render", "render_per_member"]


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULE_OF[name]}"), name)
    globals()[name] = value  # found directly from now on
    return value
