"""Digital signatures on the PDF (pyHanko): each member signs its own field in turn, and anyone verifies.

A signature is PAdES (ETSI.CAdES.detached, SHA-256), written as an incremental update: the bytes signed
before stay as they were, so the earlier signatures stay valid. The visible appearance follows Decree 30
(Phụ lục I, II.8, as the DOCX does with ``nd30.image_positions``): the signer's image centred in the room
to sign, the seal image over its left third.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext

from . import images, nd30
from .errors import DocgenError, Position
from .reading import DOCUMENT_LIMIT, SMALL_LIMIT, read_bytes
from .vn import slug

# pyHanko logs every certificate it cannot chain (with a traceback) as a warning; verify reports trust itself
for _library in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_library).addHandler(logging.NullHandler())
    logging.getLogger(_library).propagate = False

VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7))


class SigningError(DocgenError):
    """The PDF, the certificate, the password or the field cannot be used."""


class Damaged(SigningError):
    """A PDF whose structure is broken: nothing in it can be verified. ``tdkt verify`` reports it as a
    failed verification (exit 1), since finding altered files is its job; signing refuses it (exit 2)."""


DAMAGED_HINT = "Tệp đã bị sửa hoặc hỏng khi sao chép; lấy lại bản gốc từ nơi gửi."


# ------------------------------------------------------------------ reading the PDF


def read_pdf(path: Path) -> tuple[bytes, Any]:
    """The bytes of a PDF and pyHanko's reader over them, or a Vietnamese error naming the file."""

    content = read_bytes(path, "tệp PDF", SigningError, DOCUMENT_LIMIT)
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        reader.root  # noqa: B018 - parses the trailer and the catalogue
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError):
        if content.startswith(b"%PDF-"):
            raise Damaged("cấu trúc tệp PDF bị hỏng (không đọc được bảng tham chiếu hoặc phần cuối tệp).",
                          Position(path), DAMAGED_HINT) from None
        raise SigningError("tệp không phải là PDF đọc được (không bắt đầu bằng '%PDF-').", Position(path),
                           "Chỉ ký và kiểm tra tệp .pdf (tạo bằng tdkt render … --pdf hoặc tdkt pdf).") from None
    return content, reader


PDF_PROBLEMS = (PdfReadError, ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError)


def signature_fields(reader: Any) -> list[tuple[str, bool]]:
    """(name, signed) of every signature field, in the document's order."""
    try:
        return [(str(name), value is not None) for name, value, _ in fields.enumerate_sig_fields(reader)]
    except PDF_PROBLEMS:
        raise Damaged("cấu trúc tệp PDF bị hỏng (không đọc được các ô ký).", None, DAMAGED_HINT) from None


def find_field(reader: Any, wanted: str, path: Path) -> str:
    """The field the user means: its exact name, or the same name without diacritics or case ("son-la")."""
    fields = signature_fields(reader)
    names = [name for name, _ in fields]
    if not names:
        raise SigningError("tệp PDF không có ô ký nào.", Position(path),
                           "Tạo PDF của giao ước bằng tdkt render … --pdf: mỗi thành viên có một ô ký mang tên mình.")
    matches = [name for name in names if name == wanted] or [name for name in names if slug(name) == slug(wanted)]
    if not matches:
        raise SigningError(f"không có ô ký '{wanted}'.", Position(path), f"Các ô ký có: {', '.join(names)}.")
    if dict(fields)[matches[0]]:
        raise SigningError(f"ô ký '{matches[0]}' đã được ký.", Position(path),
                           "Mỗi ô chỉ ký một lần; kiểm tra bằng tdkt verify.")
    return matches[0]


# ------------------------------------------------------------------ signing


def read_certificate_file(path: Path) -> bytes:
    """The bytes of a certificate file (checked before the password is asked)."""
    return read_bytes(path, "tệp chứng thư số", SigningError, SMALL_LIMIT)


def load_signer(path: Path, password: str, now: dt.datetime | None = None) -> Any:
    """The signer of a PKCS#12 file (.p12, .pfx), or why it cannot be opened or must not sign now (a
    certificate not yet or no longer valid, or not meant for signing documents)."""
    data = read_certificate_file(path)
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password.encode() or None)
    except (ValueError, TypeError):
        signer = None
    if signer is None or signer.signing_cert is None:
        raise SigningError("không mở được tệp chứng thư số: sai mật khẩu, hoặc tệp không phải .p12/.pfx.",
                           Position(path), "Kiểm tra mật khẩu (biến môi trường TDKT_MAT_KHAU hoặc nhập khi "
                                           "được hỏi) và tệp do tổ chức cung cấp dịch vụ chữ ký số cấp.")
    problem = certificate_problem(signer.signing_cert, now or dt.datetime.now(dt.UTC))
    if problem:
        raise SigningError(f"không ký được: {problem}.", Position(path),
                           "Dùng chứng thư số còn hiệu lực do tổ chức cung cấp dịch vụ chữ ký số cấp.")
    return signer


SIGNING_USAGES = {"digital_signature", "non_repudiation"}


def _day(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM_TIME).strftime("%H:%M ngày %d/%m/%Y")


def certificate_problem(certificate: Any, moment: dt.datetime) -> str | None:
    """Why ``certificate`` cannot sign at ``moment`` (its validity period, its key usage), or None."""
    if moment < certificate.not_valid_before:
        return f"chứng thư số chưa có hiệu lực lúc ký (hiệu lực từ {_day(certificate.not_valid_before)})"
    if moment > certificate.not_valid_after:
        return f"chứng thư số đã hết hạn lúc ký (hết hạn {_day(certificate.not_valid_after)})"
    usage = certificate.key_usage_value
    if usage is not None and not SIGNING_USAGES & set(usage.native):
        return "chứng thư số không dùng để ký văn bản (thiếu mục đích 'chữ ký số' trong chứng thư)"
    return None


@dataclass(frozen=True)
class Appearance:
    """The images shown in the signed field; both optional. Without any, the field shows nothing (pyHanko's
    own text stamp is English, in a font without Vietnamese letters, and draws a frame over the cell)."""

    signature: Path | None = None
    seal: Path | None = None
    seal_mm: float = nd30.SEAL_DEFAULT_MM


def check_images(appearance: Appearance) -> None:
    """Both images readable and PNG (before the password is asked); a seal only over a signature."""
    if appearance.seal and not appearance.signature:
        raise SigningError("ảnh con dấu chỉ đặt trùm lên ảnh chữ ký.", Position(appearance.seal),
                           "Thêm --image ẢNH_CHỮ_KÝ.png, hoặc bỏ --seal.")
    _image(appearance.signature, images.signature_picture)
    _image(appearance.seal, lambda path: images.seal_picture(path, appearance.seal_mm))


def sign(pdf: bytes, field: str, signer: Any, appearance: Appearance) -> bytes:
    """The PDF with one more signature, in ``field``, appended as an incremental update."""
    try:
        return _signed(pdf, field, signer, appearance)
    except PDF_PROBLEMS:
        raise Damaged("cấu trúc tệp PDF bị hỏng, không ký được.", None, DAMAGED_HINT) from None


def _signed(pdf: bytes, field: str, signer: Any, appearance: Appearance) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(field_name=field, subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
    box = _field_box(writer, field)
    style = _stamp_style(appearance, box)
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style)
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out)
    return out.getvalue()


def _field_box(writer: Any, field: str) -> tuple[float, float]:
    """Width and height (points) of the field's widget."""

    for name, _, reference in fields.enumerate_sig_fields(writer.prev):
        if name == field:
            x1, y1, x2, y2 = (float(v) for v in reference.get_object()["/Rect"])
            return abs(x2 - x1), abs(y2 - y1)
    raise SigningError(f"không có ô ký '{field}'.")  # pragma: no cover - find_field came first


def _stamp_style(appearance: Appearance, box: tuple[float, float]) -> Any:

    return StaticStampStyle(
        background=SignatureArt(appearance, box), background_opacity=1.0, border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(x_align=layout.AxisAlignment.ALIGN_MID,
                                                     y_align=layout.AxisAlignment.ALIGN_MID,
                                                     margins=layout.Margins.uniform(0)))


class SignatureArt(PdfContent):
    """The signature image centred in the field and the seal over its left third, drawn at their real
    sizes (the same rule as in the DOCX: ``nd30.image_positions``), scaled down only to fit the field."""

    def __init__(self, appearance: Appearance, box: tuple[float, float]):
        super().__init__(box=layout.BoxConstraints(*box))
        self.pictures = _pictures(appearance, box)

    def render(self) -> bytes:
        commands = []
        for data, (x, y, width, height) in self.pictures:
            box = layout.BoxConstraints(width, height)
            image = PdfImage(Image.open(io.BytesIO(data)), writer=self.writer, box=box)
            commands.append(b"q 1 0 0 1 %g %g cm %s Q" % (x, y, image.render()))
            self.import_resources(image.resources)
        return b" ".join(commands)


def _pictures(appearance: Appearance, box: tuple[float, float]) -> list[tuple[bytes, tuple[float, ...]]]:
    """(PNG, (x, y, width, height) in points from the field's bottom-left) for the signature, then the seal."""
    width_pt, height_pt = box
    width_cm, height_cm = width_pt / nd30.POINTS_PER_CM, height_pt / nd30.POINTS_PER_CM
    seal = _image(appearance.seal, lambda path: images.seal_picture(path, appearance.seal_mm))
    box_cm = nd30.signature_box_width_cm(width_cm, seal.width_cm if seal else None)  # as the DOCX's cell
    signature = _image(appearance.signature, lambda path: images.signature_picture(path, box_cm))
    sig_size = (signature.width_cm, signature.height_cm) if signature else (0.0, 0.0)
    seal_size = (seal.width_cm, seal.height_cm) if seal else None
    at_signature, at_seal = nd30.image_positions(width_cm, sig_size, seal_size)
    scale = min(1.0, height_cm / nd30.SIGNATURE_SPACE_CM)
    placed: list[tuple[bytes, tuple[float, ...]]] = []
    for picture, at in ((signature, at_signature), (seal, at_seal)):
        if picture is None or at is None:
            continue
        x, top = at[0] * scale, at[1] * scale
        w, h = picture.width_cm * scale, picture.height_cm * scale
        placed.append((picture.data, (x * nd30.POINTS_PER_CM, (height_cm - top - h) * nd30.POINTS_PER_CM,
                                      w * nd30.POINTS_PER_CM, h * nd30.POINTS_PER_CM)))
    return placed


def _image(path: Path | None, read: Any) -> Any:
    if path is None:
        return None
    try:
        return read(path)
    except images.ImageProblem as problem:
        raise SigningError(f"{problem}.", Position(path)) from None


# ------------------------------------------------------------------ verifying


@dataclass(frozen=True)
class SignatureReport:
    """One signature as ``tdkt verify`` shows it."""

    field: str
    signer: str
    time: dt.datetime | None
    intact: bool  # the signed bytes are as signed, and the signature matches them and the certificate
    changes_after: str  # "không", "chỉ thêm chữ ký, điền ô ký" or "có sửa đổi khác"
    trusted: bool | None  # None: no trust anchors given, trust cannot be judged
    certificate: str | None = None  # why the certificate could not sign at the signing time

    @property
    def broken(self) -> bool:
        """Something is wrong whatever the trust: bytes, later changes, certificate at the signing time, or
        a certificate the given trust anchors did not issue."""
        return not self.intact or self.changes_after == OTHER_CHANGES or self.certificate is not None \
            or self.trusted is False

    @property
    def ok(self) -> bool:
        return not self.broken and self.trusted is True

    @property
    def verdict(self) -> str:
        if self.broken:
            return "KHÔNG HỢP LỆ"
        return "HỢP LỆ" if self.ok else "NGUYÊN VẸN, CHƯA XÁC ĐỊNH ĐƯỢC ĐỘ TIN CẬY (không có --ca)"

    def lines(self) -> list[str]:
        when = self.time.astimezone(VIETNAM_TIME).strftime("%H:%M:%S ngày %d/%m/%Y (giờ Việt Nam)") \
            if self.time else "không ghi"
        if self.trusted is None:
            trust = "không kiểm tra được: chưa có chứng thư gốc tin cậy (thêm --ca TỆP_CA.pem)"
        else:
            trust = "có" if self.trusted else "KHÔNG (chứng thư không do nơi tin cậy đã cho cấp)"
        return [f"Ô ký '{self.field}': {self.verdict}",
                f"  Người ký: {self.signer}",
                f"  Thời điểm ký: {when}",
                f"  Chứng thư số lúc ký: {self.certificate or 'còn hiệu lực, đúng mục đích ký'}",
                f"  Nội dung đã ký còn nguyên vẹn: {'có' if self.intact else 'KHÔNG'}",
                f"  Thay đổi sau khi ký: {self.changes_after}",
                f"  Chứng thư do nơi tin cậy cấp: {trust}"]


VERIFY_TRUST_UNKNOWN = 3  # exit code of verify: nothing broken, but without --ca trust cannot be judged


@dataclass(frozen=True)
class Verification:
    signatures: list[SignatureReport]
    unsigned: list[str]
    modified_after_last: bool

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and all(s.ok for s in self.signatures) and not self.modified_after_last

    @property
    def exit_code(self) -> int:
        """0 every signature valid and trusted; 1 a signature broken, the file changed after the last one, or
        no signature; 3 nothing broken but trust not judged (no --ca)."""
        if self.ok:
            return 0
        if not self.signatures or self.modified_after_last or any(s.broken for s in self.signatures):
            return 1
        return VERIFY_TRUST_UNKNOWN


def verify(reader: Any, trust: list[Path] | None = None) -> Verification:
    """Every signature of the PDF checked: intact, what changed after it, its certificate at the signing
    time, and (with ``trust``) its chain at the signing time."""
    roots = _trust_roots(trust)
    try:
        return _verify(reader, roots, bool(trust))
    except PDF_PROBLEMS:
        raise Damaged("cấu trúc tệp PDF bị hỏng (không đọc được các chữ ký).", None, DAMAGED_HINT) from None


def _verify(reader: Any, roots: list[Any], trust: bool) -> Verification:
    reports = []
    for embedded in reader.embedded_signatures:
        moment = embedded.self_reported_timestamp or dt.datetime.now(dt.UTC)
        context = ValidationContext(trust_roots=roots, allow_fetching=False, moment=moment)
        try:
            status = validate_pdf_signature(embedded, context)
        except (SignatureValidationError, ValueError):
            reports.append(SignatureReport(embedded.field_name, "không đọc được", None, False,
                                           "không xác định (chữ ký không đọc được)", None))
            continue
        changes = _changes_after(status)
        intact = bool(status.intact and status.valid)
        problem = certificate_problem(status.signing_cert, moment) if status.signing_cert is not None else None
        if problem and trust:  # the chain judged within the certificate's validity: the reason is the date
            within = min(max(moment, status.signing_cert.not_valid_before), status.signing_cert.not_valid_after)
            status = validate_pdf_signature(embedded, ValidationContext(trust_roots=roots, allow_fetching=False,
                                                                        moment=within))
        trusted = bool(status.trusted) if trust else None
        reports.append(SignatureReport(embedded.field_name, _common_name(status.signing_cert),
                                       status.signer_reported_dt, intact, changes, trusted, problem))
    last = reader.embedded_signatures[-1] if reader.embedded_signatures else None
    modified_after_last = last is not None and last.coverage != SignatureCoverageLevel.ENTIRE_FILE
    unsigned = [name for name, signed in signature_fields(reader) if not signed]
    return Verification(reports, unsigned, modified_after_last)


OTHER_CHANGES = "CÓ SỬA ĐỔI KHÁC NỘI DUNG ĐÃ KÝ"


def _changes_after(status: Any) -> str:
    """What the file had added after a signature: nothing, only other signatures, or other changes."""
    level = status.modification_level
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE or level == ModificationLevel.NONE:
        return "không"
    if level in (ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING):
        return "chỉ thêm chữ ký của bên khác (được phép)"
    return OTHER_CHANGES


def _trust_roots(trust: list[Path] | None) -> list[Any]:
    roots = []
    for path in trust or []:
        content = read_bytes(path, "tệp chứng thư gốc", SigningError, SMALL_LIMIT)
        try:
            roots += list(load_certs_from_pemder_data(content))
        except (ValueError, TypeError, KeyError):
            roots = []
        if not roots:
            raise SigningError("không đọc được chứng thư gốc (không phải tệp .pem hay .cer).", Position(path),
                               "Dùng tệp .pem hoặc .cer của tổ chức cung cấp dịch vụ chứng thực.")
    return roots


def _common_name(certificate: Any) -> str:
    if certificate is None:
        return "không rõ"
    name = certificate.subject.native
    return str(name.get("common_name") or certificate.subject.human_friendly)
