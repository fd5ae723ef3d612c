"""The 项目支出绩效自评表 as an Excel workbook: the official form itself (pure).

The same rows and merged cells as the printed form (render/form.py builds both), in
eight columns: 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因. The
shorter blocks above it (header, funds, goals) stretch their cells over those columns.
"""

from __future__ import annotations

from openpyxl import Workbook

from builder.office import sheet
from builder.office.package import workbook_bytes
from builder.render.form import build_form
from builder.render.grid import Table
from builder.scoring.engine import ScoreCard

WIDTH = 8
WIDTHS = (14, 14, 24, 14, 14, 8, 10, 30)
# Sheet columns taken by each column of a block, by the block's kind.
SPANS = {
    "form-head": (1, 3, 1, 3),
    "form-funds": (1, 1, 1, 1, 1, 1, 2),
    "form-goals": (4, 4),
    "form-indicators": (1,) * WIDTH,
}
SHEET = "自评表"


def form_workbook(card: ScoreCard) -> Workbook:
    workbook = Workbook()
    ws = workbook.active
    assert ws is not None
    ws.title = SHEET
    sheet.set_widths(ws, WIDTHS)
    sheet.title_row(ws, 1, "项目支出绩效自评表", WIDTH)
    sheet.title_row(ws, 2, f"（{card.report.year}年度）", WIDTH, sheet.PLAIN)
    row = 3
    header_row = 0
    for part in build_form(card).parts:
        if part.caption:
            sheet.title_row(ws, row, part.caption, WIDTH, sheet.BOLD)
            row += 1
        if part.kind == "form-indicators":
            header_row = row
        row = sheet.write_table(ws, part, row, SPANS.get(part.kind, _even(part)))
    if header_row:
        # The indicator header repeats on every printed page, as in the PDF.
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.freeze_panes = "A3"  # the title stays in view
    sheet.a4_print(ws)
    return workbook


def _even(part: Table) -> tuple[int, ...]:
    columns = max((sum(c.colspan for c in r.cells) for r in (*part.head, *part.body)), default=1)
    return (1,) * (columns - 1) + (WIDTH - columns + 1,)


def form_xlsx(card: ScoreCard) -> bytes:
    return workbook_bytes(form_workbook(card), card.report)
