"""Live preview for `jixiao serve` (shell module): watch, rebuild, serve, reload.

- The watcher is watchfiles (the kernel's inotify through Rust's notify): it sleeps until
  something changes below the watched folders (content/, themes/), waits for the change
  to settle (editors save in steps: truncate, write, rename) and calls `LiveSite.build`
  with the changed paths. Builds never overlap: changes made during a build are collected
  meanwhile and make the next one.
- Nothing is read to notice a change: a FIFO is never opened, a link is never followed
  (notify does not descend into linked folders; an event reached through a link out of
  the watched folder is dropped here all the same).
- The HTTP side is builder/serving/livehttp.py, the shared state builder/serving/live.py.
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from builder.loading.filenames import below, readable_name
from builder.serving.live import (
    SCRIPT_PATH,
    STATUS_PATH,
    BuildResult,
    BuildState,
    LiveSite,
    inject_live_script,
    problem_lines,
    status_json,
)
from builder.serving.livehttp import make_server
from builder.usage import UsageError

__all__ = [
    "SCRIPT_PATH",
    "STATUS_PATH",
    "BuildResult",
    "BuildState",
    "LiveSite",
    "inject_live_script",
    "make_server",
    "problem_lines",
    "run",
    "status_json",
    "wanted",
    "watch",
]

# A change is handed on once no new one came for SETTLE_MS (the multi-step saves of
# editors), and after at most DEBOUNCE_MS while changes keep coming (a `git checkout`).
SETTLE_MS = 50
DEBOUNCE_MS = 1600
# How often the watcher, idle, hands control back to Python without a change: the first
# hand-back says the watch is in place. An idle tick costs microseconds.
TICK_MS = 200


def wanted(roots: list[str], path: str) -> bool:
    """Whether a change of PATH matters: not hidden, not a backup (name~), and reached
    without a link out of its watched root (ROOTS are real paths)."""
    name = os.path.basename(path)
    if name.endswith("~"):
        return False
    parent = os.path.realpath(os.path.dirname(path))
    for root in roots:
        inside = below(os.path.join(parent, name), root)
        if inside is None:
            continue
        return not any(part.startswith(".") for part in inside.split("/"))
    return False


def watch(
    site: LiveSite,
    roots: list[Path],
    stop: threading.Event,
    started: Callable[[], None] | None = None,
) -> None:
    """Rebuild whenever a file below ROOTS changes, until STOP is set. STARTED runs once
    the watch is in place (the first build: a save made during it is not missed)."""
    real = [os.path.realpath(root) for root in roots]
    changes = watchfiles.watch(
        *roots,
        watch_filter=lambda _change, path: wanted(real, path),
        debounce=DEBOUNCE_MS,
        step=SETTLE_MS,
        stop_event=stop,
        rust_timeout=TICK_MS,
        yield_on_timeout=True,
        raise_interrupt=True,  # Ctrl-C in the main thread ends the watch as KeyboardInterrupt
    )
    try:
        first = next(changes)  # the watch is set up here
    except OSError as exc:  # no such folder, or the system's limit of watches reached
        raise UsageError(
            f"无法监视文件的变化：{exc}（若已达系统上限，可调高 fs.inotify.max_user_watches）"
        ) from exc
    for batch in itertools.chain([first], changes):
        if started is not None:
            started()
            started = None
        if not batch:
            continue  # an idle tick
        changed = {path for _, path in batch}
        names = sorted(readable_name(os.path.relpath(p)) for p in changed)
        site.log("变更：" + "、".join(names[:5]))
        site.build(changed)


def run(site: LiveSite, roots: list[Path], port: int, announce: Callable[[str], None]) -> None:
    """Build once, then serve (in a thread) and watch (here) until interrupted.

    Watching runs in the calling thread so that a bug in a build stops the server
    with its traceback instead of dying unseen in a background thread.
    """
    server = make_server(site, port)
    serving = threading.Thread(target=server.serve_forever, args=(0.5,), daemon=True)
    serving.start()

    def first_build() -> None:
        site.build(set())
        host, bound = server.server_address[:2]
        announce(f"预览地址：http://{host!s}:{bound}/  （Ctrl-C 停止）")

    try:
        watch(site, roots, threading.Event(), first_build)
    finally:
        server.shutdown()
        server.server_close()
