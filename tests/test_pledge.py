"""The pledge agreement (giao ước thi đua): grid, copies, images, registration forms, căn cứ by date."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Mm
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from tdkt_docgen import nd30
from tdkt_docgen.cli import main

from .conftest import PLEDGE, ROOT, all_text, header_columns

IMAGES = ROOT / "fixtures" / "anh-ky"
ORDER = ["Lào Cai", "Điện Biên", "Sơn La", "Lai Châu", "Hà Giang", "Cao Bằng", "Lạng Sơn"]  # Trưởng, Phó, rest
MORE = ["Tuyên Quang", "Yên Bái", "Phú Thọ", "Hòa Bình", "Thái Nguyên"]
JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xc0\x00\x11\x08\x00\x14"
        b"\x00\x1e\x03\x01\x11\x00\x02\x11\x00\x03\x11\x00\xff\xd9")  # a 30 x 20 JPEG header
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def fixture_data() -> dict[str, Any]:
    return yaml.safe_load(PLEDGE.read_text("utf-8"))  # type: ignore[no-any-return]


def write(tmp_path: Path, data: dict[str, Any], name: str = "giao-uoc.yaml") -> Path:
    """The data file, with the example's signature and seal images beside it (a data file's images must lie
    in its folder)."""
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    images = tmp_path / "anh-ky"
    if not images.exists():
        shutil.copytree(ROOT / "fixtures" / "anh-ky", images)
    return path


def with_members(count: int, signed: bool = True) -> dict[str, Any]:
    """The fixture with ``count`` members (the 7, then more provinces), with their images (``signed``)."""
    data = fixture_data()
    members = data["thanh_vien"]
    while len(members) < count:
        extra = dict(members[len(members) % 7], ten=MORE[len(members) - 7])
        extra.pop("co_quan", None)
        members.append(extra)
    data["thanh_vien"] = members[:count]
    names = [m["ten"] for m in data["thanh_vien"]]
    data["truong_cum"] = names[0]
    data["pho_truong_cum"] = names[1]
    for member in data["thanh_vien"]:
        for key in ("chu_ky", "con_dau"):
            if key in member and not signed:
                del member[key]
    return data


def render(tmp_path: Path, data: dict[str, Any], *args: str) -> Path:
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["render", str(write(tmp_path, data)), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return out


def grid_of(doc):  # type: ignore[no-untyped-def]
    """The signature grid: the table of the rooms to sign, laid on two half-columns a cell."""
    return next(t for t in doc.tables if any(p.style.name == "Chỗ ký" for c in t._cells for p in c.paragraphs))


def columns_of(table) -> int:  # type: ignore[no-untyped-def]
    return len(table._tbl.tblGrid.findall(qn("w:gridCol"))) // 2


def province_of(cell: _Cell) -> str:
    return next(line for line in lines_of(cell) if line.startswith("TỈNH "))


def cells_of(table) -> list[list[_Cell]]:  # type: ignore[no-untyped-def]
    """The real (merged) cells of each row, in order, empty spacer cells included."""
    return [[_Cell(tc, table) for tc in row._tr.tc_lst] for row in table.rows]


def member_cells(table) -> list[_Cell]:  # type: ignore[no-untyped-def]
    return [c for row in cells_of(table) for c in row if c._tc.grid_span == 2]


def lines_of(cell: _Cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.style.name == "Chức vụ người ký" and p.text]


def name_of(cell: _Cell) -> str:
    return cell.paragraphs[-1].text


# ------------------------------------------------------------------ the document


def test_pledge_title_căn_cứ_and_sections(rendered: dict[str, Path]) -> None:
    doc = Document(str(rendered["giao_uoc"]))
    left, _ = header_columns(doc)
    assert [p.text for p in left][:2] == ["HỘI ĐỒNG TĐKT\nTRUNG ƯƠNG",
                                          "CỤM THI ĐUA\n7 TỈNH MIỀN NÚI\nBIÊN GIỚI PHÍA BẮC"]
    assert "Số: 01/GƯTĐ-CTĐ" in [p.text for p in left]
    texts = [p.text for p in doc.paragraphs]
    assert "GIAO ƯỚC THI ĐUA NĂM 2024" in texts
    assert "Giữa các tỉnh thành viên Cụm thi đua 7 tỉnh Miền núi Biên giới phía Bắc" in texts
    can_cu = [p for p in doc.paragraphs if p.style.name == "Căn cứ"]
    assert [p.text[:40] for p in can_cu] == [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15", "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 3",
        "Căn cứ Thông tư số 01/2024/TT-BNV ngày 2", "Căn cứ Quy chế hoạt động của Cụm thi đua",
        "Căn cứ Kết quả Hội nghị tổng kết công tá"]
    assert all(p.text.endswith(";") for p in can_cu[:-1]) and can_cu[-1].text.endswith("2024.")
    assert doc.styles["Căn cứ"].font.italic
    headings = [p.text for p in doc.paragraphs if p.style.name == "Tiêu đề mục"]
    assert headings == ["I. MỤC ĐÍCH, YÊU CẦU", "II. CHỈ TIÊU VÀ NỘI DUNG THI ĐUA", "III. TỔ CHỨC THỰC HIỆN"]
    assert "a) Thi đua thực hiện thắng lợi Nghị quyết" in all_text(doc)
    assert "d) Phát hiện, bồi dưỡng" in all_text(doc)


def test_targets_table(rendered: dict[str, Path]) -> None:
    doc = Document(str(rendered["giao_uoc"]))
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in table.rows[0].cells] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Mức phấn đấu"]
    assert len(table.rows) == 1 + len(fixture_data()["chi_tieu"])
    assert [c.text for c in table.rows[3].cells][1:] == [
        "Tỷ lệ khen thưởng người lao động trực tiếp trên tổng số cá nhân được khen thưởng cấp tỉnh", "%", "40"]
    assert table.rows[5].cells[3].text == "Hoàn thành tốt nhiệm vụ trở lên"


def test_copies_follow_the_member_count(rendered: dict[str, Path], tmp_path: Path) -> None:
    text = all_text(Document(str(rendered["giao_uoc"])))
    assert ("được lập thành 08 bản có giá trị như nhau, mỗi tỉnh giữ 01 bản, 01 bản gửi Ban Thi đua - "
            "Khen thưởng Trung ương./.") in text
    data = with_members(12, signed=False)
    data["ban_gui_them"] = ["Ban Thi đua - Khen thưởng Trung ương", "Bộ Nội vụ"]
    text = all_text(Document(str(render(tmp_path, data))))
    assert ("lập thành 14 bản có giá trị như nhau, mỗi tỉnh giữ 01 bản, 01 bản gửi Ban Thi đua - Khen thưởng "
            "Trung ương, 01 bản gửi Bộ Nội vụ./.") in text


# ------------------------------------------------------------------ the signature grid


def test_grid_one_cell_per_member_trưởng_cụm_first(rendered: dict[str, Path]) -> None:
    cells = member_cells(grid_of(Document(str(rendered["giao_uoc"]))))
    assert len(cells) == 7
    assert [province_of(c) for c in cells] == [f"TỈNH {n.upper()}" for n in ORDER]
    assert lines_of(cells[0]) == ["TM. ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "CHỦ TỊCH"]  # three cells a row, 13 pt
    assert lines_of(cells[2]) == ["TM. ỦY BAN NHÂN DÂN", "TỈNH SƠN LA", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert [name_of(c) for c in cells] == ["Nguyễn Văn Dũng", "Lò Văn Bình", "Lường Văn An", "Tống Thanh Hà",
                                           "Hoàng Văn Giang", "Nông Thị Hạnh", "Vi Văn Khánh"]
    for cell in cells:
        assert cell.paragraphs[-1].style.name == "Họ tên người ký"
        assert cell.paragraphs[-1].style.font.bold
        room = next(p for p in cell.paragraphs if p.style.name == "Chỗ ký")
        assert abs(room.style.paragraph_format.line_spacing - Cm(nd30.SIGNATURE_SPACE_CM)) < Cm(0.01)


@pytest.mark.parametrize("count", [2, 3, 5, 7, 12])
def test_grid_layout_for_any_member_count(tmp_path: Path, count: int) -> None:
    doc = Document(str(render(tmp_path, with_members(count, signed=False))))
    table = grid_of(doc)
    columns = columns_of(table)
    rows = cells_of(table)
    assert len(rows) == math.ceil(count / columns)
    assert len(member_cells(table)) == count
    for r, row in enumerate(rows):
        spans = [c._tc.grid_span for c in row]
        cells = spans.count(2)
        assert cells == (columns if r < len(rows) - 1 else count - columns * (len(rows) - 1))
        first = spans.index(2)
        assert sum(spans[:first]) == sum(spans[first + cells:])  # a shorter last row sits centred
        tr_pr = table.rows[r]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None  # never split across pages
        members = [c for c in row if c._tc.grid_span == 2]
        last = r == len(rows) - 1
        for cell in members:  # every line keeps with the next, the grid's last names excepted: it stays whole
            keeps = [bool(p.paragraph_format.keep_with_next) for p in cell.paragraphs]
            assert keeps == [True] * (len(keeps) - 1) + [not last]
        name_rows = {[p.style.name for p in c.paragraphs].index("Họ tên người ký") for c in members}
        assert len(name_rows) == 1  # names level across the row
    widths = {round(c.width.cm, 2) for c in member_cells(table)}
    assert widths == {round(nd30.TEXT_WIDTH_CM / columns, 2)}


def test_unsigned_pledge_has_no_images(rendered: dict[str, Path]) -> None:
    doc = Document(str(rendered["giao_uoc"]))
    assert not doc.element.body.findall(f".//{WP}anchor")
    assert not [r for r in doc.part.rels.values() if r.reltype.endswith("/image")]


# ------------------------------------------------------------------ the signed version


def anchors(cell: _Cell) -> dict[str, Any]:
    return {a.find(f"{WP}docPr").get("name").split(" - ")[0]: a for a in cell._tc.iter(f"{WP}anchor")}


def offset(anchor: Any, axis: str) -> int:
    return int(anchor.find(f"{WP}position{axis}/{WP}posOffset").text)


def size(anchor: Any) -> tuple[int, int]:
    extent = anchor.find(f"{WP}extent")
    return int(extent.get("cx")), int(extent.get("cy"))


def test_signed_images_in_each_members_cell(rendered: dict[str, Path]) -> None:
    cells = member_cells(grid_of(Document(str(rendered["giao_uoc_da_ky"]))))
    by_member = {province_of(c): anchors(c) for c in cells}
    assert by_member["TỈNH HÀ GIANG"] == {}  # no images given: the room to sign stays blank
    signed = {k: v for k, v in by_member.items() if k != "TỈNH HÀ GIANG"}
    assert len(signed) == 6 and all(set(a) == {"Chữ ký", "Con dấu"} for a in signed.values())
    for cell in cells:
        for anchor in anchors(cell).values():  # inside the member's cell, in the room to sign
            paragraph = Paragraph(next(anchor.iterancestors(qn("w:p"))), cell)
            assert paragraph.style.name == "Chỗ ký"
            assert anchor.get("layoutInCell") == "1" and anchor.get("behindDoc") == "0"


def test_signed_image_sizes_and_positions(rendered: dict[str, Path]) -> None:
    grid = grid_of(Document(str(rendered["giao_uoc_da_ky"])))
    cells = member_cells(grid)
    cell_emu = Cm(nd30.grid_cell_cm(columns_of(grid)))
    room = Cm(nd30.SIGNATURE_SPACE_CM)
    for cell in cells:
        found = anchors(cell)
        if not found:
            continue
        signature, seal = found["Chữ ký"], found["Con dấu"]
        width, height = size(signature)
        assert width <= Cm(5.0) + 1 and height <= Cm(2.4) + 1 and abs(width / height - 600 / 240) < 0.01
        seal_width, seal_height = size(seal)
        expected = Mm(38) if province_of(cell) == "TỈNH LÀO CAI" else Mm(36)  # real size, from the data
        assert abs(seal_width - expected) < 10 and seal_width == seal_height
        x = offset(signature, "H")
        # centred in the cell, unless the seal would then stick out of it on the left
        assert abs(x - max((cell_emu - width) / 2, seal_width - width / 3)) < 10
        assert abs(offset(signature, "V") + height / 2 - room / 2) < 10  # centred in the room to sign
        seal_x = offset(seal, "H")
        assert 0 <= seal_x < x  # the seal comes before the signature, on its left, inside the cell
        assert x + width <= cell_emu + 10  # and the signature ends inside the cell too
        assert abs(seal_x + seal_width - (x + width / 3)) < 10  # covering its left third
        assert int(seal.get("relativeHeight")) > int(signature.get("relativeHeight"))  # on top of it


def test_missing_or_bad_image_is_an_error(tmp_path: Path) -> None:
    data = with_members(7)
    members = {m["ten"]: m for m in data["thanh_vien"]}
    members["Sơn La"]["chu_ky"] = "anh/khong-co.png"
    (tmp_path / "khong-phai-anh.png").write_text("không phải ảnh", "utf-8")
    members["Lai Châu"]["con_dau"] = "khong-phai-anh.png"
    (tmp_path / "anh.jpg").write_bytes(JPEG)
    members["Hà Giang"]["chu_ky"] = "anh.jpg"
    path, out = write(tmp_path, data), tmp_path / "ky.docx"
    result = CliRunner().invoke(main, ["render", str(path), "--signed", "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    lines = result.output.splitlines()
    assert len(lines) == 3 and "Traceback" not in result.output
    assert "trường 'thanh_vien[1].chu_ky': ảnh chữ ký của thành viên 'Sơn La' (anh/khong-co.png): " \
           "không tìm thấy tệp ảnh. Sửa đường dẫn" in lines[0]
    assert "trường 'thanh_vien[3].con_dau': ảnh con dấu của thành viên 'Lai Châu' (khong-phai-anh.png): " \
           "tệp không phải là ảnh đọc được." in lines[1]
    assert "'Hà Giang' (anh.jpg): ảnh phải ở định dạng PNG nền trong suốt" in lines[2]
    assert all(line.startswith(f"Lỗi: {path}, dòng ") for line in lines)
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(out)])  # unsigned: images not needed
    assert result.exit_code == 0, result.output


# ------------------------------------------------------------------ per-member registration forms


def test_one_registration_form_per_member(tmp_path: Path) -> None:
    folder = tmp_path / "dang-ky"
    result = CliRunner().invoke(main, ["render", str(PLEDGE), "--per-member", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    data = fixture_data()
    expected = {"son-la", "dien-bien", "lai-chau", "lao-cai", "ha-giang", "cao-bang", "lang-son"}
    assert {p.name for p in folder.iterdir()} == {f"dang-ky-{s}.docx" for s in expected}
    for member in data["thanh_vien"]:
        slug = {"Sơn La": "son-la", "Điện Biên": "dien-bien", "Lai Châu": "lai-chau", "Lào Cai": "lao-cai",
                "Hà Giang": "ha-giang", "Cao Bằng": "cao-bang", "Lạng Sơn": "lang-son"}[member["ten"]]
        doc = Document(str(folder / f"dang-ky-{slug}.docx"))
        left, right = header_columns(doc)
        assert [p.text for p in left if p.style.name == "Cơ quan ban hành"] == \
               [f"ỦY BAN NHÂN DÂN\nTỈNH {member['ten'].upper()}"]
        assert f"{member['ten']}, ngày 05 tháng 3 năm 2024" in [p.text for p in right]
        assert "BẢNG ĐĂNG KÝ GIAO ƯỚC THI ĐUA NĂM 2024" in [p.text for p in doc.paragraphs]
        assert "Kính gửi: Trưởng Cụm thi đua 7 tỉnh Miền núi Biên giới phía Bắc" in [p.text for p in doc.paragraphs]
        table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
        rows = [[c.text for c in row.cells][1:3] for row in table.rows[1:]]
        assert rows == [[t["noi_dung"], t["don_vi_tinh"]] for t in member["dang_ky"]["chi_tieu"]]
        others = [m["ten"] for m in data["thanh_vien"] if m["ten"] != member["ten"]]
        assert not any(f"tỉnh {o}" in all_text(doc) for o in others)  # names only its member
        signer = doc.tables[-1].rows[0].cells[1]
        assert signer.paragraphs[-1].text == member["nguoi_ky"]["ho_ten"]
        assert f"TỈNH {member['ten'].upper()}" in [p.text for p in signer.paragraphs]
    lao_cai = Document(str(folder / "dang-ky-lao-cai.docx"))
    table = next(t for t in lao_cai.tables if t.rows[0].cells[0].text == "STT")
    assert [c.text for c in table.rows[3].cells] == ["3", "Giải quyết việc làm", "Người", "16.500", ""]
    assert "- Bằng khen của Thủ tướng Chính phủ cho 02 tập thể." in [p.text for p in lao_cai.paragraphs]
    result = CliRunner().invoke(main, ["render", str(PLEDGE), "--per-member", "-o", str(folder)])
    assert result.exit_code == 2 and "tệp kết quả đã có" in result.output  # a re-run overwrites nothing


def test_registration_needs_every_members_targets(tmp_path: Path) -> None:
    data = fixture_data()
    del data["thanh_vien"][5]["dang_ky"]
    folder = tmp_path / "dang-ky"
    result = CliRunner().invoke(main, ["render", str(write(tmp_path, data)), "--per-member", "-o", str(folder)])
    assert result.exit_code == 2
    assert "thành viên 'Cao Bằng' chưa có bảng đăng ký ('dang_ky')." in result.output
    assert not folder.exists()  # nothing written, not even the members that had their targets


# ------------------------------------------------------------------ data rules


@pytest.mark.parametrize(("day", "cited", "not_cited"), [
    ("2024-03-05", ["98/2023/NĐ-CP", "01/2024/TT-BNV"], ["152/2025"]),
    ("2025-06-30", ["98/2023/NĐ-CP"], ["152/2025"]),
    ("2025-07-01", ["152/2025/NĐ-CP"], ["98/2023", "01/2024", "15/2025"]),
    ("2025-09-15", ["152/2025/NĐ-CP", "15/2025/TT-BNV"], ["98/2023", "01/2024"]),
])
def test_default_căn_cứ_follow_the_law_in_force(tmp_path: Path, day: str, cited: list[str],
                                                 not_cited: list[str]) -> None:
    data = with_members(7, signed=False)
    data["ngay"] = day
    data.pop("can_cu_bo_sung")
    if day >= "2025-07-01":  # Hà Giang joined Tuyên Quang on 01/7/2025
        next(m for m in data["thanh_vien"] if m["ten"] == "Hà Giang")["ten"] = "Tuyên Quang"
    doc = Document(str(render(tmp_path, data)))
    lines = [p.text for p in doc.paragraphs if p.style.name == "Căn cứ"]
    assert lines[0] == "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
    assert all(any(c in line for line in lines) for c in cited)
    assert not any(n in line for line in lines for n in not_cited)
    assert lines[-1].endswith(".")


def test_căn_cứ_from_data_replace_the_defaults(tmp_path: Path) -> None:
    data = with_members(3, signed=False)
    data["can_cu"] = ["Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022", "Thực hiện Kế hoạch số 47/KH-CTĐ"]
    data.pop("can_cu_bo_sung")
    doc = Document(str(render(tmp_path, data)))
    assert [p.text for p in doc.paragraphs if p.style.name == "Căn cứ"] == [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;", "Thực hiện Kế hoạch số 47/KH-CTĐ."]


def test_trưởng_cụm_must_be_a_member(tmp_path: Path) -> None:
    data = fixture_data()
    data["truong_cum"] = "Lao Cai"
    data["pho_truong_cum"] = "Lào Cai"
    result = CliRunner().invoke(main, ["render", str(write(tmp_path, data)), "-o", str(tmp_path / "a.docx")])
    assert result.exit_code == 2
    assert "trường 'truong_cum': 'Lao Cai' không có trong danh sách thành viên (thanh_vien). " \
           "Có phải là 'Lào Cai'?" in result.output


def test_seal_without_signature_is_rejected(tmp_path: Path) -> None:
    data = fixture_data()
    del data["thanh_vien"][0]["chu_ky"]
    result = CliRunner().invoke(main, ["render", str(write(tmp_path, data)), "-o", str(tmp_path / "a.docx")])
    assert result.exit_code == 2 and "thanh_vien[1]" in result.output and "con_dau" in result.output


def test_per_member_is_refused_for_kinds_without_one(tmp_path: Path) -> None:
    from .conftest import ACTIVITY_PLAN

    result = CliRunner().invoke(main, ["render", str(ACTIVITY_PLAN), "--per-member", "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert "loại văn bản 'ke_hoach_hoat_dong' không có bản riêng cho từng thành viên." in result.output
