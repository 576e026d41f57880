"""Light markup for narrative text in data files, parsed into plain paragraphs (no docx objects).

- A blank line separates paragraphs; each line starting with "- " is a paragraph of its own.
- **đậm**, *nghiêng*, ***đậm nghiêng***; ^[text] is a footnote at that point; "\\*" is a literal star.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..vn import nfc
from . import figures, typed


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    highlight: bool = False


@dataclass(frozen=True)
class Footnote:
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class Para:
    parts: tuple[Run | Footnote, ...]

    @property
    def text(self) -> str:
        return "".join(p.text if isinstance(p, Run) else "" for p in self.parts)


_TOKEN = re.compile(r"\\([*^\[\]\\])|\^\[((?:[^\[\]]|\[[^\]]*\])*)\]|\*\*\*|\*\*|\*")
PLACEHOLDER = "[Nội dung mục “{title}” chưa có trong tệp dữ liệu{field}: đề nghị bổ sung.]"


def _inline(text: str, allow_footnotes: bool = True) -> tuple[Run | Footnote, ...]:
    parts: list[Run | Footnote] = []
    bold = italic = False
    buffer = ""
    position = 0

    def flush() -> None:
        nonlocal buffer
        if buffer:
            parts.append(Run(buffer, bold, italic))
            buffer = ""

    for match in _TOKEN.finditer(text):
        buffer += text[position:match.start()]
        position = match.end()
        escaped, footnote, marker = match.group(1), match.group(2), match.group(0)
        if escaped:
            buffer += escaped
        elif footnote is not None and allow_footnotes:
            flush()
            parts.append(Footnote(tuple(p for p in _inline(footnote.strip(), False) if isinstance(p, Run))))
        elif footnote is not None:
            buffer += marker
        else:
            flush()
            if marker in ("**", "***"):
                bold = not bold
            if marker in ("*", "***"):
                italic = not italic
    buffer += text[position:]
    flush()
    return tuple(parts)


def _figures(text: str) -> str:
    """The figures typed in ``text`` printed by the document's number rule (``typed``); those printed by derive
    (marked while the reconciliation sheet is made) are left as they are."""
    if not typed.DIGIT.search(text):
        return text
    pieces = figures.outside_marks(text)
    return "".join(piece if marked else typed.normalized(piece, _typed) for marked, piece in pieces)


def _typed(found: typed.Found) -> str:
    return figures.typed_text(found.value, found.printed, found.written)


def parse(text: str | None) -> list[Para]:
    """Paragraphs of ``text``; an empty text gives no paragraph."""
    if not text:
        return []
    paragraphs: list[str] = []
    current: list[str] = []
    for line in nfc(text).splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("- ") or stripped.startswith("+ "):
            if current:
                paragraphs.append(" ".join(current))
                current = []
            if stripped:
                current = [stripped]
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(stripped)
    if current:
        paragraphs.append(" ".join(current))
    return [Para(_inline(_figures(p))) for p in paragraphs]


def inline(text: str) -> Para:
    """One paragraph from a one-line markup text (computed sentences)."""
    return Para(_inline(_figures(nfc(text))))


def footnote(text: str) -> Footnote:
    """A footnote whose text is in light markup (without nested footnotes)."""
    return Footnote(tuple(p for p in _inline(_figures(nfc(text)), False) if isinstance(p, Run)))


def placeholder(title: str, field: str | None = None) -> list[Para]:
    """A highlighted paragraph asking the secretary to write a section left empty in the data, naming the data
    field to fill (``tdkt check`` reads it back)."""
    where = f" (trường '{field}')" if field else ""
    return [Para((Run(PLACEHOLDER.format(title=title, field=where), italic=True, highlight=True),))]


def escape(text: str) -> str:
    """Text from data placed inside computed markup: its stars and brackets stay literal."""
    return re.sub(r"([*^\[\]\\])", r"\\\1", text)
