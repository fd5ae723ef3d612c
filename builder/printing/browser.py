"""Finding and launching Chromium for printing and tests (shell module).

Order: a configured path (JIXIAO_CHROMIUM or site.yaml later), Debian's chromium,
then Playwright's own browser when one happens to be installed. Nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# Without the background-networking flags Chromium tries to reach Google's hosts at
# start-up; on a closed network those attempts fail noisily and slowly.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--font-render-hinting=none",
]

DEBIAN_PATHS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


class BrowserNotFound(Exception):
    pass


def find_chromium(configured: str | None = None) -> str | None:
    """The executable to launch, or None to let Playwright use its own browser."""
    for candidate in (configured, os.environ.get("JIXIAO_CHROMIUM")):
        if candidate:
            if Path(candidate).is_file() and os.access(candidate, os.X_OK):
                return candidate
            raise BrowserNotFound(
                f"找不到配置的浏览器：{candidate}。请检查 JIXIAO_CHROMIUM 或安装 Debian 的 chromium 软件包。"
            )
    for path in DEBIAN_PATHS:
        if Path(path).is_file():
            return path
    found = shutil.which("chromium")
    if found:
        return found
    if _playwright_browser_exists():
        return None
    raise BrowserNotFound(
        "找不到 Chromium 浏览器。请运行 `make setup`（会通过 apt-get 安装 chromium），"
        "或设置环境变量 JIXIAO_CHROMIUM 指向浏览器程序。"
    )


def _playwright_browser_exists() -> bool:
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH", Path.home() / ".cache/ms-playwright"))
    return root.is_dir() and any(root.glob("chromium*/chrome-linux*/chrome"))
