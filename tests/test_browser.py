"""Issue 17: the month in a real headless browser (Debian's chromium and chromium-driver, which
.ci/run installs): open 本月概况, submit an item with a .docx through the form, adopt it, see the
unit's score change, open its explanation, generate the month's notice and download the .docx.
Each page is captured at 1366 × 768 (GOVINFO_SCREENSHOTS=folder keeps the pictures)."""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import BODY

pytestmark = pytest.mark.slow

DRIVER = shutil.which("chromedriver")
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
if not (DRIVER and BROWSER):
    if os.environ.get("GOVINFO_REQUIRE_BROWSER"):
        raise RuntimeError("the browser tests need chromium and chromium-driver (apt install chromium chromium-driver)")
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(ws_root):
    from waitress.server import create_server

    from govinfo.web.app import create_app
    port = _free_port()
    srv = create_server(create_app(ws_root, port), host="127.0.0.1", port=port, threads=2)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    srv.close()


@pytest.fixture
def browser(tmp_path):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    options = Options()
    options.binary_location = BROWSER
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1366,768", "--lang=zh-CN"):
        options.add_argument(arg)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.downloads = downloads
    yield driver
    driver.quit()


def _shot(browser, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("GOVINFO_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(folder / f"{name}.png"))


def _wait(browser, condition, seconds: float = 20) -> None:
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(browser, seconds).until(condition)


def _docx(path: Path) -> Path:
    import docx
    doc = docx.Document()
    doc.add_paragraph("城关镇秋粮收购进展顺利")
    doc.add_paragraph(BODY)
    doc.add_paragraph("（拟稿人：张三  审核人：李四）")
    doc.save(path)
    return path


def test_a_clerks_month_in_the_browser(server, browser, ws_root, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    browser.get(server + "/?month=2026-10")
    assert "2026年10月政务信息工作概况" in browser.page_source
    _shot(browser, "01-本月概况", tmp_path)

    browser.get(server + "/submit")
    browser.find_element(By.NAME, "unit").send_keys("城关")
    browser.find_element(By.NAME, "drafter").send_keys("张三")
    browser.find_element(By.NAME, "reviewer").send_keys("李四")
    date = browser.find_element(By.NAME, "date")
    date.clear()
    date.send_keys('2026-10-12')
    browser.find_element(By.NAME, "body_file").send_keys(str(_docx(tmp_path / "来稿.docx")))
    _shot(browser, "02-报送", tmp_path)
    browser.find_element(By.CSS_SELECTOR, "form button").click()
    _wait(browser, lambda b: "/item/" in b.current_url)
    assert "城关镇秋粮收购进展顺利" in browser.find_element(By.TAG_NAME, "h1").text
    assert "拟稿人 张三" in browser.page_source and "（拟稿人：张三" not in browser.page_source  # the signature line read
    item_url = browser.current_url
    _shot(browser, "03-信息", tmp_path)

    browser.get(server + "/score?period=2026-10")
    before = browser.find_element(By.LINK_TEXT, "城关镇").find_element(By.XPATH, "../..").text
    browser.get(item_url)
    adopt = browser.find_element(By.CSS_SELECTOR, "#form-adopt form")
    Select(adopt.find_element(By.NAME, "pub")).select_by_value("upper_city_info")
    adopt.find_element(By.NAME, "issue").send_keys("第5期")
    adopt.find_element(By.NAME, "date").send_keys('2026-10-20')
    adopt.find_element(By.TAG_NAME, "button").click()
    _wait(browser, lambda b: "被上级市政府办公室政务信息刊物第5期采用" in b.page_source)

    browser.get(server + "/score?period=2026-10")
    row = browser.find_element(By.LINK_TEXT, "城关镇").find_element(By.XPATH, "../..").text
    assert row != before and "2.2" in row
    _shot(browser, "04-计分", tmp_path)
    browser.find_element(By.LINK_TEXT, "城关镇").click()
    _wait(browser, lambda b: "/explain" in b.current_url)
    assert "rules/points.yaml:" in browser.page_source and "第5期" in browser.page_source
    assert "拟稿人：张三" not in browser.page_source
    _shot(browser, "05-得分明细", tmp_path)

    browser.get(server + "/notice")
    browser.find_element(By.NAME, "period").send_keys("2026-10")
    browser.find_element(By.NAME, "number").send_keys("7")
    browser.find_element(By.CSS_SELECTOR, "form button").click()
    _wait(browser, lambda b: "已生成" in b.page_source)
    _shot(browser, "06-通报", tmp_path)
    link = next(a for a in browser.find_elements(By.TAG_NAME, "a") if a.text.endswith(".docx"))
    link.click()
    for _ in range(100):  # Chromium may show the file under its name a moment before its bytes are all there
        done = [p for p in browser.downloads.iterdir() if p.suffix == ".docx" and p.stat().st_size > 0]
        if done and done[0].read_bytes()[:2] == b"PK":
            break
        time.sleep(0.1)
    assert done and done[0].read_bytes()[:2] == b"PK"


def test_a_narrow_window_wraps_the_menu_and_scrolls_only_wide_tables(server, browser, submit, cli, ws_root, tmp_path):
    """A clerk's browser beside a document, 500 px wide: no page is wider than the window (a wide
    table scrolls inside itself), and no page name in the menu is broken across lines."""
    item = submit(unit="T01", date="2026-10-12")
    assert cli("penalty", "add", "--unit", "T01", "--kind", "false_info", "--date", "2026-10-15",
               "--note", "报送数据与统计部门核实数不符，造成不良影响").code == 0
    browser.set_window_size(500, 900)
    for path in ["/?month=2026-10", "/items?month=2026-10", f"/item/{item}", "/submit", "/solicit", "/penalty",
                 "/score?period=2026-10", "/explain?unit=T01&period=2026-10", "/notice", "/issues", "/rules"]:
        browser.get(server + path)
        wide, window = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert wide <= window, f"{path} is {wide}px wide in a {window}px window"
        broken = browser.execute_script(  # a name on one line is one line-height tall (plus the underline of the page's own)
            "return [...document.querySelectorAll('header strong, nav a, header .office')].filter(a => "
            "a.getBoundingClientRect().height >= 1.5 * parseFloat(getComputedStyle(a).lineHeight)).map(a => a.textContent)")
        assert not broken, (path, broken)
    _shot(browser, "07-窄窗口-扣分", tmp_path)
