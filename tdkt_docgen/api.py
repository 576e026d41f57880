"""The public functions a service (or any program) calls, on paths and bytes: plan a job from a data file and
the members' workbooks, make one document of it, convert it, preview its first page, lint a template, accept
the next signature of a pledge signed in turn. No HTTP here, and nothing of OOXML in the web layer.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import batch, kinds
from .errors import DataError, DocgenError, Position, Several, TemplateError
from .examples import example_path, known_kind
from .pdf import convert as pdf
from .pdf import signing
from .pipeline import load

__all__ = ["Planned", "accept_signature", "blank_workbook", "example_data", "first_page_png", "lint_template",
           "make", "plan", "problems_of", "reconciliation_sheet", "signature_fields", "to_pdf"]


@dataclass(frozen=True)
class Planned:
    """A valid data file's documents: (label, file name, member index or None) each, and what to warn of."""

    kind: str
    items: list[tuple[str, str, int | None]]
    warnings: list[str]


def plan(data_path: Path, workbooks: Sequence[Path] = (), *, per_member: bool = False,
         pattern: str | None = None, kind: str | None = None, stem: str = "van-ban",
         template: Path | None = None, per_row: bool = False) -> Planned:
    """Check a data file (with the members' workbooks merged, or an own template's other data files) and list
    the documents it makes; DataErrors with every problem otherwise. ``kind``, when given, must be the file's
    ``loai``; ``stem`` names the one document of a file (the uploaded file's name: made safe); ``per_row``:
    one document per row of a table, for an own ``template``."""
    workbooks = tuple(workbooks)
    if per_row:
        if template is None:
            raise DataError("mỗi dòng một văn bản cần mẫu Word riêng.", Position(data_path),
                            "Tải mẫu lên ở trang Mẫu riêng rồi chọn mẫu đó.")
        rows, tasks = batch.plan_rows(data_path, workbooks, pattern, template)
        return Planned(OWN, [(t.label, t.name, t.member) for t in tasks], list(rows.notes))
    if per_member:
        document, tasks = batch.plan_members(data_path, pattern, False, workbooks)
        items = [(t.label, t.name, t.member) for t in tasks]
    else:
        document = load(data_path, workbooks=workbooks, template=template)
        items = [(stem, batch.file_name(pattern, 1, stem, stem), None)]
    if document.own:
        return Planned(OWN, items, list(document.notes))
    found = next(name for name, module in kinds.KINDS.items() if module is document.kind)
    if kind is not None and known_kind(kind) != found:
        raise DataError(f"tệp dữ liệu là loại '{found}', không phải loại đã chọn '{kind}'.",
                        Position(data_path, None, "loai"), "Chọn đúng loại văn bản, hoặc tải lên đúng tệp dữ liệu.")
    warnings = [*document.warnings, *(str(m) for m in document.mismatches)]
    return Planned(found, items, warnings)


OWN = "rieng"  # own data for an own template (no loai)


def make(data_path: Path, workbooks: Sequence[Path], member: int | None, label: str, name: str,
         template: Path | None = None, row: bool = False) -> tuple[bytes | None, list[str]]:
    """One document of a plan (a row of a table with ``row``): its DOCX, or why it could not be made."""
    task = batch.Task(1, data_path, member, label, name, tuple(workbooks), row=row)
    result = batch.render_task(task, False, template)
    return result.content, list(result.errors)


def reconciliation_sheet(data_path: Path, workbooks: Sequence[Path] = (), member: int | None = None) -> bytes:
    """The reconciliation sheet (.xlsx) of one document of a plan: every number it prints, where it stands, its
    value and the data field (file, line or workbook cell) or the formula and inputs it comes from. ``member``:
    the member's own document (``plan(..., per_member=True)``); DataError for own templates' data."""
    from .docx.render import TEMPLATES
    from .pipeline import reconciliation, sheet

    document = load(data_path, workbooks=workbooks, per_member=member is not None)
    if member is None:
        return sheet(document, reconciliation(document)[1])
    per_member = document.kind.PER_MEMBER
    chosen = per_member.members(document.model)[member]
    _, lines = reconciliation(document, lambda: per_member.derive(document.model, chosen, document.options),
                              TEMPLATES / per_member.template)
    return sheet(document, lines)


def to_pdf(docx: bytes, converter: Any = None) -> bytes:
    """The PDF of a DOCX (LibreOffice), with the pledge's empty signature fields; PdfError otherwise. A
    long-lived ``converter`` (``resident_office.converter()``) keeps one LibreOffice running between documents."""
    if converter is None:
        return pdf.convert_one(docx)
    return converter.convert(docx)  # type: ignore[no-any-return]


def first_page_png(pdf_content: bytes, dpi: int = 60) -> bytes:
    """The first page of a PDF as a PNG (poppler's pdftoppm)."""
    program = shutil.which("pdftoppm")
    if program is None:
        raise pdf.PdfError("không có pdftoppm để tạo ảnh xem trước.", None,
                           "Cài poppler-utils: sudo apt-get install -y poppler-utils.")
    with tempfile.TemporaryDirectory(prefix="tdkt-xem-") as work:
        source, target = Path(work) / "van-ban.pdf", Path(work) / "trang-1"
        source.write_bytes(pdf_content)
        done = subprocess.run([program, "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile",
                               str(source), str(target)], capture_output=True, timeout=60, check=False)
        image = target.with_suffix(".png")
        if done.returncode != 0 or not image.exists():
            raise pdf.PdfError("không tạo được ảnh xem trước trang đầu.")
        return image.read_bytes()


def lint_template(path: Path, kind: str | None = None) -> list[DocgenError]:
    """Every problem of a template (with ``kind``, the variables its example data lacks too), placed as Word
    shows it; an unreadable file raises TemplateError."""
    from .docx.template_lint import lint

    context = dict(load(example_path(kind)).context()) if kind else None
    return [problem.error(path) for problem in lint(path, context)]


def example_data(kind: str) -> bytes:
    """The kind's commented example data file (YAML)."""
    return example_path(kind).read_bytes()


def blank_workbook(year: int | None = None, members: Sequence[str] = ()) -> bytes:
    """The members' data-collection workbook of the yearly report, blank."""
    from .data import workbook

    return workbook.blank(year or workbook.default_year(), members)


def problems_of(error: DocgenError) -> list[DocgenError]:
    """Each single problem of an error (several found at once, or one)."""
    return list(error.errors) if isinstance(error, Several) else [error]


# ------------------------------------------------------------------ the pledge signed in turn


def signature_fields(content: bytes) -> list[tuple[str, bool]]:
    """(member's field, signed) of a PDF, in the document's order."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    return signing.signature_fields(PdfFileReader(io.BytesIO(content), strict=False))


def accept_signature(current: bytes, uploaded: bytes, field: str, shown: str = "tệp tải lên",
                     trust: Sequence[Path] = ()) -> str:
    """The signer of ``uploaded`` when it is ``current`` plus exactly one new valid signature, in ``field``,
    with every earlier signature intact (and, with ``trust``, every certificate issued by one of those roots);
    a SigningError saying what is wrong otherwise."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    where = Position(shown)
    if not uploaded.startswith(current) or len(uploaded) == len(current):
        raise signing.SigningError("tệp không phải bản hiện tại của giao ước cộng thêm chữ ký (đã bị sửa, hoặc ký "
                                   "vào bản cũ).", where, "Tải bản hiện tại ở trang này, ký vào ô của mình rồi "
                                                          "tải lên lại.")
    before = len(PdfFileReader(io.BytesIO(current), strict=False).embedded_signatures)
    _, reader = _read(uploaded, shown)
    added = reader.embedded_signatures[before:]
    if len(added) != 1:
        raise signing.SigningError(f"tệp có {len(added)} chữ ký mới; mỗi lần chỉ nhận đúng một chữ ký.", where,
                                   "Ký một ô rồi tải lên; thành viên sau ký vào bản mới.")
    if added[0].field_name != field:
        raise signing.SigningError(f"chữ ký mới nằm ở ô '{added[0].field_name}', không phải ô '{field}'.", where,
                                   f"Ký vào ô '{field}' (tdkt sign … --field \"{field}\").")
    result = signing.verify(reader, list(trust) or None)
    untrusted = [r.field for r in result.signatures if r.trusted is False and r.intact]
    if untrusted:
        raise signing.SigningError(f"chứng thư số ký ô {', '.join(untrusted)} không do nơi tin cậy cấp.", where,
                                   "Ký bằng chứng thư số của tổ chức cung cấp dịch vụ chứng thực mà Cụm chấp nhận.")
    bad = [r.field for r in result.signatures if r.broken or (trust and not r.ok)]
    if bad or result.modified_after_last:
        raise signing.SigningError(f"chữ ký không hợp lệ hoặc nội dung đã ký bị sửa (ô: {', '.join(bad) or field}).",
                                   where, "Kiểm tra bằng tdkt verify; ký lại vào bản hiện tại.")
    return result.signatures[-1].signer


def _read(content: bytes, shown: str) -> tuple[bytes, Any]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as temp:
        temp.write(content)
        temp.flush()
        try:
            return signing.read_pdf(Path(temp.name))
        except DocgenError as error:
            raise type(error)(error.message, Position(shown), error.hint) from None


def template_error(message: str, shown: str, hint: str | None = None) -> TemplateError:
    return TemplateError(message, Position(shown), hint)
