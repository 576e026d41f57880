"""One small hierarchy of errors. Messages are Vietnamese and carry a position the user can find.

The command line prints ``str(error)`` (one line each) and exits with code 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Position:
    """Where something is: a data file and line, a workbook cell, or a template paragraph."""

    file: Path | str | None = None
    line: int | None = None
    field: str | None = None
    cell: str | None = None  # "Khen thưởng!D12" in a workbook

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(str(self.file))
        if self.cell:
            parts.append(self.cell)
        if self.line is not None:
            parts.append(f"dòng {self.line}")
        if self.field:
            parts.append(f"trường '{self.field}'")
        return ", ".join(parts)


class DocgenError(Exception):
    """An error the user can fix; ``str()`` is the Vietnamese message with its position."""

    def __init__(self, message: str, position: Position | None = None, hint: str | None = None):
        self.message = message
        self.position = position
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.position}: " if self.position and str(self.position) else ""
        hint = f" {self.hint}" if self.hint else ""
        return f"{where}{self.message}{hint}"


class DataError(DocgenError):
    """The data file cannot be read or does not fit the document kind."""


class Several:
    """Several errors found at once and reported together, one line each (mixed into an error class)."""

    errors: Sequence[DocgenError]

    def __init__(self, errors: Sequence[DocgenError]):
        self.errors = errors
        DocgenError.__init__(self, "\n".join(str(e) for e in errors))  # type: ignore[arg-type]

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class DataErrors(Several, DataError):
    """Several data errors found at once."""


class TemplateError(DocgenError):
    """The template is broken: a tag, a filter or a variable it uses."""


class TemplateErrors(Several, TemplateError):
    """Several template problems found at once."""


class OutputError(DocgenError):
    """The output cannot be written (exists without --force, folder missing, no permission)."""


@dataclass(frozen=True)
class Mismatch:
    """A total stated in the data file that differs from the one computed from its parts."""

    what: str
    stated: str
    computed: str
    position: Position

    def __str__(self) -> str:
        where = f"{self.position}: " if str(self.position) else ""
        return (f"{where}{self.what}: tệp ghi {self.stated} nhưng cộng từ số liệu chi tiết được "
                f"{self.computed}. Văn bản dùng số đã cộng; đề nghị kiểm tra lại số liệu.")


class MismatchError(DataError):
    """Stated totals differ from computed ones and the user asked for strict checking."""

    def __init__(self, mismatches: list[Mismatch]):
        self.mismatches = mismatches
        super().__init__("\n".join(str(m) for m in mismatches))

    def __str__(self) -> str:
        return "\n".join(str(m) for m in self.mismatches)


_OS_REASONS = {
    "ENOENT": "không có tệp hoặc thư mục này",
    "EEXIST": "tệp đã có",
    "EACCES": "không có quyền",
    "EPERM": "không được phép",
    "EROFS": "ổ đĩa chỉ cho đọc",
    "ENOSPC": "ổ đĩa đã đầy",
    "EDQUOT": "đã hết hạn mức dung lượng",
    "EISDIR": "đây là một thư mục",
    "ENOTDIR": "một phần của đường dẫn là tệp, không phải thư mục",
    "ENAMETOOLONG": "tên tệp quá dài",
    "EIO": "lỗi đọc ghi ổ đĩa",
    "EBUSY": "tệp đang bị chiếm dụng",
    "ETXTBSY": "tệp đang bị chiếm dụng",
    "EXDEV": "khác ổ đĩa",
    "EMLINK": "quá nhiều liên kết",
    "ELOOP": "vòng liên kết (symlink)",
    "EINVAL": "thao tác không hợp lệ ở đây",
    "ENODEV": "thiết bị không hỗ trợ",
    "EFBIG": "tệp quá lớn",
    "EMFILE": "mở quá nhiều tệp",
    "ENOTEMPTY": "thư mục không trống",
}


def os_reason(error: OSError) -> str:
    """An OS error in Vietnamese ("ổ đĩa đã đầy"), never Python's English text."""
    import errno

    name = errno.errorcode.get(error.errno or 0, "")
    return _OS_REASONS.get(name, f"lỗi hệ điều hành {name or error.errno}")
