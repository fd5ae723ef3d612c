"""`jixiao build`: load → validate → score → check → privacy guard → render → print →
search index → link check → publish (shell; only this module and pipeline.py know the order).

Everything is written into a fresh staging folder next to the output; the output is
replaced only when no step reported an error. Before anything is written, every content
problem of every report is collected; after writing, the staged files are checked too.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError

from builder import publish
from builder.collector import collector_paused
from builder.content import (
    find_root,
    folder_order,
    shown,
)
from builder.diagnostics import Diagnostic, Pos, Stopped, diag, sort_diagnostics
from builder.discovery import discover as discover  # named here by tests and serve
from builder.privacy.published import check as published_numbers
from builder.privacy.scan import read_digits
from builder.progress import StageListener, Timer
from builder.site import incremental, links, problems, sitewide
from builder.site.aggregate import SCORES_CSV, Offsets
from builder.site.codes import NO_REPORTS
from builder.site.entries import catalogue, index_numbers, unit_neighbours
from builder.site.files import write_failure
from builder.site.pages import base_path
from builder.site.reportcache import ReportCache
from builder.site.search import BUNDLE, BUNDLE_FILES, PAGES_PER_BUNDLE, PARALLEL, Indexing
from builder.site.shard import DATA, PDF, PRINT_HTML, Loaded, Plan, Rendered
from builder.site.sitewide import SiteData
from builder.site.workers import ShardRunner, start
from builder.theme import template_failure


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
    progress: StageListener | None = None  # told as stages begin and end (builder/progress.py)


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
    """Build the site; OUTCOME.published is True only when OUT was replaced."""
    outcome = Outcome()
    timer = Timer(outcome, options.progress)
    folders = discover(options.paths)
    publish.check_replaceable(options.out.absolute())  # a usage error before any work
    if not folders:
        outcome.diagnostics = [_no_reports(options)]
        return outcome
    with publish.locked(options.out):
        cache = incremental.open_cache(
            options.paths, options.cache_dir, options.pdf, options.drafts, options.search
        )
        shards = start(folders, options.jobs or os.cpu_count() or 1, options.drafts, cache)
        try:
            with timer.stage("读取、评分与检查"):
                loaded = _loaded(shards)
                if not any(part.folders for part in loaded):
                    outcome.diagnostics = [_no_reports(options)]
                    return outcome
                data = _site_data(loaded, options, outcome)
            if data is not None:
                shares = [[entry.folder for entry in part.entries] for part in loaded]
                allowed = _allowed(loaded, data)
                try:
                    _publish(
                        list(zip(shards, shares, strict=True)),
                        data,
                        options,
                        outcome,
                        timer,
                        allowed,
                        cache,
                    )
                except OSError as exc:  # writing the staged site here; it is discarded
                    raise Stopped(write_failure(exc)) from exc
        except Stopped as exc:  # here or in a worker; the staging site is discarded
            outcome.diagnostics = sort_diagnostics([*outcome.diagnostics, exc.diagnostic])
        except TemplateError as exc:
            outcome.diagnostics = sort_diagnostics([*outcome.diagnostics, template_failure(exc)])
        finally:
            for shard in shards:
                shard.stop()
    return outcome


def _loaded(shards: list[ShardRunner]) -> list[Loaded]:
    """Every shard loaded: this process's share first, then, while a worker is still
    loading, report bodies rendered ahead here rather than waiting idle."""
    for shard in shards:
        shard.load_here()
    with collector_paused():
        while not all(shard.ready() for shard in shards):
            if not any(shard.ahead() for shard in shards):
                break  # nothing left to do ahead: wait
    return [shard.loaded() for shard in shards]


def _no_reports(options: Options) -> Diagnostic:
    where = Pos(shown(find_root(options.paths[0])))
    hint = "报告放在 <单位>/<年度>/<报告>/report.yaml；PATH 应为内容目录。"
    return diag(NO_REPORTS, "没有找到任何报告", where, hint)


def _site_data(loaded: list[Loaded], options: Options, outcome: Outcome) -> SiteData | None:
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


def _allowed(loaded: list[Loaded], data: SiteData) -> frozenset[str]:
    """What the personal-data check of the staged files lets through: every report's
    declared codes and allow-marked numbers, and the 索引号 of every report."""
    numbers = {read_digits(number) for number in data.index_numbers.values()}
    return frozenset(numbers.union(*(part.allowed for part in loaded)))


def _publish(
    shards: list[tuple[ShardRunner, list[str]]],
    data: SiteData,
    options: Options,
    outcome: Outcome,
    timer: Timer,
    allowed: frozenset[str],
    cache: ReportCache,
) -> None:
    staging = publish.prepare(options.out)
    try:
        rendered: list[Rendered] = []
        complete = _write_site(
            shards, data, staging, options, outcome, timer, (allowed, cache, rendered)
        )
        outcome.diagnostics = sort_diagnostics(outcome.diagnostics)
        if complete and not outcome.has_errors:
            with timer.stage("发布"):
                publish.swap(staging, options.out)
            outcome.published = True
            incremental.published(cache, rendered, allowed)
        else:
            _discard(staging, shards)
    except BaseException:
        _discard(staging, shards)
        raise


def _discard(staging: Path, shards: list[tuple[ShardRunner, list[str]]]) -> None:
    """Remove the staged site once no worker can write into it any more (a worker still
    rendering would make folders of it again after the removal)."""
    for shard, _ in shards:
        shard.stop()
    publish.discard(staging)


def _write_site(
    shards: list[tuple[ShardRunner, list[str]]],
    data: SiteData,
    staging: Path,
    options: Options,
    outcome: Outcome,
    timer: Timer,
    reuse: tuple[frozenset[str], ReportCache, list[Rendered]],
) -> bool:
    """Write, print, index and check the staged site; False as soon as a step failed."""
    neighbours = unit_neighbours(data.entries)
    plan = Plan(
        staging,
        data.index_numbers,
        neighbours,
        data.grade_slugs,
        options.pdf,
        search=options.search,
    )
    indexing: Indexing | None = None
    allowed, cache, rendered = reuse  # RENDERED: filled here, for the cache once published
    try:
        with timer.stage("生成页面与开放数据"):
            sitewide.start_aggregates(staging)  # before any shard writes its part into them
            for number, (shard, folders) in enumerate(shards):
                # The first shard's parts start after the heads: it writes as it goes.
                shard.render(plan.only(folders, Offsets.start() if number == 0 else None))
            common = sitewide.write_common(
                staging, data, options.search, options.search_bundle_pages
            )  # while the shards render reports
            for shard, _ in shards:
                shard.render_here()
            # The links of the pages written here, while a worker may still be rendering.
            common_links = links.LinkSummary()
            for page, html in common.items():
                common_links.add(page, html, base_path(data.site))
            parts, end = _rendered([shard for shard, _ in shards])
            rendered += parts
            outcome.cached = sum(len(part.reused) for part in parts)
            outcome.diagnostics += [d for part in rendered for d in part.diagnostics]
            if outcome.has_errors:
                return False
            # Pagefind reads the report pages while the rest is written, PDFs print and
            # links are checked.
            if options.search:
                pages = [entry.page for entry in data.entries]
                parallel = min(PARALLEL, options.jobs or os.cpu_count() or 1)
                indexing = Indexing(staging, pages, options.search_bundle_pages, parallel)
            sitewide.write_aggregates(staging, data, end)
        outcome.memory_kb["jixiao"] = _peak_kb()
        if options.pdf:
            with timer.stage("Excel 得分表"):
                _scores_xlsx(staging, data)
            with timer.stage("打印 PDF"):
                _print(staging, rendered, outcome, indexing.poll if indexing else _nothing, options)
        with timer.stage("检查链接"):
            outcome.diagnostics += _check_links(
                staging, data, options, [common_links, *(part.links for part in rendered)], common
            )
        if not outcome.has_errors:
            # The last gate: every file written, only Pagefind's index (made from the pages
            # read here) still to come; read while Pagefind works, in the time spent waiting.
            with timer.stage("个人信息检查（已生成的文件）"):
                where = shown(options.out.absolute())  # as the link check names them
                folders = [entry.folder for entry in data.entries]
                known = incremental.passed(cache, rendered, allowed, staging, folders)
                skip = (BUNDLE, *known.folders)
                found = published_numbers(staging, allowed, skip, where, known.files)
                outcome.diagnostics += found
        if indexing is not None:
            with timer.stage("全文检索索引（等待）"):
                outcome.diagnostics += indexing.finish()
    finally:
        if indexing is not None:
            indexing.stop()
    if indexing is not None:
        outcome.memory_kb["pagefind"] = indexing.peak_kb
        outcome.search_cpu = indexing.cpu_seconds
        outcome.search_bundles = len(indexing.bundles)
    return not outcome.has_errors


def _nothing() -> None:
    pass


SCORES_XLSX = "data/scores.xlsx"


def _scores_xlsx(staging: Path, data: SiteData) -> None:
    """data/scores.xlsx from the finished data/scores.csv (with the print products: for
    thousands of reports openpyxl takes seconds)."""
    from builder.office.scoresxlsx import scores_xlsx

    dates = [entry.published for entry in data.entries if entry.published is not None]
    day = max(dates, default=dt.date(2000, 1, 1))
    text = (staging / SCORES_CSV).read_text(encoding="utf-8")
    (staging / SCORES_XLSX).write_bytes(scores_xlsx(text, day))


def _rendered(shards: list[ShardRunner]) -> tuple[list[Rendered], Offsets]:
    """Every shard's results, in folder order: each shard is told where its part of the
    open-data files starts once the parts before it are written; the files are ended."""
    at, parts = Offsets.start(), []
    for number, shard in enumerate(shards):
        if number:
            shard.place(at)  # the first one's plan said
        part = shard.rendered()
        at = at.after(part.sizes)
        parts.append(part)
    return parts, at


def _check_links(
    staging: Path,
    data: SiteData,
    options: Options,
    summaries: list[links.LinkSummary],
    common: dict[str, str],
) -> list[Diagnostic]:
    """Every page's links, as summarised where each page was written: the report pages
    by their shards, the pages this process wrote (COMMON) here."""
    base = base_path(data.site)
    summary = links.LinkSummary()
    for part in summaries:
        summary.update(part)
    where = shown(options.out.absolute())
    skip = (f"{BUNDLE}/",)
    # Files this build has written (or Pagefind is writing): taken as present without a
    # stat each. Theme assets and PDFs are still looked up.
    written = {page for entry in data.entries for page in (entry.page, f"{entry.folder}/{DATA}")}
    written.update(common, sitewide.AGGREGATES)
    if options.search:
        written.update(BUNDLE_FILES)
    return links.check_site(staging, base, where, summary, common, written, skip)


def _peak_kb() -> int:
    """The largest resident set of this process and its finished workers (kB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def _print(
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
    printed = print_pdfs(jobs, cache_dir=cache, progress=progress)
    outcome.printed, outcome.reused = printed.printed, printed.reused
    outcome.diagnostics += printed.diagnostics
