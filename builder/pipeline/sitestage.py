"""The site-wide files of a build (shell): made afresh, or linked from the last build's
when their inputs are the same (site/sitememo.py).

Two groups: the pages (home, listings, search, open-data and 404 pages, robots.txt, the
feed, the sitemap), made from every report's listing entry, the units, the 索引号 and
the site; and the open data (data/reports.json, data/scores.csv), made from every
report's record, which its cache key and 索引号 determine. The theme's assets are copied
every time (a handful of files).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from builder.pipeline import openparts, sitewide
from builder.pipeline.chunkdata import Rendered
from builder.pipeline.reportcache import ReportCache
from builder.pipeline.sitememo import Kept, SiteMemo, digest_of
from builder.pipeline.sitewide import SiteData
from builder.publish.links import LinkSummary
from builder.site.aggregate import reports_json, scores_csv
from builder.site.pages import base_path

PAGES, DATA = "pages", "data"


@dataclass
class SiteFiles:
    pages: dict[str, str] = field(default_factory=dict)  # rendered now: path → HTML
    paths: list[str] = field(default_factory=list)  # every site-wide page and file
    links: LinkSummary = field(default_factory=LinkSummary)  # of the pages
    passed: frozenset[Path] = frozenset()  # files the last gate need not read again
    kept: dict[str, Kept] = field(default_factory=dict)  # group → its files, once published


def write(
    staging: Path,
    data: SiteData,
    rendered: list[Rendered],
    cache: ReportCache,
    settings: tuple[bool, int, dict[str, str]],
    allowed: frozenset[str],
) -> SiteFiles:
    """SETTINGS: (search, pages per search bundle, every entry's digest by folder)."""
    search, bundle_pages, digests = settings
    memo = SiteMemo(cache.folder)
    out = SiteFiles()
    sitewide.write_assets(staging)
    entries = [digests.get(entry.folder) for entry in data.entries]
    units = sorted(data.units.items())
    grades = [listing.title for listing in data.catalogue.grades]
    site = (data.site, units, grades, data.index_numbers)
    digest = digest_of(cache.installation, search, bundle_pages, site, entries)
    if None in entries:
        digest = ""  # an entry the cache cannot name: made afresh
    kept = memo.lookup(PAGES, digest)
    if kept is None or not memo.link_into(PAGES, kept, staging):
        out.pages = sitewide.write_pages(staging, data, search, bundle_pages)
        base = base_path(data.site)
        kept = Kept(digest, (*out.pages, sitewide.ROBOTS, sitewide.FEED, sitewide.SITEMAP))
        for page, html in out.pages.items():
            kept.links.add(page, html, base)
        memo.store(PAGES, kept, staging)
    _take(out, PAGES, kept, staging, allowed)
    # The open data, 35 MB at 4,000 reports: joined from the files each chunk wrote its
    # part into (never all in memory here), unless the last build's is the same (its
    # records do not change with a report's narrative): known from the digests of the
    # parts, each chunk's made while this process was busy with another's.
    parts = [part.open_data for part in rendered]
    hashed = hashlib.sha256("".join(digest for _, _, digest in parts).encode())
    kept = memo.lookup(DATA, hashed.hexdigest())
    if kept is None or not memo.link_into(DATA, kept, staging):
        reports = reports_json(Path(json).read_bytes() for json, _, _ in parts)
        scores = scores_csv(Path(csv).read_bytes() for _, csv, _ in parts)
        sitewide.write_data(staging, reports, scores)
        kept = Kept(hashed.hexdigest(), sitewide.DATA_FILES)
        memo.store(DATA, kept, staging)
    openparts.discard(staging)
    _take(out, DATA, kept, staging, allowed)
    return out


def _take(out: SiteFiles, group: str, kept: Kept, staging: Path, allowed: frozenset[str]) -> None:
    out.paths += kept.files
    out.links.update(kept.links)
    out.kept[group] = kept
    if kept.allowed is not None and kept.allowed <= allowed:
        out.passed |= {staging / path for path in kept.files}


def published(cache: ReportCache, files: SiteFiles, allowed: frozenset[str]) -> None:
    """The build published FILES: they passed the last gate under ALLOWED."""
    memo = SiteMemo(cache.folder)
    for group, kept in files.kept.items():
        if kept.allowed is None or not kept.allowed <= allowed:
            memo.passed(group, kept, allowed)
