"""One Chromium, a few reused pages, every document printed under a deadline (shell module).

Measured here (2 cores): launching a browser per document gives ≈ 0.7 documents/s; one
browser whose pages are navigated from document to document gives ≈ 2/s, because a new page
costs 0.2–0.4 s. So each worker keeps its page and only replaces it after a failure: a
page that crashed or hangs (a script that never ends) is thrown away with its browser
context, and the document is tried once more on a fresh page before it is reported.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Page, async_playwright
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from builder.printing.browser import LAUNCH_ARGS

# Page numbers and margins come from the stylesheet's @page rules, not from Chromium.
# Bookmarks (outline) are only written when the PDF is tagged.
PDF_OPTIONS: dict[str, Any] = {
    "format": "A4",
    "print_background": True,
    "prefer_css_page_size": True,
    "display_header_footer": False,
    "tagged": True,
    "outline": True,
}
# Closing a page whose renderer is stuck must not become the next hang.
DISCARD_SECONDS = 10.0


def print_options_text() -> str:
    """The print settings as stable text, for cache keys."""
    return json.dumps(PDF_OPTIONS, sort_keys=True)


def default_concurrency() -> int:
    """Pages printing at once: one per usable core, between 2 and 4.

    Measured on 2 cores, paired runs of 20 reports: 2 pages 30–38 pages/s, 3 pages 23–28:
    Chromium's browser and GPU processes also need a core, so more pages than cores lose.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(2, min(4, cores))


class LaunchError(Exception):
    """Chromium could not be started or asked for its version; the message is for users."""


@functools.cache
def chromium_version(executable: str | None) -> str:
    """The browser's version string, e.g. "Chromium 156.0.8078.79 …" (asked once per path)."""
    if executable is None:
        # Playwright's own browser: each Playwright release pins exactly one Chromium build.
        return f"playwright-chromium {package_version('playwright')}"
    try:
        done = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise LaunchError(f"无法运行浏览器 {executable}：{exc}") from exc
    return done.stdout.strip()


@dataclass(frozen=True)
class PrintFailure:
    """Why a document produced no PDF after its retry."""

    timed_out: bool
    detail: str


Deliver = Callable[[int, bytes | PrintFailure], None]


async def _print_on(page: Page, html_path: Path) -> bytes:
    await page.goto(html_path.resolve().as_uri(), wait_until="load")
    # Web fonts may still be loading after the load event; system fonts are immediate.
    await page.evaluate("document.fonts.ready.then(() => true)")
    data: bytes = await page.pdf(**PDF_OPTIONS)
    return data


async def _discard(page: Page) -> None:
    # Closing the context ends the page's renderer even when its script never returns.
    with contextlib.suppress(PlaywrightError, TimeoutError):
        await asyncio.wait_for(page.context.close(), DISCARD_SECONDS)


async def _attempt(
    browser: Browser, page: Page | None, html_path: Path, timeout: float
) -> tuple[Page | None, bytes | PrintFailure]:
    """One try on PAGE (a new one when None); the page comes back only if it is still usable."""
    try:
        if page is None:
            page = await asyncio.wait_for(browser.new_page(), timeout)
            # Playwright's own limits (30 s for navigation) would cut in before ours.
            page.set_default_timeout(timeout * 1000)
        return page, await asyncio.wait_for(_print_on(page, html_path), timeout)
    except (TimeoutError, PlaywrightTimeout):  # our deadline, or one of Playwright's own
        failure = PrintFailure(True, f"超过 {timeout:g} 秒仍未完成")
    except PlaywrightError as exc:
        failure = PrintFailure(False, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    if page is not None:
        await _discard(page)
    return None, failure


async def _worker(
    browser: Browser,
    queue: asyncio.Queue[tuple[int, Path]],
    timeout: float,
    deliver: Deliver,
) -> None:
    page: Page | None = None
    while not queue.empty():
        index, html_path = queue.get_nowait()
        page, result = await _attempt(browser, page, html_path, timeout)
        if isinstance(result, PrintFailure):
            page, result = await _attempt(browser, page, html_path, timeout)
        deliver(index, result)
    if page is not None:
        await _discard(page)


async def _print_all(
    documents: list[tuple[int, Path]],
    executable: str | None,
    concurrency: int,
    timeout: float,
    deliver: Deliver,
) -> None:
    async with async_playwright() as playwright:
        try:
            browser = await playwright.chromium.launch(
                executable_path=executable, args=LAUNCH_ARGS, timeout=timeout * 1000
            )
        except PlaywrightError as exc:
            first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise LaunchError(
                f"浏览器 {executable or 'Playwright Chromium'} 无法启动：{first_line}"
            ) from exc
        queue: asyncio.Queue[tuple[int, Path]] = asyncio.Queue()
        for document in documents:
            queue.put_nowait(document)
        workers = min(concurrency, len(documents))
        try:
            await asyncio.gather(
                *(_worker(browser, queue, timeout, deliver) for _ in range(workers))
            )
        finally:
            await browser.close()


def print_documents(
    documents: list[tuple[int, Path]],
    *,
    executable: str | None,
    concurrency: int,
    timeout: float,
    deliver: Deliver,
) -> None:
    """Print each (index, html_path) with one browser; DELIVER gets the PDF bytes or why not.

    Raises LaunchError when the browser does not start (then nothing was delivered).
    """
    if documents:
        asyncio.run(_print_all(documents, executable, concurrency, timeout, deliver))
