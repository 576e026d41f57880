"""The compiled-template path (engine.py, package.py): a template is read once and every document rendered
without docxtpl's per-document work, and each gives the document docxtpl gives, byte for byte, written the
way python-docx writes a package."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate
from lxml import etree

from tdkt_docgen import load, own
from tdkt_docgen.docx import engine
from tdkt_docgen.docx.render import Extras, environment, render_docx, template_values
from tdkt_docgen.errors import TemplateError, TemplateErrors
from tdkt_docgen.output import docx_bytes

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


def test_own_template_gives_docxtpls_document(tmp_path: Path) -> None:
    template = own_template(tmp_path / "mau.docx")
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


EXAMPLES = Path(__file__).resolve().parents[1] / "fixtures"
BUILT_IN = sorted(EXAMPLES.glob("*.yaml"))


def _docxtpl_bytes(template: Path, values: dict[str, object]) -> bytes:
    """What docxtpl makes of ``values``, saved by python-docx (the definition the engine must equal)."""
    document = DocxTemplate(str(template))
    document.render(values, jinja_env=environment(), autoescape=True)
    return docx_bytes(document.docx)


def _same_as_docxtpl(template: Path, values: dict[str, object]) -> None:
    """Rendered by the engine, the package equals docxtpl's DOCX: to the byte once its rendered parts are
    parsed (then written as python-docx writes them), and part for part (the same XML) as written directly."""
    expected = _docxtpl_bytes(template, values)
    compiled = engine.compiled(template, template.stat().st_mtime_ns)
    direct = compiled.render(values, environment().from_string).write()
    package = compiled.render(values, environment().from_string)
    for name in compiled.entries:
        if isinstance(compiled.entries[name], engine._Tagged):
            package.xml(name)
    assert package.write() == expected
    with zipfile.ZipFile(io.BytesIO(direct)) as ours, zipfile.ZipFile(io.BytesIO(expected)) as theirs:
        assert ours.namelist() == theirs.namelist()
        for name in ours.namelist():
            if ours.read(name) != theirs.read(name):
                assert etree.tostring(etree.fromstring(ours.read(name)), method="c14n") == \
                    etree.tostring(etree.fromstring(theirs.read(name)), method="c14n"), name


@pytest.mark.parametrize("example", BUILT_IN, ids=[p.stem for p in BUILT_IN])
def test_engine_renders_every_shipped_template_as_docxtpl_does_byte_for_byte(example: Path) -> None:
    """Before ``finish``: the compiled template, rendered and written by ``package``, is the DOCX docxtpl
    renders and python-docx saves (body, headers, relationships, content types, core properties, entry
    order and compression)."""
    document = load(example)
    values = template_values(document.context(), Extras())
    template = document.template
    _same_as_docxtpl(template, values)


def test_engine_renders_own_templates_and_rows_as_docxtpl_does(tmp_path: Path) -> None:
    _same_as_docxtpl(own_template(tmp_path / "mau.docx"), CONTEXT)
    rows, shared = own.rows_for_batch(EXAMPLES / "khen-thuong" / "danh-sach.xlsx", 0,
                                      (EXAMPLES / "khen-thuong" / "quyet-dinh.yaml",),
                                      EXAMPLES / "khen-thuong" / "giay-khen-mau.docx")
    for name in ("giay-khen-mau.docx", "quyet-dinh-mau.docx"):
        template = EXAMPLES / "khen-thuong" / name
        context = own.row_context(rows, shared, 3)
        context["danh_sach"] = rows.contexts
        _same_as_docxtpl(template, context)


def _python_docx_again(content: bytes) -> bytes:
    return docx_bytes(Document(io.BytesIO(content)))


@pytest.mark.parametrize("name", ["bao_cao", "giao_uoc_da_ky", "van_ban", "cong_van", "bao_cao_tinh"])
def test_finished_documents_are_written_as_python_docx_writes_them(rendered: dict[str, Path], name: str) -> None:
    """After ``finish`` added footnotes (the report, seed 003), signature and seal pictures (the signed
    pledge) and landscape appendices: opening the DOCX with python-docx and saving it again changes no
    byte but docProps/core.xml (python-docx writes an empty property as <dc:title/>, docxtpl's as a pair)."""
    content = rendered[name].read_bytes()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"tdkt-bang" not in archive.read("word/document.xml")  # the splicing leaves no mark
    again = _python_docx_again(content)
    with zipfile.ZipFile(io.BytesIO(content)) as ours, zipfile.ZipFile(io.BytesIO(again)) as theirs:
        assert ours.namelist() == theirs.namelist()
        different = [n for n in ours.namelist() if ours.read(n) != theirs.read(n)]
    assert different in ([], ["docProps/core.xml"])


def test_columns_pictures_and_core_properties_are_rendered_as_docxtpl_does(tmp_path: Path) -> None:
    """What docxtpl does after Jinja beyond the tags: the grid of a table whose cells a {%tc loop makes, the
    ids of the pictures (renumbered from 1001) and the core properties rendered as templates."""
    document = Document()
    document.core_properties.title = "Giấy mời {{ don_vi }}"
    document.core_properties.author = "{{ nguoi_ky }}"
    table = document.add_table(rows=2, cols=4)
    for row, texts in enumerate((("Đơn vị", "Quý {{ q }}"), ("{{ don_vi }}", "{{ q * 10 }}"))):
        for column, text in enumerate((texts[0], "{%tc for q in quy %}", texts[1], "{%tc endfor %}")):
            table.cell(row, column).text = text
    image = Path(__file__).resolve().parents[1] / "fixtures" / "anh-ky" / "con-dau-mau.png"
    for _ in range(2):
        document.add_paragraph().add_run().add_picture(str(image))
    document.add_paragraph("{% for x in quy %}{{ x }} {% endfor %}")
    template = tmp_path / "mau.docx"
    document.save(template)
    context = {"don_vi": "Sở Nội vụ", "nguoi_ky": "Hoàng Văn An", "quy": [1, 2, 3, 4]}
    _same_as_docxtpl(template, context)
    made = Document(io.BytesIO(render_docx(template, context)))
    assert made.core_properties.title == "Giấy mời Sở Nội vụ" and made.core_properties.author == "Hoàng Văn An"
    grid = made.tables[0]._tbl.tblGrid.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol")
    assert len(grid) == 5 and [c.text for c in made.tables[0].rows[1].cells] == ["Sở Nội vụ", "10", "20", "30", "40"]
    ids = [e.get("id") for e in made.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                                                       "wordprocessingDrawing}docPr")]
    assert ids == ["1001", "1002"]


def test_a_template_whose_main_part_is_elsewhere_is_refused_in_vietnamese(tmp_path: Path) -> None:
    """A package whose main document is not word/document.xml (no word processor writes one; a tool might):
    refused with what to do, never rendered with its tags left in."""
    source = own_template(tmp_path / "mau.docx")
    moved = tmp_path / "mau-la.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(moved, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info).replace(b"word/document.xml", b"word/chinh.xml")
            name = {"word/document.xml": "word/chinh.xml",
                    "word/_rels/document.xml.rels": "word/_rels/chinh.xml.rels"}.get(info.filename, info.filename)
            new.writestr(name, data)
    assert Document(str(moved)).paragraphs  # python-docx opens it
    with pytest.raises(TemplateError, match="phần nội dung chính") as raised:
        render_docx(moved, CONTEXT)
    assert "lưu lại" in str(raised.value.hint)


def test_template_code_is_kept_in_jinjas_bytecode_cache_between_commands(tmp_path: Path) -> None:
    """A command compiles a template's text once per machine, not once per run: the code is in Jinja's bytecode
    cache (a private folder in the temporary folder); a damaged entry is compiled again, never an error."""
    import os
    import subprocess
    import sys

    from jinja2.bccache import bc_magic

    from .conftest import LETTER

    tdkt = str(Path(sys.executable).parent / "tdkt")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch)}

    def render(name: str) -> bytes:
        subprocess.run([tdkt, "render", str(LETTER), "-o", str(tmp_path / name)], env=env, check=True,
                       capture_output=True)
        return (tmp_path / name).read_bytes()

    first = render("1.docx")
    entries = sorted(scratch.glob("_jinja2-cache-*/*.cache"))
    assert entries and all(e.read_bytes().startswith(bc_magic) for e in entries)
    assert oct(entries[0].parent.stat().st_mode & 0o777) == "0o700"
    assert render("2.docx") == first
    for entry in entries:
        entry.write_bytes(b"not a cache entry")
    assert render("3.docx") == first
    assert all(e.read_bytes().startswith(bc_magic) for e in entries)  # written again


def test_a_table_whose_marker_stands_in_a_cell_is_drawn_there(tmp_path: Path) -> None:
    """A data table is written into the body text before it is parsed; where its paragraph stands inside a
    table's cell (a template a user drew), it is drawn inside the cell, and nothing of the marking is left."""
    from tdkt_docgen.document.tables import Cell, Row, Table

    document = Document()
    document.add_paragraph("Trước bảng: {{ don_vi }}")
    outer = document.add_table(rows=1, cols=1)
    outer.cell(0, 0).text = "{{ bang }}"
    document.add_paragraph("{{ bang_ngoai }}")
    template = tmp_path / "mau.docx"
    document.save(template)
    rows = (Row((Cell("STT"), Cell("Đơn vị")), "header"), Row((Cell("1"), Cell("Sở Nội vụ & Ban TĐKT", align="left"))))
    context = {"don_vi": "tỉnh Lạng Sơn", "bang": Table((1.5, 8.0), rows), "bang_ngoai": Table((2.0, 6.0), rows)}
    made = render_docx(template, context)
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        body = archive.read("word/document.xml")
    assert b"tdkt-bang" not in body and "⟦".encode() not in body
    result = Document(io.BytesIO(made))
    inner = result.tables[0].cell(0, 0).tables
    assert len(inner) == 1 and inner[0].cell(1, 1).text == "Sở Nội vụ & Ban TĐKT"
    assert len(result.tables) == 2 and result.tables[1].cell(0, 1).text == "Đơn vị"
