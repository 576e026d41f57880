"""`tdkt lint` and `tdkt vars`: template errors found all at once, placed where Word shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from tdkt_docgen.cli import main
from tdkt_docgen.docx.render import TEMPLATES

from .conftest import LETTER, find_paragraph, set_paragraph_text

GOOD = {"bao_cao_tong_ket.docx": "cum-7-tinh-mnbg-2023.yaml", "cong_van.docx": "cong-van-so-lieu-2023.yaml",
        "giao_uoc.docx": "giao-uoc-cum-7-tinh-2024.yaml", "ke_hoach_hoat_dong.docx": "ke-hoach-hoat-dong-2023.yaml",
        "ke_hoach_hoi_nghi.docx": "ke-hoach-hoi-nghi-2023.yaml"}




@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The letter template as a secretary might leave it after editing in Word: four mistakes."""
    doc = Document(str(TEMPLATES / "cong_van.docx"))
    set_paragraph_text(find_paragraph(doc, "{%p endfor %}"), "{%p endfo %}")
    set_paragraph_text(find_paragraph(doc, "{{ co_quan_ban_hanh }}"), "{{ co_quan_ban_hanh | so_chu }}")
    set_paragraph_text(find_paragraph(doc, "{%p if kinh_gui.mot %}"), "{%tr if kinh_gui.mot %}")
    set_paragraph_text(find_paragraph(doc, "{{ nguoi_ky.ho_ten }}"), "{{ nguoi_ky.ho_ten }} {{ ten_tinh }}")
    path = tmp_path / "mau-cua-toi.docx"
    doc.save(str(path))
    return path


@pytest.mark.parametrize("template", sorted(GOOD))
def test_shipped_templates_have_no_problem(template: str) -> None:
    data = Path(__file__).resolve().parents[1] / "fixtures" / GOOD[template]
    result = CliRunner().invoke(main, ["lint", str(TEMPLATES / template), "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(": 0 lỗi.")


def test_every_mistake_at_once_with_its_place(broken: Path) -> None:
    result = CliRunner().invoke(main, ["lint", str(broken), "--data", str(LETTER)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines == [
        f'Lỗi: {broken}, bảng 1, dòng 1, ô 1 ("{{{{ co_quan_ban_hanh | so_chu }}}}"): bộ lọc \'so_chu\' không có. '
        "Có phải là 'so_va_chu'? Các bộ lọc tiếng Việt: so, phan_tram, dem, chu, tien_chu, ngay, thu_tu, la_ma, "
        "diem, hoa, sap_xep; thể thức và danh sách: so_van_ban, ten_co_quan, chu_ky, noi_nhan, can_cu, so_va_chu, "
        "hoa_dau, tong, nhom, sap_xep_ten (xem README).",
        f'Lỗi: {broken}, đoạn 1 ("{{%tr if kinh_gui.mot %}}"): {{%tr chỉ dùng được trong một ô của bảng. '
        "Ngoài bảng, dùng {%p … %} cho cả đoạn văn.",
        f"Lỗi: {broken}, đoạn 6 (\"{{%p endfo %}}\"): thẻ '{{% endfo %}}' không có trong Jinja. "
        "Có phải là 'endfor'? Các thẻ dùng được: for/endfor, if/elif/else/endif, set, with/endwith.",
        f'Lỗi: {broken}, đoạn 4 ("{{%p for dong in kinh_gui.dong %}}"): {{% for %}} mở mà không đóng. '
        "Thêm {% endfor %} ở chỗ kết thúc (cùng loại {%p hay {%tr với thẻ mở).",
        f'Lỗi: {broken}, bảng 2, dòng 1, ô 2 ("{{{{ nguoi_ky.ho_ten }}}} {{{{ ten_tinh }}}}"): mẫu dùng biến '
        "'ten_tinh' mà dữ liệu của loại văn bản này không có. Có phải là 'ten_loai'? Sửa tên biến trong mẫu "
        "(xem tdkt vars), hoặc dùng mẫu đúng loại văn bản.",
        f"{broken}: 5 lỗi.",
    ]


def test_stray_and_crossed_block_tags(tmp_path: Path) -> None:
    doc = Document()
    for text in ("{%p endfor %}", "{%p if a %}", "{%p for x in b %}", "{%p endif %}", "{{ a + }}"):
        doc.add_paragraph(text)
    path = tmp_path / "mau.docx"
    doc.save(str(path))
    result = CliRunner().invoke(main, ["lint", str(path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f'Lỗi: {path}, đoạn 1 ("{{%p endfor %}}"): có {{% endfor %}} mà không có {{% for %}} nào mở trước. '
        "Xóa {% endfor %} thừa, hoặc thêm {% for … %} ở chỗ bắt đầu.",
        f'Lỗi: {path}, đoạn 4 ("{{%p endif %}}"): {{% endif %}} đóng nhầm: thẻ đang mở là {{% for %}} ở '
        f'đoạn 3 ("{{%p for x in b %}}"). Đóng {{% for %}} bằng {{% endfor %}} trước.',
        f'Lỗi: {path}, đoạn 5 ("{{{{ a + }}}}"): thẻ viết sai: {{{{ a + … '
        "(thẻ đã đóng khi biểu thức chưa viết xong). Kiểm tra dấu ngoặc, dấu nháy và tên biến trong thẻ.",
        f"{path}: 3 lỗi.",
    ]


def test_render_checks_the_template_first(broken: Path, tmp_path: Path) -> None:
    out = tmp_path / "ra.docx"
    result = CliRunner().invoke(main, ["render", str(LETTER), "-t", str(broken), "-o", str(out)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and not out.exists()
    assert result.output.count("Lỗi: ") == 5 and "đoạn 6 (\"{%p endfo %}\")" in result.output


def test_vars_nested_and_missing(tmp_path: Path) -> None:
    doc = Document()
    for text in ("{{ ten_loai }}", "{%p for tv in thanh_vien %}", "{{ tv.ten }} {{ tv.so_lieu.tong | so }}",
                 "{%p endfor %}", "{{ nguoi_ky.ho_ten }}"):
        doc.add_paragraph(text)
    path = tmp_path / "mau.docx"
    doc.save(str(path))
    result = CliRunner().invoke(main, ["vars", str(path), "--data", str(LETTER)])
    assert result.output.splitlines() == [
        'ten_loai    (đoạn 1 ("{{ ten_loai }}"))',
        'thanh_vien[].ten    (đoạn 3 ("{{ tv.ten }} {{ tv.so_lieu.tong | so }}"))  ← dữ liệu không có',
        'thanh_vien[].so_lieu.tong    (đoạn 3 ("{{ tv.ten }} {{ tv.so_lieu.tong | so }}"))  ← dữ liệu không có',
        'nguoi_ky.ho_ten    (đoạn 5 ("{{ nguoi_ky.ho_ten }}"))',
        "4 biến; 2 biến dữ liệu không có.",
    ]
    assert result.exit_code == 1


def test_kind_instead_of_a_data_file(broken: Path) -> None:
    """--kind checks against the kind's bundled example, as --data does against a user's file."""
    by_kind = CliRunner().invoke(main, ["lint", str(broken), "--kind", "cong_van"])
    by_data = CliRunner().invoke(main, ["lint", str(broken), "--data", str(LETTER)])
    assert by_kind.exit_code == 1 and by_kind.output == by_data.output
    report = CliRunner().invoke(main, ["vars", str(TEMPLATES / "bao_cao_tong_ket.docx"), "--kind", "cong_van"])
    assert report.exit_code == 1 and "phu_luc[].r" in report.output and "← dữ liệu không có" in report.output
    unknown = CliRunner().invoke(main, ["vars", str(broken), "--kind", "to_trinh"])
    assert unknown.exit_code == 2 and "không có loại văn bản 'to_trinh'" in unknown.output


def test_the_same_mistake_twice_is_reported_twice(tmp_path: Path) -> None:
    doc = Document()
    for text in ("{{ ten | so_chu }}", "Giữa hai chỗ sai", "{{ nam | so_chu }}"):
        doc.add_paragraph(text)
    path = tmp_path / "mau.docx"
    doc.save(str(path))
    result = CliRunner().invoke(main, ["lint", str(path)])
    lines = result.output.splitlines()
    assert lines[0].startswith(f'Lỗi: {path}, đoạn 1 ("{{{{ ten | so_chu }}}}"): bộ lọc \'so_chu\' không có.')
    assert lines[1].startswith(f'Lỗi: {path}, đoạn 3 ("{{{{ nam | so_chu }}}}"): bộ lọc \'so_chu\' không có.')
    assert result.output.splitlines()[-1] == f"{path}: 2 lỗi."


EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "fixtures").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_shipped_template_reads_only_what_its_kind_gives(example: Path) -> None:
    """What lets ``render_docx`` skip the lint of a shipped template: for every example, whole and one
    document per member, the template has no problem and reads no variable the kind's context lacks."""
    from tdkt_docgen import load
    from tdkt_docgen.docx.template_lint import lint

    document = load(example)
    assert lint(document.template, document.context()) == []
    per_member = document.kind.PER_MEMBER
    if per_member is not None:
        whole = load(example, per_member=True)
        template = TEMPLATES / per_member.template
        for member in per_member.members(whole.model):
            assert lint(template, per_member.derive(whole.model, member, whole.options)) == [], member.ten
