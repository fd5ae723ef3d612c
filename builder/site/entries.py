"""Reports as the website sees them: small picklable entries, their order, 索引号 and listings.

Pure module. An Entry carries what listing pages, feeds and open data need about a report;
the full ScoreCard is only needed for that report's own page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from builder.diagnostics import Diagnostic, Pos, diag
from builder.scoring.engine import ScoreCard
from builder.site.codes import DUPLICATE_INDEX_NO

MODE_NAMES = {
    "self": "单位自评",
    "department": "部门评价",
    "finance": "财政评价",
    "third-party": "第三方评价",
}
TOPIC = "预算绩效"  # 主题分类 of every disclosure

# Grades become ASCII folder names; a profile's own grade names fall back to their order.
GRADE_SLUGS = {"优": "excellent", "良": "good", "中": "fair", "差": "poor"}

# Top-level folders the site itself uses: a unit folder may not take these names.
RESERVED = frozenset(
    ("assets", "data", "pagefind", "years", "kinds", "grades", "search", "404.html")
)


# A named tuple, not a frozen dataclass: every entry carries a few, made after loading and
# pickled to the build process; a quarter fewer instructions for entry_for and unpickling
# (callgrind, 100 synthetic reports).
class GroupScore(NamedTuple):
    name: str
    weight: Decimal
    score: Decimal | None
    rate: Decimal | None  # 得分率 in %


@dataclass(frozen=True)
class Entry:
    folder: str  # content-relative, also the report's folder on the site
    unit_slug: str
    unit_name: str
    unit_code: str | None
    year: int
    kind: str
    kind_name: str
    title: str
    project: str | None
    total: Decimal
    grade: str
    published: dt.date | None
    mode: str
    given_index_no: str | None
    groups: tuple[GroupScore, ...]
    budget_rate: Decimal | None
    origin: Pos  # where the report's title is written (for diagnostics about the report)
    index_pos: Pos  # where disclosure.index_no is (or would be) written
    draft: bool = False  # only ever in a preview (serve): a published site has no drafts
    project_key: str = ""  # the same project across years (Report.project_key)
    project_code: str | None = None  # 项目编码: what ties a project's reports across years
    original: str | None = None  # disclosure.original: the signed or scanned document

    @property
    def page(self) -> str:
        return f"{self.folder}/index.html"

    @property
    def mode_name(self) -> str:
        return MODE_NAMES.get(self.mode, self.mode)

    @property
    def date_text(self) -> str:
        return self.published.isoformat() if self.published else ""


def entry_for(card: ScoreCard) -> Entry:
    report = card.report
    return Entry(
        folder=report.folder,
        unit_slug=report.unit.slug,
        unit_name=report.unit.name,
        unit_code=report.unit.code,
        year=report.year,
        kind=report.kind,
        kind_name=card.profile.name,
        title=report.title,
        project=report.project.name if report.project else None,
        total=card.total,
        grade=card.grade,
        published=report.disclosure.published,
        mode=report.evaluation.mode,
        given_index_no=report.disclosure.index_no,
        groups=tuple(GroupScore(g.name, g.weight, g.score, g.rate) for g in card.groups),
        budget_rate=card.budget.rate if card.budget else None,
        origin=report.at("title"),
        index_pos=report.at("disclosure"),
        draft=report.draft,
        project_key=report.project_key,
        project_code=report.project.code if report.project else None,
        original=report.disclosure.original,
    )


def _published(entry: Entry) -> int:
    return entry.published.toordinal() if entry.published else 0


def chronological(entries: Iterable[Entry]) -> list[Entry]:
    """Oldest first: year, publication date, folder."""
    return sorted(entries, key=lambda e: (e.year, _published(e), e.folder))


def latest_first(entries: Iterable[Entry]) -> list[Entry]:
    """Newest publication first; ties by folder so the order never depends on the disk."""
    return sorted(entries, key=lambda e: (-_published(e), e.folder))


def index_numbers(entries: Iterable[Entry]) -> dict[str, str]:
    """索引号 per folder: the given one, or <unit code or slug>/<year>-<NNNNN>, numbered per
    unit and year in publication order (a report published later never renumbers others)."""
    by_unit_year: dict[tuple[str, int], list[Entry]] = defaultdict(list)
    for entry in entries:
        by_unit_year[(entry.unit_slug, entry.year)].append(entry)
    numbers = {}
    for (_, year), group in by_unit_year.items():
        for n, entry in enumerate(chronological(group), start=1):
            prefix = entry.unit_code or entry.unit_slug
            numbers[entry.folder] = entry.given_index_no or f"{prefix}/{year}-{n:05d}"
    return numbers


def duplicate_index_numbers(entries: Iterable[Entry], numbers: dict[str, str]) -> list[Diagnostic]:
    first: dict[str, Entry] = {}
    found = []
    for entry in sorted(entries, key=lambda e: e.folder):
        number = numbers[entry.folder]
        if number in first:
            found.append(
                diag(
                    DUPLICATE_INDEX_NO,
                    f"索引号「{number}」与 {first[number].folder} 重复",
                    entry.index_pos,
                    "每份公开报告的索引号必须唯一：改正 disclosure.index_no，或删除它以自动生成。",
                )
            )
        first.setdefault(number, entry)
    return found


@dataclass(frozen=True)
class PageLink:
    """What a link to a report needs (sent to every worker: an Entry is ten times larger)."""

    page: str
    title: str


@dataclass(frozen=True)
class YearScore:
    """One report in a project's history."""

    page: str
    year: int
    total: Decimal
    grade: str


@dataclass(frozen=True)
class Neighbours:
    previous: PageLink | None  # the unit's report published before this one
    next: PageLink | None
    years: tuple[YearScore, ...] = ()  # the same project's other reports, oldest first


def _link(entry: Entry | None) -> PageLink | None:
    return PageLink(entry.page, entry.title) if entry is not None else None


def unit_neighbours(entries: Iterable[Entry]) -> dict[str, Neighbours]:
    by_unit: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_unit[entry.unit_slug].append(entry)
    found = {}
    for group in by_unit.values():
        ordered = chronological(group)
        projects = _by_project(ordered)
        # Each report's score made once, not once per other year of its project.
        scores = {entry.folder: _year_score(entry) for entry in ordered}
        for i, entry in enumerate(ordered):
            before = ordered[i - 1] if i > 0 else None
            after = ordered[i + 1] if i + 1 < len(ordered) else None
            years = tuple(
                scores[other.folder]
                for other in projects[project_key(entry)]
                if other.folder != entry.folder
            )
            found[entry.folder] = Neighbours(_link(before), _link(after), years)
    return found


def project_key(entry: Entry) -> tuple[str, str]:
    """What makes two reports of a unit the same project in different years: the 项目编码,
    else the project's name; a report without a project (部门整体) goes with its kind."""
    if entry.project_code:
        return ("code", entry.project_code)
    if entry.project:
        return ("name", entry.project)
    return ("kind", entry.kind)


def _by_project(ordered: list[Entry]) -> dict[tuple[str, str], list[Entry]]:
    groups: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entry in ordered:
        groups[project_key(entry)].append(entry)
    return groups


def _year_score(entry: Entry) -> YearScore:
    return YearScore(entry.page, entry.year, entry.total, entry.grade)


@dataclass(frozen=True)
class ProjectHistory:
    """A unit's project across the years: each report's total, never an average."""

    name: str  # the project's latest name, or the kind's name for a 部门整体 report
    code: str | None
    years: tuple[YearScore, ...]  # oldest first


def project_histories(entries: Iterable[Entry]) -> list[ProjectHistory]:
    """One unit's reports grouped by project (project_key), by name."""
    histories = []
    for group in _by_project(chronological(entries)).values():
        latest = group[-1]
        histories.append(
            ProjectHistory(
                latest.project or latest.kind_name,
                latest.project_code,
                tuple(_year_score(entry) for entry in group),
            )
        )
    return sorted(histories, key=lambda h: (h.name, h.code or ""))


@dataclass(frozen=True)
class Listing:
    """A page listing reports: one unit, one year, one kind or one grade."""

    key: str  # folder name on the site
    title: str
    page: str  # site-relative path of the page
    entries: tuple[Entry, ...]  # newest first


def grade_slug(grade: str, grades: list[str]) -> str:
    return GRADE_SLUGS.get(grade) or f"grade-{grades.index(grade) + 1}"


def _bucket(entries: list[Entry], key: Callable[[Entry], str]) -> dict[str, tuple[Entry, ...]]:
    buckets: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:  # entries arrive newest first and stay so in every bucket
        buckets[key(entry)].append(entry)
    return {k: tuple(v) for k, v in buckets.items()}


@dataclass(frozen=True)
class Catalogue:
    """Every listing of the site, computed once from all entries."""

    units: list[Listing]
    years: list[Listing]
    kinds: list[Listing]
    grades: list[Listing]
    latest: list[Entry]  # all entries, newest first


def catalogue(entries: list[Entry], grade_order: list[str]) -> Catalogue:
    """GRADE_ORDER: grade names best first, from the profiles (unknown ones go last)."""
    latest = latest_first(entries)
    units = _bucket(latest, lambda e: e.unit_slug)
    unit_names = {e.unit_slug: e.unit_name for e in latest}
    years = _bucket(latest, lambda e: str(e.year))
    kinds = _bucket(latest, lambda e: e.kind)
    kind_names = {e.kind: e.kind_name for e in latest}
    by_grade = _bucket(latest, lambda e: e.grade)
    grades = [g for g in grade_order if g in by_grade]
    grades += sorted(set(by_grade) - set(grades))
    slugs = {g: grade_slug(g, grades) for g in grades}
    return Catalogue(
        units=[Listing(u, unit_names[u], f"{u}/index.html", units[u]) for u in sorted(units)],
        years=[
            Listing(y, f"{y} 年度", f"years/{y}/index.html", years[y])
            for y in sorted(years, reverse=True)
        ],
        kinds=[Listing(k, kind_names[k], f"kinds/{k}/index.html", kinds[k]) for k in sorted(kinds)],
        grades=[Listing(slugs[g], g, f"grades/{slugs[g]}/index.html", by_grade[g]) for g in grades],
        latest=latest,
    )
