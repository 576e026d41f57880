"""Data from Excel: the member's workbook (written by tdkt init --xlsx), filled through openpyxl as a
secretary would, with the mistakes secretaries make; every finding names the workbook, sheet and cell;
the seven example workbooks rebuild the cluster's report; a workbook saved by LibreOffice Calc reads the same."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from tdkt_docgen import load, render
from tdkt_docgen.cli import main
from tdkt_docgen.data import workbook
from tdkt_docgen.data.load import load as load_data
from tdkt_docgen.data.merge import _Dumper
from tdkt_docgen.pdf import convert as pdf
from tests.conftest import FIXTURE, ROOT

EXAMPLES = ROOT / "fixtures" / "so-lieu-2023"
MEMBERS = ["Sơn La", "Điện Biên", "Lai Châu", "Lào Cai", "Hà Giang", "Cao Bằng", "Lạng Sơn"]


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def frame_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cluster's data file without the members' figures and notes: what the leading province keeps."""
    data = load_data(FIXTURE).data
    data["so_lieu"] = {"tong_da_bao_cao": data["so_lieu"]["tong_da_bao_cao"]}
    for key in ("chu_de_thi_dua", "phong_trao_chuyen_de", "cach_lam_hay"):
        del data["noi_dung"][key]
    path = tmp_path_factory.mktemp("cum") / "cum.yaml"
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def blank_path(frame_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mau") / "mau-so-lieu.xlsx"
    result = run("init", "bao_cao", "--xlsx", "--data", str(frame_file), "-o", str(path))
    assert result.exit_code == 0, result.output
    assert f"Đã tạo {path} (số liệu năm 2023)." in result.output
    return path


# ------------------------------------------------------------------ a secretary at work


def row_of(sheet: Worksheet, label: str, column: str = "B") -> int:
    """The row whose label (as the secretary reads it) starts with ``label``."""
    for row in range(1, sheet.max_row + 1):
        value = sheet[f"{column}{row}"].value
        if isinstance(value, str) and value.strip().startswith(label):
            return row
    raise AssertionError(f"no row '{label}' in {sheet.title}")


def fill(blank: Path, target: Path, member: str, year: int = 2023, **changes: Any) -> Path:
    """The example figures of ``member`` typed into a blank workbook, then ``changes``: {"Chỉ tiêu/Tổng số xã":
    value, "Khen thưởng/Bằng khen của Thủ tướng Chính phủ/Tập thể": value, ...}."""
    book = load_workbook(blank)
    guide = book["Hướng dẫn"]
    guide["C4"], guide["C5"] = member, year
    example = load_workbook(EXAMPLES / f"{member_slug(member)}.xlsx")
    for name in ("Văn bản", "Chỉ tiêu", "Khen thưởng", "Ghi chú"):
        for row in example[name].iter_rows():
            for cell in row:
                if cell.protection.locked is False and cell.value is not None:
                    book[name][cell.coordinate] = cell.value
    for where, value in changes.items():
        sheet_name, label, *column = where.split("/")
        sheet = book[sheet_name]
        if sheet_name == "Khen thưởng":
            header = {sheet.cell(row=4, column=c).value: c for c in range(1, 8)}
            sheet.cell(row=row_of(sheet, label, "C"), column=header[column[0]], value=value)
        else:
            sheet[f"C{row_of(sheet, label)}"] = value
    book.save(target)
    return target


def member_slug(member: str) -> str:
    from tdkt_docgen.vn import slug

    return slug(member)


@pytest.fixture()
def folder(tmp_path: Path, blank_path: Path) -> Path:
    """Seven workbooks filled correctly, one per member."""
    out = tmp_path / "so-lieu"
    out.mkdir()
    for member in MEMBERS:
        fill(blank_path, out / f"{member_slug(member)}.xlsx", member)
    return out


def merge(frame_file: Path, files: list[Path], out: Path) -> Any:
    return run("merge", str(frame_file), *map(str, files), "-o", str(out))


def cell(sheet: str, label: str, column: str = "C") -> str:
    """The reference of a labelled row's cell in the blank layout (sheet!C12)."""
    book = load_workbook(EXAMPLES / "lang-son.xlsx")
    if sheet == "Khen thưởng":
        header = {book[sheet].cell(row=4, column=c).value: c for c in range(1, 8)}
        row = row_of(book[sheet], label, "C")
        return f"{sheet}!{'ABCDEFG'[header[column] - 1]}{row}"
    return f"{sheet}!C{row_of(book[sheet], label)}"


# ------------------------------------------------------------------ the blank workbook


def test_blank_workbook_layout_protection_and_validation(blank_path: Path) -> None:
    book = load_workbook(blank_path)
    assert book.sheetnames == ["Hướng dẫn", "Văn bản", "Chỉ tiêu", "Khen thưởng", "Ghi chú"]
    assert all(sheet.protection.sheet for sheet in book.worksheets)
    guide = book["Hướng dẫn"]
    assert guide["C5"].value == 2023 and guide["C22"].value == workbook.TEMPLATE_ID and guide["C23"].value == 1
    assert guide["C4"].protection.locked is False and guide["C22"].protection.locked is True
    member_rule = next(v for v in guide.data_validations.dataValidation if "C4" in str(v.sqref))
    assert member_rule.type == "list" and member_rule.formula1 == '"' + ",".join(MEMBERS) + '"'
    indicators = book["Chỉ tiêu"]
    rules = {str(v.sqref): v for v in indicators.data_validations.dataValidation}
    schools = rules[f"C{row_of(indicators, 'Trường đạt chuẩn quốc gia')}"]
    assert (schools.type, schools.operator, schools.formula1) == ("whole", "greaterThanOrEqual", "0")
    growth = rules[f"C{row_of(indicators, 'Tốc độ tăng trưởng')}"]
    assert (growth.type, growth.formula1, growth.formula2) == ("decimal", "-100", "100")
    poverty = rules[f"C{row_of(indicators, 'Tỷ lệ hộ nghèo giảm')}"]
    assert (poverty.type, poverty.formula1, poverty.formula2) == ("decimal", "0", "100")
    assert indicators[f"D{row_of(indicators, 'Tổng thu ngân sách')}"].value == "tỷ đồng"
    assert indicators["B5"].protection.locked is True and indicators["C5"].protection.locked is False
    awards = book["Khen thưởng"]
    assert awards.column_dimensions["A"].hidden
    assert [awards.cell(row=4, column=c).value for c in range(2, 8)] == [
        "STT", "Hình thức khen thưởng", "Tổng số", "Tập thể", "Cá nhân", "Trong đó: người lao động trực tiếp"]
    names = [awards[f"C{r}"].value for r in range(5, awards.max_row + 1)]
    assert "Huy hiệu vì sự nghiệp phát triển tỉnh" in names and names[-1] == "Cộng"  # 2023: the old law's form
    assert "Xã, phường, đặc khu tiêu biểu" not in names
    row = row_of(awards, "Chiến sĩ thi đua cấp tỉnh", "C")
    assert awards[f"E{row}"].protection.locked is not False  # not awarded to collectives: closed
    assert awards[f"F{row}"].protection.locked is False


def test_init_without_a_cluster_file_and_for_another_kind(tmp_path: Path) -> None:
    out = tmp_path / "mau.xlsx"
    result = run("init", "bao_cao", "--xlsx", "--nam", "2025", "-o", str(out))
    assert result.exit_code == 0, result.output
    names = [c.value for c in load_workbook(out)["Khen thưởng"]["C"]]
    assert "Xã, phường, đặc khu tiêu biểu" in names and "Huy hiệu vì sự nghiệp phát triển tỉnh" not in names
    result = run("init", "bao_cao", "--xlsx", "-o", str(out))
    assert result.exit_code == 2 and "tệp kết quả đã có" in result.output
    result = run("init", "giao_uoc", "--xlsx", "-o", str(tmp_path / "x.xlsx"))
    assert result.exit_code == 2 and "chỉ báo cáo tổng kết có tệp Excel số liệu" in result.output


# ------------------------------------------------------------------ the cluster's report rebuilt


def test_seven_example_workbooks_rebuild_the_clusters_report(frame_file: Path, tmp_path: Path) -> None:
    files = sorted(EXAMPLES.glob("*.xlsx"))
    assert len(files) == 7
    render(FIXTURE, tmp_path / "tu-yaml.docx")
    document = render(frame_file, tmp_path / "tu-excel.docx", workbooks=files)
    assert document.warnings == ()
    assert (tmp_path / "tu-excel.docx").read_bytes() == (tmp_path / "tu-yaml.docx").read_bytes()
    result = merge(frame_file, files, tmp_path / "cum-2023.yaml")
    assert result.exit_code == 0 and f"Đã gộp số liệu của 7 tệp vào {tmp_path / 'cum-2023.yaml'}." in result.output
    merged, original = load(tmp_path / "cum-2023.yaml").model, load(FIXTURE).model
    assert merged.so_lieu == original.so_lieu and merged.noi_dung == original.noi_dung
    assert merged.so_lieu.chi_tieu["Lạng Sơn"].thu_ngan_sach == Decimal("7293.1")
    assert str(merged.so_lieu.chi_tieu["Lạng Sơn"].tang_truong_grdp) == "7.0"  # "7,0%" as typed and shown


def test_batch_per_member_from_workbooks(frame_file: Path, tmp_path: Path) -> None:
    files = sorted(EXAMPLES.glob("*.xlsx"))
    result = run("batch", str(frame_file), *map(str, files), "--per-member", "-o", str(tmp_path / "a"), "-j", "1")
    assert result.exit_code == 0, result.output
    result = run("batch", str(FIXTURE), "--per-member", "-o", str(tmp_path / "b"), "-j", "1")
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(names) == 7 and names == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert all((tmp_path / "a" / n).read_bytes() == (tmp_path / "b" / n).read_bytes() for n in names)


def test_a_workbook_alone_is_not_a_data_file() -> None:
    result = run("render", str(EXAMPLES / "lang-son.xlsx"), "-o", "x.docx")
    assert result.exit_code == 2
    assert "tệp Excel là số liệu của một thành viên, cần đi cùng tệp dữ liệu của Cụm (.yaml)." in result.output


# ------------------------------------------------------------------ mistakes, each at its cell


def test_totals_that_are_not_the_sum_of_their_parts(frame_file: Path, folder: Path, blank_path: Path) -> None:
    bad = fill(blank_path, folder / "lang-son.xlsx", "Lạng Sơn", **{
        "Khen thưởng/Bằng khen của Thủ tướng Chính phủ/Tổng số": 20,  # 10 + 11 = 21
        "Khen thưởng/Cộng/Tập thể": 977})  # the column adds up to 978
    result = merge(frame_file, sorted(folder.glob("*.xlsx")), folder / "cum.yaml")
    assert result.exit_code == 2 and not (folder / "cum.yaml").exists()
    total = cell("Khen thưởng", "Bằng khen của Thủ tướng Chính phủ", "Tổng số")
    parts = [cell("Khen thưởng", "Bằng khen của Thủ tướng Chính phủ", c) for c in ("Tập thể", "Cá nhân")]
    assert (f"Lỗi: {bad}, {total}: Tổng số Bằng khen của Thủ tướng Chính phủ là 20 nhưng tập thể + cá nhân = 21 "
            f"({parts[0].split('!')[1]} + {parts[1].split('!')[1]}).") in result.output
    column_total = cell("Khen thưởng", "Cộng", "Tập thể")
    assert f"Lỗi: {bad}, {column_total}: dòng Cộng, cột Tập thể: ghi 977 nhưng cộng các dòng E5:E" in result.output
    assert "được 978." in result.output


def test_parts_above_their_whole_and_shares_above_100(frame_file: Path, folder: Path, blank_path: Path) -> None:
    bad = fill(blank_path, folder / "son-la.xlsx", "Sơn La", **{
        "Khen thưởng/Bằng khen của Chủ tịch/Trong đó: người lao động trực tiếp": 3000,  # 762 + 2008 = 2770
        "Chỉ tiêu/Xã đạt chuẩn nông thôn mới": 250,  # of 204
        "Chỉ tiêu/Tỷ lệ hộ nghèo giảm": 120})
    result = merge(frame_file, sorted(folder.glob("*.xlsx")), folder / "cum.yaml")
    assert result.exit_code == 2
    direct = cell("Khen thưởng", "Bằng khen của Chủ tịch", "Trong đó: người lao động trực tiếp")
    assert (f"Lỗi: {bad}, {direct}: người lao động trực tiếp (3.000) lớn hơn tổng số được khen Bằng khen của Chủ tịch "
            "Ủy ban nhân dân tỉnh (2.770).") in result.output
    communes = cell("Chỉ tiêu", "Xã đạt chuẩn nông thôn mới")
    assert (f"Lỗi: {bad}, {communes}: Xã đạt chuẩn nông thôn mới (lũy kế) (250) lớn hơn Tổng số xã (204, ô "
            f"{cell('Chỉ tiêu', 'Tổng số xã').split('!')[1]}).") in result.output
    poverty = cell("Chỉ tiêu", "Tỷ lệ hộ nghèo giảm")
    assert f"Lỗi: {bad}, {poverty}: tỷ lệ lớn hơn 100% (Tỷ lệ hộ nghèo giảm: 120,0%)." in result.output


def test_text_numbers_empty_cells_and_vietnamese_text_numbers(frame_file: Path, folder: Path,
                                                              blank_path: Path) -> None:
    fill(blank_path, folder / "lang-son.xlsx", "Lạng Sơn", **{"Chỉ tiêu/Tổng thu ngân sách": "7.293,1"})
    result = merge(frame_file, sorted(folder.glob("*.xlsx")), folder / "cum.yaml")
    assert result.exit_code == 0, result.output  # read, with a warning, and merged
    revenue = cell("Chỉ tiêu", "Tổng thu ngân sách")
    assert (f"Cảnh báo: {folder / 'lang-son.xlsx'}, {revenue}: số được gõ dạng chữ '7.293,1', đã đọc là 7.293,1 "
            "(Tổng thu ngân sách nhà nước trên địa bàn)") in result.output
    assert load(folder / "cum.yaml").model.so_lieu.chi_tieu["Lạng Sơn"].thu_ngan_sach == Decimal("7293.1")
    bad = fill(blank_path, folder / "cao-bang.xlsx", "Cao Bằng", **{
        "Chỉ tiêu/Số lao động được giải quyết việc làm": None, "Văn bản/Văn bản chỉ đạo": "bốn mươi sáu",
        "Chỉ tiêu/Trường đạt chuẩn quốc gia": 169.5})
    result = merge(frame_file, sorted(folder.glob("*.xlsx")), folder / "cum-2.yaml")
    assert result.exit_code == 2 and not (folder / "cum-2.yaml").exists()
    jobs = cell("Chỉ tiêu", "Số lao động được giải quyết việc làm")
    assert (f"Lỗi: {bad}, {jobs}: ô bắt buộc còn trống (Số lao động được giải quyết việc làm). Điền số liệu vào ô "
            "này.") in result.output
    assert (f"Lỗi: {bad}, Văn bản!C5: phải là số (Văn bản chỉ đạo, triển khai công tác thi đua, khen thưởng đã ban "
            "hành trong năm), đang là chữ 'bốn mươi sáu'.") in result.output
    schools = cell("Chỉ tiêu", "Trường đạt chuẩn quốc gia")
    assert f"Lỗi: {bad}, {schools}: phải là số nguyên (Trường đạt chuẩn quốc gia (lũy kế)), đang là 169,5." \
        in result.output


def test_members_missing_twice_or_unknown(frame_file: Path, folder: Path, blank_path: Path) -> None:
    (folder / "ha-giang.xlsx").unlink()
    twice = fill(blank_path, folder / "son-la-2.xlsx", "Sơn La")
    unknown = fill(blank_path, folder / "lang-son-sai.xlsx", "Lang Son")
    result = merge(frame_file, sorted(folder.glob("*.xlsx")), folder / "cum.yaml")
    assert result.exit_code == 2
    assert f"Lỗi: {frame_file}: thiếu tệp số liệu của Hà Giang. Thêm tệp .xlsx của thành viên này vào lệnh." \
        in result.output
    # "son-la-2.xlsx" comes first in the command: the second file of Sơn La is the one reported
    assert (f"Lỗi: {folder / 'son-la.xlsx'}, Hướng dẫn!C4: số liệu của Sơn La có hai lần: tệp này và {twice}."
            in result.output)
    assert (f"Lỗi: {unknown}, Hướng dẫn!C4: 'Lang Son' không phải thành viên của Cụm (theo {frame_file}). Có phải "
            "là 'Lạng Sơn'?") in result.output


def test_a_member_missing_from_the_workbooks_but_in_the_data_file_is_a_warning(folder: Path, tmp_path: Path) -> None:
    (folder / "ha-giang.xlsx").unlink()
    result = merge(FIXTURE, sorted(folder.glob("*.xlsx")), tmp_path / "cum.yaml")
    assert result.exit_code == 0, result.output
    assert "không có tệp số liệu của Hà Giang: dùng số liệu ghi trong tệp này." in result.output


def test_another_year_another_version_or_not_a_workbook_of_ours(frame_file: Path, folder: Path,
                                                                 blank_path: Path, tmp_path: Path) -> None:
    old = fill(blank_path, folder / "lai-chau.xlsx", "Lai Châu", year=2022)
    book = load_workbook(folder / "lao-cai.xlsx")
    book["Hướng dẫn"]["C23"] = 0
    book.save(folder / "lao-cai.xlsx")
    other = tmp_path / "khac.xlsx"
    load_workbook(blank_path).save(other)
    foreign = load_workbook(other)
    foreign["Hướng dẫn"]["C22"] = "Bảng tính của tôi"
    foreign.save(other)
    broken = tmp_path / "hong.xlsx"
    broken.write_text("không phải Excel", encoding="utf-8")
    result = merge(frame_file, [*sorted(folder.glob("*.xlsx")), other, broken], folder / "cum.yaml")
    assert result.exit_code == 2
    assert f"Lỗi: {old}, Hướng dẫn!C5: tệp số liệu năm 2022, báo cáo là năm 2023. Dùng tệp số liệu đúng năm." \
        in result.output
    assert (f"Lỗi: {folder / 'lao-cai.xlsx'}, Hướng dẫn!C23: tệp theo mẫu phiên bản 0, chương trình đọc mẫu phiên "
            "bản 1.") in result.output
    assert f"Lỗi: {other}: không phải mẫu số liệu của tdkt-docgen." in result.output
    assert f"Lỗi: {broken}: không đọc được tệp Excel (.xlsx)." in result.output
    assert "Traceback" not in result.output


def test_a_workbook_saved_by_libreoffice_calc_reads_the_same(tmp_path: Path) -> None:
    source = tmp_path / "vao" / "lang-son.xlsx"
    source.parent.mkdir()
    shutil.copy(EXAMPLES / "lang-son.xlsx", source)
    profile = tmp_path / "profile"
    subprocess.run([pdf.soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "ra"), str(source)],
                   check=True, capture_output=True, timeout=180)
    saved = tmp_path / "ra" / "lang-son.xlsx"
    assert saved.read_bytes() != source.read_bytes()
    assert b"LibreOffice" in _app_properties(saved)  # really written by Calc
    ours, calcs = workbook.read(source), workbook.read(saved)
    assert calcs.findings == []
    for name in ("member", "year", "van_ban", "chi_tieu", "khen_thuong", "notes"):
        assert getattr(calcs, name) == getattr(ours, name), name
    assert load_workbook(saved)["Khen thưởng"].protection.sheet  # the protection survives


def _app_properties(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as package:
        return package.read("docProps/app.xml")
