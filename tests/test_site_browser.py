"""The built site in a real browser (Debian's Chromium through Playwright), served locally.

Every test records all requests and fails on any that leaves 127.0.0.1 and on any console
error (a Content-Security-Policy violation shows up there).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright
from test_site_support import REPORT_000, built_site, built_site_in_bundles, serve

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


def test_the_search_page_finds_seed_000_by_社工(watched: Watched, base: str) -> None:
    page = watched.page
    page.goto(base + "search/index.html")
    page.get_by_label("检索词").fill("社工")
    page.wait_for_selector(".pagefind-ui__result-link")
    links = page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert f"/{REPORT_000}/index.html" in links
    page.locator("summary", has_text="单位").click()  # a search filter narrows the results
    page.get_by_label("深圳市福田区信访局").check()
    page.wait_for_function(
        "() => { const links = [...document.querySelectorAll('.pagefind-ui__result-link')];"
        " return links.length > 0"
        " && links.every(a => a.getAttribute('href').includes('/futian-xinfang/')); }"
    )


# Every result, not only the UI's first page: straight from Pagefind's JavaScript API, with
# the bundles the search page names merged as the page's script merges them.
ALL_RESULTS = """async (query) => {
    const pagefind = await import("../pagefind/pagefind.js");
    const merged = document.querySelector("[data-search]").getAttribute("data-search-merge");
    for (const name of (merged || "").split(" ").filter(Boolean)) {
        const path = new URL("../pagefind/" + name, window.location.href).pathname;
        await pagefind.mergeIndex(path, {language: "zh-cn"});
    }
    const found = await pagefind.search(query);
    const data = await Promise.all(found.results.map((r) => r.data()));
    return data.map((d) => d.url);
}"""


@pytest.mark.parametrize(
    ("query", "expected", "not_expected"),
    [
        ("社工", REPORT_000, "futian-xinfang/2023/it-operations"),
        ("信访", "zengcheng-xinfang/2023/department-overall", None),
        ("满意度", "futian-xinfang/2023/petition-affairs", None),
    ],
)
def test_search_index_finds_the_right_reports(
    watched: Watched, base: str, query: str, expected: str, not_expected: str | None
) -> None:
    watched.page.goto(base + "search/index.html")
    urls = watched.page.evaluate(ALL_RESULTS, query)
    assert f"/{expected}/index.html" in urls
    assert not_expected is None or f"/{not_expected}/index.html" not in urls
    assert all(url.endswith("/index.html") for url in urls)


@pytest.fixture(scope="module")
def bundled_base() -> Iterator[str]:
    with serve(built_site_in_bundles()) as url:
        yield url


def all_results(browser: Browser, base: str, query: str) -> list[str]:
    page = Watched(browser.new_page())
    page.page.goto(base + "search/index.html")  # a fresh page: nothing merged yet
    urls: list[str] = page.page.evaluate(ALL_RESULTS, query)
    page.check()
    page.page.close()
    return sorted(urls)


@pytest.mark.parametrize("query", ["社工", "满意度", "预算执行率", "服务", "档案"])
def test_an_index_in_bundles_finds_what_one_index_finds(
    browser: Browser, base: str, bundled_base: str, query: str
) -> None:
    # Pagefind splits a query into words and ignores a word that its index lacks, so a
    # query with a word missing from one bundle (rare in bundles of a thousand alike
    # reports, common in bundles of three) can find more there: these queries have none.
    whole = all_results(browser, base, query)
    assert whole, query
    assert all_results(browser, bundled_base, query) == whole


def test_excerpts_carry_no_stray_full_stops(watched: Watched, base: str) -> None:
    """Pagefind joins a heading or table cell to what follows with ". ": not in Chinese."""
    page = watched.page
    page.goto(base + "search/index.html?q=满意度")
    page.wait_for_selector(".pagefind-ui__result-excerpt")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.pagefind-ui__result-excerpt')]"
        ".every(e => e.textContent.length > 0)"
    )
    excerpts = page.locator(".pagefind-ui__result-excerpt").all_text_contents()
    assert any("满意度指标（10分）服务对象满意度" in text for text in excerpts), excerpts
    assert not any(re.search(r"^\s*[.、，]|[\u4e00-\u9fff）]\. ", text) for text in excerpts)


def test_the_search_page_merges_the_bundles(watched: Watched, bundled_base: str) -> None:
    page = watched.page
    page.goto(bundled_base + "search/index.html?q=满意度")
    page.wait_for_function("() => document.querySelectorAll('.pagefind-ui__result').length === 5")
    links = page.locator(".pagefind-ui__result-link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert all(link.startswith("/") and "127.0.0.1" not in link for link in links)
    page.locator("summary", has_text="单位").click()  # filter counts add up over the bundles
    page.get_by_label("深圳市福田区信访局").check()
    page.wait_for_function(
        "() => { const links = [...document.querySelectorAll('.pagefind-ui__result-link')];"
        " return links.length > 0"
        " && links.every(a => a.getAttribute('href').includes('/futian-xinfang/')); }"
    )


def test_search_works_from_a_sub_path(browser: Browser) -> None:
    with serve(built_site(), prefix="/gk/budget") as url:
        page = Watched(browser.new_page())
        page.page.goto(url + "search/index.html?q=社工")
        page.page.wait_for_selector(".pagefind-ui__result-link")
        first = page.page.locator(".pagefind-ui__result-link").first.get_attribute("href")
        assert first is not None and first.startswith("/gk/budget/")
        page.check()
        page.page.close()


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
