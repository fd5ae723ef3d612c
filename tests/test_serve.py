"""`jixiao serve` end to end: the real build, real HTTP on 127.0.0.1 and a real browser."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT
from playwright.sync_api import expect, sync_playwright
from servetools import Server, start, stop, until
from servetools import fetch as fetch_text

from builder.printing.browser import LAUNCH_ARGS, find_chromium

REPORT = "zengcheng-xinfang/2023/social-worker-project"
OLD = "2023年我局配备三名社工。"
NEW = "2023年我局配备四名社工。"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    running = start(content)
    yield running
    stop(running)


def fetch(url: str) -> tuple[int, str]:
    return fetch_text(url, timeout=10, errors="strict")


def test_a_markdown_edit_is_served_within_two_seconds(server: Server) -> None:
    page = f"{server.url}{REPORT}/index.html"
    code, html = fetch(page)
    assert code == 200 and OLD in html
    assert 'src="/__jixiao__/live.js" data-version="1" data-pdf="report.pdf"' in html
    server.edit(f"{REPORT}/report.md", OLD, NEW)
    took = until(lambda: NEW in fetch(page)[1], 2.0)
    assert took < 2.0
    # The page is swapped in just before the version moves on: the reload follows at once.
    status_url = server.url + "__jixiao__/status"
    until(lambda: json.loads(fetch(status_url)[1])["version"] == 2, 1.0)
    assert any("变更：" in line and "report.md" in line for line in server.log)


def test_the_published_build_never_carries_the_live_script(tmp_path: Path) -> None:
    out = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--no-pdf", "--out", str(out), str(CONTENT)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    pages = list(out.rglob("*.html"))
    assert pages
    assert not [p for p in pages if "__jixiao__" in p.read_text(encoding="utf-8")]


def test_content_errors_become_a_banner_and_the_last_site_stays(server: Server) -> None:
    page = f"{server.url}{REPORT}/index.html"
    server.edit(f"{REPORT}/report.yaml", "kind:", "kindd:")
    status_url = server.url + "__jixiao__/status"
    until(lambda: json.loads(fetch(status_url)[1])["errors"] > 0, 5.0)
    status = json.loads(fetch(status_url)[1])
    assert status["version"] == 1 and status["ok"] is True
    assert any("JX101" in p and "kindd" in p for p in status["problems"])
    assert "有错误，网站没有更新" in status["message"]
    assert fetch(page)[0] == 200  # the last good site is still there
    assert server.process.poll() is None  # no crash
    assert any("JX101" in line for line in server.log)  # …and the terminal says why


def test_a_pdf_is_printed_when_its_link_is_opened(server: Server) -> None:
    with urllib.request.urlopen(f"{server.url}{REPORT}/report.pdf", timeout=120) as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read(5) == b"%PDF-"
    assert fetch(f"{server.url}no/such/report.pdf")[0] == 404


def test_the_open_page_updates_itself_in_a_real_browser(server: Server) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{server.url}{REPORT}/index.html")
            expect(page.get_by_text(OLD)).to_be_visible()
            page.evaluate("window.__beforeEdit = true")
            time.sleep(0.5)  # the page's first status poll has run
            started = time.monotonic()
            server.edit(f"{REPORT}/report.md", OLD, NEW)
            expect(page.get_by_text(NEW)).to_be_visible(timeout=2000)
            assert time.monotonic() - started < 2.0
            assert page.evaluate("window.__beforeEdit") is None  # reloaded by the page itself
            # A broken report shows a banner instead of a blank page; fixing it removes it.
            server.edit(f"{REPORT}/report.yaml", "kind:", "kindd:")
            banner = page.locator("#jixiao-live-banner")
            expect(banner).to_contain_text("JX101", timeout=3000)
            expect(banner).to_contain_text("2 个错误")  # JX101 kindd, JX103 kind missing
            expect(page.get_by_text(NEW)).to_be_visible()
            server.edit(f"{REPORT}/report.yaml", "kindd:", "kind:")
            expect(page.locator("#jixiao-live-banner[role=alert]")).to_have_count(0, timeout=3000)
            expect(page.locator("#jixiao-live-pdf")).to_have_attribute("href", "report.pdf")
        finally:
            browser.close()
