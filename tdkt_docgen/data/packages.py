"""ZIP packages a user gives (a template or any DOCX, an XLSX), read safely: the one place that decides what a
package may hold before anything parses it (the engine, python-docx, openpyxl, LibreOffice, the service's
uploads all go through it).

- Entry names are plain names inside the package: no "../", no absolute names, no backslashes, no drive
  letters, no empty or "." segments, no control characters, none twice (a ZIP tool or a later step would
  write such an entry outside its folder).
- Sizes are bounded by what the entries really decompress to, streamed (a ZIP header may lie): each part
  and the whole package (a decompression bomb stops at the limit, not after filling the memory).
- XML parts have no DTD (Open Packaging Conventions forbid it): no entity declarations, so no entity
  expansion and no external entities.
- ``outside_references`` finds what a document would fetch from outside itself: relationships with
  TargetMode="External" other than hyperlinks (linked pictures, OLE links, frames, sub-documents, an
  attached template), altChunk parts (whole HTML or RTF documents imported at opening), and the fields that
  read files or other programs (INCLUDEPICTURE, INCLUDETEXT, LINK, DDE, DDEAUTO, IMPORT).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..errors import DocgenError, Position
from .reading import MB, UNREADABLE_ZIP

PART_LIMIT = 100 * MB  # one part decompressed: the largest real one (a 10,000-row list's sheet) is under 20 MB
PACKAGE_LIMIT = 300 * MB  # all parts of one package decompressed
MAX_ENTRIES = 10_000  # entries of one package (a report with photos has a few dozen)
_CHUNK = 1024 * 1024

HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
ATTACHED_TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
ALT_CHUNK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>", re.S)
_ATTRIBUTE = re.compile(rb'\b(Id|Type|Target|TargetMode)\s*=\s*"([^"]*)"')
_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY|<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E|<\x00!\x00E\x00N\x00T\x00I\x00T\x00Y")
_FIELD_TEXT = re.compile(rb"<w:instrText\b[^>]*>([^<]*)</w:instrText>|\bw:instr=\"([^\"]*)\"")
_OUTSIDE_FIELDS = re.compile(r"\b(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|DDE|DDEAUTO|IMPORT)\b", re.I)
_WORD_PARTS = re.compile(r"^word/[^/]+\.xml$")


class PackageError(DocgenError):
    """A package that cannot be read safely, said in Vietnamese (the caller's error class is used instead)."""


def name_problem(name: str) -> str | None:
    """Why ``name`` is not a plain entry name inside a package, or None."""
    if not name or len(name) > 1000:
        return "tên rỗng hoặc quá dài"
    if "\\" in name or any(ord(c) < 32 or c == "\x7f" for c in name):
        return "tên có dấu \\ hoặc ký tự điều khiển"
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "tên là một đường dẫn tuyệt đối"
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts) or posixpath.normpath(name.rstrip("/")) != name.rstrip("/"):
        return "tên đi ra ngoài gói (../) hoặc không chuẩn"
    return None


def read_entries(source: bytes, path: Path | str, what: str, error: type[DocgenError] = PackageError,
                 part_limit: int | None = None, broken: type[Exception] | None = None) -> dict[str, bytes]:
    """Every entry of the package ``source`` (the file ``path``, named ``what`` for the user) decompressed,
    within the limits of this module (``part_limit``: another limit for one part), its XML parts without a DTD;
    ``error`` saying what is wrong otherwise (``broken``, when given, is raised for what is no ZIP at all)."""
    entries: dict[str, bytes] = {}
    total, part_limit = 0, part_limit or PART_LIMIT
    for info, stream in _opened(source, path, what, error, broken):
        chunks, size = [], 0
        try:
            with stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > part_limit or total > PACKAGE_LIMIT:
                        limit = part_limit if size > part_limit else PACKAGE_LIMIT
                        raise error(f"{what} có phần '{info.filename}' quá lớn khi giải nén (hơn {limit // MB} MB; "
                                    "có thể là tệp hỏng hoặc cố ý làm treo máy).", Position(path),
                                    "Kiểm tra lại có đúng tệp không; mở bằng Word hoặc Excel và lưu lại.")
                    chunks.append(chunk)
        except UNREADABLE_ZIP:
            raise _broken(path, what, error, broken) from None
        data = b"".join(chunks)
        if info.filename.lower().endswith((".xml", ".rels", ".vml")) and _DTD.search(data):
            raise error(f"{what} có phần '{info.filename}' khai báo DTD hoặc thực thể XML (<!DOCTYPE, <!ENTITY), điều "
                        "Word không bao giờ ghi; không đọc tệp này.", Position(path),
                        "Mở tệp bằng Word hoặc LibreOffice và lưu lại dưới dạng .docx (hoặc .xlsx).")
        entries[info.filename] = data
    return entries


class _Unreadable(Exception):
    pass


def check_package(source: bytes, path: Path | str, what: str, error: type[DocgenError] = PackageError,
                  part_limit: int | None = None) -> None:
    """The checks of ``read_entries`` without keeping the entries, before a library parses the package; a
    package that is no ZIP at all is left to that library to say so in its own words."""
    try:
        read_entries(source, path, what, error, part_limit, broken=_Unreadable)
    except _Unreadable:
        pass


def _opened(source: bytes, path: Path | str, what: str, error: type[DocgenError],
            broken: type[Exception] | None) -> Iterator[tuple[zipfile.ZipInfo, IO[bytes]]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(source))
        infos = archive.infolist()
    except UNREADABLE_ZIP:
        raise _broken(path, what, error, broken) from None
    if len(infos) > MAX_ENTRIES:
        raise error(f"{what} có quá {MAX_ENTRIES:,} mục.".replace(",", "."), Position(path),
                    "Kiểm tra lại có đúng tệp không.")
    seen: set[str] = set()
    for info in infos:
        problem = name_problem(info.filename)
        if problem is not None or info.filename.lower() in seen:
            shown = info.filename if len(info.filename) < 80 else info.filename[:80] + "…"
            raise error(f"{what} có mục tên '{shown}' không dùng được ({problem or 'tên trùng'}); một tệp Word hay "
                        "Excel thật không có tên như vậy.", Position(path),
                        "Mở tệp bằng Word hoặc Excel và lưu lại; không dùng tệp lạ.")
        seen.add(info.filename.lower())
        if info.is_dir():
            continue
        try:
            stream = archive.open(info)
        except UNREADABLE_ZIP:
            raise _broken(path, what, error, broken) from None
        yield info, stream


def _broken(path: Path | str, what: str, error: type[DocgenError], broken: type[Exception] | None) -> Exception:
    if broken is not None:
        return broken()
    return error(f"không đọc được {what} (tệp hỏng hoặc không phải tệp Word, Excel).", Position(path),
                 "Mở tệp bằng Word hoặc Excel và lưu lại.")


# ------------------------------------------------------------------ what a document would fetch


def relationships(blob: bytes) -> list[dict[str, str]]:
    """The relationships of a .rels part: their Id, Type, Target and TargetMode, as written."""
    found = []
    for element in _RELATIONSHIP.findall(blob):
        found.append({key.decode(): value.decode("utf-8", "replace") for key, value in _ATTRIBUTE.findall(element)})
    return found


def outside_references(entries: dict[str, bytes]) -> list[str]:
    """What the document would fetch from outside itself, each said in Vietnamese with its target; an attached
    template (``attached_templates``) is not among them: ``without_attached_template`` removes it."""
    found = []
    for name, blob in entries.items():
        if name.endswith(".rels"):
            for rel in relationships(blob):
                kind = rel.get("Type", "").rsplit("/", 1)[-1]
                if rel.get("Type") == ALT_CHUNK:
                    found.append(f"một đoạn nhúng cả tài liệu khác (altChunk, '{rel.get('Target', '')}')")
                elif rel.get("TargetMode") == "External" and rel.get("Type") not in (HYPERLINK, ATTACHED_TEMPLATE):
                    found.append(f"một liên kết ra ngoài tệp ({_KINDS.get(kind, kind)}: '{_short(rel.get('Target'))}')")
        elif _WORD_PARTS.match(name):
            instructions = " ".join((a or b).decode("utf-8", "replace") for a, b in _FIELD_TEXT.findall(blob))
            for field in sorted({m.upper() for m in _OUTSIDE_FIELDS.findall(instructions)}):
                found.append(f"một trường {field} (đọc tệp hay chương trình bên ngoài) trong '{name}'")
    return found


_KINDS = {"image": "ảnh liên kết", "oleObject": "đối tượng OLE liên kết", "frame": "khung trang web",
          "subDocument": "tài liệu con", "package": "gói nhúng", "video": "video", "audio": "âm thanh",
          "media": "tệp đa phương tiện"}


def _short(text: str | None, limit: int = 80) -> str:
    text = text or ""
    return text if len(text) <= limit else text[:limit] + "…"


_SETTINGS_RELS = "word/_rels/settings.xml.rels"
_ATTACHED = re.compile(rb"<w:attachedTemplate\b[^>]*/>")


def without_attached_template(entries: dict[str, bytes]) -> dict[str, bytes]:
    """The entries without an attached template that lies outside the document (Word's "Document template",
    fetched when the file opens; nothing of the document's content): its relationship and its mention in
    the settings removed. The same entries when there is none."""
    rels = entries.get(_SETTINGS_RELS)
    if rels is None or b"attachedTemplate" not in rels:
        return entries
    kept = _RELATIONSHIP.sub(lambda m: b"" if ATTACHED_TEMPLATE.encode() in m.group(0)
                             and b'TargetMode="External"' in m.group(0) else m.group(0), rels)
    if kept == rels:
        return entries
    changed = dict(entries)
    changed[_SETTINGS_RELS] = kept
    if "word/settings.xml" in changed:
        changed["word/settings.xml"] = _ATTACHED.sub(b"", changed["word/settings.xml"])
    return changed


def self_contained(content: bytes, path: Path | str, what: str, error: type[DocgenError]) -> bytes:
    """A DOCX for a program that would follow its links (LibreOffice): checked as ``read_entries`` does,
    refused (``error``) when it refers to anything outside itself, without an attached template outside it."""
    entries = read_entries(content, path, what, error)
    outside = outside_references(entries)
    if outside:
        raise error(f"{what} có {outside[0]}{f' và {len(outside) - 1} chỗ khác' if len(outside) > 1 else ''}; tdkt "
                    "không lấy nội dung ở ngoài tệp.", Position(path),
                    "Chèn ảnh, nội dung vào thẳng tệp (Word: Chèn > Ảnh, không chọn 'Liên kết tới tệp'), xóa các "
                    "trường INCLUDE/LINK, rồi lưu lại.")
    cleaned = without_attached_template(entries)
    return content if cleaned is entries else _zipped(content, cleaned)


def _zipped(original: bytes, entries: dict[str, bytes]) -> bytes:
    """The package again with ``entries``, in its order and with its dates."""
    source, target = zipfile.ZipFile(io.BytesIO(original)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename in entries:
                out.writestr(zipfile.ZipInfo(info.filename, info.date_time), entries[info.filename],
                             zipfile.ZIP_DEFLATED)
    return target.getvalue()
