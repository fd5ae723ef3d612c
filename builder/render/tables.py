"""The generated tables of prose reports: funds, weights, scores, total and grade.

Pure module: ScoreCard → Table data. Every figure comes from the score card (Decimals
formatted, never recomputed with floats); totals are the engine's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from builder.render import numbers
from builder.render.grid import (
    DASH_NUM,
    Cell,
    Row,
    Table,
    fixed_num,
    head_row,
    num,
    percent_num,
    tree_cells,
    weight_num,
)
from builder.scoring.engine import NodeScore, ScoreCard, percent


@dataclass(frozen=True)
class TotalLine:
    total: str
    grade: str
    weight_total: str


def scored_leaves(node: NodeScore) -> list[NodeScore]:
    """list(NODE.scored_nodes()), made without a generator per node: tables, report.json
    and scores.csv each ask for a report's scored nodes (half the cost, measured)."""
    if node.method is not None:
        return [node]
    found: list[NodeScore] = []
    _collect(node.children, found)
    return found


def _collect(nodes: tuple[NodeScore, ...], found: list[NodeScore]) -> None:
    for node in nodes:
        if node.method is not None:
            found.append(node)
        elif node.children:
            _collect(node.children, found)


def card_leaves(card: ScoreCard) -> list[NodeScore]:
    """list(CARD.scored_nodes())."""
    found: list[NodeScore] = []
    _collect(card.groups, found)
    return found


def budget_node(card: ScoreCard) -> NodeScore | None:
    """The scored node computed from the budget (预算执行率), if any."""
    return next((n for n in card_leaves(card) if n.method == "budget-rate"), None)


# Cells are made positionally and figures through grid's memos (fixed_num …): a scores
# table has a hundred-odd cells, and keyword arguments and formatting each figure again
# were most of a report body's time (measured).
FUNDS_HEAD = (head_row("资金来源", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"),)
WEIGHTS_HEAD = (head_row("一级指标", "二级指标", "三级指标", "分值"),)
SCORES_HEAD = (head_row("一级指标", "二级指标", "三级指标", "分值", "得分", "得分率"),)
TOTAL_3 = Cell("合计", 1, 3, False, "", "name")
SUBTOTAL_2 = Cell("小计", 1, 2, False, "", "name")


def _row_name(text: str) -> Cell:
    return Cell(text, 1, 1, True, "row", "name")


def funds_table(card: ScoreCard) -> Table | None:
    budget = card.budget
    if budget is None:
        return None
    body = [
        Row(
            (
                _row_name(line.name),
                fixed_num(line.initial),
                fixed_num(line.adjusted),
                fixed_num(line.executed),
                percent_num(percent(line.executed, line.adjusted)),
                DASH_NUM,
            )
        )
        for line in budget.lines
    ]
    rated = budget_node(card)
    score = rated.score if rated else None
    body.append(
        Row(
            (
                _row_name("合计"),
                fixed_num(budget.initial),
                fixed_num(budget.adjusted),
                fixed_num(budget.executed),
                percent_num(budget.rate),
                fixed_num(score, card.profile.decimals),
            ),
            "total",
        )
    )
    caption = card.profile.captions.get("funds", "项目资金情况")
    return Table("funds", caption, FUNDS_HEAD, tuple(body), f"单位：{budget.unit}")


def _group_rows(
    group: NodeScore,
    leaves: list[NodeScore],
    values: Sequence[tuple[Cell, ...]],
    subtotal: Row | None,
) -> list[Row]:
    """Rows of one 一级 group: its merged name cell, the LEAVES (its scored nodes, with
    their VALUES), then its subtotal row."""
    if group.scored:
        return [Row((Cell(group.name, 1, 3, False, "", "name"), *values[0]))]
    names = tree_cells([leaf.indicator.path[1:] for leaf in leaves], 2)
    span = len(leaves) + (1 if subtotal else 0)
    first = Cell(group.name, span, 1, True, "rowgroup", "name")
    rows = [Row((first, *names[0], *values[0]))]
    rows += [Row((*n, *v)) for n, v in zip(names[1:], values[1:], strict=True)]
    if subtotal:
        rows.append(subtotal)
    return rows


def weights_table(card: ScoreCard) -> Table | None:
    if not card.groups:
        return None
    body: list[Row] = []
    for group in card.groups:
        leaves = scored_leaves(group)
        if leaves:
            values = [(weight_num(leaf.weight),) for leaf in leaves]
            body.extend(_group_rows(group, leaves, values, None))
    body.append(Row((TOTAL_3, weight_num(card.weight_total)), "total"))
    return Table("weights", "项目绩效指标构成及分值权重", WEIGHTS_HEAD, tuple(body))


NOT_APPLICABLE = Cell("不适用", 1, 1, False, "", "na")


def _score_cells(node: NodeScore, decimals: int) -> tuple[Cell, Cell, Cell]:
    if not node.applicable:
        return fixed_num(node.weight), NOT_APPLICABLE, DASH_NUM
    return fixed_num(node.weight), fixed_num(node.score, decimals), percent_num(node.rate)


def scores_table(card: ScoreCard) -> Table | None:
    if not card.groups:
        return None
    decimals = card.profile.decimals
    body: list[Row] = []
    for group in card.groups:
        leaves = scored_leaves(group)
        if not leaves:
            continue
        values = [_score_cells(leaf, decimals) for leaf in leaves]
        subtotal = Row((SUBTOTAL_2, *_score_cells(group, decimals)), "subtotal")
        body.extend(_group_rows(group, leaves, values, subtotal))
    body.append(
        Row(
            (
                TOTAL_3,
                fixed_num(card.weight_total),
                fixed_num(card.total, decimals),
                num(""),
            ),
            "total",
        )
    )
    return Table("scores", "绩效评价指标评分表", SCORES_HEAD, tuple(body))


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
