"""The service attacked as a page on another origin or a client on the same network would: one test per
attack of issue 26, each over real HTTP against a real `tdkt serve` (cross-origin POST with and without a
cookie, a foreign Host, login CSRF, the 41st wrong password, framing, the three costly requests, a chunked
upload), and the queue's fairness between offices."""

from __future__ import annotations

import io
import select
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import ROOT
from tests.service_server import TDKT, environment, serve, wait_done
from tests.test_service_api import form_token, sign_in

EXAMPLES = ROOT / "fixtures"
LETTER = EXAMPLES / "cong-van-so-lieu-2023.yaml"
CLUSTER = EXAMPLES / "cum-7-tinh-mnbg-2023.yaml"
PASSWORD = "mat-khau-dai"
EVIL = "http://trang-la.example"


def add_user(data_dir: Path, name: str, office: str, member: str = "") -> None:
    subprocess.run([*TDKT, "serve", "--add-user", name, "--office", office, *(["--member", member] if member else [])],
                   check=True, env=environment(data_dir, TDKT_MAT_KHAU_MOI=PASSWORD), capture_output=True)


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The default service: 127.0.0.1, no sign-in."""
    with serve(tmp_path_factory.mktemp("an-toan") / "du-lieu", TDKT_MAX_REQUEST_MB="5") as url:
        yield url


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service for a network (another address than 127.0.0.1): sign-in required; two offices."""
    data_dir = tmp_path_factory.mktemp("mang") / "du-lieu"
    add_user(data_dir, "son-la", "Sở Nội vụ Sơn La", "Sơn La")
    add_user(data_dir, "lai-chau", "Sở Nội vụ Lai Châu", "Lai Châu")
    add_user(data_dir, "bi-do", "Sở Nội vụ Hà Giang", "Hà Giang")
    with serve(data_dir, host="127.0.0.2", TDKT_QUEUE_MAX_OFFICE="10") as url:
        yield url


def job_files(path: Path = LETTER) -> dict[str, tuple[str, bytes]]:
    return {"data": (path.name, path.read_bytes())}


def recent_jobs(url: str) -> int:
    return httpx.get(f"{url}/").text.count('href="/viec/')


def test_a_cross_origin_post_without_a_cookie_is_refused(local: str) -> None:
    with httpx.Client(base_url=local, timeout=60) as client:  # no cookie: the page of another site posts
        before = recent_jobs(local)
        for headers in ({"Origin": EVIL, "Sec-Fetch-Site": "cross-site"}, {"Origin": EVIL}, {"Origin": "null"}):
            answer = client.post("/api/v1/jobs", files=job_files(), headers=headers)
            assert answer.status_code == 403, (headers, answer.text)
            assert "yêu cầu này được gửi từ một trang web khác" in answer.json()["detail"]
        assert recent_jobs(local) == before  # nothing was queued
        own = client.post("/api/v1/jobs", files=job_files(), headers={"Origin": local, "Sec-Fetch-Site": "same-origin"})
        assert own.status_code == 202  # the service's own page, or a program (no Origin), still may


def test_a_cross_origin_post_with_the_session_cookie_is_refused(network: str) -> None:
    with httpx.Client(base_url=network, timeout=60) as browser:
        assert sign_in(browser, "son-la", PASSWORD).status_code == 303
        forged = browser.post("/api/v1/jobs", files=job_files(),
                              headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"})
        assert forged.status_code == 403
        no_token = browser.post("/api/v1/jobs", files=job_files())  # the cookie alone is not enough
        assert no_token.status_code == 403 and "X-CSRF-Token" in no_token.json()["detail"]
        token = form_token(browser.get("/"))
        form = browser.post("/van-ban", data={"kind": "cong_van"}, files=job_files(),
                            headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"})
        assert form.status_code == 403 and 'lang="vi"' in form.text  # the page's own error page
        with_token = browser.post("/api/v1/jobs", files=job_files(), headers={"X-CSRF-Token": token})
        assert with_token.status_code == 202


def test_a_foreign_host_is_refused(local: str) -> None:
    """A DNS-rebinding page: its own name resolved to 127.0.0.1, the Host header says its name."""
    port = urlsplit(local).port
    with httpx.Client(base_url=local, timeout=60) as client:
        job = client.post("/api/v1/jobs", files=job_files()).headers["location"]
        for path in ("/", job, "/readyz", "/openapi.json"):
            answer = client.get(path, headers={"Host": f"trang-la.example:{port}"})
            assert answer.status_code == 400, path
            assert "dịch vụ không phục vụ tên" in answer.text and "trang-la.example" in answer.text
        assert client.get(job, headers={"Host": f"localhost:{port}"}).status_code == 200


def test_login_csrf_is_refused(network: str) -> None:
    """Another site posts its own account's name and password to sign a browser in to that account."""
    with httpx.Client(base_url=network, timeout=60) as browser:
        forged = browser.post("/dang-nhap", data={"name": "bi-do", "password": PASSWORD})  # no form token
        assert forged.status_code == 403 and "tdkt_phien" not in browser.cookies
        browser.get("/dang-nhap")  # even with the form's cookie, another origin is refused
        cross = browser.post("/dang-nhap", data={"name": "bi-do", "password": PASSWORD, "csrf": "x"},
                             headers={"Origin": EVIL})
        assert cross.status_code == 403 and "tdkt_phien" not in browser.cookies


def test_the_41st_password_waits_after_40_wrong_ones(network: str) -> None:
    with httpx.Client(base_url=network, timeout=60) as browser:
        answers = [sign_in(browser, "lai-chau", f"sai-{n}").status_code for n in range(40)]
        assert answers[:10] == [401] * 10 and set(answers[10:]) == {429}
        right = sign_in(browser, "lai-chau", PASSWORD)
        assert right.status_code == 429 and int(right.headers["retry-after"]) > 60
        assert "tdkt_phien" not in browser.cookies and "đăng nhập tạm khóa" in right.text
    basic = httpx.get(f"{network}/api/v1/jobs/x", auth=("lai-chau", PASSWORD))
    assert basic.status_code == 429  # the API's HTTP Basic is throttled the same


def test_the_page_cannot_be_framed_and_sends_no_referrer(local: str) -> None:
    answer = httpx.get(f"{local}/")
    policy = answer.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in answer.headers  # plain HTTP: no HSTS, no Secure cookie


def test_a_name_pattern_of_a_hundred_million_characters_is_refused_at_once(local: str) -> None:
    start = time.monotonic()
    answer = httpx.post(f"{local}/api/v1/jobs", files=job_files(), data={"per_member": "true",
                                                                         "name": "{stt:99999999d}.docx"})
    assert answer.status_code == 422 and time.monotonic() - start < 5
    assert "quá dài (độ rộng tối đa 10" in answer.json()["detail"]


def bomb(entry: str, megabytes: int, base: bytes) -> bytes:
    """The package ``base`` with its ``entry`` grown to ``megabytes`` MB of XML: a small ZIP still."""
    original = zipfile.ZipFile(io.BytesIO(base))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in original.infolist():
            content = original.read(info)
            if info.filename == entry:
                head, tail = content.rsplit(b"</", 1)
                content = head + (b"<!-- " + b"x" * 1014 + b" -->") * (megabytes * 1024) + b"</" + tail
            archive.writestr(info.filename, content)
    return buffer.getvalue()


def test_a_workbook_holding_100_mb_of_sheet_xml_is_refused_before_it_is_read(local: str) -> None:
    workbook = next((EXAMPLES / "so-lieu-2023").glob("*.xlsx"))
    heavy = bomb("xl/worksheets/sheet1.xml", 100, workbook.read_bytes())
    assert len(heavy) < 1024 * 1024  # far below the 20 MB an upload may be
    start = time.monotonic()
    answer = httpx.post(f"{local}/api/v1/jobs", files={**job_files(CLUSTER), "workbooks": (workbook.name, heavy)},
                        timeout=120)
    assert answer.status_code == 413 and time.monotonic() - start < 10
    assert "phần 'xl/worksheets/sheet1.xml' của tệp .xlsx khi giải nén lớn hơn 10 MB." in answer.json()["detail"]


def test_a_template_holding_a_100_mb_document_xml_is_refused_before_it_is_read(local: str) -> None:
    heavy = bomb("word/document.xml", 100, (ROOT / "templates" / "cong_van.docx").read_bytes())
    start = time.monotonic()
    answer = httpx.post(f"{local}/api/v1/templates", files={"file": ("mau.docx", heavy)}, timeout=120)
    assert answer.status_code == 413 and time.monotonic() - start < 10
    assert "phần 'word/document.xml' của tệp .docx" in answer.json()["detail"]


def test_a_chunked_upload_is_cut_at_the_request_limit(local: str) -> None:
    """No Content-Length: the service counts the body as it streams in and answers 413 at 5 MB (the limit of
    this service), while the client still has 25 MB to send."""
    parts = urlsplit(local)
    chunk = b"#" * (1024 * 1024)
    boundary = "ranh-gioi"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"data\"; filename=\"lon.yaml\"\r\n"
            "Content-Type: application/yaml\r\n\r\n").encode()
    sent, answer = 0, b""
    with socket.create_connection((parts.hostname, parts.port), timeout=60) as connection:
        connection.sendall(f"POST /api/v1/jobs HTTP/1.1\r\nHost: {parts.netloc}\r\nTransfer-Encoding: chunked\r\n"
                           f"Content-Type: multipart/form-data; boundary={boundary}\r\n\r\n".encode())
        for piece in [head] + [chunk] * 30:
            try:
                connection.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(piece)
            if select.select([connection], [], [], 0.05)[0]:
                break
        deadline = time.monotonic() + 30
        while b"\r\n\r\n" not in answer and time.monotonic() < deadline:
            data = connection.recv(65536)
            if not data:
                break
            answer += data
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert "cả yêu cầu lớn hơn 5 MB" in answer.decode("utf-8", "replace") or b"problem+json" in answer
    assert sent < 15 * 1024 * 1024  # answered long before the 30 MB were sent


def test_an_upload_over_the_limit_gets_the_error_page_in_a_browser_form(local: str) -> None:
    with httpx.Client(base_url=local, timeout=60) as browser:
        token = form_token(browser.get("/"))
        answer = browser.post("/van-ban", data={"csrf": token}, files={"data": ("lon.yaml", b"#" * (6 * 1024 * 1024))})
    assert answer.status_code == 413 and answer.headers["content-type"].startswith("text/html")
    assert "cả yêu cầu lớn hơn 5 MB" in answer.text and 'lang="vi"' in answer.text


def test_health_details_and_api_docs_only_to_signed_in_users_off_this_machine(network: str) -> None:
    assert httpx.get(f"{network}/readyz").json() == {"status": "ready"}
    for path in ("/docs", "/openapi.json"):
        assert httpx.get(f"{network}{path}").status_code == 401
        assert httpx.get(f"{network}{path}", auth=("son-la", PASSWORD)).status_code == 200
    assert "queued_documents" in httpx.get(f"{network}/readyz", auth=("son-la", PASSWORD)).json()


def test_each_office_has_its_share_of_the_queue(network: str) -> None:
    with httpx.Client(base_url=network, timeout=60, auth=("son-la", PASSWORD)) as son_la, \
            httpx.Client(base_url=network, timeout=60, auth=("bi-do", PASSWORD)) as ha_giang:
        first = son_la.post("/api/v1/jobs", files=job_files(CLUSTER), data={"per_member": "true", "pdf": "true"})
        second = son_la.post("/api/v1/jobs", files=job_files(), data={"per_member": "true"})  # 14 > 10
        assert first.status_code == 202 and second.status_code == 429
        assert "mỗi cơ quan được có tối đa 10" in second.json()["detail"]
        other = ha_giang.post("/api/v1/jobs", files=job_files(), data={"per_member": "true"})
        assert other.status_code == 202  # another office is not held back by Sơn La's batch
        wait_done(son_la, first.headers["location"], 300)


def test_a_held_page_job_does_not_count_against_the_queue(tmp_path: Path) -> None:
    """The page's job waits for its "Tạo N văn bản": its documents are not in the queue until then, and when
    it runs they are counted once."""
    with serve(tmp_path / "du-lieu", TDKT_QUEUE_MAX="7") as url, httpx.Client(base_url=url, timeout=60) as page:
        token = form_token(page.get("/"))
        held = page.post("/van-ban", data={"csrf": token, "kind": "cong_van", "per_member": "1"}, files=job_files())
        assert held.status_code == 303
        api = httpx.post(f"{url}/api/v1/jobs", files=job_files(), data={"per_member": "true"})
        assert api.status_code == 202  # 7 of 7, the held job not counted
        wait_done(httpx.Client(base_url=url), api.headers["location"])
        job_id = held.headers["location"].rsplit("/", 1)[1]
        run = page.post(f"/viec/{job_id}/chay", data={"csrf": token})
        assert run.status_code == 303  # 7 of 7 again: its own documents counted once, not twice
        assert wait_done(page, f"/api/v1/jobs/{job_id}")["progress"]["done"] == 7


def test_a_job_is_done_when_its_own_documents_are(tmp_path: Path) -> None:
    """Its ZIP is made by the task of its last document, not queued behind a later job's 63 documents."""
    fixture = tmp_path / "63-tinh.yaml"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_fixture.py"), str(fixture)], check=True)
    with serve(tmp_path / "du-lieu", TDKT_WORKERS="1") as url, httpx.Client(base_url=url, timeout=60) as client:
        small = client.post("/api/v1/jobs", files=job_files(), data={"per_member": "true", "pdf": "true"})
        big = client.post("/api/v1/jobs", files=job_files(fixture), data={"per_member": "true"})  # while it works
        assert client.get(small.headers["location"]).json()["progress"]["done"] < 7
        wait_done(client, small.headers["location"], 300)
        assert client.get(big.headers["location"]).json()["progress"]["done"] < 63
        wait_done(client, big.headers["location"], 300)


def test_behind_tls_cookies_are_secure_and_hsts_is_sent(tmp_path: Path) -> None:
    """`tdkt serve --cert --key`: HTTPS itself; the session cookie gets Secure, the answers HSTS."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
                   .not_valid_after(now + dt.timedelta(days=30))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False).sign(key, hashes.SHA256()))
    (tmp_path / "tls.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "tls-key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                             serialization.PrivateFormat.PKCS8,
                                                             serialization.NoEncryption()))
    with serve(tmp_path / "du-lieu", "--cert", str(tmp_path / "tls.pem"), "--key", str(tmp_path / "tls-key.pem"),
               scheme="https") as url:
        assert url.startswith("https://")
        page = httpx.get(f"{url}/", verify=str(tmp_path / "tls.pem"))
        assert page.headers["strict-transport-security"].startswith("max-age=31536000")
        cookie = page.headers["set-cookie"]
        assert "tdkt_phien=" in cookie and "Secure" in cookie and "HttpOnly" in cookie


def test_a_request_from_another_machine_through_a_proxy_must_sign_in(local: str) -> None:
    """Listening on 127.0.0.1 behind a TLS proxy on the same machine: the proxy says who the client is, and a
    client on another machine is asked to sign in (the machine's own browser is not)."""
    forwarded = {"X-Forwarded-For": "10.0.0.9", "X-Forwarded-Proto": "https"}
    assert httpx.get(f"{local}/", headers=forwarded).status_code == 303  # to /dang-nhap
    assert httpx.post(f"{local}/api/v1/jobs", files=job_files(), headers=forwarded).status_code == 401
    assert httpx.get(f"{local}/docs", headers=forwarded).status_code == 401
    assert httpx.get(f"{local}/").status_code == 200
