"""The HTTP side of `jixiao serve`: a threaded server on 127.0.0.1 that serves the build
output with the live script added to each page, answers the status long poll and has a
PDF the fast build skipped printed on request (`LiveSite.make_pdf`)."""

from __future__ import annotations

import contextlib
import os
import re
import sys
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from builder.loading.filenames import below
from builder.serving.live import (
    LIVE_JS,
    LONG_POLL_SECONDS,
    SCRIPT_PATH,
    STATUS_PATH,
    LiveSite,
    inject_live_script,
    status_json,
)


class LiveHandler(SimpleHTTPRequestHandler):
    site: LiveSite  # set on the subclass made by make_server

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds and problems, not every request

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:
        # A page closed during a long poll or a download: nobody is left to answer.
        with contextlib.suppress(ConnectionError):
            self._get()

    def do_HEAD(self) -> None:
        with contextlib.suppress(ConnectionError):
            if self._confined(unquote(urlsplit(self.path).path)) is None:
                return self.send_error(HTTPStatus.NOT_FOUND)
            super().do_HEAD()

    def _get(self) -> None:
        path = unquote(urlsplit(self.path).path)
        if path == STATUS_PATH:
            seen = _serial(parse_qs(urlsplit(self.path).query).get("serial", [""])[0])
            state = self.site.state
            if seen is not None:
                state = self.site.wait_for_change(seen, LONG_POLL_SECONDS)
            return self._send(status_json(state), "application/json; charset=utf-8")
        if path == SCRIPT_PATH:
            return self._send(LIVE_JS.encode("utf-8"), "text/javascript; charset=utf-8")
        file = self._confined(path)
        if file is None:
            return self._page(HTTPStatus.NOT_FOUND, "没有这个页面。")
        if path.endswith(".pdf") and not file.is_file() and self.site.make_pdf is not None:
            made = self.site.make_pdf(path)
            if made is None:
                return self._page(HTTPStatus.NOT_FOUND, "无法生成该 PDF：请看终端中的提示。")
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        if file.suffix == ".html" and file.is_file():
            page = file.read_bytes()
            pdf = self.site.pdf_link(file, page) if self.site.pdf_link else None
            html = inject_live_script(page, self.site.state.version, pdf)
            return self._send(html, "text/html; charset=utf-8")
        if not self.site.state.ok and not file.exists():
            return self._page(HTTPStatus.SERVICE_UNAVAILABLE, "网站尚未构建成功，问题见下方。")
        return super().do_GET()

    def _confined(self, path: str) -> Path | None:
        """The file of the output that PATH (percent-decoded) names, or None when it could
        name anything else: "..", ".", a NUL, a backslash, a name that no file can have,
        or a real path outside."""
        parts = path.split("/")
        if "\0" in path or "\\" in path or any(part in (".", "..") for part in parts):
            return None
        try:
            file = Path(self.translate_path(self.path))
            real = os.path.realpath(file)
        except ValueError:  # %FF (not UTF-8), %ED%A0%80 (a surrogate): no file has that name
            return None
        return file if below(real, os.path.realpath(self.site.output)) is not None else None

    def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _page(self, status: HTTPStatus, text: str) -> None:
        html = (
            '<!doctype html><html lang="zh-CN"><meta charset="utf-8">'
            f"<title>jixiao 预览</title><body><p>{text}</p></body></html>"
        ).encode()
        self._send(
            inject_live_script(html, self.site.state.version), "text/html; charset=utf-8", status
        )


def _serial(text: str) -> int | None:
    """The serial a long poll waits to see change; None for anything but a plain integer
    ("--5", "²" and 5,000 digits pass str.isdigit() and fail int())."""
    if not re.fullmatch(r"-?[0-9]{1,18}", text):
        return None
    return int(text)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a closed tab is no error
            super().handle_error(request, client_address)


def make_server(site: LiveSite, port: int) -> ThreadingHTTPServer:
    handler = type("Handler", (LiveHandler,), {"site": site})
    server = _Server(("127.0.0.1", port), partial(handler, directory=str(site.output)))
    server.daemon_threads = True
    return server
