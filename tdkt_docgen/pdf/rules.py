"""What a signature must meet to be called valid, in one place for ``tdkt sign`` (refuses to sign) and ``tdkt
verify`` (refuses to call valid): PAdES and the ETSI EN 319 102-1 validation rules as pyHanko and
pyhanko-certvalidator implement them, each of their statuses worded in Vietnamese.

- **What may change after a signature** (pyHanko's difference analysis, ``StandardDiffPolicy``): every revision
  after the signed one is compared with it. A later revision may fill a signature field that was already there
  and empty (the next member signing its own cell), add invisible ones, and update metadata or validation data;
  anything else is a modification: a new visible signature field (drawn over the page: the "shadow attack"), a
  new annotation, a changed page, a form field filled. ``Change`` says what and in which revision.
- **The certificate at the signing time**: the time of a signature timestamp token (RFC 3161) proves when the
  signature existed; without one, the time the signer wrote proves nothing, and the certificate is judged now.
- **Revocation**: the CRL or OCSP responder the certificate names is asked (certvalidator's fetchers, soft-fail
  mode, then read: what could not be reached is said, and the signature is not called valid); only for a chain to
  a trusted root, and issuers are never fetched from addresses a certificate names.
- **What the certificate is for**: key usage digitalSignature or nonRepudiation (or none stated, RFC 5280),
  extended key usage for documents (``KeyUsageConstraints``); SHA-1, MD5 and short RSA keys refused
  (certvalidator's ``DisallowWeakAlgorithmsPolicy``), in the certificate and in the signature.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from asn1crypto import algos
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
from pyhanko.sign.diff_analysis import (
    DEFAULT_DIFF_POLICY,
    ModificationLevel,
    StandardDiffPolicy,
    SuspiciousModification,
)
from pyhanko.sign.diff_analysis.form_rules_api import FormUpdatingRule
from pyhanko.sign.diff_analysis.rules.form_field_rules import (
    SigFieldCreationRule,
    SigFieldModificationRule,
    is_field_visible,
)
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import InvalidCertificateError
from pyhanko_certvalidator.policy_decl import DisallowWeakAlgorithmsPolicy
from pyhanko_certvalidator.registry import CertificateRegistry

from .read import page_references

VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7))


def moment_text(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM_TIME).strftime("%H:%M ngày %d/%m/%Y")


# ------------------------------------------------------------------ what may change after a signature


class Change(SuspiciousModification):
    """A later revision that changes what was signed: ``what`` (Vietnamese) and the ``revision`` that did it."""

    def __init__(self, what: str, revision: int | None = None):
        super().__init__(what)
        self.what = what
        self.revision = revision


class _OwnFieldsOnly(SigFieldCreationRule):
    """pyHanko's rule for the form after a signature, except that a new signature field may not be visible: a
    later signer fills its own empty field; a field it adds would draw over what the others signed."""

    def apply(self, context: Any) -> Iterator[Any]:
        for name, spec in context.field_specs.items():
            if spec.old_field_ref is not None and spec.new_field_ref is None:
                raise Change(f"ô '{name}' đã có lúc ký bị xóa")
            if spec.old_field_ref is not None:
                if _rectangle(spec.old_field) != _rectangle(spec.new_field):
                    raise Change(f"ô ký '{name}' bị đổi vị trí hoặc kích thước (vẽ ra ngoài chỗ ký lúc đầu)")
                continue
            if spec.new_field_ref is None:
                continue
            if spec.field_type != "/Sig":
                raise Change(f"ô nhập liệu mới '{name}' được thêm vào văn bản")
            if is_field_visible(spec.new_field):
                raise Change(f"ô ký mới '{name}' vẽ lên {_pages_of(context.new, spec.new_field_ref)} (thêm vào hoặc "
                             "che nội dung đã ký)")
        yield from super().apply(context)


def _rectangle(field: Any) -> list[float] | None:
    """Where a field's own widget sits (None for a field whose widgets are its kids, compared by pyHanko)."""
    try:
        return [float(value) for value in field["/Rect"]]
    except (KeyError, TypeError, ValueError):
        return None


def _pages_of(revision: Any, field_ref: Any) -> str:
    """"trang 1" (or "trang 1, 2"): the pages whose annotations hold the field's widgets."""
    field = field_ref.get_object()
    widgets = {field_ref.idnum} | _numbers(field, "/Kids")
    found = [str(number) for number, page in enumerate(page_references(revision), start=1)
             if widgets & _numbers(page.get_object(), "/Annots")]
    return f"trang {', '.join(found)}" if found else "văn bản"


def _numbers(node: Any, key: str) -> set[int]:
    """The object numbers of the indirect objects in the array ``node[key]`` (empty when there is none)."""
    return _numbers_in(node[key]) if key in node else set()


class _NamingPolicy(StandardDiffPolicy):
    """pyHanko's standard policy that says, in Vietnamese, which revision changed what."""

    def apply(self, old: Any, new: Any, field_mdp_spec: Any = None, doc_mdp: Any = None) -> Any:
        try:
            return super().apply(old, new, field_mdp_spec, doc_mdp)
        except Change as change:
            change.revision = new.revision
            raise
        except SuspiciousModification:
            try:
                what = _what_changed(new)
            except (KeyError, TypeError, ValueError, AttributeError):  # a page tree too damaged to name pages
                what = OTHER_CHANGE
            raise Change(what, new.revision) from None


OTHER_CHANGE = "phần ghi thêm sửa những phần khác của tệp, không chỉ điền chữ ký vào ô ký sẵn có"


def _what_changed(new: Any) -> str:
    """The pages whose dictionary, annotations, content or resources the revision ``new`` rewrote, in words."""
    changed = {reference.idnum for reference in new.explicit_refs_in_revision()}
    pages = []
    for number, page in enumerate(page_references(new), start=1):
        node = page.get_object()
        touched = {page.idnum}.union(*(_numbers_in(node.raw_get(key)) for key in ("/Annots", "/Contents",
                                                                                   "/Resources") if key in node))
        if touched & changed:
            pages.append(str(number))
    if pages:
        return f"trang {', '.join(pages)} bị sửa (nội dung, hình vẽ hoặc chú thích trên trang)"
    return OTHER_CHANGE


def _numbers_in(value: Any) -> set[int]:
    """The object number of an indirect value, or of the indirect items of a direct array."""
    if hasattr(value, "idnum"):
        return {value.idnum}
    return {item.idnum for item in value if hasattr(item, "idnum")} if isinstance(value, list) else set()


DIFF_POLICY = _NamingPolicy(
    global_rules=DEFAULT_DIFF_POLICY.global_rules,
    # no GenericFieldModificationRule: filling a text field after signing changes what the page shows
    form_rule=FormUpdatingRule(field_rules=[_OwnFieldsOnly(), SigFieldModificationRule()]),
)


def change_after(status: Any) -> Change | None:
    """Why the revisions after a signature change what it signed (``None``: nothing, or only what is allowed)."""
    diff = status.diff_result
    if isinstance(diff, Change):
        return diff
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return None
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION or diff is None:
        return Change("chữ ký không phủ trọn phần văn bản lúc ký")
    if isinstance(diff, SuspiciousModification) or diff.modification_level > ModificationLevel.FORM_FILLING \
            or status.docmdp_ok is False:
        return Change(OTHER_CHANGE)
    return None


# ------------------------------------------------------------------ what the certificate is for


# the extended key usages that sign documents: RFC 9336's id-kp-documentSigning (asn1crypto has no name for it),
# S/MIME's (the usual one of Vietnamese CAs' signing certificates), Adobe's and Microsoft's document signing
DOCUMENT_PURPOSES = frozenset({"1.3.6.1.5.5.7.3.36", "email_protection", "adobe_authentic_documents_trust",
                               "microsoft_document_signing"})
OTHER_PURPOSES = {
    "server_auth": "xác thực máy chủ (TLS)", "client_auth": "xác thực người dùng khi đăng nhập (TLS)",
    "code_signing": "ký mã chương trình", "time_stamping": "cấp dấu thời gian", "ocsp_signing": "ký phản hồi OCSP",
}
# digitalSignature or nonRepudiation; an extended key usage, when present, names documents or any purpose
USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"},
                            extd_key_usage=DOCUMENT_PURPOSES, explicit_extd_key_usage_required=False)
# what pyHanko's chain validation checks itself: nothing of the usage (USAGE is checked with or without --ca)
CHAIN_ONLY = KeyUsageConstraints(key_usage=set())
ALGORITHMS = DisallowWeakAlgorithmsPolicy()
HASH_NAMES = {"sha1": "SHA-1", "md5": "MD5", "md2": "MD2", "sha256": "SHA-256", "sha384": "SHA-384",
              "sha512": "SHA-512", "sha224": "SHA-224", "sha3_256": "SHA3-256", "sha3_512": "SHA3-512"}


@dataclass(frozen=True)
class Refusal:
    """Why a certificate may not sign, and what to do."""

    reason: str
    hint: str


VALIDITY_HINT = "Dùng chứng thư số còn hiệu lực do tổ chức cung cấp dịch vụ chữ ký số cấp."
PURPOSE_HINT = ("Dùng chứng thư số ký văn bản (chữ ký số cá nhân hoặc tổ chức) do tổ chức cung cấp dịch vụ chữ ký "
                "số cấp; chứng thư cho máy chủ web hay để đăng nhập không dùng ký văn bản được.")
ALGORITHM_HINT = ("Đề nghị tổ chức cung cấp dịch vụ chữ ký số cấp lại chứng thư số dùng SHA-256 (và khóa RSA từ 2048 "
                  "bit), rồi ký bằng chứng thư mới.")


def certificate_refusal(certificate: Any, moment: dt.datetime, when: str = "lúc ký") -> Refusal | None:
    """Why ``certificate`` cannot sign at ``moment`` (``when`` names that moment: "lúc ký", "lúc kiểm tra"): its
    validity period, its key usage and extended key usage, its algorithms; None when it can."""
    if moment < certificate.not_valid_before:
        return Refusal(f"chứng thư số chưa có hiệu lực {when} (hiệu lực từ "
                       f"{moment_text(certificate.not_valid_before)})", VALIDITY_HINT)
    if moment > certificate.not_valid_after:
        return Refusal(f"chứng thư số đã hết hạn {when} (hết hạn {moment_text(certificate.not_valid_after)})",
                       VALIDITY_HINT)
    return _usage_refusal(certificate) or _algorithm_refusal(certificate)


def _usage_refusal(certificate: Any) -> Refusal | None:
    usage = certificate.key_usage_value
    try:
        if usage is not None:  # no key usage extension: any usage (RFC 5280)
            USAGE.validate_asserted_key_usage(set(usage.native))
    except InvalidCertificateError:
        return Refusal("chứng thư số không dùng để ký văn bản (thiếu mục đích 'chữ ký số' trong chứng thư)",
                       PURPOSE_HINT)
    purposes = certificate.extended_key_usage_value
    named = set(purposes.native) if purposes is not None else set()
    try:
        USAGE.validate_asserted_extended_key_usage(named)
    except InvalidCertificateError:
        shown = ", ".join(OTHER_PURPOSES.get(purpose, purpose) for purpose in sorted(named))
        return Refusal(f"chứng thư số không dùng để ký văn bản (mục đích sử dụng mở rộng: {shown}; cần mục đích "
                       "ký văn bản hoặc thư điện tử bảo mật)", PURPOSE_HINT)
    return None


def _algorithm_refusal(certificate: Any) -> Refusal | None:
    algorithm = certificate["signature_algorithm"]
    if not ALGORITHMS.signature_algorithm_allowed(algorithm, None, None):
        return Refusal(f"chứng thư số được ký bằng thuật toán băm {hash_name(algorithm.hash_algo)}, không còn an "
                       "toàn", ALGORITHM_HINT)
    key = certificate.public_key
    if key.algorithm == "rsa" and key.bit_size < ALGORITHMS.rsa_key_size_threshold:
        return Refusal(f"khóa RSA của chứng thư số chỉ có {key.bit_size} bit, quá ngắn (cần từ "
                       f"{ALGORITHMS.rsa_key_size_threshold} bit)", ALGORITHM_HINT)
    return None


def hash_name(name: str) -> str:
    return HASH_NAMES.get(name, name.upper())


def digest_problem(md_algorithm: str) -> str | None:
    """Why the digest a signature was made over is refused (SHA-1, MD5), or None."""
    if ALGORITHMS.digest_algorithm_allowed(algos.DigestAlgorithm({"algorithm": md_algorithm}), None):
        return None
    return f"chữ ký dùng thuật toán băm {hash_name(md_algorithm)}, không còn an toàn"


# ------------------------------------------------------------------ trust, revocation, time


class Revocation(enum.Enum):
    GOOD = "không bị thu hồi"
    REVOKED = "đã bị thu hồi"
    UNKNOWN = "không kiểm tra được"  # the CRL or OCSP responder could not be reached, or its answer is too old
    NOT_DECLARED = "chứng thư không ghi nơi kiểm tra thu hồi"
    NOT_CHECKED = "chưa kiểm tra"  # no chain to a trusted root


UNCHECKED = "không kiểm tra được tình trạng thu hồi"
REVOKED = "ĐÃ BỊ THU HỒI"
REASONS = {
    "unspecified": "không nêu lý do", "key_compromise": "khóa bí mật bị lộ", "ca_compromise": "nơi cấp bị lộ khóa",
    "affiliation_changed": "thay đổi đơn vị", "superseded": "đã được thay bằng chứng thư khác",
    "cessation_of_operation": "ngừng hoạt động", "certificate_hold": "tạm dừng hiệu lực",
    "privilege_withdrawn": "bị thu hồi quyền", "aa_compromise": "nơi cấp thuộc tính bị lộ khóa",
}


def contexts(roots: list[Any], moment: dt.datetime | None) -> tuple[ValidationContext, ValidationContext]:
    """The context for the signer's chain (at ``moment``, the time a timestamp proves; None: now) and for the
    timestamp's own (now). Revocation data is fetched only with trusted roots (the CRL and OCSP addresses of a
    chain to them, which their CA wrote); a certificate's issuers are never fetched from the addresses it names."""

    def context(at: dt.datetime | None) -> ValidationContext:
        if not roots:
            return ValidationContext(trust_roots=[], moment=at)
        return ValidationContext(trust_roots=roots, allow_fetching=True, revocation_mode="soft-fail", moment=at,
                                 retroactive_revinfo=at is not None,  # a CRL of today says what held at ``at``
                                 certificate_registry=CertificateRegistry.build(cert_fetcher=None))

    return context(moment), context(None)


def stamped_time(embedded: Any) -> dt.datetime | None:
    """The time a signature timestamp token in the signature says (checked by the validation), or None."""
    try:
        for token in extract_tst_data_iter(embedded.signer_info, signed=False):
            return token["encap_content_info"]["content"].parsed["gen_time"].native  # type: ignore[no-any-return]
    except (KeyError, ValueError, TypeError, AttributeError):
        return None
    return None


def timestamp_sound(status: Any) -> bool:
    """The signature's timestamp token matches the signature and is validly signed (trust aside)."""
    token = status.timestamp_validity
    return token is not None and token.intact and token.valid


def timestamp_proves(status: Any, trusting: bool) -> bool:
    """A sound token (with trusted roots: issued under them) proves its time."""
    return timestamp_sound(status) and (status.timestamp_validity.trusted or not trusting)


@dataclass(frozen=True)
class Trust:
    """The chain of one signature: ``trusted`` True (to a given root, revocation checked or not declared), False
    (not to them, or a chain that fails), None (no roots given, or revocation could not be checked)."""

    trusted: bool | None
    note: str  # why, when not True
    revocation: Revocation
    revocation_note: str


DATE_PROBLEMS = (AdESIndeterminate.OUT_OF_BOUNDS_NO_POE, AdESIndeterminate.EXPIRED, AdESIndeterminate.NOT_YET_VALID,
                 AdESFailure.NOT_YET_VALID)
CHAIN_PROBLEMS = {
    AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND: "chứng thư không do nơi tin cậy đã cho cấp",
    AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE: "chuỗi chứng thư không thỏa các ràng buộc của nơi cấp",
    AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE: "chuỗi chứng thư dùng thuật toán không còn an toàn",
    AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE_NO_POE: "chuỗi chứng thư dùng thuật toán không còn an toàn",
}
CHAIN_FAILURE = ("chuỗi chứng thư tới nơi tin cậy không hợp lệ (chứng thư của nơi cấp hết hạn, bị thu hồi, hoặc "
                 "danh sách thu hồi không đúng)")


def trust_of(status: Any, context: ValidationContext, trusting: bool, algorithm_refused: bool,
             stamped: bool = False) -> Trust:
    """The chain of a validated signature, from pyHanko's AdES indication and the revocation data asked
    (``stamped``: validated at the time a timestamp proves)."""
    if not trusting:
        return Trust(None, "chưa có chứng thư gốc tin cậy (thêm --ca TỆP_CA.pem)", Revocation.NOT_CHECKED,
                     "chưa kiểm tra (chưa có chứng thư gốc tin cậy: thêm --ca)")
    problem = status.trust_problem_indic
    path = status.validation_path
    if problem in (AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE, AdESFailure.REVOKED):
        return Trust(True, "", Revocation.REVOKED, _revoked(status.revocation_details))
    if problem in DATE_PROBLEMS and path is not None:  # the chain is fine; the date is the certificate's line
        return Trust(True, "", Revocation.NOT_CHECKED,
                     "chưa kiểm tra (chứng thư đã hết hạn hoặc chưa đến ngày có hiệu lực)")
    if problem is None and path is not None:
        return _revocation_checked(status.signing_cert, path, context, stamped)
    if problem == AdESIndeterminate.TRY_LATER:
        return Trust(None, UNCHECKED, Revocation.UNKNOWN,
                     f"{UNCHECKED} (danh sách thu hồi hoặc phản hồi OCSP đã quá hạn)")
    if path is None and algorithm_refused:
        return Trust(None, "chưa kiểm tra (chữ ký dùng thuật toán không còn an toàn)", Revocation.NOT_CHECKED,
                     "chưa kiểm tra (chữ ký dùng thuật toán không còn an toàn)")
    note = CHAIN_PROBLEMS.get(problem, CHAIN_FAILURE)
    return Trust(False, note, Revocation.NOT_CHECKED, f"chưa kiểm tra ({note})")


def _revoked(details: Any) -> str:
    whose = "chứng thư của nơi cấp" if details is not None and details.ca_revoked else "chứng thư số"
    if details is None:
        return f"{whose} {REVOKED}"
    reason = REASONS.get(details.revocation_reason.native, details.revocation_reason.native)
    return f"{whose} {REVOKED} từ {moment_text(details.revocation_date)} (lý do: {reason})"


def _revocation_checked(certificate: Any, path: Any, context: ValidationContext, stamped: bool) -> Trust:
    """A chain validated to a trusted root: what the revocation check found (soft-fail: unreachable data is
    recorded by certvalidator, not raised)."""
    if context.soft_fail_exceptions:
        addresses = ", ".join(revocation_addresses(path.iter_certs(include_root=False))) or "nơi công bố"
        return Trust(None, UNCHECKED, Revocation.UNKNOWN, f"{UNCHECKED} (không kết nối được tới {addresses})")
    if not revocation_addresses([certificate]):
        return Trust(True, "", Revocation.NOT_DECLARED, "chứng thư không ghi nơi kiểm tra thu hồi (CRL, OCSP)")
    source = "phản hồi OCSP" if context.ocsps else "danh sách thu hồi CRL"
    return Trust(True, "", Revocation.GOOD,
                 f"không bị thu hồi{' trước thời điểm ký' if stamped else ''} (đã kiểm tra {source})")


def revocation_addresses(certificates: Iterable[Any]) -> list[str]:
    """The OCSP responders and CRL distribution points the certificates name."""
    found: list[str] = []
    for certificate in certificates:
        found += list(certificate.ocsp_urls)
        found += [point.url for point in certificate.crl_distribution_points if point.url]
    return list(dict.fromkeys(found))


VALIDATION_PROBLEMS = (SignatureValidationError, ValueError)
