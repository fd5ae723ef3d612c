"""Live preview for `jixiao serve` (shell module): watch, rebuild, serve, reload.

- A poller compares the mtimes of the watched folders (content/, themes/) every
  POLL_SECONDS and calls `rebuild` with the changed paths; builds never overlap.
- A threaded HTTP server on 127.0.0.1 serves the build output. Only here, at response
  time, each HTML page gets one extra <script src="/__jixiao__/live.js"> carrying the
  build version it was served at: the published files never contain it.
- The script polls /__jixiao__/status: a newer version reloads the page; problems of
  the last build show as a banner (text only, never HTML from content).
- A request for a PDF that the fast build skipped is printed on demand (`make_pdf`).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import re
import stat as stat_mode
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from html import escape
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from builder.diagnostics import Diagnostic
from builder.filenames import below, readable_name

POLL_SECONDS = 0.1
LONG_POLL_SECONDS = 20
SETTLE_SECONDS = 0.05  # editors save in steps (truncate, write, rename): let them finish
LIVE_PREFIX = "/__jixiao__/"
STATUS_PATH = LIVE_PREFIX + "status"
SCRIPT_PATH = LIVE_PREFIX + "live.js"
MAX_BANNER_PROBLEMS = 30

# path → (mtime_ns, size, inode, digest). Two saves within one tick of the file system's
# clock keep the same mtime (the "racy git" problem): files modified in the last
# RACY_SECONDS are therefore also compared by content.
Stamp = dict[str, tuple[int, int, int, str]]
RACY_SECONDS = 2


# --- the pure parts --------------------------------------------------------------------


def changed_paths(before: Stamp, after: Stamp) -> set[str]:
    """Files added, removed or modified between two stamps."""
    keys = before.keys() | after.keys()
    return {k for k in keys if _differs(before.get(k), after.get(k))}


def _differs(a: tuple[int, int, int, str] | None, b: tuple[int, int, int, str] | None) -> bool:
    if a is None or b is None:
        return a is not b
    if a[:3] != b[:3]:
        return True
    # Contents are compared only when both stamps hashed the file: a digest appears and
    # disappears as the file's mtime enters and leaves the racy window.
    return bool(a[3] and b[3] and a[3] != b[3])


def inject_live_script(html: bytes, version: int, pdf: str | None = None) -> bytes:
    """The page plus the live-reload script tag, before </body> (or at the end).

    PDF, when given, is the href of a PDF printed on request (the fast build prints none).
    """
    extra = f' data-pdf="{escape(pdf, quote=True)}"' if pdf else ""
    tag = f'<script src="{SCRIPT_PATH}" data-version="{version}"{extra} defer></script>'.encode()
    # The last one: an earlier "</body>" could sit inside a code example.
    at = html.lower().rfind(b"</body")
    if at < 0:
        return html + tag
    return html[:at] + tag + html[at:]


def problem_lines(diags: Iterable[Diagnostic]) -> list[str]:
    lines = []
    for d in diags:
        level = "错误" if d.is_error else "警告"
        lines.append(f"{d.pos}: {level} {d.code} {d.message}")
    return lines


def status_json(state: BuildState) -> bytes:
    data = {
        "serial": state.serial,
        "version": state.version,
        "ok": state.ok,
        "building": state.building,
        "errors": state.errors,
        "warnings": state.warnings,
        "problems": state.problems[:MAX_BANNER_PROBLEMS],
        "more": max(0, len(state.problems) - MAX_BANNER_PROBLEMS),
        "message": state.message,
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


# The script every preview page loads: the problems banner and the reload on a new build.
LIVE_JS = (
    (resources.files("builder") / "live.js")
    .read_text(encoding="utf-8")
    .replace("__STATUS__", STATUS_PATH)
)


# --- the watched state -----------------------------------------------------------------


@dataclass(frozen=True)
class BuildResult:
    ok: bool  # a site was written (problems may still be listed)
    diagnostics: tuple[Diagnostic, ...] = ()
    message: str = ""  # why no site was written, when it is not a located problem


@dataclass(frozen=True)
class BuildState:
    serial: int = 0  # moves on with every change of state: what a long poll waits for
    version: int = 0
    ok: bool = False
    building: bool = True
    errors: int = 0
    warnings: int = 0
    problems: list[str] = field(default_factory=list)
    message: str = ""


def stamp(roots: Iterable[Path]) -> Stamp:
    """mtime and size of every file below the roots (hidden files and folders skipped).
    A link is stamped itself, not followed, and only regular files are hashed: a FIFO
    would block the watcher, a link out would have it read what the build refuses."""
    found: Stamp = {}
    now = time.time_ns()
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if name.startswith(".") or name.endswith("~"):
                    continue
                path = os.path.join(folder, name)
                try:
                    info = os.lstat(path)
                    recent = info.st_mtime_ns > now - RACY_SECONDS * 1_000_000_000
                    regular = stat_mode.S_ISREG(info.st_mode)
                    digest = _digest(path) if recent and regular else ""
                except FileNotFoundError:
                    continue  # removed while we looked: the next poll sees it gone
                found[path] = (info.st_mtime_ns, info.st_size, info.st_ino, digest)
    return found


def _digest(path: str) -> str:
    with open(path, "rb") as file:
        return hashlib.blake2b(file.read(), digest_size=16).hexdigest()


def _to_stderr(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


class LiveSite:
    """Build state shared by the watcher thread and the HTTP handler threads."""

    def __init__(
        self,
        output: Path,
        rebuild: Callable[[set[str]], BuildResult],
        make_pdf: Callable[[str], Path | None] | None = None,
        log: Callable[[str], None] | None = None,
        pdf_link: Callable[[Path, bytes], str | None] | None = None,
    ) -> None:
        self.output = output
        self._rebuild = rebuild
        self.make_pdf = make_pdf
        self.pdf_link = pdf_link
        self.log = log or _to_stderr
        self._state = BuildState()
        self._state_changed = threading.Condition()
        self._build_lock = threading.Lock()

    @property
    def exclusive(self) -> threading.Lock:
        """Held during a build: whatever else writes into the output takes it too."""
        return self._build_lock

    @property
    def state(self) -> BuildState:
        with self._state_changed:
            return self._state

    def wait_for_change(self, serial: int, timeout: float) -> BuildState:
        """The state once its serial differs from SERIAL, or as it is after TIMEOUT seconds."""
        with self._state_changed:
            self._state_changed.wait_for(lambda: self._state.serial != serial, timeout)
            return self._state

    def build(self, changed: set[str]) -> BuildState:
        with self._build_lock:
            self._replace(building=True)
            started = time.monotonic()
            try:
                result = self._rebuild(changed)
            except OSError as exc:
                # A file renamed or removed while it was read (editors save in steps):
                # the next poll sees the settled state and builds again.
                result = BuildResult(False, (), f"读取文件时出错：{exc}")
            except Exception as exc:  # a bug met by some edit: the preview must live on
                last = traceback.format_exception_only(exc)[-1].strip()
                self.log("".join(traceback.format_exception(exc)).rstrip())
                result = BuildResult(False, (), f"jixiao 内部错误（请报告）：{last}")
            finally:
                # Loading froze what it made (collector.collector_paused): a server lives
                # on, so hand those objects back to the collector once the build is done.
                gc.unfreeze()
            seconds = time.monotonic() - started
            return self._finish(result, seconds)

    def _finish(self, result: BuildResult, seconds: float) -> BuildState:
        diags = result.diagnostics
        errors = sum(d.is_error for d in diags)
        old = self.state
        state = self._replace(
            version=old.version + 1 if result.ok else old.version,
            ok=result.ok or old.ok,  # a failed rebuild keeps serving the last good site
            building=False,
            errors=errors,
            warnings=len(diags) - errors,
            problems=problem_lines(diags),
            message=result.message,
        )
        took = f"{seconds:.2f}"
        summary = f"{errors} 个错误，{len(diags) - errors} 个警告" if diags else "没有问题"
        verb = "已构建" if result.ok else "构建未完成"
        self.log(
            f"{verb}（{took} 秒，{summary}）" + (f"：{result.message}" if result.message else "")
        )
        for line in state.problems:
            self.log(f"  {line}")
        return state

    def _replace(self, **changes: Any) -> BuildState:
        """A new state (next serial) from the current one; long polls wake up."""
        with self._state_changed:
            serial = self._state.serial + 1
            self._state = replace(self._state, serial=serial, **changes)
            self._state_changed.notify_all()
            return self._state


def watch(site: LiveSite, roots: list[Path], stop: threading.Event, seen: Stamp) -> None:
    """Rebuild whenever a file below ROOTS differs from SEEN, until STOP is set."""
    while not stop.wait(POLL_SECONDS):
        now = stamp(roots)
        if not changed_paths(seen, now):
            seen = now  # keeps the racy-window digests current
            continue
        time.sleep(SETTLE_SECONDS)
        now = stamp(roots)
        changed = changed_paths(seen, now)
        seen = now
        if not changed:
            continue  # changed and changed back while settling
        names = sorted(readable_name(os.path.relpath(p)) for p in changed)
        site.log("变更：" + "、".join(names[:5]))
        site.build(changed)


# --- HTTP --------------------------------------------------------------------------------


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


def run(site: LiveSite, roots: list[Path], port: int, announce: Callable[[str], None]) -> None:
    """Build once, then serve (in a thread) and watch (here) until interrupted.

    Watching runs in the calling thread so that a bug in a build stops the server
    with its traceback instead of dying unseen in a background thread.
    """
    server = make_server(site, port)
    serving = threading.Thread(target=server.serve_forever, args=(0.2,), daemon=True)
    serving.start()
    try:
        seen = stamp(roots)  # before the first build: a save during it is not missed
        site.build(set())
        host, bound = server.server_address[:2]
        announce(f"预览地址：http://{host!s}:{bound}/  （Ctrl-C 停止）")
        watch(site, roots, threading.Event(), seen)
    finally:
        server.shutdown()
        server.server_close()
