"""A report's narrative read and rendered once, with a mark where each generated table goes.

Pure module. Evaluation needs the narrative's diagnostics and rendering needs its HTML:
both come from one analysis (parsing, figures, outline, lint). A PreparedReport keeps
only what rendering needs — the body HTML with table marks, the table of contents and the
diagnostics, no token tree — so a build can keep one for each of thousands of reports
between evaluating and rendering them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from builder.diagnostics import Diagnostic, Pos, diag, sort_diagnostics
from builder.render import codes, markdown, tables
from builder.render.narrative import Analysis, analyze
from builder.render.sections import TABLE_NAMES
from builder.scoring.engine import ScoreCard

# markdown-it turns NUL in report.md into U+FFFD, so a NUL in the rendered narrative is
# one of our marks — unless a figure's text (a YAML "\0" escape) brought one: see below.
TABLE_MARK = "\x00"


class TocEntry(NamedTuple):  # made for every heading: twice as fast as a frozen dataclass
    level: int  # 1 for a `##` section (一、), 2 for `###` (（一）), …
    number: str  # 「一、」「（一）」「1.」…
    title: str  # without its number
    anchor: str  # id of the heading in body_html, e.g. "sec-1-2"


@dataclass(frozen=True)
class PreparedReport:
    diagnostics: list[Diagnostic]  # the narrative's, sorted (as narrative_diagnostics)
    toc: list[TocEntry]
    # The report body; TABLE_MARK + name + TABLE_MARK + "\n" where a table goes. None when
    # a figure's text holds a NUL of its own: render_report then renders from scratch.
    marked_html: str | None
    tables: tuple[str, ...]  # the generated tables the body shows, sorted


def prepare_report(card: ScoreCard) -> PreparedReport:
    analysis = analyze(card)
    toc = []
    for heading in analysis.headings:
        meta = analysis.tokens[heading.index].meta
        meta["number"], meta["anchor"] = heading.number, heading.anchor
        toc.append(TocEntry(heading.depth, heading.number, heading.title, heading.anchor))
    names = table_names(analysis)
    marks = {name: f"{TABLE_MARK}{name}{TABLE_MARK}" for name in names}
    marked = body_html(analysis, marks)
    # Every placed table and every known directive has a mark (names holds them all).
    expected = len(analysis.directives) + sum(map(len, analysis.placements.values()))
    unmistakable = marked.count(TABLE_MARK) == 2 * expected
    diagnostics = sort_diagnostics(table_diagnostics(card, analysis))
    return PreparedReport(diagnostics, toc, marked if unmistakable else None, names)


def fill_tables(marked_html: str, rendered: dict[str, str]) -> str:
    """The body with each mark replaced by its table's HTML (a table without data, "",
    takes its line with it, as markdown.render does)."""
    pieces = marked_html.split(TABLE_MARK)
    out = [pieces[0]]
    for name, after in zip(pieces[1::2], pieces[2::2], strict=True):
        html = rendered[name]
        out.append(html + after if html else after[1:])
    return "".join(out)


def table_names(analysis: Analysis) -> tuple[str, ...]:
    placed = {name for names in analysis.placements.values() for name in names}
    return tuple(sorted(placed | set(analysis.directives)))


def body_html(analysis: Analysis, rendered: dict[str, str]) -> str:
    """The analysed narrative with its tables (RENDERED: name → HTML) where they go."""
    html = markdown.render(analysis.tokens, rendered, analysis.placements)
    return f'<div class="report-body">\n{html}</div>\n'


def table_diagnostics(card: ScoreCard, analysis: Analysis) -> list[Diagnostic]:
    """The analysis' diagnostics, and a warning for each directive of a table without data."""
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
