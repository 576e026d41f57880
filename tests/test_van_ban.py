"""The generic document (loai: van_ban): outline numbering, heading styles, tables from data, appendices,
articles, optional parts, the JSON Schema, and errors; the seed examples render and pass `tdkt check`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from tdkt_docgen import render
from tdkt_docgen.check.conformance import check_document
from tdkt_docgen.cli import main
from tdkt_docgen.examples import EXAMPLES, MORE_EXAMPLES, example_path
from tdkt_docgen.schema import HERE as SCHEMAS
from tdkt_docgen.schema import text as schema_text

from .conftest import ROOT

REPORT = """\
loai: van_ban
ten_loai: Báo cáo
co_quan: {chu_quan: UBND tỉnh Bắc Giang, ten: Sở Nội vụ, viet_tat: SNV}
so: 80
dia_danh: Bắc Giang
ngay: 2024-03-27
trich_yeu: Tổng kết 10 năm thực hiện Chỉ thị 34-CT/TW
danh_so: [phan_thu, muc, khoan, diem]
noi_dung:
  - doan: "Thực hiện Công văn số 1013/UBND-NC, Sở Nội vụ báo cáo như sau^[Chú thích mở đầu.]:"
  - tieu_de: Kết quả
    noi_dung:
      - tieu_de: Khái quát đặc điểm tình hình
        noi_dung:
          - tieu_de: Đặc điểm tình hình
            doan: Bắc Giang là tỉnh miền núi.
            noi_dung:
              - tieu_de: Điểm thứ nhất
                doan: Nội dung điểm a.
              - tieu_de: Điểm thứ hai
                doan: Nội dung điểm b.
          - so: "1.2."
            tieu_de: Số gõ sẵn
            doan: Giữ nguyên số.
          - tieu_de: Khen thưởng
            bang:
              tieu_de: Kết quả khen thưởng
              don_vi: người
              cot:
                - {ten: STT, rong: 1, canh: giua}
                - {ten: Hình thức, rong: 6}
                - {ten: Tập thể, ma: tap_the, rong: 2, dinh_dang: so}
                - {ten: Cá nhân, ma: ca_nhan, rong: 2, dinh_dang: so, canh: phai}
                - {ten: Tỷ lệ, rong: 2, dinh_dang: phan_tram}
              dau:
                - [{chu: STT, gop_doc: 2}, {chu: Hình thức, gop_doc: 2}, {chu: Số được khen, gop_ngang: 2},
                   {chu: Tỷ lệ, gop_doc: 2}]
                - [Tập thể, Cá nhân]
              dong:
                - [1, Bằng khen, 268, "1.398", 12.5]
                - [2, Giấy khen, 9256, null, 60]
                - nhom: [null, Nhóm không cộng, 5, 5, null]
              tong: {nhan: Cộng, ghi: {tap_the: 9500, ca_nhan: 1398}}
  - tieu_de: Phương hướng
    doan: Tiếp tục đổi mới.
phu_luc:
  - tieu_de: Danh sách đơn vị
    huong: ngang
    noi_dung:
      - bang:
          cot: [{ten: STT}, {ten: Đơn vị, rong: 8}]
          dong: [[1, Sở Nội vụ]]
  - tieu_de: Ghi chú thêm
    noi_dung:
      - doan: Phụ lục dọc.
loi_ket: Sở Nội vụ tỉnh Bắc Giang trân trọng báo cáo
noi_nhan: [Ban TĐKT Trung ương (b/c)]
luu: VT, TĐKT
nguoi_ky: {tham_quyen: KT., ky_thay: Giám đốc, chuc_vu: Phó Giám đốc, ho_ten: Nguyễn Văn A}
"""

DECISION = """\
loai: van_ban
ten_loai: QUYẾT ĐỊNH
co_quan: {ten: Ủy ban nhân dân tỉnh Bắc Giang, viet_tat: UBND}
so: 5
dia_danh: Bắc Giang
ngay: 2024-01-05
trich_yeu: Về việc tặng Bằng khen
tham_quyen_ban_hanh: Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang
can_cu:
  - Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022
  - Xét đề nghị của Giám đốc Sở Nội vụ
danh_so: [dieu, khoan]
noi_dung:
  - danh_so: true
    doan: Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 02 tập thể.
    noi_dung:
      - danh_so: true
        doan: Phòng Nội vụ huyện Lục Nam;
      - danh_so: true
        doan: Phòng Nội vụ huyện Yên Thế.
  - tieu_de: Hiệu lực thi hành
    doan: Quyết định có hiệu lực kể từ ngày ký.
noi_nhan: [Như Điều 2]
nguoi_ky: {thay_mat: Ủy ban nhân dân, tham_quyen: KT., ky_thay: Chủ tịch, chuc_vu: Phó Chủ tịch, ho_ten: Lê Ô Pích}
"""


def _render(tmp_path: Path, text: str, name: str = "van-ban") -> tuple[Any, Path]:
    data = tmp_path / f"{name}.yaml"
    data.write_text(text, "utf-8")
    out = tmp_path / f"{name}.docx"
    return render(data, out), out


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    return _render(tmp_path_factory.mktemp("van_ban"), REPORT)


def _paragraphs(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs if p.text.strip()]


def test_outline_is_numbered_from_nesting_with_heading_styles(report: tuple[Any, Path]) -> None:
    _, out = report
    paragraphs = _paragraphs(out)
    headings = [(s, t) for s, t in paragraphs if s in ("Phần", "Tiêu đề phần", "Tiêu đề mục", "Tiêu đề khoản",
                                                      "Tiêu đề điểm")]
    assert headings == [
        ("Phần", "Phần thứ nhất"), ("Tiêu đề phần", "KẾT QUẢ"),
        ("Tiêu đề mục", "I. KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH"),
        ("Tiêu đề khoản", "1. Đặc điểm tình hình"),
        ("Tiêu đề điểm", "a) Điểm thứ nhất"), ("Tiêu đề điểm", "b) Điểm thứ hai"),
        ("Tiêu đề khoản", "1.2. Số gõ sẵn"),  # kept as typed
        ("Tiêu đề khoản", "3. Khen thưởng"),  # the typed number still counts
        ("Phần", "Phần thứ hai"), ("Tiêu đề phần", "PHƯƠNG HƯỚNG"),
    ]
    styles = Document(str(out)).styles
    for name in ("Phần", "Tiêu đề phần", "Tiêu đề mục", "Tiêu đề khoản", "Tiêu đề điểm"):
        assert styles[name].paragraph_format.keep_with_next is True, name
    # the body's paragraphs follow their heading in the body style, markup and footnotes kept
    assert ("Nội dung", "Bắc Giang là tỉnh miền núi.") in paragraphs
    assert paragraphs[-1] == ("Nội dung", "Phụ lục dọc.")
    assert "Chú thích mở đầu." in _footnotes_text(out)
    closing = next(t for s, t in paragraphs if t.startswith("Sở Nội vụ tỉnh Bắc Giang trân trọng"))
    assert closing == "Sở Nội vụ tỉnh Bắc Giang trân trọng báo cáo./."


def _footnotes_text(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as package:
        return package.read("word/footnotes.xml").decode("utf-8")


def test_header_symbol_follows_type_name(report: tuple[Any, Path]) -> None:
    _, out = report
    header = Document(str(out)).tables[0]
    assert header.rows[1].cells[0].text == "Số: 80/BC-SNV"
    assert [p.text for p in header.rows[0].cells[0].paragraphs if p.text][:2] == ["UBND TỈNH BẮC GIANG", "SỞ NỘI VỤ"]
    texts = [t for _, t in _paragraphs(out)]
    assert "BÁO CÁO" in texts and "Tổng kết 10 năm thực hiện Chỉ thị 34-CT/TW" in texts


def _table_with(doc: Any, text: str) -> Any:
    return next(t for t in doc.tables if any(text in c.text for row in t.rows for c in row.cells))


def test_table_from_data_merged_header_formats_and_total(report: tuple[Any, Path]) -> None:
    _, out = report
    doc = Document(str(out))
    table = _table_with(doc, "Số được khen")
    rows = table._tbl.tr_lst
    first = rows[0].tc_lst
    assert [tc.grid_span for tc in first] == [1, 1, 2, 1]
    assert [tc.vMerge for tc in first] == ["restart", "restart", None, "restart"]
    assert [tc.vMerge for tc in rows[1].tc_lst] == ["continue", "continue", None, None, "continue"]
    for tr in rows[:2]:  # header rows repeat on every page
        assert tr.trPr.find(qn("w:tblHeader")) is not None
    assert rows[2].trPr.find(qn("w:tblHeader")) is None
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[2] == ["1", "Bằng khen", "268", "1.398", "12,50%"]
    assert cells[3] == ["2", "Giấy khen", "9.256", "", "60%"]  # absent: empty, never 0; whole: no ",00" (one rule)
    assert cells[4] == ["", "Nhóm không cộng", "5", "5", ""]
    assert table.rows[4].cells[1].paragraphs[0].style.name == "Bảng - nhóm"  # a group row: bold, not added
    assert cells[5] == ["Cộng", "Cộng", "9.524", "1.398", ""]  # the label spans STT and Hình thức
    right = table.rows[2].cells[3].paragraphs[0].paragraph_format.alignment
    assert str(right) == "RIGHT (2)"
    assert table.rows[2].cells[1].paragraphs[0].style.name == "Bảng - tên"
    texts = [t for _, t in _paragraphs(out)]
    assert "Kết quả khen thưởng" in texts and "Đơn vị tính: người" in texts


def test_stated_total_mismatch_is_a_warning_with_its_line(report: tuple[Any, Path], tmp_path: Path) -> None:
    document, _ = report
    assert [str(m).split(": ", 1)[1] for m in document.mismatches] == [
        "Kết quả khen thưởng, cột 'Tập thể' (dòng Cộng): tệp ghi 9.500 nhưng cộng từ số liệu chi tiết được 9.524. "
        "Văn bản dùng số đã cộng; đề nghị kiểm tra lại số liệu."]  # the stated 1.398 of 'Cá nhân' adds up
    line = next(i for i, text in enumerate(REPORT.splitlines(), 1) if "tong: {nhan: Cộng" in text)
    assert document.mismatches[0].position.line == line
    data = tmp_path / "bc.yaml"
    data.write_text(REPORT, "utf-8")
    warned = CliRunner().invoke(main, ["render", str(data), "-o", str(tmp_path / "bc.docx")])
    assert warned.exit_code == 0 and "Cảnh báo: " in warned.output and "tệp ghi 9.500" in warned.output
    strict = CliRunner().invoke(main, ["render", str(data), "-o", str(tmp_path / "strict.docx"), "--strict"])
    assert strict.exit_code == 2 and not (tmp_path / "strict.docx").exists()


def test_appendices_have_their_own_sections_and_kem_theo_line(report: tuple[Any, Path]) -> None:
    _, out = report
    doc = Document(str(out))
    sections = doc.sections
    assert [s.orientation for s in sections] == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    assert sections[1].page_width > sections[1].page_height
    starts = [s._sectPr.find(qn("w:pgNumType")) for s in sections]
    assert starts[0] is None or starts[0].get(qn("w:start")) is None
    assert [s.get(qn("w:start")) for s in starts[1:]] == ["1", "1"]  # each appendix numbered from 1
    paragraphs = _paragraphs(out)
    assert ("Phụ lục", "Phụ lục I") in paragraphs and ("Phụ lục", "Phụ lục II") in paragraphs
    assert ("Tiêu đề phụ lục", "DANH SÁCH ĐƠN VỊ") in paragraphs
    assert ("Kèm theo", "(Kèm theo Báo cáo số 80/BC-SNV ngày 27/3/2024 của Sở Nội vụ)") in paragraphs
    landscape_table = _table_with(doc, "Sở Nội vụ")
    width = sum(int(c.get(qn("w:w"))) for c in landscape_table._tbl.tblGrid.findall(qn("w:gridCol")))
    assert abs(width / 567 - 25.2) < 0.1  # the landscape text width (cm)


def test_decision_articles_and_optional_parts(tmp_path: Path) -> None:
    _, out = _render(tmp_path, DECISION, "quyet-dinh")
    paragraphs = _paragraphs(out)
    texts = [t for _, t in paragraphs]
    assert texts[texts.index("QUYẾT ĐỊNH"):texts.index("QUYẾT ĐỊNH") + 2] == ["QUYẾT ĐỊNH", "Về việc tặng Bằng khen"]
    assert ("Tiêu đề phần", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC GIANG") in paragraphs
    assert [(s, t) for s, t in paragraphs if s == "Căn cứ"] == [
        ("Căn cứ", "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"),
        ("Căn cứ", "Xét đề nghị của Giám đốc Sở Nội vụ.")]
    assert ("Tiêu đề phần", "QUYẾT ĐỊNH:") in paragraphs
    assert ("Nội dung", "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 02 tập thể.") in paragraphs
    assert ("Nội dung", "1. Phòng Nội vụ huyện Lục Nam;") in paragraphs
    assert ("Nội dung", "2. Phòng Nội vụ huyện Yên Thế.") in paragraphs
    assert ("Tiêu đề khoản", "Điều 2. Hiệu lực thi hành") in paragraphs
    article = next(p for p in Document(str(out)).paragraphs if p.text.startswith("Điều 1."))
    runs = [r for r in article.runs if r.text]
    assert runs[0].text == "Điều 1. " and runs[0].bold and not runs[1].bold
    assert Document(str(out)).tables[0].rows[1].cells[0].text == "Số: 05/QĐ-UBND"
    # no Kính gửi, no DỰ THẢO, no closing formula, one section: none was asked for
    assert not any(t.startswith("Kính gửi") for t in texts) and "DỰ THẢO" not in texts
    assert len(Document(str(out)).sections) == 1
    assert [f for f in check_document(out)] == []


def test_kinh_gui_and_draft_only_when_given(tmp_path: Path) -> None:
    text = REPORT.replace("so: 80\n", "du_thao: true\n")
    text = text.replace("phu_luc:", "kinh_gui: [Ban TĐKT Trung ương]\nphu_luc:")
    _, out = _render(tmp_path, text)
    paragraphs = _paragraphs(out)
    assert ("Kính gửi", "Kính gửi: Ban TĐKT Trung ương") in paragraphs
    header = Document(str(out)).tables[0]
    assert "DỰ THẢO" in header.rows[1].cells[1].text
    assert header.rows[1].cells[0].text.startswith("Số:") and "/BC-SNV" in header.rows[1].cells[0].text


@pytest.mark.parametrize("old,new,needle,expected", [
    ("ten_loai: Báo cáo", "ten_loai: Bản tin", "ten_loai", "trường 'ten_loai': 'Bản tin' không có trong bảng chữ "
     "viết tắt tên loại văn bản (Phụ lục III, Nghị định 30/2020/NĐ-CP). Ghi 'ky_hieu_loai'"),
    ("- [2, Giấy khen, 9256, null, 60]", "- [2, Giấy khen, 9256, null]", "[2, Giấy khen, 9256, null]",
     "trường 'noi_dung[2].noi_dung[1].noi_dung[3].bang.dong[2]': dòng có 4 ô nhưng bảng có 5 cột."),
    ("- [1, Bằng khen, 268,", "- [1, Bằng khen, hai trăm,", "hai trăm", "cột 'Tập thể' là cột số nhưng ô này ghi "
     "'hai trăm'."),
    ("{chu: Tỷ lệ, gop_doc: 2}]", "{chu: Tỷ lệ}]", "- [Tập thể, Cá nhân]",
     "dòng tiêu đề thứ 2 phủ 4 cột nhưng bảng có 5 cột."),
    ("ghi: {tap_the: 9500,", "ghi: {tap_thee: 9500,", "ghi: {tap_thee", "bảng không có cột 'tap_thee'."),
    ("    huong: ngang", "    huong: nghieng", "huong: nghieng", "trường 'phu_luc[1].huong': phải là một trong "
     "các giá trị: 'doc' hoặc 'ngang'."),
    ("            doan: Giữ nguyên số.", "            doann: Giữ nguyên số.", "doann", "trường này không có trong "
     "mẫu dữ liệu. Có phải là 'doan'?"),
])
def test_errors_name_file_line_field_and_write_nothing(tmp_path: Path, old: str, new: str, needle: str,
                                                       expected: str) -> None:
    assert old in REPORT
    text = REPORT.replace(old, new, 1)
    data = tmp_path / "van-ban.yaml"
    data.write_text(text, "utf-8")
    out = tmp_path / "van-ban.docx"
    result = CliRunner().invoke(main, ["render", str(data), "-o", str(out)])
    line = next(i for i, t in enumerate(text.splitlines(), 1) if needle in t)
    assert result.exit_code == 2, result.output
    assert f"van-ban.yaml, dòng {line}" in result.output and expected in result.output
    assert "Traceback" not in result.output and not out.exists()


# ------------------------------------------------------------------ JSON Schema


def test_shipped_schemas_equal_a_fresh_generation() -> None:
    from tdkt_docgen import kinds

    assert sorted(p.name for p in SCHEMAS.glob("*.schema.json")) == sorted(f"{k}.schema.json" for k in kinds.KINDS)
    for kind in kinds.KINDS:
        assert (SCHEMAS / f"{kind}.schema.json").read_text("utf-8") == schema_text(kind), (
            f"run: python -m tdkt_docgen.schema ({kind})")


def test_schema_command_writes_the_schema_and_refuses_to_overwrite(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "van_ban.schema.json"
    assert runner.invoke(main, ["schema", "van_ban", "-o", str(out)]).exit_code == 0
    found = json.loads(out.read_text("utf-8"))
    assert found["properties"]["ten_loai"]["description"].startswith("Tên loại văn bản")
    again = runner.invoke(main, ["schema", "van_ban", "-o", str(out)])
    assert again.exit_code == 2 and "tệp kết quả đã có" in again.output
    printed = runner.invoke(main, ["schema", "bao_cao"])
    assert printed.exit_code == 0 and json.loads(printed.output)["title"] == "BaoCaoTongKet"
    unknown = runner.invoke(main, ["schema", "to_trinh"])
    assert unknown.exit_code == 2 and unknown.output.startswith("Lỗi: không có loại văn bản 'to_trinh'.")


def _conforms(value: Any, node: dict[str, Any], root: dict[str, Any], where: str) -> list[str]:
    """Problems of ``value`` against a JSON Schema ``node`` (the subset pydantic writes: $ref, anyOf, type,
    properties with additionalProperties false, required, items, enum/const)."""
    if "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in node:
        tries = [_conforms(value, option, root, where) for option in node["anyOf"]]
        return [] if any(not t for t in tries) else min(tries, key=len)
    if "enum" in node and value not in node["enum"]:
        return [f"{where}: {value!r} not in {node['enum']}"]
    if "const" in node and value != node["const"]:
        return [f"{where}: {value!r} is not {node['const']!r}"]
    kinds = node.get("type")
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    actual = "integer" if isinstance(value, int) and not isinstance(value, bool) else (
        "number" if isinstance(value, float) else names.get(type(value), "string"))
    allowed = {kinds} if isinstance(kinds, str) else set(kinds or [])
    if allowed and actual not in allowed and not (actual == "integer" and "number" in allowed):
        return [f"{where}: {actual} where {sorted(allowed)}"]
    problems: list[str] = []
    if isinstance(value, dict):
        properties = node.get("properties", {})
        for key, item in value.items():
            if key in properties:
                problems += _conforms(item, properties[key], root, f"{where}.{key}")
            elif isinstance(node.get("additionalProperties"), dict):
                problems += _conforms(item, node["additionalProperties"], root, f"{where}.{key}")
            elif node.get("additionalProperties") is False:
                problems.append(f"{where}: unknown key {key}")
        problems += [f"{where}: missing {k}" for k in node.get("required", []) if k not in value]
    if isinstance(value, list) and "items" in node:
        for i, item in enumerate(value):
            problems += _conforms(item, node["items"], root, f"{where}[{i}]")
    return problems


def _examples() -> list[Path]:
    return [example_path(name) for name in [*EXAMPLES, *MORE_EXAMPLES]]


@pytest.mark.parametrize("path", _examples(), ids=lambda p: p.name)
def test_every_example_names_its_schema_and_conforms_to_it(path: Path) -> None:
    first = path.read_text("utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=../tdkt_docgen/schemas/")
    schema_file = (path.parent / first.split("=", 1)[1]).resolve()
    data = yaml.safe_load(path.read_text("utf-8"))
    assert schema_file.name == f"{data['loai']}.schema.json"
    schema = json.loads(schema_file.read_text("utf-8"))
    assert _conforms(json.loads(json.dumps(data, default=str)), schema, schema, "") == []
    broken = {**json.loads(json.dumps(data, default=str)), "nguoi_kyy": {}}
    assert _conforms(broken, schema, schema, "") == [": unknown key nguoi_kyy"]


def test_init_points_the_copy_to_the_installed_schema(tmp_path: Path) -> None:
    out = tmp_path / "bc.yaml"
    assert CliRunner().invoke(main, ["init", "van_ban_kinh_gui", "-o", str(out)]).exit_code == 0
    first = out.read_text("utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={(SCHEMAS / 'van_ban.schema.json').as_uri()}"


# ------------------------------------------------------------------ the seed examples


SEEDS = {  # number, trích yếu (with the seed's line break), section headings, closing sentence
    "van_ban": (
        "Số: 80/BC-SNV", "Tổng kết 10 năm thực hiện Chỉ thị 34-CT/TW\nngày 07 tháng 4 năm 2014 của Bộ Chính trị",
        ["I. KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ 10 NĂM TRIỂN KHAI THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG"],
        "Sở Nội vụ tỉnh Bắc Giang trân trọng báo cáo./."),
    "van_ban_kinh_gui": (
        "Số: " + "\u00a0" * 6 + "/BC-UBND",
        "Tổng kết thực hiện Phong trào thi đua\n“Sơn La chung sức xây dựng nông thôn mới” giai đoạn 2021-2025",
        ["I. ĐẶC ĐIỂM, TÌNH HÌNH CHUNG", "II. KẾT QUẢ THỰC HIỆN CÁC PHONG TRÀO THI ĐUA", "III. ĐÁNH GIÁ CHUNG",
         "IV. NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI", "V. KIẾN NGHỊ, ĐỀ XUẤT"],
        "Ủy ban nhân dân tỉnh Sơn La trân trọng báo cáo./."),
}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_examples_render_and_pass_check_with_no_finding(name: str, tmp_path: Path) -> None:
    out = tmp_path / f"{name}.docx"
    document = render(example_path(name), out)
    assert document.mismatches == []
    findings = [(f.rule.ma, f.severity) for f in check_document(out)]
    # seed 003's scan has no signer's name: a draft until it is written, and check says so
    assert findings == ([("ND30-TEN-GIA", "cảnh báo")] if name == "van_ban" else [])
    number, summary, sections, closing = SEEDS[name]
    assert Document(str(out)).tables[0].rows[1].cells[0].text == number
    paragraphs = _paragraphs(out)
    assert ("Trích yếu", summary) in paragraphs  # the seed's own line break kept
    assert [t for s, t in paragraphs if s == "Tiêu đề mục"] == sections
    assert paragraphs[[t for _, t in paragraphs].index(closing)][0] == "Nội dung"


def test_readme_example_renders_with_the_warning_it_shows(tmp_path: Path) -> None:
    """The README's tờ trình example (a new shape of document, no Python) renders as the README says."""
    readme = (ROOT / "README.md").read_text("utf-8")
    opening = "```yaml\n# yaml-language-server: $schema=van_ban.schema.json\nloai: van_ban\nten_loai: Tờ trình"
    start = readme.index(opening)
    data = tmp_path / "to-trinh.yaml"
    data.write_text(readme[start + len("```yaml\n"):readme.index("```", start + 8)], "utf-8")
    shown = readme[readme.index("$ tdkt render to-trinh.yaml -o to-trinh.docx\n"):].splitlines()[1]
    result = CliRunner().invoke(main, ["render", str(data), "-o", str(tmp_path / "to-trinh.docx")])
    assert result.exit_code == 0, result.output
    assert shown.replace("to-trinh.yaml", str(data)) in result.output
    paragraphs = _paragraphs(tmp_path / "to-trinh.docx")
    assert ("Tên loại", "TỜ TRÌNH") in paragraphs
    assert ("Kính gửi", "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Bắc Giang") in paragraphs
    assert check_document(tmp_path / "to-trinh.docx") == []


def test_a_level_without_a_numeral_for_its_heading_is_an_error(tmp_path: Path) -> None:
    points = "".join(f"              - {{tieu_de: Điểm {i}}}\n" for i in range(1, 25))
    text = REPORT.replace("""              - tieu_de: Điểm thứ nhất
                doan: Nội dung điểm a.
""", points)
    data = tmp_path / "diem.yaml"
    data.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["render", str(data), "-o", str(tmp_path / "diem.docx")])
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "Điểm 24}" in t)
    assert result.exit_code == 2
    assert f"diem.yaml, dòng {line}, trường 'noi_dung[2].noi_dung[1].noi_dung[1]" in result.output
    assert "không đánh số được đề mục thứ 24 ở cấp này" in result.output and "Traceback" not in result.output


def test_pdf_pages_follow_the_appendix_orientations(report: tuple[Any, Path]) -> None:
    """Through real LibreOffice: the body on portrait A4, the first appendix on landscape A4, the second portrait."""
    from tdkt_docgen.pdf import convert as pdf

    _, out = report
    [converted] = list(pdf.convert([out.read_bytes()]))
    assert converted.pdf is not None, converted.error
    sizes = []
    for _, page in pdf.pages(pdf.reader_of(converted.pdf)):
        x0, y0, x1, y1 = (float(v) for v in page["/MediaBox"])
        sizes.append("ngang" if x1 - x0 > y1 - y0 else "doc")
    assert sizes[0] == "doc" and sizes[-2:] == ["ngang", "doc"]


def test_a_type_outside_phu_luc_iii_takes_its_code_from_the_data(tmp_path: Path) -> None:
    text = REPORT.replace("ten_loai: Báo cáo\n", "ten_loai: Bản tin thi đua\nky_hieu_loai: BTTĐ\n")
    _, out = _render(tmp_path, text)
    assert Document(str(out)).tables[0].rows[1].cells[0].text == "Số: 80/BTTĐ-SNV"
    assert ("Tên loại", "BẢN TIN THI ĐUA") in _paragraphs(out)
    assert ("Kèm theo", "(Kèm theo Bản tin thi đua số 80/BTTĐ-SNV ngày 27/3/2024 của Sở Nội vụ)") in _paragraphs(out)


def test_schemas_speak_vietnamese_to_the_editor() -> None:
    """What VS Code shows while typing: Vietnamese descriptions only, no titles made up from field names."""
    import re

    from tdkt_docgen import kinds, schema

    def texts(node: object, key: str) -> list[str]:
        if isinstance(node, dict):
            own = [v for k, v in node.items() if k == key and isinstance(v, str)]
            return own + [t for v in node.values() for t in texts(v, key)]
        return [t for v in node for t in texts(v, key)] if isinstance(node, list) else []

    for kind in kinds.KINDS:
        found = schema.schema(kind)
        descriptions = texts(found, "description")
        assert descriptions and all(re.search("[ạ-ỹà-ýđ]", d.lower()) for d in descriptions), kind
        field_titles = [t for props in texts_of_properties(found) for t in props]
        assert field_titles == [], (kind, field_titles[:3])


def texts_of_properties(node: object) -> list[list[str]]:
    """The titles given to fields (the values of each "properties" object)."""
    found: list[list[str]] = []
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            found.append([v["title"] for v in node["properties"].values() if isinstance(v, dict) and "title" in v])
        for value in node.values():
            found += texts_of_properties(value)
    elif isinstance(node, list):
        for value in node:
            found += texts_of_properties(value)
    return found
