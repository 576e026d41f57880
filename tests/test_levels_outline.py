"""Members of every level, the report's outline as data, optional figures, money units, award classes and
forms of every level, and a unit's own report (issue 15 items 3-6): each opened as a DOCX."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from docx import Document

from tdkt_docgen import naming, render
from tdkt_docgen.check.conformance import check_document
from tdkt_docgen.cli import main
from tdkt_docgen.document.common import ThanhVien

from .conftest import FIXTURE, ROOT, all_text, header_columns

EXAMPLES = ROOT / "fixtures"
DISTRICTS = EXAMPLES / "cum-huyen-vung-thap-dien-bien-2022.yaml"
UNIT = EXAMPLES / "bao-cao-tinh-lai-chau-2022.yaml"


def _footnotes(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return re.sub(r"<[^>]+>", "", package.read("word/footnotes.xml").decode())


def _headings(doc: Any) -> list[str]:
    styles = ("Phần", "Tiêu đề phần", "Tiêu đề mục", "Tiêu đề khoản", "Tiêu đề điểm")
    return [p.text.replace("\n", " ") for p in doc.paragraphs if p.style.name in styles]  # broken titles as one


def _render_data(tmp_path: Path, data: dict[str, Any], name: str = "du-lieu.yaml") -> tuple[Any, Path, Path]:
    source = tmp_path / name
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    out = tmp_path / "out" / "van-ban.docx"
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(out)])
    return result, source, out


def _cluster() -> dict[str, Any]:
    return yaml.safe_load(FIXTURE.read_text("utf-8"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def districts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("huyen") / "cum-huyen.docx"
    render(DISTRICTS, out)
    return out


@pytest.fixture(scope="module")
def unit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("don-vi") / "lai-chau.docx"
    render(UNIT, out)
    return out


# ------------------------------------------------------------------ members named by their level


def test_a_district_cluster_names_its_members_as_districts(districts: Path) -> None:
    doc = Document(str(districts))
    text = all_text(doc)
    assert "Năm 2022, các huyện, thị xã, thành phố trong Cụm được khen thưởng cấp Nhà nước cho 16 tập thể và " \
           "15 cá nhân, trong đó:" in text
    assert "Các huyện, thị xã, thành phố trong Cụm được khen thưởng cấp tỉnh cho 330 tập thể và 306 cá nhân" in text
    assert "các tỉnh" not in text.lower() and "tỉnh Tuần Giáo" not in text
    notes = _footnotes(districts)
    assert ("Thành phố Điện Biên Phủ đạt 411.000 triệu đồng, đạt 144,72% kế hoạch; thị xã Mường Lay đạt 13.457 "
            "triệu đồng, đạt 192,24% kế hoạch; huyện Tuần Giáo đạt 55.600 triệu đồng") in notes
    assert [f for f in check_document(districts)] == []


def test_collective_words_follow_the_members() -> None:
    def members(*pairs: tuple[str, str]) -> list[ThanhVien]:
        return [ThanhVien(ten=ten, loai=loai) for ten, loai in pairs]

    assert naming.all_of(members(("Lạng Sơn", "tỉnh"), ("Cao Bằng", "tỉnh"))) == "các tỉnh"
    assert naming.all_of(members(("Hà Nội", "thành phố"), ("Bắc Ninh", "tỉnh"))) == "các tỉnh, thành phố"
    assert naming.all_of(members(("Điện Biên Phủ", "thành phố"), ("Tuần Giáo", "huyện"), ("Mường Lay", "thị xã"))) \
        == "các huyện, thị xã, thành phố"
    assert naming.all_of(members(("Lai Châu", "tỉnh"), ("Tuần Giáo", "huyện"))) == "các địa phương"
    assert naming.all_of(members(("Nội vụ", "sở"), ("Lai Châu", "tỉnh"))) == "các đơn vị"
    assert naming.governing_body(ThanhVien(ten="Nội vụ", loai="sở")) == "Sở Nội vụ"
    assert naming.governing_body(ThanhVien(ten="Điện Biên Phủ", loai="thành phố")) == \
        "Ủy ban nhân dân thành phố Điện Biên Phủ"


def _district_data() -> dict[str, Any]:
    return yaml.safe_load(DISTRICTS.read_text("utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("change,where,expected", [
    (lambda d: d["thanh_vien"][2].update(loai="huyen"), "loai: huyen",
     "không có loại thành viên 'huyen'; dùng một trong: tỉnh, thành phố, huyện, quận, thị xã"),
    (lambda d: d["thanh_vien"][2].update(ten="Tuần Giao"), "ten: Tuần Giao",
     "'Tuần Giao' không phải tên đơn vị hành chính cấp huyện vào ngày 16/02/2023. Có phải là 'Tuần Giáo'?"),
    (lambda d: d["thanh_vien"][0].update(loai="huyện"), "ten: Điện Biên Phủ",
     "'Điện Biên Phủ' là thành phố, không phải huyện. Ghi 'loai: thành phố thuộc tỉnh' cho thành viên này."),
    (lambda d: d.update(ngay="2025-08-01", nam=2025), "ten: Điện Biên Phủ",
     "từ 01/7/2025 không còn đơn vị hành chính cấp huyện (thành phố Điện Biên Phủ); thành phố Điện Biên Phủ "
     "(tỉnh Điện Biên). Văn bản ngày 01/8/2025 ghi đơn vị đang có: Ủy ban nhân dân tỉnh Điện Biên"),
    (lambda d: d["muc"][1].update(ma="phuong_huongg"), "ma: phuong_huongg",
     "không có mục có sẵn mã 'phuong_huongg'. Có phải là 'phuong_huong'?"),
    (lambda d: d["so_lieu"]["khen_thuong_cum"].update(huan_chuong_lao_dong={"tap_the": 1}), "huan_chuong_lao_dong:",
     "“Huân chương Lao động hạng Nhất” đã được tính trong “Huân chương Lao động các hạng”: ghi một lần."),
    (lambda d: d["so_lieu"].update(khen_thuong={"Tuần Giáo": {"giay_khen": {"tap_the": 1}}}), "khen_thuong:",
     "chỉ ghi một trong hai: 'khen_thuong' (theo từng thành viên) hoặc 'khen_thuong_cum'"),
    (lambda d: d["noi_dung"].update(mo_dau="Thu ngân sách đạt [[thu_ngan]]."), "mo_dau:",
     "không có số liệu '[[thu_ngan]]' để đưa vào văn bản. Dùng một trong: [[van_ban]], [[thu_ngan_sach]]"),
    (lambda d: d["so_lieu"]["chi_tieu"]["Mường Lay"].pop("truong_dat_chuan"), "doan: |",
     "văn bản dùng '[[truong_dat_chuan]]' nhưng không phải thành viên nào cũng có số liệu này."),
])
def test_reference_and_outline_errors(tmp_path: Path, change: Any, where: str, expected: str) -> None:
    data = _district_data()
    change(data)
    result, source, out = _render_data(tmp_path, data)
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert re.search(rf"{source.name}, dòng \d+, trường '", result.output), result.output
    assert where.split(":")[0] in source.read_text("utf-8")
    assert "Traceback" not in result.output and not out.exists()


# ------------------------------------------------------------------ figures, money, awards


def test_absent_figures_are_left_out_and_money_keeps_its_unit(districts: Path) -> None:
    doc = Document(str(districts))
    text = all_text(doc)
    assert "Tổng thu ngân sách trên địa bàn toàn Cụm ước đạt: 625.194 triệu đồng" in text
    assert "tỷ đồng" not in text and "625,194" not in text
    for absent in ("GRDP", "0 văn bản", "bình quân giảm", "an toàn giao thông năm 2022", "Phụ lục"):
        assert absent not in text
    assert not re.search(r"(?<![\d,])0(,0+)?%", text)  # no "0%" printed as a fact
    assert "toàn Cụm có 212 trường đạt chuẩn quốc gia" in text
    assert "giải quyết việc làm cho 5.889 lao động" in text  # the seed's own footnote adds up to 5.889
    assert len(doc.sections) == 1  # no appendix asked for: no landscape page


def test_stated_total_that_does_not_add_up_is_reported() -> None:
    from tdkt_docgen import load

    found = {m.what: (m.stated, m.computed) for m in load(DISTRICTS).mismatches}
    assert found == {"Tổng số lao động được giải quyết việc làm": ("4.959", "5.889")}


def test_award_classes_kept_apart_and_base_level_forms(districts: Path) -> None:
    text = all_text(Document(str(districts)))
    lines = ["- Huân chương Lao động hạng Nhất: 01 tập thể và 01 cá nhân;",
             "- Huân chương Lao động hạng Nhì: 02 tập thể;",
             "- Huân chương Lao động hạng Ba: 03 tập thể và 01 cá nhân;",
             "- Huân chương Kháng chiến hạng Nhì: 03 cá nhân;"]
    positions = [text.index(line) for line in lines]
    assert positions == sorted(positions)
    assert "3. Khen thưởng cấp huyện, thị xã, thành phố" in text
    assert "Các huyện, thị xã, thành phố trong Cụm đã khen thưởng cho 973 tập thể và 10.443 cá nhân, trong đó:" in text
    for line in ("- Chiến sĩ thi đua cơ sở: 753 cá nhân;", "- Tập thể lao động tiên tiến: 263 tập thể;",
                 "- Lao động tiên tiến: 7.405 cá nhân;", "- Giấy khen: 710 tập thể và 2.285 cá nhân."):
        assert line in text
    assert "tỷ lệ khen thưởng tập thể nhỏ" not in text  # no direct workers given: no share printed


def test_money_in_million_in_the_appendix_and_a_given_zero_prints(tmp_path: Path) -> None:
    data = _cluster()
    data["so_lieu"]["don_vi_tien"] = "triệu đồng"
    data["so_lieu"]["chi_tieu"]["Lai Châu"]["xa_nong_thon_moi_kieu_mau"] = 0
    for figures in data["so_lieu"]["chi_tieu"].values():
        figures.pop("tang_truong_grdp")
    data["so_lieu"]["tong_da_bao_cao"].pop("thu_ngan_sach", None)
    result, _, out = _render_data(tmp_path, data)
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    text = all_text(doc)
    assert "đạt 29.088,38 triệu đồng" in text and "GRDP" not in text
    indicators = next(t for t in doc.tables if t.rows[0].cells[1].text == "Chỉ tiêu")
    rows = {r.cells[1].text: r.cells[2].text for r in indicators.rows}
    assert rows["Thu ngân sách trên địa bàn"] == "Triệu đồng"
    assert "Tốc độ tăng trưởng kinh tế (GRDP)" not in rows
    assert [r.cells[0].text for r in indicators.rows[1:4]] == ["1", "2", "3"]  # numbered without the gap
    folder = tmp_path / "tinh"
    batch = CliRunner().invoke(main, ["batch", str(tmp_path / "du-lieu.yaml"), "--per-member", "-o", str(folder)])
    assert batch.exit_code == 0, batch.output
    lai_chau = all_text(Document(str(folder / "bao-cao-lai-chau.docx")))
    assert "trong đó 0 xã đạt chuẩn nông thôn mới kiểu mẫu." in lai_chau  # given on purpose
    assert "nâng cao" not in lai_chau  # not given
    assert "Thu ngân sách trên địa bàn đạt 2.086 triệu đồng" in lai_chau


# ------------------------------------------------------------------ the outline as data


def test_default_outline_with_sections_dropped_renumbers(tmp_path: Path) -> None:
    data = _cluster()
    data["bo_muc"] = ["van_hoa_cong_so", "kien_nghi", "cong_tac_khac"]
    result, _, out = _render_data(tmp_path, data)
    assert result.exit_code == 0, result.output
    headings = _headings(Document(str(out)))
    assert not any("văn hóa công sở" in h or "KIẾN NGHỊ" in h or "CÔNG TÁC KHÁC" in h for h in headings)
    assert "d) Phong trào thi đua “Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời giai đoạn " \
           "2023 - 2030”" in headings
    assert "IV. ĐÁNH GIÁ CHUNG" in headings


def test_own_outline_reorders_renames_and_adds_sections_with_tables(tmp_path: Path) -> None:
    data = _cluster()
    data["muc"] = [
        {"tieu_de": "Kết quả năm 2023", "noi_dung": [
            {"ma": "khen_thuong", "tieu_de": "Khen thưởng"},
            {"ma": "lanh_dao_chi_dao"},
            {"tieu_de": "Hoạt động của Cụm", "doan": "Cụm đã họp **02** phiên.",
             "bang": {"cot": [{"ten": "STT", "canh": "giua"}, {"ten": "Nội dung"},
                              {"ten": "Số tiền (triệu đồng)", "dinh_dang": "so"}],
                      "dong": [["1", "Hội nghị", 1234.5], ["2", "Tập huấn", None]], "tong": True},
             "noi_dung": [{"tieu_de": "Hội nghị"}, {"tieu_de": "Tập huấn", "so": "b/"}]},
        ]},
    ]
    result, _, out = _render_data(tmp_path, data)
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    headings = _headings(doc)
    assert headings[:3] == ["Phần thứ nhất", "KẾT QUẢ NĂM 2023", "I. KHEN THƯỞNG"]
    assert headings.index("1. Khen thưởng cấp Nhà nước") < headings.index("II. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO")
    assert headings[-3:] == ["III. HOẠT ĐỘNG CỦA CỤM", "1. Hội nghị", "b/ Tập huấn"]
    assert "Phần thứ hai" not in headings  # the rest of the default outline is gone
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT" and len(t.columns) == 3)
    assert [[c.text for c in r.cells] for r in table.rows][:3] == [["STT", "Nội dung", "Số tiền (triệu đồng)"],
                                                                   ["1", "Hội nghị", "1.234,5"], ["2", "Tập huấn", ""]]
    assert [c.text for c in table.rows[-1].cells][-1] == "1.234,5"  # the total row the table asked for
    text = all_text(doc)
    assert "Cụm đã họp 02 phiên." in text
    assert ("[Nội dung mục “Hội nghị” chưa có trong tệp dữ liệu (trường 'muc[1].noi_dung[3].noi_dung[1].doan'): "
            "đề nghị bổ sung.]") in text  # an empty new section, and the field that fills it


# ------------------------------------------------------------------ a unit's own report


def test_unit_report_parts(unit: Path) -> None:
    doc = Document(str(unit))
    left, right = header_columns(doc)
    assert [p.text for p in left][:1] == ["ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU"]
    assert "DỰ THẢO" not in [p.text for p in right]
    headings = _headings(doc)
    for heading in ("3. Hoạt động của Hội đồng TĐKT các cấp", "4. Hoạt động của Khối, Cụm thi đua",
                    "4.1. Kết quả hoạt động Cụm thi đua 07 tỉnh", "1. Công tác kiểm tra, đôn đốc", "V. ĐÁNH GIÁ CHUNG",
                    "3. Nguyên nhân của hạn chế", "PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP NĂM 2023"):
        assert heading in headings
    text = all_text(doc)
    assert "- Toàn tỉnh có 39/106 xã đạt chuẩn nông thôn mới (đạt 36,79%)." in text
    assert ("- Tai nạn giao thông so với cùng kỳ: giảm cả 03 tiêu chí (giảm 16 vụ, giảm 10 người chết, giảm 24 người "
            "bị thương).") in text  # seed 002's own words, the sign saying tăng or giảm
    assert "- Toàn tỉnh có 94/106 xã đạt chuẩn quốc gia về y tế (đạt 88,68%)." in text  # given, so printed
    signature = next(t for t in doc.tables if t.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:")
    recipients, signer = signature.rows[0].cells
    items = [p.text for p in recipients.paragraphs[1:] if p.text]
    assert items[0] == "- Ban TĐKT Trung ương;" and items[-1] == "- Lưu: VT, TH3."
    assert [p.text for p in signer.paragraphs if p.text] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                                                           "Tổng Thanh Hải"]
    assert len(doc.sections) == 1 and check_document(unit) == []


def test_unit_report_from_minimal_data_asks_for_each_place(tmp_path: Path) -> None:
    data = {"loai": "bao_cao_don_vi", "co_quan": {"ten": "Ủy ban nhân dân huyện Tuần Giáo", "viet_tat": "UBND"},
            "dia_danh": "Tuần Giáo", "ngay": "2023-01-10", "du_thao": True, "nam": 2022,
            "don_vi": {"ten": "Tuần Giáo", "loai": "huyện"}, "noi_nhan": ["UBND tỉnh Điện Biên"],
            "nguoi_ky": {"thay_mat": "Ủy ban nhân dân", "chuc_vu": "Chủ tịch", "ho_ten": "Lê Xuân Cảnh"},
            "so_lieu": {"don_vi_tien": "triệu đồng", "chi_tieu": {"thu_ngan_sach": 55600},
                        "khen_thuong": {"giay_khen": {"tap_the": 5, "ca_nhan": 20, "lao_dong_truc_tiep": 10}}}}
    result, _, out = _render_data(tmp_path, data)
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    text = all_text(doc)
    assert "DỰ THẢO" in [p.text for p in header_columns(doc)[1]]
    for place, field in (("Hoạt động của Hội đồng Thi đua - Khen thưởng", "hoi_dong_tdkt"),
                         ("Công tác kiểm tra", "kiem_tra"), ("Những kết quả đạt được", "ket_qua_dat_duoc"),
                         ("Phương hướng, nhiệm vụ công tác thi đua, khen thưởng năm 2023", "phuong_huong")):
        assert f"[Nội dung mục “{place}” chưa có trong tệp dữ liệu (trường 'noi_dung.{field}'): đề nghị bổ sung.]" \
            in text
    assert "Hoạt động của Khối, Cụm thi đua" not in text  # optional, and no cluster
    assert "- Thu ngân sách trên địa bàn đạt 55.600 triệu đồng." in text
    assert "GRDP" not in text and "văn bản chỉ đạo" not in text
    assert "1. Khen thưởng cấp cơ sở: 05 tập thể và 20 cá nhân, trong đó:" in text  # levels without awards: none
    assert "0 tập thể, cá nhân" not in text
    assert "chiếm 40% tổng số tập thể, cá nhân được khen thưởng (chi tiết tại Phụ lục kèm theo)." in text
    assert "Trên đây là báo cáo tổng kết phong trào thi đua, công tác khen thưởng năm 2022 của Ủy ban nhân dân " \
           "huyện Tuần Giáo./." in text
    assert len(doc.sections) == 2  # the award table as its appendix


def test_init_offers_the_new_examples(tmp_path: Path) -> None:
    runner = CliRunner()
    for name, kind in (("bao_cao_cum_huyen", "bao_cao_tong_ket"), ("bao_cao_don_vi", "bao_cao_don_vi")):
        data = tmp_path / f"{name}.yaml"
        created = runner.invoke(main, ["init", name, "-o", str(data)])
        assert created.exit_code == 0, created.output
        assert f"loai: {kind}" in data.read_text("utf-8")
        out = tmp_path / f"{name}.docx"
        assert runner.invoke(main, ["render", str(data), "-o", str(out)]).exit_code == 0
        assert check_document(out) == []
