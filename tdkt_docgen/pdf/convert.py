"""DOCX to PDF through LibreOffice in headless mode.

One LibreOffice process converts a whole list of documents, in order (``soffice --convert-to pdf a b c``),
printing "convert a.docx -> …" as it starts each one. A watchdog reads those lines: a document that takes
longer than the time limit has its process killed; it is tried once more in a new process, and then
reported as failed while the documents after it go on in a fresh process.

The fonts are checked twice: before converting, Times New Roman must resolve (through fontconfig) to itself
or to its metric-compatible twin Liberation Serif; after, every font the PDF embeds must be one of those
(or LibreOffice's symbol font), so a PDF is never silently set in a substitute font.

LibreOffice touches nothing outside the document (``isolated``, ``write_settings``): a document that refers to
anything outside itself is refused before LibreOffice sees it (``data.packages.self_contained``: linked
pictures, OLE links, altChunk, INCLUDEPICTURE/INCLUDETEXT/LINK/DDE fields; an attached template is removed);
LibreOffice runs with a private profile and its own temporary folder, in a network namespace of its own
where the system allows one (``unshare``: no network at all, not even the machine's own addresses), and
otherwise behind an unreachable proxy; its profile tells it never to update links, to block every link of a
document, and never to run macros.
"""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .. import interrupt
from ..data.packages import self_contained
from ..errors import DocgenError
from .read import pages, reader_of

TIMEOUT_SECONDS = 120.0  # one document; a 60-page report takes about 5 s on a slow machine
STARTUP_SECONDS = 120.0  # LibreOffice's first start with a new profile (cold disk) before the first document
SOFFICE_ENV = "TDKT_SOFFICE"  # the LibreOffice program to use, when it is not on PATH

INSTALL_HINT = ("Cài LibreOffice và phông Liberation Serif (thay Times New Roman): trên Debian/Ubuntu chạy "
                "'sudo apt-get install -y libreoffice-writer-nogui fonts-liberation2' (hoặc tools/setup-libreoffice.sh "
                "trong mã nguồn); trên Windows, macOS tải tại https://www.libreoffice.org/download/. "
                f"Nếu LibreOffice nằm ở chỗ khác, đặt biến môi trường {SOFFICE_ENV} là đường dẫn tới soffice.")
FONT_HINT = ("Cài phông Times New Roman hoặc phông tương đương về kích thước chữ Liberation Serif: trên "
             "Debian/Ubuntu chạy 'sudo apt-get install -y fonts-liberation2'.")

ALLOWED_FONTS = ("TimesNewRoman", "Times New Roman", "LiberationSerif", "Liberation Serif", "OpenSymbol")
SERIF_FAMILIES = ("Times New Roman", "Liberation Serif")

# Bookmarks exported as named destinations: the signature cells of the pledge (see signing.py) are found
# through them. Everything else is LibreOffice's default PDF export.
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps(
    {"ExportBookmarksToPDFDestination": {"type": "boolean", "value": "true"}}, separators=(",", ":"))

_STARTED = re.compile(r"^convert (.+?) -> ")


class PdfError(DocgenError):
    """LibreOffice or the fonts it needs are missing, or a conversion failed."""


@dataclass(frozen=True)
class Converted:
    """One document's PDF, or why there is none."""

    index: int
    pdf: bytes | None = None
    error: str | None = None


def soffice() -> str:
    """The LibreOffice program: $TDKT_SOFFICE, soffice or libreoffice on PATH, or the usual install place."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured:
        if shutil.which(configured) is None:
            raise PdfError(f"không chạy được {SOFFICE_ENV}={configured}.", None, INSTALL_HINT)
        return configured
    usual = ["/Applications/LibreOffice.app/Contents/MacOS/soffice",
             r"C:\Program Files\LibreOffice\program\soffice.exe"]
    for candidate in ["soffice", "libreoffice", *usual]:
        found = shutil.which(candidate)
        if found:
            return found
    raise PdfError("không tìm thấy LibreOffice, cần có để tạo tệp PDF.", None, INSTALL_HINT)


def check_fonts() -> None:
    """Times New Roman must be there or be replaced by Liberation Serif; fontconfig says which (where there
    is no fontconfig, as on Windows, the PDF's own fonts are checked after converting)."""
    if shutil.which("fc-match") is None:
        return
    found = subprocess.run(["fc-match", "-f", "%{family}", "Times New Roman"], capture_output=True, text=True,
                           check=False).stdout.strip()
    families = [name.strip() for name in found.split(",")]
    if not any(family in SERIF_FAMILIES for family in families):
        raise PdfError(f"máy này không có phông Times New Roman (LibreOffice sẽ dùng phông '{found or 'không rõ'}' "
                       "thay vào, sai thể thức).", None, FONT_HINT)


def pdf_fonts(pdf: bytes) -> set[str]:
    """The base names of the fonts a PDF uses, without the subset prefix ("ABCDEF+")."""
    names = set()
    for _, page in pages(reader_of(pdf)):
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for font in (fonts.get_object() if fonts is not None else {}).values():
            base = str(font.get_object().get("/BaseFont", ""))
            names.add(base.lstrip("/").split("+", 1)[-1])
    return names


def wrong_fonts(pdf: bytes) -> list[str]:
    return sorted(name for name in pdf_fonts(pdf) if not name.startswith(ALLOWED_FONTS))


def check_installed() -> None:
    """LibreOffice and the fonts are there (before anything is written), or PdfError saying how to install."""
    soffice()
    check_fonts()


# ------------------------------------------------------------------ LibreOffice shut in

UNREACHABLE_PROXY = ("127.0.0.1", 9)  # the discard port: where no proxy answers


@cache
def isolated() -> tuple[str, ...]:
    """The command prefix that runs a program without any network (a network namespace of its own, where
    only a loopback that is down exists), or () where the system has no such thing or refuses it."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return ()
    for prefix in (("unshare", "--net"), ("unshare", "--net", "--map-root-user")):
        try:
            done = subprocess.run([*prefix, "true"], capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return prefix
    return ()


def office_environment(scratch: Path) -> dict[str, str]:
    """LibreOffice's environment: its own temporary folder, every proxy variable set to one that never
    answers (where there is no network namespace, nothing reaches a server through them either)."""
    host, port = UNREACHABLE_PROXY
    proxy = f"http://{host}:{port}"
    proxies = {name: proxy for name in ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy")}
    proxies = {**proxies, **{name.upper(): value for name, value in proxies.items()}, "no_proxy": "", "NO_PROXY": ""}
    return {**os.environ, "TMPDIR": str(scratch), "TMP": str(scratch), "TEMP": str(scratch), **proxies}


def _item(path: str, name: str, value: object) -> str:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{text}</value></prop></item>'


_SETTINGS = [
    ("/org.openoffice.Inet/Settings", "ooInetProxyType", 2),  # manual proxies, all of them unreachable
    *(("/org.openoffice.Inet/Settings", f"ooInet{kind}ProxyName", UNREACHABLE_PROXY[0]) for kind in
       ("HTTP", "HTTPS", "FTP")),
    *(("/org.openoffice.Inet/Settings", f"ooInet{kind}ProxyPort", UNREACHABLE_PROXY[1]) for kind in
       ("HTTP", "HTTPS", "FTP")),
    ("/org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", True),  # no linked content
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", 3),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", True),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", 2),  # never update links when loading
]


def write_settings(profile: Path) -> None:
    """The settings of a new LibreOffice profile: no proxy that answers, no linked content, no macros, no link
    updates (LibreOffice reads them from ``user/registrymodifications.xcu`` when it starts)."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    target = user / "registrymodifications.xcu"
    if target.exists():
        return
    items = "\n".join(_item(path, name, value) for path, name, value in _SETTINGS)
    target.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/'
                      'registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/'
                      f'XMLSchema-instance">\n{items}\n</oor:items>\n', encoding="utf-8")


def checked_for_office(content: bytes, what: str = "văn bản") -> bytes:
    """A DOCX LibreOffice may open: self-contained (PdfError saying what it refers to otherwise), without an
    attached template outside it."""
    return self_contained(content, "", what, PdfError)


class LibreOffice:
    """Converts documents with one LibreOffice process for all of them (a new one only after a hang).
    Its profile lives in a temporary folder, apart from any LibreOffice the user has open."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS, profile: Path | None = None):
        self.program = soffice()
        check_fonts()
        self.timeout = timeout
        self._own_profile = profile is None
        self.profile = profile or Path(tempfile.mkdtemp(prefix="tdkt-lo-"))
        if self._own_profile:
            interrupt.keep_temporary(self.profile)
        self.starts = 0  # processes started, for tests and the benchmark

    def close(self) -> None:
        if self._own_profile:
            shutil.rmtree(self.profile, ignore_errors=True)
            interrupt.forget_temporary(self.profile)

    def __enter__(self) -> LibreOffice:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def convert(self, documents: Sequence[bytes]) -> Iterator[Converted]:
        """Each document's PDF (or error), in order, as soon as it is made; a document that refers to
        anything outside itself is refused without LibreOffice seeing it."""
        with tempfile.TemporaryDirectory(prefix="tdkt-pdf-") as work, interrupt.temporary(Path(work)):
            folder = Path(work)
            sources, refused = [], {}
            for index, content in enumerate(documents):
                try:
                    content = checked_for_office(content)
                except PdfError as error:
                    refused[index] = f"{error.message} {error.hint}"
                    continue
                source = folder / f"{index:06d}.docx"
                source.write_bytes(content)
                sources.append(source)
            converted = self.convert_files(sources, folder / "pdf")
            for index in range(len(documents)):
                if index in refused:
                    yield Converted(index, error=refused[index])
                else:
                    result = next(converted)
                    yield Converted(index, result.pdf, result.error)

    def convert_files(self, sources: Sequence[Path], out: Path) -> Iterator[Converted]:
        """Convert files whose names (stems) are all different; results in order, one process while no
        document hangs."""
        pending = list(range(len(sources)))
        tries = [0] * len(sources)
        while pending:
            done, hung = self._run([sources[i] for i in pending], out)
            for position in range(done):
                yield self._result(pending[position], sources[pending[position]], out)
            pending = pending[done:]
            if hung is None:
                continue
            index = pending[0]
            tries[index] += 1
            if tries[index] >= 2:
                pending.pop(0)
                yield Converted(index, error=f"LibreOffice không chuyển xong sau {self.timeout:g} giây, hai lần; "
                                             "bỏ qua văn bản này.")

    def _result(self, index: int, source: Path, out: Path) -> Converted:
        target = out / f"{source.stem}.pdf"
        if not target.exists():
            return Converted(index, error="LibreOffice không mở được tệp .docx này (tệp hỏng?).")
        pdf = reproducible(target.read_bytes())
        target.unlink()
        try:
            wrong = wrong_fonts(pdf)
        except Exception:  # noqa: BLE001 - a PDF pyHanko cannot read is LibreOffice's failure
            return Converted(index, error="tệp PDF LibreOffice tạo ra không đọc được.")
        if wrong:
            return Converted(index, error=f"tệp PDF dùng phông {', '.join(wrong)} thay cho Times New Roman. "
                                          f"{FONT_HINT}")
        return Converted(index, pdf)

    def _run(self, sources: list[Path], out: Path) -> tuple[int, int | None]:
        """Convert ``sources`` in one process. Returns how many were converted (finished or failed by
        LibreOffice itself) and, when a document hung and the process was killed, its position."""
        self.starts += 1
        command = [*isolated(), self.program, f"-env:UserInstallation={self.profile.as_uri()}", "--headless",
                   "--invisible", "--nologo", "--norestore", "--nolockcheck", "--convert-to", PDF_FILTER,
                   "--outdir", str(out), *map(str, sources)]
        scratch = self.profile / "tmp"  # LibreOffice's own temporary files (lu*.tmp) go with the profile
        scratch.mkdir(exist_ok=True)
        write_settings(self.profile)
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   start_new_session=sys.platform != "win32", env=office_environment(scratch))
        interrupt.process_group(process.pid)
        try:
            return self._watch(process, len(sources))
        finally:
            if process.poll() is None:  # interrupted, or an error: LibreOffice does not outlive the command
                _kill(process)
            interrupt.process_ended(process.pid)

    def _watch(self, process: subprocess.Popen[str], count: int) -> tuple[int, int | None]:
        lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=_pump, args=(process, lines), daemon=True).start()
        started = -1  # position of the document being converted
        deadline = time.monotonic() + STARTUP_SECONDS + self.timeout
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                _kill(process)
                if started < 0:
                    raise PdfError(f"LibreOffice ({self.program}) không khởi động được sau "
                                   f"{STARTUP_SECONDS + self.timeout:g} giây.", None, INSTALL_HINT) from None
                return started, started
            if line is None:
                process.wait()
                return count, None
            if _STARTED.match(line):
                started += 1
                deadline = time.monotonic() + self.timeout


def _pump(process: subprocess.Popen[str], lines: queue.Queue[str | None]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.put(line.rstrip("\n"))
    lines.put(None)


_DATE = re.compile(rb"(/(?:CreationDate|ModDate)\s*\(D(?::|\\072))(\d{14})([^)]*\))")
_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)([^<]+)(</xmp:)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")
_CHECKSUM = re.compile(rb"(/DocChecksum\s*/)([0-9A-Fa-f]+)")  # LibreOffice's, over the dated content
FIXED_PDF_DATE = b"20000101000000"


def reproducible(pdf: bytes) -> bytes:
    """The same PDF for the same DOCX: LibreOffice's dates of creation set to a fixed date and its document
    /ID made from the content, byte for byte in place (same lengths, so the cross-reference table stays
    right)."""
    def fixed_date(match: re.Match[bytes]) -> bytes:
        rest = match.group(3)  # the time zone: zeroed where written plainly (not with octal escapes)
        return match.group(1) + FIXED_PDF_DATE + (rest if b"\\" in rest else re.sub(rb"[0-9]", b"0", rest))

    def fixed_xmp(match: re.Match[bytes]) -> bytes:
        return match.group(1) + re.sub(rb"[0-9]", b"0", match.group(2)) + match.group(3)

    pdf = _DATE.sub(fixed_date, pdf)
    pdf = _XMP_DATE.sub(fixed_xmp, pdf)
    import hashlib

    digest = hashlib.sha256(_CHECKSUM.sub(b"", _ID.sub(b"", pdf))).hexdigest().upper().encode()
    pdf = _CHECKSUM.sub(lambda m: m.group(1) + digest[:len(m.group(2))].ljust(len(m.group(2)), b"0"), pdf)

    def fixed_id(match: re.Match[bytes]) -> bytes:
        first, second = (digest[:len(match.group(n))].ljust(len(match.group(n)), b"0") for n in (1, 2))
        return match.group(0).replace(match.group(1), first, 1).replace(match.group(2), second, 1) \
            if match.group(1) != match.group(2) else match.group(0).replace(match.group(1), first)

    return _ID.sub(fixed_id, pdf)


def _kill(process: subprocess.Popen[str]) -> None:
    """Kill LibreOffice with the processes it started (the soffice script starts soffice.bin)."""
    try:
        if sys.platform != "win32":
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover
            process.kill()
    except ProcessLookupError:
        pass
    process.wait()


def convert(documents: Sequence[bytes], timeout: float = TIMEOUT_SECONDS) -> Iterator[Converted]:
    """Each DOCX as a PDF, in order, with one LibreOffice process; a document with a signature grid gets an
    empty signature field over each member's cell (``fields``)."""
    from .fields import add_fields

    with LibreOffice(timeout) as office:
        for result in office.convert(documents):
            if result.pdf is not None:
                result = Converted(result.index, reproducible(add_fields(result.pdf, documents[result.index])))
            yield result


def convert_one(document: bytes, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """One DOCX as a PDF, or PdfError."""
    result = next(convert([document], timeout))
    if result.pdf is None:
        raise PdfError(f"không tạo được PDF: {result.error}")
    return result.pdf
