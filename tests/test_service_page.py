"""The secretaries' page, used as a person uses it, in Debian's real headless Chromium (Selenium with its
chromedriver) against a real `tdkt serve`: the seven example workbooks with the cluster file, a broken
workbook shown at its cell in the error summary, fixed, previewed, run with progress, the ZIP downloaded and
its documents opened; an own template checked; the pledge signed in turn by two members. A screenshot of
each step is kept in the test's folder (TDKT_SCREENSHOTS=DIR keeps them there)."""

from __future__ import annotations

import io
import os
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from docx import Document
from openpyxl import load_workbook
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.conftest import ROOT
from tests.service_server import serve
from tests.test_signing import IMAGES, invoke, make_ca, make_member

EXAMPLES = ROOT / "fixtures"
CLUSTER = EXAMPLES / "cum-7-tinh-mnbg-2023.yaml"
PLEDGE = EXAMPLES / "giao-uoc-cum-7-tinh-2024.yaml"
WORKBOOKS = sorted((EXAMPLES / "so-lieu-2023").glob("*.xlsx"))
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--window-size=1100,1500", "--lang=vi-VN"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(tmp_path_factory.mktemp("trang") / "du-lieu") as url:
        yield url


def chromium(javascript: bool = True) -> WebDriver:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ARGS:
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    try:
        return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    except WebDriverException as error:  # pragma: no cover - tools/setup-service.sh installs both
        pytest.fail(f"Chromium or chromedriver missing (run tools/setup-service.sh): {error}")


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = chromium()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("TDKT_SCREENSHOTS") or tmp_path_factory.mktemp("anh-man-hinh"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shot(browser: WebDriver, shots: Path, name: str) -> None:
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(1100, max(900, min(int(height) + 150, 4000)))
    browser.save_screenshot(str(shots / f"{name}.png"))


# What chromedriver says when a command meets the page in the middle of refreshing itself (its document and
# script context replaced): the moment passes, the next poll sees the new page.
NAVIGATING = ("unhandled inspector error", "Cannot find context with specified id", "Execution context was destroyed")


def refreshing(error: WebDriverException) -> bool:
    return any(words in (error.msg or "") for words in NAVIGATING)


def wait_for(browser: WebDriver, test: Any, seconds: float = 180) -> None:
    def polled(driver: WebDriver) -> Any:
        try:
            return test(driver)
        except WebDriverException as error:
            if isinstance(error, StaleElementReferenceException) or refreshing(error):
                return False  # the page refreshes itself: elements go stale, its context is replaced
            raise
    WebDriverWait(browser, seconds, poll_frequency=0.2).until(polled)


def progress_text(browser: WebDriver) -> str:
    try:
        return str(browser.find_element(By.ID, "tien-do").text)
    except (StaleElementReferenceException, NoSuchElementException):
        return ""
    except WebDriverException as error:
        if refreshing(error):
            return ""
        raise


def cookies(browser: WebDriver) -> dict[str, str]:
    return {c["name"]: c["value"] for c in browser.get_cookies()}


def fill_form(browser: WebDriver, base: str, kind: str, data: Path, workbooks: list[Path] = (),  # type: ignore[assignment]
              per_member: bool = False, pdf: bool = False) -> None:
    browser.get(f"{base}/")
    browser.find_element(By.ID, f"loai-{kind}").click()
    browser.find_element(By.ID, "du-lieu").send_keys(str(data))
    if workbooks:
        browser.find_element(By.ID, "so-lieu").send_keys("\n".join(str(p) for p in workbooks))
    if per_member:
        browser.find_element(By.ID, "tung-thanh-vien").click()
    if pdf:
        browser.find_element(By.ID, "pdf").click()


def submit(browser: WebDriver) -> None:
    browser.find_element(By.CSS_SELECTOR, "form[action='/van-ban'] button[type=submit]").click()


def test_workbooks_error_summary_fix_preview_progress_and_zip(browser: WebDriver, base: str, shots: Path,
                                                             tmp_path: Path) -> None:
    browser.get(f"{base}/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"
    for control in browser.find_elements(By.CSS_SELECTOR, "input:not([type=hidden]), select"):
        label = browser.find_elements(By.CSS_SELECTOR, f"label[for='{control.get_attribute('id')}']")
        assert label, f"no label for {control.get_attribute('name')}"  # every input has its label
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)  # keyboard only: the skip link comes first
    skip = browser.switch_to.active_element
    assert skip.text == "Bỏ qua, tới nội dung chính"
    skip.send_keys(Keys.ENTER)
    tabs = []
    for _ in range(4):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        tabs.append(browser.switch_to.active_element.get_attribute("id") or "")
    assert tabs[0] == "loai-bao_cao_tong_ket"  # from the main content straight to the first choice
    shot(browser, shots, "01-trang-chu")
    broken_folder = tmp_path / "so-lieu"
    broken_folder.mkdir()
    for path in WORKBOOKS:
        shutil.copy(path, broken_folder / path.name)
    book = load_workbook(broken_folder / "cao-bang.xlsx")
    book["Chỉ tiêu"]["C6"] = "nhiều lắm"
    book.save(broken_folder / "cao-bang.xlsx")
    fill_form(browser, base, "bao_cao_tong_ket", CLUSTER, sorted(broken_folder.glob("*.xlsx")), per_member=True)
    submit(browser)
    wait_for(browser, lambda b: b.find_elements(By.ID, "tom-tat-loi"), 60)
    summary = browser.find_element(By.ID, "tom-tat-loi")
    assert summary.text.startswith("⚠ Có lỗi cần sửa")
    assert "Tệp: cao-bang.xlsx" in summary.text and "Ô: Chỉ tiêu!C6" in summary.text
    assert "đang là chữ 'nhiều lắm'" in summary.text and "Lỗi:" in summary.text  # said in words, not by colour
    link = summary.find_element(By.TAG_NAME, "a")
    assert link.get_attribute("href").endswith("#so-lieu")  # to the workbooks' input
    assert browser.switch_to.active_element == summary  # the summary takes the focus
    assert browser.find_element(By.ID, "tung-thanh-vien").is_selected()  # the choices are kept
    assert str(broken_folder) not in browser.page_source
    shot(browser, shots, "02-tom-tat-loi")

    browser.find_element(By.ID, "du-lieu").send_keys(str(CLUSTER))  # fixed: the same form, the files again
    browser.find_element(By.ID, "so-lieu").send_keys("\n".join(str(p) for p in WORKBOOKS))
    submit(browser)
    wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "img.anh-xem-truoc"), 120)
    image = browser.find_element(By.CSS_SELECTOR, "img.anh-xem-truoc")
    wait_for(browser, lambda b: b.execute_script("return arguments[0].naturalWidth", image) > 300)
    assert "Ảnh trang đầu của văn bản Sơn La" == image.get_attribute("alt")
    shot(browser, shots, "03-xem-truoc")
    run = browser.find_element(By.CSS_SELECTOR, "form[action$='/chay'] button")
    assert run.text == "Tạo 7 văn bản"
    run.send_keys(Keys.ENTER)  # by keyboard
    wait_for(browser, lambda b: progress_text(b) and "Chờ xem trước" not in progress_text(b))
    assert browser.find_element(By.ID, "tien-do").get_attribute("aria-live") == "polite"
    seen = {progress_text(browser)}
    shot(browser, shots, "04-tien-do")
    deadline = time.monotonic() + 180
    while "Đã xong" not in progress_text(browser) and time.monotonic() < deadline:
        seen.add(progress_text(browser).split("\n")[0])
        time.sleep(0.3)
    assert "Đã xong: 7 / 7 văn bản" in progress_text(browser)
    assert any(" / 7 văn bản" in text for text in seen)
    shot(browser, shots, "05-xong")
    assert "Các tệp được giữ đến" in browser.page_source
    link = browser.find_element(By.PARTIAL_LINK_TEXT, "Tải tất cả")
    archive = httpx.get(link.get_attribute("href") or "", cookies=cookies(browser), timeout=60)
    assert archive.status_code == 200
    with zipfile.ZipFile(io.BytesIO(archive.content)) as opened:
        names = opened.namelist()
        assert len(names) == 7 and "bao-cao-cao-bang.docx" in names
        text = "\n".join(p.text for p in Document(io.BytesIO(opened.read("bao-cao-cao-bang.docx"))).paragraphs)
    assert "Cao Bằng" in text and "BÁO CÁO" in text


def test_an_own_template_is_checked_and_its_problems_listed(browser: WebDriver, base: str, shots: Path,
                                                           tmp_path: Path) -> None:
    document = Document(ROOT / "templates" / "cong_van.docx")
    document.paragraphs[2].add_run(" {{ ngay | dinh_dang_la }} {% for x in thanh_vien %}")
    path = tmp_path / "Mẫu công văn của tôi.docx"
    document.save(path)
    browser.get(f"{base}/")
    browser.find_element(By.LINK_TEXT, "Mẫu riêng").click()
    browser.find_element(By.ID, "tep-mau").send_keys(str(path))
    browser.find_element(By.CSS_SELECTOR, "form[action='/mau-rieng'] button").click()
    wait_for(browser, lambda b: b.find_elements(By.ID, "tom-tat-loi"), 60)
    summary = browser.find_element(By.ID, "tom-tat-loi")
    assert "Có lỗi cần sửa (2)" in summary.text
    assert "Tệp: Mẫu công văn của tôi.docx, đoạn 3" in summary.text and "dinh_dang_la" in summary.text
    shot(browser, shots, "06-mau-rieng-loi")
    good = tmp_path / "Công văn sửa.docx"
    good_document = Document(ROOT / "templates" / "cong_van.docx")
    good_document.paragraphs[-1].add_run(" ")
    good_document.save(good)
    browser.find_element(By.ID, "tep-mau").send_keys(str(good))
    browser.find_element(By.CSS_SELECTOR, "form[action='/mau-rieng'] button").click()
    wait_for(browser, lambda b: b.find_elements(By.CLASS_NAME, "thong-bao"), 60)
    assert "không có lỗi, đã lưu" in browser.find_element(By.CLASS_NAME, "thong-bao").text
    browser.get(f"{base}/")
    Select(browser.find_element(By.ID, "mau")).select_by_visible_text("Công văn sửa.docx")
    browser.find_element(By.ID, "loai-cong_van").click()
    browser.find_element(By.ID, "du-lieu").send_keys(str(EXAMPLES / "cong-van-so-lieu-2023.yaml"))
    submit(browser)
    wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "img.anh-xem-truoc"), 120)
    browser.find_element(By.CSS_SELECTOR, "form[action$='/chay'] button").click()
    wait_for(browser, lambda b: "Đã xong" in progress_text(b))
    shot(browser, shots, "07-mau-rieng-xong")


def test_the_pledge_signed_in_turn_by_two_members(browser: WebDriver, base: str, shots: Path,
                                                  tmp_path: Path) -> None:
    ca, ca_key, _ = make_ca(tmp_path, "CA thử nghiệm")
    certificates = {member: make_member(tmp_path, ca, ca_key, member) for member in ("Sơn La", "Lai Châu")}
    fill_form(browser, base, "giao_uoc", PLEDGE, pdf=True)
    submit(browser)
    wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "img.anh-xem-truoc"), 120)
    browser.find_element(By.CSS_SELECTOR, "form[action$='/chay'] button").click()
    wait_for(browser, lambda b: b.find_elements(By.ID, "ky-lan-luot"))
    assert "Đã ký: 0 / 7 ô." in browser.find_element(By.ID, "giao-uoc").text
    shot(browser, shots, "08-giao-uoc-chua-ky")
    stale = None
    for turn, member in enumerate(("Sơn La", "Lai Châu")):
        link = browser.find_element(By.LINK_TEXT, "bản hiện tại").get_attribute("href") or ""
        current = httpx.get(link, cookies=cookies(browser), timeout=60).content
        path = tmp_path / f"giao-uoc-{turn}.pdf"
        path.write_bytes(current)
        result = invoke("sign", str(path), "--cert", str(certificates[member]), "--field", member,
                        "--image", str(IMAGES / "chu-ky-son-la.png"))
        assert result.exit_code == 0, result.output
        if stale is None:
            stale = path.read_bytes()
        Select(browser.find_element(By.ID, "o-ky")).select_by_visible_text(member)
        browser.find_element(By.ID, "tep-ky").send_keys(str(path))
        browser.find_element(By.CSS_SELECTOR, "form[action$='/ky'] button").click()
        expected = f"Đã nhận chữ ký của UBND tỉnh {member} vào ô '{member}' (chưa xác định độ tin cậy)."
        wait_for(browser, lambda b, expected=expected: expected in b.find_element(By.TAG_NAME, "main").text, 60)
    assert "Đã ký: 2 / 7 ô." in browser.find_element(By.ID, "giao-uoc").text
    rows = {row.find_elements(By.TAG_NAME, "td")[0].text: row.text
            for row in browser.find_elements(By.CSS_SELECTOR, "#giao-uoc tbody tr")}
    assert "Đã ký — NGUYÊN VẸN, CHƯA XÁC ĐỊNH ĐƯỢC ĐỘ TIN CẬY" in rows["Sơn La"]
    assert "UBND tỉnh Sơn La" in rows["Sơn La"]
    assert "✔" not in rows["Sơn La"] and "○ Chờ ký" in rows["Điện Biên"]  # no bare "signed" without a trust list
    shot(browser, shots, "09-giao-uoc-hai-tinh-da-ky")
    again = tmp_path / "cu.pdf"  # Sơn La's signed copy of version 0, uploaded again as Điện Biên's
    again.write_bytes(stale or b"")
    Select(browser.find_element(By.ID, "o-ky")).select_by_visible_text("Điện Biên")
    browser.find_element(By.ID, "tep-ky").send_keys(str(again))
    browser.find_element(By.CSS_SELECTOR, "form[action$='/ky'] button").click()
    wait_for(browser, lambda b: b.find_elements(By.ID, "tom-tat-loi"), 60)
    summary = browser.find_element(By.ID, "tom-tat-loi")
    assert "tệp không phải bản hiện tại của giao ước cộng thêm chữ ký" in summary.text and "cu.pdf" in summary.text
    assert Select(browser.find_element(By.ID, "o-ky")).first_selected_option.text == "Điện Biên"  # kept
    assert "Đã ký: 2 / 7 ô." in browser.find_element(By.ID, "giao-uoc").text
    shot(browser, shots, "10-giao-uoc-ban-cu")


def test_the_page_works_without_javascript(base: str, shots: Path) -> None:
    browser = chromium(javascript=False)
    try:
        browser.get(f"{base}/")
        submit(browser)  # no data file chosen
        wait_for(browser, lambda b: b.find_elements(By.ID, "tom-tat-loi"), 60)
        assert "chưa chọn tệp dữ liệu" in browser.find_element(By.ID, "tom-tat-loi").text
        assert browser.switch_to.active_element.get_attribute("id") != "tom-tat-loi"  # the page's script is off
        fill_form(browser, base, "cong_van", EXAMPLES / "cong-van-so-lieu-2023.yaml", per_member=True)
        submit(browser)
        wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "img.anh-xem-truoc"), 120)  # by meta refresh
        browser.find_element(By.CSS_SELECTOR, "form[action$='/chay'] button").click()
        wait_for(browser, lambda b: "Đã xong: 7 / 7 văn bản" in progress_text(b), 120)
        assert browser.find_elements(By.PARTIAL_LINK_TEXT, "Tải tất cả")
        shot(browser, shots, "11-khong-javascript")
    finally:
        browser.quit()


def phone() -> WebDriver:
    """Chromium as a 360 px wide phone."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ARGS:
        options.add_argument(argument)
    options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": 360, "height": 780,
                                                                          "pixelRatio": 1}})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def fits(browser: WebDriver) -> None:
    """No horizontal scrolling of the page, and every check box or radio button on its label's line."""
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 360
    for box in browser.find_elements(By.CSS_SELECTOR, "input[type=checkbox], input[type=radio]"):
        label = browser.find_element(By.CSS_SELECTOR, f"label[for='{box.get_attribute('id')}']")
        assert abs(box.rect["y"] - label.rect["y"]) < 12, box.get_attribute("id")
        assert box.rect["x"] < label.rect["x"]  # beside it, before it


def test_a_phone_of_360_px_with_errors_in_the_words_of_the_form(base: str, shots: Path, tmp_path: Path) -> None:
    """The whole way on a 360 px screen: the form, an error named by the field's label (not its path) and by
    the page's own actions (not the command line's), a job's downloads and the pledge's table."""
    broken = tmp_path / "ke-hoach.yaml"
    text = (EXAMPLES / "ke-hoach-hoi-nghi-2023.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("ngay: 2023-", "ngay: 2023-02-31 #", 1), encoding="utf-8")
    browser = phone()
    try:
        browser.get(f"{base}/")
        fits(browser)
        shot_phone(browser, shots, "12-dien-thoai-trang-chu")
        fill_form(browser, base, "ke_hoach_hoi_nghi", broken, per_member=False)
        browser.find_element(By.ID, "ten-tep").send_keys("{stt:99999999d}")
        submit(browser)
        wait_for(browser, lambda b: b.find_elements(By.ID, "tom-tat-loi"), 60)
        summary = browser.find_element(By.ID, "tom-tat-loi").text
        assert "Trường: Ngày ban hành" in summary and "Trường: ngay" not in summary
        assert "--name" not in summary and "tdkt " not in summary
        fits(browser)
        shot_phone(browser, shots, "13-dien-thoai-loi")
        fill_form(browser, base, "cong_van", EXAMPLES / "cong-van-so-lieu-2023.yaml", per_member=True)
        submit(browser)
        wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "img.anh-xem-truoc"), 120)
        fits(browser)
        browser.find_element(By.CSS_SELECTOR, "form[action$='/chay'] button").click()
        wait_for(browser, lambda b: "Đã xong: 7 / 7 văn bản" in progress_text(b), 120)
        fits(browser)
        shot_phone(browser, shots, "14-dien-thoai-tai-ve")
        fill_form(browser, base, "giao_uoc", PLEDGE, pdf=True)
        submit(browser)
        wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "img.anh-xem-truoc"), 120)
        browser.find_element(By.CSS_SELECTOR, "form[action$='/chay'] button").click()
        wait_for(browser, lambda b: b.find_elements(By.ID, "ky-lan-luot"), 120)
        fits(browser)
        shot_phone(browser, shots, "15-dien-thoai-giao-uoc")
    finally:
        browser.quit()


def shot_phone(browser: WebDriver, shots: Path, name: str) -> None:
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": min(int(height), 4000),
                                                                   "deviceScaleFactor": 1, "mobile": True})
    browser.save_screenshot(str(shots / f"{name}.png"))
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 780,
                                                                   "deviceScaleFactor": 1, "mobile": True})


def test_an_upload_over_the_request_limit_shows_the_error_page(shots: Path, tmp_path: Path) -> None:
    """The browser's form with a file over the whole request's limit: the page's own error page, in Vietnamese,
    not a reset connection or raw JSON."""
    big = tmp_path / "lon.yaml"
    big.write_bytes(b"#" * (8 * 1024 * 1024))
    with serve(tmp_path / "du-lieu", TDKT_MAX_REQUEST_MB="5") as url:
        browser = chromium()
        try:
            browser.get(f"{url}/")
            browser.find_element(By.ID, "du-lieu").send_keys(str(big))
            submit(browser)
            wait_for(browser, lambda b: b.find_elements(By.ID, "tom-tat-loi"), 60)
            assert browser.title.startswith("Yêu cầu quá lớn")
            assert "cả yêu cầu lớn hơn 5 MB." in browser.find_element(By.ID, "tom-tat-loi").text
            shot(browser, shots, "16-qua-lon")
        finally:
            browser.quit()
