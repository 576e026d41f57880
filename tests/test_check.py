"""`tdkt check`: our documents pass; deliberately broken ones give exactly the expected findings."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from tdkt_docgen.check.conformance import ERROR, check_document, missing_checks, rules
from tdkt_docgen.cli import main

from .conftest import find_paragraph, set_paragraph_text
from .test_frame import DOCUMENTS


def test_every_rule_has_one_check_and_every_check_a_rule() -> None:
    assert missing_checks() == []
    assert all(r.muc_do in ("lỗi", "cảnh báo") and r.can_cu and r.noi_dung for r in rules().values())


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_document_we_produce_has_no_error(name: str, rendered: dict[str, Path]) -> None:
    errors = [str(f) for f in check_document(rendered[name]) if f.severity == ERROR]
    assert errors == []


def _broken(source: Path, folder: Path, change: Callable[..., None]) -> Path:
    doc = Document(str(source))
    change(doc)
    path = folder / "hong.docx"
    doc.save(str(path))
    return path




def _findings(path: Path) -> list[tuple[str, str, str, str]]:
    return [(f.rule.ma, f.found, f.expected, f.where) for f in check_document(path) if f.severity == ERROR]


def test_wrong_font(report_path: Path, tmp_path: Path) -> None:
    def arial(doc) -> None:  # type: ignore[no-untyped-def]
        doc.styles["Nội dung"].font.name = "Arial"  # the body style, as a user would change it in Word
    findings = _findings(_broken(report_path, tmp_path, arial))
    assert len(findings) == 1
    rule, found, expected, where = findings[0]
    assert (rule, found, expected) == ("ND30-PHONG-CHU", "phông Arial", "phông Times New Roman")
    assert where.startswith('đoạn 4 ("Năm 2023, là năm có ý nghĩa quan trọng t…") và ') and where.endswith("đoạn khác")


def test_body_in_12_pt(report_path: Path, tmp_path: Path) -> None:
    def small(doc) -> None:  # type: ignore[no-untyped-def]
        doc.styles["Nội dung"].font.size = Pt(12)
    findings = _findings(_broken(report_path, tmp_path, small))
    assert len(findings) == 1
    rule, found, expected, where = findings[0]
    assert (rule, found, expected) == ("ND30-NOI-DUNG", "cỡ chữ 12 pt", "cỡ chữ 13–14 pt")
    assert where.startswith('đoạn 4 ("Năm 2023, là năm có ý nghĩa quan trọng t…") và ')


def test_missing_rule_under_the_motto(report_path: Path, tmp_path: Path) -> None:
    def no_rule(doc) -> None:  # type: ignore[no-untyped-def]
        motto = find_paragraph(doc, "Độc lập - Tự do - Hạnh phúc")
        motto.getparent().remove(motto.getnext())
    assert _findings(_broken(report_path, tmp_path, no_rule)) == [
        ("ND30-KE-TIEU-NGU", "không có đường kẻ dưới Tiêu ngữ", "đường kẻ ngang, nét liền, dài bằng dòng chữ",
         'bảng 1, dòng 1, ô 2, đoạn 2 ("Độc lập - Tự do - Hạnh phúc")')]


def test_month_written_with_a_zero(report_path: Path, tmp_path: Path) -> None:
    def zero(doc) -> None:  # type: ignore[no-untyped-def]
        set_paragraph_text(find_paragraph(doc, "Lạng Sơn, ngày"), "Lạng Sơn, ngày 05 tháng 03 năm 2024")
    assert _findings(_broken(report_path, tmp_path, zero)) == [
        ("ND30-DIA-DANH-NGAY", '"tháng 03"', '"tháng 3" (chỉ tháng 1, 2 có số 0 phía trước)',
         'bảng 1, dòng 2, ô 2, đoạn 1 ("Lạng Sơn, ngày 05 tháng 03 năm 2024")')]


def test_day_and_number_without_their_zero(report_path: Path, tmp_path: Path) -> None:
    def no_zero(doc) -> None:  # type: ignore[no-untyped-def]
        set_paragraph_text(find_paragraph(doc, "Số:"), "Số: 5/BC-CTĐ")
        set_paragraph_text(find_paragraph(doc, "Lạng Sơn, ngày"), "Lạng Sơn, ngày 5 tháng 3 năm 2024")
    assert _findings(_broken(report_path, tmp_path, no_zero)) == [
        ("ND30-SO-KY-HIEU", 'số "5"', 'số có hai chữ số khi nhỏ hơn 10: "Số: 05/BC-CTĐ"',
         'bảng 1, dòng 2, ô 1, đoạn 1 ("Số: 5/BC-CTĐ")'),
        ("ND30-DIA-DANH-NGAY", '"ngày 5"', '"ngày 05" (ngày nhỏ hơn 10 có số 0 phía trước)',
         'bảng 1, dòng 2, ô 2, đoạn 1 ("Lạng Sơn, ngày 5 tháng 3 năm 2024")')]


def test_no_page_numbers(report_path: Path, tmp_path: Path) -> None:
    def no_numbers(doc) -> None:  # type: ignore[no-untyped-def]
        for section in doc.sections:
            for field in list(section.header._element.iter(qn("w:instrText"))):
                field.text = ""
    assert _findings(_broken(report_path, tmp_path, no_numbers)) == [
        ("ND30-SO-TRANG", "không có số trang", "trường số trang (PAGE) canh giữa ở đầu trang, từ trang thứ hai",
         "đầu trang của phần 1 (section)")]


def test_page_number_on_the_first_page(report_path: Path, tmp_path: Path) -> None:
    def first_too(doc) -> None:  # type: ignore[no-untyped-def]
        doc.sections[0].different_first_page_header_footer = False
    findings = _findings(_broken(report_path, tmp_path, first_too))
    assert [f[:2] for f in findings] == [("ND30-SO-TRANG", "số trang hiện cả ở trang thứ nhất")]


def test_recipients_list(report_path: Path, tmp_path: Path) -> None:
    def last_line(doc) -> None:  # type: ignore[no-untyped-def]
        set_paragraph_text(find_paragraph(doc, "- Lưu:"), "- Lưu: VT")
    assert _findings(_broken(report_path, tmp_path, last_line)) == [
        ("ND30-NOI-NHAN", 'dòng cuối "- Lưu: VT"', 'dòng cuối "- Lưu: VT, ….", kết thúc bằng dấu chấm',
         'bảng 2, dòng 1, ô 1, đoạn 8 ("- Lưu: VT")')]


def test_template_leftovers(report_path: Path, tmp_path: Path) -> None:
    def leftover(doc) -> None:  # type: ignore[no-untyped-def]
        set_paragraph_text(find_paragraph(doc, "Năm 2023, là năm"), "Năm {{ nam }} là None")
    found = [f[:2] for f in _findings(_broken(report_path, tmp_path, leftover)) if f[0] == "ND30-CON-SOT"]
    assert found == [("ND30-CON-SOT", 'còn "{{"')]


def test_command_text_json_and_exit_codes(rendered: dict[str, Path], tmp_path: Path) -> None:
    runner = CliRunner()
    good = runner.invoke(main, ["check", str(rendered["bao_cao"]), str(rendered["cong_van"])])
    assert good.exit_code == 0, good.output
    assert f"{rendered['bao_cao']}: 0 lỗi, 0 cảnh báo" in good.output

    plain = tmp_path / "thuong.docx"
    Document().save(str(plain))  # python-docx's blank Letter-size page: no Decree 30 element at all
    bad = runner.invoke(main, ["check", str(plain), "--format", "json"])
    assert bad.exit_code == 1
    report = json.loads(bad.output)
    ids = [f["ma"] for f in report[0]["phat_hien"]]
    assert {"ND30-KHO-GIAY", "ND30-QUOC-HIEU", "ND30-SO-KY-HIEU", "ND30-SO-TRANG"} <= set(ids)
    paper = report[0]["phat_hien"][0]
    assert paper == {"ma": "ND30-KHO-GIAY", "muc_do": "lỗi", "vi_tri": "phần 1 (section)",
                     "tim_thay": "khổ 215,9 × 279,4 mm", "yeu_cau": "khổ A4, 210 × 297 mm",
                     "quy_tac": "Khổ giấy A4 (210 mm x 297 mm)", "can_cu": "Phụ lục I, Phần I, Mục I"}

    damaged = tmp_path / "hong.docx"
    damaged.write_bytes(b"not a zip")
    result = runner.invoke(main, ["check", str(damaged)])
    assert result.exit_code == 2
    assert "không đọc được tệp Word .docx" in result.output and "Traceback" not in result.output
