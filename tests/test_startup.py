"""Each command imports only what it needs: no signing, Excel, service or other kinds' models for a plain
render, nothing of the pipeline for --help, no worker machinery for a batch done in one process (issue 20)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURE, LETTER

NOT_FOR_A_LETTER = ["pyhanko", "openpyxl", "fastapi", "huey", "uvicorn", "PIL", "cryptography",
                    "num2words", "babel",  # number words are vn's own; a letter has no number to parse
                    "multiprocessing", "concurrent.futures",  # one document: no workers
                    "tdkt_docgen.batch", "tdkt_docgen.pdf.convert",
                    "tdkt_docgen.pdf.signing", "tdkt_docgen.data.workbook", "tdkt_docgen.data.merge",
                    "tdkt_docgen.check.conformance",
                    "tdkt_docgen.kinds.models.bao_cao", "tdkt_docgen.kinds.bao_cao", "tdkt_docgen.kinds.giao_uoc",
                    "tdkt_docgen.kinds.ke_hoach_hoi_nghi", "tdkt_docgen.kinds.van_ban"]
# --help and the checks of the arguments need click and the messages, not the pipeline
NOT_FOR_HELP = ["pydantic", "docxtpl", "docx", "jinja2", "lxml", "yaml", "babel", "num2words", "multiprocessing",
                "tdkt_docgen.pipeline", "tdkt_docgen.batch", "tdkt_docgen.own", "tdkt_docgen.kinds.common",
                "tdkt_docgen.docx.render", "tdkt_docgen.data.load", "tdkt_docgen.reference"]
# the 7 reports of a cluster's members, done in this process (--jobs 1): no pool, no other kind, no signing
NOT_FOR_A_SMALL_BATCH = ["multiprocessing", "concurrent.futures", "num2words", "pyhanko", "openpyxl", "fastapi",
                         "tdkt_docgen.pdf.convert", "tdkt_docgen.data.workbook", "tdkt_docgen.kinds.giao_uoc",
                         "tdkt_docgen.kinds.cong_van", "tdkt_docgen.kinds.van_ban"]


def _real(modules: list[str]) -> None:
    """The names are real modules (a module moved or renamed would otherwise pass unnoticed)."""
    assert all(importlib.util.find_spec(m) is not None for m in modules if m.startswith("tdkt_docgen"))


def _imported_by_command(args: list[str], watched: list[str]) -> tuple[list[str], subprocess.CompletedProcess[str]]:
    """Which of ``watched`` the command ``tdkt ARGS`` has imported when it ends, and how it ended."""
    script = (
        "import json, sys\n"
        "from tdkt_docgen.cli import main\n"
        "try:\n"
        f"    main({args!r}, prog_name='tdkt')\n"
        "finally:\n"
        f"    print(json.dumps([m for m in {watched!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    return json.loads(done.stderr.splitlines()[-1]), done


def test_rendering_a_letter_imports_nothing_it_does_not_use(tmp_path: Path) -> None:
    _real(NOT_FOR_A_LETTER)
    script = (
        "import json, sys\n"
        "from tdkt_docgen.cli import main\n"
        "from tdkt_docgen import render\n"
        f"render({str(LETTER)!r}, {str(tmp_path / 'cv.docx')!r})\n"
        f"print(json.dumps([m for m in {NOT_FOR_A_LETTER!r} if m in sys.modules]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []
    assert (tmp_path / "cv.docx").stat().st_size > 10_000


def test_the_render_command_imports_nothing_a_letter_does_not_use(tmp_path: Path) -> None:
    imported, done = _imported_by_command(["render", str(LETTER), "-o", str(tmp_path / "cv.docx")],
                                          NOT_FOR_A_LETTER)
    assert done.returncode == 0, done.stderr
    assert imported == []
    assert (tmp_path / "cv.docx").stat().st_size > 10_000


def test_help_imports_no_pipeline() -> None:
    _real(NOT_FOR_HELP)
    for args in (["--help"], ["render", "--help"], ["batch", "--help"]):
        imported, done = _imported_by_command(args, NOT_FOR_HELP)
        assert done.returncode == 0, done.stderr
        assert "Cách dùng: tdkt" in done.stdout
        assert imported == [], args


def test_a_batch_in_one_process_starts_no_workers(tmp_path: Path) -> None:
    _real(NOT_FOR_A_SMALL_BATCH)
    imported, done = _imported_by_command(["batch", str(FIXTURE), "--per-member", "-o", str(tmp_path), "-j", "1"],
                                          NOT_FOR_A_SMALL_BATCH)
    assert done.returncode == 0, done.stderr
    assert imported == []
    assert len(list(tmp_path.glob("bao-cao-*.docx"))) == 7


def test_the_command_line_pauses_the_collector_only_while_a_document_command_starts(tmp_path: Path) -> None:
    """`tdkt render` ends with its one document: the collector stays paused; `tdkt batch` freezes its
    start-up and resumes it for the documents; any other command (the service) keeps it running. Every
    command's heap is frozen at exit (Python's last collection then has nothing to scan)."""
    def state_after(*args: str) -> list[int]:
        script = ("import atexit, gc, sys\n"
                  "from tdkt_docgen.cli import main\n"
                  "atexit.register(lambda: print(int(gc.get_freeze_count() > 0), file=sys.stderr))\n"
                  f"sys.argv = ['tdkt', *{list(args)!r}]\n"
                  "try:\n"
                  "    main()\n"
                  "finally:\n"
                  "    print(int(gc.isenabled()), int(gc.get_freeze_count() > 0), file=sys.stderr)\n")
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return [int(flag) for flag in done.stderr.split()[-3:]]  # when the command ends, and at exit

    assert state_after("render", str(LETTER), "-o", str(tmp_path / "cv.docx")) == [0, 0, 1]
    assert state_after("batch", str(FIXTURE), "--per-member", "-o", str(tmp_path / "bc"), "-j", "1") == [1, 1, 1]
    assert len(list((tmp_path / "bc").glob("*.docx"))) == 7
    assert state_after("serve", "--help") == [1, 0, 1]
    assert state_after("--help") == [1, 0, 1]
