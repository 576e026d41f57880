"""Signature validation as PAdES and the ETSI validation rules mean it (issue 24.3), with the hostile signatures
an attacker makes: a later signature field drawn over the signed page (the shadow attack, with text or a white
box) by a trusted member, a certificate that expired but claims an earlier signing time, a certificate revoked on
a CRL that is online at its distribution point (a real HTTP server on 127.0.0.1), a TLS-server-only certificate and
SHA-1. ``tdkt sign`` refuses to sign what ``tdkt verify`` would not call valid, and verify refuses to call it valid.

The signatures tdkt itself would refuse are made here as another program would, with pyHanko directly."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, ObjectIdentifier
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko.stamp import StaticStampStyle

from tdkt_docgen.pdf import signing
from tests.test_signing import PASSWORD, _name, invoke

NOW = dt.datetime.now(dt.UTC)
DAY = dt.timedelta(days=1)
SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf"
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")  # RFC 9336
SIGNING_USAGE = x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                              data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                              encipher_only=False, decipher_only=False)
ENGLISH = ("Traceback", "Validation", "validation", "revoked", "Revoked", "certificate", "path", "Error", "error",
           "CRL fetch", "ades", "INDETERMINATE", "None")


# ------------------------------------------------------------------ a certification authority of the test


@dataclass
class Authority:
    """A CA made with cryptography: issues member certificates (.p12), CRLs and a timestamping certificate."""

    folder: Path
    name: str = "CA thử nghiệm quy tắc"
    key: ec.EllipticCurvePrivateKey = field(default_factory=lambda: ec.generate_private_key(ec.SECP256R1()))

    def __post_init__(self) -> None:
        usage = x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                              data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                              encipher_only=False, decipher_only=False)
        self.certificate = (
            x509.CertificateBuilder().subject_name(_name(self.name)).issuer_name(_name(self.name))
            .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - 800 * DAY).not_valid_after(NOW + 800 * DAY)
            .add_extension(usage, critical=True)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()), critical=False)
            .sign(self.key, hashes.SHA256()))
        self.pem = self.folder / "ca-goc.pem"
        self.pem.write_bytes(self.certificate.public_bytes(serialization.Encoding.PEM))

    def issue(self, member: str, *, start: dt.timedelta = -DAY, end: dt.timedelta = 30 * DAY,
              crl: str | None = None, ocsp: str | None = None, eku: list[ObjectIdentifier] | None = None,
              sha1: bool = False) -> tuple[Path, x509.Certificate]:
        """A member's .p12 (key, certificate, this CA) and the certificate."""
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (x509.CertificateBuilder().subject_name(_name(f"UBND tỉnh {member}"))
                   .issuer_name(self.certificate.subject).public_key(key.public_key())
                   .serial_number(x509.random_serial_number())
                   .not_valid_before(NOW + start).not_valid_after(NOW + end)
                   .add_extension(SIGNING_USAGE, critical=True)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                                  critical=False))
        if crl:
            point = x509.DistributionPoint([x509.UniformResourceIdentifier(crl)], None, None, None)
            builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
        if ocsp:
            access = x509.AccessDescription(AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp))
            builder = builder.add_extension(x509.AuthorityInformationAccess([access]), critical=False)
        if eku is not None:
            builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
        certificate = builder.sign(self.key, hashes.SHA256())
        if sha1:
            certificate = self.signed_with_sha1(certificate)
        path = self.folder / f"{member}.p12"
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            b"k", key, certificate, [self.certificate], serialization.BestAvailableEncryption(PASSWORD.encode())))
        return path, certificate

    def signed_with_sha1(self, certificate: x509.Certificate) -> x509.Certificate:
        """The same certificate signed by this CA with ECDSA over SHA-1 (cryptography's builder no longer
        makes SHA-1 certificates; CAs did for years)."""
        from asn1crypto import algos
        from asn1crypto import x509 as asn1

        parsed = asn1.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))
        tbs = parsed["tbs_certificate"]
        tbs["signature"] = algos.SignedDigestAlgorithm({"algorithm": "sha1_ecdsa"})
        signature = self.key.sign(tbs.dump(force=True), ec.ECDSA(hashes.SHA1()))
        resigned = asn1.Certificate({"tbs_certificate": tbs, "signature_algorithm": {"algorithm": "sha1_ecdsa"},
                                     "signature_value": signature})
        return x509.load_der_x509_certificate(resigned.dump())

    def crl(self, revoked: list[tuple[x509.Certificate, dt.datetime]] = ()) -> bytes:  # type: ignore[assignment]
        builder = (x509.CertificateRevocationListBuilder().issuer_name(self.certificate.subject)
                   .last_update(NOW - dt.timedelta(hours=1)).next_update(NOW + 7 * DAY))
        for certificate, when in revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(certificate.serial_number).revocation_date(when)
                .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False).build())
        return builder.sign(self.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def timestamper(self, at: dt.datetime | None = None) -> DummyTimeStamper:
        """A time-stamping authority under this CA (RSA: pyHanko's test TSA signs with RSA only) whose tokens
        say ``at`` (None: the time of each request)."""
        from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder_data

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        usage = x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                              data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                              encipher_only=False, decipher_only=False)
        certificate = (x509.CertificateBuilder().subject_name(_name("Dịch vụ cấp dấu thời gian thử"))
                       .issuer_name(self.certificate.subject).public_key(key.public_key())
                       .serial_number(x509.random_serial_number())
                       .not_valid_before(NOW - 800 * DAY).not_valid_after(NOW + 800 * DAY)
                       .add_extension(usage, critical=True)
                       .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
                       .sign(self.key, hashes.SHA256()))
        cert_path = self.folder / "tsa.pem"
        cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        pem_key = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        ca = load_cert_from_pemder(str(self.pem))
        return DummyTimeStamper(load_cert_from_pemder(str(cert_path)), load_private_key_from_pemder_data(pem_key, None),
                                certs_to_embed=[ca], fixed_dt=at)


@pytest.fixture()
def ca(tmp_path: Path) -> Authority:
    return Authority(tmp_path)


class Distribution:
    """A real HTTP server on 127.0.0.1 (a free port) serving the files put in ``files`` (CRLs) and, at
    ``/tsa``, RFC 3161 time-stamp responses when ``stamper`` is set; ``asked`` lists the paths asked for."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.asked: list[str] = []
        self.stamper: DummyTimeStamper | None = None
        served = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                served.asked.append(self.path)
                self.answer(served.files.get(self.path), "application/pkix-crl")

            def do_POST(self) -> None:  # noqa: N802
                import asyncio

                from asn1crypto import tsp

                served.asked.append(self.path)
                request = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path != "/tsa" or served.stamper is None:
                    self.answer(None, "text/plain")
                    return
                response = asyncio.run(served.stamper.async_request_tsa_response(request))
                self.answer(response.dump(), "application/timestamp-reply")

            def answer(self, body: bytes | None, kind: str) -> None:
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def distribution() -> Iterator[Distribution]:
    served = Distribution()
    yield served
    served.close()


def closed_port_url(path: str) -> str:
    """A URL on 127.0.0.1 where nothing listens (connection refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


# ------------------------------------------------------------------ signing as another program would


@pytest.fixture()
def pledge(pdfs: dict[str, Path], tmp_path: Path) -> Path:
    path = tmp_path / "giao-uoc.pdf"
    path.write_bytes(pdfs["giao_uoc"].read_bytes())
    return path


class Words(PdfContent):
    """Red words in Liberation Serif (drawn by Pillow, so with every Vietnamese letter), filling the field."""

    def __init__(self, words: str, box: tuple[float, float]):
        super().__init__(box=layout.BoxConstraints(*box))
        self.words, self.size = words, box

    def render(self) -> bytes:
        from PIL import Image, ImageDraw, ImageFont
        from pyhanko.pdf_utils.images import PdfImage

        picture = Image.new("RGBA", (int(self.size[0] * 2), int(self.size[1] * 2)), (255, 255, 255, 0))
        ImageDraw.Draw(picture).text((10, picture.height // 3), self.words, fill=(200, 0, 0, 255),
                                     font=ImageFont.truetype(SERIF, 48))
        image = PdfImage(picture, writer=self.writer, box=layout.BoxConstraints(*self.size))
        drawn = image.render()
        self.import_resources(image.resources)
        return drawn


class WhiteBox(PdfContent):
    """An opaque white rectangle the size of the field: what is under it no longer shows."""

    def __init__(self, box: tuple[float, float]):
        super().__init__(box=layout.BoxConstraints(*box))
        self.size = box

    def render(self) -> bytes:
        return b"q 1 1 1 rg 0 0 %g %g re f Q" % self.size


def foreign_sign(content: bytes, field_name: str, p12: Path, *, box: tuple[int, int, int, int] | None = None,
                 style: Any = None, md: str = "sha256", timestamper: Any = None) -> bytes:
    """``content`` signed in ``field_name`` by pyHanko directly; with ``box`` the field is created in the same
    revision on page 1 at that rectangle."""
    signer = signers.SimpleSigner.load_pkcs12_data(p12.read_bytes(), other_certs=[], passphrase=PASSWORD.encode())
    writer = IncrementalPdfFileWriter(io.BytesIO(content), strict=False)
    meta = signers.PdfSignatureMetadata(field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm=md)
    spec = fields.SigFieldSpec(field_name, on_page=0, box=box) if box else None
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer, stamp_style=style or StaticStampStyle(
        background=WhiteBox((1, 1)), border_width=0), new_field_spec=spec,
        timestamper=timestamper).sign_pdf(writer, output=out)
    return out.getvalue()


def tdkt_sign(path: Path, p12: Path, member: str):  # type: ignore[no-untyped-def]
    return invoke("sign", str(path), "--cert", str(p12), "--field", member)


def verify(path: Path, *extra: str):  # type: ignore[no-untyped-def]
    return invoke("verify", str(path), *extra)


def block(output: str, member: str) -> str:
    """The lines of one signature in verify's report."""
    return output.split(f"Ô ký '{member}': ")[1].split("\nÔ ký")[0].split("\nÔ chưa ký")[0]


def no_english(output: str) -> None:
    """No word of pyHanko's or certvalidator's English (file paths, which hold test names, left out)."""
    output = re.sub(r"/\S+", "", output)
    for word in ENGLISH:
        assert word not in output, (word, output)


# ------------------------------------------------------------------ the shadow attack


OVERLAYS = {
    "chữ": StaticStampStyle(background=Words("VĂN BẢN NÀY ĐÃ BỊ HỦY BỎ", (500, 300)), border_width=0,
                            background_opacity=1.0),
    "hộp trắng": StaticStampStyle(background=WhiteBox((500, 300)), border_width=0, background_opacity=1.0),
}


@pytest.mark.parametrize("overlay", list(OVERLAYS))
def test_a_later_signature_field_drawn_over_the_signed_page_is_a_modification(
        pledge: Path, ca: Authority, overlay: str) -> None:
    """A trusted member adds its own new signature field over the body of page 1 (text saying the pledge is
    void, or a white box hiding it) and signs it: the earlier signature is KHÔNG HỢP LỆ, and the report names the
    field, the page and who signed the revision that did it; the next member's sign refuses to sign over it."""
    lao_cai, _ = ca.issue("Lào Cai")
    son_la, _ = ca.issue("Sơn La")
    assert tdkt_sign(pledge, lao_cai, "Lào Cai").exit_code == 0
    pledge.write_bytes(foreign_sign(pledge.read_bytes(), "Hủy bỏ", son_la, box=(50, 300, 550, 600),
                                    style=OVERLAYS[overlay]))
    result = verify(pledge, "--ca", str(ca.pem))
    assert result.exit_code == 1, result.output
    earlier = block(result.output, "Lào Cai")
    assert earlier.startswith("KHÔNG HỢP LỆ\n"), earlier
    assert "  Thay đổi sau khi ký: KHÔNG ĐƯỢC PHÉP: ô ký mới 'Hủy bỏ' vẽ lên trang 1" in earlier
    assert "cùng chữ ký của UBND tỉnh Sơn La" in earlier and "được phép" not in earlier.replace("KHÔNG ĐƯỢC PHÉP", "")
    assert result.output.endswith("1/2 chữ ký hợp lệ — CÓ VẤN ĐỀ.\n"), result.output
    no_english(result.output)

    dien_bien, _ = ca.issue("Điện Biên")
    before = pledge.read_bytes()
    refused = tdkt_sign(pledge, dien_bien, "Điện Biên")
    assert refused.exit_code == 2, refused.output
    assert "không ký vào tệp này: chữ ký ở ô 'Lào Cai' không còn hợp lệ" in refused.output
    assert "ô ký mới 'Hủy bỏ' vẽ lên trang 1" in refused.output and pledge.read_bytes() == before
    no_english(refused.output)


def test_an_existing_empty_field_moved_or_enlarged_before_signing_it_is_a_modification(
        pledge: Path, ca: Authority) -> None:
    """Sơn La's own empty field, stretched over the body of page 1 in the revision that signs it with a white
    box (the "hide" variant of the shadow attack): the earlier signature is KHÔNG HỢP LỆ."""
    from pyhanko.pdf_utils import generic

    lao_cai, _ = ca.issue("Lào Cai")
    son_la, _ = ca.issue("Sơn La")
    assert tdkt_sign(pledge, lao_cai, "Lào Cai").exit_code == 0
    writer = IncrementalPdfFileWriter(io.BytesIO(pledge.read_bytes()), strict=False)
    widget = next(reference for name, _, reference in fields.enumerate_sig_fields(writer) if name == "Sơn La")
    widget.get_object()[generic.NameObject("/Rect")] = generic.ArrayObject(
        [generic.FloatObject(v) for v in (50, 300, 550, 600)])
    writer.update_container(widget.get_object())
    signer = signers.SimpleSigner.load_pkcs12_data(son_la.read_bytes(), other_certs=[], passphrase=PASSWORD.encode())
    out = io.BytesIO()
    signers.PdfSigner(signers.PdfSignatureMetadata(field_name="Sơn La", subfilter=fields.SigSeedSubFilter.PADES),
                      signer=signer, stamp_style=OVERLAYS["hộp trắng"]).sign_pdf(writer, output=out)
    pledge.write_bytes(out.getvalue())
    result = verify(pledge, "--ca", str(ca.pem))
    assert result.exit_code == 1, result.output
    earlier = block(result.output, "Lào Cai")
    assert "  Thay đổi sau khi ký: KHÔNG ĐƯỢC PHÉP: ô ký 'Sơn La' bị đổi vị trí hoặc kích thước" in earlier
    assert "cùng chữ ký của UBND tỉnh Sơn La (ô 'Sơn La')" in earlier
    no_english(result.output)


def test_an_annotation_added_without_a_signature_is_a_modification(pledge: Path, ca: Authority) -> None:
    """A square annotation (a box drawn over the text) appended by a PDF editor: the signature before it is
    KHÔNG HỢP LỆ, the report names page 1, and the file is reported as changed after the last signature."""
    from pyhanko.pdf_utils import generic

    lao_cai, _ = ca.issue("Lào Cai")
    assert tdkt_sign(pledge, lao_cai, "Lào Cai").exit_code == 0
    writer = IncrementalPdfFileWriter(io.BytesIO(pledge.read_bytes()), strict=False)
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    square = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/Square"),
        generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (60, 400, 540, 700)]),
        generic.NameObject("/IC"): generic.ArrayObject([generic.FloatObject(1)] * 3)}))
    annotations = page.get("/Annots", generic.ArrayObject())
    annotations.get_object().append(square)
    page[generic.NameObject("/Annots")] = annotations
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    pledge.write_bytes(out.getvalue())
    result = verify(pledge, "--ca", str(ca.pem))
    assert result.exit_code == 1
    assert "  Thay đổi sau khi ký: KHÔNG ĐƯỢC PHÉP: trang 1 bị sửa" in block(result.output, "Lào Cai")
    assert "không có chữ ký" in block(result.output, "Lào Cai")
    assert "tệp đã bị sửa sau chữ ký cuối cùng" in result.output
    no_english(result.output)


def test_filling_the_own_empty_field_stays_allowed(pledge: Path, ca: Authority) -> None:
    for member in ("Lào Cai", "Sơn La"):
        p12, _ = ca.issue(member)
        assert tdkt_sign(pledge, p12, member).exit_code == 0
    result = verify(pledge, "--ca", str(ca.pem))
    assert result.exit_code == 0, result.output
    assert "  Thay đổi sau khi ký: chỉ thêm chữ ký của bên khác (được phép)" in block(result.output, "Lào Cai")
    assert result.output.endswith("2/2 chữ ký hợp lệ.\n")


# ------------------------------------------------------------------ the certificate at the signing time


@pytest.fixture()
def clock_set_back(monkeypatch: pytest.MonkeyPatch) -> dt.datetime:
    """The signing program's clock 60 days in the past (it writes that as the signing time)."""
    from pyhanko.sign.signers import pdf_signer

    claimed = NOW - 60 * DAY

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Clock:  # type: ignore[override]
            return claimed.astimezone(tz)  # type: ignore[return-value]

    monkeypatch.setattr(pdf_signer, "datetime", Clock)
    return claimed


def test_an_expired_certificate_that_claims_an_earlier_signing_time_is_not_valid(
        pledge: Path, ca: Authority, clock_set_back: dt.datetime) -> None:
    """The certificate expired 30 days ago; the signature says it was made 60 days ago, with nothing to prove
    it: the certificate is judged now, and is expired."""
    p12, _ = ca.issue("Lai Châu", start=-400 * DAY, end=-30 * DAY)
    pledge.write_bytes(foreign_sign(pledge.read_bytes(), "Lai Châu", p12))
    for extra in ([], ["--ca", str(ca.pem)]):
        result = verify(pledge, *extra)
        assert result.exit_code == 1, result.output
        report = block(result.output, "Lai Châu")
        assert report.startswith("KHÔNG HỢP LỆ\n"), report
        assert "  Dấu thời gian: không có (thời điểm ký do người ký tự ghi, chứng thư số được xét tại lúc kiểm tra)" \
            in report
        assert "  Chứng thư số: chứng thư số đã hết hạn lúc kiểm tra (hết hạn " in report
        assert "còn hiệu lực lúc" not in report
        no_english(result.output)


def test_a_timestamp_proves_the_signing_time(pledge: Path, ca: Authority, clock_set_back: dt.datetime) -> None:
    """The same expired certificate with a trusted timestamp token from 60 days ago (when it was valid): HỢP LỆ,
    judged at the timestamp's time. A token from 10 days ago (after it expired): KHÔNG HỢP LỆ."""
    p12, _ = ca.issue("Lai Châu", start=-400 * DAY, end=-30 * DAY)
    original = pledge.read_bytes()
    pledge.write_bytes(foreign_sign(original, "Lai Châu", p12, timestamper=ca.timestamper(NOW - 60 * DAY)))
    result = verify(pledge, "--ca", str(ca.pem))
    assert result.exit_code == 0, result.output
    report = block(result.output, "Lai Châu")
    stamped = (NOW - 60 * DAY).astimezone(signing.VIETNAM_TIME).strftime("ngày %d/%m/%Y")
    assert "  Dấu thời gian: " in report and stamped in report.split("  Dấu thời gian: ")[1].split("\n")[0]
    assert "do Dịch vụ cấp dấu thời gian thử cấp" in report
    assert "  Chứng thư số: còn hiệu lực lúc ký (theo dấu thời gian), đúng mục đích ký" in report

    pledge.write_bytes(foreign_sign(original, "Lai Châu", p12, timestamper=ca.timestamper(NOW - 10 * DAY)))
    result = verify(pledge, "--ca", str(ca.pem))
    assert result.exit_code == 1, result.output
    assert "  Chứng thư số: chứng thư số đã hết hạn lúc ký (hết hạn " in block(result.output, "Lai Châu")
    no_english(result.output)


def test_sign_asks_a_timestamp_service(pledge: Path, ca: Authority, distribution: Distribution) -> None:
    """--tsa: the signature carries a token from the time-stamping authority (PAdES B-T), and verify judges the
    certificate at its time; a service that does not answer, or answers something else, refuses the signing
    with nothing written."""
    p12, _ = ca.issue("Sơn La")
    distribution.stamper = ca.timestamper()
    result = invoke("sign", str(pledge), "--cert", str(p12), "--field", "Sơn La", "--tsa", distribution.url("/tsa"))
    assert result.exit_code == 0, result.output
    assert set(distribution.asked) == {"/tsa"}  # pyHanko asks once more to size the signature
    checked = verify(pledge, "--ca", str(ca.pem))
    assert checked.exit_code == 0, checked.output
    report = block(checked.output, "Sơn La")
    assert "do Dịch vụ cấp dấu thời gian thử cấp: chứng thư số được xét tại thời điểm này" in report
    assert "  Chứng thư số: còn hiệu lực lúc ký (theo dấu thời gian), đúng mục đích ký" in report

    before = pledge.read_bytes()
    lai_chau, _ = ca.issue("Lai Châu")
    for url, why in ((closed_port_url("/tsa"), "không kết nối được"),
                     (distribution.url("/khong-co"), "dịch vụ trả lời mã HTTP 404")):
        refused = invoke("sign", str(pledge), "--cert", str(lai_chau), "--field", "Lai Châu", "--tsa", url)
        assert refused.exit_code == 2, refused.output
        assert f"Lỗi: {pledge}: không lấy được dấu thời gian từ {url}: {why}." in refused.output
        assert pledge.read_bytes() == before
        no_english(refused.output)
    refused = invoke("sign", str(pledge), "--cert", str(lai_chau), "--field", "Lai Châu", "--tsa", "tsa.example")
    assert refused.exit_code == 2 and "--tsa 'tsa.example' không phải địa chỉ http:// hay https://." in refused.output


# ------------------------------------------------------------------ revocation


def test_a_revoked_certificate_with_its_crl_online_is_refused_by_sign_and_not_valid_in_verify(
        pledge: Path, ca: Authority, distribution: Distribution) -> None:
    """Sơn La signs while its certificate is good (the CRL at its distribution point lists nothing); then the CA
    revokes it: verify fetches the CRL and says KHÔNG HỢP LỆ; a new signing with it is refused, nothing written."""
    p12, certificate = ca.issue("Sơn La", crl=distribution.url("/ca.crl"))
    distribution.files["/ca.crl"] = ca.crl()
    signed = tdkt_sign(pledge, p12, "Sơn La")
    assert signed.exit_code == 0, signed.output
    assert distribution.asked == ["/ca.crl"]  # sign checked its own certificate
    result = verify(pledge, "--ca", str(ca.pem))
    assert result.exit_code == 0, result.output
    assert "  Tình trạng thu hồi: không bị thu hồi (đã kiểm tra danh sách thu hồi CRL)" in result.output

    distribution.files["/ca.crl"] = ca.crl([(certificate, NOW - dt.timedelta(hours=2))])
    result = verify(pledge, "--ca", str(ca.pem))
    assert result.exit_code == 1, result.output
    report = block(result.output, "Sơn La")
    assert report.startswith("KHÔNG HỢP LỆ\n") and "  Tình trạng thu hồi: chứng thư số ĐÃ BỊ THU HỒI từ " in report
    assert "(lý do: khóa bí mật bị lộ)" in report
    no_english(result.output)

    again = pledge.with_name("ban-khac.pdf")
    again.write_bytes(pledge.read_bytes())
    before = again.read_bytes()
    p12_lai_chau, lai_chau = ca.issue("Lai Châu", crl=distribution.url("/ca.crl"))
    distribution.files["/ca.crl"] = ca.crl([(lai_chau, NOW - DAY)])
    refused = tdkt_sign(again, p12_lai_chau, "Lai Châu")
    assert refused.exit_code == 2, refused.output
    assert f"Lỗi: {p12_lai_chau}: không ký được: chứng thư số đã bị thu hồi từ " in refused.output
    assert again.read_bytes() == before and {p.name for p in again.parent.iterdir()} == {
        "ban-khac.pdf", "ca-goc.pem", "giao-uoc.pdf", "Lai Châu.p12", "Sơn La.p12"}  # no temporary file left
    no_english(refused.output)


@pytest.mark.parametrize("revoked_days_ago,valid", [(2, True), (20, False)])
def test_a_revocation_after_the_proved_signing_time_keeps_the_signature(
        pledge: Path, ca: Authority, distribution: Distribution, revoked_days_ago: int, valid: bool) -> None:
    """A timestamp token proves the signature existed 10 days ago: a revocation 2 days ago does not undo it
    (past signature validation, the CRL of today read for that time); one 20 days ago does."""
    p12, certificate = ca.issue("Lạng Sơn", start=-400 * DAY, crl=distribution.url("/ca.crl"))
    pledge.write_bytes(foreign_sign(pledge.read_bytes(), "Lạng Sơn", p12, timestamper=ca.timestamper(NOW - 10 * DAY)))
    distribution.files["/ca.crl"] = ca.crl([(certificate, NOW - revoked_days_ago * DAY)])
    result = verify(pledge, "--ca", str(ca.pem))
    report = block(result.output, "Lạng Sơn")
    assert "/ca.crl" in distribution.asked
    if valid:
        assert result.exit_code == 0 and report.startswith("HỢP LỆ\n"), result.output
        assert "  Tình trạng thu hồi: không bị thu hồi trước thời điểm ký (đã kiểm tra danh sách thu hồi CRL)" \
            in report
    else:
        assert result.exit_code == 1 and report.startswith("KHÔNG HỢP LỆ\n"), result.output
        assert "  Tình trạng thu hồi: chứng thư số ĐÃ BỊ THU HỒI từ " in report
    no_english(result.output)


def test_revocation_that_cannot_be_reached_is_said_and_not_called_valid(pledge: Path, ca: Authority) -> None:
    """The CRL's and the OCSP responder's addresses do not answer: verify says it could not check, and the
    signature is not HỢP LỆ (trust not established, exit 3); sign warns and signs."""
    p12, _ = ca.issue("Cao Bằng", crl=closed_port_url("/ca.crl"), ocsp=closed_port_url("/ocsp"))
    signed = tdkt_sign(pledge, p12, "Cao Bằng")
    assert signed.exit_code == 0, signed.output
    assert "Cảnh báo: không kiểm tra được tình trạng thu hồi của chứng thư số" in signed.output
    result = verify(pledge, "--ca", str(ca.pem))
    assert result.exit_code == 3, result.output
    report = block(result.output, "Cao Bằng")
    assert report.startswith("NGUYÊN VẸN, CHƯA XÁC ĐỊNH ĐƯỢC ĐỘ TIN CẬY (không kiểm tra được tình trạng thu hồi)")
    assert "  Tình trạng thu hồi: không kiểm tra được tình trạng thu hồi (không kết nối được tới " in report
    assert "HỢP LỆ" not in result.output.replace("KHÔNG HỢP LỆ", "").replace("CHƯA XÁC ĐỊNH", "")
    assert "CHƯA XÁC ĐỊNH được độ tin cậy: không kiểm tra được tình trạng thu hồi" in result.output
    no_english(result.output + signed.output)


# ------------------------------------------------------------------ what the certificate is for


@pytest.mark.parametrize("eku,accepted", [
    ([ExtendedKeyUsageOID.SERVER_AUTH], False),
    ([ExtendedKeyUsageOID.CLIENT_AUTH], False),
    (None, True),
    ([DOCUMENT_SIGNING], True),
    ([ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.EMAIL_PROTECTION], True),
    ([ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE], True),
], ids=["serverAuth", "clientAuth", "không-EKU", "documentSigning", "clientAuth+emailProtection", "anyEKU"])
def test_extended_key_usage_for_document_signing(pledge: Path, ca: Authority, eku: list[ObjectIdentifier] | None,
                                                 accepted: bool) -> None:
    p12, _ = ca.issue("Hà Giang", eku=eku)
    before = pledge.read_bytes()
    result = tdkt_sign(pledge, p12, "Hà Giang")
    if accepted:
        assert result.exit_code == 0, result.output
        assert verify(pledge, "--ca", str(ca.pem)).exit_code == 0
        return
    assert result.exit_code == 2, result.output
    assert "không ký được: chứng thư số không dùng để ký văn bản (mục đích sử dụng mở rộng: " in result.output
    assert "Dùng chứng thư số ký văn bản" in result.output and pledge.read_bytes() == before
    pledge.write_bytes(foreign_sign(before, "Hà Giang", p12))
    for extra in ([], ["--ca", str(ca.pem)]):
        checked = verify(pledge, *extra)
        assert checked.exit_code == 1, checked.output
        assert "  Chứng thư số: chứng thư số không dùng để ký văn bản" in block(checked.output, "Hà Giang")
        no_english(checked.output)


def test_sha1_is_refused_in_the_certificate_and_in_the_signature(pledge: Path, ca: Authority) -> None:
    p12, _ = ca.issue("Lạng Sơn", sha1=True)
    before = pledge.read_bytes()
    result = tdkt_sign(pledge, p12, "Lạng Sơn")
    assert result.exit_code == 2, result.output
    assert "không ký được: chứng thư số được ký bằng thuật toán băm SHA-1, không còn an toàn" in result.output
    assert pledge.read_bytes() == before

    good, _ = ca.issue("Lào Cai")
    pledge.write_bytes(foreign_sign(before, "Lào Cai", good, md="sha1"))
    for extra in ([], ["--ca", str(ca.pem)]):
        checked = verify(pledge, *extra)
        assert checked.exit_code == 1, checked.output
        report = block(checked.output, "Lào Cai")
        assert report.startswith("KHÔNG HỢP LỆ\n")
        assert "chữ ký dùng thuật toán băm SHA-1, không còn an toàn" in report
        no_english(checked.output)
