"""The HTTP API of `tdkt serve`, over real HTTP against the real server process: every status code it
answers (200, 201, 202, 303, 401, 403, 404, 413, 422, 429, 503), problem+json in Vietnamese with places,
downloads with RFC 6266 names, templates by SHA-256, ?wait=, and each office seeing only its own jobs."""

from __future__ import annotations

import hashlib
import io
import subprocess
import time
import urllib.parse
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from docx import Document

from tests.conftest import ROOT
from tests.service_server import TDKT, environment, free_port, gone, processes_with, serve, wait_done

EXAMPLES = ROOT / "fixtures"
PLEDGE = EXAMPLES / "giao-uoc-cum-7-tinh-2024.yaml"
LETTER = EXAMPLES / "cong-van-so-lieu-2023.yaml"
TEMPLATES = ROOT / "templates"
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dich-vu") / "du-lieu"


@pytest.fixture(scope="module")
def base(data_dir: Path) -> Iterator[str]:
    with serve(data_dir, TDKT_MAX_UPLOAD_MB="1") as url:
        yield url


@pytest.fixture
def client(base: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base, timeout=120) as session:
        yield session


def post_job(client: httpx.Client, path: Path, **fields: str) -> httpx.Response:
    return client.post("/api/v1/jobs", files={"data": (path.name, path.read_bytes())}, data=fields)


def form_token(page: httpx.Response) -> str:
    return page.text.split('name="csrf" value="')[1].split('"')[0]


def sign_in(client: httpx.Client, name: str, password: str) -> httpx.Response:
    """The sign-in form as a browser sends it: its page first (the form's token and cookie), then the POST."""
    token = form_token(client.get("/dang-nhap"))
    return client.post("/dang-nhap", data={"name": name, "password": password, "csrf": token})


def test_health_readiness_and_openapi(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready" and ready.json()["queue"] == "sqlite"
    schema = client.get("/openapi.json").json()
    assert "/api/v1/jobs" in schema["paths"] and "/api/v1/templates" in schema["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "https://" not in docs.text.split("<body")[0]  # no CDN
    script = docs.text.split('<script src="')[1].split('"')[0]
    assert client.get(script).status_code == 200


def test_a_batch_per_member_202_progress_files_and_zip(client: httpx.Client) -> None:
    answer = post_job(client, LETTER, per_member="true", name="{stt:02d}-{ten}.docx")
    assert answer.status_code == 202 and answer.headers["location"].startswith("/api/v1/jobs/")
    job = wait_done(client, answer.headers["location"])
    assert job["progress"] == {"done": 7, "failed": 0, "total": 7, "text": "7 / 7 văn bản"}
    names = [f["name"] for item in job["items"] for f in item["files"]]
    assert names[0] == "01-son-la.docx" and len(set(names)) == 7
    first = client.get(job["items"][0]["files"][0]["url"])
    again = client.get(job["items"][0]["files"][0]["url"])  # repeatable until expiry
    assert first.status_code == again.status_code == 200 and first.content == again.content
    text = "\n".join(p.text for p in Document(io.BytesIO(first.content)).paragraphs)
    assert "Sơn La" in text
    archive = client.get(job["zip"])
    disposition = archive.headers["content-disposition"]
    ascii_name = "cong-van-gui-cac-thanh-vien-cua-cum-tung-thanh-vien-7-van-ban.zip"
    assert disposition.startswith(f'attachment; filename="{ascii_name}"')
    zip_name = "Công văn gửi các thành viên của Cụm — từng thành viên (7 văn bản).zip"
    assert "filename*=UTF-8''" + urllib.parse.quote(zip_name, safe="") in disposition
    with zipfile.ZipFile(io.BytesIO(archive.content)) as opened:
        assert sorted(opened.namelist()) == sorted(names)
        assert opened.read("01-son-la.docx") == first.content


def test_wait_gives_one_document_at_once(client: httpx.Client) -> None:
    plan = (EXAMPLES / "ke-hoach-hoi-nghi-2023.yaml").read_bytes()
    answer = client.post("/api/v1/jobs?wait=60", files={"data": ("Kế hoạch hội nghị.yaml", plan)})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument")
    assert "filename*=UTF-8''ke-hoach-hoi-nghi.docx" in answer.headers["content-disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(answer.content)).paragraphs)
    assert "KẾ HOẠCH" in text


def test_422_names_the_uploaded_file_line_and_field(client: httpx.Client, tmp_path: Path) -> None:
    broken = tmp_path / "x.yaml"
    broken.write_text(PLEDGE.read_text(encoding="utf-8").replace("nam: 2024", "nam: hai nghìn"), encoding="utf-8")
    answer = client.post("/api/v1/jobs", files={"data": ("Giao ước của Cụm.yaml", broken.read_bytes())})
    assert answer.status_code == 422 and answer.headers["content-type"] == PROBLEM
    body = answer.json()
    assert body["title"] == "Có lỗi cần sửa" and body["status"] == 422
    error = next(e for e in body["errors"] if e["place"] and e["place"].get("field") == "nam")
    assert error["code"] == "du_lieu" and error["place"]["file"] == "Giao ước của Cụm.yaml"
    assert isinstance(error["place"]["line"], int) and "phải là số nguyên" in error["message"]
    assert str(tmp_path) not in answer.text and "jobs/" not in answer.text  # no server path
    wrong_kind = post_job(client, PLEDGE, kind="cong_van")
    assert wrong_kind.status_code == 422
    assert "tệp dữ liệu là loại 'giao_uoc', không phải loại đã chọn 'cong_van'." in wrong_kind.json()["detail"]
    missing = client.post("/api/v1/jobs", data={"kind": "giao_uoc"})
    assert missing.status_code == 422 and missing.headers["content-type"] == PROBLEM
    assert "thiếu hoặc sai trường 'data'" in missing.json()["errors"][0]["message"]


def test_413_above_the_stated_size_and_for_a_zip_bomb(client: httpx.Client) -> None:
    big = client.post("/api/v1/jobs", files={"data": ("lon.yaml", b"#" * (1024 * 1024 + 10))})
    assert big.status_code == 413 and "tệp lớn hơn 1 MB." in big.json()["detail"]
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/rong.xml", b"\0" * (300 * 1024 * 1024))  # 300 MB of zeros in a few hundred kB
    answer = client.post("/api/v1/jobs", files={"data": (PLEDGE.name, PLEDGE.read_bytes()),
                                                "workbooks": ("so-lieu.xlsx", bomb.getvalue())})
    assert answer.status_code == 413 and "khi giải nén quá lớn" in answer.json()["detail"]


def test_templates_stored_by_sha256_with_their_lint_problems(client: httpx.Client, tmp_path: Path) -> None:
    good = (TEMPLATES / "cong_van.docx").read_bytes()
    first = client.post("/api/v1/templates", files={"file": ("Công văn của tôi.docx", good)})
    assert first.status_code == 201 and first.json()["id"] == hashlib.sha256(good).hexdigest()
    assert first.json()["problems"] == [] and first.headers["location"] == f"/api/v1/templates/{first.json()['id']}"
    again = client.post("/api/v1/templates", files={"file": ("tên khác.docx", good)})
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    document = Document(TEMPLATES / "cong_van.docx")
    document.paragraphs[-1].add_run(" {{ so_lieu | khong_co }} {% if x %}")
    broken_path = tmp_path / "hong.docx"
    document.save(broken_path)
    broken = client.post("/api/v1/templates", files={"file": ("Mẫu hỏng.docx", broken_path.read_bytes())})
    problems = broken.json()["problems"]
    assert broken.status_code == 201 and len(problems) >= 2 and all(p["code"] == "mau" for p in problems)
    assert all(p["place"]["file"].startswith("Mẫu hỏng.docx, đoạn") for p in problems)
    assert client.get(f"/api/v1/templates/{broken.json()['id']}").json()["problems"] == problems
    job = post_job(client, LETTER, template_id=first.json()["id"])
    assert wait_done(client, job.headers["location"])["progress"]["done"] == 1
    not_docx = client.post("/api/v1/templates", files={"file": ("mau.docx", b"not a zip")})
    assert not_docx.status_code == 422 and "tệp không phải .docx đọc được." in not_docx.json()["detail"]


def test_404_for_unknown_jobs_files_and_templates(client: httpx.Client) -> None:
    for path in ("/api/v1/jobs/khong-co", "/api/v1/jobs/khong-co/zip", "/api/v1/templates/abc", "/khong-co-trang"):
        answer = client.get(path)
        assert answer.status_code == 404
    job = post_job(client, LETTER)
    location = job.headers["location"]
    wait_done(client, location)
    answer = client.get(f"{location}/files/..%2F..%2Frecords.sqlite3")
    assert answer.status_code == 404 and answer.headers["content-type"] == PROBLEM
    unknown = post_job(client, LETTER, template_id="0" * 64)
    assert unknown.status_code == 404 and "không có mẫu" in unknown.json()["detail"]


def test_a_failing_document_fails_alone(client: httpx.Client, tmp_path: Path) -> None:
    document = Document(TEMPLATES / "dang_ky_giao_uoc.docx")
    document.paragraphs[0].add_run("{{ khong_co_bien }}")
    path = tmp_path / "mau.docx"
    document.save(path)
    template = client.post("/api/v1/templates", files={"file": ("mau.docx", path.read_bytes())}).json()
    answer = post_job(client, PLEDGE, template_id=template["id"], per_member="true")
    job = wait_done(client, answer.headers["location"])
    assert job["progress"]["failed"] == 7 and all(item["errors"] for item in job["items"])
    assert "khong_co_bien" in job["items"][0]["errors"][0]


def test_403_for_a_form_without_its_csrf_token(client: httpx.Client) -> None:
    answer = client.post("/van-ban", data={"kind": "giao_uoc"}, files={"data": (PLEDGE.name, PLEDGE.read_bytes())})
    assert answer.status_code == 403 and "Phiên làm việc đã hết hạn" in answer.text
    assert 'lang="vi"' in answer.text and "Traceback" not in answer.text


def test_303_after_a_form_with_its_token(client: httpx.Client) -> None:
    token = form_token(client.get("/"))
    answer = client.post("/van-ban", data={"csrf": token, "kind": "giao_uoc"},
                         files={"data": (PLEDGE.name, PLEDGE.read_bytes())})
    assert answer.status_code == 303 and answer.headers["location"].startswith("/viec/")


def test_429_with_retry_after_when_the_queue_is_full(tmp_path: Path) -> None:
    with serve(tmp_path / "du-lieu", TDKT_QUEUE_MAX="10", TDKT_WORKERS="1") as url, \
            httpx.Client(base_url=url, timeout=60) as client:
        first = post_job(client, LETTER, per_member="true")  # 7 of 10
        second = post_job(client, LETTER, per_member="true")  # 14 > 10 while the first is in work
        assert first.status_code == 202
        assert second.status_code == 429 and second.headers["content-type"] == PROBLEM
        assert int(second.headers["retry-after"]) >= 5
        assert "hàng đợi nhận tối đa 10" in second.json()["detail"]
        wait_done(client, first.headers["location"])
        assert post_job(client, LETTER, per_member="true").status_code == 202  # room again


def test_503_when_the_queue_cannot_be_reached(tmp_path: Path) -> None:
    with serve(tmp_path / "du-lieu", ready=False, TDKT_QUEUE_URL="redis://127.0.0.1:9/0") as url, \
            httpx.Client(base_url=url, timeout=60) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.headers["retry-after"] == "10"
        assert "không kết nối được hàng đợi" in ready.json()["detail"]
        answer = post_job(client, LETTER)
        assert answer.status_code == 503 and answer.headers["content-type"] == PROBLEM


def test_401_away_from_localhost_and_each_office_sees_its_own(tmp_path: Path) -> None:
    data_dir = tmp_path / "du-lieu"
    for name, office in (("son-la", "Sở Nội vụ Sơn La"), ("lai-chau", "Sở Nội vụ Lai Châu")):
        subprocess.run([*TDKT, "serve", "--add-user", name, "--office", office], check=True,
                       env=environment(data_dir, TDKT_MAT_KHAU_MOI="mat-khau-dai"), capture_output=True)
    with serve(data_dir, host="127.0.0.2") as url:  # another address than 127.0.0.1: a login is required
        anonymous = httpx.post(f"{url}/api/v1/jobs", files={"data": (LETTER.name, LETTER.read_bytes())})
        assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"].startswith("Basic")
        assert httpx.get(f"{url}/", follow_redirects=False).headers["location"] == "/dang-nhap"
        wrong = httpx.post(f"{url}/api/v1/jobs", auth=("son-la", "sai"),
                           files={"data": (LETTER.name, LETTER.read_bytes())})
        assert wrong.status_code == 401
        mine = httpx.post(f"{url}/api/v1/jobs", auth=("son-la", "mat-khau-dai"),
                          files={"data": (LETTER.name, LETTER.read_bytes())})
        assert mine.status_code == 202
        location = f"{url}{mine.headers['location']}"
        assert httpx.get(location, auth=("son-la", "mat-khau-dai")).status_code == 200
        assert httpx.get(location, auth=("lai-chau", "mat-khau-dai")).status_code == 404
        with httpx.Client(base_url=url) as browser:
            login = sign_in(browser, "lai-chau", "mat-khau-dai")
            assert login.status_code == 303 and "tdkt_phien" in login.cookies
            page = browser.get("/")
            assert page.status_code == 200 and "Đăng xuất (lai-chau)" in page.text


def test_stated_totals_that_do_not_add_up_are_warnings(client: httpx.Client) -> None:
    text = (EXAMPLES / "cum-7-tinh-mnbg-2023.yaml").read_text(encoding="utf-8").replace("    van_ban: 232",
                                                                                        "    van_ban: 230")
    answer = client.post("/api/v1/jobs", files={"data": ("Báo cáo Cụm.yaml", text.encode())})
    assert answer.status_code == 202
    warning = next(w for w in answer.json()["warnings"] if "Tổng số văn bản ban hành" in w)
    assert warning.startswith("Báo cáo Cụm.yaml, dòng ")
    assert "tệp ghi 230 nhưng cộng từ số liệu chi tiết được 232" in warning
    assert wait_done(client, answer.headers["location"])["progress"]["done"] == 1


def test_upload_names_never_become_paths(client: httpx.Client) -> None:
    answer = client.post("/api/v1/jobs", files={"data": ("../../../ngoai/..\\Kế hoạch.yaml",
                                                         (EXAMPLES / "ke-hoach-hoi-nghi-2023.yaml").read_bytes())})
    job = wait_done(client, answer.headers["location"])
    assert job["items"][0]["label"] == "Kế hoạch" and job["items"][0]["files"][0]["name"] == "ke-hoach.docx"
    bad = client.post("/api/v1/jobs", files={"data": ("/etc/passwd", b"x")})
    assert bad.status_code == 422 and bad.json()["errors"][0]["place"] == {"file": "passwd"}


def test_expired_jobs_are_removed_with_their_files(tmp_path: Path) -> None:
    data_dir = tmp_path / "du-lieu"
    with serve(data_dir, TDKT_RETENTION_HOURS="0") as url, httpx.Client(base_url=url, timeout=60) as client:
        answer = post_job(client, LETTER)
        location = answer.headers["location"]
        wait_done(client, location)
        folder = data_dir / "files" / "jobs" / location.rsplit("/", 1)[1]
        assert (folder / "out").is_dir()
    with serve(data_dir) as url, httpx.Client(base_url=url, timeout=60) as client:  # clean-up on start
        assert client.get(location).status_code == 404
        assert not folder.exists()


def test_an_unexpected_failure_is_a_500_problem_without_traceback(data_dir: Path, client: httpx.Client) -> None:
    job = wait_done(client, post_job(client, LETTER).headers["location"])
    name = job["items"][0]["files"][0]["name"]
    stored = data_dir / "files" / "jobs" / job["id"] / "out" / name
    stored.unlink()  # the file store lost a file under the service
    answer = client.get(job["items"][0]["files"][0]["url"])
    assert answer.status_code == 500 and answer.headers["content-type"] == PROBLEM
    assert "máy chủ gặp lỗi không lường trước" in answer.json()["detail"]
    assert "Traceback" not in answer.text and "FileNotFoundError" not in answer.text and str(stored) not in answer.text


def test_a_template_checked_against_a_kinds_data(client: httpx.Client, tmp_path: Path) -> None:
    document = Document(TEMPLATES / "cong_van.docx")
    document.paragraphs[-1].add_run(" {{ so_hieu_khong_co }}")
    path = tmp_path / "mau.docx"
    document.save(path)
    plain = client.post("/api/v1/templates", files={"file": ("mau.docx", path.read_bytes())})
    assert plain.json()["problems"] == []  # well formed
    checked = client.post("/api/v1/templates", files={"file": ("mau.docx", path.read_bytes())},
                          data={"kind": "cong_van"})
    assert checked.json()["id"] == plain.json()["id"]
    assert [p["message"] for p in checked.json()["problems"]] == [
        "mẫu dùng biến 'so_hieu_khong_co' mà dữ liệu của loại văn bản này không có. Có phải là 'so_ky_hieu_ngan'?"]


def test_what_to_fill_is_downloadable(client: httpx.Client) -> None:
    example = client.get("/mau/giao_uoc.yaml")
    assert example.status_code == 200 and example.content == PLEDGE.read_bytes()
    blank = client.get("/mau/so-lieu.xlsx")
    assert blank.status_code == 200 and "filename*=UTF-8''S%E1%BB%91%20li%E1%BB%87u" in \
        blank.headers["content-disposition"]
    from openpyxl import load_workbook

    assert "Chỉ tiêu" in load_workbook(io.BytesIO(blank.content)).sheetnames
    assert 'href="/mau/so-lieu.xlsx?nam=2023"' in client.get("/").text  # the year of the example data beside it
    for_2023 = client.get("/mau/so-lieu.xlsx?nam=2023")
    assert urllib.parse.quote("Số liệu thi đua khen thưởng 2023.xlsx") in for_2023.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(for_2023.content))["Hướng dẫn"]
    assert any("2023" in str(cell.value) for row in sheet.iter_rows(max_row=6) for cell in row if cell.value)


def test_the_command_line_does_not_import_the_web_stack() -> None:
    import sys

    code = "import sys, tdkt_docgen.cli; print(any(m in sys.modules for m in ('fastapi', 'uvicorn', 'huey')))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_documents_of_a_killed_service_are_made_after_its_restart(tmp_path: Path) -> None:
    data_dir = tmp_path / "du-lieu"
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen([*TDKT, "serve", "--port", str(port)], env=environment(data_dir, TDKT_WORKERS="1"),
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=30).status_code == 200:
                    break
            except httpx.HTTPError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        with httpx.Client(base_url=url, timeout=60) as client:
            location = post_job(client, LETTER, per_member="true", pdf="true").headers["location"]
            while not any(i["status"] == "working" for i in client.get(location).json()["items"]):
                time.sleep(0.05)
            while not processes_with(f"tdkt-{process.pid}-"):  # its resident LibreOffice is running
                time.sleep(0.05)
    finally:
        process.kill()  # as a power cut would: no clean shutdown
        process.wait()
        log.close()
    assert gone(f"tdkt-{process.pid}-")  # its LibreOffice went with it
    with serve(data_dir) as url, httpx.Client(base_url=url, timeout=60) as client:
        job = wait_done(client, location, 300)
    assert job["progress"]["done"] == 7 and all(item["status"] == "made" for item in job["items"])
    assert any(item["runs"] == 2 for item in job["items"])  # the one in work when it died, made again
    assert sum(len(item["files"]) for item in job["items"]) == 14


def test_the_pledge_signed_in_turn_through_the_api(client: httpx.Client, tmp_path: Path) -> None:
    from tests.test_signing import invoke, make_ca, make_member

    ca, ca_key, _ = make_ca(tmp_path, "CA thử nghiệm")
    certificate = make_member(tmp_path, ca, ca_key, "Sơn La")
    job = wait_done(client, post_job(client, PLEDGE, pdf="true").headers["location"])
    pledge = client.get(f"/api/v1/jobs/{job['id']}/pledge").json()
    assert [f["field"] for f in pledge["fields"]][:3] == ["Lào Cai", "Điện Biên", "Sơn La"]
    assert not any(f["signed"] for f in pledge["fields"])
    current = client.get(pledge["pdf"]).content
    path = tmp_path / "giao-uoc.pdf"
    path.write_bytes(current)
    assert invoke("sign", str(path), "--cert", str(certificate), "--field", "Sơn La").exit_code == 0
    signed = path.read_bytes()
    url = f"/api/v1/jobs/{job['id']}/signatures"
    unchanged = client.post(url, data={"field": "Sơn La"}, files={"file": ("ban-goc.pdf", current)})
    assert unchanged.status_code == 422 and "ban-goc.pdf: tệp không phải bản hiện tại" in unchanged.json()["detail"]
    elsewhere = client.post(url, data={"field": "Lai Châu"}, files={"file": ("ky.pdf", signed)})
    assert elsewhere.status_code == 422
    assert "chữ ký mới nằm ở ô 'Sơn La', không phải ô 'Lai Châu'." in elsewhere.json()["detail"]
    at = signed.index(b"/ByteRange", len(current)) + 200  # a byte the new signature covers
    tampered = signed[:at] + (b"7" if signed[at:at + 1] != b"7" else b"8") + signed[at + 1:]
    broken = client.post(url, data={"field": "Sơn La"}, files={"file": ("hong.pdf", tampered)})
    assert broken.status_code == 422, broken.text
    assert "hong.pdf: chữ ký không hợp lệ hoặc nội dung đã ký bị sửa (ô: Sơn La)." in broken.json()["detail"]
    accepted = client.post(url, data={"field": "Sơn La"}, files={"file": ("ky.pdf", signed)})
    assert accepted.status_code == 200 and accepted.json()["signer"] == "UBND tỉnh Sơn La"
    assert client.get(pledge["pdf"]).content == signed  # the new current version
    again = client.post(url, data={"field": "Sơn La"}, files={"file": ("ky.pdf", signed)})
    assert again.status_code == 422 and "ô ký 'Sơn La' đã được ký." in again.json()["detail"]


def test_own_template_with_own_data_one_document_and_one_per_row(client: httpx.Client) -> None:
    own = EXAMPLES / "khen-thuong"
    certificate = client.post("/api/v1/templates", files={"file": ("Giấy khen.docx",
                                                                   (own / "giay-khen-mau.docx").read_bytes())}).json()
    decision = client.post("/api/v1/templates", files={"file": ("Quyết định.docx",
                                                                (own / "quyet-dinh-mau.docx").read_bytes())}).json()
    assert certificate["problems"] == [] and decision["problems"] == []
    table = (own / "danh-sach.xlsx").read_bytes()
    shared = (own / "quyet-dinh.yaml").read_bytes()
    rows = client.post("/api/v1/jobs", data={"template_id": certificate["id"], "per_row": "true",
                                             "name": "{stt:03d}-{ho_ten}.docx"},
                       files=[("data", ("Danh sách khen.xlsx", table)), ("workbooks", ("quyet-dinh.yaml", shared))])
    assert rows.status_code == 202, rows.text
    job = wait_done(client, rows.headers["location"])
    assert job["progress"]["done"] == 20 and job["items"][0]["label"] == "Hoàng Thị Yến"
    first = client.get(job["items"][0]["files"][0]["url"])
    assert job["items"][0]["files"][0]["name"] == "001-hoang-thi-yen.docx"
    text = "\n".join(p.text for p in Document(io.BytesIO(first.content)).paragraphs)
    assert "Hoàng Thị Yến" in text
    one_document = client.post("/api/v1/jobs", data={"template_id": decision["id"]},
                               files=[("data", ("quyet-dinh.yaml", shared)), ("workbooks", ("danh-sach.xlsx", table))])
    job = wait_done(client, one_document.headers["location"])
    assert job["progress"]["done"] == 1 and job["kind"] == "rieng"
    without = client.post("/api/v1/jobs", data={"per_row": "true"}, files={"data": ("danh-sach.xlsx", table)})
    assert without.status_code == 422 and "tệp dữ liệu phải có đuôi .yaml, .yml, .json." in without.json()["detail"]


def test_with_trusted_roots_only_their_certificates_sign(tmp_path: Path) -> None:
    from tests.test_signing import invoke, make_ca, make_member

    (tmp_path / "tin-cay").mkdir()
    (tmp_path / "la").mkdir()
    ca, ca_key, ca_path = make_ca(tmp_path / "tin-cay", "CA tin cậy")
    other, other_key, _ = make_ca(tmp_path / "la", "CA lạ")
    trusted = make_member(tmp_path / "tin-cay", ca, ca_key, "Sơn La")
    stranger = make_member(tmp_path / "la", other, other_key, "Sơn La")
    with serve(tmp_path / "du-lieu", TDKT_CA=str(ca_path)) as url, httpx.Client(base_url=url, timeout=120) as client:
        job = wait_done(client, post_job(client, PLEDGE, pdf="true").headers["location"])
        current = client.get(f"/api/v1/jobs/{job['id']}/pledge.pdf").content
        signatures = f"/api/v1/jobs/{job['id']}/signatures"
        for certificate, status in ((stranger, 422), (trusted, 200)):
            path = tmp_path / "ky.pdf"
            path.write_bytes(current)
            assert invoke("sign", str(path), "--cert", str(certificate), "--field", "Sơn La").exit_code == 0
            answer = client.post(signatures, data={"field": "Sơn La"}, files={"file": ("ky.pdf", path.read_bytes())})
            assert answer.status_code == status, answer.text
            if status == 422:
                assert "ky.pdf: chứng thư số ký ô Sơn La không do nơi tin cậy cấp." in answer.json()["detail"]


def test_a_workbooks_and_the_data_files_mistakes_come_in_one_round(client: httpx.Client, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    books = sorted((EXAMPLES / "so-lieu-2023").glob("*.xlsx"))
    broken = load_workbook(books[0])
    broken["Chỉ tiêu"]["C6"] = "nhiều lắm"
    broken.save(tmp_path / books[0].name)
    cluster = (EXAMPLES / "cum-7-tinh-mnbg-2023.yaml").read_text(encoding="utf-8").replace("ngay: 2024-",
                                                                                          "ngay: 2024-02-31 #", 1)
    files = [("data", ("cum.yaml", cluster.encode())), ("workbooks", (books[0].name, (tmp_path / books[0].name)
                                                                       .read_bytes()))]
    files += [("workbooks", (book.name, book.read_bytes())) for book in books[1:]]
    answer = client.post("/api/v1/jobs", files=files)
    assert answer.status_code == 422
    places = [e["place"] for e in answer.json()["errors"]]
    assert {"file": books[0].name, "cell": "Chỉ tiêu!C6"}.items() <= places[0].items()
    assert places[1]["file"] == "cum.yaml" and places[1]["label"] == "Ngày ban hành"
