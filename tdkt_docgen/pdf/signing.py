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
from collections.abc import Callable
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
from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko.stamp import StaticStampStyle

from .. import nd30
from ..data import images
from ..data.reading import DOCUMENT_LIMIT, SMALL_LIMIT, read_bytes
from ..errors import DocgenError, Position
from ..vn import slug
from . import rules
from .rules import VIETNAM_TIME, Revocation

# pyHanko logs every certificate it cannot chain (with a traceback) as a warning; verify reports trust itself
for _library in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_library).addHandler(logging.NullHandler())
    logging.getLogger(_library).propagate = False


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
    certificate not yet or no longer valid, not meant for signing documents, or made with SHA-1)."""
    data = read_certificate_file(path)
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=password.encode() or None)
    except (ValueError, TypeError):
        signer = None
    if signer is None or signer.signing_cert is None:
        raise SigningError("không mở được tệp chứng thư số: sai mật khẩu, hoặc tệp không phải .p12/.pfx.",
                           Position(path), "Kiểm tra mật khẩu (biến môi trường TDKT_MAT_KHAU hoặc nhập khi "
                                           "được hỏi) và tệp do tổ chức cung cấp dịch vụ chữ ký số cấp.")
    refusal = rules.certificate_refusal(signer.signing_cert, now or dt.datetime.now(dt.UTC))
    if refusal:
        raise SigningError(f"không ký được: {refusal.reason}.", Position(path), refusal.hint)
    return signer


def certificate_problem(certificate: Any, moment: dt.datetime, when: str = "lúc ký") -> str | None:
    """Why ``certificate`` cannot sign at ``moment`` (validity, key usage and extended key usage, algorithms),
    or None: ``rules.certificate_refusal``'s reason."""
    refusal = rules.certificate_refusal(certificate, moment, when)
    return refusal.reason if refusal else None


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


def sign(pdf: bytes, field: str, signer: Any, appearance: Appearance, *, certificate_file: Path | None = None,
         warn: Callable[[str], None] | None = None, timestamp_url: str | None = None) -> bytes:
    """The PDF with one more signature, in ``field``, appended as an incremental update (with a signature
    timestamp token from ``timestamp_url``, PAdES B-T, when given); refused (nothing is returned) when an earlier
    signature is no longer valid (its bytes, or what was added after it), and when the new signature is one
    verify would not call valid: its certificate revoked (the CRL or OCSP its CA names is asked, with the CA
    certificates of the .p12), its timestamp token broken. ``warn`` hears what could not be checked."""
    try:
        _refuse_broken_earlier(PdfFileReader(io.BytesIO(pdf), strict=False))
        signed = _signed(pdf, field, signer, appearance, timestamp_url)
        _check_own(PdfFileReader(io.BytesIO(signed), strict=False), signer, certificate_file, warn)
    except PDF_PROBLEMS:
        raise Damaged("cấu trúc tệp PDF bị hỏng, không ký được.", None, DAMAGED_HINT) from None
    return signed


EARLIER_HINT = ("Không ký vào bản này: lấy lại bản giao ước chưa bị sửa từ nơi gửi, kiểm tra bằng tdkt verify, rồi "
                "ký vào bản đó.")


def _refuse_broken_earlier(reader: Any) -> None:
    """Signing over a signature that is no longer valid would lend the signer's name to what was changed."""
    for report in _verify(reader, [], False).signatures:
        if not report.intact:
            raise SigningError(f"không ký vào tệp này: nội dung đã ký ở ô '{report.field}' không còn nguyên vẹn.",
                               None, EARLIER_HINT)
        if not report.changes_allowed:
            raise SigningError(f"không ký vào tệp này: chữ ký ở ô '{report.field}' không còn hợp lệ (sau khi ký: "
                               f"{report.changes_after.removeprefix(FORBIDDEN)}).", None, EARLIER_HINT)


def _check_own(reader: Any, signer: Any, certificate_file: Path | None, warn: Callable[[str], None] | None) -> None:
    """The new (last) signature judged as verify judges it, with the .p12's CA certificates as the issuers to
    ask about revocation (trust itself is for verify --ca to judge)."""
    issuers = [cert for cert in signer.cert_registry if cert != signer.signing_cert]
    report = _judge(reader, reader.embedded_signatures[-1], issuers, bool(issuers))
    refusal = _own_refusal(report)
    if refusal:
        raise SigningError(f"không ký được: {refusal.reason}.", Position(certificate_file) if certificate_file
                           else None, refusal.hint)
    unchecked = report.revocation in (Revocation.UNKNOWN, Revocation.NOT_CHECKED)
    if warn and unchecked and rules.revocation_addresses([signer.signing_cert]):
        detail = report.revocation_note.removeprefix(rules.UNCHECKED).strip() if report.revocation is \
            Revocation.UNKNOWN else "(tệp chứng thư số không kèm chứng thư của nơi cấp)"
        warn(f"Cảnh báo: {rules.UNCHECKED} của chứng thư số {detail}; vẫn ký. Bên nhận kiểm tra lại bằng "
             "tdkt verify --ca.")


def _own_refusal(report: SignatureReport) -> rules.Refusal | None:
    if report.revocation is Revocation.REVOKED:
        return rules.Refusal(report.revocation_note.replace(rules.REVOKED, rules.REVOKED.lower()), REVOKED_HINT)
    if report.timestamp_broken:
        return rules.Refusal(f"dấu thời gian nhận về không dùng được ({report.timestamp_note})", TSA_HINT)
    problem = report.certificate or report.algorithm
    return rules.Refusal(problem, rules.VALIDITY_HINT) if problem else None


REVOKED_HINT = ("Chứng thư số đã bị tổ chức cung cấp dịch vụ chữ ký số thu hồi: không dùng để ký được nữa; liên hệ "
                "tổ chức đó để được cấp chứng thư mới.")


def _signed(pdf: bytes, field: str, signer: Any, appearance: Appearance, timestamp_url: str | None) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(field_name=field, subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
    box = _field_box(writer, field)
    style = _stamp_style(appearance, box)
    timestamper = HTTPTimeStamper(timestamp_url, timeout=TIMESTAMP_SECONDS) if timestamp_url else None
    pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style, timestamper=timestamper)
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=out)
    except TimestampRequestError as error:
        raise SigningError(f"không lấy được dấu thời gian từ {timestamp_url}: {_timestamp_failure(error)}.", None,
                           TSA_HINT) from None
    return out.getvalue()


TIMESTAMP_SECONDS = 20
TSA_HINT = ("Kiểm tra địa chỉ --tsa (dịch vụ cấp dấu thời gian của tổ chức cung cấp dịch vụ chứng thực) và kết nối "
            "mạng, rồi ký lại; tệp chưa bị thay đổi.")


def _timestamp_failure(error: TimestampRequestError) -> str:
    """What went wrong asking the time-stamping authority, from aiohttp's error under pyHanko's."""
    import asyncio

    import aiohttp

    cause = error.__cause__
    if isinstance(cause, aiohttp.ContentTypeError):
        return "câu trả lời không phải là dấu thời gian (RFC 3161)"
    if isinstance(cause, aiohttp.ClientResponseError):
        return f"dịch vụ trả lời mã HTTP {cause.status}"
    if isinstance(cause, asyncio.TimeoutError | aiohttp.ServerTimeoutError):
        return f"quá {TIMESTAMP_SECONDS} giây không trả lời"
    if isinstance(cause, aiohttp.ClientError | OSError):
        return "không kết nối được"
    return "dịch vụ từ chối yêu cầu hoặc trả về dấu thời gian không đúng yêu cầu"


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


ALLOWED_CHANGES = "chỉ thêm chữ ký của bên khác (được phép)"
FORBIDDEN = "KHÔNG ĐƯỢC PHÉP: "
NO_TIMESTAMP = "không có (thời điểm ký do người ký tự ghi, chứng thư số được xét tại lúc kiểm tra)"


@dataclass(frozen=True)
class SignatureReport:
    """One signature as ``tdkt verify`` shows it (and the service reports it)."""

    field: str
    signer: str
    time: dt.datetime | None  # the signing time the signer wrote (proves nothing by itself)
    intact: bool  # the signed bytes are as signed, and the signature matches them and the certificate
    changes_after: str  # "không", ALLOWED_CHANGES, or "KHÔNG ĐƯỢC PHÉP: " and what changed, where, by whom
    trusted: bool | None  # trust status: True trusted, False untrusted, None unknown (no --ca, revocation unknown)
    certificate: str | None = None  # why the certificate could not sign (at the time a timestamp proves, else now)
    changes_allowed: bool = True
    timestamp: dt.datetime | None = None  # the signing time a valid timestamp token proves
    timestamp_note: str = NO_TIMESTAMP
    revocation: Revocation = Revocation.NOT_CHECKED
    revocation_note: str = "chưa kiểm tra"
    algorithm: str | None = None  # why the signature's digest algorithm is refused (SHA-1)
    digest: str = "SHA-256"
    trust_note: str = ""  # why trust is not established
    timestamp_broken: bool = False  # a timestamp token that does not match the signature or is not validly signed

    @property
    def broken(self) -> bool:
        """Something is wrong whatever else is known: the bytes, a later change, the certificate, the algorithm,
        a revoked certificate, or a certificate the given trust anchors did not issue."""
        return not self.intact or not self.changes_allowed or self.certificate is not None \
            or self.algorithm is not None or self.revocation is Revocation.REVOKED or self.trusted is False

    @property
    def ok(self) -> bool:
        return not self.broken and self.trusted is True

    @property
    def unknown_reason(self) -> str:
        """Why an unbroken signature is not called valid: no --ca, or revocation that could not be checked."""
        return "không kiểm tra được tình trạng thu hồi" if self.revocation is Revocation.UNKNOWN else "không có --ca"

    @property
    def verdict(self) -> str:
        if self.broken:
            return "KHÔNG HỢP LỆ"
        return "HỢP LỆ" if self.ok else f"NGUYÊN VẸN, CHƯA XÁC ĐỊNH ĐƯỢC ĐỘ TIN CẬY ({self.unknown_reason})"

    def lines(self) -> list[str]:
        when = self.time.astimezone(VIETNAM_TIME).strftime("%H:%M:%S ngày %d/%m/%Y (giờ Việt Nam)") \
            if self.time else "không ghi"
        valid_when = "lúc ký (theo dấu thời gian)" if self.timestamp else "lúc kiểm tra"
        return [f"Ô ký '{self.field}': {self.verdict}",
                f"  Người ký: {self.signer}",
                f"  Thời điểm ký: {when}",
                f"  Dấu thời gian: {self.timestamp_note}",
                f"  Chứng thư số: {self.certificate or f'còn hiệu lực {valid_when}, đúng mục đích ký'}",
                f"  Tình trạng thu hồi: {self.revocation_note}",
                f"  Thuật toán: {f'KHÔNG: {self.algorithm}' if self.algorithm else f'{self.digest}, an toàn'}",
                f"  Nội dung đã ký còn nguyên vẹn: {'có' if self.intact else 'KHÔNG'}",
                f"  Thay đổi sau khi ký: {self.changes_after}",
                f"  Chứng thư do nơi tin cậy cấp: {self._trust_line()}"]

    def _trust_line(self) -> str:
        if self.trusted:
            return "có"
        if self.trusted is False:
            return f"KHÔNG ({self.trust_note})"
        if self.revocation is Revocation.UNKNOWN:
            return "có, nhưng không kiểm tra được tình trạng thu hồi"
        return f"không kiểm tra được: {self.trust_note}"


VERIFY_TRUST_UNKNOWN = 3  # exit code of verify: nothing broken, but trust could not be established


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
        no signature; 3 nothing broken but trust not established (no --ca, or revocation not checked)."""
        if self.ok:
            return 0
        if not self.signatures or self.modified_after_last or any(s.broken for s in self.signatures):
            return 1
        return VERIFY_TRUST_UNKNOWN

    def summary(self, shown: str) -> str:
        """The last line of verify's report, for the file as ``shown``."""
        count = len(self.signatures)
        if self.exit_code == VERIFY_TRUST_UNKNOWN:
            unchecked = [s.field for s in self.signatures if s.revocation is Revocation.UNKNOWN]
            what = (f"không kiểm tra được tình trạng thu hồi của chứng thư (ô {', '.join(unchecked)}): kiểm tra "
                    "lại khi kết nối được tới nơi công bố danh sách thu hồi của tổ chức cấp chứng thư"
                    if unchecked else "thêm --ca TỆP_CA.pem (chứng thư gốc của tổ chức cung cấp dịch vụ chứng "
                                      "thực) để kiểm tra")
            return f"{shown}: {count}/{count} chữ ký nguyên vẹn, nhưng CHƯA XÁC ĐỊNH được độ tin cậy: {what}."
        valid = sum(report.ok for report in self.signatures)
        return f"{shown}: {valid}/{count} chữ ký hợp lệ{' — CÓ VẤN ĐỀ' if self.exit_code else ''}."


def verify(reader: Any, trust: list[Path] | None = None) -> Verification:
    """Every signature of the PDF checked by ``rules``: intact, what changed after it, its certificate at the
    time a timestamp proves (else now), its algorithms, and (with ``trust``) its chain and revocation."""
    roots = _trust_roots(trust)
    try:
        return _verify(reader, roots, bool(trust))
    except PDF_PROBLEMS:
        raise Damaged("cấu trúc tệp PDF bị hỏng (không đọc được các chữ ký).", None, DAMAGED_HINT) from None


def _verify(reader: Any, roots: list[Any], trusting: bool) -> Verification:
    reports = [_judge(reader, embedded, roots, trusting) for embedded in reader.embedded_signatures
               if embedded.sig_object_type != "/DocTimeStamp"]  # PAdES-LTA's document timestamps: nobody signs them
    last = reader.embedded_signatures[-1] if reader.embedded_signatures else None
    modified_after_last = last is not None and last.coverage != SignatureCoverageLevel.ENTIRE_FILE
    unsigned = [name for name, signed in signature_fields(reader) if not signed]
    return Verification(reports, unsigned, modified_after_last)


def _judge(reader: Any, embedded: Any, roots: list[Any], trusting: bool) -> SignatureReport:
    """One signature: validated at the time its timestamp token proves, when it proves one, else now."""
    stamped = rules.stamped_time(embedded)
    try:
        status, context = _validated(embedded, roots, stamped)
        proven = stamped if stamped is not None and rules.timestamp_proves(status, trusting) else None
        if stamped is not None and proven is None:
            status, context = _validated(embedded, roots, None)
    except rules.VALIDATION_PROBLEMS:
        return SignatureReport(embedded.field_name, "không đọc được", None, False,
                               "không xác định (chữ ký không đọc được)", None, changes_allowed=False,
                               revocation_note="chưa kiểm tra (chữ ký không đọc được)")
    changes, allowed = _changes(reader, embedded, status)
    algorithm = rules.digest_problem(status.md_algorithm)
    trust = rules.trust_of(status, context, trusting, algorithm is not None, proven is not None)
    return SignatureReport(
        embedded.field_name, _common_name(status.signing_cert), status.signer_reported_dt,
        intact=bool(status.intact and status.valid), changes_after=changes, changes_allowed=allowed,
        trusted=trust.trusted, trust_note=trust.note, certificate=_certificate_at(status.signing_cert, proven),
        timestamp=proven, timestamp_note=_timestamp_note(status, stamped, proven, trusting),
        timestamp_broken=stamped is not None and not rules.timestamp_sound(status),
        revocation=trust.revocation, revocation_note=trust.revocation_note,
        algorithm=algorithm, digest=rules.hash_name(status.md_algorithm))


def _certificate_at(certificate: Any, proven: dt.datetime | None) -> str | None:
    """Why the certificate could not sign at the time a timestamp proves; without one, now."""
    if proven is not None:
        return certificate_problem(certificate, proven, "lúc ký")
    now = dt.datetime.now(dt.UTC)
    problem = certificate_problem(certificate, now, "lúc kiểm tra")
    if problem and now > certificate.not_valid_after:
        problem += "; chữ ký không có dấu thời gian chứng minh đã ký trước khi chứng thư hết hạn"
    return problem


def _validated(embedded: Any, roots: list[Any], moment: dt.datetime | None) -> tuple[Any, Any]:
    signer_context, timestamp_context = rules.contexts(roots, moment)
    status = validate_pdf_signature(embedded, signer_context, ts_validation_context=timestamp_context,
                                    diff_policy=rules.DIFF_POLICY, key_usage_settings=rules.CHAIN_ONLY)
    return status, signer_context


def _changes(reader: Any, embedded: Any, status: Any) -> tuple[str, bool]:
    """The line "Thay đổi sau khi ký" and whether what changed is allowed."""
    change = rules.change_after(status)
    if change is None:
        return ("không" if status.coverage == SignatureCoverageLevel.ENTIRE_FILE else ALLOWED_CHANGES), True
    where = ""
    if change.revision is not None:
        where = f", ở lần ghi thêm thứ {change.revision - embedded.signed_revision} sau chữ ký này"
        by = [other for other in reader.embedded_signatures if other.signed_revision == change.revision]
        where += (f", cùng chữ ký của {_common_name(by[0].signer_cert)} (ô '{by[0].field_name}')" if by
                  else " (phần ghi thêm không có chữ ký)")
    return f"{FORBIDDEN}{change.what}{where}", False


def _timestamp_note(status: Any, stamped: dt.datetime | None, proven: dt.datetime | None, trusting: bool) -> str:
    if stamped is None:
        return NO_TIMESTAMP
    when = stamped.astimezone(VIETNAM_TIME).strftime("%H:%M:%S ngày %d/%m/%Y (giờ Việt Nam)")
    token = status.timestamp_validity
    if proven:
        return f"{when}, do {_common_name(token.signing_cert)} cấp: chứng thư số được xét tại thời điểm này"
    if token is None or not token.intact:
        why = "không khớp với chữ ký"
    elif not token.valid:
        why = "chữ ký của dấu thời gian không hợp lệ"
    else:
        why = "không do nơi tin cậy đã cho cấp" if trusting else "không kiểm tra được"
    return f"KHÔNG DÙNG ĐƯỢC (dấu thời gian {when} {why}); chứng thư số được xét tại lúc kiểm tra"


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
