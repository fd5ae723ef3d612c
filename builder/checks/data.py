"""Data checks: weights, scores, reasons, declared figures, budget."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from builder.checks import check
from builder.diagnostics import (
    DECLARED_GRADE,
    DECLARED_GROUP,
    DECLARED_RATE,
    DECLARED_TOTAL,
    DECLARED_UNKNOWN_GROUP,
    DEFAULT_SPLIT,
    GROUP_WEIGHT,
    OVERSPENT,
    QUALITATIVE_BAND,
    REASON_LOW_SCORE,
    REASON_OVERSHOOT,
    SCORE_OVER_WEIGHT,
    TOTAL_WEIGHT,
    Diagnostic,
    diag,
)
from builder.scoring.codes import DIRECTION_CONFLICT, REASON_MISSED_TARGET, TOTAL_OVER_100
from builder.scoring.engine import NodeScore, ScoreCard, percent
from builder.scoring.methods import COMPUTED, DIRECTION_METHODS, HUNDRED, quantity_of
from builder.scoring.quantity import same_unit


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else str(value)


def _weights_known(node: NodeScore) -> bool:
    """False when a scored node below has no (valid) weight: already reported, and
    any sum involving it would only repeat that problem."""
    return all(
        n.indicator.weight is not None or n.method == "not-applicable" for n in node.scored_nodes()
    )


@check
def group_weights(card: ScoreCard) -> Iterator[Diagnostic]:
    for group in card.groups:
        for node in group.walk():
            given = node.indicator.weight
            if node.scored or node.indicator.scaled or given is None or given == node.weight:
                continue
            if not _weights_known(node):
                continue
            parts = " + ".join(_fmt(c.weight) for c in node.children)
            shown = f"（{parts}）" if len(node.children) > 1 else ""
            yield diag(
                GROUP_WEIGHT,
                f"「{node.name}」的分值 {_fmt(given)} 不等于下级分值之和 {_fmt(node.weight)}{shown}",
                node.indicator.at("weight"),
                "检查下级指标的分值，或修改该分组的 weight；若下级指标按另一分制打分"
                "（如 80 分的分组下各指标合计 100 分），请给该分组加「scaled: true」折算。",
            )


@check
def total_weight(card: ScoreCard) -> Iterator[Diagnostic]:
    if not all(_weights_known(g) for g in card.groups):
        return
    if card.groups and card.weight_total != HUNDRED:
        parts = " + ".join(f"{g.name} {_fmt(g.weight)}" for g in card.groups)
        yield diag(
            TOTAL_WEIGHT,
            f"一级指标分值合计为 {_fmt(card.weight_total)}，应为 100（{parts}）",
            card.report.at("indicators"),
            _total_weight_hint(card),
        )


def _total_weight_hint(card: ScoreCard) -> str:
    """Point at the children when a level-1 group's own weight would have added up."""
    odd = [
        g
        for g in card.groups
        if not g.scored and g.indicator.weight is not None and g.indicator.weight != g.weight
    ]
    if not odd:
        return "调整各一级指标的分值，使合计为 100。"
    named = "；".join(
        f"「{g.name}」写的分值为 {_fmt(g.indicator.weight or HUNDRED)}，"
        f"下级分值之和却为 {_fmt(g.weight)}"
        for g in odd
    )
    return (
        f"问题在下级指标：{named}。请检查这些下级指标的分值；若它们按另一分制打分，"
        "请给该分组加「scaled: true」，按比例折算为分组的分值。"
    )


@check
def total_within_100(card: ScoreCard) -> Iterator[Diagnostic]:
    if card.total > HUNDRED:
        yield diag(
            TOTAL_OVER_100,
            f"总分 {card.total} 超过 100，等级「{card.grade}」不能成立",
            card.report.at("indicators"),
            "检查各指标的分值与得分：分值合计应为 100，得分不超过分值；"
            "按另一分制打分的分组请写「scaled: true」。",
        )


@check
def default_split(card: ScoreCard) -> Iterator[Diagnostic]:
    expected = card.profile.default_weights
    if not expected or card.weight_total != HUNDRED:
        return
    actual = {g.name: g.weight for g in card.groups}
    if actual == expected:
        return
    wanted = "、".join(f"{k} {_fmt(v)}" for k, v in expected.items())
    yield diag(
        DEFAULT_SPLIT,
        f"一级指标分值与「{card.profile.name}」的默认权重不同（默认：{wanted}）",
        card.report.at("indicators"),
        "如确属本地区口径，可忽略；否则请按默认权重设置。",
    )


@check
def score_within_weight(card: ScoreCard) -> Iterator[Diagnostic]:
    for node in card.scored_nodes():
        given = node.indicator.score
        if node.method in ("judged", "qualitative") and given is not None and given > node.weight:
            yield diag(
                SCORE_OVER_WEIGHT,
                f"「{node.name}」得分 {_fmt(given)} 超过分值 {_fmt(node.weight)}",
                node.indicator.at("score"),
                "得分不能超过分值：超额完成不加分。",
            )


@check
def qualitative_band(card: ScoreCard) -> Iterator[Diagnostic]:
    bands = card.profile.qualitative
    for node in card.scored_nodes():
        ind = node.indicator
        if node.method != "qualitative" or ind.level is None or ind.score is None:
            continue
        if ind.level not in bands:
            continue
        low, high = bands[ind.level]
        low_score, high_score = low * node.weight, high * node.weight
        top = high == 1
        inside = low_score <= ind.score and (
            ind.score <= high_score if top else ind.score < high_score
        )
        if not inside:
            closing = "]" if top else ")"
            yield diag(
                QUALITATIVE_BAND,
                f"「{ind.name}」等级为「{ind.level}」，得分应在 [{_fmt(low_score)}, "
                f"{_fmt(high_score)}{closing} 内，这里是 {_fmt(ind.score)}",
                ind.at("score"),
                f"「{ind.level}」对应分值的 {_fmt(low * HUNDRED)}%–{_fmt(high * HUNDRED)}%；"
                "请调整得分或等级。",
            )


@check
def reason_for_low_score(card: ScoreCard) -> Iterator[Diagnostic]:
    for node in card.scored_nodes():
        ind = node.indicator
        if node.method not in ("judged", "qualitative") or ind.score is None:
            continue
        if ind.score < node.weight and not ind.reason:
            yield diag(
                REASON_LOW_SCORE,
                f"「{ind.name}」得分 {_fmt(ind.score)} 低于分值 {_fmt(node.weight)}，但没有说明扣分原因",
                ind.at("score"),
                "请添加「reason: 扣分原因及改进措施」。",
            )


@check
def reason_for_missed_target(card: ScoreCard) -> Iterator[Diagnostic]:
    for node in card.scored_nodes():
        ind = node.indicator
        if node.method not in COMPUTED or node.score is None or ind.reason:
            continue
        if node.score < node.weight:
            where = "actual" if "actual" in ind.pos_of else "method"
            yield diag(
                REASON_MISSED_TARGET,
                f"「{ind.name}」得分 {node.score} 低于分值 {_fmt(node.weight)}，但没有说明偏差原因",
                ind.at(where),
                "自评表有「偏差原因分析及改进措施」一栏：请添加「reason: 偏差原因及改进措施」。",
            )


# The comparators each direction's method cannot agree with.
_OPPOSITE = {"ratio": ("≤", "<"), "reverse": ("≥", ">"), "equal": ("≥", ">", "≤", "<")}


@check
def direction_agrees(card: ScoreCard) -> Iterator[Diagnostic]:
    for node in card.scored_nodes():
        ind = node.indicator
        if ind.direction is None or ind.method is not None or node.target is None:
            continue
        method = DIRECTION_METHODS[ind.direction]
        if node.target.comparator in _OPPOSITE.get(method, ()):
            yield diag(
                DIRECTION_CONFLICT,
                f"「{ind.name}」的指标方向为「{ind.direction}」，"
                f"指标值「{ind.target}」的比较符却是「{node.target.comparator}」",
                ind.at("direction"),
                f"jixiao 按指标方向（{method} 方法）评分；请核对方向或指标值。",
            )


@check
def reason_for_overshoot(card: ScoreCard) -> Iterator[Diagnostic]:
    ratio_limit = card.profile.overshoot_ratio
    for node in card.scored_nodes():
        ind = node.indicator
        target, actual = node.target, node.actual  # parsed once, while scoring
        if ind.reason or target is None or actual is None or not same_unit(target, actual):
            continue
        if target.comparator in ("≤", "<") or target.value <= 0:
            continue
        if actual.value / target.value >= ratio_limit:
            yield diag(
                REASON_OVERSHOOT,
                f"「{ind.name}」实际值 {ind.actual} 达到指标值 {ind.target} 的 "
                f"{_fmt(ratio_limit * HUNDRED)}% 以上，但没有说明原因",
                ind.at("actual"),
                "指标值可能定得过低：请添加「reason: 偏差原因分析及改进措施」。",
            )


@check
def declared_figures(card: ScoreCard) -> Iterator[Diagnostic]:
    declared = card.report.declared
    if declared.total is not None and declared.total != _as_printed(
        card.total, declared.total, card
    ):
        yield diag(
            DECLARED_TOTAL,
            f"原报告总分为 {_fmt(declared.total)}，按指标计算为 {card.total}",
            declared.pos_of.get("total", card.report.at("declared")),
            "核对各指标得分；若原报告加总有误，请在说明中注明并修正 declared.total。",
        )
    if declared.grade is not None and declared.grade != card.grade:
        yield diag(
            DECLARED_GRADE,
            f"原报告等级为「{declared.grade}」，按总分 {card.total} 应为「{card.grade}」",
            declared.pos_of.get("grade", card.report.at("declared")),
            "等级由总分决定（下限含本数）：≥90 优，≥80 良，≥60 中，其余为差。",
        )
    yield from _declared_groups(card)
    yield from _declared_rate(card)


def _as_printed(computed: Decimal, printed: Decimal, card: ScoreCard) -> Decimal:
    """COMPUTED at PRINTED's precision when PRINTED has fewer places (a form that prints
    whole points), rounded as the report rounds; else COMPUTED unchanged."""
    places, own = printed.as_tuple().exponent, computed.as_tuple().exponent
    if not isinstance(places, int) or not isinstance(own, int) or places <= own:
        return computed
    mode = ROUND_DOWN if card.profile.rounding == "down" else ROUND_HALF_UP
    return computed.quantize(Decimal(1).scaleb(places), rounding=mode)


def _stated_rate(text: str) -> Decimal | None:
    """A declared 执行率 in percent: `84.74%`, or a fraction as some forms print it (`0.8474`)."""
    stated = quantity_of(text)
    if stated is None or stated.comparator or stated.unit not in ("%", ""):
        return None
    if stated.unit == "" and stated.number <= 1:
        return stated.number * HUNDRED
    return stated.number


def _declared_groups(card: ScoreCard) -> Iterator[Diagnostic]:
    declared = card.report.declared
    for name, value in declared.groups.items():
        group: NodeScore | None = card.group(name)
        pos = declared.group_pos.get(name, card.report.at("declared"))
        if group is None:
            names = "、".join(g.name for g in card.groups)
            yield diag(
                DECLARED_UNKNOWN_GROUP,
                f"填报的一级指标「{name}」不存在",
                pos,
                f"一级指标有：{names}。",
            )
        elif group.score is None or value != _as_printed(group.score, value, card):
            yield diag(
                DECLARED_GROUP,
                f"原报告「{name}」得分为 {_fmt(value)}，按指标计算为 {group.score}",
                pos,
                "核对该一级指标下各指标的得分。",
            )


def _declared_rate(card: ScoreCard) -> Iterator[Diagnostic]:
    declared = card.report.declared
    if declared.budget_rate is None:
        return
    pos = declared.pos_of.get("budget_rate", card.report.at("declared"))
    stated = _stated_rate(declared.budget_rate)
    budget = card.budget
    computed = budget.rate if budget else None
    exact = budget.ratio * HUNDRED if budget and budget.ratio is not None else None
    if stated is None or exact is None or stated != _at_places(exact, stated, computed):
        shown = f"{computed}%" if computed is not None else "无法计算（缺少预算数据）"
        on_initial = (
            budget is not None
            and budget.initial
            and stated is not None
            and percent(budget.executed, budget.initial) == stated
        )
        yield diag(
            DECLARED_RATE,
            f"原报告预算执行率为 {declared.budget_rate}，按全年预算数计算为 {shown}"
            + ("（原报告似乎按年初预算数计算）" if on_initial else ""),
            pos,
            "执行率 = 全年执行数 ÷ 全年预算数（不是年初预算数）。",
        )


def _at_places(exact: Decimal, stated: Decimal, computed: Decimal | None) -> Decimal | None:
    """The exact rate at the stated precision (86% against 86.20%), never finer than the
    two places the rate is shown with."""
    places = stated.normalize().as_tuple().exponent
    if not isinstance(places, int) or places < -2:
        return computed
    return exact.quantize(Decimal(1).scaleb(min(places, 0)), rounding=ROUND_HALF_UP)


@check
def overspent(card: ScoreCard) -> Iterator[Diagnostic]:
    if card.budget is None:
        return
    for line in card.budget.lines:
        if line.executed > line.adjusted:
            yield diag(
                OVERSPENT,
                f"「{line.name}」全年执行数 {line.executed} 大于全年预算数 {line.adjusted}",
                line.pos_of.get("executed", line.pos),
                "核对执行数；如有超支，请在报告中说明原因。",
            )
