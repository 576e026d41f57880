"""Messages all Vietnamese (issue 24, item 6): no Python repr, warning or third-party English reaches the user, in
real processes where warnings and the terminal behave as a user meets them: pyHanko's deprecation warning,
getpass's echo warning, uvicorn's start-up errors (the port and the host are checked before "Dịch vụ chạy
tại …"), reprs of values in messages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from tdkt_docgen.cli import main

TDKT = str(Path(sys.executable).with_name("tdkt"))
ENGLISH = ("Warning", "warning", "Deprecat", "Traceback", "site-packages", "Error", "echoed", "Uvicorn", "uvicorn",
           "address already in use", "<class", "datetime.datetime", " at 0x")


def run(*args: object, stdin: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """A real ``tdkt`` process, without a terminal (as a script or a scheduled job runs it)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHONWARNINGS")}
    env.pop("TDKT_MAT_KHAU", None)
    return subprocess.run([TDKT, *map(str, args)], input=stdin, capture_output=True, text=True, timeout=timeout,
                          env=env, check=False)


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if word in text]


def test_commands_that_load_pyhanko_print_no_warning(pdfs: dict[str, Path]) -> None:
    done = run("verify", pdfs["giao_uoc"])
    assert "chữ ký" in done.stdout + done.stderr and english_in(done.stderr) == [], done.stderr


def test_a_password_read_without_a_terminal_gives_no_echo_warning(pdfs: dict[str, Path], tmp_path: Path) -> None:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Sơn La")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=9))
            .sign(key, hashes.SHA256()))
    bundle = tmp_path / "son-la.p12"
    bundle.write_bytes(pkcs12.serialize_key_and_certificates(b"x", key, cert, None, BestAvailableEncryption(b"dung")))
    copy = tmp_path / "giao-uoc.pdf"
    copy.write_bytes(pdfs["giao_uoc"].read_bytes())
    done = run("sign", copy, "--cert", bundle, "--field", "Sơn La", stdin="sai\n")
    assert done.returncode == 2 and "mật khẩu" in done.stderr, done.stderr
    assert "Password input may be echoed" not in done.stderr and english_in(done.stderr) == [], done.stderr
    assert copy.read_bytes() == pdfs["giao_uoc"].read_bytes()
    done = run("sign", copy, "--cert", bundle, "--field", "Sơn La", stdin="")
    assert done.returncode == 2 and "không hỏi được" in done.stderr and english_in(done.stderr) == [], done.stderr


def test_serve_checks_the_port_before_saying_it_runs(tmp_path: Path) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        done = run("serve", "--port", port, "--data-dir", tmp_path / "dich-vu", timeout=60)
    finally:
        taken.close()
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert f"Lỗi: cổng {port} đang được một chương trình khác dùng." in done.stderr
    assert "Dịch vụ chạy tại" not in done.stdout and english_in(done.stdout + done.stderr) == []


@pytest.mark.parametrize("host,said", [("192.0.2.123", "máy này không có địa chỉ '192.0.2.123'"),
                                       ("khong-co-may-nay.invalid", "không có địa chỉ 'khong-co-may-nay.invalid'")])
def test_serve_checks_the_host_before_saying_it_runs(tmp_path: Path, host: str, said: str) -> None:
    done = run("serve", "--host", host, "--port", 18999, "--data-dir", tmp_path / "dich-vu", timeout=60)
    assert done.returncode == 2 and said in done.stderr, (done.stdout, done.stderr)
    assert "Dịch vụ chạy tại" not in done.stdout and english_in(done.stdout + done.stderr) == []


def _render_own(tmp_path: Path, tag: str, data: str, schema: str | None = None):  # type: ignore[no-untyped-def]
    doc = Document()
    doc.add_paragraph(tag)
    template = tmp_path / "mau.docx"
    doc.save(str(template))
    (tmp_path / "du-lieu.yaml").write_text(data, "utf-8")
    if schema is not None:
        (tmp_path / "mau.schema.yaml").write_text(schema, "utf-8")
    return CliRunner().invoke(main, ["render", str(tmp_path / "du-lieu.yaml"), "-t", str(template), "-o",
                                     str(tmp_path / "a.docx")])


def test_a_filter_given_a_list_or_a_date_says_what_it_is_not_its_repr(tmp_path: Path) -> None:
    result = _render_own(tmp_path, "{{ ds | so }}", "ds:\n  - {ten: A}\n")
    assert result.exit_code == 2 and "bộ lọc 'so' không dùng được với giá trị một danh sách" in result.output
    assert "[{" not in result.output and english_in(result.output) == []


def test_a_date_where_a_schema_wants_a_number_is_shown_as_written(tmp_path: Path) -> None:
    result = _render_own(tmp_path, "{{ so_tien }}", "so_tien: 2024-01-01 08:30:00\n", "so_tien: so\n")
    assert result.exit_code == 2 and "Giá trị hiện tại: 01/01/2024 08:30." in result.output, result.output
    assert english_in(result.output) == []


def test_serve_reads_its_tls_certificate_before_saying_it_runs(tmp_path: Path) -> None:
    broken = tmp_path / "chung-thu.pem"
    broken.write_text("không phải chứng thư\n", "utf-8")
    done = run("serve", "--port", 18998, "--cert", broken, "--key", broken, "--data-dir", tmp_path / "dich-vu")
    assert done.returncode == 2 and "không đọc được chứng thư TLS (--cert) hoặc khóa (--key)" in done.stderr
    assert "Dịch vụ chạy tại" not in done.stdout and english_in(done.stdout + done.stderr) == []
