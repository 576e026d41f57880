"""Reading the user's files safely: the one place every input file (data, workbook, template, DOCX to check,
PDF, certificate, image) is opened.

Only regular files are read: a folder, a FIFO, a device or a socket is refused at once (a FIFO would make
the command wait forever), and so is a file larger than the limit for its kind. Every failure is a
Vietnamese ``DocgenError`` (of the caller's class) naming the file; OS errors are said in Vietnamese.
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
import zlib
from pathlib import Path

from ..errors import DocgenError, Position, os_reason

MB = 1024 * 1024
DATA_LIMIT = 20 * MB  # a data file: the largest real one (1,000 members) is under 1 MB
DOCUMENT_LIMIT = 100 * MB  # DOCX, PDF, XLSX: a report with photos stays far below
SMALL_LIMIT = 5 * MB  # certificates, signature and seal images

# What a damaged ZIP package (DOCX, XLSX) raises while it is opened or read, whatever the library on top
UNREADABLE_ZIP: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, KeyError, IndexError, ValueError,
    TypeError, OSError, SyntaxError)  # lxml's XMLSyntaxError is a SyntaxError

# Excel's error values: what a cell whose formula failed holds (openpyxl reads them as these texts)
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
                          "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"})
EXCEL_ERROR_HINT = "Sửa công thức của ô (hoặc gõ giá trị vào ô) trong Excel, lưu lại rồi chạy lại."

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def read_bytes(path: Path | str, what: str = "tệp", error: type[DocgenError] = DocgenError,
               limit: int = DOCUMENT_LIMIT) -> bytes:
    """The content of the regular file ``path``, or ``error`` saying why not (``what`` names the file for the
    user: "tệp dữ liệu", "tệp mẫu", "tệp chứng thư số")."""
    path = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer
        handle = os.open(path, _FLAGS)
    except OSError as problem:
        message, hint = _open_problem(problem, what)
        raise error(message, Position(path), hint) from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise error(f"đây là một thư mục, không phải {what}.", Position(path), "Ghi rõ tên tệp.")
        if not stat.S_ISREG(info.st_mode):
            raise error(f"đây không phải là một tệp thường (có thể là ống dẫn, thiết bị hoặc socket), không đọc "
                        f"được như {what}.", Position(path), "Chép nội dung ra một tệp thường rồi thử lại.")
        if info.st_size > limit:
            raise error(f"{what} quá lớn ({info.st_size / MB:.1f} MB; tối đa {limit // MB} MB).", Position(path),
                        "Kiểm tra lại có đúng tệp không.")
        chunks, size = [], 0
        while True:
            chunk = os.read(handle, 1024 * 1024)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:  # the file grew while being read
                raise error(f"{what} quá lớn (tối đa {limit // MB} MB).", Position(path))
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as problem:
        raise error(f"không đọc được {what} ({os_reason(problem)}).", Position(path)) from None
    finally:
        os.close(handle)


def _open_problem(problem: OSError, what: str) -> tuple[str, str | None]:
    if problem.errno == errno.ENOENT:
        return f"không tìm thấy {what}.", "Kiểm tra lại đường dẫn và tên tệp."
    if problem.errno == errno.EISDIR:
        return f"đây là một thư mục, không phải {what}.", "Ghi rõ tên tệp."
    if problem.errno in (errno.EACCES, errno.EPERM):
        return f"không có quyền đọc {what}.", "Kiểm tra quyền truy cập tệp."
    if problem.errno == errno.ELOOP:
        return f"đường dẫn tới {what} là một vòng liên kết (symlink) không dẫn tới tệp nào.", None
    return f"không đọc được {what} ({os_reason(problem)}).", None


def read_text(path: Path | str, what: str = "tệp", error: type[DocgenError] = DocgenError,
              limit: int = DATA_LIMIT) -> str:
    """A UTF-8 text file (a byte-order mark allowed), or ``error`` saying it is not UTF-8."""
    content = read_bytes(path, what, error, limit)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{what} không phải văn bản UTF-8.", Position(path),
                    "Lưu lại tệp với bảng mã UTF-8 (Unicode) rồi thử lại.") from None
