"""The public API of rendering: report body, print document, narrative diagnostics.

Pure apart from reading the theme's templates. Output is deterministic: same card,
same bytes.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from builder.diagnostics import Diagnostic
from builder.model import Site
from builder.render import form, grid, tables
from builder.render.body import (
    PreparedReport,
    TocEntry,
    body_html,
    fill_tables,
    prepare_report,
)
from builder.render.narrative import analyze
from builder.render.theme import DEFAULT_THEME, jinja_env, theme_dir
from builder.scoring.engine import ScoreCard

PRINT_CSS = "print.css"


@dataclass(frozen=True)
class RenderedReport:
    body_html: str
    toc: list[TocEntry]
    diagnostics: list[Diagnostic]
    # What holds the body's links and ids (the link check reads only this): the narrative
    # without the tables the default theme's macros wrote (no link or id there, only
    # classes, spans and escaped text), or the whole body when a theme's own macros did.
    links_html: str


def _env(theme: Path | None, *subdirs: str) -> Environment:
    # Cached by the theme folder itself: with theme=None that is $JIXIAO_THEME or the
    # default, which a cache keyed by None would keep after the variable changed.
    return _cached_env(theme_dir(theme), *subdirs)


@functools.lru_cache(maxsize=8)
def _cached_env(theme: Path, *subdirs: str) -> Environment:
    env = jinja_env(*subdirs, theme=theme)
    env.filters["cells_html"] = grid.cells_html
    return env


class TableMacros:
    """The macros render_table, total_line and render_form of a theme's
    partials/table.html, or of the default theme's when the theme has none."""

    def __init__(self, module: Any, own: bool) -> None:
        self.module = module
        self.own = own  # the theme's own file (its tables may hold links): not the default's


def _theme_macros(theme: Path | None, reload: bool = True) -> TableMacros:
    """The table macros for THEME. Looked up on every call, as Jinja checks its templates,
    so `jixiao serve` follows a theme edited while it runs; RELOAD False (a build): once
    per process and theme."""
    folder = theme_dir(theme)
    return _macros(folder) if reload else _macros_once(folder)


def _macros(folder: Path) -> TableMacros:
    own = folder != DEFAULT_THEME and os.path.isfile(_partial(folder))
    source = folder if own else DEFAULT_THEME
    module = _cached_env(source, "partials").get_template("table.html").module
    return TableMacros(module, own)


@functools.lru_cache(maxsize=8)
def _macros_once(folder: Path) -> TableMacros:
    return _macros(folder)


@functools.lru_cache(maxsize=8)
def _partial(theme: Path) -> str:
    return str(theme / "partials" / "table.html")  # pathlib's joins cost more than the stat


def narrative_diagnostics(card: ScoreCard) -> list[Diagnostic]:
    """Every warning and error of the report's narrative (report.md), sorted."""
    return prepare_report(card).diagnostics


def table_html(card: ScoreCard, name: str, theme: Path | None = None) -> str:
    """One generated table as an HTML fragment ("" when the report has no data for it)."""
    return _table_html(card, name, _theme_macros(theme))


_BUILDERS = {
    "funds": tables.funds_table,
    "weights": tables.weights_table,
    "scores": tables.scores_table,
}


def _table_html(card: ScoreCard, name: str, macros: TableMacros) -> str:
    if name == "total":
        return str(macros.module.total_line(tables.total_line(card)))
    if name == "form":
        if not card.groups:
            return ""
        return str(macros.module.render_form(form.build_form(card)))
    table = _BUILDERS[name](card) if name in _BUILDERS else None
    if table is None:
        return ""
    return str(macros.module.render_table(table))


def render_report(
    card: ScoreCard,
    site: Site | None,
    *,
    theme: Path | None = None,
    prepared: PreparedReport | None = None,
    reload: bool = True,
) -> RenderedReport:
    """The numbered report body (narrative, generated tables or the form) as a fragment.

    PREPARED, from evaluation (pipeline.Evaluated.prepared_for), saves reading the
    narrative again; the result is the same. RELOAD False: the theme's table macros are
    looked for once per process, not on every call (a build; a stat a report).
    """
    prepared = prepared or prepare_report(card)
    macros = _theme_macros(theme, reload)
    rendered = {name: _table_html(card, name, macros) for name in prepared.tables}
    if prepared.marked_html is not None:
        html = fill_tables(prepared.marked_html, rendered)
        if not macros.own:
            return RenderedReport(html, prepared.toc, prepared.diagnostics, prepared.marked_html)
    else:  # a figure's text holds NUL, which the marks cannot tell apart: render it all
        analysis = analyze(card)
        for heading in analysis.headings:
            meta = analysis.tokens[heading.index].meta
            meta.update(number=heading.number, anchor=heading.anchor)
        html = body_html(analysis, rendered)
    return RenderedReport(html, prepared.toc, prepared.diagnostics, html)


def default_css_href(card: ScoreCard) -> str:
    """From site/<unit>/<year>/<report>/report.html to site/assets/print.css."""
    depth = len([part for part in card.report.folder.split("/") if part])
    return "../" * depth + "assets/" + PRINT_CSS


def render_print_document(
    card: ScoreCard,
    site: Site | None,
    *,
    css_href: str | None = None,
    theme: Path | None = None,
    rendered: RenderedReport | None = None,
) -> tuple[str, list[Diagnostic]]:
    """The full print HTML page (themes/default/print/report.html) for Chromium to print.

    RENDERED, the report's render_report (same theme), saves rendering the body again.
    """
    rendered = rendered or render_report(card, site, theme=theme)
    report = card.report
    page = (
        _env(theme, "print", "partials")
        .get_template("report.html")
        .render(
            title=report.title,
            label=report.label,
            kind=card.profile.name,
            publisher=site.publisher if site else "",
            body=Markup(rendered.body_html),
            css_href=css_href if css_href is not None else default_css_href(card),
        )
    )
    return page, rendered.diagnostics
