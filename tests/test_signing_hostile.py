"""Signing under pressure (issue 17): certificates judged at the signing time, two members signing the same
PDF at the same moment (real processes), in-place signing keeping the file's mode and hard links, and the
certificate or password that cannot be used."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12

from tdkt_docgen.pdf import signing
from tests.test_signing import PASSWORD, _name, invoke, make_ca, pki  # noqa: F401 - pki is a fixture

TDKT = [str(Path(sys.executable).with_name("tdkt"))]  # the installed command, as a user runs it


def member_certificate(folder: Path, name: str, start: dt.timedelta, end: dt.timedelta,
                       signing_use: bool = True) -> tuple[Path, Path]:
    """A .p12 whose certificate is valid from now+start to now+end, issued by its own CA (returned too)."""
    ca_cert, ca_key, ca_path = make_ca(folder, f"CA {name}")
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(digital_signature=signing_use, content_commitment=signing_use,
                          key_encipherment=not signing_use, data_encipherment=False, key_agreement=False,
                          key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False)
    certificate = (x509.CertificateBuilder().subject_name(_name(f"UBND tỉnh {name}")).issuer_name(ca_cert.subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now + start).not_valid_after(now + end)
                   .add_extension(usage, critical=True).sign(ca_key, hashes.SHA256()))
    path = folder / f"{name}.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"k", key, certificate, [ca_cert], serialization.BestAvailableEncryption(PASSWORD.encode())))
    return path, ca_path


@pytest.fixture()
def pledge_pdf(pdfs: dict[str, Path], tmp_path: Path) -> Path:
    path = tmp_path / "giao-uoc.pdf"
    path.write_bytes(pdfs["giao_uoc"].read_bytes())
    return path


@pytest.mark.parametrize("start,end,expected", [
    (dt.timedelta(days=-60), dt.timedelta(days=-1), "không ký được: chứng thư số đã hết hạn lúc ký (hết hạn "),
    (dt.timedelta(days=2), dt.timedelta(days=60), "không ký được: chứng thư số chưa có hiệu lực lúc ký (hiệu lực từ "),
])
def test_sign_refuses_a_certificate_out_of_its_validity(pledge_pdf: Path, tmp_path: Path, start: dt.timedelta,
                                                        end: dt.timedelta, expected: str) -> None:
    cert, _ = member_certificate(tmp_path, "Sơn La", start, end)
    before = pledge_pdf.read_bytes()
    result = invoke("sign", str(pledge_pdf), "--cert", str(cert), "--field", "Sơn La")
    assert result.exit_code == 2 and f"Lỗi: {cert}: {expected}" in result.output, result.output
    assert pledge_pdf.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("."))\
        == []


def test_sign_refuses_a_certificate_not_meant_for_signing(pledge_pdf: Path, tmp_path: Path) -> None:
    cert, _ = member_certificate(tmp_path, "Lai Châu", dt.timedelta(days=-1), dt.timedelta(days=30), False)
    result = invoke("sign", str(pledge_pdf), "--cert", str(cert), "--field", "Lai Châu")
    assert result.exit_code == 2 and "chứng thư số không dùng để ký văn bản" in result.output


def test_verify_judges_the_certificate_at_the_signing_time(pledge_pdf: Path, tmp_path: Path) -> None:
    """A signature made (by another program) with an expired certificate: never "HỢP LỆ", with or without --ca,
    and the reason is the certificate's validity, not the trust chain."""
    from tests.test_signing_rules import foreign_sign

    cert, ca = member_certificate(tmp_path, "Điện Biên", dt.timedelta(days=-60), dt.timedelta(days=-1))
    pledge_pdf.write_bytes(foreign_sign(pledge_pdf.read_bytes(), "Điện Biên", cert))
    for extra in ([], ["--ca", str(ca)]):
        result = invoke("verify", str(pledge_pdf), *extra)
        assert result.exit_code == 1, result.output
        assert "Ô ký 'Điện Biên': KHÔNG HỢP LỆ" in result.output
        assert "  Chứng thư số: chứng thư số đã hết hạn lúc kiểm tra (hết hạn " in result.output
    assert "Chứng thư do nơi tin cậy cấp: có" in result.output  # with its own CA: the chain is fine, the date not


def test_sign_with_a_folder_as_certificate_or_without_a_password(pledge_pdf: Path, tmp_path: Path,
                                                                 pki: dict[str, Path]) -> None:  # noqa: F811
    folder = tmp_path / "chung-thu.p12"
    folder.mkdir()
    result = invoke("sign", str(pledge_pdf), "--cert", str(folder), "--field", "Sơn La")
    assert result.exit_code == 2 and f"Lỗi: {folder}: đây là một thư mục, không phải tệp chứng thư số." in result.output
    result = invoke("sign", str(pledge_pdf), "--cert", str(pki["Sơn La"]), "--field", "Sơn La", password=None,
                    input="")
    assert result.exit_code == 2, result.output
    assert "cần mật khẩu của tệp chứng thư số mà không hỏi được" in result.output and "TDKT_MAT_KHAU" in result.output
    assert "Aborted" not in result.output and "GetPassWarning" not in result.output


def test_signing_in_place_keeps_the_mode_and_the_hard_links(pledge_pdf: Path, pki: dict[str, Path]) -> None:  # noqa: F811
    os.chmod(pledge_pdf, 0o644)
    link = pledge_pdf.with_name("ban-sao.pdf")
    os.link(pledge_pdf, link)
    result = invoke("sign", str(pledge_pdf), "--cert", str(pki["Sơn La"]), "--field", "Sơn La")
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(pledge_pdf.stat().st_mode) == 0o644 and pledge_pdf.stat().st_nlink == 2
    assert link.read_bytes() == pledge_pdf.read_bytes()
    assert dict(signing.signature_fields(signing.read_pdf(link)[1]))["Sơn La"]
    os.unlink(link)
    result = invoke("sign", str(pledge_pdf), "--cert", str(pki["Lào Cai"]), "--field", "Lào Cai")
    assert result.exit_code == 0 and stat.S_IMODE(pledge_pdf.stat().st_mode) == 0o644
    assert sorted(p.name for p in pledge_pdf.parent.iterdir()) == ["giao-uoc.pdf"]  # no temporary file left


def test_two_members_signing_the_same_pdf_at_once_keep_both_signatures(pledge_pdf: Path,
                                                                       pki: dict[str, Path]) -> None:  # noqa: F811
    """Real processes started together, in two rounds: each says "Đã ký" only when its signature is in the file,
    and the file has every signature reported."""
    env = {**os.environ, "TDKT_MAT_KHAU": PASSWORD}
    for pair in (("Sơn La", "Lai Châu"), ("Hà Giang", "Cao Bằng")):
        processes = [subprocess.Popen([*TDKT, "sign", str(pledge_pdf), "--cert", str(pki[member]), "--field", member],
                                      env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for member in pair]
        outputs = [process.communicate(timeout=120) for process in processes]
        for member, process, (out, err) in zip(pair, processes, outputs, strict=True):
            assert process.returncode == 0, err
            assert f"Đã ký ô '{member}' vào {pledge_pdf}." in out and "Traceback" not in err
        signed = dict(signing.signature_fields(signing.read_pdf(pledge_pdf)[1]))
        assert all(signed[member] for member in pair), signed
    result = invoke("verify", str(pledge_pdf), "--ca", str(pki["ca"]))
    assert result.exit_code == 0 and "4/4 chữ ký hợp lệ." in result.output, result.output


def test_sign_refuses_a_bomb_or_corrupt_png(pledge_pdf: Path, tmp_path: Path, pki: dict[str, Path]) -> None:  # noqa: F811
    import zlib

    from tests.test_hostile import _png

    before = pledge_pdf.read_bytes()
    for content, expected in [(_png(40000, 40000, zlib.compress(b"\0" * 1000)), "ảnh quá lớn (40000 × 40000"),
                              (_png(200, 100, b"hong" * 50), "tệp ảnh PNG bị hỏng")]:
        image = tmp_path / "chu-ky.png"
        image.write_bytes(content)
        result = invoke("sign", str(pledge_pdf), "--cert", str(pki["Sơn La"]), "--field", "Sơn La",
                        "--image", str(image))
        assert result.exit_code == 2 and f"Lỗi: {image}: {expected}" in result.output, result.output
        assert pledge_pdf.read_bytes() == before


def test_a_signing_in_progress_makes_the_next_one_wait(pledge_pdf: Path, pki: dict[str, Path]) -> None:  # noqa: F811
    """Another run holds the PDF (its lock taken here): `tdkt sign` says it waits, and signs once it is free."""
    import fcntl
    import time

    holder = os.open(pledge_pdf, os.O_RDONLY)
    fcntl.flock(holder, fcntl.LOCK_EX)
    process = subprocess.Popen([*TDKT, "sign", str(pledge_pdf), "--cert", str(pki["Lạng Sơn"]), "--field", "Lạng Sơn"],
                               env={**os.environ, "TDKT_MAT_KHAU": PASSWORD}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(4)
        assert process.poll() is None  # still waiting
        assert not dict(signing.signature_fields(signing.read_pdf(pledge_pdf)[1]))["Lạng Sơn"]
    finally:
        os.close(holder)  # the other run is done
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert f"Tệp {pledge_pdf} đang được ký ở một lần chạy khác; chờ lần đó xong…" in err
    assert f"Đã ký ô 'Lạng Sơn' vào {pledge_pdf}." in out
    assert dict(signing.signature_fields(signing.read_pdf(pledge_pdf)[1]))["Lạng Sơn"]
