"""The package as `pip install .` makes it (not -e): the templates and fixtures that live at the top of the
repository are inside the wheel, where importlib.resources finds them."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_holds_templates_fixtures_and_every_package(tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy: setuptools builds in the source's build/, where stale files would stay
    for name in ("tdkt_docgen", "templates", "fixtures"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(source)], check=True, cwd=tmp_path)
    (wheel,) = tmp_path.glob("tdkt_docgen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {f"tdkt_docgen/templates/{p.name}" for p in (ROOT / "templates").glob("*.docx")}
    fixtures = {f"tdkt_docgen/fixtures/{p.relative_to(ROOT / 'fixtures').as_posix()}"
                for p in (ROOT / "fixtures").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert len(templates) >= 8 and templates <= names
    assert "tdkt_docgen/fixtures/cum-7-tinh-mnbg-2023.yaml" in fixtures and fixtures <= names
    modules = {f"tdkt_docgen/{p.relative_to(ROOT / 'tdkt_docgen').as_posix()}"
               for p in (ROOT / "tdkt_docgen").rglob("*.py")}
    assert modules <= names  # a new subpackage not listed in pyproject's packages would be missing here
    assert {"tdkt_docgen/reference/quy_tac_nd30.yaml", "tdkt_docgen/schemas/van_ban.schema.json"} <= names
