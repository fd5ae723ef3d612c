"""The public API of rendering: report body, print document, narrative diagnostics.

Pure apart from reading the theme's templates. Output is deterministic: same card,
same bytes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markdown_it.token import Token
from markupsafe import Markup

from builder.diagnostics import Diagnostic, Pos, diag, sort_diagnostics
from builder.model import Site
from builder.render import codes, form, grid, markdown, tables
from builder.render.narrative import Analysis, analyze
from builder.render.sections import TABLE_NAMES
from builder.scoring import ScoreCard
from builder.theme import jinja_env

PRINT_CSS = "print.css"


@dataclass(frozen=True)
class TocEntry:
    level: int  # 1 for a `##` section (一、), 2 for `###` (（一）), …
    number: str  # 「一、」「（一）」「1.」…
    title: str  # without its number
    anchor: str  # id of the heading in body_html, e.g. "sec-1-2"


@dataclass(frozen=True)
class RenderedReport:
    body_html: str
    toc: list[TocEntry]
    diagnostics: list[Diagnostic]


@functools.lru_cache(maxsize=8)
def _env(theme: Path | None, *subdirs: str) -> Environment:
    env = jinja_env(*subdirs, theme=theme)
    env.filters["cells_html"] = grid.cells_html
    return env


def _macros(theme: Path | None) -> Any:
    return _env(theme, "partials").get_template("table.html").module


def narrative_diagnostics(card: ScoreCard) -> list[Diagnostic]:
    """Every warning and error of the report's narrative (report.md), sorted."""
    return sort_diagnostics(_diagnostics(card, analyze(card)))


def _diagnostics(card: ScoreCard, analysis: Analysis) -> list[Diagnostic]:
    found = list(analysis.diagnostics)
    narrative = card.report.narrative
    for token in analysis.tokens:
        name = token.meta.get("table", "") if token.type == "jixiao_table" else ""
        if name and name in TABLE_NAMES and not tables.has_data(card, name):
            line = (token.map[0] if token.map else 0) + 1
            found.append(
                diag(
                    codes.TABLE_NO_DATA,
                    f"{TABLE_NAMES[name]}没有数据，不会显示",
                    Pos(narrative.file if narrative else card.report.file, line, 1),
                    "资金表需要 report.yaml 中的 budget，指标表需要 indicators。",
                )
            )
    return found


def table_html(card: ScoreCard, name: str, theme: Path | None = None) -> str:
    """One generated table as an HTML fragment ("" when the report has no data for it)."""
    macros = _macros(theme)
    if name == "total":
        return str(macros.total_line(tables.total_line(card)))
    if name == "form":
        return str(macros.render_form(form.build_form(card))) if card.groups else ""
    build = {
        "funds": tables.funds_table,
        "weights": tables.weights_table,
        "scores": tables.scores_table,
    }
    table = build[name](card) if name in build else None
    return str(macros.render_table(table)) if table is not None else ""


def _with_placements(tokens: list[Token], placements: dict[int, list[str]]) -> list[Token]:
    result: list[Token] = []
    for index in range(len(tokens) + 1):
        for name in placements.get(index, []):
            token = Token("jixiao_table", "", 0, meta={"table": name}, block=True)
            result.append(token)
        if index < len(tokens):
            result.append(tokens[index])
    return result


def render_report(
    card: ScoreCard, site: Site | None, *, theme: Path | None = None
) -> RenderedReport:
    """The numbered report body (narrative, generated tables or the form) as a fragment."""
    analysis = analyze(card)
    toc = []
    for heading in analysis.headings:
        analysis.tokens[heading.index].meta.update(number=heading.number, anchor=heading.anchor)
        toc.append(TocEntry(heading.depth, heading.number, heading.title, heading.anchor))
    names = {n for names in analysis.placements.values() for n in names} | set(analysis.directives)
    rendered = {name: table_html(card, name, theme) for name in sorted(names)}
    body = markdown.render(_with_placements(analysis.tokens, analysis.placements), rendered)
    html = f'<div class="report-body">\n{body}</div>\n'
    return RenderedReport(html, toc, sort_diagnostics(_diagnostics(card, analysis)))


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
) -> tuple[str, list[Diagnostic]]:
    """The full print HTML page (themes/default/print/report.html) for Chromium to print."""
    rendered = render_report(card, site, theme=theme)
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
