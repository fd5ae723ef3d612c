"""The official 项目支出绩效自评表 as table data (DESIGN §4.3).

Pure module. Header, funds (the 预算执行率 indicator's weight and score sit in the
年度资金总额 row), 年度总体目标, the indicator table and 总分.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from builder.model import BudgetLine, FormInfo
from builder.render import numbers
from builder.render.grid import (
    DASH_NUM,
    Cell,
    Row,
    Table,
    fixed_num,
    head_row,
    percent_num,
    tree_cells,
    weight_num,
)
from builder.render.tables import budget_node, scored_leaves
from builder.scoring.engine import NodeScore, ScoreCard
from builder.scoring.quantity import shown

FUND_ROWS = ("当年财政拨款", "上年结转资金", "其他资金")
NA = "不适用"


@dataclass(frozen=True)
class Form:
    title: str
    parts: tuple[Table, ...]


def build_form(card: ScoreCard) -> Form:
    parts = [header_table(card)]
    funds = funds_part(card)
    if funds is not None:
        parts.append(funds)
    parts.append(goals_part(card))
    parts.append(indicators_part(card))
    parts.append(signoff_part(card))
    return Form(title=f"{card.report.year}年度项目支出绩效自评表", parts=tuple(parts))


def _label(text: str) -> Cell:
    return Cell(text, 1, 1, True, "row", "label")  # positional: cheaper (measured)


def header_table(card: ScoreCard) -> Table:
    report = card.report
    project = report.project
    return Table(
        kind="form-head",
        caption="",
        head=(),
        body=(
            Row(
                (
                    _label("项目编码"),
                    Cell((project.code if project else None) or numbers.DASH),
                    _label("项目名称"),
                    Cell(project.name if project else report.title),
                )
            ),
            Row(
                (
                    _label("实施单位"),
                    Cell(report.implementer),
                    _label("主管部门"),
                    Cell(report.department),
                )
            ),
            _year_row(report.year, report.form.category if report.form else None),
        ),
        columns=(14, 36, 14, 36),
    )


def _year_row(year: int, category: str | None) -> Row:
    if category is None:
        return Row((_label("年度"), Cell(str(year), colspan=3)))
    return Row((_label("项目类别"), Cell(category), _label("年度"), Cell(str(year))))


def _date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def signoff_part(card: ScoreCard) -> Table:
    """Who answers for the form, as offices print it under the table, and the line the
    implementing unit stamps. Names left out stay blank, to be signed on paper."""
    info = card.report.form or FormInfo()
    pairs = (
        (("单位负责人", info.unit_head), ("财务负责人", info.finance_manager)),
        (("项目负责人", info.project_manager), ("填表人", info.preparer)),
        (("联系电话", info.phone), ("填报日期", _date(info.filled))),
    )
    rows = [
        Row((_label(a), Cell(x or ""), _label(b), Cell(y or "")))
        for (a, x), (b, y) in pairs
        if x or y
    ]
    rows.append(Row((Cell("实施单位（盖章）", colspan=4, cls="seal"),)))
    return Table(
        kind="form-signoff", caption="", head=(), body=tuple(rows), columns=(14, 36, 14, 36)
    )


def _fund_row(name: str, line: BudgetLine | None) -> Row:
    if line is None:
        return Row((_label(name), *(DASH_NUM,) * 6))
    amounts = fixed_num(line.initial), fixed_num(line.adjusted), fixed_num(line.executed)
    return Row((_label(name), *amounts, DASH_NUM, DASH_NUM, DASH_NUM))


def funds_part(card: ScoreCard) -> Table | None:
    budget = card.budget
    if budget is None:
        return None
    rated = budget_node(card)
    decimals = card.profile.decimals
    total = Row(
        (
            _label("年度资金总额"),
            fixed_num(budget.initial),
            fixed_num(budget.adjusted),
            fixed_num(budget.executed),
            weight_num(rated.weight) if rated else DASH_NUM,
            percent_num(budget.rate),
            fixed_num(rated.score, decimals) if rated else DASH_NUM,
        ),
        "total",
    )
    by_name = {line.name: line for line in budget.lines}
    rows = [total]
    for i, name in enumerate(FUND_ROWS):
        rows.append(_fund_row(("其中：" if i == 0 else "") + name, by_name.get(name)))
    rows.extend(_fund_row(line.name, line) for line in budget.lines if line.name not in FUND_ROWS)
    return Table(
        kind="form-funds",
        caption="资金使用情况",
        head=(
            head_row(
                f"项目资金（{budget.unit}）",
                "年初预算数",
                "全年预算数",
                "全年执行数",
                "分值",
                "执行率",
                "得分",
            ),
        ),
        body=tuple(rows),
        columns=(20, 17, 17, 17, 7, 11, 11),
    )


def goals_part(card: ScoreCard) -> Table:
    goals = card.report.goals
    expected = (goals.expected if goals else None) or numbers.DASH
    achieved = (goals.achieved if goals else None) or numbers.DASH
    return Table(
        kind="form-goals",
        caption="年度总体目标",
        head=(head_row("预期目标", "实际完成情况"),),
        body=(Row((Cell(expected, cls="text"), Cell(achieved, cls="text"))),),
        columns=(50, 50),
    )


def _text(text: str, cls: str = "") -> Cell:
    return Cell(text, 1, 1, False, "", cls)


def indicator_values(node: NodeScore, decimals: int) -> tuple[Cell, ...]:
    """年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因 of one scored indicator (the form's
    indicator table and the workbook of the other kinds)."""
    ind = node.indicator
    if not node.applicable:
        return (
            _text(ind.target or NA, "na qty"),
            _text(ind.actual or NA, "na qty"),
            weight_num(node.weight),
            DASH_NUM,
            _text(ind.reason or ""),
        )
    return (
        _text(shown(ind.target, node.target) or numbers.DASH, "qty"),
        _text(shown(ind.actual, node.actual) or numbers.DASH, "qty"),
        weight_num(node.weight),
        fixed_num(node.score, decimals),
        _text(ind.reason or "", "note qty"),
    )


def _leaf_path(node: NodeScore) -> tuple[str, ...]:
    """二级/三级 names; a 不适用 二级 without 三级 reads 「不适用」 in the 三级 column."""
    path = node.indicator.path[1:]
    if len(path) == 1 and not node.applicable:
        return (path[0], NA)
    return path


def _group_rows(group: NodeScore, decimals: int) -> list[Row]:
    leaves = [n for n in scored_leaves(group) if n.method != "budget-rate"]
    if not leaves:
        return []
    label = f"{group.name}（{numbers.weight(group.weight)}分）"
    if group.scored:
        return [Row((Cell(label, colspan=3, cls="name"), *indicator_values(group, decimals)))]
    names = tree_cells([_leaf_path(leaf) for leaf in leaves], 2)
    first = Cell(label, len(leaves), 1, True, "rowgroup", "name")
    rows = [Row((first, *names[0], *indicator_values(leaves[0], decimals)))]
    rows += [
        Row((*name_cells, *indicator_values(leaf, decimals)))
        for leaf, name_cells in zip(leaves[1:], names[1:], strict=True)
    ]
    return rows


def indicators_part(card: ScoreCard) -> Table:
    decimals = card.profile.decimals
    body: list[Row] = []
    for group in card.groups:
        body.extend(_group_rows(group, decimals))
    body.append(
        Row(
            (
                Cell("总分", 1, 5, False, "", "name"),
                weight_num(card.weight_total),
                fixed_num(card.total, decimals),
                DASH_NUM,
            ),
            "total",
        )
    )
    return Table(
        kind="form-indicators",
        caption="年度绩效指标",
        head=(
            head_row(
                "一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "分值",
                "得分",
                "偏差原因分析及改进措施",
            ),
        ),
        body=tuple(body),
        columns=(12, 12, 18, 11, 11, 6, 9, 21),
    )
