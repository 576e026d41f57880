"""A plain render imports only what it needs: no signing, Excel, service or other kinds' models (issue 20)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

from .conftest import LETTER

NOT_FOR_A_LETTER = ["pyhanko", "openpyxl", "fastapi", "huey", "uvicorn", "PIL", "cryptography",
                    "tdkt_docgen.pdf.signing", "tdkt_docgen.data.workbook", "tdkt_docgen.data.merge",
                    "tdkt_docgen.check.conformance",
                    "tdkt_docgen.kinds.models.bao_cao", "tdkt_docgen.kinds.bao_cao", "tdkt_docgen.kinds.giao_uoc",
                    "tdkt_docgen.kinds.ke_hoach_hoi_nghi", "tdkt_docgen.kinds.van_ban"]


def test_rendering_a_letter_imports_nothing_it_does_not_use(tmp_path: Path) -> None:
    # the names are real modules (a module moved or renamed would otherwise pass unnoticed)
    assert all(importlib.util.find_spec(m) is not None for m in NOT_FOR_A_LETTER if m.startswith("tdkt_docgen"))
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
