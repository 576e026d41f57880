"""`tdkt check`: our documents pass; deliberately broken ones give exactly the expected findings."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from tdkt_docgen.check.conformance import ERROR, check_document, missing_checks, not_administrative, rules
from tdkt_docgen.cli import main

from .conftest import FIXTURE, find_paragraph, set_paragraph_text
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


# ------------------------------------------------------------------ check agrees with tdkt, both ways (issue 25.7)


def _produced(folder: Path) -> list[Path]:
    """What tdkt makes from every example, every `init` output and every documented option: each kind's
    example and the further shapes, the pledge signed, every per-member document, the report from the members'
    workbooks, the own templates' decision and certificates."""
    from tdkt_docgen.examples import EXAMPLES, MORE_EXAMPLES, OWN_EXAMPLES

    runner = CliRunner()
    made: list[Path] = []

    def run(*args: str) -> None:
        result = runner.invoke(main, list(args))
        assert result.exit_code == 0, (args, result.output)

    for name in [*EXAMPLES, *MORE_EXAMPLES]:
        data = folder / "init" / f"{name}.yaml"
        run("init", name, "-o", str(data))
        run("render", str(data), "-o", str(folder / f"{name}.docx"), "--doi-chieu")
        made.append(folder / f"{name}.docx")
        if name in ("giao_uoc", "cong_van", "bao_cao_tong_ket"):
            run("render", str(data), "--per-member", "-o", str(folder / f"{name}-rieng"))
            made += sorted((folder / f"{name}-rieng").glob("*.docx"))
    run("render", str(folder / "init" / "giao_uoc.yaml"), "--signed", "-o", str(folder / "giao-uoc-da-ky.docx"))
    made.append(folder / "giao-uoc-da-ky.docx")
    books = sorted((FIXTURE.parent / "so-lieu-2023").glob("*.xlsx"))
    frame = yaml.safe_load(FIXTURE.read_text("utf-8"))  # the leading province's file: the members' figures come
    frame["so_lieu"] = {"tong_da_bao_cao": frame["so_lieu"]["tong_da_bao_cao"]}  # from their workbooks
    for key in ("chu_de_thi_dua", "phong_trao_chuyen_de", "cach_lam_hay"):
        del frame["noi_dung"][key]
    (folder / "cum.yaml").write_text(yaml.safe_dump(frame, allow_unicode=True, sort_keys=False), "utf-8")
    run("render", str(folder / "cum.yaml"), *map(str, books), "-o", str(folder / "excel.docx"))
    made.append(folder / "excel.docx")
    for name in OWN_EXAMPLES:
        run("init", name, "-o", str(folder / "khen-thuong"), "--force")
    own = folder / "khen-thuong"
    run("render", str(own / "quyet-dinh.yaml"), str(own / "danh-sach.xlsx"), "-t", str(own / "quyet-dinh-mau.docx"),
        "-o", str(folder / "quyet-dinh.docx"))
    made.append(folder / "quyet-dinh.docx")
    run("batch", str(own / "danh-sach.xlsx"), str(own / "quyet-dinh.yaml"), "-t", str(own / "giay-khen-mau.docx"),
        "-o", str(folder / "giay-khen"), "-j", "1")
    made += sorted((folder / "giay-khen").glob("*.docx"))[:2]
    return made


def test_check_passes_everything_tdkt_makes(tmp_path: Path) -> None:
    made = _produced(tmp_path)
    assert len(made) > 30
    certificates = [path for path in made if not_administrative(path)]
    assert len(certificates) == 2  # "giấy khen": not a Decree 30 document, check says so and passes it
    errors = {path.name: [str(f) for f in check_document(path) if f.severity == ERROR] for path in made
              if path not in certificates}
    assert {name: found for name, found in errors.items() if found} == {}


def test_check_reports_what_tdkt_left_to_fill(rendered: dict[str, Path], tmp_path: Path) -> None:
    """The placeholder lines of a unit's report made from the cluster's data, with the field each names; a
    placeholder signer. In a draft they are warnings, in a final document errors."""
    draft = check_document(rendered["bao_cao_tinh"])
    unfilled = [f for f in draft if f.rule.ma == "ND30-CHUA-DIEN"]
    assert unfilled and all(f.severity == "cảnh báo" for f in unfilled)
    assert any(f.expected == "điền trường 'noi_dung.hoi_dong_tdkt' trong tệp dữ liệu rồi tạo lại văn bản"
               for f in unfilled)
    names = [f for f in draft if f.rule.ma == "ND30-TEN-GIA"]
    assert [f.found for f in names] == ["họ tên người ký là “[Họ và tên người ký]”"]

    def final(doc) -> None:  # type: ignore[no-untyped-def]
        for p in doc.element.body.iter(qn("w:p")):
            for t in p.iter(qn("w:t")):
                if t.text == "DỰ THẢO":
                    t.text = ""
    errors = [f for f in check_document(_broken(rendered["bao_cao_tinh"], tmp_path, final)) if f.severity == ERROR]
    assert {f.rule.ma for f in errors} == {"ND30-CHUA-DIEN", "ND30-TEN-GIA"}


def test_a_placeholder_signer_in_a_final_document_is_an_error(rendered: dict[str, Path], tmp_path: Path) -> None:
    def fake(doc) -> None:  # type: ignore[no-untyped-def]
        set_paragraph_text(find_paragraph(doc, "Nguyễn Đình Việt"), "Nguyễn Văn A")
    assert [f[:3] for f in _findings(_broken(rendered["van_ban_kinh_gui"], tmp_path, fake))] == [
        ("ND30-TEN-GIA", "họ tên người ký là “Nguyễn Văn A”", "họ tên thật của người ký")]


def test_figures_that_disagree_in_one_document(rendered: dict[str, Path], tmp_path: Path) -> None:
    def wrong(doc) -> None:  # type: ignore[no-untyped-def]
        table = next(t for t in doc.tables if any(c.text == "Hình thức khen thưởng" for c in t.rows[0].cells))
        row = next(r for r in table.rows if r.cells[1].text == "Cờ thi đua của Ủy ban nhân dân tỉnh")
        row.cells[3].paragraphs[0].runs[0].text = "454"
        for p in doc.paragraphs:
            for run in p.runs:
                run.text = run.text.replace("(đạt 36,07%)", "(đạt 36,70%)")
    found = [(f.rule.ma, f.found) for f in check_document(_broken(rendered["bao_cao"], tmp_path, wrong))
             if f.severity == ERROR]
    assert ("ND30-SO-LIEU", "dòng “Cờ thi đua của Ủy ban nhân dân tỉnh”: Tổng số 453, Tập thể cộng Cá nhân được "
                            "454") in found
    assert ("ND30-SO-LIEU", "dòng “Khen thưởng cấp tỉnh” ghi 7.652, các dòng của nhóm cộng lại 7.653") in found
    assert any(ma == "ND30-SO-LIEU" and "382/1.059 là 36,07%" in text for ma, text in found)


def test_a_table_note_and_numbered_paragraphs_tdkt_lays_out_pass(tmp_path: Path) -> None:
    """Issue 25: 2 errors on a table note (bang.ghi_chu), 8 warnings on paragraphs numbered by danh_so."""
    data = tmp_path / "van-ban.yaml"
    data.write_text("""loai: van_ban
ten_loai: Báo cáo
co_quan: {ten: Sở Nội vụ, viet_tat: SNV, chu_quan: UBND tỉnh Bắc Giang}
so: 12
dia_danh: Bắc Giang
ngay: 2024-03-27
trich_yeu: Kết quả khen thưởng
noi_dung:
  - tieu_de: Kết quả
    doan: Kết quả như sau.
    bang:
      cot: [{ten: Nội dung}, {ten: Số, dinh_dang: so}]
      dong: [[Bằng khen, 12], [Giấy khen, 30]]
      tong: true
      ghi_chu: Số liệu đến ngày 31/12/2023.
  - {danh_so: true, doan: Nội dung thứ nhất của văn bản được đánh số tự động.}
  - {danh_so: true, doan: Nội dung thứ hai của văn bản được đánh số tự động.}
noi_nhan: [Ban TĐKT Trung ương]
nguoi_ky: {tham_quyen: KT., ky_thay: Giám đốc, chuc_vu: Phó Giám đốc, ho_ten: Lê Văn Bình}
""", "utf-8")
    out = tmp_path / "van-ban.docx"
    assert CliRunner().invoke(main, ["render", str(data), "-o", str(out)]).exit_code == 0
    assert [str(f) for f in check_document(out)] == []
