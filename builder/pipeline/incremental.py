"""What the report cache answers for in one shard, and what a fresh report leaves in it.

A shard asks the cache about each of its report folders before loading any: a hit gives
the report's listing entry, unit, diagnostics and allowed numbers without reading it, so
only the misses are loaded, scored and checked. A hit whose page context (索引号,
neighbours, grade folders) changed, or whose files are gone, is loaded and rendered
after all (Shard.render). The diagnostics of a fresh report are kept with it only when
each can be told apart: its own files', its unit.yaml's, or the site's (which every build
makes anew); one that belongs to none makes the whole share uncacheable for this build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from builder.diagnostics import Diagnostic
from builder.loading.content import SITE_FILE, UNIT_FILE, Content, Listed
from builder.loading.filenames import below, parent, shown
from builder.model import Report, Unit
from builder.pipeline import openparts
from builder.pipeline.cachedir import project_cache_dir
from builder.pipeline.evaluation import Evaluated
from builder.pipeline.reportcache import Context, Record, ReportCache, State, installation_digest
from builder.privacy import allowed_numbers
from builder.privacy.published import folders_pass, texts_pass
from builder.render.theme import theme_dir
from builder.search.text import SOURCE
from builder.site.aggregate import REPORTS_JSON, SCORES_CSV
from builder.site.entries import Entry

if TYPE_CHECKING:  # shard.py uses this module (and chunkdata, through it)
    from builder.pipeline.chunkdata import Plan, Rendered


class Key(NamedTuple):
    """A report's cache key, and what stands for it while its files stay the same."""

    digest: str
    signature: str


@dataclass
class Pending:
    """What a freshly loaded report's record holds besides its outputs."""

    key: Key
    folder: str  # absolute, as listed
    unit: Unit
    diagnostics: tuple[Diagnostic, ...]
    allowed: frozenset[str]


def relative(folder: str, root: Path) -> str:
    """A listed folder as the loader names the report's folder (content-relative)."""
    return below(folder, str(root)) or folder.rpartition("/")[2]


def split(
    cache: ReportCache, listed: list[Listed], root: Path
) -> tuple[dict[str, Record], list[Listed], dict[str, Key]]:
    """The hits (by content-relative folder), the folders to load, every folder's key."""
    hits: dict[str, Record] = {}
    misses: list[Listed] = []
    keys: dict[str, Key] = {}
    for item in listed:
        folder, files = item
        signature = cache.signature(folder, files)  # first: see ReportCache.signature
        record = cache.stored(folder)
        if record is not None and signature and record.signature == signature:
            key = record.key  # its files are the ones its key was read from
        else:
            key = cache.key(folder, files)
            record = record if record is not None and record.key == key else None
        keys[folder] = Key(key, signature)
        if record is None:
            misses.append(item)
        else:
            hits[relative(folder, root)] = record
    return hits, misses, keys


def context_of(plan: Plan, entry: Entry) -> Context:
    """What ENTRY's page takes from PLAN: its 索引号, its neighbours, and the grade folders
    of the grades it shows (its own, its project's other years': all of its unit)."""
    neighbours = plan.neighbours[entry.folder]
    grades = sorted({entry.grade, *(year.grade for year in neighbours.years)})
    slugs = tuple((grade, plan.grade_slugs.get(grade)) for grade in grades)
    return Context(plan.index_numbers[entry.folder], neighbours, slugs)


def contexts(
    plan: Plan, entries: list[Entry], digests: dict[str, str], whole: bool
) -> dict[str, str]:
    """A digest of each entry's context (by folder), as a record keeps it. When the
    entries are WHOLE units (the chunk's own plan), a report's 索引号 and neighbours are a
    function of its unit's entries, so the digest of those (each entry's digest, kept in
    the cache) stands for them: no context is made or compared. Otherwise (a plan from
    the whole site) the digest of the context itself, in another namespace."""
    if not whole:
        return {e.folder: "exact:" + _digest(repr(context_of(plan, e))) for e in entries}
    units: dict[str, list[Entry]] = {}
    for entry in entries:
        units.setdefault(entry.unit_slug, []).append(entry)
    found: dict[str, str] = {}
    for group in units.values():
        grades = sorted({entry.grade for entry in group})
        slugs = [(grade, plan.grade_slugs.get(grade)) for grade in grades]
        parts = sorted(f"{entry.folder}\0{digests[entry.folder]}" for entry in group)
        unit = _digest(repr((slugs, parts)))
        for entry in group:
            found[entry.folder] = f"unit:{unit}:{plan.index_numbers[entry.folder]}"
    return found


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _unit_file(folder: str) -> str:
    return shown(Path(parent(parent(folder))) / UNIT_FILE)


def pending(
    content: Content,
    evaluated: Evaluated,
    keys: dict[str, Key],
    shared: set[Diagnostic],
) -> dict[str, Pending] | None:
    """The record material of every fresh report (by content-relative folder); None when
    a diagnostic belongs to no report and is not one of the SHARED (site-wide) ones."""
    folders = {relative(folder, content.root): folder for folder in keys}
    owners: dict[str, list[Report]] = {}
    for report in content.reports:
        folder = folders.get(report.folder)
        if folder is None:
            return None
        files = [report.file, _unit_file(folder)]
        if report.narrative is not None:
            files.append(report.narrative.file)
        for file in files:
            owners.setdefault(file, []).append(report)
    owned: dict[int, list[Diagnostic]] = {}
    for found in evaluated.diagnostics:
        if found in shared:
            continue
        reports = owners.get(found.pos.file)
        if reports is None:
            return None
        for report in reports:
            owned.setdefault(id(report), []).append(found)
    made: dict[str, Pending] = {}
    for card in evaluated.cards:
        report = card.report
        folder = folders[report.folder]
        made[report.folder] = Pending(
            keys[folder],
            folder,
            report.unit,
            tuple(owned.get(id(report), ())),
            _allowed(content, report, folder),
        )
    return made


def _allowed(content: Content, report: Report, folder: str) -> frozenset[str]:
    """The numbers this report (with its unit.yaml) adds to what the last gate lets pass."""
    sources = {
        file: content.sources[file]
        for file in (report.file, _unit_file(folder))
        if file in content.sources
    }
    alone = Content(content.root, None, reports=[report], sources=sources)
    return allowed_numbers(alone)


def outputs(entry: Entry, names: tuple[str, ...], search: bool) -> tuple[tuple[str, str], ...]:
    """A report's own files in the staged site, (name in the cache, path in the site): the
    NAMES in its folder, and its search document when SEARCH."""
    files = tuple((name, f"{entry.folder}/{name}") for name in names)
    return (*files, ("search.html", f"{SOURCE}/{entry.page}")) if search else files


def site_files(content: Content) -> list[Path]:
    """site.yaml and the profile files it names: what every report of the site depends on."""
    extra = content.site.profiles if content.site else ()
    return [content.root / SITE_FILE, *(content.root / name for name in extra)]


def open_cache(
    paths: list[Path],
    cache_dir: Path | None,
    variant: tuple[bool, bool, bool],
    live: bool = False,
) -> ReportCache:
    """The report cache of a build of PATHS with these options: VARIANT is (pdf, drafts,
    search); LIVE: for a long-lived process, which keeps what it read between builds."""
    pdf, drafts, search = variant
    options = [f"pdf={pdf}", f"drafts={drafts}", f"search={search}"]
    options += [str(path.resolve()) for path in paths]
    folder = (
        project_cache_dir(paths[0], cache_dir) / "reports" / "".join(map(str, map(int, variant)))
    )
    return ReportCache(folder, installation_digest(theme_dir(), options), live)


@dataclass(frozen=True)
class Passed:
    """What the last personal-data gate need not read again."""

    folders: tuple[str, ...] = ()  # staged report folders, all of whose files passed before
    files: frozenset[Path] = frozenset()  # open-data files, all of whose parts passed


def gate_share(
    staging: Path, fresh: list[tuple[str, str, str]], allowed: frozenset[str]
) -> tuple[list[str], int]:
    """A chunk's share of the last personal-data gate, while its files are fresh in the
    page cache and the build has all its cores: of the FRESH reports (folder, record,
    rows) it rendered, the folders all of whose staged files (and search document) pass
    under ALLOWED, and how many of their open-data parts pass. What fails here is read
    again by the build under the site's allowed numbers, which names the hits."""
    named = [folder for folder, _, _ in fresh]
    searched = set(folders_pass(staging, [f"{SOURCE}/{folder}" for folder in named], allowed))
    passing = set(folders_pass(staging, named, allowed))
    folders = [f for f in named if f in passing and f"{SOURCE}/{f}" in searched]
    # A report's record is its report.json, read already with its folder.
    parts = sum(
        texts_pass([rows] if folder in passing else [record, rows], allowed)
        for folder, record, rows in fresh
    )
    return folders, parts


def passed(
    cache: ReportCache,
    rendered: list[Rendered],
    allowed: frozenset[str],
    staging: Path,
    folders: list[str],
) -> Passed:
    """The report folders (of FOLDERS, every report's) whose files passed the gate
    already: in the chunk that rendered them (under a subset of ALLOWED), or reused from
    the cache as the last published build had them, when that build allowed no number
    more; and the open-data files when every report's part of them passed so.

    data/reports.json joins the reports' records with ",\n" and data/scores.csv their
    rows, each row ending with the page address (…index.html) and starting with the
    索引号: a number is read across white space, dashes, dots and cell borders only, never
    across "},{" or a letter, so no number spans two reports' parts, and the files pass
    exactly when every part does."""
    state = cache.state()
    reused: set[str] = set()
    if state.allowed <= allowed:
        reused = {
            folder
            for part in rendered
            for folder, (slot, nonce) in part.reused.items()
            if state.slots.get(slot) == nonce
        }
    trusted = [part for part in rendered if part.checked_under <= allowed]
    clean = reused.union(*(part.checked for part in trusted))
    # A folder with another report's folder below it is read: that one may be new.
    above = {f[:at] for f in folders for at, char in enumerate(f) if char == "/"}
    kept = sorted(folder for folder in clean if folder not in above)
    skipped = (*kept, *(f"{SOURCE}/{folder}" for folder in kept))  # and its search document
    parts = len(reused) + sum(part.parts_passed for part in trusted)
    files: frozenset[Path] = frozenset()
    if parts == len(folders):
        files = frozenset((staging / REPORTS_JSON, staging / SCORES_CSV))
    return Passed(skipped, files)


def published(cache: ReportCache, rendered: list[Rendered], allowed: frozenset[str]) -> None:
    """The build published: remember its slots (and drop the slots it no longer has)."""
    slots = dict(cached for part in rendered for cached in part.cached.values())
    cache.published(State(allowed, slots))
    openparts.prune(cache.folder, {part.open_data[2] for part in rendered})
