"""Hostile and broken input (issue 17), each case as a user meets it: the command, its exit code, its
Vietnamese message, and the files on disk afterwards (nothing written, nothing left behind)."""

from __future__ import annotations

import os
import stat
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from tdkt_docgen.cli import main

from .conftest import FIXTURE, LETTER, PLEDGE, ROOT

LETTER_TEXT = LETTER.read_text("utf-8")
REPORT_TEXT = FIXTURE.read_text("utf-8")


def invoke(*args: str, env: dict[str, str | None] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), env=env)


def no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "Error:" not in result.output and "Usage:" not in result.output


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def render_text(tmp_path: Path, text: str, *extra: str, name: str = "du-lieu.yaml"):  # type: ignore[no-untyped-def]
    data = tmp_path / name
    data.write_text(text, encoding="utf-8")
    out = tmp_path / "ra" / "van-ban.docx"
    result = invoke("render", str(data), "-o", str(out), *extra)
    no_traceback(result)
    return result, out


# ------------------------------------------------------------------ item 4: realistic input, no traceback


@pytest.mark.parametrize("day", ["2023-02-31", "2023-13-01"])
def test_a_date_that_does_not_exist(tmp_path: Path, day: str) -> None:
    text = LETTER_TEXT.replace("ngay: 2023-12-20", f"ngay: {day}", 1)
    assert text != LETTER_TEXT
    result, out = render_text(tmp_path, text)
    assert result.exit_code == 2
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith(f"ngay: {day}"))
    assert f"du-lieu.yaml, dòng {line}, trường 'ngay': ngày '{day}' không có thật." in result.output
    assert not (tmp_path / "ra").exists()


@pytest.mark.parametrize("value,shown", [("1.0e+300", "số quá lớn (1.0E+300)"),
                                         ("10000000000000000000000000000000000000000", "số quá lớn (1000000000"),
                                         (".nan", "phải là một số có thật"), (".inf", "phải là một số có thật")])
def test_huge_and_non_finite_numbers(tmp_path: Path, value: str, shown: str) -> None:
    text = REPORT_TEXT.replace("    Sơn La: 58", f"    Sơn La: {value}", 1)
    assert text != REPORT_TEXT
    result, out = render_text(tmp_path, text)
    assert result.exit_code == 2 and "trường 'so_lieu.van_ban.Sơn La'" in result.output and shown in result.output
    assert not out.exists()


@pytest.mark.parametrize("text,expected", [
    ("loai: [cong_van]\n", "trường 'loai': không có loại văn bản"),
    ("? [cong_van]\n: x\nloai: cong_van\n", "dòng 1: tên trường phải là chữ, không phải một danh sách hoặc một bảng."),
    ("? !!python/object/apply:os.system [echo]\n: x\n",
     "dòng 1: thẻ YAML '!!python/object/apply:os.system' không được phép trong tệp dữ liệu."),
    ("loai: !!python/object/apply:os.system [echo]\n", "thẻ YAML '!!python/object/apply:os.system' không được phép"),
    ("2023: x\n", "dòng 1: tên trường phải là chữ, không phải '2023'."),
])
def test_keys_and_tags_that_are_not_plain_data(tmp_path: Path, text: str, expected: str) -> None:
    result, out = render_text(tmp_path, text)
    assert result.exit_code == 2 and expected in result.output, result.output
    assert not out.exists()


@pytest.mark.parametrize("command", ["render", "batch"])
def test_missing_data_file_with_per_member(tmp_path: Path, command: str) -> None:
    result = invoke(command, str(tmp_path / "khong-co.yaml"), "--per-member", "-o", str(tmp_path / "ra"))
    no_traceback(result)
    assert result.exit_code == 2 and "khong-co.yaml: không tìm thấy tệp dữ liệu." in result.output
    assert files_in(tmp_path) == []


def test_an_overlong_member_name_gives_a_shortened_unique_file_name(tmp_path: Path) -> None:
    import yaml

    from benchmarks.make_fixture import cluster  # the synthetic cluster: members with any names

    text = yaml.safe_dump(cluster(3, 1), allow_unicode=True, sort_keys=False)
    long = "Đơn vị có tên rất dài " * 16 + "số hai"
    data = tmp_path / "cum.yaml"
    data.write_text(text.replace("Đơn vị số 0002", long), "utf-8")
    out = tmp_path / "ra"
    result = invoke("batch", str(data), "--per-member", "-o", str(out))
    no_traceback(result)
    assert result.exit_code == 0, result.output
    names = files_in(out)
    assert len(names) == 3 and all(len(name) <= 105 for name in names)
    long_name = next(name for name in names if name.startswith("bao-cao-don-vi-co-ten-rat-dai-"))
    assert len(long_name) == 105 and long_name.endswith(".docx")  # cut, with a digest of the whole name


@pytest.mark.parametrize("pattern,expected", [
    ("{ten.foo}.docx", "không có trường '{ten.foo}'"),
    ("{stt.numerator.bit_length}.docx", "không có trường '{stt.numerator.bit_length}'"),
    ("{stt[0]}.docx", "không có trường '{stt[0]}'"),
    ("{ten!r}.docx", "không có trường '{ten!r}'"),
    ("{ten:d}.docx", "có định dạng không dùng được cho trường này"),
    ("{ten", "viết sai (dấu ngoặc nhọn chưa đóng hoặc thừa)"),
])
def test_name_patterns_allow_plain_fields_only(tmp_path: Path, pattern: str, expected: str) -> None:
    result = invoke("batch", str(LETTER), "--per-member", "-o", str(tmp_path / "ra"), "--name", pattern)
    no_traceback(result)
    assert result.exit_code == 2 and expected in result.output, result.output
    assert files_in(tmp_path) == []


@pytest.fixture(scope="module")
def letter_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ROOT / "templates" / "cong_van.docx"


@pytest.mark.parametrize("expression,expected", [
    ("{{ 1/0 }}", "một biểu thức trong mẫu chia cho 0."),
    ("{% for i in range(1000000) %}x{% endfor %}", "quá lớn (range() tối đa 100.000 lần"),
    ("{{ 'x' * 100000000000 }}", "quá lớn"),
    ("{{ ''.__class__.__init__ }}", "mẫu dùng thuộc tính '__init__' bị chặn để bảo vệ máy"),
    ("{{ so_van_ban | }}", "cần một tên (biến hoặc bộ lọc) nhưng gặp cuối thẻ }}"),
])
def test_template_expressions_that_fail(tmp_path: Path, letter_template: Path, expression: str,
                                        expected: str) -> None:
    doc = Document(str(letter_template))
    doc.add_paragraph(expression)
    template = tmp_path / "mau.docx"
    doc.save(str(template))
    out = tmp_path / "ra.docx"
    result = invoke("render", str(LETTER), "-t", str(template), "-o", str(out))
    no_traceback(result)
    assert result.exit_code == 2 and expected in result.output, result.output
    assert "Jinja:" not in result.output and not out.exists()


def _edited_docx(source: Path, target: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    import zipfile

    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in original.infolist():
            content = original.read(entry.filename)
            if entry.filename == "word/document.xml":
                content = edit(content.decode()).encode()
            out.writestr(entry.filename, content)
    return target


def test_check_a_docx_without_section_properties_or_with_absurd_values(rendered: dict[str, Path],
                                                                        tmp_path: Path) -> None:
    import re

    no_section = _edited_docx(rendered["cong_van"], tmp_path / "khong-sectpr.docx",
                              lambda xml: re.sub(r"<w:sectPr[ >].*?</w:sectPr>", "", xml, flags=re.S))
    absurd = _edited_docx(rendered["cong_van"], tmp_path / "lech.docx",
                          lambda xml: xml.replace("<w:pPr>", '<w:pPr><w:ind w:firstLine="1e9"/>', 1))
    result = invoke("check", str(no_section))
    no_traceback(result)
    assert result.exit_code == 2 and f"{no_section}: văn bản không có phần thiết lập trang" in result.output
    result = invoke("check", str(absurd))
    no_traceback(result)
    assert result.exit_code == 2 and 'giá trị định dạng w:ind/w:firstLine="1e9" không hợp lệ' in result.output


def test_zip_where_nothing_can_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "tep"
    blocker.write_text("x")
    for target, expected in [(Path("/proc/tdkt-thu.zip"), "không tạo được tệp nén ở đây"),
                             (blocker / "ra.zip", "'" + str(blocker) + "' là một tệp, không phải thư mục")]:
        result = invoke("batch", str(LETTER), "--per-member", "--zip", str(target))
        no_traceback(result)
        assert result.exit_code == 2 and expected in result.output, result.output
    assert files_in(tmp_path) == ["tep"]


def _png(width: int, height: int, pixels: bytes | None = None) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    body = pixels if pixels is not None else zlib.compress(b"".join(b"\0" + b"\0" * 4 * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def test_render_signed_refuses_a_corrupt_or_bomb_png(tmp_path: Path) -> None:
    images = tmp_path / "anh-ky"
    images.mkdir()
    for source in (ROOT / "fixtures" / "anh-ky").iterdir():
        (images / source.name).write_bytes(source.read_bytes())
    data = tmp_path / "giao-uoc.yaml"
    data.write_text(PLEDGE.read_text("utf-8"), "utf-8")
    for content, expected in [(_png(40000, 40000, zlib.compress(b"\0" * 1000)), "ảnh quá lớn (40000 × 40000"),
                              (_png(200, 100, b"hong" * 50), "tệp ảnh PNG bị hỏng")]:
        (images / "con-dau-mau.png").write_bytes(content)
        out = tmp_path / "da-ky.docx"
        result = invoke("render", str(data), "--signed", "-o", str(out))
        no_traceback(result)
        assert result.exit_code == 2 and "con-dau-mau.png" in result.output and expected in result.output, \
            result.output
        assert not out.exists()


def test_init_with_a_dangling_images_link_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "anh-ky").symlink_to(tmp_path / "khong-con")
    data = tmp_path / "giao-uoc.yaml"
    result = invoke("init", "giao_uoc", "-o", str(data))
    no_traceback(result)
    assert result.exit_code == 2 and "anh-ky: đây là một liên kết (symlink) tới nơi không còn tồn tại" in result.output
    assert files_in(tmp_path) == ["anh-ky"] and not data.exists()


def test_a_formula_cell_without_a_saved_value_and_a_huge_cell(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    source = ROOT / "fixtures" / "so-lieu-2023" / "son-la.xlsx"
    book = load_workbook(source)
    cells = [(sheet.title, cell.coordinate) for sheet in book.worksheets[1:] for row in sheet.iter_rows()
             for cell in row if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
             and cell.protection.locked is False]
    (formula_sheet, formula_cell), (big_sheet, big_cell) = cells[0], cells[1]
    book[formula_sheet][formula_cell] = "=1+1"  # openpyxl writes the formula without a computed value
    book[big_sheet][big_cell] = 1e308
    workbook = tmp_path / "son-la.xlsx"
    book.save(workbook)
    out = tmp_path / "cum-2023.yaml"
    result = invoke("merge", str(FIXTURE), str(workbook), "-o", str(out))
    no_traceback(result)
    assert result.exit_code == 2
    assert f"{formula_sheet}!{formula_cell}: ô có công thức =1+1 nhưng chưa có giá trị đã tính" in result.output
    assert "Mở tệp bằng Excel hoặc LibreOffice Calc, lưu lại" in result.output
    assert f"{big_sheet}!{big_cell}: số quá lớn" in result.output
    assert not out.exists()


def test_control_characters_are_dropped_with_a_warning_naming_the_field(tmp_path: Path) -> None:
    lines = LETTER_TEXT.splitlines()
    line = next(i for i, t in enumerate(lines, 1) if t.startswith("trich_yeu: "))
    lines[line - 1] = f'trich_yeu: "{lines[line - 1].split(": ", 1)[1]}\\x07\\x1b"'
    result, out = render_text(tmp_path, "\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert (f"Cảnh báo: {tmp_path / 'du-lieu.yaml'}, dòng {line}, trường 'trich_yeu': có ký tự điều khiển không in "
            "được (U+0007, U+001B), đã bỏ đi.") in result.output
    assert out.exists() and "\x07" not in "".join(p.text for p in Document(str(out)).paragraphs)


# ------------------------------------------------------------------ item 5, 6: limits and hangs


def test_a_yaml_alias_bomb_and_deep_nesting_stop_with_a_message(tmp_path: Path) -> None:
    bomb = "loai: cong_van\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
    result, out = render_text(tmp_path, bomb)
    assert result.exit_code == 2 and "tệp dùng lại khối có tên (*tên, YAML anchor) quá 1000 lần" in result.output
    result, out = render_text(tmp_path, "a: " + "[" * 600 + "]" * 600 + "\n")
    assert result.exit_code == 2 and "dữ liệu lồng nhau quá 40 cấp" in result.output
    result, out = render_text(tmp_path, '{"a": ' + "[" * 600 + "]" * 600 + "}", name="du-lieu.json")
    assert result.exit_code == 2 and "dữ liệu lồng nhau quá 40 cấp" in result.output
    huge = tmp_path / "lon.yaml"
    with open(huge, "wb") as stream:
        stream.truncate(21 * 1024 * 1024)
    result = invoke("render", str(huge), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 2 and "tệp dữ liệu quá lớn (21.0 MB; tối đa 20 MB)" in result.output


def test_merge_keys_are_read(tmp_path: Path) -> None:
    text = LETTER_TEXT.replace("nguoi_ky:\n", "nguoi_ky:\n  <<: [&chung {chuc_vu: Phó Trưởng cụm, ho_ten: Ai Đó}]\n", 1)
    text = text.replace("  chuc_vu: Trưởng cụm\n", "", 1)  # from the merge key; ho_ten written beside it wins
    result, out = render_text(tmp_path, text)
    assert result.exit_code == 0, result.output
    body = "\n".join(p.text for t in Document(str(out)).tables for row in t.rows for c in row.cells
                     for p in c.paragraphs)
    assert "PHÓ TRƯỞNG CỤM" in body.upper() and "Hồ Tiến Thiệu" in body and "Ai Đó" not in body


def test_pdf_of_the_same_docx_twice_is_the_same_bytes(rendered: dict[str, Path], tmp_path: Path) -> None:
    first, second = tmp_path / "mot", tmp_path / "hai"
    for folder in (first, second):
        folder.mkdir()
        (folder / "cong-van.docx").write_bytes(rendered["cong_van"].read_bytes())
        result = invoke("pdf", str(folder / "cong-van.docx"))
        assert result.exit_code == 0, result.output
    content = (first / "cong-van.pdf").read_bytes()
    assert content == (second / "cong-van.pdf").read_bytes()
    assert b"/CreationDate(D:20000101000000" in content.replace(b" ", b"")


@pytest.mark.parametrize("command", [["render", "{}", "-o", "{out}/a.docx"], ["verify", "{}"], ["check", "{}"],
                                     ["lint", "{}"], ["pdf", "{}", "-o", "{out}"]])
def test_a_fifo_is_refused_at_once(tmp_path: Path, command: list[str]) -> None:
    fifo = tmp_path / ("ong.yaml" if command[0] == "render" else "ong.pdf" if command[0] == "verify" else "ong.docx")
    os.mkfifo(fifo)
    args = [part.replace("{out}", str(tmp_path / "ra")).replace("{}", str(fifo)) for part in command]
    result = invoke(*args)
    no_traceback(result)
    assert result.exit_code == 2 and "đây không phải là một tệp thường" in result.output, result.output
    assert files_in(tmp_path) == [fifo.name]


# ------------------------------------------------------------------ item 7: all or nothing


def test_batch_pdf_without_libreoffice_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "ra"
    result = invoke("batch", str(LETTER), "--per-member", "-o", str(out), "--pdf",
                    env={"TDKT_SOFFICE": str(tmp_path / "khong-co-soffice")})
    no_traceback(result)
    assert result.exit_code == 2 and "không chạy được TDKT_SOFFICE=" in result.output
    assert files_in(tmp_path) == []


# ------------------------------------------------------------------ item 8: click's and the OS's words


@pytest.mark.parametrize("args,expected", [
    (["render"], "Lỗi: thiếu tham số 'TỆP_DỮ_LIỆU'. Xem hướng dẫn: tdkt render --help"),
    (["render", "a.yaml", "--bogus"], "Lỗi: không có tùy chọn '--bogus'. Xem hướng dẫn: tdkt render --help"),
    (["render", "a.yaml", "--forse"], "không có tùy chọn '--forse'. Có phải là '--force'?"),
    (["rendr"], "Lỗi: không có lệnh 'rendr'. Có phải là 'render'? Xem hướng dẫn: tdkt --help"),
    (["batch", "a.yaml", "-o", "ra", "--jobs", "0"],
     "giá trị không hợp lệ cho '-j' / '--jobs': 0 nằm ngoài khoảng cho phép (từ 1 trở lên)."),
    (["batch", "a.yaml", "-o", "ra", "--jobs", "hai"], "'hai' không phải là số nguyên."),
    (["check", "a.docx", "--format", "xml"], "giá trị không hợp lệ cho '--format': 'xml' không phải là một trong: "
                                             "'text', 'json'."),
    (["sign", "a.pdf", "--cert", "c.p12", "--field", "x", "--seal-mm", "5"],
     "5.0 nằm ngoài khoảng cho phép (từ 10 đến 60)."),
    (["init", "bao_cao", "--xlsx", "--nam", "1999"], "1999 nằm ngoài khoảng cho phép (từ 2000 đến 2100)."),
    (["render", "a.yaml", "-o"], "Lỗi: tùy chọn '-o' cần một giá trị."),
    (["sign", "a.pdf", "--field", "x"], "Lỗi: thiếu tùy chọn '--cert'."),
])
def test_usage_errors_are_vietnamese(tmp_path: Path, args: list[str], expected: str) -> None:
    result = invoke(*args)
    no_traceback(result)
    assert result.exit_code == 2 and expected in result.output, result.output
    assert "Try" not in result.output and "Invalid" not in result.output


def test_os_errors_are_vietnamese(tmp_path: Path) -> None:
    folder = tmp_path / "thu-muc.yaml"
    folder.mkdir()
    result = invoke("render", str(folder), "-o", str(tmp_path / "a.docx"))
    assert result.exit_code == 2 and "đây là một thư mục, không phải tệp dữ liệu" in result.output
    unreadable = tmp_path / "khoa.yaml"
    unreadable.symlink_to(unreadable)  # a link to itself: the OS's "Too many levels of symbolic links"
    result = invoke("render", str(unreadable), "-o", str(tmp_path / "a.docx"))
    no_traceback(result)
    assert result.exit_code == 2 and "là một vòng liên kết (symlink)" in result.output
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"not a pdf")
    result = invoke("verify", str(pdf))
    assert result.exit_code == 2 and "tệp không phải là PDF đọc được (không bắt đầu bằng '%PDF-')" in result.output
    for english in ("No such file", "Is a directory", "Errno", "EOF marker", "Illegal PDF header"):
        assert english not in result.output


# ------------------------------------------------------------------ item 9: modes and links


def test_new_files_follow_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        out = tmp_path / "a.docx"
        assert invoke("render", str(LETTER), "-o", str(out)).exit_code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o640
        os.umask(0o022)
        assert invoke("render", str(LETTER), "-o", str(out), "--force").exit_code == 0
        assert stat.S_IMODE(out.stat().st_mode) == 0o640  # replaced in place: the file's own mode is kept
        folder = tmp_path / "ra"
        assert invoke("batch", str(LETTER), "--per-member", "-o", str(folder), "--zip",
                      str(tmp_path / "ra.zip")).exit_code == 0
        assert {stat.S_IMODE(p.stat().st_mode) for p in [*folder.iterdir(), tmp_path / "ra.zip"]} == {0o644}
    finally:
        os.umask(previous)


def test_nothing_temporary_is_left_after_a_failed_write(tmp_path: Path) -> None:
    out = tmp_path / "a.docx"
    out.write_bytes(b"cua toi")
    result = invoke("render", str(LETTER), "-o", str(out))
    assert result.exit_code == 2 and "tệp kết quả đã có" in result.output
    assert files_in(tmp_path) == ["a.docx"] and out.read_bytes() == b"cua toi"


def test_values_are_shown_as_written_never_as_python_reprs(tmp_path: Path) -> None:
    lines = LETTER_TEXT.splitlines()
    line = next(i for i, t in enumerate(lines, 1) if t.startswith("trich_yeu: "))
    lines[line - 1] = "trich_yeu: 2024-01-01 00:00:00"
    result, out = render_text(tmp_path, "\n".join(lines) + "\n")
    assert result.exit_code == 2
    assert f"dòng {line}, trường 'trich_yeu': phải là một đoạn văn bản. Giá trị hiện tại: 2024-01-01 00:00." \
        in result.output
    assert "datetime" not in result.output and not out.exists()


def test_help_is_vietnamese() -> None:
    result = invoke("render", "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Cách dùng: tdkt render [TÙY_CHỌN] TỆP_DỮ_LIỆU")
    assert "Tùy chọn:" in result.output and "Hiện hướng dẫn này rồi thoát." in result.output
    assert "Usage" not in result.output and "Options" not in result.output and "Show this" not in result.output
    group = invoke("--help")
    assert "Cách dùng: tdkt [TÙY_CHỌN] LỆNH [THAM_SỐ]..." in group.output and "Lệnh:" in group.output
    option = invoke("check", "a.docx", "--format")
    assert option.output == "Lỗi: tùy chọn '--format' cần một giá trị. Xem hướng dẫn: tdkt check --help\n"


def test_a_workbook_without_its_version_says_so_in_words(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from tdkt_docgen.data.workbook import GUIDE, VERSION_CELL

    book = load_workbook(ROOT / "fixtures" / "so-lieu-2023" / "son-la.xlsx")
    book[GUIDE][VERSION_CELL] = None
    workbook = tmp_path / "son-la.xlsx"
    book.save(workbook)
    result = invoke("merge", str(FIXTURE), str(workbook), "-o", str(tmp_path / "cum.yaml"))
    no_traceback(result)
    assert result.exit_code == 2 and "tệp theo mẫu không ghi phiên bản, chương trình đọc mẫu phiên bản" in result.output
    assert "None" not in result.output and not (tmp_path / "cum.yaml").exists()
