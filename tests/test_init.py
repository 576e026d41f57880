"""`tdkt init`: a commented example data file per kind that renders as written."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tdkt_docgen.cli import main
from tdkt_docgen.conformance import ERROR, check_document
from tdkt_docgen.examples import EXAMPLES


@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_example_renders_as_written_and_passes_check(kind: str, tmp_path: Path) -> None:
    runner = CliRunner()
    data = tmp_path / "du-lieu" / f"{kind}.yaml"
    created = runner.invoke(main, ["init", kind, "-o", str(data)])
    assert created.exit_code == 0, created.output
    assert data.read_text("utf-8").startswith("# ") and f"loai: {kind}" in data.read_text("utf-8")
    out = tmp_path / f"{kind}.docx"
    rendered = runner.invoke(main, ["render", str(data), "-o", str(out)])
    assert rendered.exit_code == 0, rendered.output
    assert [str(f) for f in check_document(out) if f.severity == ERROR] == []


def test_pledge_example_brings_its_images(tmp_path: Path) -> None:
    runner = CliRunner()
    data = tmp_path / "giao-uoc.yaml"
    assert runner.invoke(main, ["init", "giao_uoc", "-o", str(data)]).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "anh-ky").iterdir())[:2] == ["chu-ky-cao-bang.png",
                                                                           "chu-ky-dien-bien.png"]
    signed = runner.invoke(main, ["render", str(data), "--signed", "-o", str(tmp_path / "da-ky.docx")])
    assert signed.exit_code == 0, signed.output


def test_no_overwrite_and_unknown_kind(tmp_path: Path) -> None:
    runner = CliRunner()
    data = tmp_path / "bao-cao.yaml"
    data.write_text("# của tôi\n", "utf-8")
    again = runner.invoke(main, ["init", "bao_cao", "-o", str(data)])
    assert again.exit_code == 2 and "tệp kết quả đã có" in again.output
    assert data.read_text("utf-8") == "# của tôi\n"
    assert runner.invoke(main, ["init", "bao_cao", "-o", str(data), "--force"]).exit_code == 0
    assert "loai: bao_cao_tong_ket" in data.read_text("utf-8")
    unknown = runner.invoke(main, ["init", "to_trinh"])
    assert unknown.exit_code == 2
    assert unknown.output.strip() == ("Lỗi: không có loại văn bản 'to_trinh'. Các loại có: bao_cao_tong_ket, "
                                      "giao_uoc, ke_hoach_hoat_dong, ke_hoach_hoi_nghi, cong_van, van_ban, "
                                      "bao_cao_don_vi. Mẫu khác: van_ban_kinh_gui, bao_cao_cum_huyen; mẫu riêng "
                                      "(trộn thư): quyet_dinh_khen_thuong, giay_khen.")
