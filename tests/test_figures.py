"""Every figure true (issue 25): nothing printed from missing data, nothing given left out, one number rule,
and every printed number accounted for in the reconciliation sheet. Each test opens the produced DOCX (or sheet)."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from tdkt_docgen import load, render
from tdkt_docgen.cli import main
from tdkt_docgen.document import figures as fg
from tdkt_docgen.document import typed
from tdkt_docgen.document.reconcile import FORMULAS, read_back
from tdkt_docgen.examples import EXAMPLES, MORE_EXAMPLES, example_path
from tdkt_docgen.vn import format_count, format_number, format_percent

from .conftest import FIXTURE, ROOT, all_text

EVERY_EXAMPLE = [*EXAMPLES, *MORE_EXAMPLES]
DISTRICTS = ROOT / "fixtures" / "cum-huyen-vung-thap-dien-bien-2022.yaml"
UNIT = ROOT / "fixtures" / "bao-cao-tinh-lai-chau-2022.yaml"


def _write(tmp_path: Path, data: dict[str, Any], name: str = "du-lieu.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _cluster() -> dict[str, Any]:
    return yaml.safe_load(FIXTURE.read_text("utf-8"))  # type: ignore[no-any-return]


def _unit(**so_lieu: Any) -> dict[str, Any]:
    return {"loai": "bao_cao_don_vi", "co_quan": {"ten": "Ủy ban nhân dân tỉnh Lai Châu", "viet_tat": "UBND"},
            "dia_danh": "Lai Châu", "ngay": "2023-01-10", "nam": 2022, "don_vi": {"ten": "Lai Châu"},
            "noi_nhan": ["Ban TĐKT Trung ương"], "so_lieu": so_lieu,
            "nguoi_ky": {"thay_mat": "Ủy ban nhân dân", "chuc_vu": "Chủ tịch", "ho_ten": "Giàng Páo Mỷ"}}


# ------------------------------------------------------------------ the numbers of a DOCX, as a reader reads them


def docx_numbers(path: Path) -> Counter[str]:
    """Every figure of the body, its tables (row numbers aside) and footnotes; line breaks read as spaces."""
    found: Counter[str] = Counter()
    with zipfile.ZipFile(path) as package:
        parts = [etree.fromstring(package.read(name)) for name in ("word/document.xml", "word/footnotes.xml")
                 if name in package.namelist()]

    def text(element: Any) -> str:
        return "".join(" " if e.tag in (qn("w:br"), qn("w:tab")) else e.text or ""
                       for e in element.iter(qn("w:t"), qn("w:br"), qn("w:tab")))

    for part in parts:
        for paragraph in part.iter(qn("w:p")):
            cell = next(paragraph.iterancestors(qn("w:tc")), None)
            if cell is not None:
                row = cell.getparent()
                first = next(row.getparent().iterchildren(qn("w:tr")))
                heads = [text(c).strip() for c in first.iterchildren(qn("w:tc"))]
                column = list(row.iterchildren(qn("w:tc"))).index(cell)
                if column < len(heads) and heads[column] in ("STT", "TT"):
                    continue
            found.update(f.written.strip() for f in typed.figures_in(text(paragraph)))
    return found


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, list[dict[str, Any]], Any]]:
    """Every example rendered with its reconciliation sheet (and once without, to compare)."""
    folder = tmp_path_factory.mktemp("doi-chieu")
    found = {}
    for name in EVERY_EXAMPLE:
        out = folder / f"{name}.docx"
        document = render(example_path(name), out, doi_chieu=True)
        render(example_path(name), folder / f"{name}-thuong.docx")
        found[name] = (out, read_back(out.with_name(f"{name}.doi-chieu.xlsx").read_bytes()), document)
    return found


@pytest.mark.parametrize("name", EVERY_EXAMPLE)
def test_every_number_of_every_example_is_in_its_sheet(name: str, sheets: dict[str, Any]) -> None:
    out, rows, _ = sheets[name]
    printed = Counter(str(r["Số in trong văn bản"]) for r in rows)
    assert docx_numbers(out) - printed == Counter()  # every number the reader sees has its row
    assert printed - docx_numbers(out) == Counter()  # and the sheet lists nothing the document does not print
    assert all(r["Nguồn"] in ("dữ liệu", "tính", "nhập tay", "cố định") for r in rows)
    assert all(r["Trường dữ liệu"] and r["Tệp, dòng"] for r in rows if r["Nguồn"] == "dữ liệu")
    assert (out.read_bytes() == out.with_name(f"{name}-thuong.docx").read_bytes())  # the sheet changes nothing


FORMULA_OF = {text: name for name, text in FORMULAS.items()}


def _recomputed(row: dict[str, Any]) -> Decimal | None:
    inputs = [fg.Figure(None if v == "không có số liệu" else Decimal(str(v))) for v in (i[2] for i in row["inputs"])]
    return fg.recompute(fg.Figure(None, formula=FORMULA_OF[row["Cách tính"]], inputs=tuple(inputs)))


@pytest.mark.parametrize("name", EVERY_EXAMPLE)
def test_every_computed_number_recomputes_from_its_inputs(name: str, sheets: dict[str, Any]) -> None:
    _, rows, _ = sheets[name]
    computed = [r for r in rows if r["Nguồn"] == "tính"]
    for row in computed:
        assert row["inputs"], row
        assert _recomputed(row) == Decimal(str(row["Giá trị"])), row


def test_the_cluster_sheet_counts_and_provenance(sheets: dict[str, Any]) -> None:
    _, rows, _ = sheets["bao_cao_tong_ket"]
    kinds = Counter(r["Nguồn"] for r in rows)
    assert kinds["tính"] > 300 and kinds["dữ liệu"] > 100 and kinds["nhập tay"] > 0
    revenue = next(r for r in rows if r["Số in trong văn bản"] == "29.088,38")
    assert revenue["Cách tính"] == FORMULAS[fg.TOTAL] and len(revenue["inputs"]) == 7
    assert {i[3] for i in revenue["inputs"]} == {f"so_lieu.chi_tieu.{m}.thu_ngan_sach" for m in (
        "Sơn La", "Điện Biên", "Lai Châu", "Lào Cai", "Hà Giang", "Cao Bằng", "Lạng Sơn")}
    assert all("cum-7-tinh-mnbg-2023.yaml, dòng" in i[4] for i in revenue["inputs"])
    share = next(r for r in rows if r["Vị trí trong văn bản"].endswith("dòng “Huân chương Lao động các hạng”, cột "
                                                                      "“Toàn Cụm – Tỷ lệ (%)”"))
    assert share["Số in trong văn bản"] == "40" and share["Cách tính"] == FORMULAS[fg.SHARE]
    typed_one = next(r for r in rows if r["Nguồn"] == "nhập tay" and r["Số in trong văn bản"] == "190")
    assert typed_one["Trường dữ liệu"] == "noi_dung.phong_trao_chuyen_de.Điện Biên"


def test_doi_chieu_option_writes_the_sheet_beside_the_document(tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.docx"
    result = CliRunner().invoke(main, ["render", str(FIXTURE), "-o", str(out), "--doi-chieu"])
    assert result.exit_code == 0, result.output
    assert f"Đã tạo {tmp_path / 'bao-cao.doi-chieu.xlsx'}" in result.output
    again = CliRunner().invoke(main, ["render", str(FIXTURE), "-o", str(out), "--doi-chieu"])
    assert again.exit_code == 2 and "tệp kết quả đã có" in again.output


# ------------------------------------------------------------------ 1. missing is not zero


def test_direct_worker_share_is_over_the_forms_that_give_it(tmp_path: Path) -> None:
    """Issue 25: 89 direct workers of 8.234 awards printed "1,08%" because the 7.875 base-level awards give no
    such figure; over the forms that give it the share is 24,79%."""
    data = _unit(khen_thuong={"bang_khen_thu_tuong": {"tap_the": 9, "ca_nhan": 350, "lao_dong_truc_tiep": 89},
                              "giay_khen": {"tap_the": 1000, "ca_nhan": 6875}})
    out = tmp_path / "don-vi.docx"
    render(_write(tmp_path, data), out)
    doc = Document(str(out))
    text = all_text(doc)
    assert "1,08" not in text
    assert ("chiếm 24,79% (trong các hình thức có số liệu: 89/359 tập thể, cá nhân) tổng số tập thể, cá nhân được "
            "khen thưởng") in text
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in doc.tables[-1].rows}
    assert rows["Giấy khen"][5:7] == ["-", "-"]  # not given: "-", never 0 beside it
    assert rows["Tổng số"][5:7] == ["89*", "24,79*"]
    assert any(p.text.startswith("(*) Chỉ gồm các hình thức có số liệu") for p in doc.paragraphs)


def test_no_sentence_states_awards_the_data_never_gave(tmp_path: Path) -> None:
    """A cluster whose data has no award of the President: no "cho 0 tập thể, cá nhân" sentence."""
    data = _cluster()
    for forms in data["so_lieu"]["khen_thuong"].values():
        for code in ("huan_chuong_doc_lap", "huan_chuong_lao_dong", "huan_huy_chuong_khang_chien", "nha_giao",
                     "nghe_si", "nghe_nhan", "ba_me_viet_nam_anh_hung"):
            forms.pop(code, None)
    del data["so_lieu"]["tong_da_bao_cao"]
    out = tmp_path / "cum.docx"
    render(_write(tmp_path, data), out)
    text = all_text(Document(str(out)))
    assert "0 tập thể, cá nhân" not in text and "được Chủ tịch nước khen thưởng" not in text
    assert "Khen thưởng của Chủ tịch nước” chưa có trong tệp dữ liệu (trường 'so_lieu.khen_thuong')" in text


def test_a_stated_total_is_used_when_its_details_are_absent(tmp_path: Path) -> None:
    """The service's case: 3.912 "Huy hiệu" stated, no member's detail: the stated one is printed, a warning
    says the details are missing, and no "computed 0" mismatch."""
    data = _cluster()
    for forms in data["so_lieu"]["khen_thuong"].values():
        forms.pop("huy_hieu_tinh", None)
    out = tmp_path / "cum.docx"
    document = render(_write(tmp_path, data), out)
    text = all_text(Document(str(out)))
    assert "- Huy hiệu vì sự nghiệp phát triển tỉnh: 3.912 cá nhân" in text
    assert not [m for m in document.mismatches if "Huy hiệu" in m.what]
    warning = next(w for w in document.warnings if "Huy hiệu vì sự nghiệp phát triển tỉnh" in w)
    assert "khen_thuong_theo_hinh_thuc.huy_hieu_tinh" in warning and "không có số liệu chi tiết" in warning
    assert "văn bản dùng số đã ghi" in warning


def test_a_zero_given_on_purpose_prints(sheets: dict[str, Any]) -> None:
    out, _, _ = sheets["bao_cao_tong_ket"]
    with zipfile.ZipFile(out) as package:
        footnotes = package.read("word/footnotes.xml").decode()
    assert "tỉnh Điện Biên có 48/127 xã đạt chuẩn NTM (đạt 37,80%), 01 xã đạt NTM nâng cao, 0/10 huyện" in \
           re.sub(r"<[^>]+>", "", footnotes)


# ------------------------------------------------------------------ 2. nothing given is dropped


@pytest.mark.parametrize("name", EVERY_EXAMPLE)
def test_no_example_gives_a_field_its_document_drops(name: str) -> None:
    document = load(example_path(name))
    assert [w for w in document.warnings if "văn bản không dùng" in w] == []


def test_a_field_the_document_drops_is_said_with_its_line(tmp_path: Path) -> None:
    data = _unit(chi_tieu={"tang_truong_grdp": 9.0, "xa_dat_chuan_y_te": 94})
    data["bo_muc"] = ["kinh_te_xa_hoi"]
    path = _write(tmp_path, data)
    line = path.read_text("utf-8").splitlines().index("    xa_dat_chuan_y_te: 94") + 1
    result = CliRunner().invoke(main, ["render", str(path), "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 0, result.output
    assert (f"Cảnh báo: {path}, dòng {line}, trường 'so_lieu.chi_tieu.xa_dat_chuan_y_te': có trong dữ liệu nhưng văn "
            "bản không dùng.") in result.output
    assert "so_lieu.chi_tieu.tang_truong_grdp" in result.output


def test_the_unit_report_prints_every_figure_the_cluster_knows(tmp_path: Path) -> None:
    folder = tmp_path / "tinh"
    result = CliRunner().invoke(main, ["batch", str(FIXTURE), "--per-member", "-o", str(folder)])
    assert result.exit_code == 0, result.output
    lao_cai = all_text(Document(str(folder / "bao-cao-lao-cai.docx")))
    assert "- Toàn tỉnh có 152/152 xã đạt chuẩn quốc gia về y tế (đạt 100%)." in lao_cai
    assert ("- Toàn tỉnh có 02/09 huyện, thị xã, thành phố đạt chuẩn, hoàn thành nhiệm vụ xây dựng nông thôn mới "
            "(đạt 22,22%).") in lao_cai
    assert "(tăng 30 vụ, tăng 08 người chết, tăng 55 người bị thương)" in lao_cai
    ha_giang = all_text(Document(str(folder / "bao-cao-ha-giang.docx")))
    assert "(số vụ bằng cùng kỳ, tăng 03 người chết, giảm 02 người bị thương)" in ha_giang


# ------------------------------------------------------------------ 3. one number rule


def test_numbers_typed_in_free_text_follow_the_documents_rule(tmp_path: Path) -> None:
    out = tmp_path / "lai-chau.docx"
    render(UNIT, out)
    text = all_text(Document(str(out)))
    assert "lên 1.821 doanh nghiệp" in text and "1821" not in text
    assert "gần 6.000 tin, bài" in text and "6000" not in text
    assert "đạt 9,0%" not in text and text.count("(GRDP) năm 2022 đạt 9%") == 1  # as the indicator prints it
    districts = tmp_path / "huyen.docx"
    render(DISTRICTS, districts)
    with zipfile.ZipFile(districts) as package:
        footnotes = package.read("word/footnotes.xml").decode()
    plain = re.sub(r"<[^>]+>", "", footnotes)
    assert "98,06% so với kế hoạch" in plain and "98,06 %" not in plain


def test_a_number_that_cannot_be_read_is_warned_with_its_field(tmp_path: Path) -> None:
    data = _unit()
    data["noi_dung"] = {"kiem_tra": "Kiểm tra 9,186,35 ha rừng, đạt 7.5% kế hoạch."}
    document = load(_write(tmp_path, data))
    found = [w for w in document.warnings if "không đọc được số" in w]
    assert len(found) == 2 and all("trường 'noi_dung.kiem_tra'" in w for w in found)
    assert "'9,186,35'" in found[0] and "'7.5%'" in found[1]


def test_counts_of_members_follow_the_one_rule(tmp_path: Path) -> None:
    """ "5 địa phương" beside "02 địa phương": every count of members in running text has two digits."""
    data = yaml.safe_load(DISTRICTS.read_text("utf-8"))
    data["thanh_vien"][0]["loai"] = "thị xã"  # two kinds: "địa phương"
    data["thanh_vien"][1]["loai"] = "thành phố thuộc tỉnh"
    data["thanh_vien"][1]["ten"] = "Điện Biên Phủ"
    data["thanh_vien"][0]["ten"] = "Mường Lay"
    data["muc"] = [{"ma": "kinh_te_xa_hoi"}]
    for i, figures in enumerate(data["so_lieu"]["chi_tieu"].values()):
        figures["giai_quyet_viec_lam"] = 100 + i
    out = tmp_path / "cum.docx"
    render(_write(tmp_path, data), out)
    text = all_text(Document(str(out)))
    assert "05 địa phương trong Cụm đã giải quyết việc làm mới" in text
    assert "02 địa phương có số thu ngân sách cao nhất" in text
    assert " 5 địa phương" not in text


def test_a_columns_decimals_hold_for_every_cell(tmp_path: Path) -> None:
    data = yaml.safe_load(example_path("van_ban").read_text("utf-8"))
    data["noi_dung"] = [{"tieu_de": "Tỷ lệ", "bang": {
        "cot": [{"ten": "Đơn vị"}, {"ten": "Tỷ lệ", "dinh_dang": "phan_tram", "so_le": 1}],
        "dong": [["A", 41], ["B", 41.8]]}}]
    out = tmp_path / "x.docx"
    render(_write(tmp_path, data), out)
    cells = [[c.text for c in r.cells] for r in Document(str(out)).tables[1].rows]
    assert cells[1:] == [["A", "41,0%"], ["B", "41,8%"]]


# ------------------------------------------------------------------ the formatter: properties

decimals = st.decimals(min_value=Decimal("-999999999"), max_value=Decimal("999999999"), places=2,
                       allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=0, max_value=10**9)
words = st.sampled_from(["tập thể", "cá nhân", "xã đạt chuẩn", "tỷ đồng", "người lao động"])


@given(decimals, words)
def test_a_printed_number_reads_back_and_is_left_as_printed(value: Decimal, word: str) -> None:
    text = format_number(value)
    sentence = f"toàn Cụm có {text} {word}"
    assert typed.normalized(sentence) == sentence  # printing twice gives the same text
    found = list(typed.figures_in(sentence))
    assert [f.written for f in found] == [text] and found[0].value == value


@given(counts, words)
def test_counts_in_text_have_two_digits_below_ten_and_groups_of_three(n: int, word: str) -> None:
    text = format_count(n)
    assert (len(text) == 2 and text[0] == "0") if 0 < n < 10 else "." not in text[-4:-3] or len(text) > 4
    assert typed.read(text) == n
    assert typed.normalized(f"có {text} {word}") == f"có {text} {word}"


@given(st.decimals(min_value=Decimal("0"), max_value=Decimal("1000"), places=2, allow_nan=False))
def test_a_percentage_prints_one_way(value: Decimal) -> None:
    text = format_percent(value)
    assert typed.normalized(f"đạt {text}") == f"đạt {text}"
    assert typed.normalized(f"đạt {text[:-1]} %") == f"đạt {text}"  # a space before % goes
    if value == value.to_integral_value():
        assert "," not in text  # a whole percentage has no decimals, "9,0%" is printed "9%"
        assert typed.normalized(f"đạt {int(value)},0%") == f"đạt {format_percent(int(value))}"


@given(st.integers(min_value=2101, max_value=9_999_999))
def test_a_number_typed_without_groups_gets_them(n: int) -> None:
    assert typed.normalized(f"nâng lên {n} doanh nghiệp") == f"nâng lên {format_number(n)} doanh nghiệp"


@given(st.integers(min_value=1900, max_value=2100))
def test_years_dates_and_symbols_stay_as_typed(year: int) -> None:
    for text in (f"năm {year}", f"giai đoạn {year} - {year + 5}", f"ngày 05/3/{year}", f"Nghị định 98/{year}/NĐ-CP",
                 "Kế hoạch số 47/KH-CTĐ", "Chỉ thị số 34-CT/TW", "lúc 08h00", "Covid-19"):
        assert typed.normalized(text) == text
        assert list(typed.figures_in(text)) == []


def test_a_figure_is_not_a_truth_value() -> None:
    with pytest.raises(TypeError):
        bool(fg.data(0, ("x",)))
    assert fg.total([fg.data(None, ("a",)), fg.data(None, ("b",))]).value is None  # none given: not 0
    assert fg.total([fg.data(None, ("a",)), fg.data(0, ("b",))]).value == 0  # a given 0 counts
    assert fg.share(fg.data(1, ("a",)), fg.data(0, ("b",))).value is None


def test_a_members_document_has_its_sheet_from_the_api(rendered: dict[str, Path]) -> None:
    """What the service serves beside each document (``api.reconciliation_sheet``): a province's own report
    made from the cluster's data, its numbers traced to the cluster's file."""
    from tdkt_docgen import api

    rows = read_back(api.reconciliation_sheet(FIXTURE, member=2))  # Lai Châu, the third member
    printed = Counter(str(r["Số in trong văn bản"]) for r in rows)
    assert docx_numbers(rendered["bao_cao_tinh"]) == printed
    issued = next(r for r in rows if r["Trường dữ liệu"] == "so_lieu.van_ban.Lai Châu")
    assert issued["Số in trong văn bản"] == "18" and "cum-7-tinh-mnbg-2023.yaml, dòng" in issued["Tệp, dòng"]
