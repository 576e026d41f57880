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
from pyhanko.keys import load_cert_from_pemder
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

    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise SigningError("không tìm thấy tệp.", Position(path)) from None
    except OSError as error:
        raise SigningError(f"không đọc được tệp ({error.strerror}).", Position(path)) from None
    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        reader.root  # noqa: B018 - parses the trailer and the catalogue
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError) as error:
        if content.startswith(b"%PDF-"):
            raise Damaged(f"cấu trúc tệp PDF bị hỏng ({error}).", Position(path), DAMAGED_HINT) from None
        raise SigningError(f"tệp không phải là PDF đọc được ({error}).", Position(path),
                           "Chỉ ký và kiểm tra tệp .pdf (tạo bằng tdkt render … --pdf hoặc tdkt pdf).") from None
    return content, reader


def signature_fields(reader: Any) -> list[tuple[str, bool]]:
    """(name, signed) of every signature field, in the document's order."""

    return [(name, value is not None) for name, value, _ in fields.enumerate_sig_fields(reader)]


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


def load_signer(path: Path, password: str) -> Any:
    """The signer of a PKCS#12 file (.p12, .pfx), or why it cannot be opened."""

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SigningError("không tìm thấy tệp chứng thư số.", Position(path)) from None
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password.encode() or None)
    except (ValueError, TypeError):
        raise SigningError("không mở được tệp chứng thư số: sai mật khẩu, hoặc tệp không phải .p12/.pfx.",
                           Position(path), "Kiểm tra mật khẩu (biến môi trường TDKT_MAT_KHAU hoặc nhập khi "
                                           "được hỏi) và tệp do tổ chức cung cấp dịch vụ chữ ký số cấp.") from None


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
    trusted: bool | None  # None: no trust anchors given
    ok: bool

    def lines(self) -> list[str]:
        when = self.time.astimezone(VIETNAM_TIME).strftime("%H:%M:%S ngày %d/%m/%Y (giờ Việt Nam)") \
            if self.time else "không ghi"
        trust = {None: "chưa kiểm tra (thêm --ca TỆP_CA.pem)", True: "có", False: "KHÔNG"}[self.trusted]
        return [f"Ô ký '{self.field}': {'HỢP LỆ' if self.ok else 'KHÔNG HỢP LỆ'}",
                f"  Người ký: {self.signer}",
                f"  Thời điểm ký: {when}",
                f"  Nội dung đã ký còn nguyên vẹn: {'có' if self.intact else 'KHÔNG'}",
                f"  Thay đổi sau khi ký: {self.changes_after}",
                f"  Chứng thư do nơi tin cậy cấp: {trust}"]


@dataclass(frozen=True)
class Verification:
    signatures: list[SignatureReport]
    unsigned: list[str]
    modified_after_last: bool

    @property
    def ok(self) -> bool:
        return bool(self.signatures) and all(s.ok for s in self.signatures) and not self.modified_after_last


def verify(reader: Any, trust: list[Path] | None = None) -> Verification:
    """Every signature of the PDF checked: intact, what changed after it, and (with ``trust``) its chain."""
    context = _validation_context(trust)
    try:
        return _verify(reader, context, bool(trust))
    except (PdfReadError, ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        raise Damaged(f"cấu trúc tệp PDF bị hỏng ({error}).", None, DAMAGED_HINT) from None


def _verify(reader: Any, context: Any, trust: bool) -> Verification:
    reports = []
    for embedded in reader.embedded_signatures:
        try:
            status = validate_pdf_signature(embedded, context)
        except (SignatureValidationError, ValueError) as error:
            reports.append(SignatureReport(embedded.field_name, "không đọc được", None, False,
                                           f"không xác định ({error})", None, False))
            continue
        changes = _changes_after(status)
        intact = bool(status.intact and status.valid)
        trusted = bool(status.trusted) if trust else None
        reports.append(SignatureReport(embedded.field_name, _common_name(status.signing_cert),
                                       status.signer_reported_dt, intact, changes, trusted,
                                       intact and changes != OTHER_CHANGES and trusted is not False))
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


def _validation_context(trust: list[Path] | None) -> Any:

    roots = []
    for path in trust or []:
        try:
            roots.append(load_cert_from_pemder(str(path)))
        except (OSError, ValueError) as error:
            raise SigningError(f"không đọc được chứng thư gốc ({error}).", Position(path),
                               "Dùng tệp .pem hoặc .cer của tổ chức cung cấp dịch vụ chứng thực.") from None
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def _common_name(certificate: Any) -> str:
    if certificate is None:
        return "không rõ"
    name = certificate.subject.native
    return str(name.get("common_name") or certificate.subject.human_friendly)
