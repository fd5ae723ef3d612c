"""The generated tables of prose reports: funds, weights, scores, total and grade.

Pure module: ScoreCard → Table data. Every figure comes from the score card (Decimals
formatted, never recomputed with floats); totals are the engine's.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.render import numbers
from builder.render.grid import Cell, Row, Table, head_row, num, tree_cells
from builder.scoring import NodeScore, ScoreCard, percent


@dataclass(frozen=True)
class TotalLine:
    total: str
    grade: str
    weight_total: str


def budget_node(card: ScoreCard) -> NodeScore | None:
    """The scored node computed from the budget (预算执行率), if any."""
    return next((n for n in card.scored_nodes() if n.method == "budget-rate"), None)


def funds_table(card: ScoreCard) -> Table | None:
    budget = card.budget
    if budget is None:
        return None
    body = []
    for line in budget.lines:
        body.append(
            Row(
                (
                    Cell(line.name, header=True, scope="row", cls="name"),
                    num(numbers.fixed(line.initial)),
                    num(numbers.fixed(line.adjusted)),
                    num(numbers.fixed(line.executed)),
                    num(numbers.percent(percent(line.executed, line.adjusted))),
                    num(numbers.DASH),
                )
            )
        )
    rated = budget_node(card)
    score = rated.score if rated else None
    body.append(
        Row(
            (
                Cell("合计", header=True, scope="row", cls="name"),
                num(numbers.fixed(budget.initial)),
                num(numbers.fixed(budget.adjusted)),
                num(numbers.fixed(budget.executed)),
                num(numbers.percent(budget.rate)),
                num(
                    numbers.fixed(score, card.profile.decimals)
                    if score is not None
                    else numbers.DASH
                ),
            ),
            cls="total",
        )
    )
    return Table(
        kind="funds",
        caption="项目资金情况",
        head=(head_row("资金来源", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"),),
        body=tuple(body),
        note=f"单位：{budget.unit}",
    )


def _group_rows(group: NodeScore, values: list[list[Cell]], subtotal: Row | None) -> list[Row]:
    """Rows of one 一级 group: its merged name cell, the leaves, then its subtotal row."""
    leaves = list(group.scored_nodes())
    if group.scored:
        return [Row((Cell(group.name, colspan=3, cls="name"), *values[0]))]
    names = tree_cells([leaf.indicator.path[1:] for leaf in leaves], 2)
    span = len(leaves) + (1 if subtotal else 0)
    rows = []
    for i, (name_cells, value_cells) in enumerate(zip(names, values, strict=True)):
        first = (
            [Cell(group.name, rowspan=span, header=True, scope="rowgroup", cls="name")]
            if i == 0
            else []
        )
        rows.append(Row((*first, *name_cells, *value_cells)))
    if subtotal:
        rows.append(subtotal)
    return rows


def weights_table(card: ScoreCard) -> Table | None:
    if not card.groups:
        return None
    body: list[Row] = []
    for group in card.groups:
        values = [[num(numbers.weight(leaf.weight))] for leaf in group.scored_nodes()]
        if values:
            body.extend(_group_rows(group, values, None))
    body.append(
        Row(
            (Cell("合计", colspan=3, cls="name"), num(numbers.weight(card.weight_total))),
            cls="total",
        )
    )
    return Table(
        kind="weights",
        caption="项目绩效指标构成及分值权重",
        head=(head_row("一级指标", "二级指标", "三级指标", "分值"),),
        body=tuple(body),
    )


def _score_cells(node: NodeScore, decimals: int) -> list[Cell]:
    if not node.applicable:
        return [num(numbers.fixed(node.weight)), Cell("不适用", cls="na"), num(numbers.DASH)]
    score = numbers.fixed(node.score, decimals) if node.score is not None else numbers.DASH
    return [num(numbers.fixed(node.weight)), num(score), num(numbers.percent(node.rate))]


def scores_table(card: ScoreCard) -> Table | None:
    if not card.groups:
        return None
    decimals = card.profile.decimals
    body: list[Row] = []
    for group in card.groups:
        values = [_score_cells(leaf, decimals) for leaf in group.scored_nodes()]
        if not values:
            continue
        subtotal = Row(
            (Cell("小计", colspan=2, cls="name"), *_score_cells(group, decimals)), cls="subtotal"
        )
        body.extend(_group_rows(group, values, subtotal))
    body.append(
        Row(
            (
                Cell("合计", colspan=3, cls="name"),
                num(numbers.fixed(card.weight_total)),
                num(numbers.fixed(card.total, decimals)),
                num(""),
            ),
            cls="total",
        )
    )
    return Table(
        kind="scores",
        caption="绩效评价指标评分表",
        head=(head_row("一级指标", "二级指标", "三级指标", "分值", "得分", "得分率"),),
        body=tuple(body),
    )


def total_line(card: ScoreCard) -> TotalLine:
    return TotalLine(
        total=numbers.fixed(card.total, card.profile.decimals),
        grade=card.grade,
        weight_total=numbers.weight(card.weight_total),
    )


def has_data(card: ScoreCard, name: str) -> bool:
    """Whether the named table can be generated for this report."""
    if name == "funds":
        return card.budget is not None
    if name in ("weights", "scores", "form"):
        return bool(card.groups)
    return True
