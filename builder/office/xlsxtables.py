"""Reports of the other kinds as a workbook: the funds table and the indicator table (pure).

Two sheets. 资金情况 is the report's funds table; 评分表 lists every scored indicator
with the columns of the 自评表's indicator table (一级 … 偏差原因分析及改进措施), the
预算执行率 indicator in its place in the tree, and 总分. The same labels as the form, so
`jixiao import` reads these workbooks back with the same scores.
"""

from __future__ import annotations

from openpyxl import Workbook

from builder.office import sheet
from builder.office.package import workbook_bytes
from builder.office.xlsxform import form_xlsx
from builder.render.form import indicator_values
from builder.render.grid import (
    Cell,
    Row,
    Table,
    fixed_num,
    head_row,
    tree_cells,
    weight_num,
)
from builder.render.tables import card_leaves, funds_table
from builder.scoring.engine import ScoreCard

INDICATOR_HEAD = head_row(
    "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
    "偏差原因分析及改进措施",
)  # fmt: skip
WIDTHS = (14, 14, 24, 14, 14, 8, 10, 30)


def indicator_table(card: ScoreCard) -> Table:
    leaves = card_leaves(card)
    decimals = card.profile.decimals
    names = tree_cells([leaf.indicator.path for leaf in leaves], 3)
    body = [
        Row((*name_cells, *indicator_values(leaf, decimals)))
        for leaf, name_cells in zip(leaves, names, strict=True)
    ]
    total = (weight_num(card.weight_total), fixed_num(card.total, decimals), Cell(""))
    body.append(Row((Cell("总分", 1, 5, False, "", "name"), *total), "total"))
    return Table("indicators", "绩效评价指标评分表", (INDICATOR_HEAD,), tuple(body))


def tables_workbook(card: ScoreCard) -> Workbook:
    workbook = Workbook()
    funds = funds_table(card)
    first = workbook.active
    assert first is not None
    if funds is not None:
        first.title = "资金情况"
        sheet.set_widths(first, (20, 16, 16, 16, 12, 10))
        sheet.title_row(first, 1, card.report.title, 6)
        sheet.title_row(first, 2, f"{funds.caption}（{funds.note}）", 6, sheet.BOLD)
        sheet.write_table(first, funds, 3, (1,) * 6)
        first.freeze_panes = "A4"
        sheet.a4_print(first)
        scores = workbook.create_sheet("评分表")
    else:
        scores = first
        scores.title = "评分表"
    sheet.set_widths(scores, WIDTHS)
    sheet.title_row(scores, 1, card.report.title, len(WIDTHS))
    sheet.write_table(scores, indicator_table(card), 2, (1,) * len(WIDTHS))
    scores.freeze_panes = "A3"  # title and header stay in view
    scores.print_title_rows = "2:2"
    sheet.a4_print(scores)
    return workbook


def tables_xlsx(card: ScoreCard) -> bytes:
    return workbook_bytes(tables_workbook(card), card.report)


def report_xlsx(card: ScoreCard) -> bytes:
    """The report's workbook: the official form for a 自评表, its tables otherwise."""
    return form_xlsx(card) if card.profile.form else tables_xlsx(card)
