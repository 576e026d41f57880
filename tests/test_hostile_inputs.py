"""Every input bounded and typed (issue 24, item 5; issue 25, item 4): YAML read as a secretary means it (YAML 1.2's
core schema: text keeps what was typed, a number field given 09 reads 9), numbers written as text within the
documented limits, Excel's error values and hidden sheets, sizes bounded before they are built (a text anchor
used thousands of times, a workbook of a million rows, a part that decompresses to hundreds of megabytes), file
name patterns, Windows device names, the members' list of a workbook, a JSON list of records with their rows."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from tdkt_docgen.cli import main

from .conftest import FIXTURE, LETTER, all_text

LETTER_TEXT = LETTER.read_text("utf-8")
REPORT_TEXT = FIXTURE.read_text("utf-8")


def invoke(*args: object):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "Error" not in result.output, result.output
    return result


def render(tmp_path: Path, text: str, name: str = "du-lieu.yaml"):  # type: ignore[no-untyped-def]
    data = tmp_path / name
    data.write_text(text, "utf-8")
    out = tmp_path / "ra.docx"
    out.unlink(missing_ok=True)
    return invoke("render", data, "-o", out), out


def _line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


# ------------------------------------------------------------------ YAML as a secretary means it


@pytest.mark.parametrize("written,printed", [("09", "Số: 09/"), ("010", "Số: 10/"), ("7", "Số: 07/")])
def test_a_number_field_reads_decimal_numbers(tmp_path: Path, written: str, printed: str) -> None:
    text = LETTER_TEXT.replace("\nso: 152\n", f"\nso: {written}\n", 1)
    result, out = render(tmp_path, text)
    assert result.exit_code == 0, result.output
    assert printed in all_text(Document(str(out)))


@pytest.mark.parametrize("written", ["0x1F", "1:20", "0o17", "1_000", "yes"])
def test_what_yaml_1_1_would_turn_into_a_number_is_text_a_number_field_refuses(tmp_path: Path,
                                                                               written: str) -> None:
    text = LETTER_TEXT.replace("\nso: 152\n", f"\nso: {written}\n", 1)
    result, out = render(tmp_path, text)
    assert result.exit_code == 2 and not out.exists()
    assert f"dòng {_line_of(text, 'so: ')}, trường 'so': phải là số nguyên" in result.output, result.output
    assert f"'{written}'" in result.output  # shown as typed, never as a number YAML 1.1 made of it


@pytest.mark.parametrize("written", ["010", "09", "1:20", "0x1F", "No", "off", "yes", "1e3", "1_000", "true", ".5"])
def test_a_text_field_keeps_what_was_typed(tmp_path: Path, written: str) -> None:
    text = LETTER_TEXT.replace("  ho_ten: Hồ Tiến Thiệu\n", f"  ho_ten: {written}\n", 1)
    assert text != LETTER_TEXT
    result, out = render(tmp_path, text)
    assert result.exit_code == 0, result.output
    shown = all_text(Document(str(out)))
    assert f"\n{written}\n" in f"\n{shown}\n", shown


def test_a_number_written_with_an_exponent_is_a_number(tmp_path: Path) -> None:
    text = REPORT_TEXT.replace("      thu_ngan_sach: 4290.5\n", "      thu_ngan_sach: 4.2905e3\n", 1)
    assert text != REPORT_TEXT
    result, out = render(tmp_path, text)
    assert result.exit_code == 0, result.output
    assert "4.290,5" in all_text(Document(str(out)))


@pytest.mark.parametrize("written", [".inf", "-.inf", ".nan", ".NaN"])
def test_infinity_and_nan_are_refused(tmp_path: Path, written: str) -> None:
    text = REPORT_TEXT.replace("    Sơn La: 58\n", f"    Sơn La: {written}\n", 1)
    result, out = render(tmp_path, text)
    assert result.exit_code == 2 and "phải là một số có thật" in result.output and not out.exists()


# ------------------------------------------------------------------ numbers written as text: the limits


@pytest.mark.parametrize("written,said", [('"1e40"', "số quá lớn ('1e40')"), ('"1,0e+300"', "số quá lớn"),
                                          ('"12345678901234567890123"', "số quá"),
                                          ('"1.000.000.000.000.000"', "số quá lớn"),
                                          ('"999.999.999.999.999"', None)])
def test_numbers_written_as_text_are_read_within_the_limits(tmp_path: Path, written: str, said: str | None) -> None:
    text = REPORT_TEXT.replace("      thu_ngan_sach: 4290.5\n", f"      thu_ngan_sach: {written}\n", 1)
    assert text != REPORT_TEXT
    result, out = render(tmp_path, text)
    if said is None:
        assert result.exit_code == 0, result.output
        return
    line = _line_of(text, f"      thu_ngan_sach: {written}")
    assert result.exit_code == 2 and not out.exists(), result.output
    assert f"dòng {line}, trường 'so_lieu.chi_tieu.Sơn La.thu_ngan_sach': {said}" in result.output, result.output
    assert "InvalidOperation" not in result.output and "10^15" in result.output


def test_json_numbers_too_long_or_not_finite_are_refused_at_their_field(tmp_path: Path) -> None:
    for value, said in [("9" * 5000, "số quá lớn (9999"), ("NaN", "'NaN' không phải là một số có thật"),
                        ("Infinity", "'Infinity' không phải là một số có thật"),
                        ("-Infinity", "'-Infinity' không phải là một số có thật")]:
        result, out = render(tmp_path, '{\n  "loai": "cong_van",\n  "so": ' + value + "\n}\n", "du-lieu.json")
        assert result.exit_code == 2 and f"dòng 3, trường 'so': {said}" in result.output, result.output
        assert len(result.output) < 1000  # the 5,000 digits are not printed back


# ------------------------------------------------------------------ sizes bounded before they are built


def test_a_text_anchor_used_thousands_of_times_stops_with_a_message(tmp_path: Path) -> None:
    big = "x" * 1_000_000
    text = f"loai: cong_van\na: &a {big}\nb: [{', '.join(['*a'] * 900)}]\n"
    result, out = render(tmp_path, text)
    assert result.exit_code == 2 and "tệp có quá 50 triệu ký tự khi mở các tham chiếu (*tên)" in result.output


def _workbook(path: Path, sheets: list[tuple[str, list[list[object]], str]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        sheet.sheet_state = state
    book.save(path)
    return path


def _one_line_template(path: Path, text: str = "{{ ho_ten }}") -> Path:
    doc = Document()
    doc.add_paragraph(text)
    doc.save(str(path))
    return path


def test_excel_error_values_are_errors_naming_their_cell(tmp_path: Path) -> None:
    table = _workbook(tmp_path / "ds.xlsx", [("Danh sách", [["Họ tên", "Số tiền"], ["Nguyễn Văn An", 1000],
                                                             ["#N/A", 2000]], "visible")])
    template = _one_line_template(tmp_path / "mau.docx")
    result = invoke("batch", table, "-t", template, "-o", tmp_path / "ra")
    assert result.exit_code == 2, result.output
    assert f"{table}, trang 'Danh sách', dòng 3, cột 'Họ tên': ô có lỗi công thức của Excel '#N/A'" in result.output
    assert not (tmp_path / "ra").exists()


def test_an_excel_error_in_a_members_workbook_is_a_finding_at_its_cell(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from .conftest import ROOT

    book = load_workbook(ROOT / "fixtures" / "so-lieu-2023" / "son-la.xlsx")
    sheet, cell = next((s.title, c.coordinate) for s in book.worksheets[1:] for row in s.iter_rows() for c in row
                       if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)
                       and c.protection.locked is False)
    book[sheet][cell] = "#DIV/0!"
    workbook = tmp_path / "son-la.xlsx"
    book.save(workbook)
    result = invoke("merge", FIXTURE, workbook, "-o", tmp_path / "cum.yaml")
    assert result.exit_code == 2 and f"{sheet}!{cell}: ô có lỗi công thức của Excel '#DIV/0!'" in result.output


def test_a_hidden_first_sheet_is_skipped_for_the_visible_one(tmp_path: Path) -> None:
    table = _workbook(tmp_path / "ds.xlsx", [("Tra cứu", [["Họ tên"], ["Người trong bảng ẩn"]], "hidden"),
                                             ("Danh sách", [["Họ tên"], ["Nguyễn Văn An"]], "visible")])
    template = _one_line_template(tmp_path / "mau.docx")
    result = invoke("batch", table, "-t", template, "-o", tmp_path / "ra")
    assert result.exit_code == 0, result.output
    made = sorted((tmp_path / "ra").iterdir())
    assert [p.name for p in made] == ["001-nguyen-van-an.docx"]
    hidden = _workbook(tmp_path / "an.xlsx", [("Tra cứu", [["Họ tên"], ["A"]], "visible")])
    _rewrite(hidden, {"xl/workbook.xml": lambda xml: xml.replace(b'state="visible"', b'state="hidden"')})
    result = invoke("batch", hidden, "-t", template, "-o", tmp_path / "ra2")
    assert result.exit_code == 2 and "không có trang nào đang hiện" in result.output


def test_a_workbook_of_a_million_rows_is_refused_as_it_streams(tmp_path: Path) -> None:
    """1,048,575 rows (Excel's most): refused at the 100,001st, without holding them all."""
    import time

    from openpyxl import Workbook

    base = tmp_path / "nho.xlsx"
    book = Workbook()
    book.active.title = "Danh sách"
    book.active.append(["Họ tên"])
    book.save(base)
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Người {n}</t></is></c></row>'
                   for n in range(2, 1_048_576))

    def filled(xml: bytes) -> bytes:
        text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:A1048575"/>', xml.decode())
        return text.replace("</sheetData>", rows + "</sheetData>").encode()

    _rewrite(base, {"xl/worksheets/sheet1.xml": filled})
    base.rename(tmp_path / "lon.xlsx")
    template = _one_line_template(tmp_path / "mau.docx")
    began = time.monotonic()
    result = invoke("batch", tmp_path / "lon.xlsx", "-t", template, "-o", tmp_path / "ra")
    assert result.exit_code == 2 and "trang 'Danh sách' có quá 100.000 dòng" in result.output, result.output
    assert time.monotonic() - began < 60 and not (tmp_path / "ra").exists()


def test_a_huge_shared_string_is_blamed_on_the_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tdkt_docgen.data import packages

    monkeypatch.setattr(packages, "PART_LIMIT", 2 * 1024 * 1024)  # 100 MB in use: the same check, smaller
    table = _workbook(tmp_path / "ds.xlsx", [("Danh sách", [["Họ tên"], ["NGAN"]], "visible")])
    _rewrite(table, {"xl/worksheets/sheet1.xml": lambda xml: xml.replace(b"NGAN", b"x" * 3_000_000)})
    template = _one_line_template(tmp_path / "mau.docx")
    result = invoke("batch", table, "-t", template, "-o", tmp_path / "ra")
    assert result.exit_code == 2, result.output
    assert f"Lỗi: {table}: tệp Excel có phần 'xl/worksheets/sheet1.xml' quá lớn khi giải nén" in result.output
    assert str(template) not in result.output


def _rewrite(path: Path, edits: dict[str, object]) -> None:
    """The package ``path`` with some entries replaced (each edit gets the old bytes and gives the new)."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            edit = edits.get(info.filename)
            out.writestr(info, edit(data) if callable(edit) else data)


def test_a_nul_in_a_csv_is_dropped_and_said_at_its_cell(tmp_path: Path) -> None:
    table = tmp_path / "ds.csv"
    table.write_bytes("Họ tên,Số tiền\nNguy\x00ễn Văn An,1000\n".encode())
    template = _one_line_template(tmp_path / "mau.docx")
    result = invoke("batch", table, "-t", template, "-o", tmp_path / "ra")
    assert result.exit_code == 0, result.output
    assert f"{table}, dòng 2, cột 'Họ tên': có ký tự điều khiển không in được (U+0000), đã bỏ đi." in result.output
    made = next((tmp_path / "ra").iterdir())
    assert [p.text for p in Document(str(made)).paragraphs] == ["Nguyễn Văn An"]
    assert str(template) + ":" not in result.output  # never blamed on the template


# ------------------------------------------------------------------ names


@pytest.mark.parametrize("pattern", ["{stt:>9999999999}.docx", "{stt:99999999d}.docx", "{stt:>60000000}.docx",
                                     "{ten:{stt}}.docx", "x" * 300])
def test_name_patterns_are_bounded_before_anything_is_made(tmp_path: Path, pattern: str) -> None:
    result = invoke("batch", LETTER, "--per-member", "-o", tmp_path / "ra", "--name", pattern)
    assert result.exit_code == 2 and "mẫu tên tệp" in result.output, result.output
    assert not (tmp_path / "ra").exists()


def test_windows_device_names_never_become_file_names(tmp_path: Path) -> None:
    table = tmp_path / "ds.csv"
    table.write_text("Họ tên\nCON\nnul\nLPT1\nAux\nCom9\nPRN\nBình thường\n", "utf-8")
    template = _one_line_template(tmp_path / "mau.docx")
    result = invoke("batch", table, "-t", template, "-o", tmp_path / "ra", "--zip", tmp_path / "ra.zip",
                    "--name", "{ho_ten}.docx")
    assert result.exit_code == 0, result.output
    expected = ["aux_.docx", "binh-thuong.docx", "com9_.docx", "con_.docx", "lpt1_.docx", "nul_.docx", "prn_.docx"]
    assert sorted(p.name for p in (tmp_path / "ra").iterdir()) == expected
    assert sorted(zipfile.ZipFile(tmp_path / "ra.zip").namelist()) == expected


def test_the_members_list_of_a_workbook_stays_within_excels_limits(tmp_path: Path) -> None:
    import yaml
    from openpyxl import load_workbook

    data = yaml.safe_load(REPORT_TEXT)
    first = data["thanh_vien"][0]
    data["thanh_vien"] += [dict(first, ten=f'Tỉnh "Số" {n}, mới') for n in range(30)]
    data["thanh_vien"].append(dict(first, ten='=HYPERLINK("http://x.example/","bấm vào")'))
    cluster = tmp_path / "cum.yaml"
    cluster.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    out = tmp_path / "mau.xlsx"
    result = invoke("init", "bao_cao", "--xlsx", "--data", cluster, "-o", out)
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    rule = next(iter(book.worksheets[0].data_validations.dataValidation))
    assert rule.formula1 == f"'Danh sách thành viên'!$A$1:$A${len(data['thanh_vien'])}"
    names = book["Danh sách thành viên"]
    assert names.sheet_state == "hidden"
    assert [c.value for c in names["A"]] == [m["ten"] for m in data["thanh_vien"]]
    assert all(c.data_type == "s" for c in names["A"])  # text, the "=HYPERLINK" one too: never a formula
    short = tmp_path / "ngan.xlsx"
    assert invoke("init", "bao_cao", "--xlsx", "--data", FIXTURE, "-o", short).exit_code == 0
    rule = next(iter(load_workbook(short).worksheets[0].data_validations.dataValidation))
    assert rule.formula1.startswith('"') and len(rule.formula1) <= 255  # a short plain list stays written in


def test_a_json_list_of_records_with_their_rows_makes_one_document_each(tmp_path: Path) -> None:
    records = [{"ten": "Sở Nội vụ", "bang": [{"chi_tieu": "Khen thưởng", "so": 12}, {"chi_tieu": "Cờ", "so": 2}]},
               {"ten": "Sở Tài chính", "bang": [{"chi_tieu": "Bằng khen", "so": 3}]}]
    data = tmp_path / "ds.json"
    data.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    doc = Document()
    doc.add_paragraph("{{ ten }}")
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for dong in bang %}"
    table.cell(1, 0).text, table.cell(1, 1).text = "{{ dong.chi_tieu }}", "{{ dong.so }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    template = tmp_path / "mau.docx"
    doc.save(str(template))
    result = invoke("batch", data, "-t", template, "-o", tmp_path / "ra")
    assert result.exit_code == 0, result.output
    made = sorted((tmp_path / "ra").iterdir())
    assert [p.name for p in made] == ["001-so-noi-vu.docx", "002-so-tai-chinh.docx"]
    first = Document(str(made[0]))
    assert first.paragraphs[0].text == "Sở Nội vụ"
    assert [[c.text for c in row.cells] for row in first.tables[0].rows] == [["Khen thưởng", "12"], ["Cờ", "2"]]
