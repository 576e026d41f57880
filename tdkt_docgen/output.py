"""Writing outputs: the one place every output file is written. A whole file or nothing (a temporary file
beside it, put in place in one step, removed whatever happens); never over an existing file unasked, not
even one another run created a moment ago (an exclusive claim on the name), never over one of the command's
own inputs (``refuse_inputs``); through a symbolic link, the file it points to is written (the link stays);
new files follow the umask, replaced files keep their mode. Replacing a file and signing in place hold a lock
on the real file (``locked``, across links; re-entrant in one thread); two runs writing into one folder take
it in turn (``folder_lock``). And the same bytes for the same input, so outputs can be diffed and audited."""

from __future__ import annotations

import errno
import io
import os
import stat
import tempfile
import threading
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import interrupt
from .data.reading import read_bytes
from .errors import DocgenError, OutputError, Position, os_reason


def check_writable(path: Path, force: bool, suffixes: tuple[str, ...] = (".docx",)) -> None:
    """Refuse early, before any work, to overwrite an existing file without ``force``."""
    if path.is_dir():
        raise OutputError("đây là một thư mục, không phải tên tệp kết quả.", Position(path),
                          "Ghi rõ tên tệp, ví dụ: -o build/bao-cao.docx")
    if (path.exists() or path.is_symlink()) and not force:
        raise OutputError("tệp kết quả đã có.", Position(path),
                          "Dùng --force để ghi đè, hoặc chọn tên tệp khác.")
    if path.suffix.lower() not in suffixes:
        raise OutputError(f"tệp kết quả phải có đuôi {suffixes[0]}.", Position(path))
    check_folders(path)


def check_folders(path: Path) -> None:
    """The nearest existing ancestor of ``path`` is a folder (not a file where a folder must be made)."""
    for parent in path.parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise OutputError(f"không tạo được thư mục kết quả: '{parent}' là một tệp, không phải thư mục.",
                                  Position(path), "Chọn nơi ghi khác.")
            return


def _umask() -> int:
    """The process's umask, read without changing it where Linux tells it (setting it, even for a moment,
    would race with other threads creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode of a new file under the process's umask (rw-r--r-- under the usual 022)."""
    return 0o666 & ~_umask()


def new_dir_mode() -> int:
    return 0o777 & ~_umask()


def write_atomic(path: Path, content: bytes, force: bool, suffixes: tuple[str, ...] = (".docx",)) -> None:
    """Write ``content`` to a temporary file beside ``path``, then put it in place in one step.

    Without ``force`` the target is claimed exclusively (a hard link, which fails when the name exists): a
    file another run created in the meantime is never overwritten, and this run says so. With ``force`` the
    file is replaced, keeping the mode of the file it replaces, under the lock of ``locked``; a new file
    follows the umask. ``path`` a symbolic link: the file it points to is replaced (the link stays, and every
    other name of that file sees the new content). The temporary file is removed whatever happens (and on
    Ctrl-C, by ``interrupt``)."""
    check_writable(path, force, suffixes)
    target = real_target(path) if force else path
    temporary = _temporary_beside(target)
    try:
        with interrupt.temporary(temporary):
            _write_all(temporary, content)
            if force and target.exists():
                with locked(target, optional=True):
                    place(temporary, target, force)
            else:
                place(temporary, target, force)
    except OSError as error:
        raise OutputError(f"không ghi được tệp ({os_reason(error)}).", Position(path), hint(error)) from None
    finally:
        temporary.unlink(missing_ok=True)


def real_target(path: Path) -> Path:
    """The file a name stands for: a symbolic link followed (to the end of a chain), anything else as it is."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def refuse_inputs(outputs: Iterable[Path], inputs: Iterable[Path | None]) -> None:
    """Before any work: no output is one of the command's inputs (the data file, a workbook, the template, a
    document to convert), under any of its names (a symbolic link, a hard link, "./x")."""
    names: dict[str, Path] = {}  # each input by its real path, and by its file (device, inode)
    files: dict[tuple[int, int], Path] = {}
    for source in inputs:
        if source is not None:
            names[os.path.realpath(source)] = source
            try:
                info = os.stat(source)
                files[(info.st_dev, info.st_ino)] = source
            except OSError:
                pass
    if not names:
        return
    folders: dict[Path, str] = {}
    for out in outputs:
        try:
            info = os.stat(out)
            found = files.get((info.st_dev, info.st_ino))
        except OSError:  # not there yet: the same name once links are followed
            if out.parent not in folders:
                folders[out.parent] = os.path.realpath(out.parent)
            found = names.get(os.path.realpath(out) if out.is_symlink() else os.path.join(folders[out.parent],
                                                                                         out.name))
        if found is not None:
            raise OutputError(f"tệp kết quả chính là tệp đầu vào {found}: ghi ra sẽ mất tệp này.", Position(out),
                              "Chọn tên tệp kết quả khác (-o), khác mọi tệp đầu vào.")


def place(temporary: Path, path: Path, force: bool) -> None:
    """Put a finished temporary file in place as ``path``: claimed without ``force``, replacing with it
    (the old file's mode kept); noted as written, all of it safe from an interrupt."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode) if force else new_file_mode()
    except FileNotFoundError:
        mode = new_file_mode()
    os.chmod(temporary, mode)
    with interrupt.critical():
        if force:
            os.replace(temporary, path)
        else:
            _claim(temporary, path)
        interrupt.written(path)


def new_temporary(folder: Path, suffix: str = ".tmp") -> Path:
    """A new empty temporary file in ``folder``, registered for removal on an interrupt in the same step (a
    signal between making it and registering it would leave it behind). Raises OSError."""
    with interrupt.critical():
        handle, name = tempfile.mkstemp(prefix=".tdkt-", suffix=suffix, dir=folder)
        interrupt.keep_temporary(Path(name))
    os.close(handle)
    return Path(name)


def _temporary_beside(path: Path) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return new_temporary(path.parent)
    except OSError as error:
        raise OutputError(f"không tạo được thư mục hoặc tệp ({os_reason(error)}).", Position(path),
                          hint(error)) from None


def _write_all(temporary: Path, content: bytes) -> None:
    """All of ``content`` on disk (a full disk is an OSError here, never a short file left)."""
    handle = os.open(temporary, os.O_WRONLY | os.O_TRUNC | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(handle, view):]
        os.fsync(handle)
    finally:
        os.close(handle)


def _claim(temporary: Path, path: Path) -> None:
    """Give ``temporary`` the name ``path`` only if no file has it (atomically)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise OutputError("tệp kết quả vừa được tạo bởi một lần chạy khác (cùng lúc); không ghi đè lên nó.",
                          Position(path), "Chờ lần chạy kia xong rồi kiểm tra; dùng --force nếu muốn ghi đè.") \
            from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        # a file system without hard links: claim the name with O_EXCL, then replace the empty claim
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise OutputError("tệp kết quả vừa được tạo bởi một lần chạy khác (cùng lúc); không ghi đè lên nó.",
                              Position(path), "Dùng --force nếu muốn ghi đè.") from None
        os.replace(temporary, path)


def hint(error: OSError) -> str | None:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "Giải phóng chỗ trên ổ đĩa rồi chạy lại; không có tệp dở dang nào được để lại."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "Chọn thư mục kết quả mà bạn có quyền ghi."
    if error.errno in (errno.ENOENT, errno.ENOTDIR, errno.EINVAL):
        return "Chọn nơi ghi khác: ở đây không tạo được tệp."
    return None


def replace_in_place(path: Path, old: bytes, new: bytes) -> None:
    """Replace a file the user gave as input (a PDF signed in place) by ``new``, its mode kept; through a
    symbolic link, the file it points to. When the file has other hard links and ``new`` only appends to
    ``old`` (an incremental update), the bytes are appended to the same file, so every link sees the new
    version; cut back to ``old`` if writing fails. Called under ``locked(path)``, which it takes itself
    otherwise."""
    with locked(path):
        _replace_in_place(path, old, new)


def _replace_in_place(path: Path, old: bytes, new: bytes) -> None:
    try:
        info = os.stat(path)
    except OSError as error:
        raise OutputError(f"không ghi được tệp ({os_reason(error)}).", Position(path)) from None
    if info.st_nlink < 2 or not new.startswith(old):
        write_atomic(path, new, True, (path.suffix.lower(),))
        return
    try:
        with open(path, "r+b") as stream, interrupt.critical():
            if stream.seek(0, os.SEEK_END) != len(old):
                raise OutputError("tệp đã bị thay đổi trong khi ký.", Position(path), "Ký lại.")
            try:
                stream.write(new[len(old):])
                stream.flush()
                os.fsync(stream.fileno())
            except OSError:
                stream.truncate(len(old))
                raise
            interrupt.written(path)
    except OSError as error:
        raise OutputError(f"không ghi được tệp ({os_reason(error)}).", Position(path), hint(error)) from None


def stage_folder(source: Path, target: Path) -> Path | None:
    """A copy of the folder ``source`` beside ``target``, to be put in place by ``place_folder``; None when
    ``target`` is a folder already (kept as it is). A broken link or a file in the way is refused first."""
    if target.is_symlink() and not target.exists():
        raise OutputError("đây là một liên kết (symlink) tới nơi không còn tồn tại.", Position(target),
                          "Xóa liên kết này hoặc sửa cho nó trỏ tới một thư mục có thật, rồi chạy lại.")
    if target.is_dir():
        return None
    if target.exists():
        raise OutputError("đã có một tệp trùng tên với thư mục cần tạo.", Position(target), "Đổi tên hoặc xóa tệp đó.")
    check_folders(target)
    staged: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with interrupt.critical():  # made and registered in one step
            staged = Path(tempfile.mkdtemp(prefix=".tdkt-", suffix=".tmp", dir=target.parent))
            interrupt.keep_temporary(staged)
        for item in sorted(source.iterdir()):
            if item.is_file():
                _write_all(staged / item.name, read_bytes(item))
                os.chmod(staged / item.name, new_file_mode())
        os.chmod(staged, new_dir_mode())
    except (OSError, DocgenError) as error:
        discard_folder(staged)
        reason = os_reason(error) if isinstance(error, OSError) else str(error)
        raise OutputError(f"không tạo được thư mục ({reason}).", Position(target),
                          hint(error) if isinstance(error, OSError) else None) from None
    return staged


def place_folder(staged: Path | None, target: Path) -> None:
    """Put a staged folder in place in one step (a rename: never half a folder under the target's name)."""
    if staged is None:
        return
    try:
        with interrupt.critical():
            os.rename(staged, target)
            interrupt.forget_temporary(staged)
            interrupt.written(f"{target}/")
    except OSError as error:
        discard_folder(staged)
        raise OutputError(f"không tạo được thư mục ({os_reason(error)}).", Position(target), hint(error)) from None


def discard_folder(staged: Path | None) -> None:
    if staged is not None:
        import shutil

        shutil.rmtree(staged, ignore_errors=True)
        interrupt.forget_temporary(staged)


LOCK_WAIT_SECONDS = 120.0
_held = threading.local()  # the real files (device, inode) this thread holds the lock of


@contextmanager
def locked(path: Path, error: type[DocgenError] = OutputError, waiting: Callable[[], None] | None = None,
           optional: bool = False) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (one in-place signing, one replacement at a time): a second
    run waits for the first (``waiting`` is called once when it has to), up to ``LOCK_WAIT_SECONDS``. The lock
    is on the real file, whichever name reaches it (a symbolic link, a hard link), and follows the name: when
    the first run replaced the file, the second locks the new one. A thread that holds it already goes on.
    ``optional``: a file that cannot be opened to lock (not readable) is written without the lock."""
    with _locked(path, error, waiting, f"tệp đang được một lần ký hay ghi khác dùng quá {LOCK_WAIT_SECONDS:g} "
                                       "giây.", "Chờ lần chạy kia xong rồi chạy lại.", optional):
        yield


@contextmanager
def folder_lock(folder: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Write into ``folder`` alone: a second run writing into the same folder waits until the first is done
    (``waiting`` is called once when it has to), then sees what the first wrote; after ``LOCK_WAIT_SECONDS``
    it refuses. The folder is made when missing, and removed again when nothing was written into it."""
    made = [parent for parent in (folder, *folder.parents) if not parent.exists() and not parent.is_symlink()]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as problem:
        raise OutputError(f"không tạo được thư mục kết quả ({os_reason(problem)}).", Position(folder),
                          hint(problem)) from None
    try:
        with _locked(folder, OutputError, waiting, f"thư mục đang được một lần chạy khác ghi vào quá "
                                                   f"{LOCK_WAIT_SECONDS:g} giây.",
                     "Chờ lần chạy kia xong, hoặc ghi vào thư mục khác."):
            yield
    finally:
        for parent in made:  # innermost first; a folder with anything in it stays
            try:
                parent.rmdir()
            except OSError:
                break


@contextmanager
def _locked(path: Path, error: type[DocgenError], waiting: Callable[[], None] | None, too_long: str,
            what_to_do: str, optional: bool = False) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory locks
        yield
        return
    held: set[tuple[int, int]] = _held.__dict__.setdefault("files", set())
    deadline, told = time.monotonic() + LOCK_WAIT_SECONDS, False
    while True:
        try:
            handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except PermissionError:
            if not optional:
                raise error("không mở được tệp (không có quyền đọc).", Position(path)) from None
            yield
            return
        except OSError as problem:
            raise error(f"không mở được tệp ({os_reason(problem)}).", Position(path)) from None
        try:
            info = os.fstat(handle)
            key = (info.st_dev, info.st_ino)
            if key in held:  # this thread locked it already (signing replaces the file it locked)
                yield
                return
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise error(too_long, Position(path), what_to_do) from None
                    if not told and waiting is not None:
                        waiting()
                        told = True
                    time.sleep(0.05)
                except OSError:  # a file system without locks (some network shares): nothing to wait for
                    break
            try:
                same = info.st_ino == os.stat(path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                held.add(key)
                try:
                    yield
                finally:
                    held.discard(key)
                return
        finally:
            os.close(handle)


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
    append_compressed(archive, name, zipfile.ZIP_DEFLATED, crc, len(blob), data)


def append_compressed(archive: zipfile.ZipFile, name: str, method: int, crc: int, size: int, data: bytes) -> None:
    """Append an entry whose compressed ``data`` is already made, dated FIXED_DATE: the one place that writes
    a ZIP entry without zipfile compressing it (zipfile has no public call for that)."""
    info = zipfile.ZipInfo(name, FIXED_DATE)
    info.compress_type, info.external_attr = method, 0o600 << 16
    info.file_size, info.compress_size, info.CRC = size, len(data), crc
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
