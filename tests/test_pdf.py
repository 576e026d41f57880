"""PDF through real LibreOffice: fonts, page numbers, the pledge's signature fields, batches with one
process, hung conversions, and clear messages when LibreOffice or the fonts are missing."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from tdkt_docgen import nd30
from tdkt_docgen.cli import main
from tdkt_docgen.pdf import convert as pdf
from tdkt_docgen.pdf import fields as signature_fields
from tests.conftest import LETTER, PLEDGE

MEMBERS = ["Lào Cai", "Điện Biên", "Sơn La", "Lai Châu", "Hà Giang", "Cao Bằng", "Lạng Sơn"]
A4 = (595.3, 841.9)


def run(*args: str, env: dict[str, str] | None = None) -> object:
    return CliRunner().invoke(main, list(args), env=env)


def page_count(path: Path) -> int:
    return len(pdf.pages(pdf.reader_of(path.read_bytes())))


def fields(path: Path) -> dict[str, tuple[int, tuple[float, ...]]]:
    """Signature field name -> (page index, /Rect)."""
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = pdf.reader_of(path.read_bytes())
    page_of = {number: index for index, (number, _) in enumerate(pdf.pages(reader))}
    found = {}
    for name, _, reference in enumerate_sig_fields(reader):
        widget = reference.get_object()
        found[name] = (page_of[widget.raw_get("/P").idnum], tuple(float(v) for v in widget["/Rect"]))
    return found


def test_pdfs_are_set_in_times_or_liberation_serif(pdfs: dict[str, Path]) -> None:
    for path in pdfs.values():
        content = path.read_bytes()
        assert content.startswith(b"%PDF-")
        fonts = pdf.pdf_fonts(content)
        assert fonts and all(f.startswith(("LiberationSerif", "TimesNewRoman")) for f in fonts), fonts
        assert pdf.wrong_fonts(content) == []
    assert page_count(pdfs["bao_cao"]) >= 5 and page_count(pdfs["giao_uoc"]) == 3


def test_pledge_docx_marks_every_room_to_sign(rendered: dict[str, Path]) -> None:
    doc = Document(str(rendered["giao_uoc"]))
    rooms = [p for p in doc.element.body.iter(qn("w:p")) if p.find(qn("w:bookmarkStart")) is not None
             and p.find(qn("w:bookmarkStart")).get(qn("w:name")).startswith("_tdkt_ky_")]
    assert [p.find(qn("w:bookmarkStart")).get(qn("w:name")) for p in rooms] == [f"_tdkt_ky_{i}" for i in range(1, 8)]
    styles = {s.style_id: s.name for s in doc.styles}
    assert all(styles[p.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val"))] == "Chỗ ký" for p in rooms)
    recorded = signature_fields.recorded_cells(rendered["giao_uoc"].read_bytes())
    assert [r["ten"] for r in recorded] == MEMBERS
    assert all(r["cao_cm"] == nd30.SIGNATURE_SPACE_CM for r in recorded)
    assert signature_fields.recorded_cells(rendered["bao_cao"].read_bytes()) == []  # no grid, no fields


def test_pledge_pdf_has_a_field_over_each_members_cell(pdfs: dict[str, Path]) -> None:
    found = fields(pdfs["giao_uoc"])
    assert list(found) == MEMBERS
    cell_pt = nd30.grid_cell_cm(3) * 72 / 2.54
    room_pt = nd30.SIGNATURE_SPACE_CM * 72 / 2.54
    left_margin = nd30.MARGIN_MM["left"] / 25.4 * 72
    for _, (x1, y1, x2, y2) in found.values():
        assert abs((x2 - x1) - cell_pt) <= 1 and abs((y2 - y1) - room_pt) <= 1
        assert left_margin - 0.5 < x1 < x2 < A4[0] and 0 < y1 < y2 < A4[1]  # cells without side padding
    # three cells a row (the seals need the room), the rows one under the other, all on page 3 under the
    # closing sentence; the seventh centred alone in the last row
    rects = [found[m][1] for m in MEMBERS]
    assert {found[m][0] for m in MEMBERS} == {2}
    for row in (rects[0:3], rects[3:6]):
        assert len({r[3] for r in row}) == 1 and row[0][2] <= row[1][0] + 0.5 and row[1][2] <= row[2][0] + 0.5
    assert rects[0][3] > rects[3][3] > rects[6][3]
    text_centre = left_margin + nd30.TEXT_WIDTH_CM * 72 / 2.54 / 2
    assert abs((rects[6][0] + rects[6][2]) / 2 - text_centre) < 2
    assert fields(pdfs["bao_cao"]) == {}


def test_render_pdf_writes_both_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "cv.docx"
    result = run("render", str(LETTER), "-o", str(out), "--pdf")
    assert result.exit_code == 0, result.output
    assert f"Đã tạo {out}" in result.output and f"Đã tạo {tmp_path / 'cv.pdf'}" in result.output
    assert (tmp_path / "cv.pdf").read_bytes().startswith(b"%PDF-")
    out.unlink()
    before = (tmp_path / "cv.pdf").read_bytes()
    result = run("render", str(LETTER), "-o", str(out), "--pdf")  # the PDF is there: nothing is made
    assert result.exit_code == 2 and "cv.pdf: tệp kết quả đã có" in result.output
    assert not out.exists() and (tmp_path / "cv.pdf").read_bytes() == before


def test_batch_pdf_uses_one_libreoffice_for_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    starts = []
    original = pdf.LibreOffice._run
    monkeypatch.setattr(pdf.LibreOffice, "_run", lambda self, *a: starts.append(1) or original(self, *a))
    result = run("batch", str(PLEDGE), "--per-member", "-o", str(tmp_path / "ra"), "--zip",
                 str(tmp_path / "dang-ky.zip"), "--pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "Đã tạo 7/7 văn bản và 7 tệp PDF" in result.output
    assert len(starts) == 1
    names = sorted(p.name for p in (tmp_path / "ra").iterdir())
    assert len(names) == 14 and "dang-ky-son-la.pdf" in names and "dang-ky-son-la.docx" in names
    with zipfile.ZipFile(tmp_path / "dang-ky.zip") as archive:
        assert sorted(archive.namelist()) == names


def test_pdf_command_converts_several_and_refuses_a_broken_docx(tmp_path: Path, rendered: dict[str, Path]) -> None:
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    first.write_bytes(rendered["cong_van"].read_bytes())
    second.write_bytes(rendered["ke_hoach_hoat_dong"].read_bytes())
    broken = tmp_path / "hong.docx"
    broken.write_text("không phải docx", encoding="utf-8")
    result = run("pdf", str(first), str(broken), str(second))
    assert result.exit_code == 2 and f"Lỗi: {broken}: không đọc được tệp Word .docx" in result.output
    assert not list(tmp_path.glob("*.pdf"))  # nothing converted when one input is wrong
    result = run("pdf", str(first), str(second), "-o", str(tmp_path / "pdf"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == ["a.pdf", "b.pdf"]


FAKE_SOFFICE = """#!{python}
# LibreOffice's command line, with a document named "treo…" that never finishes (a hung conversion):
# the others get a real PDF made beforehand.
import os, shutil, sys, time
args = sys.argv[1:]
out = args[args.index("--outdir") + 1]
os.makedirs(out, exist_ok=True)
with open(os.environ["FAKE_LOG"], "a") as log:
    log.write(" ".join(os.path.basename(a) for a in args if a.endswith(".docx")) + "\\n")
for source in (a for a in args if a.endswith(".docx")):
    target = os.path.join(out, os.path.basename(source)[:-5] + ".pdf")
    print(f"convert {{source}} -> {{target}} using filter : writer_pdf_Export", flush=True)
    if b"treo" in open(source, "rb").read():
        time.sleep(600)
    shutil.copy(os.environ["FAKE_PDF"], target)
"""


def _package(text: bytes) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("noi-dung.txt", text)
    return buffer.getvalue()


def test_hung_conversion_is_killed_retried_once_and_reported(tmp_path: Path, pdfs: dict[str, Path]) -> None:
    fake = tmp_path / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    log = tmp_path / "log"
    documents = [_package(b"a"), _package(b"treo"), _package(b"c")]  # ZIP packages: nothing else reaches it
    env = {"TDKT_SOFFICE": str(fake), "FAKE_LOG": str(log), "FAKE_PDF": str(pdfs["cong_van"])}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        with pdf.LibreOffice(timeout=1.5) as office:
            results = list(office.convert(documents))
            starts = office.starts
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key)
            else:
                os.environ[key] = value
    assert [r.index for r in results] == [0, 1, 2]
    assert results[0].pdf == results[2].pdf == pdfs["cong_van"].read_bytes()
    assert results[1].pdf is None and "không chuyển xong sau 1.5 giây, hai lần" in (results[1].error or "")
    # one process for all; after the hang, the hung document again with the rest; then the rest alone
    assert log.read_text().splitlines() == ["000000.docx 000001.docx 000002.docx", "000001.docx 000002.docx",
                                            "000002.docx"]
    assert starts == 3


def test_missing_libreoffice_says_how_to_install(tmp_path: Path) -> None:
    (tmp_path / "x.docx").write_bytes((Path(__file__).parents[1] / "templates/cong_van.docx").read_bytes())
    result = run("pdf", str(tmp_path / "x.docx"), env={"TDKT_SOFFICE": "", "PATH": str(tmp_path)})
    assert result.exit_code == 2 and "Lỗi: không tìm thấy LibreOffice, cần có để tạo tệp PDF." in result.output
    assert "sudo apt-get install -y libreoffice-writer-nogui fonts-liberation2" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_missing_times_new_roman_is_said_before_converting(tmp_path: Path, rendered: dict[str, Path]) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    sans = subprocess.run(["fc-match", "-f", "%{file}", "Liberation Sans"], capture_output=True, text=True,
                          check=True).stdout  # installed with Liberation Serif (fonts-liberation2)
    (fonts / "sans.ttf").write_bytes(Path(sans).read_bytes())  # the only font this machine will have
    config = tmp_path / "fonts.conf"
    config.write_text(f"<?xml version='1.0'?><fontconfig><dir>{fonts}</dir><cachedir>{tmp_path}/cache</cachedir>"
                      "</fontconfig>", encoding="utf-8")
    source = tmp_path / "cv.docx"
    source.write_bytes(rendered["cong_van"].read_bytes())
    result = run("pdf", str(source), env={"FONTCONFIG_FILE": str(config)})
    assert result.exit_code == 2
    assert "máy này không có phông Times New Roman (LibreOffice sẽ dùng phông 'Liberation Sans' thay vào" \
        in result.output
    assert "fonts-liberation2" in result.output and not source.with_suffix(".pdf").exists()


def test_a_pdf_in_another_font_is_refused(tmp_path: Path, rendered: dict[str, Path]) -> None:
    doc = Document(str(rendered["cong_van"]))
    for style in doc.styles:
        if style.type == 1 and style.font is not None:
            style.font.name = "Arial"
    source = tmp_path / "arial.docx"
    doc.save(str(source))
    result = run("pdf", str(source))
    assert result.exit_code == 1
    assert f"Lỗi: {source}: tệp PDF dùng phông LiberationSans" in result.output
    assert "thay cho Times New Roman" in result.output and not source.with_suffix(".pdf").exists()
