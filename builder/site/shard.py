"""One share of the reports, loaded and rendered by one process (shell: writes its files).

A build splits the report folders into shards, one per CPU. Each shard loads and evaluates
its reports (phase 1: small Entries go back to the parent, the ScoreCards stay here), then
renders and writes its report pages, report.json and print documents (phase 2) once the
parent has sent what needs every report: 索引号, previous/next, grade folders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from builder.collector import collector_paused
from builder.content import (
    Candidate,
    Listed,
    expand_candidates,
    folder_order,
    load_listed,
    start_content,
)
from builder.diagnostics import Diagnostic, Pos
from builder.model import Site, Unit
from builder.pipeline import Evaluated, evaluate
from builder.privacy import allowed_numbers
from builder.privacy import guard as guard_personal_data
from builder.render import RenderedReport, render_print_document, render_report
from builder.scoring import ScoreCard
from builder.site import incremental, opendata
from builder.site.aggregate import REPORTS_JSON, SCORES_CSV, Offsets, Parts
from builder.site.entries import Entry, Neighbours, entry_for
from builder.site.files import make_folder, write_at, write_bytes, write_file
from builder.site.links import LinkSummary
from builder.site.original import copy_original
from builder.site.pages import Pages, base_path
from builder.site.reportcache import REVISION, Record
from builder.site.searchtext import SOURCE, indexed_text, search_document

if TYPE_CHECKING:
    from builder.site.reportcache import ReportCache

PAGE = "index.html"
PRINT_HTML = "report.html"
PDF = "report.pdf"
DATA = "report.json"
XLSX = "report.xlsx"
DOCX = "report.docx"


@dataclass
class Loaded:
    diagnostics: list[Diagnostic]
    entries: list[Entry]
    units: dict[str, Unit]
    grades: list[str]  # grade names of the profiles, best first
    site: Site | None
    folders: int = 0  # report folders found (a report that failed to load has no entry)
    # Digits the last personal-data check lets through: declared codes, allow-marked numbers
    allowed: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Plan:
    staging: Path
    index_numbers: dict[str, str]
    neighbours: dict[str, Neighbours]
    grade_slugs: dict[str, str]
    pdf: bool
    at: Offsets | None = None  # where the shard's open-data parts go, when known already
    search: bool = False  # write each report's search document (searchtext) too

    def only(self, folders: list[str], at: Offsets | None) -> Plan:
        """The part of the plan about FOLDERS: what one shard is sent."""
        return replace(
            self,
            index_numbers={f: self.index_numbers[f] for f in folders},
            neighbours={f: self.neighbours[f] for f in folders},
            at=at,
        )


@dataclass(frozen=True)
class PrintSpec:
    folder: str
    origin: Pos
    published: dt.date | None


@dataclass
class Rendered:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    prints: list[PrintSpec] = field(default_factory=list)
    links: LinkSummary = field(default_factory=LinkSummary)  # of the pages written
    sizes: tuple[int, int] = (0, 0)  # bytes written into data/reports.json, data/scores.csv
    # Report folder → (cache slot, nonce) of its files: all stored or reused ones, and
    # those reused (linked from the cache as they were).
    cached: dict[str, tuple[str, str]] = field(default_factory=dict)
    reused: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The open-data parts (record, rows) of the reports rendered afresh, while few (None:
    # too many to send; the last gate then reads the whole open-data files).
    fresh: list[tuple[str, str]] | None = field(default_factory=list)


# A shard that knows where its parts go writes them as it renders, in pieces of this
# many reports (about 4 MB), rather than all at the end, when the build waits for it.
WRITE_EVERY = 500
FRESH_SENT = 200  # fresh reports' open-data parts sent to the build process, at most
ASK_EVERY = 20  # reports between two looks whether the shards before this one are done


class Shard:
    def __init__(
        self, candidates: list[Candidate], drafts: bool = False, cache: ReportCache | None = None
    ) -> None:
        self.candidates = candidates
        self.cache = cache
        self.hits: dict[str, Record] = {}  # content-relative folder → what the cache holds
        self.pending: dict[str, incremental.Pending] | None = (
            None  # None: nothing is stored this build
        )
        self.listed: dict[str, Listed] = {}  # content-relative folder → its listing
        self.reloaded: list[ScoreCard] = []
        self.drafts = drafts  # a preview (serve) shows drafts; a published site never does
        self.cards: list[ScoreCard] = []
        self.entries: list[Entry] = []
        self.site: Site | None = None
        self.root = Path()  # the content folder, known once loaded
        self.evaluated: Evaluated | None = None  # keeps each narrative, read once
        self.ahead: list[RenderedReport] = []  # bodies rendered while the plan was awaited
        # This shard's share of data/reports.json and data/scores.csv: not yet written,
        # where the next of it goes (once known), how much is written.
        self.parts = Parts([], [])
        self.next: Offsets | None = None
        self.sizes = (0, 0)

    def load(self) -> Loaded:
        # Entries and units are made after evaluating: still no collector (see
        # collector.collector_paused), which walked the cards 70 times over 2,000 reports.
        with collector_paused():
            return self._load()

    def _load(self) -> Loaded:
        listed = expand_candidates(self.candidates)
        if not listed:
            return Loaded([], [], {}, [], None)
        content = start_content(Path(listed[0][0]))
        misses, keys = listed, dict[str, str]()
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
        )

    def render_ahead(self) -> bool:
        """Render the next report's body, which needs nothing from the other shards, while
        the parent is still working out what does (False: none left)."""
        if self.evaluated is None or len(self.ahead) >= len(self.cards):
            return False
        self.ahead.append(self._body(self.cards[len(self.ahead)]))
        return True

    def _body(self, card: ScoreCard) -> RenderedReport:
        assert self.evaluated is not None, "rendering before a successful load()"
        prepared = self.evaluated.prepared_for(card)
        # reload=False: a theme's table macros are looked up once per build process.
        return render_report(card, self.site, prepared=prepared, reload=False)

    def render(self, plan: Plan, placed: Callable[[], Offsets | None] | None = None) -> Rendered:
        """Render and write this shard's reports. PLACED, asked now and then, tells where
        the open-data parts go once the shards before this one are done (None: not yet)."""
        assert self.site is not None, "render() before a successful load()"
        pages = Pages(self.site, plan.grade_slugs)
        out = Rendered()
        base = base_path(self.site)
        self.next = plan.at
        bodies = {id(card): body for card, body in zip(self.cards, self.ahead, strict=False)}
        for number, (entry, card, hit) in enumerate(self._items(plan)):
            if card is None:
                assert hit is not None
                self._reuse(hit, entry, plan, out)
            else:
                body = bodies.get(id(card)) or self._body(card)
                self._render_one(card, entry, body, plan, pages, out, base)
            if self.next is None and placed is not None and number % ASK_EVERY == 0:
                self.next = placed()
            if self.next is not None and len(self.parts.records) >= WRITE_EVERY:
                self._write_parts(plan.staging)
        self.ahead = []
        if self.next is not None:
            self._write_parts(plan.staging)
        return out

    def _items(self, plan: Plan) -> list[tuple[Entry, ScoreCard | None, Record | None]]:
        """Every report to write, in folder order: a fresh one with its card, a hit whose
        files are linked into the staged folder already with its record, and a hit whose
        context changed (or whose files are gone) loaded again, with its card."""
        items: list[tuple[Entry, ScoreCard | None, Record | None]] = [
            (entry, card, None) for card, entry in zip(self.cards, self.entries, strict=True)
        ]
        stale = []
        for folder, hit in self.hits.items():
            if self.cache is not None and hit.context == incremental.context_of(plan, folder):
                make_folder(plan.staging / folder)
                if plan.search:
                    make_folder(plan.staging / SOURCE / folder)
                if self.cache.link_into(hit, plan.staging):
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
                    hit.key, hit.folder, hit.unit, hit.diagnostics, hit.allowed
                )
            items.append((hit.entry, card, None))
        return items

    def _reuse(self, hit: Record, entry: Entry, plan: Plan, out: Rendered) -> None:
        """A cached report, its files linked already: its parts of the site-wide files."""
        assert self.cache is not None
        out.diagnostics.extend(hit.render_diagnostics)
        out.links.update(hit.links)
        self.parts.records.append(hit.record)
        self.parts.rows.append(hit.rows)
        if plan.pdf:
            out.prints.append(PrintSpec(entry.folder, entry.origin, entry.published))
        out.cached[entry.folder] = out.reused[entry.folder] = (
            self.cache.slot_name(hit.folder),
            hit.nonce,
        )

    def _store(
        self,
        entry: Entry,
        body: RenderedReport,
        plan: Plan,
        parts: tuple[str, str],
        links: LinkSummary,
        out: Rendered,
    ) -> None:
        """A freshly rendered report's outputs into the cache (when they can be told apart)."""
        pending = self.pending.get(entry.folder) if self.pending is not None else None
        if pending is None or self.cache is None:
            return
        record = Record(
            REVISION, pending.key, pending.folder, entry, pending.unit, pending.diagnostics,
            pending.allowed, incremental.context_of(plan, entry.folder),
            tuple(body.diagnostics), parts[0], parts[1], links,
            incremental.outputs(
                entry, (PAGE, DATA, PRINT_HTML, XLSX, DOCX) if plan.pdf else (PAGE, DATA),
                plan.search,
            ),
        )  # fmt: skip
        if self.cache.store(record, plan.staging):
            out.cached[entry.folder] = (self.cache.slot_name(pending.folder), record.nonce)

    def place(self, staging: Path, at: Offsets) -> None:
        """This shard's parts of the open-data files start at AT: write them."""
        self.next = at
        self._write_parts(staging)

    def _write_parts(self, staging: Path) -> None:
        assert self.next is not None
        records, rows = self.parts.encoded(self.next)
        write_at(staging / REPORTS_JSON, records, self.next.reports)
        write_at(staging / SCORES_CSV, rows, self.next.scores)
        self.next = self.next.after((len(records), len(rows)))
        self.sizes = (self.sizes[0] + len(records), self.sizes[1] + len(rows))
        self.parts = Parts([], [])

    def _render_one(
        self,
        card: ScoreCard,
        entry: Entry,
        body: RenderedReport,
        plan: Plan,
        pages: Pages,
        out: Rendered,
        base: str,
    ) -> None:
        folder = plan.staging / entry.folder
        make_folder(folder)
        index_no = plan.index_numbers[entry.folder]
        out.diagnostics.extend(body.diagnostics)
        page = pages.report_page(
            entry, card, body, index_no, plan.neighbours[entry.folder], plan.pdf
        )
        write_file(folder / PAGE, page.html)
        links = LinkSummary()  # this report's own, kept with it in the cache
        links.add_parts(entry.page, page.link_parts, base)  # while the page is in memory
        record = opendata.record_json(card, entry, index_no, plan.pdf)
        write_file(folder / DATA, record + "\n")
        rows = opendata.score_rows(card, entry, index_no)
        if plan.search:
            _write_search_document(plan.staging, entry, body.body_html, index_no)
        original = card.report.disclosure.original
        if original:
            out.diagnostics.extend(
                copy_original(
                    self.root / entry.folder, folder, original, card.report.at("disclosure")
                )
            )
        self.parts.records.append(record)
        self.parts.rows.append(rows)
        if plan.pdf:
            document, _ = render_print_document(card, self.site, rendered=body)
            write_file(folder / PRINT_HTML, document)
            links.add(f"{entry.folder}/{PRINT_HTML}", document, base)
            out.prints.append(PrintSpec(entry.folder, entry.origin, entry.published))
            self._write_office(folder, card, body)
        out.links.update(links)
        if out.fresh is not None and len(out.fresh) < FRESH_SENT:
            out.fresh.append((record, rows))
        else:
            out.fresh = None
        if not original:  # its copy depends on a file the cache's key does not read
            self._store(entry, body, plan, (record, rows), links, out)

    def _write_office(self, folder: Path, card: ScoreCard, body: RenderedReport) -> None:
        """report.xlsx and report.docx beside the PDF: made with the print products only,
        as they cost about as much as the rest of a report's page (measured; see README)."""
        # Imported here: openpyxl and python-docx are not needed by a --no-pdf build.
        from builder.office.docx import report_docx
        from builder.office.xlsxtables import report_xlsx

        publisher = self.site.publisher if self.site else ""
        write_bytes(folder / XLSX, report_xlsx(card))
        write_bytes(folder / DOCX, report_docx(card, body.body_html, publisher))


def _write_search_document(staging: Path, entry: Entry, body_html: str, index_no: str) -> None:
    """What Pagefind reads of the report: its text, filters and the fields a result shows."""
    path = staging / SOURCE / entry.page
    make_folder(path.parent)
    year = str(entry.year)
    document = search_document(
        entry.title,
        indexed_text(entry.title, body_html),
        [
            ("年度", year),
            ("单位", entry.unit_name),
            ("类型", entry.kind_name),
            ("等级", entry.grade),
        ],
        [
            ("单位", entry.unit_name),
            ("年度", year),
            ("类型", entry.kind_name),
            ("等级", entry.grade),
            ("发布日期", entry.date_text),
            ("索引号", index_no),
        ],
    )
    write_file(path, document)
