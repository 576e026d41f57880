"""Member names are checked against the provinces in force on the document's date (63, then 34)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tdkt_docgen.cli import main
from tdkt_docgen.reference import provinces_on

from .conftest import LETTER


@pytest.mark.parametrize(("day", "count", "cities"), [
    ("2024-12-31", 63, {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"}),
    ("2025-01-01", 63, {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}),
    ("2025-07-01", 34, {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}),
])
def test_reference_lists(day: str, count: int, cities: set[str]) -> None:
    units = provinces_on(dt.date.fromisoformat(day))
    assert len(units) == count
    assert {name for name, unit in units.items() if unit.loai == "thành phố"} == cities


def letter(tmp_path: Path, day: str, **names: str) -> Any:
    data = yaml.safe_load(LETTER.read_text("utf-8"))
    data["ngay"] = day
    for member in data["thanh_vien"]:
        member["ten"] = names.get(member["ten"].replace(" ", "_"), member["ten"])
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return CliRunner().invoke(main, ["render", str(path), "-o", str(tmp_path / "cv.docx"), "--force"])


def test_near_miss_gets_a_suggestion(tmp_path: Path) -> None:
    result = letter(tmp_path, "2023-12-20", Lạng_Sơn="Lang Son", Sơn_La="Son La")
    assert result.exit_code == 2 and not (tmp_path / "cv.docx").exists()  # nothing written
    assert "trường 'thanh_vien[7].ten': 'Lang Son' không phải tên tỉnh, thành phố vào ngày 20/12/2023. " \
           "Có phải là 'Lạng Sơn'?" in result.output
    assert "'Son La' không phải tên tỉnh, thành phố vào ngày 20/12/2023. Có phải là 'Sơn La'?" in result.output


def test_old_names_after_the_merger(tmp_path: Path) -> None:
    result = letter(tmp_path, "2025-09-15")
    assert result.exit_code == 2
    assert "trường 'thanh_vien[5].ten': tỉnh Hà Giang không còn vào ngày 15/9/2025 (từ 01/7/2025 đã hợp nhất " \
           "vào tỉnh Tuyên Quang). Văn bản ngày 15/9/2025 dùng tên mới: 'Tuyên Quang'." in result.output
    assert "Sơn La" not in result.output  # unchanged provinces pass
    assert letter(tmp_path, "2025-09-15", Hà_Giang="Tuyên Quang").exit_code == 0
    assert letter(tmp_path, "2025-06-30").exit_code == 0  # the day before, the old name is right


def test_city_or_province(tmp_path: Path) -> None:
    result = letter(tmp_path, "2023-12-20", Sơn_La="Hà Nội")
    assert result.exit_code == 2
    assert "'Hà Nội' là thành phố, không phải tỉnh. Ghi 'loai: thành phố' cho thành viên này." in result.output
