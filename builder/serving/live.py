"""The live-preview state of `jixiao serve` (no disk, no sockets): what a build left,
what the status address answers and the script every preview page gets.

- Only at response time does each HTML page get one extra <script src="/__jixiao__/live.js">
  carrying the build version it was served at: the published files never contain it.
- The script polls /__jixiao__/status: a newer version reloads the page; problems of the
  last build show as a banner (text only, never HTML from content).
"""

from __future__ import annotations

import gc
import json
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from builder.diagnostics import Diagnostic

LONG_POLL_SECONDS = 20
LIVE_PREFIX = "/__jixiao__/"
STATUS_PATH = LIVE_PREFIX + "status"
SCRIPT_PATH = LIVE_PREFIX + "live.js"
MAX_BANNER_PROBLEMS = 30


# --- the pure parts --------------------------------------------------------------------


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
    (resources.files("builder.serving") / "live.js")
    .read_text(encoding="utf-8")
    .replace("__STATUS__", STATUS_PATH)
)


# --- the state shared by the watcher and the server ----------------------------------


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
