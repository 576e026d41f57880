"""Word packages written as an attacker would (issue 24, item 2): a document or template that links to what lies
outside it (a picture on a web server or a local secret, an altChunk, OLE, INCLUDEPICTURE/INCLUDETEXT fields),
ZIP entries named to land outside the package, XML entity declarations, parts that decompress to gigabytes,
and pictures a data file names outside its folder. Nothing outside the document is touched: a web server on
this machine records no request, a local secret picture does not reach the PDF, nothing is written outside."""

from __future__ import annotations

import io
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.shared import Cm

from tdkt_docgen.cli import main
from tdkt_docgen.errors import TemplateError

from .conftest import LETTER, PLEDGE, ROOT


def invoke(*args: object):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "Error" not in result.output, result.output
    return result


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def _edited(content: bytes, edits: dict[str, Callable[[bytes], bytes | None]], extra: dict[str, bytes] | None = None
            ) -> bytes:
    """A package with some entries changed (an edit returning None drops the entry) and some added."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data: bytes | None = source.read(info)
            if info.filename in edits:
                data = edits[info.filename](data)  # type: ignore[arg-type]
            if data is not None:
                out.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            out.writestr(name, data)
    return target.getvalue()


def _document(text: str = "Văn bản có ảnh:") -> Document:
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.add_paragraph(text)
    return doc


def _saved(doc: Document) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def linked_picture(target: str, text: str = "Văn bản có ảnh:") -> bytes:
    """A DOCX whose picture is not in the file but linked to ``target`` (Word's "Link to File")."""
    doc = _document(text)
    doc.add_picture(io.BytesIO(_png(8, 8, (0, 0, 255))), width=Cm(3))
    return _edited(_saved(doc), {
        "word/_rels/document.xml.rels": lambda xml: re.sub(
            rb'Target="media/image1.png"', b'Target="' + target.encode() + b'" TargetMode="External"', xml),
        "word/document.xml": lambda xml: xml.replace(b'r:embed="', b'r:link="'),
        "word/media/image1.png": lambda _: None})


def alt_chunk(target: str, external: bool) -> bytes:
    doc = _document()
    body = (b'<w:altChunk r:id="rIdChunk"/>')
    mode = b' TargetMode="External"' if external else b""
    extra = {} if external else {"word/chunk.html": f'<html><body><img src="{target}"></body></html>'.encode()}
    return _edited(_saved(doc), {
        "word/document.xml": lambda xml: xml.replace(b"<w:sectPr", body + b"<w:sectPr", 1),
        "word/_rels/document.xml.rels": lambda xml: xml.replace(b"</Relationships>", b'<Relationship Id="rIdChunk" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="'
            + (target.encode() if external else b"chunk.html") + b'"' + mode + b"/></Relationships>"),
        "[Content_Types].xml": lambda xml: xml.replace(b"</Types>", b'<Default Extension="html" '
                                                                     b'ContentType="text/html"/></Types>')}, extra)


def field(instruction: str) -> bytes:
    doc = _document()
    run = (f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
           f'{instruction} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t>'
           f'</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>').encode()
    return _edited(_saved(doc), {"word/document.xml": lambda xml: xml.replace(b"<w:sectPr", run + b"<w:sectPr", 1)})


def ole_link(target: str) -> bytes:
    doc = _document()
    return _edited(_saved(doc), {"word/_rels/document.xml.rels": lambda xml: xml.replace(
        b"</Relationships>", b'<Relationship Id="rIdOle" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/oleObject" Target="' + target.encode() + b'" TargetMode="External"/></Relationships>')})


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A web server on this machine (port 0: any free one) recording every connection made to it."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's names
            seen.append(self.path)
            self.send_response(404)
            self.end_headers()

        do_HEAD = do_POST = do_PROPFIND = do_OPTIONS = do_GET  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    class Recording(ThreadingHTTPServer):
        def verify_request(self, request: object, address: object) -> bool:
            seen.append(f"connection from {address}")
            return True

    server = Recording(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A picture somewhere on the machine that no document may carry into a PDF."""
    path = tmp_path / "bi-mat" / "bi-mat.png"
    path.parent.mkdir()
    path.write_bytes(_png(37, 23, (255, 0, 0)))
    return path


def _images_in(pdf: bytes) -> int:
    return len(re.findall(rb"/Subtype\s*/Image", pdf))


# ------------------------------------------------------------------ tdkt pdf, render --pdf, the service


def test_pdf_refuses_a_document_linking_outside_itself_and_nothing_is_fetched(
        tmp_path: Path, listener: tuple[str, list[str]], secret: Path) -> None:
    url, seen = listener
    cases = {"anh-web.docx": linked_picture(f"{url}/anh.png"), "anh-bi-mat.docx": linked_picture(secret.as_uri()),
             "altchunk-web.docx": alt_chunk(f"{url}/trang.html", external=True),
             "altchunk-html.docx": alt_chunk(f"{url}/anh.png", external=False),
             "includepicture.docx": field(f'INCLUDEPICTURE "{url}/anh.png" \\d'),
             "includetext.docx": field(f'INCLUDETEXT "{secret}"'), "ole.docx": ole_link(f"{url}/bang.xlsx")}
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
    result = invoke("pdf", *(tmp_path / name for name in cases), "-o", tmp_path / "pdf")
    assert result.exit_code == 1
    for name, expected in [("anh-web.docx", f"liên kết ra ngoài tệp (ảnh liên kết: '{url}/anh.png')"),
                           ("anh-bi-mat.docx", "(ảnh liên kết: 'file:///"),
                           ("altchunk-web.docx", "altChunk"), ("altchunk-html.docx", "altChunk"),
                           ("includepicture.docx", "trường INCLUDEPICTURE"), ("includetext.docx", "trường INCLUDETEXT"),
                           ("ole.docx", "đối tượng OLE liên kết")]:
        assert f"Lỗi: {tmp_path / name}: văn bản có" in result.output and expected in result.output, result.output
    assert "tdkt không lấy nội dung ở ngoài tệp" in result.output
    assert seen == [] and not (tmp_path / "pdf").exists()


def test_the_service_path_refuses_the_same_packages(listener: tuple[str, list[str]], secret: Path) -> None:
    from tdkt_docgen import api, resident_office
    from tdkt_docgen.pdf.convert import PdfError

    url, seen = listener
    office = resident_office.converter()
    try:
        for content in (linked_picture(f"{url}/anh.png"), linked_picture(secret.as_uri()), b"<html><img src=x>"):
            for converter in (None, office):
                with pytest.raises(PdfError, match="không|văn bản có"):
                    api.to_pdf(content, converter)
    finally:
        office.close()
    assert seen == []


@pytest.mark.parametrize("layer", ["settings", "namespace"])
def test_libreoffice_itself_fetches_nothing(tmp_path: Path, listener: tuple[str, list[str]], secret: Path,
                                            layer: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each layer of LibreOffice's isolation on its own, given documents the check before it would refuse:
    its profile's settings (no linked content, no link updates, an unreachable proxy) keep out a web picture
    and a local secret; its network namespace keeps out any server, even on this machine."""
    from tdkt_docgen.pdf import convert

    url, seen = listener
    if layer == "settings":
        monkeypatch.setattr(convert, "isolated", lambda: ())
    else:
        if not convert.isolated():
            pytest.skip("no network namespace on this system (unshare refused): the settings alone isolate")
        monkeypatch.setattr(convert, "write_settings", lambda profile: None)
    sources = []
    for name, content in (("web.docx", linked_picture(f"{url}/anh.png")), ("bi-mat.docx", linked_picture(
            secret.as_uri())), ("altchunk.docx", alt_chunk(f"{url}/trang.html", external=True))):
        sources.append(tmp_path / name)
        sources[-1].write_bytes(content)
    with convert.LibreOffice() as office:
        results = list(office.convert_files(sources, tmp_path / "pdf"))
    assert seen == []
    if layer == "settings":
        assert all(r.pdf is not None for r in results), [r.error for r in results]
        assert _images_in(results[1].pdf or b"") == 0  # the secret picture is not in the PDF


def test_libreoffice_runs_in_a_network_namespace_where_the_system_allows(tmp_path: Path) -> None:
    import subprocess

    from tdkt_docgen.pdf import convert

    prefix = convert.isolated()
    if not prefix:
        pytest.skip("unshare refused here: LibreOffice runs behind an unreachable proxy instead")
    shown = subprocess.run([*prefix, "cat", "/proc/net/dev"], capture_output=True, text=True, check=True).stdout
    interfaces = [line.split(":")[0].strip() for line in shown.splitlines()[2:]]
    assert interfaces == ["lo"]  # nothing but a loopback, and it is down
    profile = tmp_path / "ho-so"
    convert.write_settings(profile)
    settings = (profile / "user" / "registrymodifications.xcu").read_text("utf-8")
    for name in ("BlockUntrustedRefererLinks", "ooInetProxyType", "DisableMacrosExecution"):
        assert f'oor:name="{name}"' in settings


# ------------------------------------------------------------------ templates: refused by render and the service


def _template(tmp_path: Path, content: bytes, name: str = "mau.docx") -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def _own_data(tmp_path: Path) -> Path:
    data = tmp_path / "du-lieu.yaml"
    data.write_text("ten: Sở Nội vụ\n", "utf-8")
    return data


@pytest.mark.parametrize("make,expected", [
    (lambda url, secret: linked_picture(f"{url}/anh.png", "{{ ten }}"), "tệp mẫu có một liên kết ra ngoài tệp"),
    (lambda url, secret: linked_picture(secret.as_uri(), "{{ ten }}"), "(ảnh liên kết: 'file://"),
    (lambda url, secret: alt_chunk(f"{url}/x.html", external=False), "altChunk"),
    (lambda url, secret: field(f'INCLUDEPICTURE "{url}/anh.png"'), "trường INCLUDEPICTURE"),
])
def test_render_and_the_service_refuse_a_template_linking_outside_itself(
        tmp_path: Path, listener: tuple[str, list[str]], secret: Path, make: Callable[[str, Path], bytes],
        expected: str) -> None:
    from tdkt_docgen import api

    url, seen = listener
    template = _template(tmp_path, make(url, secret))
    data, out = _own_data(tmp_path), tmp_path / "ra.docx"
    result = invoke("render", data, "-t", template, "-o", out)
    assert result.exit_code == 2 and f"Lỗi: {template}: {expected}" in result.output or expected in result.output, \
        result.output
    assert "mẫu không được lấy nội dung ở ngoài tệp" in result.output and not out.exists()
    content, errors = api.make(data, [], None, "ra", "ra.docx", template)
    assert content is None and any(expected in error for error in errors), errors
    with pytest.raises(TemplateError, match="mẫu không được lấy nội dung ở ngoài tệp"):  # the service's upload check
        api.lint_template(template)
    result = invoke("lint", template)
    assert result.exit_code == 2 and expected in result.output, result.output
    assert seen == []


def test_an_attached_template_outside_the_file_is_removed(tmp_path: Path) -> None:
    """Word's "Document template" (fetched when a file opens, even from a web server): dropped from the
    output; the document is the same otherwise."""
    doc = _document("{{ ten }}")
    rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="http://mau.example/'
            b'x.dotm" TargetMode="External"/></Relationships>')
    content = _edited(_saved(doc), {"word/settings.xml": lambda xml: re.sub(
        rb"(<w:settings[^>]*>)", rb'\1<w:attachedTemplate r:id="rId1"/>', xml, count=1)},
        {"word/_rels/settings.xml.rels": rels})
    template, out = _template(tmp_path, content), tmp_path / "ra.docx"
    result = invoke("render", _own_data(tmp_path), "-t", template, "-o", out)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"attachedTemplate" not in everything and b"mau.example" not in everything
    assert [p.text for p in Document(str(out)).paragraphs] == ["Sở Nội vụ"]


@pytest.mark.parametrize("name", ["../../thoat-ra.txt", "/tmp/thoat-ra.txt", "word/../../thoat-ra.txt",
                                  "word\\..\\thoat-ra.txt", "C:/thoat-ra.txt", "word//x.xml"])
def test_entries_named_outside_the_package_are_refused(tmp_path: Path, name: str) -> None:
    content = _edited(_saved(_document("{{ ten }}")), {}, {name: b"x"})
    template, out = _template(tmp_path, content), tmp_path / "ra" / "ra.docx"
    for args in (["render", _own_data(tmp_path), "-t", template, "-o", out], ["lint", template],
                 ["check", template]):
        result = invoke(*args)
        assert result.exit_code == 2 and "có mục tên" in result.output and "không dùng được" in result.output, \
            result.output
    assert not out.parent.exists() and not (tmp_path.parent / "thoat-ra.txt").exists()


@pytest.mark.parametrize("command", ["render", "lint", "check", "pdf"])
def test_an_entity_declared_in_a_part_is_refused_with_a_message(tmp_path: Path, command: str) -> None:
    bomb = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document [<!ENTITY a "aaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;"><!ENTITY c SYSTEM "file:///etc/passwd">]>')
    content = _edited(_saved(_document("{{ ten }} &b; &c;")), {"word/document.xml": lambda xml: bomb + xml.split(
        b"?>", 1)[1].replace(b"{{ ten }} &amp;b; &amp;c;", b"{{ ten }} &b; &c;")})
    template = _template(tmp_path, content)
    args = {"render": ["render", _own_data(tmp_path), "-t", template, "-o", tmp_path / "ra.docx"],
            "lint": ["lint", template], "check": ["check", template], "pdf": ["pdf", template]}[command]
    result = invoke(*args)
    assert result.exit_code in (1, 2) and "khai báo DTD hoặc thực thể XML" in result.output, result.output
    assert "root:" not in result.output and "XMLSyntaxError" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["du-lieu.yaml", "mau.docx"] or command != "render"


def test_a_part_that_decompresses_beyond_the_limit_is_refused(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from tdkt_docgen.data import packages

    monkeypatch.setattr(packages, "PART_LIMIT", 2 * 1024 * 1024)
    content = _edited(_saved(_document("{{ ten }}")), {}, {"word/media/bom.bin": b"\0" * (3 * 1024 * 1024)})
    assert len(content) < 100_000  # a small file …
    template = _template(tmp_path, content)
    result = invoke("render", _own_data(tmp_path), "-t", template, "-o", tmp_path / "ra.docx")
    assert result.exit_code == 2  # … that would be megabytes: stopped at the limit
    assert "có phần 'word/media/bom.bin' quá lớn khi giải nén (hơn 2 MB" in result.output, result.output


# ------------------------------------------------------------------ pictures a data file names


@pytest.mark.parametrize("where", ["absolute", "parent", "link"])
def test_signature_pictures_must_lie_in_the_data_files_folder(tmp_path: Path, secret: Path, where: str) -> None:
    folder = tmp_path / "du-lieu"
    (folder / "anh-ky").mkdir(parents=True)
    for source in (ROOT / "fixtures" / "anh-ky").iterdir():
        (folder / "anh-ky" / source.name).write_bytes(source.read_bytes())
    text = PLEDGE.read_text("utf-8")
    first = re.search(r"chu_ky: (\S+)", text)
    assert first is not None
    if where == "absolute":
        named = str(secret)
    elif where == "parent":
        named = "../bi-mat/bi-mat.png"
        (tmp_path / "bi-mat").mkdir(exist_ok=True)
        (tmp_path / "bi-mat" / "bi-mat.png").write_bytes(secret.read_bytes())
    else:
        (folder / "anh-ky" / "lien-ket.png").symlink_to(secret)
        named = "anh-ky/lien-ket.png"
    data = folder / "giao-uoc.yaml"
    data.write_text(text.replace(first.group(0), f"chu_ky: {named}", 1), "utf-8")
    out = tmp_path / "da-ky.docx"
    result = invoke("render", data, "--signed", "-o", out)
    assert result.exit_code == 2 and "ảnh phải nằm trong thư mục của tệp dữ liệu" in result.output, result.output
    assert "trường 'thanh_vien[1].chu_ky'" in result.output and not out.exists()


def test_a_letter_renders_and_converts_as_before(tmp_path: Path) -> None:
    """The checks let a real document through: the letter example, rendered and turned into a PDF."""
    out = tmp_path / "cong-van.docx"
    result = invoke("render", LETTER, "-o", out, "--pdf")
    assert result.exit_code == 0, result.output
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF-")
