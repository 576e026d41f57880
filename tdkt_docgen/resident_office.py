"""One resident LibreOffice per worker, for a service converting one document at a time: started once with
its own profile, kept between documents, restarted after ``RESTART_AFTER`` conversions (memory) and after
any hang (a hard time limit kills its whole process group), a failed document tried once more.

LibreOffice is driven through its ``uno`` bridge, which only the Python LibreOffice was built for has
(Debian: /usr/bin/python3 with python3-uno; ``TDKT_UNO_PYTHON`` names another): ``uno_helper.py`` runs
there. Where that is missing, ``converter()`` falls back to ``pdf.LibreOffice`` (one process a document).
The PDF gets the same checks as ``pdf.convert``: fonts, and the pledge's signature fields.
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from .pdf import convert as pdf

RESTART_AFTER = 100  # conversions; LibreOffice grows in memory over a long run
UNO_PYTHON_ENV = "TDKT_UNO_PYTHON"
HELPER = Path(__file__).resolve().parent / "uno_helper.py"


def uno_python() -> str | None:
    """A Python that can import LibreOffice's ``uno``, or None."""
    candidate = os.environ.get(UNO_PYTHON_ENV) or "/usr/bin/python3"
    if shutil.which(candidate) is None:
        return None
    done = subprocess.run([candidate, "-c", "import uno"], capture_output=True, check=False)
    return candidate if done.returncode == 0 else None


class ResidentOffice:
    """Converts DOCX bytes to PDF bytes with one LibreOffice kept running."""

    def __init__(self, python: str, timeout: float = pdf.TIMEOUT_SECONDS) -> None:
        self.python, self.timeout = python, timeout
        self.program = pdf.soffice()
        pdf.check_fonts()
        self.folder = Path(tempfile.mkdtemp(prefix="tdkt-lo-thuong-tru-"))
        self.process: subprocess.Popen[str] | None = None
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.conversions = 0
        self.starts = 0

    def _start(self) -> None:
        self.starts += 1
        self.conversions = 0
        profile, scratch = self.folder / "ho-so", self.folder / "tam"
        scratch.mkdir(exist_ok=True)
        pdf.write_settings(profile)  # no link updates, no linked content, no macros, an unreachable proxy
        # the helper and its LibreOffice in one network namespace without a network (where the system allows)
        self.process = subprocess.Popen([*pdf.isolated(), self.python, str(HELPER), self.program, profile.as_uri(),
                                         f"tdkt-{os.getpid()}-{secrets.token_hex(4)}"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True, start_new_session=True, env=pdf.office_environment(scratch))
        self.lines = queue.Queue()
        threading.Thread(target=_pump, args=(self.process, self.lines), daemon=True).start()
        answer = self._answer(pdf.STARTUP_SECONDS)
        if answer is None or not answer.get("ready"):
            self._stop()
            raise pdf.PdfError(f"LibreOffice ({self.program}) không khởi động được.", None, pdf.INSTALL_HINT)

    def _answer(self, seconds: float) -> dict[str, Any] | None:
        try:
            line = self.lines.get(timeout=seconds)
        except queue.Empty:
            return None
        return json.loads(line) if line else None

    def _stop(self) -> None:
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # the helper and the soffice it started
            except ProcessLookupError:
                pass
            self.process.wait()
            self.process = None

    def close(self) -> None:
        self._stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _convert_once(self, source: Path, target: Path) -> str | None:
        """None when converted; otherwise why not (the process is stopped after a hang or a crash)."""
        if self.process is None or self.process.poll() is not None or self.conversions >= RESTART_AFTER:
            self._stop()
            self._start()
        assert self.process is not None and self.process.stdin is not None
        self.conversions += 1
        try:
            self.process.stdin.write(json.dumps({"in": str(source), "out": str(target)}) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            self._stop()
            return "LibreOffice đã dừng giữa chừng."
        answer = self._answer(self.timeout)
        if answer is None:
            self._stop()
            return f"LibreOffice không chuyển xong sau {self.timeout:g} giây."
        return None if answer.get("ok") else str(answer.get("error"))

    def convert(self, docx: bytes) -> bytes:
        """The PDF of one DOCX, with the pledge's signature fields; PdfError after a second failure."""
        from .pdf.fields import add_fields

        try:
            docx = pdf.checked_for_office(docx)  # nothing outside the document reaches LibreOffice
        except pdf.PdfError as refused:
            raise pdf.PdfError(f"không tạo được PDF: {refused.message}", None, refused.hint) from None
        with tempfile.TemporaryDirectory(dir=self.folder) as work:
            source, target = Path(work) / "van-ban.docx", Path(work) / "van-ban.pdf"
            source.write_bytes(docx)
            error = self._convert_once(source, target)
            if error is not None or not target.exists():
                error = self._convert_once(source, target)  # once more, in a fresh LibreOffice if it hung
            if error is not None or not target.exists():
                raise pdf.PdfError(f"không tạo được PDF: {error or 'LibreOffice không ghi ra tệp PDF.'}")
            content = target.read_bytes()
        wrong = pdf.wrong_fonts(content)
        if wrong:
            raise pdf.PdfError(f"không tạo được PDF: tệp PDF dùng phông {', '.join(wrong)} thay cho Times New Roman.",
                               None, pdf.FONT_HINT)
        return add_fields(content, docx)


def _pump(process: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.put(line.strip())
    lines.put(None)


def converter(timeout: float = pdf.TIMEOUT_SECONDS) -> Any:
    """A resident LibreOffice where the ``uno`` bridge is there, else one process per document; both have
    ``convert(docx) -> pdf`` and ``close()``."""
    python = uno_python()
    if python is not None:
        return ResidentOffice(python, timeout)
    return _PerDocument(pdf.LibreOffice(timeout))


class _PerDocument:
    def __init__(self, office: pdf.LibreOffice) -> None:
        self.office = office

    def convert(self, docx: bytes) -> bytes:
        from .pdf.fields import add_fields

        result = next(self.office.convert([docx]))
        if result.pdf is None:
            raise pdf.PdfError(f"không tạo được PDF: {result.error}")
        return add_fields(result.pdf, docx)

    def close(self) -> None:
        self.office.close()


if sys.platform == "win32":  # pragma: no cover - os.killpg and sessions are POSIX
    def converter(timeout: float = pdf.TIMEOUT_SECONDS) -> Any:  # noqa: F811
        return _PerDocument(pdf.LibreOffice(timeout))
