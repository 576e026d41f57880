"""Templates written as an attacker would (issue 24, item 1): the known ways out of a Jinja sandbox, through every
part of a template that is evaluated (body, header, footnote, the file's title) and every command that evaluates
templates (render, batch, lint --data, and the service's job path through the same library function). Nothing
runs (the command a chain tries to start never creates its file), nothing leaks (no repr, no path), and every
evaluation is bounded with a Vietnamese message that names the template's paragraph."""

from __future__ import annotations

import tempfile
import time
from html import escape
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdkt_docgen.cli import main

# What must never reach a user: Python's reprs, the program's own files.
LEAKS = ("<class", "<function", "<built-in", "<bound method", "<module", " at 0x", "<jinja2", "<Loop", "<Template",
         "site-packages", "/usr/lib/python", "Traceback", "Error:", "object at")

# The known escapes, each trying to run "touch MARKER" or to read the program's internals. MARKER is replaced
# by the file a successful escape would create.
CHAINS = [
    # the project's own filters reading attributes (the hole of issue 24): nhom → __class__ → … → os.system
    '{% set c = ([1]|nhom("__class__"))[0].ten %}{% set o = ([c]|nhom("__base__"))[0].ten %}'
    '{% for s in ([o]|nhom("__subclasses__"))[0].ten() %}{% if ([s]|nhom("__name__"))[0].ten == "catch_warnings" %}'
    '{{ ([s()]|nhom("_module"))[0].ten.sys.modules.os.system("touch MARKER") }}{% endif %}{% endfor %}',
    '{{ ([([lipsum]|nhom("__code__"))[0].ten]|nhom("co_filename"))[0].ten }}',
    '{{ [1]|nhom("__class__") }}',
    '{{ [lipsum]|tong("__globals__") }}',
    '{{ [lipsum]|sap_xep("__globals__") }}',
    '{{ [lipsum]|sap_xep_ten("__module__") }}',
    '{{ lipsum|chu_ky }}',
    # Jinja's own attribute filters
    '{{ ((""|attr("__class__"))|attr("__mro__"))[1]|attr("__subclasses__") }}',
    '{{ [lipsum]|map(attribute="__globals__")|list }}',
    '{{ [lipsum]|sort(attribute="__globals__") }}',
    '{{ [lipsum]|groupby("__globals__") }}',
    # format and format_map (also reached through attr: CVE-2025-27516)
    '{{ "{0.__class__.__mro__[1].__subclasses__}".format("") }}',
    '{{ "{x.__globals__}".format_map({"x": lipsum}) }}',
    '{{ "{0.__class__}"|attr("format")(1) }}',
    '{{ "%s"|format(lipsum) }}',
    '{{ "%s" % cycler }}',
    '{{ "{}".format(joiner) }}',
    # the globals
    '{{ cycler.__init__.__globals__.os.system("touch MARKER") }}',
    '{{ joiner.__init__.__globals__.os.system("touch MARKER") }}',
    '{{ namespace.__init__.__globals__.os.popen("touch MARKER").read() }}',
    '{{ lipsum.__globals__["os"].system("touch MARKER") }}',
    '{{ lipsum.__globals__.__builtins__.__import__("os").system("touch MARKER") }}',
    '{{ self.__init__.__globals__.__builtins__.__import__("os").popen("touch MARKER") }}',
    '{{ ().__class__.__mro__[1].__subclasses__() }}',
    '{{ lipsum.__code__.co_filename }}',
    # printing the program itself
    '{{ lipsum }}', '{{ [lipsum] }}', '{{ cycler ~ "" }}', '{{ namespace(a=1) }}', '{{ self }}',
    '{% for x in [1] %}{{ loop }}{% endfor %}', '{{ lipsum|upper }}', '{{ [joiner]|join(",") }}',
    '{{ "".join }}', '{{ [1].append }}',
]

PARTS = ["body", "header", "footnote", "title"]
COMMANDS = ["render", "batch", "lint", "service"]


def _template(folder: Path, part: str, expression: str) -> Path:
    """A template drawn with python-docx whose ``part`` holds ``expression``."""
    doc = Document()
    doc.add_paragraph("Văn bản")
    if part == "body":
        doc.add_paragraph(expression)
    elif part == "header":
        doc.sections[0].header.paragraphs[0].text = expression
    elif part == "title":
        doc.core_properties.title = "TIEU-DE"  # written below: python-docx takes 255 characters at most
    else:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        from tdkt_docgen.document.markup import Run
        from tdkt_docgen.docx.finish import FOOTNOTES_CT, _footnotes_xml

        notes = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CT, _footnotes_xml([(Run(expression),)]),
                     doc.part.package)
        doc.part.relate_to(notes, RT.FOOTNOTES)
    path = folder / "mau.docx"
    doc.save(str(path))
    if part == "title":
        _replace_entry(path, "docProps/core.xml", lambda xml: xml.replace("TIEU-DE", escape(expression)))
    return path


def _replace_entry(path: Path, name: str, edit) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, edit(data.decode()).encode() if info.filename == name else data)


def _run(command: str, folder: Path, template: Path) -> tuple[int, str, list[Path]]:
    """The command over own data with ``template``: its exit code (1 or 2 for refused), what it said, and the
    documents it made."""
    data = folder / "du-lieu.yaml"
    data.write_text("ten: Sở Nội vụ\nds:\n  - {ho_ten: Nguyễn Văn An, so_tien: 1000}\n", "utf-8")
    table = folder / "ds.csv"
    table.write_text("Họ tên,Số tiền\nNguyễn Văn An,1000\n", "utf-8")
    out = folder / "ra"
    if command == "service":
        from tdkt_docgen import api

        content, errors = api.make(table, [], 0, "An", "an.docx", template, row=True)
        made = [folder / "an.docx"] if content is not None else []
        if content is not None:
            made[0].write_bytes(content)
        return (0 if content is not None else 2), "\n".join(errors), made
    args = {"render": ["render", str(data), "-t", str(template), "-o", str(out / "a.docx")],
            "batch": ["batch", str(table), "-t", str(template), "-o", str(out), "--jobs", "1"],
            "lint": ["lint", str(template), "--data", str(data)]}[command]
    result = CliRunner().invoke(main, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output, sorted(out.rglob("*.docx")) if out.exists() else []


def _text_of(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml"))


def _check_refused(chain: str, part: str, command: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        marker = folder / "DA-CHAY"
        template = _template(folder, part, chain.replace("MARKER", str(marker)))
        code, said, made = _run(command, folder, template)
        assert not marker.exists(), f"{chain} ran a command ({command}, {part})"
        assert code != 0 and made == [], f"{chain} was not refused ({command}, {part}): {said}"
        assert "Lỗi" in said or command == "service" and said, said
        for leak in LEAKS:
            assert leak not in said, f"{leak!r} in {said}"
        if command != "lint":
            assert "bị chặn" in said or "không phải dữ liệu" in said or "không có" in said, said


@pytest.mark.parametrize("chain", CHAINS)
def test_every_known_escape_is_refused_in_the_body(chain: str) -> None:
    _check_refused(chain, "body", "render")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(CHAINS), st.sampled_from(PARTS), st.sampled_from(COMMANDS))
def test_escapes_are_refused_in_every_part_and_by_every_command(chain: str, part: str, command: str) -> None:
    _check_refused(chain, part, command)


def test_the_place_of_a_refused_tag_is_named_as_word_shows_it(tmp_path: Path) -> None:
    for part, place in [("body", 'đoạn 2 ("{{ lipsum }}")'), ("header", 'đầu trang phần 1 (section), đoạn 1'),
                        ("footnote", 'chú thích cuối trang ("{{ lipsum }}")'),
                        ("title", 'thuộc tính của tệp (Tiêu đề, Chủ đề, Tác giả…) ("{{ lipsum }}")')]:
        template = _template(tmp_path, part, "{{ lipsum }}")
        code, said, _ = _run("render", tmp_path, template)
        assert code == 2 and f"{template}, {place}" in said, said


def test_vars_with_data_never_reads_around_the_sandbox(tmp_path: Path) -> None:
    template = _template(tmp_path, "body", "{{ ten.__class__.__name__ }} {{ ds[0].ho_ten.__len__ }}")
    data = tmp_path / "du-lieu.yaml"
    data.write_text("ten: Sở Nội vụ\nds:\n  - {ho_ten: An}\n", "utf-8")
    result = CliRunner().invoke(main, ["vars", str(template), "--data", str(data)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "ten.__class__.__name__" in result.output and "← dữ liệu không có" in result.output
    for leak in LEAKS:
        assert leak not in result.output


def test_a_data_value_that_looks_like_a_template_is_printed_as_text(tmp_path: Path) -> None:
    template = _template(tmp_path, "body", "{{ ten }}")
    data = tmp_path / "du-lieu.yaml"
    data.write_text('ten: "{{ lipsum.__globals__ }}"\n', "utf-8")
    out = tmp_path / "a.docx"
    result = CliRunner().invoke(main, ["render", str(data), "-t", str(template), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "{{ lipsum.__globals__ }}" in "\n".join(p.text for p in Document(str(out)).paragraphs)


# ------------------------------------------------------------------ bounded evaluation


@pytest.mark.parametrize("expression,expected", [
    ("{{ lipsum(10 ** 6) }}", "lipsum() tối đa 100 đoạn"),
    ("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
     "mẫu chạy quá 10.000.000 bước cho một văn bản"),
    ("{% for a in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}", "mẫu tạo ra văn bản quá dài"),
    ('{{ "{:>9999999999}".format(1) }}', "độ rộng định dạng tối đa 1.000"),
    ('{{ "%999999999d"|format(1) }}', "quá lớn"),
    ('{{ "%999999999d" % 1 }}', "quá lớn"),
    ('{{ "%*d" % (999999999, 1) }}', "quá lớn"),
    ('{{ "x"|center(10 ** 9) }}', "quá lớn"),
    ('{{ "x"|indent(10 ** 9, true) }}', "quá lớn"),
    ('{{ ("x" * 1000000)|replace("x", "yy") }}', "quá lớn"),
    ('{{ "x".ljust(10 ** 9) }}', "quá lớn"),
    ('{{ (10 ** 1000) ** 1000 }}', "quá lớn"),
    ("{% set ns = namespace(x=10 ** 1000) %}{% for i in range(40) %}{% set ns.x = ns.x * ns.x %}{% endfor %}",
     "quá lớn"),
    ('{{ "1e999999999"|so }}', "bộ lọc 'so' không dùng được với giá trị '1e999999999'"),
])
def test_evaluation_is_bounded_with_a_message_naming_the_paragraph(tmp_path: Path, expression: str,
                                                                   expected: str) -> None:
    template = _template(tmp_path, "body", expression)
    began = time.monotonic()
    code, said, made = _run("render", tmp_path, template)
    assert time.monotonic() - began < 30
    assert code == 2 and expected in said and made == [], said
    assert f"{template}, đoạn 2" in said, said


def test_recursion_and_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2 import TemplateRuntimeError

    from tdkt_docgen.docx import sandbox

    env = sandbox.environment()
    recursive = env.from_string("{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}")
    with pytest.raises((RecursionError, sandbox.LimitExceeded)):
        recursive.render()
    monkeypatch.setattr(sandbox, "TIME_LIMIT", 0.3)
    slow = env.from_string('{% for i in range(99999) %}{% set n = ("x" * 900000)|replace("x", "y")|length %}'
                           '{% endfor %}')
    began = time.monotonic()
    with pytest.raises(TemplateRuntimeError) as refused:
        slow.render()
    assert isinstance(refused.value, sandbox.LimitExceeded) and refused.value.what == "time"
    assert time.monotonic() - began < 5


def test_a_template_cannot_change_the_data(tmp_path: Path) -> None:
    """Not even for the next document of a batch: the sandbox refuses a list's and a table's methods that
    change them."""
    template = _template(tmp_path, "body", "{% set _ = ds.append(1) %}{{ ds|length }}")
    code, said, _ = _run("render", tmp_path, template)
    assert code == 2 and "Lỗi" in said, said
