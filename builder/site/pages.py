"""Every HTML page of the site, rendered from the theme's Jinja templates (pure: strings out).

All links are relative to the page (`root` is the way back to the site's top folder), so
the site works from any folder or sub-path; only the 404 page, which a server shows at any
depth, uses the path of site.yaml's base_url.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from jinja2 import Environment, Template, nodes
from markupsafe import Markup, escape

from builder.loading.disclosurefields import page_items
from builder.model import Site, Unit
from builder.render import RenderedReport, TocEntry
from builder.render.theme import jinja_env
from builder.scoring.engine import ScoreCard
from builder.site import charts
from builder.site.entries import (
    TOPIC,
    Catalogue,
    Entry,
    Listing,
    Neighbours,
    project_histories,
)
from builder.site.fielddocs import REPORT_FIELDS, SCORE_FIELDS
from builder.site.tableregions import scrollable_tables

# Only this site's own files; Pagefind's WebAssembly needs 'wasm-unsafe-eval'. No inline
# script or style anywhere (charts use classes, scripts are files).
CSP = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'"
)

CSP_HTML = Markup(CSP)  # a constant whose quotes must stay quotes

TEMPLATES = ("home.html", "listing.html", "report.html", "search.html", "data.html", "404.html")


def root_of(page: str) -> str:
    """The relative way from PAGE (a site-relative file path) back to the site's top."""
    return "../" * page.count("/")


def base_path(site: Site) -> str:
    """The path part of base_url, always ending with a slash ("/", "/disclosure/")."""
    path = urlsplit(site.base_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


# What each field of data/reports.json means (shown on the open-data page).


class ReportRows:
    """The <tr> of each report in a report table (macros.html's report_table).

    Made here rather than by a loop in the macro, which was four fifths of the listing
    pages' time (nine escaped values a row); a report is listed on its unit, year, kind and
    grade pages, so its escaped cells are kept and reused."""

    def __init__(
        self, grade_slugs: dict[str, str], index_numbers: dict[str, str] | None = None
    ) -> None:
        self.grade_slugs = grade_slugs
        # report folder → 索引号: a disclosure listing shows it on every row
        self.index_numbers = index_numbers or {}
        self.cells: dict[str, tuple[str, str, str, str]] = {}  # folder → row parts

    def __call__(self, root: str, entries: Sequence[Entry], show_unit: bool) -> Markup:
        href = escape(root)
        rows = []
        for entry in entries:
            page, title, unit, rest = self.cells.get(entry.folder) or self._cells(entry)
            rows.append(
                f'    <tr>\n      <th scope="row"><a href="{href}{page}">{title}</a></th>\n'
                f"{unit if show_unit else ''}{rest}"
            )
        return Markup("".join(rows))

    def _cells(self, e: Entry) -> tuple[str, str, str, str]:
        date = escape(e.date_text)
        slug = escape(self.grade_slugs.get(e.grade))
        # The unit cell is followed by the year's indentation on its line, as the template
        # this replaced wrote it (same bytes as before).
        cells = (
            str(escape(e.page)),
            str(escape(e.title)),
            f"<td>{escape(e.unit_name)}</td>",
            f'      <td class="year">{escape(e.year)}</td>\n'
            f"      <td>{escape(e.kind_name)}</td>\n"
            f'      <td class="num">{escape(e.total)}</td>\n'
            f'      <td><span class="grade grade-{slug}">{escape(e.grade)}</span></td>\n'
            f'      <td><time datetime="{date}">{date}</time></td>\n'
            f'      <td class="index-no">{escape(self.index_numbers.get(e.folder, ""))}</td>\n'
            "    </tr>\n",
        )
        self.cells[e.folder] = cells
        return cells


class Pages:
    """The theme's templates, loaded once per process and reused for every page."""

    def __init__(
        self,
        site: Site,
        grade_slugs: dict[str, str],
        theme: Path | None = None,
        index_numbers: dict[str, str] | None = None,
    ):
        self.site = site
        env = jinja_env("site", theme=theme)
        env.globals["grade_slug"] = grade_slugs.get
        env.globals["report_rows"] = ReportRows(grade_slugs, index_numbers or {})
        # A build reads each template once: without this, every page render stats the
        # template files of its {% extends %} and {% from %} (two system calls a page).
        env.auto_reload = False
        self.templates: dict[str, Template] = {name: env.get_template(name) for name in TEMPLATES}
        self.globals = dict(env.globals)
        self.grade_slugs = grade_slugs
        self.splice_body = writes_body_as_is(env, "report.html")

    def _render(self, name: str, page: str, root: str | None = None, **context: Any) -> str:
        template = self.templates[name]
        values = {
            **self.globals,
            "site": self.site,
            "csp": CSP_HTML,
            "root": root_of(page) if root is None else root,
            "description": context.pop("description", self.site.description),
            "section": context.pop("section", ""),
            **context,
        }
        # Template.render, with the environment's globals merged once above: render()
        # merges them through a ChainMap on every page (a tenth of a report page, measured).
        try:
            return "".join(template.root_render_func(template.new_context(values, shared=True)))
        except Exception:
            template.environment.handle_exception()

    def home(self, cat: Catalogue, latest: int = 20) -> str:
        return self._render(
            "home.html",
            "index.html",
            page_title="首页",
            section="home",
            catalogue=cat,
            latest=cat.latest[:latest],
        )

    def listing(
        self, listing: Listing, cat: Catalogue, heading: str, unit: Unit | None = None
    ) -> str:
        # A unit's projects, each with its own scores by year (never one average of
        # different projects).
        history = project_histories(listing.entries) if unit is not None else []
        return self._render(
            "listing.html",
            listing.page,
            page_title=heading,
            heading=heading,
            trail=[(heading, listing.page)],
            listing=listing,
            catalogue=cat,
            unit=unit,
            history=history,
            history_years=sorted({y.year for h in history for y in h.years}),
        )

    def report_page(
        self,
        entry: Entry,
        card: ScoreCard,
        rendered: RenderedReport,
        index_no: str,
        neighbours: Neighbours,
        pdf: bool,
    ) -> ReportPage:
        """The report's page around its body RENDERED (render_report), whose wide tables
        are made scrollable for the site."""
        body = scrollable_tables(rendered.body_html)
        context = self._report_context(entry, card, rendered.toc, index_no, neighbours, pdf)
        if self.splice_body:
            # The page around a mark, the body put in its place: Jinja would copy the body
            # twice more, and the link summary need not read the body's tables again.
            shell = self._render("report.html", entry.page, body=BODY_MARK, **context)
            before, mark, after = shell.partition(BODY_MARK)
            if mark and BODY_MARK not in after:
                return ReportPage(before + body + after, (before, rendered.links_html, after))
        html = self._render("report.html", entry.page, body=Markup(body), **context)
        return ReportPage(html, (html,))

    def _report_context(
        self,
        entry: Entry,
        card: ScoreCard,
        toc: list[TocEntry],
        index_no: str,
        neighbours: Neighbours,
        pdf: bool,
    ) -> dict[str, Any]:
        report = card.report
        rate_chart = charts.score_rate_chart("rates", entry.groups)
        budget = charts.budget_chart("budget", card.budget) if card.budget else None
        return {
            "page_title": entry.title,
            "description": f"{entry.unit_name}{entry.year}年度{entry.kind_name}，"
            f"综合得分{entry.total!s}，等级{entry.grade}。",
            "trail": [
                (entry.unit_name, f"{entry.unit_slug}/index.html"),
                (f"{entry.year} 年度", f"years/{entry.year}/index.html"),
                (entry.title, entry.page),
            ],
            "entry": entry,
            "label": report.label,
            "evaluator": report.evaluation.evaluator,
            "index_no": index_no,
            "topic": TOPIC,
            "neighbours": neighbours,
            "pdf": pdf,
            "rate_chart": rate_chart,
            "budget_chart": budget,
            "toc": toc,
            "disclosure_items": page_items(report.disclosure.plain),
        }

    def search(
        self, merged: list[str] | None = None, indexed: bool = True, cat: Catalogue | None = None
    ) -> str:
        """MERGED: further search bundles, relative to the first (large sites only);
        INDEXED False: the build made no index (`--no-search`), the page says so. The
        filters' values come from CAT, written into the page: asking Pagefind for them
        would load every bundle's filter files (a tenth of a search's bytes)."""
        filters = []
        if cat is not None:
            filters = [
                ("年度", [str(listing.entries[0].year) for listing in cat.years]),
                ("单位", [listing.title for listing in cat.units]),
                ("类型", [listing.title for listing in cat.kinds]),
                ("等级", [listing.title for listing in cat.grades]),
            ]
        return self._render(
            "search.html",
            "search/index.html",
            page_title="全文检索",
            section="search",
            merged=merged or [],
            indexed=indexed,
            search_filters=filters,
        )

    def data(self, count: int, updated: str) -> str:
        """UPDATED: the latest 发布日期 in the content (the data's date, never the clock's)."""
        return self._render(
            "data.html",
            "data/index.html",
            page_title="开放数据",
            section="data",
            count=count,
            updated=updated,
            fields=REPORT_FIELDS,
            score_fields=SCORE_FIELDS,
        )

    def not_found(self) -> str:
        return self._render(
            "404.html", "404.html", root=base_path(self.site), page_title="页面不存在"
        )


class ReportPage(NamedTuple):
    html: str
    # What holds the page's links and ids, for links.LinkSummary.add_parts: the page
    # without its body, and the body's narrative without the generated tables.
    link_parts: tuple[str, ...]


# Where the body goes while the rest of the page is rendered (never in a page: see
# writes_body_as_is, and a page holding it twice is rendered with its body instead).
BODY_MARK = Markup("\x00<jixiao-body>\x00")


def writes_body_as_is(env: Environment, name: str) -> bool:
    """Whether template NAME, and the templates it extends, write the page's `body` only
    as `{{ body }}` (no filter, test or other use) and include no template that could see
    it: then a mark rendered in its place can be replaced by the body."""
    source, _, _ = env.loader.get_source(env, name) if env.loader else ("", None, None)
    found = _AS_IS.get(source)
    if found is None:
        found = _AS_IS[source] = _writes_body_as_is_alone(env.parse(source))
    alone, parent = found
    return alone and (parent is None or writes_body_as_is(env, parent))


# writes_body_as_is's answer for each template source (the themes' environments all
# parse alike): each chunk of a build asks again, and parsing report.html takes 15 ms.
_AS_IS: dict[str, tuple[bool, str | None]] = {}


def _writes_body_as_is_alone(tree: nodes.Template) -> tuple[bool, str | None]:
    """A template's own part of writes_body_as_is, and the template it extends (None:
    none)."""
    used = [n for n in tree.find_all(nodes.Name) if n.name == "body"]
    written = [
        n
        for output in tree.find_all(nodes.Output)
        for n in output.nodes
        if isinstance(n, nodes.Name) and n.name == "body"
    ]
    if len(used) != len(written) or any(tree.find_all(nodes.Include)):
        return False, None
    imports: list[nodes.Import | nodes.FromImport] = [*tree.find_all(nodes.Import)]
    imports += tree.find_all(nodes.FromImport)
    if any(i.with_context for i in imports):
        return False, None
    parents = list(tree.find_all(nodes.Extends))
    if not parents:
        return True, None
    parent = parents[0].template
    if len(parents) == 1 and isinstance(parent, nodes.Const) and isinstance(parent.value, str):
        return True, parent.value
    return False, None


def listing_pages(pages: Pages, cat: Catalogue, units: dict[str, Unit]) -> dict[str, str]:
    """Every unit, year, kind and grade page: site-relative path → HTML."""
    out = {u.page: pages.listing(u, cat, u.title, units.get(u.key)) for u in cat.units}
    out.update((y.page, pages.listing(y, cat, y.title)) for y in cat.years)
    out.update((k.page, pages.listing(k, cat, k.title)) for k in cat.kinds)
    out.update((g.page, pages.listing(g, cat, f"评价等级：{g.title}")) for g in cat.grades)
    return out
