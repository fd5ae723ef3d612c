"""Parallel work as a plain map (shell): `concurrent.futures.ProcessPoolExecutor` over
chunks of report folders, or this process alone for small sites and --jobs 1.

Workers are forked, so they start with everything the parent imported and loaded; each
is tied to the parent's life (PR_SET_PDEATHSIG), so a killed build leaves no process
writing into a staging folder the next build is about to reuse.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from builder.loading.collector import collector_paused
from builder.loading.content import Candidate

_PR_SET_PDEATHSIG = 1
T = TypeVar("T")
R = TypeVar("R")

# Below this many report folders one process does everything: forking costs more than
# it saves.
PARALLEL_FROM = 64
# Chunks per worker. One: equal shares finish close together at 4,000 reports, and
# three per worker cost 0.1–0.4 s more of a cold build (each chunk reads site.yaml and
# the profiles and loads the theme's templates again; measured, 2 workers).
CHUNKS_PER_JOB = 1
# At most this many reports a chunk: a chunk keeps its reports loaded and rendered until it
# ends, so its size bounds a worker's memory (≈ 0.1 MB a report).
MAX_CHUNK = 400


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no-op elsewhere)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _worker_start() -> None:
    die_with_parent()
    # A worker lives for one build and keeps what it loads while it renders; the cyclic
    # collector would only walk those objects again and again (a tenth of a worker's
    # time, measured). Loading and rendering make no lasting cycles
    # (tests/test_core_memory.py).
    gc.disable()


def jobs_for(jobs: int) -> int:
    """--jobs as a count of processes (0: one per CPU)."""
    return jobs if jobs > 0 else os.cpu_count() or 1


def mapped(work: Callable[[T], R], tasks: list[T], jobs: int) -> list[R]:
    """WORK over TASKS, in order: in JOBS forked processes, or here when JOBS is 1 or
    there is only one task. An exception in a worker is raised here."""
    if jobs <= 1 or len(tasks) <= 1:
        with collector_paused():
            return [work(task) for task in tasks]
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(min(jobs, len(tasks)), context, initializer=_worker_start)
    try:
        return list(pool.map(work, tasks))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def split(folders: list[T], weights: list[float]) -> list[list[T]]:
    """Contiguous shares in proportion to WEIGHTS (they come back in folder order)."""
    total = sum(weights)
    shares, start, done = [], 0, 0.0
    for weight in weights:
        done += weight
        end = round(len(folders) * done / total)
        shares.append(folders[start:end])
        start = end
    return shares


def chunks(candidates: list[Candidate], jobs: int) -> list[list[Candidate]]:
    """CANDIDATES in contiguous chunks, a unit's folders kept together where possible: a
    report's 索引号 and previous/next are its unit's business, so a chunk of whole units
    can render its pages knowing only its own reports (the build checks that it could)."""
    if len(candidates) < PARALLEL_FROM:
        return [candidates]
    wanted = max(jobs * CHUNKS_PER_JOB, -(-len(candidates) // MAX_CHUNK))
    count = min(wanted, len(candidates) // 2)
    found: list[list[Candidate]] = []
    for share in split(candidates, [1.0] * count):
        if found and share and _unit(share[0]) == _unit(found[-1][-1]):
            found[-1] += share[: _first_other(share)]
            share = share[_first_other(share) :]
        if share:
            found.append(share)
    return found


def _unit(candidate: Candidate) -> str:
    """The unit folder of a report folder candidate (<unit>/<year>/<report>)."""
    return os.path.dirname(os.path.dirname(candidate.folder))


def _first_other(share: list[Candidate]) -> int:
    """Where the first candidate of another unit than SHARE[0]'s is (len: none)."""
    unit = _unit(share[0])
    return next((n for n, c in enumerate(share) if _unit(c) != unit), len(share))
