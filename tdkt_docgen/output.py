"""Writing outputs atomically: a whole file or nothing, and never over an existing file unasked; and the
same bytes for the same input, so outputs can be diffed and audited."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import OutputError, Position


def check_writable(path: Path, force: bool, suffixes: tuple[str, ...] = (".docx",)) -> None:
    """Refuse early, before any work, to overwrite an existing file without ``force``."""
    if path.is_dir():
        raise OutputError("đây là một thư mục, không phải tên tệp kết quả.", Position(path),
                          "Ghi rõ tên tệp, ví dụ: -o build/bao-cao.docx")
    if path.exists() and not force:
        raise OutputError("tệp kết quả đã có.", Position(path),
                          "Dùng --force để ghi đè, hoặc chọn tên tệp khác.")
    if path.suffix.lower() not in suffixes:
        raise OutputError(f"tệp kết quả phải có đuôi {suffixes[0]}.", Position(path))


def write_atomic(path: Path, content: bytes, force: bool, suffixes: tuple[str, ...] = (".docx",)) -> None:
    """Write ``content`` to a temporary file beside ``path``, then rename it into place."""
    check_writable(path, force, suffixes)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tdkt-", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(f"không tạo được thư mục hoặc tệp ({error.strerror}).", Position(path)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"không ghi được tệp ({error.strerror}).", Position(path)) from None


def fixed_timestamps(content: bytes, edits: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """The same package (DOCX, XLSX) with every entry dated 1980-01-01, in the same order, and the entries
    named in ``edits`` passed through them: identical input gives identical bytes (a DOCX's own dates are
    fixed by ``frame.new_document``)."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for entry in source.infolist():
            data = source.read(entry)
            if edits and entry.filename in edits:
                data = edits[entry.filename](data)
            out.writestr(zipfile.ZipInfo(entry.filename, FIXED_DATE), data, zipfile.ZIP_DEFLATED)
    return target.getvalue()


FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_KEPT_VARIANTS = 4  # compressed variants remembered per entry name (a batch may mix a few templates)
_deflated: dict[str, list[tuple[bytes, int, bytes]]] = {}


def _deflate(name: str, blob: bytes) -> tuple[int, bytes]:
    """CRC and raw DEFLATE data of an entry, compressed once per distinct content: the parts a document
    does not change (styles, numbering, settings, theme, headers …) are the same bytes in every document
    of a template, so only the parts that do change are compressed again."""
    variants = _deflated.setdefault(name, [])
    for known, crc, data in variants:
        if known == blob:
            return crc, data
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)  # as zipfile does
    crc, data = zlib.crc32(blob), compressor.compress(blob) + compressor.flush()
    variants.insert(0, (blob, crc, data))
    del variants[_KEPT_VARIANTS:]
    return crc, data


def write_deflated(archive: zipfile.ZipFile, name: str, blob: bytes) -> None:
    """Append one DEFLATE entry dated FIXED_DATE to ``archive`` (open for writing on a seekable stream),
    byte for byte what ``archive.writestr`` writes, with the compressed data reused when the same
    content was written before."""
    crc, data = _deflate(name, blob)
    info = zipfile.ZipInfo(name, FIXED_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    info.file_size, info.compress_size, info.CRC = len(blob), len(data), crc
    stream: Any = archive.fp
    stream.seek(archive.start_dir)
    info.header_offset = stream.tell()
    stream.write(info.FileHeader(False))
    stream.write(data)
    archive.filelist.append(info)
    archive.NameToInfo[name] = info
    archive.start_dir = stream.tell()
    archive._didModify = True  # type: ignore[attr-defined]


def docx_bytes(document: Any) -> bytes:
    """A python-docx document saved with fixed entry dates in one pass (python-docx's own writer with
    dated entries); on a python-docx without these internals, saved and then re-dated."""
    buffer = io.BytesIO()
    try:
        from docx.opc.phys_pkg import PhysPkgWriter
        from docx.opc.pkgwriter import PackageWriter

        package = document.part.package
        for part in package.parts:
            part.before_marshal()
        writer: Any = PhysPkgWriter(buffer)  # a _ZipPkgWriter
        archive = writer._zipf
        writer.write = lambda uri, blob: write_deflated(archive, uri.membername, blob)
        PackageWriter._write_content_types_stream(writer, package.parts)
        PackageWriter._write_pkg_rels(writer, package.rels)
        PackageWriter._write_parts(writer, package.parts)
        writer.close()
        return buffer.getvalue()
    except (ImportError, AttributeError):  # pragma: no cover - a future python-docx
        document.save(buffer)
        return fixed_timestamps(buffer.getvalue())
