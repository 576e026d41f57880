"""The resident LibreOffice of the service's workers: one process kept between documents, the same PDF
checks as pdf.py (fonts, the pledge's signature fields), a restart after N conversions, a hard time limit
that kills it and one retry, and the fallback to one process per document where uno is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tdkt_docgen import api, resident_office
from tdkt_docgen.pdf import convert as pdf
from tests.conftest import ROOT

EXAMPLES = ROOT / "fixtures"


@pytest.fixture(scope="module")
def pledge_docx() -> bytes:
    path = EXAMPLES / "giao-uoc-cum-7-tinh-2024.yaml"
    content, errors = api.make(path, [], None, "giao-uoc", "giao-uoc.docx")
    assert content is not None, errors
    return content


def _alive(office: resident_office.ResidentOffice) -> bool:
    return office.process is not None and office.process.poll() is None


def test_one_process_for_many_documents_then_a_restart(pledge_docx: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    if resident_office.uno_python() is None:
        pytest.fail("python3-uno missing: run tools/setup-service.sh")
    monkeypatch.setattr(resident_office, "RESTART_AFTER", 2)
    office = resident_office.converter()
    assert isinstance(office, resident_office.ResidentOffice)
    try:
        made = [office.convert(pledge_docx) for _ in range(3)]
        assert office.starts == 2 and _alive(office)  # restarted after two conversions
        for content in made:
            assert content.startswith(b"%PDF-") and not pdf.wrong_fonts(content)
            assert [name for name, signed in api.signature_fields(content) if not signed][:2] == ["Lào Cai",
                                                                                                  "Điện Biên"]
    finally:
        office.close()
    assert not _alive(office) and not office.folder.exists()


def test_a_hang_is_killed_tried_again_then_reported(pledge_docx: bytes) -> None:
    office = resident_office.ResidentOffice(resident_office.uno_python() or "python3", timeout=0.001)
    try:
        with pytest.raises(pdf.PdfError, match="không tạo được PDF: LibreOffice không chuyển xong sau 0.001 giây."):
            office.convert(pledge_docx)
        assert office.starts == 2 and not _alive(office)  # killed, restarted for the retry, killed again
    finally:
        office.close()


def test_a_broken_document_is_an_error_and_the_next_one_converts(pledge_docx: bytes) -> None:
    office = resident_office.converter()
    try:
        with pytest.raises(pdf.PdfError, match="không tạo được PDF"):
            office.convert(b"PK\x03\x04 not a document")
        assert office.convert(pledge_docx).startswith(b"%PDF-")
    finally:
        office.close()


def test_without_uno_one_process_per_document(pledge_docx: bytes, monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv(resident_office.UNO_PYTHON_ENV, str(Path(__import__("sys").executable)))  # no uno here
    office = resident_office.converter()
    try:
        assert not isinstance(office, resident_office.ResidentOffice)
        assert office.convert(pledge_docx).startswith(b"%PDF-")
    finally:
        office.close()
