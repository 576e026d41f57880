"""tdkt-docgen: Vietnamese administrative documents for emulation and commendation work (TĐKT).

The public API: ``load``, ``render`` (one document, ``pipeline``) and ``render_per_member`` (``batch``).
"""

from __future__ import annotations

from .batch import render_per_member
from .errors import Mismatch
from .pipeline import Document, from_source, load, load_own, render

__all__ = ["Document", "Mismatch", "from_source", "load", "load_own", "render", "render_per_member"]
