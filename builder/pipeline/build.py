"""The stages of `jixiao build` that need the whole site (shell): its options and outcome,
the site-wide data and checks, the PDFs, the link check. builder/pipeline/run.py runs them in
order; this module knows none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import resource
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from builder.diagnostics import Diagnostic, Pos, diag, sort_diagnostics
from builder.loading.content import find_root, folder_order, shown
from builder.loading.discovery import discover as discover  # named here by tests and serve
from builder.pipeline.cachedir import project_cache_dir
from builder.pipeline.chunkdata import Loaded, Rendered
from builder.pipeline.progress import StageListener
from builder.pipeline.shard import DATA, PDF, PRINT_HTML
from builder.pipeline.sitewide import SiteData
from builder.privacy.scan import read_digits
from builder.publish import links
from builder.search.index import BUNDLE, BUNDLE_FILES, PAGES_PER_BUNDLE
from builder.site import problems
from builder.site.aggregate import SCORES_CSV
from builder.site.codes import NO_REPORTS
from builder.site.entries import catalogue, index_numbers
from builder.site.files import write_bytes
from builder.site.pages import base_path


@dataclass
class Options:
    paths: list[Path]
    out: Path = Path("site")
    pdf: bool = True
    search: bool = True  # off: no Pagefind index (a quicker preview; the search page says so)
    jobs: int = 0  # 0: one per CPU
    search_bundle_pages: int = PAGES_PER_BUNDLE  # pages per Pagefind bundle (memory bound)
    cache_dir: Path | None = None  # None: --cache-dir unset (JIXIAO_CACHE_DIR or beside content)
    drafts: bool = False  # include `draft: true` reports (the preview of `jixiao serve`)
    progress: StageListener | None = (
        None  # told as stages begin and end (builder/pipeline/progress.py)
    )
    # Where the previous site is kept for the next build to start from (None: in the
    # project's cache, per output folder; publish.prepare_from)
    spare: Path | None = None
    live: bool = False  # a long-lived process (serve): keep what was read between builds


@dataclass
class Outcome:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    published: bool = False
    reports: int = 0
    printed: int = 0
    reused: int = 0
    cached: int = 0  # reports whose files were reused from the report cache as they were
    timings: list[tuple[str, float]] = field(default_factory=list)
    memory_kb: dict[str, int] = field(default_factory=dict)  # peak resident memory
    search_cpu: float = 0.0  # CPU seconds Pagefind used (it runs beside other stages)
    search_bundles: int = 0

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)


def build(options: Options) -> Outcome:
    """Build the site; OUTCOME.published is True only when OUT was replaced (the order of
    the stages is builder/pipeline/run.py's)."""
    from builder.pipeline.run import build as run  # the pipeline runs this module's stages

    return run(options)


def no_reports(options: Options) -> Diagnostic:
    where = Pos(shown(find_root(options.paths[0])))
    hint = "报告放在 <单位>/<年度>/<报告>/report.yaml；PATH 应为内容目录。"
    return diag(NO_REPORTS, "没有找到任何报告", where, hint)


def site_data(loaded: list[Loaded], options: Options, outcome: Outcome) -> SiteData | None:
    """Everything that needs all reports at once; None when any error was found."""
    diags = [d for part in loaded for d in part.diagnostics]
    entries = sorted(
        (e for part in loaded for e in part.entries), key=lambda e: folder_order(e.folder)
    )
    site = next((part.site for part in loaded if part.site is not None), None)
    root = find_root(options.paths[0])
    diags.extend(problems.site_problems(site, entries, root, diags))
    numbers = index_numbers(entries)
    outcome.diagnostics = sort_diagnostics(diags)
    outcome.reports = len(entries)
    if outcome.has_errors or site is None:
        return None
    grades: list[str] = []
    for part in loaded:
        grades += [g for g in part.grades if g not in grades]
    units = {slug: unit for part in loaded for slug, unit in part.units.items()}
    return SiteData(site, entries, units, numbers, catalogue(entries, grades))


def allowed_numbers(loaded: list[Loaded], data: SiteData) -> frozenset[str]:
    """What the personal-data check of the staged files lets through: every report's
    declared codes and allow-marked numbers, and the 索引号 of every report."""
    numbers = {read_digits(number) for number in data.index_numbers.values()}
    return frozenset(numbers.union(*(part.allowed for part in loaded)))


SCORES_XLSX = "data/scores.xlsx"


def scores_xlsx(staging: Path, data: SiteData) -> None:
    """data/scores.xlsx from the finished data/scores.csv (with the print products: for
    thousands of reports openpyxl takes seconds)."""
    from builder.office.scoresxlsx import scores_xlsx as workbook

    dates = [entry.published for entry in data.entries if entry.published is not None]
    day = max(dates, default=dt.date(2000, 1, 1))
    text = (staging / SCORES_CSV).read_text(encoding="utf-8")
    write_bytes(staging / SCORES_XLSX, workbook(text, day))


def check_links(
    staging: Path,
    data: SiteData,
    options: Options,
    summaries: list[links.LinkSummary],
    common: tuple[dict[str, str], list[str]],
) -> list[Diagnostic]:
    """Every page's links, as summarised where each page was written: the report pages
    by their chunks, the site-wide ones here (COMMON: those rendered now, path → HTML,
    and the paths of all of them)."""
    base = base_path(data.site)
    summary = links.LinkSummary()
    for part in summaries:
        summary.update(part)
    where = shown(options.out.absolute())
    skip = (f"{BUNDLE}/",)
    pages, paths = common
    # Files this build has written (or Pagefind is writing): taken as present without a
    # stat each. Theme assets and PDFs are still looked up.
    written = {page for entry in data.entries for page in (entry.page, f"{entry.folder}/{DATA}")}
    written.update(paths)
    if options.search:
        written.update(BUNDLE_FILES)
    return links.check_site(staging, base, where, summary, pages, written, skip)


def peak_kb() -> int:
    """The largest resident set of this process and its finished workers (kB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def print_reports(
    staging: Path,
    rendered: list[Rendered],
    outcome: Outcome,
    between: Callable[[], None],
    options: Options,
) -> None:
    """Print every report's PDF; BETWEEN runs after each document (it starts the next
    Pagefind bundle when one has finished)."""
    # Imported here: Playwright takes a sixth of a second to import, wasted with --no-pdf.
    from builder.printing import PrintJob, pdf_cache_dir, print_pdfs, terminal_progress

    jobs = [
        PrintJob(
            html_path=staging / spec.folder / PRINT_HTML,
            pdf_path=staging / spec.folder / PDF,
            origin=spec.origin,
            date=spec.published,
        )
        for part in rendered
        for spec in part.prints
    ]
    jobs.sort(key=lambda job: str(job.html_path))
    # The build's own display counts the PDFs when there is one; else a line of their own.
    listener = options.progress
    shown_progress = terminal_progress() if listener is None else None

    def progress(done: int, total: int, job: PrintJob) -> None:
        between()
        if listener is not None:
            listener.count(done, total)
        elif shown_progress is not None:
            shown_progress(done, total, job)

    cache = pdf_cache_dir(options.paths[0], options.cache_dir)
    printed = print_pdfs(jobs, cache_dir=cache, concurrency=options.jobs or None, progress=progress)
    outcome.printed, outcome.reused = printed.printed, printed.reused
    outcome.diagnostics += printed.diagnostics


def spare_folder(options: Options) -> Path:
    """Where the previous site of OPTIONS.out is kept (publish.prepare_from)."""
    if options.spare is not None:
        return options.spare
    name = hashlib.sha256(os.fsencode(options.out.absolute())).hexdigest()[:16]
    return project_cache_dir(options.paths[0], options.cache_dir) / "spare" / name
