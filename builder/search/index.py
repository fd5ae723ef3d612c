"""Full-text search: Pagefind indexes the reports' search documents into <staging>/pagefind/ (shell).

Pagefind reads one small document per report (searchtext.py: the text as encoded
three-character words, filters and the fields a result shows), written by the shards under
<staging>/.search/ at the report pages' own paths, so the URLs Pagefind records are the
pages'. The folder is removed when indexing ends. Result URLs keep `index.html` so they
work when the site is opened from a folder, and Pagefind derives the site's base from the
bundle's own URL, so a sub-path needs no configuration.

Pagefind keeps every page it has read in memory until it writes the index, and needs
about three times that while it builds the index: ~0.6 MB a report page at its peak,
measured (bounded by the pages of one process, ~0.15 kB a word position and ~0.5 kB a
distinct word of a page; the number of index chunks does not matter). So a large site is
indexed as several bundles of at most PAGES_PER_BUNDLE pages — pagefind/ and
pagefind/part-2/, part-3/, … — one Pagefind process at a time; the search page merges
them in the browser (Pagefind's mergeIndex). More bundles cost a first search more bytes
(each word's index chunk and the list of chunks come per bundle): 700 pages a bundle is
the balance measured at 4,000 reports (≤ 250 KB a first search; 500 pages went over). Each
process is told its pages by a glob listing them, in a pagefind.json config file (no
length limit, unlike a command-line argument) in the folder it runs in, .pagefind-<n>/
inside the staging folder (hidden folders are never units; a killed build leaves nothing
elsewhere).

Pagefind's service mode (documents sent from memory, as its Python package does) was
tried and measured slower: 1,000 report pages took 26% more CPU than reading the files,
even given small documents without the pages' navigation and charts.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from builder.diagnostics import Diagnostic, Pos, diag
from builder.pipeline.workers import die_with_parent
from builder.search.cbor import CborError
from builder.search.order import UnexpectedIndex, stabilize
from builder.search.text import SOURCE
from builder.site.codes import SEARCH_FAILED, SEARCH_UNSTABLE

BUNDLE = "pagefind"
# What the search page loads from the bundle: the link check takes them as present while
# Pagefind still runs, and finish() verifies they were written.
BUNDLE_FILES = frozenset(f"{BUNDLE}/{name}" for name in ("pagefind.js",))
# 0.4–0.55 GB for one Pagefind process of 667 pages (4,000 and 10,000 reports, measured);
# one at a time (two at once doubled the build's peak memory to save a few seconds).
PAGES_PER_BUNDLE = 700
PARALLEL = 1
# Locations (word positions) an index chunk holds before Pagefind starts the next one:
# Pagefind's default, 20,000, made a query load ~35 kB a word and bundle. Smaller chunks
# load less per word but lengthen the list of chunks every search loads (the .pf_meta
# file); 2,000 was the least in total at 4,000 reports (benchmarks/search_bytes.py).
# Pagefind reads it from PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE (1.5.2, pinned).
CHUNK_LOCATIONS = 2000
# The first word of every index chunk of every bundle (sorted, JSON): a query shorter than
# a word (searchtext.GRAM) matches word prefixes, and Pagefind loads only the chunk where
# the prefix itself would sort, so search.js also loads each chunk starting with it.
STARTS = "starts.json"
# What the browser needs from a merged bundle (Pagefind's scripts come from the first).
MERGED_KEEP = ("pagefind-entry.json", "fragment", "index", "filter")
# ... and from the first: its script, worker and WebAssembly (wasm.*) besides. The search
# page is search.js on Pagefind's JavaScript API: Pagefind's own UIs (which put filter
# values into the page as HTML, and weigh 176 KiB) are not published.
FIRST_KEEP = (*MERGED_KEEP, "pagefind.js", "pagefind-worker.js", STARTS)


def bundle_count(pages: int, per_bundle: int = PAGES_PER_BUNDLE) -> int:
    """Bundles of at most PER_BUNDLE pages; more than one: a multiple of PARALLEL, so that
    no bundle is indexed alone at the end while a core waits (the constant, not this
    machine's core count: the same site gives the same bundles everywhere)."""
    count = -(-pages // max(1, per_bundle))
    return 1 if count <= 1 else -(-count // PARALLEL) * PARALLEL


def bundle_paths(count: int) -> list[str]:
    """Site-relative folders of COUNT bundles: pagefind, pagefind/part-2, …"""
    return [BUNDLE, *(f"{BUNDLE}/part-{n}" for n in range(2, count + 1))]


def merged_bundles(count: int) -> list[str]:
    """The bundles the search page merges, relative to the first bundle's folder."""
    return [f"part-{n}/" for n in range(2, count + 1)]


def split_pages(pages: list[str], count: int) -> list[list[str]]:
    """Every COUNT-th page to each bundle: bundles alike in content, so that Pagefind's
    per-bundle word statistics rank merged results as one index would."""
    ordered = sorted(pages)
    return [ordered[n::count] for n in range(count)]


# What Pagefind's glob syntax (the wax crate) needs escaped with a backslash, measured
# against the Pagefind binary for every ASCII punctuation character. A backslash itself
# cannot be escaped: it is matched by "?" (any one character).
_GLOB_SPECIAL = frozenset("$()*,:<>?[]{}")


def glob_literal(path: str) -> str:
    return "".join("?" if c == "\\" else "\\" + c if c in _GLOB_SPECIAL else c for c in path)


def pages_glob(pages: list[str]) -> str:
    """A Pagefind glob that matches exactly PAGES (site-relative paths)."""
    return "{" + ",".join(glob_literal(page) for page in pages) + "}"


def pagefind_executable() -> Path | None:
    """The extended Pagefind binary from the pagefind_bin_extended wheel (or the env var
    PAGEFIND_BINARY_PATH, which Pagefind's own Python package also honours)."""
    configured = os.environ.get("PAGEFIND_BINARY_PATH")
    if configured:
        return Path(configured)
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]
    except ImportError:
        return None
    found: Path = get_executable()
    return found


@dataclass
class _Run:
    bundle: str
    config: Path  # the temporary folder Pagefind runs in, with its pagefind.json
    process: subprocess.Popen[bytes]
    output: IO[bytes]


class Indexing:
    """Pagefind runs over the report PAGES of the staged FOLDER: started at once, advanced by
    poll(), waited for by finish()."""

    def __init__(
        self,
        folder: Path,
        pages: list[str],
        per_bundle: int = PAGES_PER_BUNDLE,
        parallel: int = PARALLEL,
    ) -> None:
        self.folder = folder
        count = bundle_count(len(pages), per_bundle)
        self.bundles = bundle_paths(count)
        self.waiting = list(zip(self.bundles, split_pages(pages, count), strict=True))
        self.parallel = max(1, parallel)
        self.running: list[_Run] = []
        self.problem: str | None = None
        self.unstable: str | None = None
        self.peak_kb = 0  # the largest resident set of one Pagefind process
        self.cpu_seconds = 0.0
        self.executable = pagefind_executable()
        if self.executable is None or not self.executable.is_file():
            self.problem = "找不到 Pagefind（pagefind[extended] 软件包）"
            return
        self.poll()

    def _start(self, bundle: str, pages: list[str]) -> None:
        assert self.executable is not None
        config = self.folder / f".pagefind-{self.bundles.index(bundle) + 1}"
        config.mkdir()
        settings = {
            "site": str((self.folder / SOURCE).absolute()),
            "glob": pages_glob(pages),
            "output_path": str((self.folder / bundle).absolute()),
            "keep_index_url": True,
            "force_language": "zh-cn",
        }
        (config / "pagefind.json").write_text(json.dumps(settings), encoding="utf-8")
        # A file, not a pipe (a full pipe would block Pagefind); closed when it is reaped.
        output = tempfile.TemporaryFile()  # noqa: SIM115
        environment = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(CHUNK_LOCATIONS)}
        process = subprocess.Popen(
            [str(self.executable), "--silent"],
            cwd=config,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,  # a killed build must not leave it writing
        )
        self.running.append(_Run(bundle, config, process, output))

    def poll(self) -> None:
        """Reap finished runs and start waiting ones, PARALLEL at a time (never blocks)."""
        for run in list(self.running):
            pid, status, usage = os.wait4(run.process.pid, os.WNOHANG)
            if pid:
                self._reaped(run, status, usage)
        while self.waiting and len(self.running) < self.parallel and self.problem is None:
            self._start(*self.waiting.pop(0))

    def _reaped(self, run: _Run, status: int, usage: resource.struct_rusage) -> None:
        self.running.remove(run)
        run.process.returncode = code = os.waitstatus_to_exitcode(status)
        self.peak_kb = max(self.peak_kb, usage.ru_maxrss)
        self.cpu_seconds += usage.ru_utime + usage.ru_stime
        shutil.rmtree(run.config, ignore_errors=True)
        run.output.seek(0)
        text = run.output.read().decode("utf-8", errors="replace").strip()
        run.output.close()
        if code != 0 and self.problem is None:
            self.problem = f"Pagefind 退出码 {code}：{text[-400:]}"

    def finish(self) -> list[Diagnostic]:
        while self.running or (self.waiting and self.problem is None):
            time.sleep(0.02)
            self.poll()
        if self.problem is None:
            if not all((self.folder / name).is_file() for name in BUNDLE_FILES):
                self.problem = "Pagefind 没有生成检索页面所需的文件"
            else:
                self._stabilize()
        if self.problem is None:
            if self.unstable is None:
                return []
            return [diag(SEARCH_UNSTABLE, self.unstable, Pos(BUNDLE))]
        return [
            diag(
                SEARCH_FAILED,
                self.problem,
                Pos(BUNDLE),
                "运行 `make setup` 安装 pagefind[extended]；或设置 PAGEFIND_BINARY_PATH。",
            )
        ]

    def _stabilize(self) -> None:
        try:
            starts: set[str] = set()
            for bundle in self.bundles:
                starts.update(stabilize(self.folder / bundle))
            first = self.folder / self.bundles[0]
            (first / STARTS).write_text(json.dumps(sorted(starts)), encoding="ascii")
        except (UnexpectedIndex, CborError, OSError, ValueError, KeyError) as exc:
            self.unstable = f"检索索引的文件顺序无法固定，两次构建的 pagefind/ 可能不同：{exc}"
        _prune(self.folder / self.bundles[0], FIRST_KEEP, "wasm.")  # keeps part-*/
        for bundle in self.bundles[1:]:
            _prune(self.folder / bundle, MERGED_KEEP)

    def stop(self) -> None:
        self.waiting.clear()
        for run in self.running:
            if run.process.poll() is None:
                run.process.kill()
            run.process.wait()
            run.output.close()
            shutil.rmtree(run.config, ignore_errors=True)
        self.running.clear()
        # The documents Pagefind read are not part of the site.
        shutil.rmtree(self.folder / SOURCE, ignore_errors=True)


def _prune(bundle: Path, keep: tuple[str, ...], prefix: str = "\0") -> None:
    """Drop from BUNDLE what the browser never loads (all but KEEP, the meta files and
    names starting with PREFIX): Pagefind's UIs, and a merged bundle's scripts."""
    for path in bundle.iterdir():
        name = path.name
        if name in keep or name.endswith(".pf_meta") or name.startswith((prefix, "part-")):
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
