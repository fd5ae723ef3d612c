"""The search page in Chromium: every report whose text contains the query, and no other.

The truth is computed in the browser from each report page as a reader sees it (its
title and the innerText of its body, without the computed figures, td.num), never from
the builder's own text extraction; the search runs through the real search page.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from unittest import mock
from urllib.parse import quote

import pytest
from conftest import CONTENT
from playwright.sync_api import Browser, Page
from test_site_support import REPORT_000, built_site, built_site_in_bundles, serve

from builder.pipeline.build import Options, build
from builder.search import index as search

# Ordinary queries of 2–6 characters; several cross where a word segmenter would cut
# (访工 in 信访工作, 局各项, 的运行), some are digits or mixed.
QUERIES = [
    "信访", "信访局", "社工", "满意度", "预算执行率", "服务对象", "档案", "来访接待",
    "信访工作", "访工", "工作的", "局各项", "的运行", "网信", "绩效目标", "项目管理",
    "执行率", "第三方", "街道", "疏导", "社工站", "及时", "资金", "合计", "2023",
    "指标值", "偏差原因", "改进措施",
]  # fmt: skip
ABSENT = ["量子计算", "区块链", "火星基地"]
# Shorter than a word of the index (searchtext.GRAM): the prefix of many words.
SHORT = ["信", "访", "率", "2", "社工", "信访", "资金", "合计", "网信", "服务对"]

# Each report page's searchable text, as the reader's browser reads it.
PAGE_TEXT = """() => {
    for (const cell of document.querySelectorAll('.report-text td.num')) cell.textContent = '';
    const text = document.querySelector('h1').innerText + ' '
        + document.querySelector('.report-text').innerText;
    return text.replace(/\\s+/g, ' ').trim().toLowerCase();
}"""

# The search has answered and its results are on the page.
DONE = (
    "() => { const s = document.querySelector('[data-search-status]').textContent;"
    " return (s.startsWith('找到') || s.startsWith('没有'))"
    " && document.querySelector('[data-search-results]').getAttribute('aria-busy') === 'false'; }"
)


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve(built_site()) as url:
        yield url


@pytest.fixture(scope="module")
def texts(browser: Browser, base: str) -> dict[str, str]:
    """Report page path (as the search links it) → its text."""
    page = browser.new_page()
    page.goto(base + "data/reports.json")
    reports = json.loads(page.inner_text("body"))
    found = {}
    for report in reports:
        path = "/" + report["url"]
        page.goto(base + report["url"])
        found[path] = page.evaluate(PAGE_TEXT)
    page.close()
    assert len(found) == 7
    return found


def results(page: Page, base: str, query: str) -> list[str]:
    page.goto(base + "search/index.html?q=" + quote(query))
    page.wait_for_function(DONE)
    while page.locator("[data-search-more]").is_visible():
        shown = page.locator(".search-result").count()
        page.locator("[data-search-more]").click()
        page.wait_for_function(
            f"() => document.querySelectorAll('.search-result').length > {shown}"
        )
        page.wait_for_function(DONE)
    hrefs = page.locator(".search-result-title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return sorted(hrefs)


def test_recall_is_complete_and_nothing_else_is_found(
    browser: Browser, base: str, texts: dict[str, str]
) -> None:
    page = browser.new_page()
    relevant = found = 0
    for query in QUERIES:
        truth = sorted(path for path, text in texts.items() if query.lower() in text)
        got = results(page, base, query)
        relevant += len(truth)
        found += len(set(got) & set(truth))
        assert got == truth, query
    assert relevant >= 60 and found == relevant  # recall 100 %, over many pages
    for query in ABSENT:
        assert results(page, base, query) == [], query
        status = page.locator("[data-search-status]").inner_text()
        assert status.startswith("没有"), status
    page.close()


def test_a_phrase_finds_its_page_and_marks_it_whole(browser: Browser, base: str) -> None:
    page = browser.new_page()
    got = results(page, base, "为信访工作的运行")
    assert got == ["/futian-xinfang/2023/general-admin/index.html"]
    assert page.locator(".search-result-excerpt mark").all_inner_texts() == ["为信访工作的运行"]
    results(page, base, "信访")
    marks = set(page.locator(".search-result-excerpt mark").all_inner_texts())
    assert marks == {"信访"}  # never 信 or 访 alone (网信, 下访)
    page.close()


@pytest.fixture(scope="module")
def chunked_base() -> Iterator[str]:
    """The example site indexed in chunks of a few word locations each: the words that
    start with a short query then lie in many chunks, not only the one Pagefind loads."""
    folder = Path(tempfile.mkdtemp(prefix="jixiao-chunks-"))
    try:
        with mock.patch.object(search, "CHUNK_LOCATIONS", 20):
            outcome = build(Options([CONTENT], folder / "site", pdf=False))
        assert outcome.published
        assert len(json.loads((folder / "site/pagefind/starts.json").read_text())) > 500
        with serve(folder / "site") as url:
            yield url
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_short_query_finds_the_words_it_starts_in_every_chunk(
    browser: Browser, chunked_base: str, texts: dict[str, str]
) -> None:
    page = browser.new_page()
    for query in SHORT:
        truth = sorted(path for path, text in texts.items() if query in text)
        assert results(page, chunked_base, query) == truth, query
    page.close()


def test_an_absent_phrase_stops_at_its_first_word(browser: Browser, chunked_base: str) -> None:
    page = browser.new_page()
    chunks: list[str] = []
    page.on(
        "request",
        lambda request: chunks.append(request.url) if ".pf_index" in request.url else None,
    )
    assert results(page, chunked_base, "火星基地探测") == []
    assert len(chunks) == 1  # the chunk of 火星基; 星基地, 基地探 and 地探测 never loaded
    chunks.clear()
    assert len(results(page, chunked_base, "为信访工作的运行")) == 1
    assert len(set(chunks)) > 2  # a phrase that is there loads all its words
    page.close()


@pytest.fixture(scope="module")
def bundled_base() -> Iterator[str]:
    with serve(built_site_in_bundles()) as url:
        yield url


def test_an_index_in_bundles_finds_what_one_index_finds(
    browser: Browser, base: str, bundled_base: str
) -> None:
    page = browser.new_page()
    for query in ["社工", "满意度", "预算执行率", "信访工作", "量子计算"]:
        assert results(page, bundled_base, query) == results(page, base, query), query
    page.close()


def test_filters_narrow_and_stay_in_the_address(browser: Browser, base: str) -> None:
    page = browser.new_page()
    page.goto(base + "search/index.html?q=" + quote("社工"))
    page.wait_for_function(DONE)
    assert page.locator(".search-result").count() == 3
    page.get_by_label("单位").select_option("深圳市福田区信访局")
    page.wait_for_function("() => location.search.includes('%E5%8D%95%E4%BD%8D')")
    page.wait_for_function(DONE)
    links = page.locator(".search-result-title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert links == ["/futian-xinfang/2023/social-work-services/index.html"]
    page.reload()  # the address keeps query and filter
    page.wait_for_function(DONE)
    assert page.get_by_label("检索词").input_value() == "社工"
    assert page.get_by_label("单位").input_value() == "深圳市福田区信访局"
    assert page.locator(".search-result").count() == 1
    page.close()


def test_typing_updates_the_results_and_the_address(browser: Browser, base: str) -> None:
    page = browser.new_page()
    page.goto(base + "index.html")
    box = page.get_by_role("search", name="全站检索").get_by_role("searchbox")
    box.fill("满意度")
    box.press("Enter")
    page.wait_for_url("**/search/index.html?q=*")
    page.wait_for_function(DONE)
    page.get_by_label("检索词").press("End")
    page.get_by_label("检索词").press_sequentially("指标")
    page.wait_for_function("() => decodeURIComponent(location.search) === '?q=满意度指标'")
    page.wait_for_function(DONE)
    assert "满意度指标" in page.locator("[data-search-status]").inner_text()
    page.close()


@pytest.mark.parametrize("path", ["index.html", f"{REPORT_000}/index.html", "data/index.html"])
def test_every_page_has_a_search_box_in_its_header(base: str, browser: Browser, path: str) -> None:
    page = browser.new_page()
    page.goto(base + path)
    form = page.locator("header").get_by_role("search", name="全站检索")
    assert form.get_by_role("searchbox", name="检索报告全文").count() == 1
    assert re.search(r"search/index\.html$", form.get_attribute("action") or "")
    page.close()


def test_search_works_from_a_sub_path(browser: Browser) -> None:
    with serve(built_site(), prefix="/gk/budget") as url:
        page = browser.new_page()
        page.goto(url + "search/index.html?q=" + quote("社工"))
        page.wait_for_function(DONE)
        first = page.locator(".search-result-title a").first.get_attribute("href")
        assert first is not None and first.startswith("/gk/budget/")
        page.close()
