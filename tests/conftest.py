from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "cum-7-tinh-mnbg-2023.yaml"


@pytest.fixture(scope="session")
def report_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tdkt_docgen import render

    out = tmp_path_factory.mktemp("report") / "bao-cao.docx"
    render(FIXTURE, out)
    return out


@pytest.fixture(scope="session")
def report(report_path: Path):  # type: ignore[no-untyped-def]
    return Document(str(report_path))


def all_text(doc) -> str:  # type: ignore[no-untyped-def]
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def header_columns(doc):  # type: ignore[no-untyped-def]
    """The paragraphs of the header table's left and right columns (both rows)."""
    table = doc.tables[0]
    left = [p for row in table.rows for p in row.cells[0].paragraphs]
    right = [p for row in table.rows for p in row.cells[1].paragraphs]
    return left, right
