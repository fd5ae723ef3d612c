"""The one way through, and the only module that knows its order:

    load → validate → score → check (each report) → render (each report)   one map
    → check (site-wide) → render (site-wide pages, open data) → print → index
    → link-check → last personal-data gate → publish

The per-report stages run as one plain map over chunks of report folders
(site/workers.py, site/shard.py): each chunk loads, checks and, while nothing is wrong
with it, renders and writes its reports into the staging folder. This process then checks
the site as a whole and writes what needs every report. `jixiao check` is the same map
and the same site-wide checks, stopped before anything is written (check_content).

`jixiao score` and the other single-report commands use `check` (load and evaluate, in
this process: builder/pipeline/evaluation.py).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from jinja2 import TemplateError

from builder.diagnostics import Diagnostic, Stopped, sort_diagnostics
from builder.loading.content import Candidate, shown
from builder.loading.discovery import discover
from builder.pipeline import build as stages
from builder.pipeline import incremental, sitestage
from builder.pipeline.build import Options, Outcome
from builder.pipeline.chunkdata import Done, Loaded, Plan, Rendered, Task, Writing
from builder.pipeline.evaluation import Evaluated, check, evaluate
from builder.pipeline.progress import LOAD_STAGE, Timer
from builder.pipeline.reportcache import ReportCache
from builder.pipeline.shard import DATA, PAGE, PDF, PRINT_HTML, run_chunk
from builder.pipeline.sitewide import SiteData
from builder.pipeline.workers import chunks, jobs_for, mapped
from builder.privacy.published import check as published_numbers
from builder.publish import swap as publish
from builder.render.theme import template_failure
from builder.search.index import BUNDLE, PARALLEL, Indexing
from builder.search.text import SOURCE
from builder.site import problems, tidy
from builder.site.entries import unit_neighbours
from builder.site.files import write_failure
from builder.site.reportfiles import DOCX, XLSX

__all__ = ["Evaluated", "build", "check", "check_content", "check_site", "evaluate"]


def build(options: Options) -> Outcome:
    """Build the site; OUTCOME.published is True only when OUT was replaced."""
    outcome = Outcome()
    folders = discover(options.paths)
    publish.check_replaceable(options.out.absolute())  # a usage error before any work
    if not folders:
        outcome.diagnostics = [stages.no_reports(options)]
        return outcome
    with publish.locked(options.out):
        variant = (options.pdf, options.drafts, options.search)
        cache = incremental.open_cache(options.paths, options.cache_dir, variant, options.live)
        spare = stages.spare_folder(options)
        staging, recycled = publish.prepare_from(options.out, spare)
        ended = False
        try:
            _build(folders, options, outcome, cache, (staging, recycled))
            ended = True
        except Stopped as exc:  # here or in a worker; the staging site is discarded
            outcome.diagnostics = sort_diagnostics([*outcome.diagnostics, exc.diagnostic])
        except TemplateError as exc:
            outcome.diagnostics = sort_diagnostics([*outcome.diagnostics, template_failure(exc)])
        finally:
            if ended and not outcome.published:  # errors in the content: a start for the next
                publish.set_aside(staging, spare)
            elif not outcome.published:  # a file it could not write, a bug: removed
                publish.discard(staging)
    return outcome


def _build(
    folders: list[Candidate],
    options: Options,
    outcome: Outcome,
    cache: ReportCache,
    into: tuple[Path, bool],
) -> None:
    staging = into[0]  # and whether it was made from the previous site (prepare_from)
    timer = Timer(outcome, options.progress)
    jobs = jobs_for(options.jobs)
    writing = Writing(staging, options.pdf, options.search)
    with timer.stage(LOAD_STAGE):
        tasks = [Task(chunk, options.drafts, cache, writing) for chunk in chunks(folders, jobs)]
        done = mapped(run_chunk, tasks, jobs)
        data = _site_data(done, options, outcome)
        if data is None:
            return
        for part in done:
            if part.stopped is not None:
                raise Stopped(part.stopped)
        done = _as_the_site_has_it(done, tasks, data, jobs)
    rendered = [part.rendered for part in done if part.rendered is not None]
    allowed = stages.allowed_numbers([part.loaded for part in done], data)
    try:
        loaded = [part.loaded for part in done]
        parts = (loaded, rendered)
        common = _write(data, parts, into, options, outcome, timer, (allowed, cache))
    except OSError as exc:  # writing the staged site here; it is discarded
        raise Stopped(write_failure(exc)) from exc
    if not outcome.has_errors:
        with timer.stage("发布"):
            spare = stages.spare_folder(options)
            publish.swap(staging, options.out, spare)
            if options.live:  # the next save starts from a site too, also after the first
                publish.seed_spare(options.out.absolute(), spare)
        outcome.published = True
        incremental.published(cache, rendered, allowed)
        if common is not None:
            sitestage.published(cache, common, allowed)


def _site_data(done: list[Done], options: Options, outcome: Outcome) -> SiteData | None:
    """The site-wide checks over every chunk's reports; None when the build stops here."""
    loaded = [part.loaded for part in done]
    if not any(part.folders for part in loaded):
        outcome.diagnostics = [stages.no_reports(options)]
        return None
    return stages.site_data(loaded, options, outcome)


def _as_the_site_has_it(
    done: list[Done], tasks: list[Task], data: SiteData, jobs: int
) -> list[Done]:
    """Each chunk rendered its pages with its own reports' 索引号, neighbours and grade
    folders. A report's 索引号 and neighbours are its unit's business: they are the whole
    site's when no other chunk has reports of its units, and its grade folders when the
    site has the same for every grade the chunk has. Otherwise (a unit folder name taken
    twice, a grade missing from a chunk) the chunk renders again with the site's."""
    owners: dict[str, set[int]] = {}
    for number, part in enumerate(done):
        for entry in part.loaded.entries:
            owners.setdefault(entry.unit_slug, set()).add(number)
    again: list[int] = []
    for number, part in enumerate(done):
        if part.plan is None:
            continue
        slugs = part.plan.grade_slugs
        shared = any(len(owners[entry.unit_slug]) > 1 for entry in part.loaded.entries)
        if shared or any(data.grade_slugs.get(g) != slug for g, slug in slugs.items()):
            again.append(number)
    if not again:
        return done
    site = Plan(data.index_numbers, unit_neighbours(data.entries), data.grade_slugs)
    redo = []
    for number in again:
        task = tasks[number]
        assert task.writing is not None
        folders = [entry.folder for entry in done[number].loaded.entries]
        _unstage(task.writing, folders)
        plan = site.only(folders)
        writing = Writing(task.writing.staging, task.writing.pdf, task.writing.search, plan)
        redo.append(Task(task.candidates, task.drafts, task.cache, writing))
    for number, part in zip(again, mapped(run_chunk, redo, jobs), strict=True):
        if part.stopped is not None:
            raise Stopped(part.stopped)
        done[number] = part
    return done


REPORT_FILES = (PAGE, DATA, PRINT_HTML, PDF, XLSX, DOCX)


def _unstage(writing: Writing, folders: list[str]) -> None:
    """The files a chunk staged for FOLDERS, removed before it renders them again: some
    are links into the report cache, which writing through would change."""
    for folder in folders:
        paths = [f"{folder}/{name}" for name in REPORT_FILES]
        for path in [*paths, f"{SOURCE}/{folder}/{PAGE}"]:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(writing.staging / path)


def _write(
    data: SiteData,
    parts: tuple[list[Loaded], list[Rendered]],
    into: tuple[Path, bool],
    options: Options,
    outcome: Outcome,
    timer: Timer,
    reuse: tuple[frozenset[str], ReportCache],
) -> sitestage.SiteFiles | None:
    """The site-wide pages, the PDFs, the search index, the link check and the last
    personal-data gate over the staged site."""
    allowed, cache = reuse
    loaded, rendered = parts
    staging, recycled = into
    outcome.cached = sum(len(part.reused) for part in rendered)
    outcome.diagnostics = sort_diagnostics(
        [*outcome.diagnostics, *(d for part in rendered for d in part.diagnostics)]
    )
    if outcome.has_errors:
        return None
    indexing: Indexing | None = None
    try:
        with timer.stage("生成网站页面与开放数据"):
            digests = {k: v for part in loaded for k, v in part.digests.items()}
            settings = (options.search, options.search_bundle_pages, digests)
            common = sitestage.write(staging, data, rendered, cache, settings, allowed)
            if recycled:  # what the previous site had and this one has not
                names = REPORT_FILES if options.pdf else (PAGE, DATA)
                made = [*common.paths, *([stages.SCORES_XLSX] if options.pdf else [])]
                keep = tidy.expected(data.entries, names, options.search, made)
                tidy.tidy(staging, keep)
            if options.search:  # Pagefind reads the pages while PDFs print, links are checked
                pages = [entry.page for entry in data.entries]
                parallel = min(PARALLEL, jobs_for(options.jobs))
                indexing = Indexing(staging, pages, options.search_bundle_pages, parallel)
        outcome.memory_kb["jixiao"] = stages.peak_kb()
        if options.pdf:
            with timer.stage("Excel 得分表"):
                stages.scores_xlsx(staging, data)
            with timer.stage("打印 PDF"):
                between = indexing.poll if indexing else _nothing
                stages.print_reports(staging, rendered, outcome, between, options)
        with timer.stage("检查链接"):
            summaries = [common.links, *(part.links for part in rendered)]
            written = (common.pages, common.paths)
            outcome.diagnostics += stages.check_links(staging, data, options, summaries, written)
        if not outcome.has_errors:
            with timer.stage("个人信息检查（已生成的文件）"):
                gate = (allowed, cache, common.passed)
                outcome.diagnostics += _last_gate(data, rendered, staging, options, gate)
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
    outcome.diagnostics = sort_diagnostics(outcome.diagnostics)
    return common


def _nothing() -> None:
    pass


def _last_gate(
    data: SiteData,
    rendered: list[Rendered],
    staging: Path,
    options: Options,
    reuse: tuple[frozenset[str], ReportCache, frozenset[Path]],
) -> list[Diagnostic]:
    """Personal data in any file written (only Pagefind's index, made from the pages read
    here, still to come); what passed before under no more allowed numbers is skipped."""
    allowed, cache, passed = reuse
    where = shown(options.out.absolute())  # as the link check names them
    folders = [entry.folder for entry in data.entries]
    known = incremental.passed(cache, rendered, allowed, staging, folders)
    skip = (BUNDLE, *known.folders)
    return published_numbers(staging, allowed, skip, where, known.files | passed)


def check_content(paths: list[Path], jobs: int = 0) -> list[Diagnostic]:
    """`jixiao check`: the build's map and site-wide checks, stopped before writing: every
    code `jixiao build` would refuse to publish with."""
    folders = discover(paths)
    if not folders:  # said as the loader says it (JX006), as `jixiao check` always has
        return check_site(paths).diagnostics
    jobs = jobs_for(jobs)
    done = mapped(run_chunk, [Task(chunk) for chunk in chunks(folders, jobs)], jobs)
    outcome = Outcome()
    _site_data(done, Options(paths), outcome)
    return outcome.diagnostics


def check_site(paths: list[Path]) -> Evaluated:
    """Every report's problems and the site's, in this process, with the score cards
    (`jixiao print` prints them): what check_content finds, and what it found them in."""
    # Imported here: the site package is not needed by `score` and `pdf`.
    from builder.site.entries import entry_for
    from builder.site.original import missing_originals

    evaluated = check(paths)
    content = evaluated.content
    # Drafts are checked like any report but never published: no entry, no 索引号.
    entries = [entry_for(card) for card in evaluated.cards if not card.report.draft]
    found = problems.site_problems(content.site, entries, content.root, evaluated.diagnostics)
    found += missing_originals(evaluated.cards, content.root)  # what the build would copy
    evaluated.diagnostics = sort_diagnostics([*evaluated.diagnostics, *found])
    return evaluated
