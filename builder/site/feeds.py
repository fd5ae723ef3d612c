"""feed.xml (Atom), sitemap.xml and robots.txt (pure: strings out).

Dates come from disclosure.published, never from the clock, so two builds of the same
content give the same bytes. Feed and sitemap need absolute addresses: with a base_url
that names a host (https://example.gov.cn/gk/) they are complete; with a bare path
("/") the addresses are site-absolute paths and the sitemap is left out of robots.txt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

from builder.model import Site
from builder.site.entries import Entry

# xml.sax.saxutils' escape and quoteattr, the same output: that module imports
# urllib.request, http.client and email (a fifth of this package's import time).
_ATTRIBUTE_EXTRA = {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


def quoteattr(text: str) -> str:
    text = escape(text)
    for char, entity in _ATTRIBUTE_EXTRA.items():
        text = text.replace(char, entity)
    if '"' not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace('"', "&quot;") + '"'


FEED_SIZE = 50
TIMEZONE = "+08:00"  # 发布日期 are dates in China Standard Time


def is_absolute(site: Site) -> bool:
    parts = urlsplit(site.base_url or "/")
    return bool(parts.scheme and parts.netloc)


def address(site: Site, path: str) -> str:
    """The public address of a site-relative PATH ("" is the home page)."""
    base = site.base_url or "/"
    if not base.endswith("/"):
        base += "/"
    return base + quote(path, safe="/")


def _stamp(day: dt.date | None) -> str:
    return f"{(day or dt.date(1970, 1, 1)).isoformat()}T00:00:00{TIMEZONE}"


def _entry_xml(site: Site, entry: Entry, index_no: str) -> str:
    link = address(site, entry.page)
    ident = link if is_absolute(site) else f"urn:jixiao:{quote(index_no, safe='/')}"
    summary = (
        f"{entry.unit_name}，{entry.year}年度{entry.kind_name}，"
        f"综合得分{entry.total}，评价等级{entry.grade}。索引号：{index_no}"
    )
    return (
        "  <entry>\n"
        f"    <title>{escape(entry.title)}</title>\n"
        f'    <link rel="alternate" type="text/html" href={quoteattr(link)}/>\n'
        f"    <id>{escape(ident)}</id>\n"
        f"    <published>{_stamp(entry.published)}</published>\n"
        f"    <updated>{_stamp(entry.published)}</updated>\n"
        f"    <author><name>{escape(entry.unit_name)}</name></author>\n"
        f"    <summary>{escape(summary)}</summary>\n"
        "  </entry>\n"
    )


def atom_feed(site: Site, latest: list[Entry], index_numbers: dict[str, str]) -> str:
    """The newest FEED_SIZE disclosures, newest first (LATEST is already in that order)."""
    shown = latest[:FEED_SIZE]
    updated = max((e.published for e in shown if e.published), default=None)
    home = address(site, "")
    ident = home if is_absolute(site) else "urn:jixiao:feed"
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">\n'
        f"  <title>{escape(site.title)}</title>\n"
        f"  <subtitle>{escape(site.description or '最新公开的预算绩效评价报告')}</subtitle>\n"
        f'  <link rel="alternate" type="text/html" href={quoteattr(home)}/>\n'
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(address(site, "feed.xml"))}/>\n'
        f"  <id>{escape(ident)}</id>\n"
        f"  <updated>{_stamp(updated)}</updated>\n"
        f"  <author><name>{escape(site.publisher)}</name></author>\n"
        + "".join(_entry_xml(site, e, index_numbers[e.folder]) for e in shown)
        + "</feed>\n"
    )


def sitemap(site: Site, pages: Iterable[tuple[str, dt.date | None]]) -> str:
    """PAGES: (site-relative path, last modification date or None), in the order to list."""
    rows = []
    for path, day in pages:
        where = path[: -len("index.html")] if path.endswith("index.html") else path
        lastmod = f"<lastmod>{day.isoformat()}</lastmod>" if day else ""
        rows.append(f"  <url><loc>{escape(address(site, where))}</loc>{lastmod}</url>\n")
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(rows)
        + "</urlset>\n"
    )


def robots(site: Site) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if is_absolute(site):
        lines.append(f"Sitemap: {address(site, 'sitemap.xml')}")
    return "\n".join(lines) + "\n"
