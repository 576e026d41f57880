"""The cluster's pledge signed across offices, in Debian's headless Chromium against a real `tdkt serve` on
another address than 127.0.0.1 (sign-in required) with a trust list (TDKT_CA): seven member offices, one
account each. Lào Cai (the cluster's chair) makes the pledge; Sơn La, Điện Biên and Lai Châu sign in turn
from their own sessions, each downloading the current version and signing it locally (`tdkt sign`, the key
never leaves the office); Điện Biên tries Lai Châu's field; Lai Châu first uploads a self-made certificate,
then Sơn La's certificate in its own field; Hà Giang's signer has a personal certificate, accepted once Hà
Giang's office registered it. The job's downloads and its ZIP then hold every signature, and `tdkt verify`
gives each field the verdict the page shows."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from tests.service_server import TDKT, environment, serve
from tests.test_service_page import PLEDGE, chromium, cookies, fill_form, shot, shots, submit, wait_for
from tests.test_signing import IMAGES, PASSWORD, certificate, invoke, make_ca

__all__ = ["shots"]  # the page tests' screenshot folder, a fixture here too
MEMBERS = ("Lào Cai", "Điện Biên", "Sơn La", "Lai Châu", "Hà Giang", "Cao Bằng", "Lạng Sơn")
ACCOUNT_PASSWORD = "mat-khau-dai"


def account(member: str) -> str:
    from tdkt_docgen.vn import slug

    return slug(member)


def p12(folder: Path, name: str, subject: str, issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None,
        ) -> tuple[Path, x509.Certificate]:
    """A .p12 whose certificate's CN is ``subject``, issued by ``issuer`` (a CA) or by itself (self-made)."""
    key = ec.generate_private_key(ec.SECP256R1())
    made = certificate(subject, issuer[0].subject if issuer else None, key, issuer[1] if issuer else key, ca=False)
    path = folder / f"{name}.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(name.encode(), key, made, [issuer[0]] if issuer else None,
                                                           serialization.BestAvailableEncryption(PASSWORD.encode())))
    return path, made


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pki-cum")
    ca, ca_key, ca_path = make_ca(folder, "CA thử nghiệm của Cụm")
    found = {member: p12(folder, account(member), f"UBND tỉnh {member}", (ca, ca_key))[0] for member in MEMBERS}
    found["ca"] = ca_path
    found["tu-lam"] = p12(folder, "tu-lam", "UBND tỉnh Lai Châu", None)[0]  # self-made, the right name
    person, person_certificate = p12(folder, "nguyen-van-a", "Nguyễn Văn A", (ca, ca_key))  # Hà Giang's signer
    found["ca-nhan"] = person
    found["ca-nhan.cer"] = folder / "nguyen-van-a.cer"
    found["ca-nhan.cer"].write_bytes(person_certificate.public_bytes(serialization.Encoding.PEM))
    return found


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, pki: dict[str, Path]) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("cum-7-tinh") / "du-lieu"
    for member in MEMBERS:
        subprocess.run([*TDKT, "serve", "--add-user", account(member), "--office", f"Sở Nội vụ tỉnh {member}",
                        "--member", member], check=True, capture_output=True,
                       env=environment(data_dir, TDKT_MAT_KHAU_MOI=ACCOUNT_PASSWORD))
    with serve(data_dir, host="127.0.0.2", TDKT_CA=str(pki["ca"])) as url:
        yield url


def sign_in(browser: WebDriver, base: str, member: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{base}/dang-nhap")
    browser.find_element(By.ID, "ten").send_keys(account(member))
    browser.find_element(By.ID, "mat-khau").send_keys(ACCOUNT_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form[action='/dang-nhap'] button").click()
    wait_for(browser, lambda b: f"Đăng xuất ({account(member)}, {member})" in b.page_source, 30)


def signed_copy(browser: WebDriver, folder: Path, certificate_file: Path, field: str, name: str) -> Path:
    """The current version downloaded with the office's session and signed on the office's own machine."""
    link = browser.find_element(By.LINK_TEXT, "bản hiện tại").get_attribute("href") or ""
    path = folder / f"{name}.pdf"
    path.write_bytes(httpx.get(link, cookies=cookies(browser), timeout=60).content)
    result = invoke("sign", str(path), "--cert", str(certificate_file), "--field", field,
                    "--image", str(IMAGES / "chu-ky-son-la.png"))
    assert result.exit_code == 0, result.output
    return path


def upload(browser: WebDriver, path: Path, field: str | None = None) -> str:
    if field is not None:
        Select(browser.find_element(By.ID, "o-ky")).select_by_visible_text(field)
    browser.find_element(By.ID, "tep-ky").send_keys(str(path))
    browser.find_element(By.CSS_SELECTOR, "form[action$='/ky'] button").click()
    wait_for(browser, lambda b: b.find_elements(By.CLASS_NAME, "thong-bao") or b.find_elements(By.ID, "tom-tat-loi"),
             60)
    return str(browser.find_element(By.TAG_NAME, "main").text)


def field_rows(browser: WebDriver) -> dict[str, str]:
    return {row.find_elements(By.TAG_NAME, "td")[0].text: row.text
            for row in browser.find_elements(By.CSS_SELECTOR, "#giao-uoc tbody tr")}


def open_shared_pledge(browser: WebDriver, base: str, member: str) -> None:
    sign_in(browser, base, member)
    shared = browser.find_element(By.ID, "cho-ky")
    assert f"Giao ước chờ {member} ký" in shared.text
    browser.find_element(By.CSS_SELECTOR, ".cho-ky a").click()
    wait_for(browser, lambda b: b.find_elements(By.ID, "ky-lan-luot"), 30)


def test_seven_offices_sign_the_pledge_in_turn(base: str, pki: dict[str, Path], tmp_path: Path,
                                               shots: Path) -> None:
    browser = chromium()
    try:
        sign_in(browser, base, "Lào Cai")  # the chair's office makes the pledge
        fill_form(browser, base, "giao_uoc", PLEDGE, pdf=True)
        submit(browser)
        wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "img.anh-xem-truoc"), 120)
        browser.find_element(By.CSS_SELECTOR, "form[action$='/chay'] button").click()
        wait_for(browser, lambda b: b.find_elements(By.ID, "ky-lan-luot"), 120)
        job_url = browser.current_url.split("#")[0]
        job_id = job_url.rsplit("/", 1)[1]
        assert "Đã ký: 0 / 7 ô." in browser.find_element(By.ID, "giao-uoc").text
        assert set(field_rows(browser)) == set(MEMBERS)
        shot(browser, shots, "20-giao-uoc-7-tinh-chua-ky")

        for turn, member in enumerate(("Sơn La", "Điện Biên", "Lai Châu")):
            open_shared_pledge(browser, base, member)
            options = [o.text for o in Select(browser.find_element(By.ID, "o-ky")).options]
            assert options == [member]  # a member office offers only its own field
            if member == "Điện Biên":  # the form changed by hand: Lai Châu's field
                path = signed_copy(browser, tmp_path, pki[member], member, f"luot-{turn}-khac")
                browser.execute_script("var s = document.getElementById('o-ky'); s.add(new Option('Lai Châu', "
                                       "'Lai Châu')); s.value = 'Lai Châu';")
                text = upload(browser, path)
                assert "cơ quan của Điện Biên chỉ ký được ô 'Điện Biên', không ký ô 'Lai Châu'." in text
                shot(browser, shots, "21-dien-bien-ky-o-khac")
                browser.get(job_url)
            if member == "Lai Châu":
                self_made = signed_copy(browser, tmp_path, pki["tu-lam"], member, "tu-lam")
                assert "không do nơi tin cậy cấp" in upload(browser, self_made)
                shot(browser, shots, "22-lai-chau-chung-thu-tu-lam")
                foreign = signed_copy(browser, tmp_path, pki["Sơn La"], member, "cua-son-la")
                text = upload(browser, foreign)
                assert "chứng thư số ký ô 'Lai Châu' mang tên 'UBND tỉnh Sơn La', không phải tên của Lai Châu." in text
                shot(browser, shots, "23-lai-chau-chung-thu-son-la")
            path = signed_copy(browser, tmp_path, pki[member], member, f"luot-{turn}")
            text = upload(browser, path)
            assert f"Đã nhận chữ ký của UBND tỉnh {member} vào ô '{member}' (hợp lệ, chứng thư do nơi tin cậy cấp)." \
                in text
            assert f"Đã ký: {turn + 1} / 7 ô." in browser.find_element(By.ID, "giao-uoc").text
            shot(browser, shots, f"24-da-ky-{turn + 1}")

        open_shared_pledge(browser, base, "Hà Giang")  # a personal certificate: registered first
        personal = signed_copy(browser, tmp_path, pki["ca-nhan"], "Hà Giang", "ca-nhan")
        assert "mang tên 'Nguyễn Văn A', không phải tên của Hà Giang." in upload(browser, personal)
        browser.find_element(By.LINK_TEXT, "Chứng thư số").click()
        browser.find_element(By.ID, "tep-chung-thu").send_keys(str(pki["ca-nhan.cer"]))
        browser.find_element(By.CSS_SELECTOR, "form[action='/chung-thu'] button").click()
        wait_for(browser, lambda b: b.find_elements(By.CLASS_NAME, "thong-bao"), 30)
        assert "Đã đăng ký chứng thư số 'Nguyễn Văn A' cho ô ký 'Hà Giang'." in browser.page_source
        shot(browser, shots, "25-ha-giang-dang-ky-chung-thu")
        browser.get(job_url)
        personal = signed_copy(browser, tmp_path, pki["ca-nhan"], "Hà Giang", "ca-nhan-2")
        assert "Đã nhận chữ ký của Nguyễn Văn A vào ô 'Hà Giang'" in upload(browser, personal)
        rows = field_rows(browser)
        shot(browser, shots, "26-giao-uoc-4-tinh-da-ky")

        sign_in(browser, base, "Lạng Sơn")  # a member not yet signed sees the four signatures too
        browser.get(job_url)
        assert field_rows(browser) == rows
        zip_url = browser.find_element(By.PARTIAL_LINK_TEXT, "Tải tất cả").get_attribute("href") or ""
        pdf_url = browser.find_element(By.PARTIAL_LINK_TEXT, ".pdf").get_attribute("href") or ""
        current = httpx.get(f"{base}/api/v1/jobs/{job_id}/pledge.pdf", cookies=cookies(browser)).content
        downloaded = httpx.get(pdf_url, cookies=cookies(browser)).content
        with zipfile.ZipFile(io.BytesIO(httpx.get(zip_url, cookies=cookies(browser)).content)) as archive:
            zipped = archive.read(next(n for n in archive.namelist() if n.endswith(".pdf")))
        assert downloaded == zipped == current and current.count(b"/ByteRange") == 4  # the signed version
    finally:
        browser.quit()

    final = tmp_path / "giao-uoc-cuoi.pdf"
    final.write_bytes(current)
    verified = invoke("verify", str(final), "--ca", str(pki["ca"]))
    assert verified.exit_code == 0, verified.output
    for member in MEMBERS:
        if member in ("Sơn La", "Điện Biên", "Lai Châu", "Hà Giang"):
            assert f"Ô ký '{member}': HỢP LỆ" in verified.output
            assert "Đã ký — HỢP LỆ" in rows[member]
        else:
            assert "Chờ ký" in rows[member] and member in verified.output.split("Ô chưa ký:")[1]
    assert dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y") in rows["Sơn La"]

