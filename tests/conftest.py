from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "fixtures" / "cum-7-tinh-mnbg-2023.yaml"
PLEDGE = ROOT / "fixtures" / "giao-uoc-cum-7-tinh-2024.yaml"
ACTIVITY_PLAN = ROOT / "fixtures" / "ke-hoach-hoat-dong-2023.yaml"
CONFERENCE_PLAN = ROOT / "fixtures" / "ke-hoach-hoi-nghi-2023.yaml"
LETTER = ROOT / "fixtures" / "cong-van-so-lieu-2023.yaml"
DEPARTMENT_REPORT = ROOT / "fixtures" / "bao-cao-10-nam-chi-thi-34-bac-giang.yaml"  # seed 003
MOVEMENT_REPORT = ROOT / "fixtures" / "bao-cao-nong-thon-moi-son-la-2025.yaml"  # seed 001


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
    from tdkt_docgen.pdf import convert as pdf

    names = ["bao_cao", "giao_uoc", "cong_van"]
    contents = [rendered[name].read_bytes() for name in names]
    found = {}
    for result in pdf.convert(contents):
        assert result.pdf is not None, result.error
        path = rendered[names[result.index]].with_suffix(".pdf")
        path.write_bytes(result.pdf)
        found[names[result.index]] = path
    return found


@pytest.fixture(scope="session")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every shipped output, as tools/render-examples.sh makes it: each example (the kinds' and the further
    shapes), its per-member documents, the signed pledge, the own-template decision and its certificates (batch),
    and the cluster report's per-member batch; keyed by a short name ("bao_cao_tong_ket", "giay-khen/001-…")."""
    from click.testing import CliRunner

    from tdkt_docgen.cli import main
    from tdkt_docgen.examples import EXAMPLES, MORE_EXAMPLES

    folder = tmp_path_factory.mktemp("shipped")

    def run(*args: object) -> None:
        result = CliRunner().invoke(main, [str(a) for a in args])
        assert result.exit_code == 0, (args, result.output)

    for kind in [*EXAMPLES, *MORE_EXAMPLES]:
        data = folder / "data" / f"{kind}.yaml"
        run("init", kind, "-o", data)
        run("render", data, "-o", folder / f"{kind}.docx")
        per_member = CliRunner().invoke(main, ["render", str(data), "--per-member", "-o", str(folder / kind)])
        assert per_member.exit_code in (0, 2), per_member.output  # kinds without per-member documents refuse
    run("render", folder / "data" / "giao_uoc.yaml", "--signed", "-o", folder / "giao_uoc-da-ky.docx")
    own = folder / "own"
    run("init", "quyet_dinh_khen_thuong", "-o", own)
    run("init", "giay_khen", "-o", own)
    run("render", own / "quyet-dinh.yaml", own / "danh-sach.xlsx", "-t", own / "quyet-dinh-mau.docx",
        "-o", folder / "quyet-dinh.docx")
    run("batch", own / "danh-sach.xlsx", own / "quyet-dinh.yaml", "-t", own / "giay-khen-mau.docx",
        "-o", folder / "giay-khen", "--name", "{stt:03d}-{ho_ten}.docx", "--jobs", "1")
    run("batch", folder / "data" / "bao_cao_tong_ket.yaml", "--per-member", "-o", folder / "batch-bao-cao",
        "--jobs", "1")
    paths = sorted(p for p in folder.rglob("*.docx") if own not in p.parents)
    return {p.relative_to(folder).with_suffix("").as_posix(): p for p in paths}


def laid_out_pdfs(paths: dict[str, Path], folder: Path) -> dict[str, Path]:
    """The documents as LibreOffice lays them out (one process for all), written to ``folder``, keyed as given."""
    from tdkt_docgen.pdf import convert as pdf

    names = list(paths)
    found = {}
    for result in pdf.convert([paths[name].read_bytes() for name in names]):
        assert result.pdf is not None, result.error
        out = folder / f"{names[result.index].replace('/', '--')}.pdf"
        out.write_bytes(result.pdf)
        found[names[result.index]] = out
    return found


@pytest.fixture(scope="session")
def shipped_pdfs(shipped: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every shipped output as LibreOffice lays it out, keyed as ``shipped``."""
    return laid_out_pdfs(shipped, tmp_path_factory.mktemp("shipped-pdf"))


def page_texts(path: Path) -> list[str]:
    """The text of each page of a PDF, laid out as on paper (pdftotext -layout)."""
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]
