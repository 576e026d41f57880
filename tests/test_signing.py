"""Digital signatures for real: a throwaway CA and seven member certificates (cryptography), the 7-member
pledge rendered to PDF by LibreOffice, every member signing its own field in turn (PAdES, incremental),
verification of all seven, and verification failing once a byte is altered."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from tdkt_docgen import nd30, pdf
from tdkt_docgen.cli import main
from tdkt_docgen.vn import slug
from tests.conftest import ROOT

MEMBERS = ["Lào Cai", "Điện Biên", "Sơn La", "Lai Châu", "Hà Giang", "Cao Bằng", "Lạng Sơn"]
IMAGES = ROOT / "tdkt_docgen" / "examples" / "anh-ky"
PASSWORD = "mật-khẩu-thử"


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def certificate(subject: str, issuer: x509.Name | None, key: ec.EllipticCurvePrivateKey,
                signing_key: ec.EllipticCurvePrivateKey, ca: bool) -> x509.Certificate:
    """A certificate valid from yesterday for 30 days: a CA's (signs certificates) or a member's (signs
    documents, non-repudiation)."""
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(digital_signature=True, content_commitment=not ca, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                          encipher_only=False, decipher_only=False)
    builder = (x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(issuer or _name(subject))
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
               .add_extension(usage, critical=True))
    if ca:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    return builder.sign(signing_key, hashes.SHA256())


def make_ca(folder: Path, common_name: str) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    ca = certificate(common_name, None, key, key, ca=True)
    path = folder / f"{slug(common_name)}.pem"
    path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    return ca, key, path


def make_member(folder: Path, ca: x509.Certificate, ca_key: ec.EllipticCurvePrivateKey, member: str) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    member_certificate = certificate(f"UBND tỉnh {member}", ca.subject, key, ca_key, ca=False)
    path = folder / f"{slug(member)}.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        slug(member).encode(), key, member_certificate, [ca], serialization.BestAvailableEncryption(PASSWORD.encode())))
    return path


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pki")
    ca, ca_key, ca_path = make_ca(folder, "CA thử nghiệm tdkt")
    found = {member: make_member(folder, ca, ca_key, member) for member in MEMBERS}
    found["ca"] = ca_path
    found["other_ca"] = make_ca(folder, "CA khác")[2]
    return found


def invoke(*args: str, password: str | None = PASSWORD, input: str | None = None):  # type: ignore[no-untyped-def]
    env = {"TDKT_MAT_KHAU": password} if password is not None else {"TDKT_MAT_KHAU": None}
    return CliRunner().invoke(main, list(args), env=env, input=input)  # type: ignore[arg-type]


def sign(path: Path, pki: dict[str, Path], member: str, *extra: str, **kwargs: object):  # type: ignore[no-untyped-def]
    images = [] if member == "Hà Giang" else [  # Hà Giang signs without images
        "--image", str(IMAGES / f"chu-ky-{slug(member)}.png"), "--seal", str(IMAGES / "con-dau-mau.png")]
    return invoke("sign", str(path), "--cert", str(pki[member]), "--field", member, *images, *extra,
                  **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def signed_in_turn(pdfs: dict[str, Path], pki: dict[str, Path],
                   tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """The pledge PDF after each member's signature, in turn (the file itself, signed in place)."""
    path = tmp_path_factory.mktemp("ky") / "giao-uoc.pdf"
    path.write_bytes(pdfs["giao_uoc"].read_bytes())
    versions = [path.read_bytes()]
    for member in MEMBERS:
        result = sign(path, pki, member)
        assert result.exit_code == 0, result.output
        assert f"Đã ký ô '{member}' vào {path}." in result.output
        versions.append(path.read_bytes())
    return versions


def verify(tmp_path: Path, content: bytes, *extra: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "kiem-tra.pdf"
    path.write_bytes(content)
    return invoke("verify", str(path), *extra)


def test_each_signature_is_an_incremental_update(signed_in_turn: list[bytes]) -> None:
    for before, after in zip(signed_in_turn, signed_in_turn[1:], strict=False):
        assert after.startswith(before) and len(after) > len(before)  # earlier bytes untouched


def test_all_seven_verify(signed_in_turn: list[bytes], pki: dict[str, Path], tmp_path: Path) -> None:
    result = verify(tmp_path, signed_in_turn[-1], "--ca", str(pki["ca"]))
    assert result.exit_code == 0, result.output
    assert result.output.count(": HỢP LỆ") == 7 and "KHÔNG" not in result.output
    for member in MEMBERS:
        block = result.output.split(f"Ô ký '{member}': HỢP LỆ\n")[1].split("Ô ký")[0]
        assert f"  Người ký: UBND tỉnh {member}\n" in block
        assert re.search(r"  Thời điểm ký: \d\d:\d\d:\d\d ngày \d\d/\d\d/20\d\d \(giờ Việt Nam\)", block)
        assert "  Nội dung đã ký còn nguyên vẹn: có" in block and "  Chứng thư do nơi tin cậy cấp: có" in block
        last = member == MEMBERS[-1]
        assert ("  Thay đổi sau khi ký: không" if last else
                "  Thay đổi sau khi ký: chỉ thêm chữ ký của bên khác (được phép)") in block
    assert "Ô chưa ký" not in result.output and result.output.endswith("7/7 chữ ký hợp lệ.\n")


def test_a_partly_signed_pledge_lists_who_has_not_signed(signed_in_turn: list[bytes], tmp_path: Path) -> None:
    result = verify(tmp_path, signed_in_turn[3])
    assert result.exit_code == 3, result.output  # intact, but without --ca trust cannot be judged
    assert "Ô chưa ký: Lai Châu, Hà Giang, Cao Bằng, Lạng Sơn." in result.output
    assert "3/3 chữ ký nguyên vẹn, nhưng CHƯA XÁC ĐỊNH được độ tin cậy" in result.output
    assert "HỢP LỆ" not in result.output.replace("KHÔNG HỢP LỆ", "")
    assert "không kiểm tra được: chưa có chứng thư gốc tin cậy (thêm --ca TỆP_CA.pem)" in result.output
    assert "Traceback" not in result.output and "Failed to build path" not in result.output  # pyHanko's log


def test_one_altered_byte_breaks_verification(signed_in_turn: list[bytes], tmp_path: Path) -> None:
    content = bytearray(signed_in_turn[-1])
    at = content.index(b"stream\n") + 40  # inside the first page's compressed text
    content[at] ^= 0x01
    result = verify(tmp_path, bytes(content))
    assert result.exit_code == 1
    assert result.output.count(": KHÔNG HỢP LỆ") == 7
    assert "Nội dung đã ký còn nguyên vẹn: KHÔNG" in result.output
    assert result.output.endswith("0/7 chữ ký hợp lệ — CÓ VẤN ĐỀ.\n")


def test_any_altered_byte_fails_verification_without_a_traceback(signed_in_turn: list[bytes],
                                                                  tmp_path: Path) -> None:
    original = signed_in_turn[-1]
    for at in range(16, len(original), len(original) // 40):  # 40 places spread over the file, past "%PDF-1.6"
        content = bytearray(original)
        content[at] = ord("#") if content[at] != ord("#") else ord("*")
        result = verify(tmp_path, bytes(content))
        assert result.exit_code == 1, (at, original[at - 20:at + 20], result.output)
        assert "KHÔNG HỢP LỆ" in result.output and "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (at, result.exception)


def test_bytes_appended_after_the_last_signature_are_reported(signed_in_turn: list[bytes], tmp_path: Path) -> None:
    result = verify(tmp_path, signed_in_turn[-1] + b"\n% them sau khi ky\n")
    assert result.exit_code == 1
    assert "tệp đã bị sửa sau chữ ký cuối cùng" in result.output


def test_a_certificate_from_another_ca_is_not_trusted(signed_in_turn: list[bytes], pki: dict[str, Path],
                                                     tmp_path: Path) -> None:
    result = verify(tmp_path, signed_in_turn[1], "--ca", str(pki["other_ca"]))
    assert result.exit_code == 1 and "Chứng thư do nơi tin cậy cấp: KHÔNG" in result.output


def test_signed_fields_show_the_images_only_where_given(signed_in_turn: list[bytes]) -> None:
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = pdf.reader_of(signed_in_turn[-1])
    for name, value, reference in enumerate_sig_fields(reader):
        assert value is not None
        appearance = reference.get_object()["/AP"]["/N"]
        drawn = _drawn(appearance)
        assert drawn.count("/Image") == (0 if name == "Hà Giang" else 2), name  # signature and seal
        assert "/Font" not in drawn  # no text stamp: pyHanko's own is English and cannot write "ế"


def _drawn(xobject):  # type: ignore[no-untyped-def]
    """What a form XObject draws: "/Image" per image, "/Font" when it sets text; nested forms followed
    (an image's alpha mask hangs off the image, not off the resources, so it is not counted)."""
    found = []
    resources = xobject.get("/Resources")
    if resources is None:
        return found
    if "/Font" in resources:
        found.append("/Font")
    for child in resources.get("/XObject", {}).values():
        child = child.get_object()
        found += _drawn(child) if child["/Subtype"] == "/Form" else [str(child["/Subtype"])]
    return found


def test_wrong_password_unknown_field_or_signing_twice_change_nothing(signed_in_turn: list[bytes],
                                                                    pki: dict[str, Path], tmp_path: Path) -> None:
    path = tmp_path / "giao-uoc.pdf"
    path.write_bytes(signed_in_turn[2])  # Lào Cai and Điện Biên have signed
    result = sign(path, pki, "Sơn La", password="sai")
    assert result.exit_code == 2
    assert f"Lỗi: {pki['Sơn La']}: không mở được tệp chứng thư số: sai mật khẩu" in result.output
    result = invoke("sign", str(path), "--cert", str(pki["Sơn La"]), "--field", "Hà Nội")
    assert result.exit_code == 2 and "không có ô ký 'Hà Nội'. Các ô ký có: Lào Cai, Điện Biên, Sơn La" in result.output
    result = sign(path, pki, "Điện Biên")
    assert result.exit_code == 2 and "ô ký 'Điện Biên' đã được ký." in result.output
    assert path.read_bytes() == signed_in_turn[2]
    assert "Traceback" not in result.output


def test_a_seal_without_a_signature_image_is_refused(signed_in_turn: list[bytes], pki: dict[str, Path],
                                                     tmp_path: Path) -> None:
    path = tmp_path / "giao-uoc.pdf"
    path.write_bytes(signed_in_turn[0])
    seal = IMAGES / "con-dau-mau.png"
    result = invoke("sign", str(path), "--cert", str(pki["Sơn La"]), "--field", "Sơn La", "--seal", str(seal))
    assert result.exit_code == 2 and f"Lỗi: {seal}: ảnh con dấu chỉ đặt trùm lên ảnh chữ ký." in result.output
    assert path.read_bytes() == signed_in_turn[0]


def test_password_is_asked_when_not_in_the_environment(signed_in_turn: list[bytes], pki: dict[str, Path],
                                                      tmp_path: Path) -> None:
    path = tmp_path / "giao-uoc.pdf"
    path.write_bytes(signed_in_turn[0])
    out = tmp_path / "da-ky.pdf"
    result = sign(path, pki, "Cao Bằng", "--field", "cao-bang", "-o", str(out), password=None, input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Mật khẩu của" in result.output and PASSWORD not in result.output  # not echoed
    assert path.read_bytes() == signed_in_turn[0] and out.read_bytes().startswith(signed_in_turn[0])
    assert "--password" not in invoke("sign", "--help").output


def test_not_a_pdf_is_a_clear_error(tmp_path: Path, pki: dict[str, Path]) -> None:
    path = tmp_path / "khong-phai.pdf"
    path.write_text("xin chào", encoding="utf-8")
    for result in (invoke("verify", str(path)), invoke("sign", str(path), "--cert", str(pki["Sơn La"]),
                                                       "--field", "Sơn La")):
        assert result.exit_code == 2 and f"Lỗi: {path}: tệp không phải là PDF đọc được" in result.output


def test_signed_field_images_stay_inside_a_narrow_cell() -> None:
    """In a grid of three cells a row the PDF field is 5,3 cm wide: the signature is narrowed as in the DOCX
    (``nd30.signature_box_width_cm``) so it and the 38 mm seal stay inside the field."""
    from tdkt_docgen import signing

    box = (nd30.grid_cell_cm(3) * nd30.POINTS_PER_CM, nd30.SIGNATURE_SPACE_CM * nd30.POINTS_PER_CM)
    appearance = signing.Appearance(IMAGES / "chu-ky-lao-cai.png", IMAGES / "con-dau-mau.png", 38)
    placed = signing._pictures(appearance, box)
    assert len(placed) == 2
    for _, (x, y, width, height) in placed:
        assert 0 <= x and x + width <= box[0] + 0.5 and 0 <= y and y + height <= box[1] + 0.5
