"""The compiled-template path (engine.py): a user's own template is read once and rendered without docxtpl's
per-document work, and gives the document docxtpl gives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate

from tdkt_docgen import engine
from tdkt_docgen.errors import TemplateError, TemplateErrors
from tdkt_docgen.render import TEMPLATES, environment, render_docx

from .conftest import all_text


def own_template(path: Path) -> Path:
    """A template drawn from python-docx's blank document: a table loop, a paragraph loop, a header field."""
    document = Document()
    document.sections[0].header.paragraphs[0].text = "Đơn vị: {{ don_vi }}"
    document.add_paragraph("Kính gửi: {{ noi_gui }}")
    document.add_paragraph("Ghi chú: {{ ghi_chu }}")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Họ và tên", "Số tiền"
    for texts in (("{%tr for nguoi in danh_sach %}", ""), ("{{ nguoi.ho_ten }}", "{{ nguoi.so_tien | so }}"),
                  ("{%tr endfor %}", "")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = texts
    for text in ("{%p for y in y_kien %}", "- {{ y }}", "{%p endfor %}"):
        document.add_paragraph(text)
    document.save(path)
    return path


CONTEXT = {
    "don_vi": "Sở Nội vụ tỉnh Lạng Sơn", "noi_gui": "Ủy ban nhân dân các huyện & thành phố <Lạng Sơn>",
    "ghi_chu": "dòng một\ndòng hai",
    "danh_sach": [{"ho_ten": "Nguyễn Thị Ánh", "so_tien": 1500000}, {"ho_ten": "Đặng Văn Đức", "so_tien": 750000}],
    "y_kien": ["Đồng ý", "Đề nghị bổ sung {{ 7 * 7 }}"],
}


def _docxtpl(template: Path, context: dict[str, object]) -> Document:
    document = DocxTemplate(str(template))
    document.render(context, jinja_env=environment(), autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return Document(buffer)


def _texts(document: Document) -> tuple[str, str, list[str]]:
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    return all_text(document), header, [p._p.xml.count("<w:br/>") for p in document.paragraphs]  # type: ignore


def test_own_template_takes_the_compiled_path_and_gives_docxtpls_document(tmp_path: Path) -> None:
    template = own_template(tmp_path / "mau.docx")
    assert engine.compiled(template, template.stat().st_mtime_ns).plain
    fast = Document(io.BytesIO(render_docx(template, CONTEXT)))
    assert _texts(fast) == _texts(_docxtpl(template, CONTEXT))
    text = all_text(fast)
    assert "Ủy ban nhân dân các huyện & thành phố <Lạng Sơn>" in text  # escaped, not broken
    assert "Đề nghị bổ sung {{ 7 * 7 }}" in text  # text of the data is never run as template code
    assert "1.500.000" in text and "Đặng Văn Đức" in text
    assert "Đơn vị: Sở Nội vụ tỉnh Lạng Sơn" in fast.sections[0].header.paragraphs[0].text
    assert "<w:br/>" in fast.paragraphs[1]._p.xml  # "\n" of the data is a line break, as docxtpl makes it


def test_compiled_path_is_reproducible_and_copies_unchanged_entries(tmp_path: Path) -> None:
    template = own_template(tmp_path / "mau.docx")
    first, second = render_docx(template, CONTEXT), render_docx(template, CONTEXT)
    assert first == second
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(io.BytesIO(first)) as out:
        assert out.namelist() == source.namelist()
        assert out.read("word/styles.xml") == source.read("word/styles.xml")
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in out.infolist())
        assert out.testzip() is None


def test_data_that_would_break_the_xml_is_a_vietnamese_error(tmp_path: Path) -> None:
    template = own_template(tmp_path / "mau.docx")
    with pytest.raises(TemplateError, match="ký tự điều khiển"):
        render_docx(template, {**CONTEXT, "ghi_chu": "ký tự lạ \x01 ở đây"})


def test_missing_field_is_still_a_vietnamese_error(tmp_path: Path) -> None:
    template = own_template(tmp_path / "mau.docx")
    with pytest.raises(TemplateErrors) as raised:
        render_docx(template, {k: v for k, v in CONTEXT.items() if k != "noi_gui"})
    assert "noi_gui" in str(raised.value)


@pytest.mark.parametrize("name", ["bao_cao_tong_ket.docx", "giao_uoc.docx", "cong_van.docx"])
def test_tdkt_templates_keep_docxtpl_and_finish(name: str) -> None:
    template = TEMPLATES / name
    assert not engine.compiled(template, template.stat().st_mtime_ns).plain


def test_shipped_certificate_takes_the_compiled_path_with_docxtpls_document(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The Giấy khen of the examples (drawn on the frame, none of finish's styles in its body) is rendered on
    the compiled path and gives, part for part, the document docxtpl and finish give."""
    import dataclasses

    from lxml import etree

    from tdkt_docgen import batch

    examples = Path(__file__).resolve().parents[1] / "tdkt_docgen" / "examples" / "khen-thuong"
    template = examples / "giay-khen-mau.docx"
    assert engine.compiled(template, template.stat().st_mtime_ns).plain

    def made(folder: Path) -> dict[str, bytes]:
        _, tasks = batch.plan_rows(examples / "danh-sach.xlsx", (examples / "quyet-dinh.yaml",), None, template)
        summary = batch.run(tasks[:3], folder=folder, jobs=1, template=template)
        assert len(summary.written) == 3, summary
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}

    calls: list[int] = []
    render = engine.Compiled.render
    monkeypatch.setattr(engine.Compiled, "render", lambda self, *a: calls.append(1) or render(self, *a))
    fast = made(tmp_path / "nhanh")
    assert len(calls) == 3  # every certificate on the compiled path
    original = engine.compiled
    monkeypatch.setattr(engine, "compiled", lambda *a: dataclasses.replace(original(*a), plain=False))
    slow = made(tmp_path / "cham")
    assert fast.keys() == slow.keys() and len(fast) == 3
    for name in fast:
        with zipfile.ZipFile(io.BytesIO(fast[name])) as a, zipfile.ZipFile(io.BytesIO(slow[name])) as b:
            for part in ("word/document.xml", "word/styles.xml", "word/settings.xml"):
                assert etree.tostring(etree.fromstring(a.read(part)), method="c14n") == \
                    etree.tostring(etree.fromstring(b.read(part)), method="c14n"), (name, part)
