"""The built site in a real browser (Debian's Chromium through Playwright), served locally.

Every test records all requests and fails on any that leaves 127.0.0.1 and on any console
error (a Content-Security-Policy violation shows up there).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright
from test_site_support import REPORT_000, built_site, serve

from builder.browser import LAUNCH_ARGS, find_chromium

UNIT_PAGE = "zengcheng-xinfang/index.html"
REPORT_PAGE = f"{REPORT_000}/index.html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=find_chromium(), args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve(built_site()) as url:
        yield url


class Watched:
    """A page whose requests and console errors are recorded."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.hosts: set[str] = set()
        self.errors: list[str] = []
        page.on("request", lambda request: self.hosts.add(urlsplit(request.url).hostname or ""))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

    def check(self) -> None:
        assert self.hosts <= {"127.0.0.1"}, self.hosts
        assert self.errors == []


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context()
    page = Watched(context.new_page())
    yield page
    page.check()
    context.close()


def test_home_to_unit_to_report(watched: Watched, base: str) -> None:
    page = watched.page
    page.goto(base + "index.html")
    page.get_by_role("link", name="广州市增城区信访局（2）").click()
    assert page.url == base + UNIT_PAGE
    assert page.locator("table.reports tbody tr").count() == 2
    page.get_by_role("link", name="2023年度广州市增城区信访局重点项目绩效评价报告").click()
    assert page.url == base + REPORT_PAGE
    assert page.get_by_role("heading", level=1).inner_text().endswith("重点项目绩效评价报告")
    assert page.locator(".report-text h2").count() >= 5


def test_a_filter_link_narrows_the_list(watched: Watched, base: str) -> None:
    page = watched.page
    page.goto(base + "index.html")
    everything = page.locator("table.reports tbody tr").count()
    page.get_by_role("link", name="项目支出绩效自评表（4）").first.click()
    # The list is read on the kind's page, not on the home page still being left.
    page.wait_for_url("**/kinds/project-self-evaluation/index.html")
    kinds = page.locator("table.reports tbody td:nth-child(4)").all_inner_texts()
    assert kinds == ["项目支出绩效自评表"] * 4
    assert len(kinds) < everything


@pytest.mark.parametrize("path", ["index.html", UNIT_PAGE, REPORT_PAGE, "search/index.html"])
def test_no_accessibility_violations(watched: Watched, base: str, path: str) -> None:
    watched.page.goto(base + path)
    results = Axe().run(watched.page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", ["index.html", UNIT_PAGE, REPORT_PAGE])
def test_no_horizontal_scrolling_on_a_phone(browser: Browser, base: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(base + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_large_text_mode_persists(watched: Watched, base: str) -> None:
    page = watched.page
    page.goto(base + REPORT_PAGE)
    size = "parseFloat(getComputedStyle(document.documentElement).fontSize)"
    normal = page.evaluate(size)
    toggle = page.get_by_role("button", name="大字模式")
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    page.goto(base + "index.html")
    assert page.evaluate(size) > normal
    assert page.get_by_role("button", name="大字模式").get_attribute("aria-pressed") == "true"


def test_keyboard_reaches_the_skip_link_first(watched: Watched, base: str) -> None:
    page = watched.page
    page.goto(base + REPORT_PAGE)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "跳到正文"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_without_javascript_the_pages_still_work(browser: Browser, base: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "index.html")
    assert page.get_by_role("button", name="大字模式").count() == 0  # hidden: it needs JS
    page.get_by_role("link", name="2023 年度（7）").first.click()
    assert page.locator("table.reports tbody tr").count() == 7
    context.close()


def test_the_pdf_link_downloads_a_real_pdf(browser: Browser) -> None:
    with serve(built_site(pdf=True)) as url:
        page = Watched(browser.new_context(accept_downloads=True).new_page())
        page.page.goto(url + "index.html")
        page.page.get_by_role("link", name="广州市增城区信访局（2）").click()
        page.page.get_by_role("link", name="2023年度广州市增城区信访局重点项目绩效评价报告").click()
        link = page.page.get_by_role("link", name="下载 PDF 版")
        response = page.page.request.get(
            url + REPORT_000 + "/" + (link.get_attribute("href") or "")
        )
        assert response.ok and response.body().startswith(b"%PDF-")
        with page.page.expect_download() as download:
            link.click()
        assert download.value.suggested_filename == "report.pdf"
        page.check()


def test_the_word_and_excel_links_download_every_reports_office_files(browser: Browser) -> None:
    site = built_site(pdf=True)
    reports = [p.parent for p in site.rglob("report.pdf")]
    assert len(reports) == 7
    for folder in reports:
        for name in ("report.docx", "report.xlsx"):
            assert (folder / name).read_bytes().startswith(b"PK\x03\x04"), folder / name
    with serve(site) as url:
        page = Watched(browser.new_context(accept_downloads=True).new_page())
        page.page.goto(url + REPORT_PAGE)
        for text, name in (("下载 Word 版", "report.docx"), ("下载 Excel 版", "report.xlsx")):
            link = page.page.get_by_role("link", name=text)
            with page.page.expect_download() as download:
                link.click()
            assert download.value.suggested_filename == name
            saved = Path(download.value.path())
            assert saved.read_bytes() == (site / REPORT_000 / name).read_bytes()
        page.check()
