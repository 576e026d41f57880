"""Every kind the page offers has a Vietnamese title, never its code."""

from __future__ import annotations

from tdkt_docgen import kinds
from tdkt_docgen.service import core


def test_every_kind_has_a_vietnamese_title() -> None:
    for kind in kinds.KINDS:
        title = core.kind_title(kind)
        assert title != kind and "_" not in title and title[0].isupper(), kind
