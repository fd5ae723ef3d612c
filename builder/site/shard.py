"""One share of the reports, loaded and rendered by one process (shell: writes its files).

A build splits the report folders into shards, one per CPU. Each shard loads and evaluates
its reports (phase 1: small Entries go back to the parent, the ScoreCards stay here), then
renders and writes its report pages, report.json and print documents (phase 2) once the
parent has sent what needs every report: 索引号, previous/next, grade folders.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from builder.collector import collector_paused
from builder.content import Candidate, load_candidates
from builder.diagnostics import Diagnostic, Pos, diag
from builder.model import Site, Unit
from builder.pipeline import Evaluated, evaluate
from builder.privacy import allowed_numbers
from builder.render import RenderedReport, render_print_document, render_report
from builder.scoring import ScoreCard
from builder.site import opendata
from builder.site.aggregate import REPORTS_JSON, SCORES_CSV, Offsets, Parts
from builder.site.codes import WRITE_FAILED
from builder.site.entries import Entry, Neighbours, entry_for
from builder.site.links import LinkSummary
from builder.site.original import copy_original
from builder.site.pages import Pages, base_path
from builder.site.searchtext import SOURCE, indexed_text, search_document

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


def write_file(path: Path, text: str) -> None:
    # os-level calls: Python's open() adds an fstat, an ioctl and two objects per file, a
    # third of the cost of writing a report page's two files (measured).
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        _fill(fd, data, 0, path)
    finally:
        os.close(fd)


def write_at(path: Path, data: bytes, offset: int) -> None:
    """DATA into the existing file PATH at OFFSET (other processes write other ranges)."""
    if not data:
        return
    fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
    try:
        _fill(fd, data, offset, path)
    finally:
        os.close(fd)


def _fill(fd: int, data: bytes, offset: int, path: Path) -> None:
    """All of DATA into FD from OFFSET; an error names PATH (os.pwrite does not)."""
    view = memoryview(data)
    try:
        while view:
            written = os.pwrite(fd, view, offset)
            view, offset = view[written:], offset + written
    except OSError as exc:
        if exc.filename is None:
            exc.filename = str(path)
        raise


_WHY = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "文件系统是只读的",
    errno.EFBIG: "文件超过了系统允许的大小",
}


def write_failure(exc: OSError) -> Diagnostic:
    """Why a file of the site could not be written (a full disk, a folder not writable)."""
    why = _WHY.get(exc.errno or 0) or exc.strerror or str(exc)
    return diag(
        WRITE_FAILED,
        f"无法写入网站文件：{why}",
        Pos(str(exc.filename) if exc.filename else "site"),
        "检查磁盘空间和输出目录的写入权限；已发布的网站保持不变。",
    )


def make_folder(folder: Path) -> None:
    """FOLDER and any missing parents: a report's folder is new, its unit and year folders
    mostly exist, so try the one mkdir first (os.makedirs stats the parent every time)."""
    try:
        os.mkdir(folder)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    except FileExistsError:
        if not folder.is_dir():
            raise


# A shard that knows where its parts go writes them as it renders, in pieces of this
# many reports (about 4 MB), rather than all at the end, when the build waits for it.
WRITE_EVERY = 500
ASK_EVERY = 20  # reports between two looks whether the shards before this one are done


class Shard:
    def __init__(self, candidates: list[Candidate], drafts: bool = False) -> None:
        self.candidates = candidates
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
        content = load_candidates(self.candidates)
        if content is None:
            return Loaded([], [], {}, [], None)
        evaluated = self.evaluated = evaluate(content)
        self.site = content.site
        self.root = content.root
        # A draft is checked and scored like any report (its problems are in
        # evaluated.diagnostics) but gets no page, no listing, no 索引号 and no open data.
        self.cards = [c for c in evaluated.cards if self.drafts or not c.report.draft]
        self.entries = [entry_for(card) for card in self.cards]
        units = {card.report.unit.slug: card.report.unit for card in self.cards}
        grades: list[str] = []
        for profile in content.profiles.values():
            ordered = sorted(profile.grades, key=lambda g: g.minimum, reverse=True)
            grades += [g.name for g in ordered if g.name not in grades]
        return Loaded(
            evaluated.diagnostics,
            self.entries,
            units,
            grades,
            content.site,
            content.folders,
            allowed_numbers(content),
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
        for number, (card, entry) in enumerate(zip(self.cards, self.entries, strict=True)):
            body = self.ahead[number] if number < len(self.ahead) else self._body(card)
            self._render_one(card, entry, body, plan, pages, out, base)
            if self.next is None and placed is not None and number % ASK_EVERY == 0:
                self.next = placed()
            if self.next is not None and len(self.parts.records) >= WRITE_EVERY:
                self._write_parts(plan.staging)
        self.ahead = []
        if self.next is not None:
            self._write_parts(plan.staging)
        return out

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
        out.links.add_parts(entry.page, page.link_parts, base)  # while the page is in memory
        record = opendata.record_json(card, entry, index_no, plan.pdf)
        write_file(folder / DATA, record + "\n")
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
        self.parts.rows.append(opendata.score_rows(card, entry, index_no))
        if plan.pdf:
            document, _ = render_print_document(card, self.site, rendered=body)
            write_file(folder / PRINT_HTML, document)
            out.links.add(f"{entry.folder}/{PRINT_HTML}", document, base)
            out.prints.append(PrintSpec(entry.folder, entry.origin, entry.published))
            self._write_office(folder, card, body)

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
