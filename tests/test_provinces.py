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


# ------------------------------------------------------------------ the 2025 reorganisation, complete and dated


def _report(tmp_path: Path, **changes: Any) -> Any:
    from .conftest import MOVEMENT_REPORT  # seed 001: UBND tỉnh Sơn La, a van_ban with Kính gửi

    data = yaml.safe_load(MOVEMENT_REPORT.read_text("utf-8"))
    data.update(changes)
    path = tmp_path / "bc.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return CliRunner().invoke(main, ["render", str(path), "-o", str(tmp_path / "bc.docx"), "--force"])


def test_a_former_province_as_issuing_or_parent_body_names_the_new_one(tmp_path: Path) -> None:
    result = _report(tmp_path, ngay="2025-12-15",
                     co_quan={"ten": "Sở Nội vụ", "viet_tat": "SNV", "chu_quan": "UBND tỉnh Hà Giang"})
    assert result.exit_code == 2 and not (tmp_path / "bc.docx").exists()
    assert ("trường 'co_quan.chu_quan': cơ quan “UBND tỉnh Hà Giang”: tỉnh Hà Giang không còn vào ngày 15/12/2025 "
            "(từ 01/7/2025 đã hợp nhất vào tỉnh Tuyên Quang). Văn bản ngày 15/12/2025 dùng tên mới: 'Tuyên Quang'.") \
        in result.output
    assert _report(tmp_path, ngay="2025-06-30", co_quan={"ten": "Sở Nội vụ", "viet_tat": "SNV",
                                                         "chu_quan": "UBND tỉnh Hà Giang"}).exit_code == 0


def test_a_district_as_issuing_body_names_the_province_and_the_commune_that_replaced_it(tmp_path: Path) -> None:
    result = _report(tmp_path, ngay="2025-12-15",
                     co_quan={"ten": "Ủy ban nhân dân huyện Vị Xuyên", "viet_tat": "UBND"})
    assert result.exit_code == 2
    assert ("cơ quan “Ủy ban nhân dân huyện Vị Xuyên”: từ 01/7/2025 không còn đơn vị hành chính cấp huyện (huyện "
            "Vị Xuyên); huyện Vị Xuyên (tỉnh Hà Giang) nay thuộc tỉnh Tuyên Quang. Văn bản ngày 15/12/2025 ghi đơn vị "
            "đang có: Ủy ban nhân dân tỉnh Tuyên Quang, hoặc xã Vị Xuyên (tỉnh Tuyên Quang, Nghị quyết "
            "1684/NQ-UBTVQH15 ngày 16/6/2025).") in result.output


def test_a_former_name_in_kinh_gui_is_an_error(tmp_path: Path) -> None:
    result = _report(tmp_path, ngay="2025-12-15", kinh_gui=["Ủy ban nhân dân tỉnh Bắc Giang"])
    assert result.exit_code == 2
    assert ("trường 'kinh_gui[1]': Kính gửi “Ủy ban nhân dân tỉnh Bắc Giang”: tỉnh Bắc Giang không còn vào ngày "
            "15/12/2025 (từ 01/7/2025 đã hợp nhất vào tỉnh Bắc Ninh).") in result.output
    assert _report(tmp_path, ngay="2025-12-15", kinh_gui=["Ủy ban nhân dân tỉnh Bắc Ninh"]).exit_code == 0


def test_a_town_or_a_former_commune_as_member_names_the_commune_it_became(tmp_path: Path) -> None:
    from tdkt_docgen import load

    data = yaml.safe_load(LETTER.read_text("utf-8"))
    data["ngay"] = "2025-12-15"
    data["thanh_vien"] = [{"ten": "Thất Khê", "loai": "thị trấn"}, {"ten": "Chí Minh", "loai": "xã"},
                          {"ten": "Đoàn Kết", "loai": "xã"}, {"ten": "Kỳ Lừa", "loai": "phường"}]
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    with pytest.raises(Exception) as raised:
        load(path)
    said = str(raised.value)
    assert ("trường 'thanh_vien[1].ten': từ 01/7/2025 không còn thị trấn; thị trấn Thất Khê đã sắp xếp vào xã Thất "
            "Khê (tỉnh Lạng Sơn, Nghị quyết 1672/NQ-UBTVQH15 ngày 16/6/2025). Ghi xã, phường, đặc khu đang có vào "
            "ngày 15/12/2025: 'Thất Khê', 'loai: xã'.") in said
    assert ("trường 'thanh_vien[2].ten': xã Chí Minh không còn vào ngày 15/12/2025: từ 01/7/2025 đã sắp xếp vào xã "
            "Thất Khê (tỉnh Lạng Sơn") in said
    assert "thanh_vien[3]" not in said and "thanh_vien[4]" not in said  # units of the day pass
    data["ngay"] = "2025-06-20"  # before the day, the town and the commune were there
    data["thanh_vien"] = data["thanh_vien"][:2] + [{"ten": "Tuần Giáo", "loai": "huyện"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    assert load(path).model.thanh_vien[0].ten == "Thất Khê"


def test_the_members_of_a_report_on_an_earlier_year_are_history(tmp_path: Path) -> None:
    """A 2024 cluster report written after 01/7/2025 names the provinces of 2024: a warning, not an error."""
    from tdkt_docgen import load

    from .conftest import FIXTURE

    data = yaml.safe_load(FIXTURE.read_text("utf-8"))
    data.update(ngay="2025-08-15", nam=2024)
    stated = data["so_lieu"]["tong_da_bao_cao"]["khen_thuong_theo_hinh_thuc"]
    for forms in [*data["so_lieu"]["khen_thuong"].values(), stated]:
        forms.pop("huy_hieu_tinh", None)  # the provincial badge is gone from 2024 (Luật 06/2022)
    path = tmp_path / "cum.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    warnings = [w for w in load(path).warnings if "Hà Giang" in w and "tên cũ" in w]
    assert len(warnings) == 1 and "hợp nhất vào tỉnh Tuyên Quang" in warnings[0]


def test_commune_reference_data_matches_its_resolutions() -> None:
    """The counts each resolution of 16/6/2025 states for its province."""
    from tdkt_docgen.reference import communes

    counts: dict[str, list[int]] = {}
    for unit in communes():
        counts.setdefault(unit.tinh, [0, 0])[unit.loai == "phường"] += 1
    assert counts == {"Cao Bằng": [53, 3], "Bắc Ninh": [66, 33], "Điện Biên": [42, 3], "Lai Châu": [36, 2],
                      "Lạng Sơn": [61, 4], "Lào Cai": [89, 10], "Sơn La": [67, 8], "Tuyên Quang": [117, 7]}
