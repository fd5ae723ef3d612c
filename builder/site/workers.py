"""Running shards in worker processes (shell). Same interface in-process for small sites.

Workers are forked, so they start with everything the parent imported and loaded; each
is tied to the parent's life (PR_SET_PDEATHSIG), so a killed build leaves no process
writing into a staging folder the next build is about to reuse.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import signal
import sys
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Protocol, TypeVar

from jinja2 import TemplateError

from builder.collector import collector_paused
from builder.content import Candidate
from builder.diagnostics import Diagnostic, Stopped
from builder.site.aggregate import Offsets
from builder.site.files import write_failure
from builder.site.reportcache import ReportCache
from builder.site.shard import Loaded, Plan, Rendered, Shard
from builder.theme import template_failure

_PR_SET_PDEATHSIG = 1
T = TypeVar("T")


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no-op elsewhere)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


@dataclass(frozen=True)
class Crash:
    """A bug in a worker: its traceback, re-raised in the parent (never content problems)."""

    text: str


class ShardRunner(Protocol):
    """A share of the reports, in the build process or a worker. The build process calls
    load_here() on every shard (a worker's loads on its own), while ready() is False
    ahead() as long as it returns True, then loaded(); then render(plan), render_here(),
    place(offsets) unless the plan had them, and rendered() (its files written)."""

    def load_here(self) -> None: ...
    def ready(self) -> bool: ...
    def ahead(self) -> bool: ...
    def loaded(self) -> Loaded: ...
    def render(self, plan: Plan) -> None: ...
    def place(self, at: Offsets) -> None: ...
    def render_here(self) -> None: ...
    def rendered(self) -> Rendered: ...
    def stop(self) -> None: ...


class LocalShard:
    def __init__(
        self, candidates: list[Candidate], drafts: bool = False, cache: ReportCache | None = None
    ) -> None:
        self.shard = Shard(candidates, drafts, cache)
        self.plan: Plan | None = None
        self.at: Offsets | None = None
        self.result: Rendered | None = None
        self.loading: Loaded | None = None

    def load_here(self) -> None:
        self.loading = self.shard.load()

    def ready(self) -> bool:
        return True

    def ahead(self) -> bool:
        """Render one more report body while a worker is still loading."""
        return self.loading is not None and self.shard.render_ahead()

    def loaded(self) -> Loaded:
        if self.loading is None:
            self.load_here()
        assert self.loading is not None
        return self.loading

    def render(self, plan: Plan) -> None:
        self.plan = plan

    def place(self, at: Offsets) -> None:
        self.at = at

    def render_here(self) -> None:
        if self.result is None:
            assert self.plan is not None
            # Rendering makes no lasting cycles either; the collector would spend a
            # twentieth of the rendering walking young objects (measured: 0.1 s for
            # 2,000 reports).
            with collector_paused():
                self.result = self.shard.render(self.plan)

    def rendered(self) -> Rendered:
        self.render_here()
        assert self.result is not None and self.plan is not None
        if self.plan.at is None:
            assert self.at is not None, "place() first"
            self.shard.place(self.plan.staging, self.at)
        self.result.sizes = self.shard.sizes
        return self.result

    def stop(self) -> None:
        pass


def _serve(
    conn: Connection, candidates: list[Candidate], drafts: bool, cache: ReportCache | None
) -> None:
    die_with_parent()
    # A worker lives for one build and keeps what it loads until it exits; the cyclic
    # collector would only walk those objects again and again as rendering allocates
    # (a tenth of a worker's time, measured). Rendering makes no lasting cycles: the
    # worker's peak memory is the same without the collector (tests/test_core_memory.py).
    gc.disable()
    shard = Shard(candidates, drafts, cache)
    try:
        conn.send(shard.load())
        while not conn.poll() and shard.render_ahead():
            pass  # the parent is busy with what needs every shard's reports
        plan = conn.recv()
        if plan is not None:
            rendered = shard.render(plan, placed=lambda: _placed(conn))
            if shard.next is None:
                at = conn.recv()  # known once the shares before this one are rendered
                if at is None:
                    return
                shard.place(plan.staging, at)
            rendered.sizes = shard.sizes
            conn.send(rendered)
    except _Stopped:
        pass
    except OSError as exc:  # a full disk, a folder it may not write: said, not a traceback
        conn.send(write_failure(exc))
    except TemplateError as exc:  # a theme problem, reported like content problems
        conn.send(template_failure(exc))
    except Exception:
        conn.send(Crash(traceback.format_exc()))
    finally:
        conn.close()


class _Stopped(Exception):
    """The build process stopped this worker (it failed elsewhere)."""


def _placed(conn: Connection) -> Offsets | None:
    """Where this worker's open-data parts go, if the build process has said so yet."""
    if not conn.poll():
        return None
    at = conn.recv()
    if at is None:
        raise _Stopped
    assert isinstance(at, Offsets)
    return at


class ProcessShard:
    def __init__(
        self, candidates: list[Candidate], drafts: bool = False, cache: ReportCache | None = None
    ) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, candidates, drafts, cache), daemon=True
        )
        self.process.start()
        child.close()

    def _receive(self) -> object:
        try:
            message = self.conn.recv()
        except EOFError:
            raise RuntimeError(f"构建进程意外退出（退出码 {self.process.exitcode}）") from None
        if isinstance(message, Crash):
            raise RuntimeError("构建进程出错：\n" + message.text)
        if isinstance(message, Diagnostic):
            raise Stopped(message)
        return message

    def load_here(self) -> None:
        pass  # the worker loads on its own

    def ready(self) -> bool:
        return self.conn.poll()

    def ahead(self) -> bool:
        return False

    def loaded(self) -> Loaded:
        message = self._receive()
        assert isinstance(message, Loaded)
        return message

    def render(self, plan: Plan) -> None:
        self._send(plan)

    def place(self, at: Offsets) -> None:
        self._send(at)

    def _send(self, message: object) -> None:
        # A worker that failed (a theme error in one of its reports, a bug) has sent why
        # and exited: the next receive reports that, not the closed pipe.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.conn.send(message)

    def render_here(self) -> None:
        pass  # the worker renders on its own

    def rendered(self) -> Rendered:
        message = self._receive()
        assert isinstance(message, Rendered)
        # Not joined here: the worker tears down while this process writes the open data
        # and checks links; stop() reaps it at the end of the build.
        return message

    def stop(self) -> None:
        if self.process.is_alive():
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(timeout=5)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        self.conn.close()


def split(folders: list[T], weights: list[float]) -> list[list[T]]:
    """Contiguous shares in proportion to WEIGHTS (a unit's reports mostly stay together,
    and the shares come back in folder order)."""
    total = sum(weights)
    shares, start, done = [], 0, 0.0
    for weight in weights:
        done += weight
        end = round(len(folders) * done / total)
        shares.append(folders[start:end])
        start = end
    return shares


# Below this many reports one process does everything: forking costs more than it saves.
PARALLEL_FROM = 64
# The build process loads and renders a share itself, beside JOBS - 1 workers (rather
# than forking one more: that share's entries and results need not cross a pipe). Its
# weight against a worker's: it also does what needs every report (site data, listing
# pages, the tail), but a worker renders report bodies ahead meanwhile, and the build
# process does while it waits for a worker's load; with 4,000 reports equal shares now
# finish within 0.1 s of each other (measured; 0.9 left the worker last by 0.15-0.4 s).
OWN_SHARE = 1.0


def start(
    folders: list[Candidate], jobs: int, drafts: bool = False, cache: ReportCache | None = None
) -> list[ShardRunner]:
    """Shards for FOLDERS (candidates: nearly all are report folders, which is what the
    shares are weighed by)."""
    if jobs <= 1 or len(folders) < PARALLEL_FROM:
        return [LocalShard(folders, drafts, cache)]
    jobs = min(jobs, len(folders) // 2)  # no share empty, even with --jobs in the hundreds
    own, *others = split(folders, [OWN_SHARE] + [1.0] * (jobs - 1))
    workers: list[ShardRunner] = [
        ProcessShard(share, drafts, cache) for share in others
    ]  # forked first
    # The build process's share comes first: its part of the open-data files starts
    # right after their heads, so it writes it as it renders; when it is done it tells
    # the next worker where that one's part goes, which the worker then writes as it
    # goes too (or at once, if it has finished already).
    return [LocalShard(own, drafts, cache), *workers]
