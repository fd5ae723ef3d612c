"""Printing many reports to PDF: cache look-up, one browser for the rest, atomic writes (shell).

    outcome = print_pdfs([PrintJob(html_path, pdf_path, origin=report.at("title"))])

Every job ends as a complete PDF at its pdf_path or as a located diagnostic; a failure of
one job never stops the others, and no partial PDF is ever visible at a pdf_path.
"""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from builder.diagnostics import Diagnostic, Pos, diag, sort_diagnostics
from builder.loading.content import shown
from builder.printing import pdfbytes
from builder.printing.assets import scan_assets
from builder.printing.browser import BrowserNotFound, find_chromium
from builder.printing.cache import PdfCache, cache_key, write_atomic
from builder.printing.codes import (
    BROWSER_MISSING,
    BROWSER_START,
    CACHE_WRITE,
    PRINT_FAILED,
    PRINT_TIMEOUT,
    TYPE3_FONT,
    WRITE_FAILED,
)
from builder.printing.pool import (
    LaunchError,
    PrintFailure,
    chromium_version,
    default_concurrency,
    print_documents,
    print_options_text,
)

# Per attempt (load + print). A 60-page report prints in a few seconds here.
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True)
class PrintJob:
    """One PDF to make from a print HTML file already on disk (its relative links resolve
    from its folder). Failures are reported at ORIGIN (e.g. the report's report.yaml);
    DATE becomes the PDF's CreationDate/ModDate (e.g. the publication date)."""

    html_path: Path
    pdf_path: Path
    origin: Pos | None = None
    date: datetime.date | None = None

    @property
    def where(self) -> Pos:
        return self.origin or Pos(shown(self.html_path))

    @property
    def day(self) -> datetime.date:
        return self.date or pdfbytes.DEFAULT_DATE


@dataclass
class PrintOutcome:
    printed: int = 0  # printed by Chromium in this run
    reused: int = 0  # copied from the cache
    pages: int = 0  # pages of all PDFs written (printed and reused)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: list[PrintJob] = field(default_factory=list)  # jobs left without a PDF

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


Progress = Callable[[int, int, PrintJob], None]


def print_pdfs(
    jobs: list[PrintJob],
    *,
    cache_dir: Path | None,
    concurrency: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    progress: Progress | None = None,
) -> PrintOutcome:
    """Make every job's PDF, reusing cached ones; CACHE_DIR None prints everything afresh."""
    run = _Run(jobs, PdfCache(cache_dir), progress)
    if not jobs:
        return run.outcome
    browser = locate_browser()
    if isinstance(browser, Diagnostic):
        return run.fail_all(browser)
    to_print = [i for i, job in enumerate(jobs) if run.prepare(i, job, browser.version)]
    try:
        print_documents(
            [(i, jobs[i].html_path) for i in to_print],
            executable=browser.executable,
            concurrency=concurrency or default_concurrency(),
            timeout=timeout,
            deliver=run.deliver,
        )
    except LaunchError as exc:
        run.outcome.diagnostics.append(diag(BROWSER_START, str(exc), _browser_pos(), _START_HINT))
        for i in to_print:
            run.fail(jobs[i])
    return run.finish()


@dataclass(frozen=True)
class BrowserInfo:
    executable: str | None  # None: Playwright's own Chromium
    version: str


def locate_browser() -> BrowserInfo | Diagnostic:
    """The Chromium that will print, or why there is none (call early to fail fast)."""
    try:
        executable = find_chromium()
        return BrowserInfo(executable, chromium_version(executable))
    except BrowserNotFound as exc:
        return diag(BROWSER_MISSING, str(exc), _browser_pos(), _MISSING_HINT)
    except LaunchError as exc:
        return diag(BROWSER_START, str(exc), _browser_pos(), _START_HINT)


_MISSING_HINT = "打印 PDF 需要 Chromium；没有生成任何 PDF。"
_START_HINT = "请确认 chromium 软件包完整（make setup），或用 JIXIAO_CHROMIUM 指定另一个浏览器。"


def _browser_pos() -> Pos:
    # The browser is configuration, not content: name the setting that chooses it.
    return Pos("JIXIAO_CHROMIUM" if os.environ.get("JIXIAO_CHROMIUM") else "chromium")


class _Run:
    """The state of one print_pdfs call: keys of pending jobs, counters, diagnostics."""

    def __init__(self, jobs: list[PrintJob], cache: PdfCache, progress: Progress | None) -> None:
        self.jobs = jobs
        self.cache = cache
        self.progress = progress
        self.keys: dict[int, str] = {}
        self.done = 0
        self.outcome = PrintOutcome()

    def fail_all(self, problem: Diagnostic) -> PrintOutcome:
        self.outcome.diagnostics.append(problem)
        for job in self.jobs:
            self.fail(job)
        return self.finish()

    def finish(self) -> PrintOutcome:
        """Diagnostics sorted and failed jobs in job order, whatever order printing took."""
        failed = set(self.outcome.failed)
        self.outcome.failed = [job for job in self.jobs if job in failed]
        try:
            self.cache.prune(keep=set(self.keys.values()))
        except OSError as exc:  # the PDFs are made; a cache that cannot be tidied is noted
            message = f"无法清理 PDF 缓存 {self.cache.folder}：{exc.strerror}"
            where = Pos(str(self.cache.folder))
            hint = "检查缓存目录的权限；PDF 已照常生成。"
            self.outcome.diagnostics.append(diag(CACHE_WRITE, message, where, hint))
        self.outcome.diagnostics = sort_diagnostics(self.outcome.diagnostics)
        return self.outcome

    def prepare(self, index: int, job: PrintJob, version: str) -> bool:
        """Key the job and serve it from the cache when possible; True when it must be printed."""
        try:
            html = job.html_path.read_bytes()
        except OSError as exc:
            self.fail(
                job,
                diag(
                    PRINT_FAILED,
                    f"无法读取打印文档 {shown(job.html_path)}：{exc.strerror}",
                    job.where,
                ),
            )
            return False
        scan = scan_assets(job.html_path, html.decode("utf-8", errors="replace"))
        if any(d.is_error for d in scan.diagnostics):
            self.fail(job, *scan.diagnostics)
            return False
        key = cache_key(
            html,
            [data for _, data in scan.files],
            chromium_version=version,
            day=job.day,
            print_options=print_options_text(),
        )
        cached = self.cache.entry(key)
        if cached is None:
            self.keys[index] = key
            return True
        if self._write(job, cached.read_bytes()):
            self.outcome.reused += 1
        return False

    def deliver(self, index: int, result: bytes | PrintFailure) -> None:
        job = self.jobs[index]
        if isinstance(result, PrintFailure):
            code = PRINT_TIMEOUT if result.timed_out else PRINT_FAILED
            message = f"打印 {shown(job.html_path)} 失败（已重试一次）：{result.detail}"
            hint = "检查打印文档中是否有不会结束的脚本或过大的图片；其他报告已照常打印。"
            self.fail(job, diag(code, message, job.where, hint))
            return
        try:
            data = pdfbytes.normalize_pdf(result, job.day)
        except pdfbytes.UnexpectedPdf as exc:
            self.fail(job, diag(PRINT_FAILED, f"浏览器生成的 PDF 结构异常：{exc}", job.where))
            return
        try:
            self.cache.store(self.keys[index], data)
        except OSError as exc:
            # Only the next run is slower; this PDF is still written below.
            message = f"无法写入 PDF 缓存 {self.cache.folder}：{exc.strerror}"
            self.outcome.diagnostics.append(
                diag(CACHE_WRITE, message, job.where, "检查缓存目录的权限或磁盘空间。")
            )
        if self._write(job, data):
            self.outcome.printed += 1

    def _write(self, job: PrintJob, data: bytes) -> bool:
        try:
            write_atomic(job.pdf_path, data)
        except OSError as exc:
            message = f"无法写入 {shown(job.pdf_path)}：{exc.strerror}"
            self.fail(
                job, diag(WRITE_FAILED, message, job.where, "检查输出目录是否存在、是否可写。")
            )
            return False
        self.outcome.pages += pdfbytes.page_count(data)
        fonts = pdfbytes.type3_font_count(data)
        if fonts:
            self.outcome.diagnostics.append(
                diag(
                    TYPE3_FONT,
                    f"{shown(job.pdf_path)} 中有 {fonts} 个 Type 3 字体",
                    job.where,
                    _TYPE3_HINT,
                )
            )
        self._step(job)
        return True

    def fail(self, job: PrintJob, *found: Diagnostic) -> None:
        self.outcome.diagnostics.extend(found)
        self.outcome.failed.append(job)
        self._step(job)

    def _step(self, job: PrintJob) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, len(self.jobs), job)


_TYPE3_HINT = (
    "Type 3 字体是画出来的字形，不能检索、文件也更大。常见原因：对 AR PL UMing/UKai 用了粗体"
    "（请在样式表中设 font-synthesis: none，或粗体改用 WenQuanYi Zen Hei），"
    "或文字落到了 Noto CJK 等 CFF 字体上。"
)


def terminal_progress(stream: TextIO = sys.stderr) -> Progress | None:
    """A progress line on STREAM when it is a terminal (None otherwise: logs stay clean)."""
    if not stream.isatty():
        return None

    def show(done: int, total: int, job: PrintJob) -> None:
        end = "\n" if done == total else ""
        stream.write(f"\r打印 PDF：{done}/{total}  {job.pdf_path.name[:40]:<40}{end}")
        stream.flush()

    return show
