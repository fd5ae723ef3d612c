"""What a chunk of reports is given and gives back (site/shard.py, builder/pipeline/run.py):
small, picklable values that cross between the build process and its workers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from builder.diagnostics import Diagnostic, Pos
from builder.loading.content import Candidate
from builder.model import Site, Unit
from builder.publish.links import LinkSummary
from builder.site.entries import Entry, Neighbours, catalogue, index_numbers, unit_neighbours

if TYPE_CHECKING:
    from builder.pipeline.reportcache import ReportCache


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
    digests: dict[str, str] = field(default_factory=dict)  # folder → its entry_digest


@dataclass(frozen=True)
class Plan:
    """What a report's page takes from the other reports: 索引号, previous/next, grade
    folders (of a chunk's reports, or of the whole site's)."""

    index_numbers: dict[str, str]
    neighbours: dict[str, Neighbours]
    grade_slugs: dict[str, str]

    @staticmethod
    def of(entries: list[Entry], grades: list[str]) -> Plan:
        slugs = {listing.title: listing.key for listing in catalogue(entries, grades).grades}
        return Plan(index_numbers(entries), unit_neighbours(entries), slugs)

    def only(self, folders: list[str]) -> Plan:
        """The part of the plan about FOLDERS: what one chunk is sent."""
        return replace(
            self,
            index_numbers={f: self.index_numbers[f] for f in folders},
            neighbours={f: self.neighbours[f] for f in folders},
        )


@dataclass(frozen=True)
class Writing:
    """Where and what a chunk writes (a Task without one stops before writing: check)."""

    staging: Path
    pdf: bool
    search: bool = False  # write each report's search document (searchtext) too
    plan: Plan | None = None  # None: made from the chunk's own reports


@dataclass(frozen=True)
class Task:
    candidates: list[Candidate]
    drafts: bool = False
    cache: ReportCache | None = None
    writing: Writing | None = None


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
    # Every report's record (its report.json, its line of data/reports.json), its rows
    # of data/scores.csv and their digest, in folder order, while the chunk renders; then
    # the chunk's two part files of the open data (pipeline/openparts.py): their paths in
    # the staged site, and a digest of what they hold.
    records: list[str] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    part_digests: list[str] = field(default_factory=list)
    open_data: tuple[str, str, str] = ("", "", "")
    # Report folder → (cache slot, nonce) of its files: all stored or reused ones, and
    # those reused (linked from the cache as they were).
    cached: dict[str, tuple[str, str]] = field(default_factory=dict)
    reused: dict[str, tuple[str, str]] = field(default_factory=dict)
    # The last personal-data gate's share done by the chunk (incremental.gate_share), under
    # CHECKED_UNDER, the chunk's part of the site's allowed numbers (passing under fewer
    # passes under more): the report folders rendered afresh all of whose files passed,
    # and how many of those reports' open-data parts (record and rows) passed.
    checked: list[str] = field(default_factory=list)
    parts_passed: int = 0
    checked_under: frozenset[str] = frozenset()


@dataclass
class Done:
    """A chunk's result: what it loaded, and when it wrote, what and with which plan."""

    loaded: Loaded
    rendered: Rendered | None = None
    plan: Plan | None = None
    stopped: Diagnostic | None = None  # a file it could not write, a template that failed
