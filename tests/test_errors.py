"""Bad input: one Vietnamese line naming file, line and field; exit code 2; no output file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tdkt_docgen.cli import main
from tdkt_docgen.templates.build import BUILDERS, build_all

from .conftest import FIXTURE

TEXT = FIXTURE.read_text(encoding="utf-8")


def run(tmp_path: Path, text: str, *extra: str, name: str = "du-lieu.yaml"):  # type: ignore[no-untyped-def]
    data = tmp_path / name
    data.write_text(text, encoding="utf-8")
    out = tmp_path / "out" / "bao-cao.docx"
    result = CliRunner().invoke(main, ["render", str(data), "-o", str(out), *extra])
    return result, out


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_renders_fixture(tmp_path: Path) -> None:
    result, out = run(tmp_path, TEXT)
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(out)


@pytest.mark.parametrize("old,new,needle,expected", [
    ("  viet_tat: CTĐ\n", "", "co_quan:", "trường 'co_quan.viet_tat': thiếu trường bắt buộc."),
    ("    Sơn La: 58", "    Sơn La: năm mươi tám", "Sơn La: năm mươi tám",
     "trường 'so_lieu.van_ban.Sơn La': phải là số nguyên"),
    ("ho_ten: Hồ Tiến Thiệu", "ho_tenn: Hồ Tiến Thiệu", "ho_tenn", "trường 'nguoi_ky.ho_tenn': trường này không có "
     "trong mẫu dữ liệu. Có phải là 'ho_ten'?"),
    ("    Hà Giang: 22", "    Hà Giangg: 22", "Hà Giangg", "'Hà Giangg' không có trong danh sách thành viên "
     "(thanh_vien). Có phải là 'Hà Giang'?"),
    ("      co_thi_dua_tinh: {tap_the: 103}", "      co_thi_dua_tinh: {tap_the: 103, ca_nhan: 2}",
     "co_thi_dua_tinh: {tap_the: 103, ca_nhan: 2}", "không tặng cho cá nhân"),
    ("      nha_giao: {ca_nhan: 5}", "      nha_giao: {ca_nhan: 5, lao_dong_truc_tiep: 9}", "nha_giao:",
     "'lao_dong_truc_tiep' (9) lớn hơn tổng số được khen (5)"),
    ("      bang_khen_thu_tuong: {tap_the: 5,", "      bang_khen_thu_tuongg: {tap_the: 5,", "bang_khen_thu_tuongg",
     "không có hình thức khen thưởng mã 'bang_khen_thu_tuongg'. Có phải là 'bang_khen_thu_tuong'?"),
])
def test_data_errors_name_file_line_field(tmp_path: Path, old: str, new: str, needle: str, expected: str) -> None:
    assert old in TEXT
    text = TEXT.replace(old, new, 1)
    result, out = run(tmp_path, text)
    assert result.exit_code == 2
    assert f"du-lieu.yaml, dòng {line_of(text, needle)}" in result.output
    assert expected in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_missing_member_figures(tmp_path: Path) -> None:
    result, out = run(tmp_path, TEXT.replace("    Lai Châu: 18\n", "", 1))
    assert result.exit_code == 2 and "thiếu số liệu của thành viên 'Lai Châu'" in result.output
    assert not out.exists()


def test_malformed_yaml_and_json(tmp_path: Path) -> None:
    result, out = run(tmp_path, "loai: bao_cao_tong_ket\nco_quan: [a, b\nso: 3\n")
    assert result.exit_code == 2 and "tệp YAML sai cú pháp" in result.output and "dòng" in result.output
    result, out = run(tmp_path, '{"loai": "bao_cao_tong_ket",\n "so": }', name="du-lieu.json")
    assert result.exit_code == 2 and "du-lieu.json, dòng 2: tệp JSON sai cú pháp" in result.output
    assert not out.exists()


def test_json_is_read_like_yaml(tmp_path: Path) -> None:
    import json

    data = yaml.safe_load(TEXT)
    data["ngay"] = "2024-03-05"
    data["so"] = 5
    result, out = run(tmp_path, json.dumps(data, ensure_ascii=False, indent=1), name="du-lieu.json")
    assert result.exit_code == 0, result.output
    from docx import Document

    number, date = Document(str(out)).tables[0].rows[1].cells
    assert number.text == "Số: 05/BC-CTĐ"
    assert date.paragraphs[0].text == "Lạng Sơn, ngày 05 tháng 3 năm 2024"


def test_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["render", str(tmp_path / "khong-co.yaml"), "-o", str(tmp_path / "a.docx")])
    assert result.exit_code == 2 and "khong-co.yaml: không tìm thấy tệp dữ liệu." in result.output


def test_existing_output_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out" / "bao-cao.docx"
    out.parent.mkdir()
    out.write_bytes(b"old")
    result, _ = run(tmp_path, TEXT)
    assert result.exit_code == 2 and "tệp kết quả đã có" in result.output and out.read_bytes() == b"old"
    result, _ = run(tmp_path, TEXT, "--force")
    assert result.exit_code == 0 and zipfile.is_zipfile(out)


def test_stated_totals_are_checked(tmp_path: Path) -> None:
    text = TEXT.replace("    thu_ngan_sach: 29088.38", "    thu_ngan_sach: 29086.38").replace(
        "    van_ban: 232", "    van_ban: 230")
    result, out = run(tmp_path, text)
    assert result.exit_code == 0
    assert (f"dòng {line_of(text, 'thu_ngan_sach: 29086.38')}, trường 'so_lieu.tong_da_bao_cao.thu_ngan_sach': "
            "Tổng thu ngân sách (tỷ đồng): tệp ghi 29.086,38 nhưng cộng từ số liệu chi tiết được 29.088,38") \
        in result.output
    assert "Tổng số văn bản ban hành: tệp ghi 230 nhưng cộng từ số liệu chi tiết được 232" in result.output
    out.unlink()
    result, out = run(tmp_path, text, "--strict")
    assert result.exit_code == 2 and not out.exists()


def test_seed_award_mismatches_reported(tmp_path: Path) -> None:
    """The example states the seed's award totals (Phụ lục II, "Tổng số"); where the seed's own rows do not add
    up to them, rendering the example says so at the stated line; the totals that agree stay silent."""
    result, _ = run(tmp_path, TEXT)
    assert result.exit_code == 0
    line = line_of(TEXT, "      Cao Bằng: {tong_so: 2139")
    assert (f"dòng {line}, trường 'so_lieu.tong_da_bao_cao.khen_thuong_theo_tinh.Cao Bằng.tong_so': Khen thưởng "
            "của tỉnh Cao Bằng (tổng số): tệp ghi 2.139 nhưng cộng từ số liệu chi tiết được 2.187") in result.output
    assert "Khen thưởng toàn Cụm (tổng số): tệp ghi 23.895 nhưng cộng từ số liệu chi tiết được 23.939" in result.output
    assert "tỉnh Sơn La" not in result.output and "Huy hiệu" not in result.output  # these agree
    text = TEXT.replace("bang_khen_thu_tuong: {tong_so: 358, tap_the: 95, ca_nhan: 263",
                        "bang_khen_thu_tuong: {tong_so: 359, tap_the: 95, ca_nhan: 264")
    result, _ = run(tmp_path, text, "--force")
    assert "Bằng khen của Thủ tướng Chính phủ (cá nhân): tệp ghi 264 nhưng cộng từ số liệu chi tiết được 263" \
        in result.output


def test_data_cannot_run_template_code_and_is_escaped(tmp_path: Path) -> None:
    text = TEXT.replace("  chuc_danh: Chủ tịch UBND tỉnh Lạng Sơn",
                        '  chuc_danh: "{{ 7*7 }} Sở Tài chính & Kế hoạch <abc>"')
    result, out = run(tmp_path, text)
    assert result.exit_code == 0, result.output
    from docx import Document

    from .conftest import all_text

    content = all_text(Document(str(out))).replace("\n", " ")  # the signer's title is broken to its column
    assert "{{ 7*7 }} SỞ TÀI CHÍNH & KẾ HOẠCH <ABC>" in content and "49" not in content.split("SỞ TÀI")[0][-5:]


def test_committed_templates_equal_a_fresh_build(tmp_path: Path) -> None:
    build_all(tmp_path)
    committed = Path(__file__).resolve().parents[1] / "templates"
    for name in BUILDERS:
        fresh, kept = (tmp_path / name).read_bytes(), (committed / name).read_bytes()
        assert fresh == kept, f"{name} differs from a fresh build: run python -m tdkt_docgen.templates.build"


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    """Outputs can be diffed and audited: two runs, byte for byte, for a report with footnotes and tables
    and for the signed pledge with its images."""
    from tdkt_docgen import render

    from .conftest import PLEDGE

    for name, data, signed in (("bao-cao", FIXTURE, False), ("giao-uoc", PLEDGE, True)):
        first, second = tmp_path / f"{name}-1.docx", tmp_path / f"{name}-2.docx"
        render(data, first, signed=signed)
        render(data, second, signed=signed)
        assert first.read_bytes() == second.read_bytes(), name
        assert {i.date_time for i in zipfile.ZipFile(first).infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize("command", ["render", "batch"])
def test_help_keeps_its_examples_on_their_own_lines(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "  Ví dụ:" in lines  # click rewraps ordinary paragraphs; the examples block must stay as written
    assert any(line.strip().startswith(f"tdkt {command} ") for line in lines)


def test_an_impossible_date_is_listed_with_the_other_mistakes(tmp_path: Path) -> None:
    text = (FIXTURE.read_text(encoding="utf-8").replace("ngay: 2024-02 ", "ngay: 2024-02-31 ", 1)
            .replace("dia_danh:", "dia_danhh:", 1))
    result, out = run(tmp_path, text)
    assert result.exit_code == 2 and not out.exists()
    assert "trường 'ngay': ngày '2024-02-31' không có thật." in result.output
    assert "'dia_danhh': trường này không có trong mẫu dữ liệu. Có phải là 'dia_danh'?" in result.output


def test_dates_written_as_documents_write_them(tmp_path: Path) -> None:
    from docx import Document

    result, out = run(tmp_path, FIXTURE.read_text(encoding="utf-8").replace("ngay: 2024-02 ", "ngay: 5/3/2024 ", 1))
    assert result.exit_code == 0, result.output
    assert "Lạng Sơn, ngày 05 tháng 3 năm 2024" in Document(str(out)).tables[0].rows[1].cells[1].text


def test_a_pledge_citing_a_decree_not_yet_in_force_is_warned(tmp_path: Path) -> None:
    """A "Căn cứ" line citing a decree not in force on the document's date: a warning at its line and field,
    and the document is still made (the own decision's test covers a decree that has ended)."""
    from .conftest import PLEDGE

    line = "Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ"
    pledge = PLEDGE.read_text(encoding="utf-8").replace("ngay: 2024-03-05", "ngay: 2025-06-20", 1)
    pledge += f"can_cu:\n  - Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022\n  - {line}\n"
    data = tmp_path / "giao-uoc.yaml"
    data.write_text(pledge, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(data), "-o", str(tmp_path / "gu.docx")])
    assert result.exit_code == 0, result.output
    row = pledge.splitlines().index(f"  - {line}") + 1
    assert (f"Cảnh báo: {data}, dòng {row}, trường 'can_cu[2]': căn cứ 152/2025/NĐ-CP chưa có hiệu lực (có hiệu "
            "lực từ 01/7/2025), văn bản ghi ngày 20/6/2025; văn bản đang có hiệu lực: 98/2023/NĐ-CP.") in result.output
    assert (tmp_path / "gu.docx").exists()


def test_an_own_decision_citing_an_ended_decree_is_warned(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "fixtures" / "khen-thuong"
    text = (examples / "quyet-dinh.yaml").read_text(encoding="utf-8")
    old = ("  - Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số "
           "điều của Luật Thi đua, khen thưởng")
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "152/2025/NĐ-CP" in line and line.startswith("  - "))
    lines[at] = old
    data = tmp_path / "quyet-dinh.yaml"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "qd.docx"
    result = CliRunner().invoke(main, ["render", str(data), str(examples / "danh-sach.xlsx"), "-t",
                                       str(examples / "quyet-dinh-mau.docx"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (f"Cảnh báo: {data}, dòng {at + 1}, trường 'can_cu[2]': căn cứ 98/2023/NĐ-CP đã hết hiệu lực từ "
            "01/7/2025, văn bản ghi ngày 15/12/2025; văn bản đang có hiệu lực: 152/2025/NĐ-CP.") in result.output
    assert out.exists()
