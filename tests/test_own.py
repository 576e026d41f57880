"""Own templates with own data (the mail merge): blank-document templates, tables from Excel, CSV and
lists, schemas, one document per row, a list inside one document, and the two shipped examples."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document
from docx.document import Document as DocxDocument

from tdkt_docgen.cli import main
from tdkt_docgen.fixtures import build as examples_build

from .conftest import LETTER, all_text

EXAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "khen-thuong"
DECISION_DATA, LIST, DECISION_TEMPLATE = (EXAMPLES / n for n in ("quyet-dinh.yaml", "danh-sach.xlsx",
                                                                 "quyet-dinh-mau.docx"))
CERTIFICATE_TEMPLATE = EXAMPLES / "giay-khen-mau.docx"


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args])


def blank_template(path: Path, *paragraphs: str, rows: tuple[str, ...] = ()) -> Path:
    """A template drawn from python-docx's blank document: none of tdkt's styles."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    if rows:
        table = doc.add_table(rows=len(rows), cols=1)
        for row, text in zip(table.rows, rows, strict=True):
            row.cells[0].text = text
    doc.save(str(path))
    return path


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("khen-thuong")
    for source in EXAMPLES.iterdir():
        shutil.copy(source, folder / source.name)
    return folder


# ------------------------------------------------------------------ own template, own data


def test_blank_document_template_renders_own_data(tmp_path: Path) -> None:
    template = blank_template(
        tmp_path / "mau.docx",
        "{{ co_quan.ten | ten_co_quan }}", "{{ so | so_van_ban('QĐ-UBND') }}", "{{ ngay | ngay(dia_danh) }}",
        "Tặng Bằng khen cho {{ danh_sach | length | so_va_chu }} cá nhân, tổng {{ danh_sach | tong('so_tien') | so }} "
        "đồng ({{ danh_sach | tong('so_tien') | tien_chu }}).",
        "Ghi chú: {{ ghi_chu }}|{{ trong }}|",
        rows=("{%tr for nguoi in danh_sach | sap_xep_ten %}", "{{ loop.index }}. {{ nguoi.ho_ten }}",
              "{%tr endfor %}"))
    data = tmp_path / "du-lieu.yaml"
    data.write_text("co_quan: {ten: Ủy ban nhân dân tỉnh Lạng Sơn}\nso: 5\ndia_danh: Lạng Sơn\nngay: 2024-03-05\n"
                    "ghi_chu: \"{{ 7 * 7 }} <w:p> & {% if true %}\"\ntrong:\n"
                    "danh_sach:\n  - {ho_ten: Trần Thị Bình, so_tien: 1500000}\n"
                    "  - {ho_ten: Nguyễn Văn An, so_tien: 1500000}\n  - {ho_ten: Lê Văn Ánh, so_tien: 1000000}\n"
                    "  - {ho_ten: Hà Văn Ân}\n", "utf-8")
    out = tmp_path / "ra.docx"
    result = run("render", data, "-t", template, "-o", out)
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert texts[:3] == ["ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN", "Số: 05/QĐ-UBND", "Lạng Sơn, ngày 05 tháng 3 năm 2024"]
    # the person without an amount is left out of the total, not counted as 0
    assert texts[3] == ("Tặng Bằng khen cho 04 (bốn) cá nhân, tổng 4.000.000 đồng (Bốn triệu đồng).")
    assert texts[4] == "Ghi chú: {{ 7 * 7 }} <w:p> & {% if true %}||"  # data text never runs; empty prints nothing
    assert [row.cells[0].text for row in doc.tables[0].rows] == [
        "1. Nguyễn Văn An", "2. Lê Văn Ánh", "3. Hà Văn Ân", "4. Trần Thị Bình"]  # by given name: a, á, â, b


def test_template_with_a_kinds_fields_and_no_tdkt_styles_renders(tmp_path: Path) -> None:
    """The crash of the issue: a blank-document template using công văn fields (no 'Kẻ dưới cơ quan')."""
    template = blank_template(tmp_path / "cv.docx", "{{ co_quan_ban_hanh }}", "{%p for doan in noi_dung %}",
                              "{{ doan }}", "{%p endfor %}", "{{ nguoi_ky.ho_ten }}", "{{ rieng }}")
    out = tmp_path / "cv-ra.docx"
    assert run("lint", template, "--data", LETTER).exit_code == 0
    result = run("render", LETTER, "-t", template, "-o", out)
    assert result.exit_code == 0, result.output
    text = all_text(Document(str(out)))
    assert "CỤM THI ĐUA" in text and "Hồ Tiến Thiệu" in text and "RichText" not in text
    assert "['Đề nghị các tỉnh gửi báo cáo về" in text  # a list printed whole reads as its texts


def test_missing_field_is_named_with_its_place_by_lint_and_render_alike(tmp_path: Path) -> None:
    template = blank_template(tmp_path / "mau.docx", "Kính gửi {{ ho_tenn }}",
                              rows=("{%tr for nguoi in danh_sach %}", "{{ nguoi.chuc_vuu }}", "{%tr endfor %}"))
    data = tmp_path / "d.yaml"
    data.write_text("ho_ten: A\ndanh_sach:\n  - {ho_ten: B, chuc_vu: C}\n", "utf-8")
    out = tmp_path / "ra.docx"
    rendered = run("render", data, "-t", template, "-o", out)
    assert rendered.exit_code == 2 and not out.exists()
    assert (f"Lỗi: {template}, đoạn 1 (\"Kính gửi {{{{ ho_tenn }}}}\"): mẫu dùng biến 'ho_tenn' mà dữ liệu không "
            f"có. Có phải là 'ho_ten'?") in rendered.output
    linted = run("lint", template, "--data", data)
    assert linted.exit_code == 1 and "'ho_tenn'" in linted.output
    expected = (f"{template}, bảng 1, dòng 2, ô 1 (\"{{{{ nguoi.chuc_vuu }}}}\"): mẫu dùng trường "
                f"'danh_sach[].chuc_vuu' mà dữ liệu không có. Có phải là 'chuc_vu'?")
    assert expected in rendered.output  # every missing field in the same run, the nested one too
    assert expected in linted.output


def test_a_list_grouped_by_a_field_it_lacks_is_refused_with_its_place(examples: Path, tmp_path: Path) -> None:
    """Issue 25: the decision groups its list by 'don_vi'; a list whose column is "Đơn vị công tác" rendered
    every person in one group with no name ("I | : 30 cá nhân"), lint and check silent."""
    book = openpyxl.load_workbook(examples / "danh-sach.xlsx")
    book.active["E1"] = "Đơn vị công tác"
    book.active.title = "DS khen thưởng"
    table = tmp_path / "danh-sach.xlsx"  # a list of their own: no schema beside it
    book.save(table)
    out = tmp_path / "qd.docx"
    rendered = run("render", examples / "quyet-dinh.yaml", table, "-t", examples / "quyet-dinh-mau.docx", "-o", out)
    assert rendered.exit_code == 2 and not out.exists()
    assert "mẫu dùng biến 'danh_sach' mà dữ liệu không có. Có phải là 'ds_khen_thuong'?" in rendered.output
    assert f"ds_khen_thuong (trang 'DS khen thưởng' của {table})" in rendered.output  # where the name comes from
    book.active.title = "Danh sách"
    book.save(table)
    rendered = run("render", examples / "quyet-dinh.yaml", table, "-t", examples / "quyet-dinh-mau.docx", "-o", out)
    assert rendered.exit_code == 2 and not out.exists()
    grouped = next(line for line in rendered.output.splitlines() if "'danh_sach[].don_vi'" in line)
    assert "bảng 3, dòng 2, ô 1" in grouped and "nhom(" in grouped  # the tag that groups, in Word's terms
    assert f"(danh sách 'danh_sach' là trang 'Danh sách' của {table}). Có phải là 'don_vi_cong_tac'?" in grouped
    linted = run("lint", examples / "quyet-dinh-mau.docx", "--data", examples / "quyet-dinh.yaml", "--data", table)
    assert linted.exit_code == 1 and grouped.removeprefix("Lỗi: ") in linted.output


def test_mode_without_loai_needs_a_template(tmp_path: Path) -> None:
    data = tmp_path / "d.yaml"
    data.write_text("loai: rieng\nho_ten: A\n", "utf-8")
    result = run("render", data, "-o", tmp_path / "x.docx")
    assert result.exit_code == 2 and "cần mẫu của mình" in result.output and "-t MẪU.docx" in result.output


# ------------------------------------------------------------------ the decision: a list inside one document


def test_decision_has_its_list_as_a_table_grouped_sorted_and_totalled(examples: Path, tmp_path: Path) -> None:
    out = tmp_path / "quyet-dinh.docx"
    result = run("render", examples / "quyet-dinh.yaml", examples / "danh-sach.xlsx", "-t",
                 examples / "quyet-dinh-mau.docx", "-o", out)
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    text = all_text(doc)
    assert "Tặng Giấy khen của Giám đốc Sở Nội vụ tỉnh Lạng Sơn cho 20 (hai mươi) cá nhân" in text
    assert "Tổng số tiền thưởng là 14.040.000 đồng (Bằng chữ: Mười bốn triệu không trăm bốn mươi nghìn đồng)" in text
    assert "Số: 215/QĐ-SNV" in text and "Lạng Sơn, ngày 15 tháng 12 năm 2025" in text
    assert "- Như Điều 3;" in text and "- Lưu: VT, TĐKT." in text and "Hoàng Văn Minh" in text
    rows = [[c.text for c in row.cells] for row in doc.tables[-1].rows]
    assert rows[0] == ["STT", "Họ và tên", "Chức vụ", "Tiền thưởng (đồng)"]
    groups = [r[1] for r in rows if r[0] in ("I", "II", "III", "IV")]
    assert groups == ["Phòng Công chức, viên chức: 05 cá nhân", "Phòng Thi đua - Khen thưởng: 05 cá nhân",
                      "Phòng Tổ chức, biên chế: 04 cá nhân", "Văn phòng Sở: 06 cá nhân"]
    people = [r for r in rows if r[0].isdigit()]
    assert [r[0] for r in people] == [str(n) for n in range(1, 21)]  # numbered through the groups
    assert [r[1] for r in people[:5]] == ["Hoàng Văn Ấn", "Phạm Minh Châu", "Đinh Văn Đức", "Lăng Thị Hoa",
                                          "Nguyễn Thị Ngọc"]  # by given name: Ấn, Châu, Đức, Hoa, Ngọc
    assert rows[-1][-1] == "14.040.000" and rows[-1][0] == "Tổng cộng: 20 (hai mươi) cá nhân"
    checked = run("check", out)
    assert checked.exit_code == 0 and "0 lỗi, 0 cảnh báo" in checked.output


def test_decision_with_a_bad_cell_writes_nothing(examples: Path, tmp_path: Path) -> None:
    table = tmp_path / "danh-sach.xlsx"
    book = openpyxl.load_workbook(examples / "danh-sach.xlsx")
    book.active["F18"] = "một triệu"  # Số tiền of the 13th person
    book.active["B5"] = None  # Họ tên of the 4th
    book.save(table)
    shutil.copy(examples / "danh-sach.schema.yaml", tmp_path)
    out = tmp_path / "qd.docx"
    result = run("render", examples / "quyet-dinh.yaml", table, "-t", examples / "quyet-dinh-mau.docx", "-o", out)
    assert result.exit_code == 2 and not out.exists()
    lines = result.output.splitlines()
    assert f"Lỗi: {table}, trang 'Danh sách', dòng 5, cột 'Họ tên': ô bắt buộc còn trống." in lines[0]
    assert lines[1].startswith(f"Lỗi: {table}, trang 'Danh sách', dòng 18, cột 'Số tiền': phải là số (ví dụ: "
                               "1.500.000). Giá trị hiện tại: 'một triệu'.")


# ------------------------------------------------------------------ certificates: one document per row


def test_certificates_one_per_row_named_from_the_row(examples: Path, tmp_path: Path) -> None:
    folder = tmp_path / "giay-khen"
    result = run("batch", examples / "danh-sach.xlsx", examples / "quyet-dinh.yaml", "-t",
                 examples / "giay-khen-mau.docx", "-o", folder, "--name", "{stt:03d}-{ho_ten}.docx", "-j", "2")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 20 and names[:2] == ["001-hoang-van-an.docx", "002-pham-minh-chau.docx"]  # the decision's
    text = all_text(Document(str(folder / "011-vi-thi-anh.docx")))
    assert "GIẤY KHEN" in text and "Bà Vi Thị Ánh" in text and "Chuyên viên chính, Phòng Tổ chức, biên chế" in text
    assert "Quyết định số 215/QĐ-SNV ngày 15/12/2025" in text and "Số sổ vàng: 011/GK-2025" in text
    assert "Đã có thành tích xuất sắc" in text and "GIÁM ĐỐC" in text
    checked = run("check", folder / "011-vi-thi-anh.docx", "--format", "json")
    assert checked.exit_code == 0
    assert json.loads(checked.output)[0] == {"tep": str(folder / "011-vi-thi-anh.docx"), "van_ban_hanh_chinh": False,
                                             "loai": "giấy khen", "phat_hien": []}
    assert "giấy khen không phải văn bản hành chính" in run("check", folder / "001-hoang-van-an.docx").output


def test_a_bad_row_fails_alone_by_sheet_row_and_column(examples: Path, tmp_path: Path) -> None:
    table = tmp_path / "danh-sach.xlsx"
    book = openpyxl.load_workbook(examples / "danh-sach.xlsx")
    book.active["F18"] = "một triệu"
    book.save(table)
    shutil.copy(examples / "danh-sach.schema.yaml", tmp_path)
    folder = tmp_path / "ra"
    result = run("batch", table, examples / "quyet-dinh.yaml", "-t", examples / "giay-khen-mau.docx", "-o", folder,
                 "--name", "{stt:03d}-{ho_ten}.docx")
    assert result.exit_code == 1
    assert (f"Lỗi (Lục Thị Ơn): {table}, trang 'Danh sách', dòng 18, cột 'Số tiền': phải là số") in result.output
    assert "Đã tạo 19/20 văn bản" in result.output
    assert len(list(folder.iterdir())) == 19 and not (folder / "017-luc-thi-on.docx").exists()


def test_a_missing_required_column_stops_the_batch(examples: Path, tmp_path: Path) -> None:
    table = tmp_path / "danh-sach.xlsx"
    book = openpyxl.load_workbook(examples / "danh-sach.xlsx")
    book.active.delete_cols(6)  # Số tiền
    book.save(table)
    shutil.copy(examples / "danh-sach.schema.yaml", tmp_path)
    result = run("batch", table, "-t", examples / "giay-khen-mau.docx", "-o", tmp_path / "ra")
    assert result.exit_code == 2 and not (tmp_path / "ra").exists()
    assert f"Lỗi: {table}: không có cột của trường bắt buộc 'so_tien'." in result.output


@pytest.mark.parametrize(("encoding", "delimiter"), [("utf-8-sig", ";"), ("utf-8", ",")])
def test_csv_lists_with_or_without_bom(tmp_path: Path, encoding: str, delimiter: str) -> None:
    table = tmp_path / "danh-sach.csv"
    rows = [["STT", "Họ tên", "Số tiền"], ["1", "Nguyễn Văn An", "1.500.000"], ["2", "Trần Thị Bình", "702.000"]]
    table.write_text("\r\n".join(delimiter.join(r) for r in rows) + "\r\n", encoding=encoding)
    template = blank_template(tmp_path / "gk.docx", "{{ stt }}. {{ ho_ten }}: {{ so_tien | so }} đồng")
    shown = run("vars", template, "--data", table)
    assert "Họ tên → ho_ten" in shown.output and "Số tiền → so_tien" in shown.output
    result = run("batch", table, "-t", template, "-o", tmp_path / "ra", "--name", "{stt:02d}-{ho_ten}")
    assert result.exit_code == 0, result.output
    assert result.output.count("Ghi chú:") == 1  # inferred kinds said once, not per row
    assert "Số tiền → so_tien: số" in result.output
    made = Document(str(tmp_path / "ra" / "02-tran-thi-binh.docx"))
    assert made.paragraphs[0].text == "2. Trần Thị Bình: 702.000 đồng"


def test_json_list_and_unknown_name_field(tmp_path: Path) -> None:
    table = tmp_path / "ds.json"
    table.write_text(json.dumps([{"ho_ten": "Lê Văn Ánh"}, {"ho_ten": "Hà Văn Ân"}], ensure_ascii=False), "utf-8")
    template = blank_template(tmp_path / "gk.docx", "{{ ho_ten }}")
    wrong = run("batch", table, "-t", template, "-o", tmp_path / "ra", "--name", "{ten_day_du}")
    assert wrong.exit_code == 2 and "Các trường có: {stt}, {ten}, {ho_ten}" in wrong.output
    result = run("batch", table, "-t", template, "-o", tmp_path / "ra")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "ra").iterdir()) == ["001-le-van-anh.docx", "002-ha-van-an.docx"]


# ------------------------------------------------------------------ the examples


def test_init_offers_both_examples(tmp_path: Path) -> None:
    folder = tmp_path / "khen-thuong"
    first = run("init", "quyet_dinh_khen_thuong", "-o", folder)
    assert first.exit_code == 0 and "tdkt render" in first.output
    second = run("init", "giay_khen", "-o", folder)
    assert second.exit_code == 0 and "Giữ nguyên" in second.output and "tdkt batch" in second.output
    assert sorted(p.name for p in folder.iterdir()) == ["danh-sach.schema.yaml", "danh-sach.xlsx",
                                                        "giay-khen-mau.docx", "quyet-dinh-mau.docx", "quyet-dinh.yaml"]
    assert run("init", "giay_khen", "-o", folder).exit_code == 2  # the template is never overwritten


def test_init_of_an_own_example_wants_a_folder_not_a_file_name(tmp_path: Path) -> None:
    result = run("init", "giay_khen", "-o", tmp_path / "gk.yaml")
    assert result.exit_code == 2 and "-o là thư mục sẽ chứa mẫu và dữ liệu, không phải tên một tệp" in result.output
    assert list(tmp_path.iterdir()) == []


def test_committed_examples_equal_a_fresh_build(tmp_path: Path) -> None:
    for path in examples_build.build_all(tmp_path):
        assert path.read_bytes() == (EXAMPLES / path.name).read_bytes(), path.name


def test_own_example_templates_have_no_leftover_frame_tags() -> None:
    for template in (DECISION_TEMPLATE, CERTIFICATE_TEMPLATE):
        doc: DocxDocument = Document(str(template))
        text = all_text(doc)
        for tag in examples_build.OWN_TAGS:
            assert not tag or tag not in text


def test_a_template_with_its_own_footnotes_gets_ours_added_to_them(tmp_path: Path) -> None:
    """A template saved by Word has a footnotes part already: the kind's footnotes join it (one part)."""
    import zipfile

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    from tdkt_docgen.document.markup import Run
    from tdkt_docgen.docx.finish import FOOTNOTES_CT, _footnotes_xml

    from .conftest import FIXTURE

    doc = Document(str(FIXTURE.parents[1] / "templates" / "bao_cao_tong_ket.docx"))
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, _footnotes_xml([(Run("Chú thích của mẫu."),)]),
                doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    template = tmp_path / "mau-co-chu-thich.docx"
    doc.save(str(template))
    out = tmp_path / "bao-cao.docx"
    result = run("render", FIXTURE, "-t", template, "-o", out)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        names = [n for n in archive.namelist() if "footnotes" in n and n.endswith(".xml")]
        notes = archive.read(names[0]).decode("utf-8")
    assert names == ["word/footnotes.xml"]
    assert "Chú thích của mẫu." in notes and notes.count("<w:footnote ") > 3


def test_lint_reports_a_value_render_would_refuse(tmp_path: Path) -> None:
    """Without a schema, a word in a number column passes typing; lint --data finds it as batch will."""
    table = tmp_path / "ds.csv"
    table.write_text("Họ tên,Số tiền\nNguyễn Văn An,1.500.000\nTrần Thị Bình,một triệu\n", "utf-8")
    template = blank_template(tmp_path / "gk.docx", "{{ ho_ten }}: {{ so_tien | so }}")
    expected = (f"{table}, dòng 3: {template}, đoạn 1 (\"{{{{ ho_ten }}}}: {{{{ so_tien | so }}}}\"): bộ lọc 'so' "
                "không dùng được với giá trị 'một triệu' (không đọc được số: 'một triệu').")
    linted = run("lint", template, "--data", table)
    assert linted.exit_code == 1 and f"Lỗi: {expected}" in linted.output and f"{template}: 1 lỗi." in linted.output
    batched = run("batch", table, "-t", template, "-o", tmp_path / "ra")
    assert batched.exit_code == 1 and f"Lỗi (Trần Thị Bình): {expected}" in batched.output
    assert [p.name for p in (tmp_path / "ra").iterdir()] == ["001-nguyen-van-an.docx"]


def test_schema_beside_the_template_checks_yaml_data_and_its_lists(tmp_path: Path) -> None:
    template = blank_template(tmp_path / "qd.docx", "{{ so | so_van_ban('QĐ-UBND') }} {{ ngay | ngay(dia_danh) }}",
                              rows=("{%tr for nguoi in danh_sach %}", "{{ nguoi.ho_ten }} {{ nguoi.so_tien | so }}",
                                    "{%tr endfor %}"))
    (tmp_path / "qd.schema.yaml").write_text(
        "so: so\ndia_danh: van_ban\nngay: ngay\nghi_chu: {kieu: van_ban, bat_buoc: false}\n"
        "danh_sach: {kieu: danh_sach, truong: {ho_ten: van_ban, so_tien: tien}}\n", "utf-8")
    data = tmp_path / "du-lieu.yaml"
    data.write_text("so: mười hai\ndia_danh: Lạng Sơn\nngay: 31/02/2025\ndanh_sach:\n"
                    "  - {ho_ten: A, so_tien: 1000}\n  - {ho_ten: B, so_tien: -5}\n  - {so_tien: 5}\n", "utf-8")
    out = tmp_path / "ra.docx"
    result = run("render", data, "-t", template, "-o", out)
    assert result.exit_code == 2 and not out.exists()
    assert result.output.splitlines() == [
        f"Lỗi: {data}, dòng 1, trường 'so': phải là số (ví dụ: 12 hoặc 7,5). Giá trị hiện tại: 'mười hai'.",
        f"Lỗi: {data}, dòng 3, trường 'ngay': phải là ngày (ví dụ: 05/03/2024 hoặc 2024-03-05). Giá trị hiện tại: "
        "'31/02/2025'.",
        f"Lỗi: {data}, dòng 6, trường 'danh_sach[2].so_tien': số tiền không được âm. Giá trị hiện tại: -5.",
        f"Lỗi: {data}, dòng 7, trường 'danh_sach[3].ho_ten': thiếu trường bắt buộc. Điền giá trị, hoặc ghi "
        "'bat_buoc: false' cho trường này trong tệp kiểu dữ liệu.",
    ]
    data.write_text("so: 7\ndia_danh: Lạng Sơn\nngay: 05/3/2025\ndanh_sach:\n  - {ho_ten: A, so_tien: '1.000'}\n",
                    "utf-8")
    assert run("render", data, "-t", template, "-o", out).exit_code == 0
    assert [p.text for p in Document(str(out)).paragraphs][0] == "Số: 07/QĐ-UBND Lạng Sơn, ngày 05 tháng 3 năm 2025"
    assert Document(str(out)).tables[0].rows[0].cells[0].text == "A 1.000"


def test_batch_of_rows_refuses_a_missing_list_or_a_broken_template_once(examples: Path, tmp_path: Path) -> None:
    missing = run("batch", tmp_path / "khong-co.xlsx", "-t", examples / "giay-khen-mau.docx", "-o", tmp_path / "ra")
    assert missing.exit_code == 2 and "không tìm thấy tệp danh sách." in missing.output
    broken = blank_template(tmp_path / "hong.docx", "{{ ho_ten | so_chu }}")
    result = run("batch", examples / "danh-sach.xlsx", "-t", broken, "-o", tmp_path / "ra")
    assert result.exit_code == 2 and result.output.count("bộ lọc 'so_chu' không có.") == 1
    assert not (tmp_path / "ra").exists() and "Traceback" not in result.output


def test_certificates_without_their_shared_fields_are_refused_once(examples: Path, tmp_path: Path) -> None:
    result = run("batch", examples / "danh-sach.xlsx", "-t", examples / "giay-khen-mau.docx", "-o", tmp_path / "ra")
    assert result.exit_code == 2 and not (tmp_path / "ra").exists()
    assert result.output.count("mẫu dùng biến 'tham_quyen_ban_hanh' mà dữ liệu không có.") == 1
    assert "ghi trong một tệp .yaml đi kèm danh sách" in result.output
