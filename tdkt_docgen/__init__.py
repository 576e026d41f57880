"""tdkt-docgen: Vietnamese administrative documents for emulation and commendation work (TĐKT).

One pipeline (see ../shared/docs/design.md): load -> validate -> derive -> render -> finish -> write.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from . import data, kinds, output
from .errors import DataError, DataErrors, Mismatch, MismatchError, Position
from .render import TEMPLATES, render_docx

__all__ = ["Document", "Mismatch", "load", "render"]


@dataclass(frozen=True)
class Document:
    """A validated data file: its kind, its model, and the totals it states that do not add up."""

    source: data.Source
    kind: ModuleType
    model: Any
    mismatches: list[Mismatch]

    def context(self) -> dict[str, Any]:
        return self.kind.derive(self.model)  # type: ignore[no-any-return]

    @property
    def template(self) -> Path:
        return TEMPLATES / self.kind.TEMPLATE


def _kind_of(source: data.Source) -> ModuleType:
    name = source.data.get("loai")
    if name is None:
        raise DataError("thiếu trường 'loai' (loại văn bản).", Position(source.path, 1, "loai"),
                        f"Các loại có: {', '.join(kinds.KINDS)}.")
    if name not in kinds.KINDS:
        raise DataError(f"không có loại văn bản '{name}'.", source.position(("loai",)),
                        f"Các loại có: {', '.join(kinds.KINDS)}.")
    return kinds.KINDS[name]


def load(path: Path | str) -> Document:
    """Read and validate a data file; raise DataErrors naming every problem with file, line and field."""
    source = data.load(path)
    kind = _kind_of(source)
    model = data.validate(source, kind.MODEL)
    problems = kind.cross_check(model)
    if problems:
        raise DataErrors([DataError(message, source.position(loc), hint) for loc, message, hint in problems])
    mismatches = [Mismatch(what, stated, computed, source.position(loc))
                  for loc, what, stated, computed in kind.mismatches(model)]
    return Document(source, kind, model, mismatches)


def render(data_path: Path | str, out: Path | str, *, force: bool = False, strict: bool = False,
           template: Path | str | None = None) -> Document:
    """Render one data file to a DOCX at ``out``. Stated totals that do not add up are returned in
    ``Document.mismatches`` (or raised with ``strict``); nothing is written when anything fails."""
    out = Path(out)
    output.check_writable(out, force)
    document = load(data_path)
    if strict and document.mismatches:
        raise MismatchError(document.mismatches)
    content = render_docx(Path(template) if template else document.template, document.context())
    output.write_atomic(out, content, force)
    return document
