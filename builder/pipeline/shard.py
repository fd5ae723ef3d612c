"""One chunk of the reports, loaded, checked and rendered by one process (shell: writes
its files into the staging folder).

The build maps run_chunk over chunks of report folders (site/workers.py). A chunk loads
and evaluates its reports and, when asked to write, renders and writes its report pages,
report.json, print and office documents, knowing only its own reports: a report's 索引号
and previous/next are its unit's business, and chunks hold whole units (the build checks
each chunk's Plan against the whole site's, and renders a chunk again with the site's
Plan in the rare case they differ). Small results go back (Done).
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import TemplateError

from builder.diagnostics import Diagnostic
from builder.loading.collector import collector_paused
from builder.loading.content import (
    Candidate,
    Listed,
    expand_candidates,
    folder_order,
    load_listed,
    start_content,
)
from builder.model import Site
from builder.pipeline import incremental, openparts
from builder.pipeline.chunkdata import (
    Done,
    Loaded,
    Plan,
    PrintSpec,
    Rendered,
    Task,
    Writing,
)
from builder.pipeline.evaluation import Evaluated, evaluate
from builder.pipeline.reportcache import REVISION, Record, entry_digest, part_digest
from builder.privacy import allowed_numbers
from builder.privacy import guard as guard_personal_data
from builder.privacy.scan import read_digits
from builder.publish.links import LinkSummary
from builder.render import RenderedReport, render_print_document, render_report
from builder.render.theme import template_failure
from builder.scoring.engine import ScoreCard
from builder.search.text import SOURCE
from builder.site import opendata
from builder.site.entries import (
    Entry,
    entry_for,
)
from builder.site.files import make_folder, write_failure, write_file
from builder.site.original import copy_original, missing_originals
from builder.site.pages import Pages, base_path
from builder.site.reportfiles import DOCX, XLSX, write_office, write_search_document

if TYPE_CHECKING:
    from builder.pipeline.reportcache import ReportCache

PAGE = "index.html"
PRINT_HTML = "report.html"
PDF = "report.pdf"
DATA = "report.json"


def run_chunk(task: Task) -> Done:
    """Load and check one chunk of reports; when TASK says where, and none of them has an
    error (the build stops then anyway), render and write them."""
    shard = Shard(task.candidates, task.drafts, task.cache)
    loaded = shard.load()
    writing = task.writing
    if writing is None:  # `jixiao check`: the originals the build would copy, looked up
        loaded.diagnostics += shard.originals()
        return Done(loaded)
    if shard.site is None or any(d.is_error for d in loaded.diagnostics):
        return Done(loaded)
    plan = writing.plan or Plan.of(loaded.entries, loaded.grades)
    try:
        with collector_paused():
            rendered = shard.render(writing, plan)
            if writing.pdf:
                # openpyxl's workbooks and python-docx's documents are reference cycles,
                # which a worker (no cyclic collector: workers.py) would otherwise keep.
                gc.collect()
            return Done(loaded, rendered, plan)
    except OSError as exc:  # a full disk, a folder it may not write: said, not a traceback
        return Done(loaded, stopped=write_failure(exc))
    except TemplateError as exc:  # a theme problem, reported like content problems
        return Done(loaded, stopped=template_failure(exc))


class Shard:
    def __init__(
        self, candidates: list[Candidate], drafts: bool = False, cache: ReportCache | None = None
    ) -> None:
        self.candidates = candidates
        self.cache = cache
        self.hits: dict[str, Record] = {}  # content-relative folder → what the cache holds
        self.pending: dict[str, incremental.Pending] | None = None  # None: none stored
        self.listed: dict[str, Listed] = {}  # content-relative folder → its listing
        self.reloaded: list[ScoreCard] = []
        self.drafts = drafts  # a preview (serve) shows drafts; a published site never does
        self.cards: list[ScoreCard] = []
        self.entries: list[Entry] = []
        self.site: Site | None = None
        self.root = Path()  # the content folder, known once loaded
        self.evaluated: Evaluated | None = None  # keeps each narrative, read once
        self.loaded: Loaded | None = None
        self.contexts: dict[str, str] = {}  # folder → its context's digest (with a cache)

    def load(self) -> Loaded:
        # Entries and units are made after evaluating: still no collector (see
        # collector.collector_paused), which walked the cards 70 times over 2,000 reports.
        with collector_paused():
            self.loaded = self._load()
            return self.loaded

    def _load(self) -> Loaded:
        listed = expand_candidates(self.candidates)
        if not listed:
            return Loaded([], [], {}, [], None)
        content = start_content(Path(listed[0][0]))
        misses, keys = listed, dict[str, incremental.Key]()
        if self.cache is not None:
            self.cache.start(content.root, incremental.site_files(content))
            shared = {*content.diagnostics, *guard_personal_data(content)}
            self.hits, misses, keys = incremental.split(self.cache, listed, content.root)
            self.listed = {incremental.relative(item[0], content.root): item for item in listed}
        evaluated = self.evaluated = evaluate(load_listed(content, misses))
        if self.cache is not None:
            self.pending = incremental.pending(content, evaluated, keys, shared)
        self.site = content.site
        self.root = content.root
        # A draft is checked and scored like any report (its problems are in
        # evaluated.diagnostics) but gets no page, no listing, no 索引号 and no open data.
        self.cards = [c for c in evaluated.cards if self.drafts or not c.report.draft]
        self.entries = [entry_for(card) for card in self.cards]
        units = {card.report.unit.slug: card.report.unit for card in self.cards}
        hits = list(self.hits.values())
        units.update((hit.unit.slug, hit.unit) for hit in hits)
        entries = sorted(
            [*self.entries, *(hit.entry for hit in hits)], key=lambda e: folder_order(e.folder)
        )
        grades: list[str] = []
        for profile in content.profiles.values():
            ordered = sorted(profile.grades, key=lambda g: g.minimum, reverse=True)
            grades += [g.name for g in ordered if g.name not in grades]
        return Loaded(
            [*evaluated.diagnostics, *(d for hit in hits for d in hit.diagnostics)],
            entries,
            units,
            grades,
            content.site,
            content.folders + len(hits),
            allowed_numbers(content).union(*(hit.allowed for hit in hits)),
            self._digests(hits),
        )

    def _digests(self, hits: list[Record]) -> dict[str, str]:
        """Every entry's digest, for the site-wide files' (when there is a cache for them)."""
        if self.cache is None:
            return {}
        found = {hit.entry.folder: hit.entry_digest for hit in hits}
        found.update((entry.folder, entry_digest(entry)) for entry in self.entries)
        return found

    def originals(self) -> list[Diagnostic]:
        """The originals (原件) the published reports name that cannot be copied."""
        return missing_originals(self.cards, self.root)

    def _body(self, card: ScoreCard) -> RenderedReport:
        assert self.evaluated is not None, "rendering before a successful load()"
        prepared = self.evaluated.prepared_for(card)
        # reload=False: a theme's table macros are looked up once per build process.
        return render_report(card, self.site, prepared=prepared, reload=False)

    def render(self, writing: Writing, plan: Plan) -> Rendered:
        """Render and write this chunk's reports into the staging folder."""
        assert self.site is not None and self.loaded is not None, "render() before load()"
        if self.cache is not None:
            every, digests = self.loaded.entries, self.loaded.digests
            whole = writing.plan is None  # the chunk's own plan: it holds whole units
            self.contexts = incremental.contexts(plan, every, digests, whole)
        pages: Pages | None = None  # made for the first report rendered (a rebuild: few)
        out = Rendered()
        base = base_path(self.site)
        fresh: list[tuple[str, str, str]] = []  # (folder, record, rows) of those rendered
        for entry, card, hit in self._items(writing, plan):
            if card is None:
                assert hit is not None
                self._reuse(hit, entry, writing, out)
            else:
                if pages is None:
                    pages = Pages(self.site, plan.grade_slugs)
                self._render_one(card, entry, self._body(card), (writing, plan), pages, out, base)
                fresh.append((entry.folder, out.records[-1], out.rows[-1]))
        if fresh:
            index_numbers = {read_digits(number) for number in plan.index_numbers.values()}
            out.checked_under = self.loaded.allowed | index_numbers
            share = incremental.gate_share(writing.staging, fresh, out.checked_under)
            out.checked, out.parts_passed = share
        kept = self.cache.folder if self.cache is not None else None
        parts = (out.records, out.rows, out.part_digests)
        out.open_data = openparts.write_part(writing.staging, kept, *parts)
        out.records, out.rows, out.part_digests = [], [], []  # not sent back: see openparts
        return out

    def _items(
        self, writing: Writing, plan: Plan
    ) -> list[tuple[Entry, ScoreCard | None, Record | None]]:
        """Every report to write, in folder order: a fresh one with its card, a hit whose
        files are linked into the staged folder already with its record, and a hit whose
        context changed (or whose files are gone) loaded again, with its card."""
        items: list[tuple[Entry, ScoreCard | None, Record | None]] = [
            (entry, card, None) for card, entry in zip(self.cards, self.entries, strict=True)
        ]
        stale = []
        staging = writing.staging
        for folder, hit in self.hits.items():
            if self.cache is not None and hit.context == self.contexts.get(folder):
                make_folder(staging / folder)
                if writing.search:
                    make_folder(staging / SOURCE / folder)
                if self.cache.link_into(hit, staging):
                    items.append((hit.entry, None, hit))
                    continue
            stale.append(folder)
        if stale:
            items += self._reload(stale)
        return sorted(items, key=lambda item: folder_order(item[0].folder))

    def _reload(self, folders: list[str]) -> list[tuple[Entry, ScoreCard | None, Record | None]]:
        """Cached reports to render again: loaded now (their diagnostics, reported from the
        cache already, are the same)."""
        assert self.evaluated is not None
        content = start_content(Path(self.listed[folders[0]][0]))
        evaluated = evaluate(load_listed(content, [self.listed[f] for f in folders]))
        self.evaluated.prepared.update(evaluated.prepared)
        self.reloaded = evaluated.cards  # alive while rendered: `prepared` is keyed by id()
        items: list[tuple[Entry, ScoreCard | None, Record | None]] = []
        for card in evaluated.cards:
            hit = self.hits[card.report.folder]
            if self.pending is not None:
                self.pending[card.report.folder] = incremental.Pending(
                    incremental.Key(hit.key, hit.signature),
                    hit.folder,
                    hit.unit,
                    hit.diagnostics,
                    hit.allowed,
                )
            items.append((hit.entry, card, None))
        return items

    def _reuse(self, hit: Record, entry: Entry, writing: Writing, out: Rendered) -> None:
        """A cached report, its files linked already: its parts of the site-wide files."""
        assert self.cache is not None
        out.diagnostics.extend(hit.render_diagnostics)
        out.links.update(hit.links)
        out.records.append(hit.record)
        out.rows.append(hit.rows)
        out.part_digests.append(hit.part_digest)
        if writing.pdf:
            out.prints.append(PrintSpec(entry.folder, entry.origin, entry.published))
        out.cached[entry.folder] = out.reused[entry.folder] = (
            self.cache.slot_name(hit.folder),
            hit.nonce,
        )

    def _store(
        self,
        entry: Entry,
        body: RenderedReport,
        how: tuple[Writing, Plan],
        parts: tuple[str, str],
        links: LinkSummary,
        out: Rendered,
    ) -> None:
        """A freshly rendered report's outputs into the cache (when they can be told apart)."""
        pending = self.pending.get(entry.folder) if self.pending is not None else None
        if pending is None or self.cache is None:
            return
        writing = how[0]
        record = Record(
            REVISION, pending.key.digest, pending.folder, entry, pending.unit, pending.diagnostics,
            pending.allowed, self.contexts[entry.folder],
            tuple(body.diagnostics), parts[0], parts[1], links,
            incremental.outputs(
                entry, (PAGE, DATA, PRINT_HTML, XLSX, DOCX) if writing.pdf else (PAGE, DATA),
                writing.search,
            ),
            entry_digest=entry_digest(entry),
            signature=pending.key.signature,
            part_digest=out.part_digests[-1],
        )  # fmt: skip
        if self.cache.store(record, writing.staging):
            out.cached[entry.folder] = (self.cache.slot_name(pending.folder), record.nonce)

    def _render_one(
        self,
        card: ScoreCard,
        entry: Entry,
        body: RenderedReport,
        how: tuple[Writing, Plan],
        pages: Pages,
        out: Rendered,
        base: str,
    ) -> None:
        writing, plan = how
        folder = writing.staging / entry.folder
        make_folder(folder)
        index_no = plan.index_numbers[entry.folder]
        out.diagnostics.extend(body.diagnostics)
        page = pages.report_page(
            entry, card, body, index_no, plan.neighbours[entry.folder], writing.pdf
        )
        write_file(folder / PAGE, page.html)
        links = LinkSummary()  # this report's own, kept with it in the cache
        links.add_parts(entry.page, page.link_parts, base)  # while the page is in memory
        record = opendata.record_json(card, entry, index_no, writing.pdf)
        write_file(folder / DATA, record + "\n")
        rows = opendata.score_rows(card, entry, index_no)
        if writing.search:
            write_search_document(writing.staging, entry, body.body_html, index_no)
        original = card.report.disclosure.original
        if original:
            out.diagnostics.extend(
                copy_original(
                    self.root / entry.folder, folder, original, card.report.at("disclosure")
                )
            )
        out.records.append(record)
        out.rows.append(rows)
        out.part_digests.append(part_digest(record, rows))
        if writing.pdf:
            document, _ = render_print_document(card, self.site, rendered=body)
            write_file(folder / PRINT_HTML, document)
            links.add(f"{entry.folder}/{PRINT_HTML}", document, base)
            out.prints.append(PrintSpec(entry.folder, entry.origin, entry.published))
            write_office(folder, card, body, self.site.publisher if self.site else "")
        out.links.update(links)
        if not original:  # its copy depends on a file the cache's key does not read
            self._store(entry, body, how, (record, rows), links, out)
