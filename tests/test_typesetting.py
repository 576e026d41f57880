"""The page as a Vietnamese typesetter sets it (issue 27), over every shipped output: text flows and only centred
blocks are broken, by one function that keeps units and names whole; the laid-out PDF where only the page shows
it (pdftotext -layout)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn

from tdkt_docgen import nd30
from tdkt_docgen.cli import main
from tdkt_docgen.reference import unbreakable_words

from .conftest import DEPARTMENT_REPORT, page_texts

W_BR, W_T = qn("w:br"), qn("w:t")


def style_names(doc: Any) -> dict[str, str]:
    return {s.style_id: s.name for s in doc.styles}


def lines_of(paragraph: Any) -> list[str]:
    """A paragraph's lines as its explicit line breaks make them."""
    parts = [("\n" if e.tag == W_BR else e.text or "") for e in paragraph.iter(W_T, W_BR)]
    return "".join(parts).split("\n")


def paragraphs(doc: Any, in_tables: bool) -> list[tuple[str, Any]]:
    """(style name, paragraph element) of the body's own paragraphs, or of those in its tables."""
    names = style_names(doc)
    found = []
    for p in doc.element.body.iter(qn("w:p")):
        inside = next(p.iterancestors(qn("w:tbl")), None) is not None
        if inside == in_tables:
            found.append((names.get(p.style or "", ""), p))
    return found


def split_units(above: str, below: str) -> list[str]:
    """The unbreakable words a line end between ``above`` and ``below`` falls inside."""
    def bare(text: str) -> list[str]:
        return [w.strip(",;:.()“”\"").lower() for w in text.split()]

    tail, head = bare(above)[-4:], bare(below)[:4]
    joined = [*tail, "|", *head]
    found = []
    for phrase in unbreakable_words():
        words = phrase.split()
        for cut in range(1, len(words)):
            if joined[len(tail) - cut:len(tail)] == words[:cut] and joined[len(tail) + 1:len(tail) + 1 + len(words)
                                                                            - cut] == words[cut:]:
                found.append(phrase)
    return found


# ------------------------------------------------------------------ 1. text flows; centred blocks broken well


def test_text_and_left_aligned_headings_flow(shipped: dict[str, Path]) -> None:
    """No forced line break in a body paragraph or a left-aligned or justified heading of any shipped output (the
    cluster report had 7 of its 28 headings broken, Bắc Giang 19 of 45), and nothing asks Word to hide one."""
    for name, path in shipped.items():
        doc = Document(str(path))
        assert "doNotExpandShiftReturn" not in doc.settings.element.xml, name
        for style, p in paragraphs(doc, in_tables=False):
            if style in nd30.STYLES and nd30.STYLES[style].align in ("left", "both"):
                line_breaks = [br for br in p.iter(W_BR) if br.get(qn("w:type")) in (None, "textWrapping")]
                assert not line_breaks, (name, style, "".join(p.itertext())[:60])  # a page break is no line break


def test_centred_blocks_break_between_units(shipped: dict[str, Path]) -> None:
    """Every line break of a centred block (issuer, title, summary, part and appendix titles, signer's lines, the
    pledge's cells) falls between units: never inside "ỦY BAN NHÂN DÂN", "THỊ XÃ", "THI ĐUA - KHEN THƯỞNG", a
    place's name, and no line starts with a dash."""
    checked = 0
    for name, path in shipped.items():
        doc = Document(str(path))
        for style, p in paragraphs(doc, in_tables=False) + paragraphs(doc, in_tables=True):
            if style not in nd30.STYLES or nd30.STYLES[style].align != "center":
                continue
            lines = lines_of(p)
            for above, below in zip(lines, lines[1:], strict=False):
                checked += 1
                assert not split_units(above, below), (name, above, below)
                assert not below.lstrip().startswith(("-", "–")), (name, above, below)
    assert checked > 100


def test_issuer_signer_and_grid_lines_as_set(shipped: dict[str, Path], shipped_pdfs: dict[str, Path]) -> None:
    """The issue's cases on the laid-out page: Mường Lay's issuer over "THỊ XÃ MƯỜNG LAY", Tuần Giáo's title over
    "HUYỆN TUẦN GIÁO", every pledge cell "TM. ỦY BAN NHÂN DÂN" on its line, then the province."""
    muong_lay = page_texts(shipped_pdfs["bao_cao_cum_huyen/bao-cao-muong-lay"])[0]
    assert "ỦY BAN NHÂN DÂN" in muong_lay.splitlines()[1] or "ỦY BAN NHÂN DÂN " in muong_lay
    assert any(line.strip().startswith("THỊ XÃ MƯỜNG LAY") for line in muong_lay.splitlines())
    signature = page_texts(shipped_pdfs["bao_cao_cum_huyen"])[-1]
    assert "HUYỆN TUẦN GIÁO" in signature and not any(line.rstrip().endswith("TUẦN") for line in signature.splitlines())
    for name in ("giao_uoc", "giao_uoc-da-ky"):
        page = page_texts(shipped_pdfs[name])[-1]
        assert page.count("TM. ỦY BAN NHÂN DÂN") == 7, name
        assert not any(line.rstrip().endswith(("TM. ỦY BAN", "NHÂN")) for line in page.splitlines()), name


@pytest.mark.parametrize(("body", "lines"), [
    ("Ủy ban nhân dân thị xã Mường Lay", ["ỦY BAN NHÂN DÂN", "THỊ XÃ MƯỜNG LAY"]),
    ("Hội đồng Thi đua - Khen thưởng tỉnh Điện Biên", ["HỘI ĐỒNG", "THI ĐUA - KHEN THƯỞNG", "TỈNH ĐIỆN BIÊN"]),
    ("UBND tỉnh Tuyên Quang", ["UBND", "TỈNH TUYÊN QUANG"]),
    ("Cụm thi đua các phường, xã khu vực trung tâm tỉnh Tuyên Quang",
     ["CỤM THI ĐUA", "CÁC PHƯỜNG, XÃ", "KHU VỰC TRUNG TÂM", "TỈNH TUYÊN QUANG"]),
    ("Cụm thi đua 7 tỉnh Miền núi Biên giới phía Bắc", ["CỤM THI ĐUA", "7 TỈNH MIỀN NÚI", "BIÊN GIỚI PHÍA BẮC"]),
])
def test_header_bodies_are_broken_between_units(body: str, lines: list[str]) -> None:
    from tdkt_docgen.kinds.common import header_lines

    assert header_lines(body, "Cơ quan ban hành").split("\n") == lines


def test_the_line_breaker_balances_and_keeps_names() -> None:
    """Fewest lines, even, after a comma or before "và"; the data's own names kept whole; a count with its noun."""
    summary = "Tổng kết phong trào thi đua, công tác khen thưởng năm 2023 và phương hướng, nhiệm vụ năm 2024"
    assert nd30.break_lines(summary, nd30.TEXT_WIDTH_CM, 14, True) == [
        "Tổng kết phong trào thi đua, công tác khen thưởng năm 2023", "và phương hướng, nhiệm vụ năm 2024"]
    assert nd30.break_lines("CHỦ TỊCH UBND HUYỆN TUẦN GIÁO", nd30.SIGNER_WIDTH_CM, 14, True) == [
        "CHỦ TỊCH UBND", "HUYỆN TUẦN GIÁO"]
    assert nd30.break_lines("TM. CỤM THI ĐUA HUYỆN NẬM PỒ MƯỜNG CHÀ", 5.0, 14, True, ["Nậm Pồ Mường Chà"])[-1] \
        == "HUYỆN NẬM PỒ MƯỜNG CHÀ"
    assert "7" not in [line.split()[-1] for line in nd30.break_lines(
        "CỤM THI ĐUA 7 TỈNH MIỀN NÚI BIÊN GIỚI PHÍA BẮC", 4.0, 13, True)]


def render_data(tmp_path: Path, data: dict[str, Any]) -> Path:
    source, out = tmp_path / "du-lieu.yaml", tmp_path / "van-ban.docx"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    return out


def summary_lines(path: Path) -> list[str]:
    doc = Document(str(path))
    return next(lines_of(p) for style, p in paragraphs(doc, in_tables=False) if style == "Trích yếu")


def test_a_break_typed_in_the_summary_is_kept_only_where_it_fits(tmp_path: Path) -> None:
    """A summary typed on two lines stays so when both fit; when the first is too long for the line, the summary
    is broken anew in two lines (today's output made three: the typed break and Word's own)."""
    data = yaml.safe_load(DEPARTMENT_REPORT.read_text("utf-8"))
    data["trich_yeu"] = "Tổng kết 10 năm thực hiện Chỉ thị số 34-CT/TW\nngày 07/4/2014 của Bộ Chính trị"
    assert summary_lines(render_data(tmp_path, data)) == ["Tổng kết 10 năm thực hiện Chỉ thị số 34-CT/TW",
                                                          "ngày 07/4/2014 của Bộ Chính trị"]
    data["trich_yeu"] = ("Tổng kết 10 năm thực hiện Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính trị về tiếp tục "
                         "đổi mới\ncông tác thi đua, khen thưởng")
    lines = summary_lines(render_data(tmp_path, data))
    assert len(lines) == 2 and all(nd30.text_width_cm(line, 14, True) < nd30.TEXT_WIDTH_CM for line in lines)
