"""Every page kind at a phone's width (390 px) and a desktop's (1280 px), in Chromium:
no page wider than the screen, wide tables in labelled keyboard-reachable scroll boxes
with the report's name kept in view, and no axe-core violation, large-text mode included.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, sync_playwright
from test_site_support import REPORT_000, built_site, serve

from builder.browser import LAUNCH_ARGS, find_chromium

PAGE_KINDS = {
    "home": "index.html",
    "unit": "zengcheng-xinfang/index.html",
    "year": "years/2023/index.html",
    "kind": "kinds/project-self-evaluation/index.html",
    "grade": "grades/excellent/index.html",
    "report": f"{REPORT_000}/index.html",
    "form": "futian-xinfang/2023/petition-affairs/index.html",
    "department": "zengcheng-xinfang/2023/department-overall/index.html",
    "search": "search/index.html?q=%E6%BB%A1%E6%84%8F%E5%BA%A6",
    "data": "data/index.html",
    "404": "404.html",
}

# Boxes that scroll sideways, and whether each can be reached and is named.
SCROLLERS = """() => [...document.querySelectorAll('main *')]
    .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
                 && e.scrollWidth > e.clientWidth)
    .map(e => ({tab: e.tabIndex, role: e.getAttribute('role'),
                label: e.getAttribute('aria-label') || ''}))"""


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


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_page_is_wider_than_a_phone_and_wide_tables_scroll_in_named_boxes(
    browser: Browser, base: str, kind: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for box in page.evaluate(SCROLLERS):
        assert box["tab"] == 0 and box["role"] == "region" and box["label"], box
    context.close()


def test_a_listing_keeps_the_report_name_in_view_while_it_scrolls(
    browser: Browser, base: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base + "index.html")
    box = page.locator(".table-scroll").first
    box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    left = box.evaluate("e => e.getBoundingClientRect().left")
    name = page.locator(".reports tbody th").first.evaluate("e => e.getBoundingClientRect()")
    assert abs(name["left"] - left) < 2 and name["width"] > 100
    index_no = page.locator(".reports tbody td.index-no").first  # the last column: in view now
    assert index_no.inner_text().startswith("futian-xinfang/2023-")
    assert index_no.evaluate("e => e.getBoundingClientRect().right") <= 390
    context.close()


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-text"])
@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_accessibility_violations(
    browser: Browser, base: str, kind: str, width: int, large: bool
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    if large:
        context.add_init_script("localStorage.setItem('jixiao-large-text', '1')")
    page = context.new_page()
    page.goto(base + PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    if large:
        assert page.evaluate("document.documentElement.classList.contains('large-text')")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()
