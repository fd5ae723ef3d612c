"""The HTML of generated tables, the total line and the self-evaluation form (pure).

Written with str.join, not a Jinja macro: the macro (themes/default/partials/table.html
until then) was most of the cost of a report body, and this is several times cheaper,
measured. The markup is the macro's to the byte: every text and attribute goes through
grid.escape_text, which is markupsafe.escape (Jinja's autoescape) for plain strings.
Themes style it through its classes (table-block, report-table, the table's kind, the
row and cell classes, w<N> column widths); a theme that needs other markup provides
partials/table.html with the macros render_table, total_line and render_form, which
document.table_html then uses instead (see tests/fixtures/table-theme for the macros
that write this same markup).
"""

from __future__ import annotations

from builder.render.form import Form
from builder.render.grid import Row, Table, cell_markup, escape_text
from builder.render.tables import TotalLine


def table_html(table: Table) -> str:
    kind = escape_text(table.kind)
    parts = [f'<div class="table-block table-{kind}">\n<table class="report-table {kind}">\n']
    if table.caption or table.note:
        parts.append("<caption>")
        if table.caption:
            parts.append(f'<span class="table-title">{escape_text(table.caption)}</span>')
        if table.note:
            parts.append(f'<span class="table-note">{escape_text(table.note)}</span>')
        parts.append("</caption>\n")
    if table.columns:
        cols = "".join(f'<col class="w{width}">' for width in table.columns)
        parts.append(f"<colgroup>{cols}</colgroup>\n")
    if table.head:
        parts.append("<thead>\n")
        parts += map(_row_html, table.head)  # map: no generator frame per row (measured)
        parts.append("</thead>\n")
    parts.append("<tbody>\n")
    parts += map(_row_html, table.body)
    parts.append("</tbody>\n</table>\n</div>")
    return "".join(parts)


def _row_html(row: Row) -> str:
    cells = "".join(map(cell_markup, row.cells))
    if row.cls:
        return f'<tr class="{escape_text(row.cls)}">{cells}</tr>\n'
    return f"<tr>{cells}</tr>\n"


def total_line_html(line: TotalLine) -> str:
    return (
        '<p class="total-line">综合评价得分 '
        f'<strong class="total-score">{escape_text(line.total)}</strong> 分'
        f"（满分 {escape_text(line.weight_total)} 分），评价等级为"
        f'<strong class="total-grade">“{escape_text(line.grade)}”</strong>。</p>'
    )


def form_html(form: Form) -> str:
    parts = "".join(table_html(part) + "\n" for part in form.parts)
    return (
        f'<section class="self-evaluation-form" aria-label="{escape_text(form.title)}">\n'
        f"{parts}</section>"
    )
