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

__all__ = ["Accepted", "FieldState", "Planned", "accept_signature", "blank_workbook", "certificate_info",
           "example_data", "field_label", "first_page_png", "lint_template", "make", "pledge_report", "plan",
           "problems_of", "reconciliation_sheet", "signature_fields", "to_pdf"]


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


def field_label(path: str, kind: str | None = None) -> str | None:
    """The words a data file's field is known by (its description in the kind's JSON Schema, up to its
    example: "Ngày ban hành"), with the member or row it belongs to ("thanh_vien.2.ten" → "Tên, không kèm
    cấp (mục thứ 3 của thanh_vien)"); None where the schema has no words for it."""
    import json
    import re

    from .schema import HERE as SCHEMAS

    files = [SCHEMAS / f"{kind}.schema.json"] if kind else sorted(SCHEMAS.glob("*.schema.json"))
    for file in files:
        if file.is_file():
            # the user's thanh_vien[3].ten (counted from 1) is the data's thanh_vien.2.ten
            keys = re.sub(r"\[(\d+)\]", lambda m: f".{int(m[1]) - 1}", path).split(".")
            found = _label(json.loads(file.read_text(encoding="utf-8")), keys)
            if found:
                return found
    return None


LIST_WORDS = {"thanh_vien": "thành viên", "noi_nhan": "nơi nhận", "chi_tieu": "chỉ tiêu"}


def _label(schema: dict[str, Any], keys: list[str]) -> str | None:
    node: dict[str, Any] = schema
    rows = []
    for before, key in zip(["", *keys], keys, strict=False):
        node = _resolved(schema, node)
        if key.isdigit() and "items" in node:
            rows.append(f"{LIST_WORDS.get(before, 'mục')} thứ {int(key) + 1}")
            node = node["items"]
            continue
        properties = node.get("properties", {})
        if key in properties:
            node = properties[key]
        elif isinstance(node.get("additionalProperties"), dict):  # figures by member: "so_lieu.van_ban.Lai Châu"
            rows.append(key)
            node = node["additionalProperties"]
        else:
            return None
    text = str(_resolved(schema, node).get("description") or node.get("description") or "")
    words = text.split(":")[0].split(" (")[0].split(";")[0].split(", ví dụ")[0].strip()
    if not words:
        return None
    return f"{words} ({', '.join(rows)})" if rows else words


def _resolved(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """A node with its $ref followed (and the one schema of "X or null")."""
    if "$ref" in node:
        node = {**schema["$defs"][node["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in node.items() if k != "$ref"}}
    for choice in node.get("anyOf", []):
        if choice.get("type") != "null":
            return {**_resolved(schema, choice), **{k: v for k, v in node.items() if k != "anyOf"}}
    return node


def problems_of(error: DocgenError) -> list[DocgenError]:
    """Each single problem of an error (several found at once, or one)."""
    return list(error.errors) if isinstance(error, Several) else [error]


# ------------------------------------------------------------------ the pledge signed in turn


def signature_fields(content: bytes) -> list[tuple[str, bool]]:
    """(member's field, signed) of a PDF, in the document's order."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    return signing.signature_fields(PdfFileReader(io.BytesIO(content), strict=False))


@dataclass(frozen=True)
class Accepted:
    """The new signature of an upload: who signed (the certificate's CN), the names its subject gives (O, CN)
    to bind it to a member, its certificate's SHA-256, and its verdict in ``tdkt verify``'s words."""

    signer: str
    subject_names: tuple[str, ...]
    fingerprint: str
    verdict: str
    trusted: bool | None


def accept_signature(current: bytes, uploaded: bytes, field: str, shown: str = "tệp tải lên",
                     trust: Sequence[Path] = ()) -> Accepted:
    """The new signature of ``uploaded`` when it is ``current`` plus exactly one new valid signature, in ``field``,
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
                                   f"Ký vào ô '{field}' rồi tải lên lại.")
    result = signing.verify(reader, list(trust) or None)
    untrusted = [r.field for r in result.signatures if r.trusted is False and r.intact]
    if untrusted:
        raise signing.SigningError(f"chứng thư số ký ô {', '.join(untrusted)} không do nơi tin cậy cấp.", where,
                                   "Ký bằng chứng thư số của tổ chức cung cấp dịch vụ chứng thực mà Cụm chấp nhận.")
    bad = [r.field for r in result.signatures if r.broken or (trust and not r.ok)]
    if bad or result.modified_after_last:
        raise signing.SigningError(f"chữ ký không hợp lệ hoặc nội dung đã ký bị sửa (ô: {', '.join(bad) or field}).",
                                   where, "Ký lại vào bản hiện tại tải từ trang này rồi tải lên lại.")
    report = result.signatures[-1]
    certificate = added[0].signer_cert
    names, fingerprint = _subject(certificate)
    return Accepted(report.signer, names, fingerprint, verdict(report), report.trusted)


def verdict(report: signing.SignatureReport) -> str:
    """A signature's verdict as ``tdkt verify`` words it, without the command line's own advice."""
    return report.verdict.split(" (")[0]


@dataclass(frozen=True)
class FieldState:
    """A field of a pledge as ``tdkt verify`` sees it: signed or not, by whom, when and with what verdict."""

    field: str
    signed: bool
    signer: str | None
    time: Any  # datetime of the signature (as the signer's software states it), or None
    verdict: str | None
    valid: bool | None  # True: intact and trusted; False: broken; None: intact, trust not judged
    trusted: bool | None


def pledge_report(content: bytes, trust: Sequence[Path] = ()) -> list[FieldState]:
    """Every field of a pledge PDF, in the document's order, checked as ``tdkt verify`` checks it."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(content), strict=False)
    reports = {r.field: r for r in signing.verify(reader, list(trust) or None).signatures}
    states = []
    for name, signed in signing.signature_fields(reader):
        report = reports.get(name)
        if report is None:
            states.append(FieldState(name, signed, None, None, None, None, None))
            continue
        valid = False if report.broken else (True if report.ok else None)
        states.append(FieldState(name, True, report.signer, report.time, verdict(report), valid, report.trusted))
    return states


def certificate_info(content: bytes, shown: str = "tệp chứng thư số") -> tuple[tuple[str, ...], str]:
    """The subject names (O, CN) and SHA-256 of a certificate file (.cer, .crt, .pem: PEM or DER), so an office
    can register the certificate its signers use; SigningError when it is none."""
    from pyhanko.keys import load_certs_from_pemder_data

    try:
        certificates = list(load_certs_from_pemder_data(content))
    except (ValueError, TypeError, KeyError):
        certificates = []
    if len(certificates) != 1:
        raise signing.SigningError("tệp không phải một chứng thư số (.cer, .crt hoặc .pem) đọc được.",
                                   Position(shown), "Xuất chứng thư số (không có khóa bí mật) từ phần mềm chữ ký "
                                                    "số hoặc thiết bị ký rồi tải lên.")
    return _subject(certificates[0])


def _subject(certificate: Any) -> tuple[tuple[str, ...], str]:
    import hashlib

    subject = certificate.subject.native
    names: list[str] = []
    for key in ("organization_name", "common_name"):
        value = subject.get(key)
        names += [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []
    return tuple(names), hashlib.sha256(certificate.dump()).hexdigest()


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
