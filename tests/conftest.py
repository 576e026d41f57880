from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tdkt_docgen" / "examples" / "cum-7-tinh-mnbg-2023.yaml"
PLEDGE = ROOT / "tdkt_docgen" / "examples" / "giao-uoc-cum-7-tinh-2024.yaml"
ACTIVITY_PLAN = ROOT / "tdkt_docgen" / "examples" / "ke-hoach-hoat-dong-2023.yaml"
CONFERENCE_PLAN = ROOT / "tdkt_docgen" / "examples" / "ke-hoach-hoi-nghi-2023.yaml"
LETTER = ROOT / "tdkt_docgen" / "examples" / "cong-van-so-lieu-2023.yaml"
DEPARTMENT_REPORT = ROOT / "tdkt_docgen" / "examples" / "bao-cao-10-nam-chi-thi-34-bac-giang.yaml"  # seed 003
MOVEMENT_REPORT = ROOT / "tdkt_docgen" / "examples" / "bao-cao-nong-thon-moi-son-la-2025.yaml"  # seed 001


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every bundled fixture rendered once: the report, the pledge unsigned and signed, a registration form."""
    from tdkt_docgen import render, render_per_member

    folder = tmp_path_factory.mktemp("rendered")
    render(FIXTURE, folder / "bao-cao.docx")
    render(PLEDGE, folder / "giao-uoc.docx")
    render(PLEDGE, folder / "giao-uoc-da-ky.docx", signed=True)
    render_per_member(PLEDGE, folder / "dang-ky")
    render(ACTIVITY_PLAN, folder / "ke-hoach-hoat-dong.docx")
    render(CONFERENCE_PLAN, folder / "ke-hoach-hoi-nghi.docx")
    render(LETTER, folder / "cong-van.docx")
    render_per_member(LETTER, folder / "cong-van")
    render_per_member(FIXTURE, folder / "bao-cao-tinh")
    render(DEPARTMENT_REPORT, folder / "van-ban.docx")
    render(MOVEMENT_REPORT, folder / "van-ban-kinh-gui.docx")
    return {"bao_cao": folder / "bao-cao.docx", "giao_uoc": folder / "giao-uoc.docx",
            "giao_uoc_da_ky": folder / "giao-uoc-da-ky.docx",
            "dang_ky": folder / "dang-ky" / "dang-ky-lao-cai.docx",
            "ke_hoach_hoat_dong": folder / "ke-hoach-hoat-dong.docx",
            "ke_hoach_hoi_nghi": folder / "ke-hoach-hoi-nghi.docx",
            "cong_van": folder / "cong-van.docx", "cong_van_rieng": folder / "cong-van" / "cong-van-son-la.docx",
            "cong_van_thu_muc": folder / "cong-van",
            "bao_cao_tinh": folder / "bao-cao-tinh" / "bao-cao-lai-chau.docx",
            "bao_cao_tinh_thu_muc": folder / "bao-cao-tinh",
            "van_ban": folder / "van-ban.docx", "van_ban_kinh_gui": folder / "van-ban-kinh-gui.docx"}


@pytest.fixture(scope="session")
def report_path(rendered: dict[str, Path]) -> Path:
    return rendered["bao_cao"]


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


def find_paragraph(doc, starts: str):  # type: ignore[no-untyped-def]
    """The first paragraph, in the body or its tables, whose text starts with ``starts``."""
    for p in doc.element.body.iter(qn("w:p")):
        if "".join(t.text or "" for t in p.iter(qn("w:t"))).startswith(starts):
            return p
    raise AssertionError(starts)


def set_paragraph_text(p, text: str) -> None:  # type: ignore[no-untyped-def]
    """Replace a paragraph's text, keeping its first run's formatting (as typing over it in Word)."""
    texts = list(p.iter(qn("w:t")))
    texts[0].text = text
    for t in texts[1:]:
        t.text = ""


@pytest.fixture(scope="session")
def pdfs(rendered: dict[str, Path]) -> dict[str, Path]:
    """The report, the pledge (unsigned) and the letter converted to PDF by LibreOffice, in one process."""
    from tdkt_docgen import pdf

    names = ["bao_cao", "giao_uoc", "cong_van"]
    contents = [rendered[name].read_bytes() for name in names]
    found = {}
    for result in pdf.convert(contents):
        assert result.pdf is not None, result.error
        path = rendered[names[result.index]].with_suffix(".pdf")
        path.write_bytes(result.pdf)
        found[names[result.index]] = path
    return found
