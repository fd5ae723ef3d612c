"""The site-wide files (shell: writes them): home, listing, search, open-data and 404
pages, the theme's assets, robots.txt, the feed, the sitemap, data/reports.json and
data/scores.csv (joined from the reports' parts, aggregate.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from builder.model import Site, Unit
from builder.render import PRINT_CSS
from builder.render.theme import theme_dir
from builder.search.index import bundle_count, merged_bundles
from builder.site import feeds
from builder.site.aggregate import REPORTS_JSON, SCORES_CSV
from builder.site.entries import Catalogue, Entry
from builder.site.files import write_file, write_pieces
from builder.site.pages import Pages, listing_pages


@dataclass
class SiteData:
    site: Site
    entries: list[Entry]
    units: dict[str, Unit]
    index_numbers: dict[str, str]
    catalogue: Catalogue

    @property
    def grade_slugs(self) -> dict[str, str]:
        return {listing.title: listing.key for listing in self.catalogue.grades}


def write(staging: Path, path: str, text: str) -> None:
    target = staging / path
    target.parent.mkdir(parents=True, exist_ok=True)
    write_file(target, text)


FEED, SITEMAP, ROBOTS = "feed.xml", "sitemap.xml", "robots.txt"
DATA_FILES = (REPORTS_JSON, SCORES_CSV)


def write_pages(staging: Path, data: SiteData, search: bool, bundle_pages: int) -> dict[str, str]:
    """Home, listing, search, open-data and 404 pages, robots.txt, the feed and the
    sitemap; returns the pages written (site-relative path → HTML)."""
    pages = Pages(data.site, data.grade_slugs, index_numbers=data.index_numbers)
    cat = data.catalogue
    bundles = bundle_count(len(data.entries), bundle_pages)
    written = {"index.html": pages.home(cat)}
    written.update(listing_pages(pages, cat, data.units))
    written["search/index.html"] = pages.search(merged_bundles(bundles), search, cat)
    written["data/index.html"] = pages.data(len(data.entries), latest_date(data.entries))
    written["404.html"] = pages.not_found()
    for path, html in written.items():
        write(staging, path, html)
    write(staging, ROBOTS, feeds.robots(data.site))
    write(staging, FEED, feeds.atom_feed(data.site, data.catalogue.latest, data.index_numbers))
    write(staging, SITEMAP, feeds.sitemap(data.site, sitemap_pages(data)))
    return written


def write_assets(staging: Path) -> None:
    """The theme's static files and the print stylesheet, under assets/ (`jixiao print`
    lays them out the same way, so that its print documents hash as the build's do)."""
    assets = staging / "assets"
    shutil.copytree(theme_dir() / "static", assets, copy_function=_copy, dirs_exist_ok=True)
    _copy(str(theme_dir() / "print" / PRINT_CSS), str(assets / PRINT_CSS))


def _copy(source: str, target: str) -> None:
    """A new file TARGET (one already there, in a staging folder made from the previous
    site, is replaced, not written through: files.write_bytes)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)
    shutil.copyfile(source, target)


def write_data(staging: Path, reports: Iterable[bytes], scores: Iterable[bytes]) -> None:
    """The open-data files, from their pieces (aggregate.reports_json, scores_csv)."""
    (staging / REPORTS_JSON).parent.mkdir(parents=True, exist_ok=True)
    write_pieces(staging / REPORTS_JSON, reports)
    write_pieces(staging / SCORES_CSV, scores)


def sitemap_pages(data: SiteData) -> list[tuple[str, dt.date | None]]:
    cat = data.catalogue
    listings = [*cat.units, *cat.years, *cat.kinds, *cat.grades]
    pages: list[tuple[str, dt.date | None]] = [("index.html", None)]
    pages += [(listing.page, None) for listing in listings]
    pages += [(entry.page, entry.published) for entry in data.entries]
    pages += [("search/index.html", None), ("data/index.html", None)]
    return pages


def latest_date(entries: Iterable[Entry]) -> str:
    """The latest 发布日期 of the reports ("" when none has one): the open data's date of
    change, from the content, so that two builds of the same content are the same bytes."""
    dates = [entry.published for entry in entries if entry.published]
    return max(dates).isoformat() if dates else ""
