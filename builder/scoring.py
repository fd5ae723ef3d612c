"""The scoring engine: indicator tree + budget + profile → a score card.

Pure functions over Decimals. Each scored node is computed exactly, capped at its
weight, rounded half-up (四舍五入) to the profile's decimals, then summed; Python's
round() (banker's rounding) is never used.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from builder.diagnostics import (
    BAD_BANDS,
    BAD_LEVEL,
    BAD_QUANTITY,
    MISSING_SCORE,
    MISSING_WEIGHT,
    NEEDS_METHOD,
    NO_BUDGET,
    SCORE_IGNORED,
    UNIT_MISMATCH,
    ZERO_BUDGET,
    Diagnostic,
    diag,
)
from builder.model import Budget, BudgetLine, Indicator, Report
from builder.profile import Profile
from builder.quantity import Quantity, parse_quantity, same_unit

# Targets and actuals repeat within and across reports ("≥90%", "100%") and each is read
# up to three times while scoring: parse each text once (a Quantity is immutable).
_quantity = functools.lru_cache(maxsize=4096)(parse_quantity)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """part/whole as a percentage with two decimals, half-up; None when whole is 0."""
    if whole == 0:
        return None
    return round_half_up(part / whole * HUNDRED, 2)


@dataclass(frozen=True)
class BudgetCard:
    unit: str
    lines: tuple[BudgetLine, ...]
    initial: Decimal | None  # None when no line gives 年初预算数
    adjusted: Decimal
    executed: Decimal
    ratio: Decimal | None  # executed / adjusted, exact and uncapped
    rate: Decimal | None  # the same as a percentage, two decimals (shown uncapped)


@dataclass(frozen=True)
class NodeScore:
    indicator: Indicator
    weight: Decimal  # given, or for a group the sum of its scored descendants
    score: Decimal | None  # rounded; None when not applicable or not computable
    method: str | None  # the effective method of a scored node, None for a group
    applicable: bool = True
    children: tuple[NodeScore, ...] = ()
    target: Quantity | None = None
    actual: Quantity | None = None
    # The exact score before rounding (capped). 得分率 is computed from it, as the
    # published tables do: 8.978/10 → 89.78%, (9.5 + 8.978)/20 → 92.39%.
    raw: Decimal | None = None

    @property
    def name(self) -> str:
        return self.indicator.name

    @property
    def scored(self) -> bool:
        return self.method is not None

    @property
    def scoring_weight(self) -> Decimal:
        """The weight that counts toward 得分率: not-applicable parts excluded."""
        if self.scored:
            return self.weight if self.applicable else ZERO
        return sum((c.scoring_weight for c in self.children), ZERO)

    @property
    def rate(self) -> Decimal | None:
        """得分率 in percent (two decimals, half-up), from the unrounded score."""
        if self.score is None:
            return None
        return percent(self.score if self.raw is None else self.raw, self.scoring_weight)

    def walk(self) -> Iterator[NodeScore]:
        yield self
        for child in self.children:
            yield from child.walk()

    def scored_nodes(self) -> Iterator[NodeScore]:
        """This node if it is scored, else its scored descendants (info children skipped)."""
        if self.scored:
            yield self
            return
        for child in self.children:
            yield from child.scored_nodes()


@dataclass(frozen=True)
class ScoreCard:
    report: Report
    profile: Profile
    groups: tuple[NodeScore, ...]  # level-1 indicators
    total: Decimal
    grade: str
    budget: BudgetCard | None
    weight_total: Decimal

    def scored_nodes(self) -> Iterator[NodeScore]:
        for group in self.groups:
            yield from group.scored_nodes()

    def group(self, name: str) -> NodeScore | None:
        return next((g for g in self.groups if g.name == name), None)


@dataclass(frozen=True)
class _Context:
    profile: Profile
    budget: BudgetCard | None
    report: Report


def score_report(report: Report, profile: Profile) -> tuple[ScoreCard, list[Diagnostic]]:
    diags: list[Diagnostic] = []
    budget = summarize_budget(report.budget)
    ctx = _Context(profile, budget, report)
    groups = tuple(_node(ind, ctx, diags) for ind in report.indicators)
    raw_total = sum((g.score or ZERO for g in groups), ZERO)
    weight_total = sum((g.weight for g in groups), ZERO)
    if profile.rescale_not_applicable:
        applicable = sum((g.scoring_weight for g in groups), ZERO)
        if 0 < applicable < weight_total:
            raw_total = raw_total * weight_total / applicable
    total = round_half_up(raw_total, profile.decimals)
    card = ScoreCard(
        report=report,
        profile=profile,
        groups=groups,
        total=total,
        grade=profile.grade_for(total),
        budget=budget,
        weight_total=weight_total,
    )
    return card, diags


def summarize_budget(budget: Budget | None) -> BudgetCard | None:
    if budget is None or not budget.lines:
        return None
    initials = [line.initial for line in budget.lines if line.initial is not None]
    adjusted = sum((line.adjusted for line in budget.lines), ZERO)
    executed = sum((line.executed for line in budget.lines), ZERO)
    ratio = executed / adjusted if adjusted else None
    return BudgetCard(
        unit=budget.unit,
        lines=budget.lines,
        initial=sum(initials, ZERO) if initials else None,
        adjusted=adjusted,
        executed=executed,
        ratio=ratio,
        rate=percent(executed, adjusted),
    )


def effective_method(ind: Indicator) -> str | None:
    """The declared method, or the one implied by a score or a numeric target."""
    if ind.method is not None:
        return ind.method
    if "method" in ind.pos_of:
        return "invalid"  # written but not a known method: already reported (JX105)
    if ind.score is not None:
        return "judged"
    if ind.target is not None or (not ind.children and ind.weight is not None):
        quantity = _quantity(ind.target)
        if quantity is None:
            return "?"  # reported by _score_leaf as NEEDS_METHOD
        return {"≤": "reverse", "<": "reverse", "=": "equal"}.get(
            quantity.comparator or "", "ratio"
        )
    return None


def _node(ind: Indicator, ctx: _Context, diags: list[Diagnostic]) -> NodeScore:
    method = effective_method(ind)
    if method is None:
        children = tuple(_node(c, ctx, diags) for c in ind.children)
        weight = sum((c.weight for c in children), ZERO)
        applicable = any(c.applicable for c in children)
        counted = [c for c in children if c.applicable and c.score is not None]
        score = sum((c.score or ZERO for c in counted), ZERO) if applicable else None
        raw = sum((c.raw or ZERO for c in counted), ZERO) if applicable else None
        return NodeScore(
            ind, weight, score, None, applicable=applicable, children=children, raw=raw
        )
    return _scored(ind, method, ctx, diags)


def _scored(ind: Indicator, method: str, ctx: _Context, diags: list[Diagnostic]) -> NodeScore:
    weight = ind.weight
    if weight is None:
        if method != "not-applicable" and "weight" not in ind.pos_of:
            diags.append(
                diag(
                    MISSING_WEIGHT,
                    f"计分指标「{ind.name}」没有分值",
                    ind.at("name"),
                    "请添加「weight: 分值」。",
                )
            )
        weight = ZERO
    target, actual = _quantity(ind.target), _quantity(ind.actual)
    if method == "not-applicable":
        return NodeScore(ind, weight, None, method, applicable=False, target=target, actual=actual)
    if method == "invalid":
        return NodeScore(ind, weight, None, None, target=target, actual=actual)
    if method == "?":
        diags.append(
            diag(
                NEEDS_METHOD,
                f"指标「{ind.name}」的指标值「{ind.target or ''}」不是数值，无法按公式计分",
                ind.at("target") if ind.target else ind.at("name"),
                "定性指标请写「method: qualitative」并填写 level 和 score；"
                "由评价人打分的请写「method: judged」并填写 score。",
            )
        )
        return NodeScore(ind, weight, None, None, target=target, actual=actual)
    computed = METHODS[method](ind, weight, ctx, diags)
    raw = None if computed is None else min(max(computed, ZERO), weight)
    score = None if raw is None else round_half_up(raw, ctx.profile.decimals)
    if score is not None and method in COMPUTED and ind.score is not None and ind.score != score:
        diags.append(
            diag(
                SCORE_IGNORED,
                f"「{ind.name}」按 {method} 方法计算得分为 {score}，与填写的 {ind.score} 不同",
                ind.at("score"),
                "公式计分的指标不必填写 score；如需人工打分，请改为「method: judged」。",
            )
        )
    return NodeScore(ind, weight, score, method, target=target, actual=actual, raw=raw)


# --- one function per method: (indicator, weight, context, diagnostics) -> raw score ---

Method = Callable[[Indicator, Decimal, _Context, list[Diagnostic]], Decimal | None]


def _measured(
    ind: Indicator, diags: list[Diagnostic], need_target: bool = True
) -> tuple[Quantity | None, Quantity | None]:
    """Target and actual as quantities, or a located problem and (None, None)."""
    target, actual = _quantity(ind.target), _quantity(ind.actual)
    for key, text, value, needed in (
        ("target", ind.target, target, need_target),
        ("actual", ind.actual, actual, True),
    ):
        if needed and value is None:
            what = "指标值" if key == "target" else "实际完成值"
            diags.append(
                diag(
                    BAD_QUANTITY,
                    f"「{ind.name}」的{what}「{text or ''}」不是数值"
                    if text
                    else f"「{ind.name}」缺少{what}（{key}）",
                    ind.at(key) if text else ind.at("name"),
                    "写成数字加单位，如 ≥90%、4个、≤8454200元；无法量化的指标请用 qualitative 或 judged。",
                )
            )
            return None, None
    if need_target and target and actual and not same_unit(target, actual):
        diags.append(
            diag(
                UNIT_MISMATCH,
                f"「{ind.name}」的指标值单位「{target.unit or '无'}」与实际值单位「{actual.unit or '无'}」不同",
                ind.at("actual"),
                "两者须使用同一单位（如都写 %），否则无法比较；jixiao 不会猜测换算。",
            )
        )
        return None, None
    return target, actual


def _ratio(ind: Indicator, w: Decimal, ctx: _Context, diags: list[Diagnostic]) -> Decimal | None:
    target, actual = _measured(ind, diags)
    if target is None or actual is None:
        return None
    a, b = target.value, actual.value
    if b >= a:
        return w
    return w * b / a if a else w


def _reverse(ind: Indicator, w: Decimal, ctx: _Context, diags: list[Diagnostic]) -> Decimal | None:
    target, actual = _measured(ind, diags)
    if target is None or actual is None:
        return None
    a, b = target.value, actual.value
    if b <= a:
        return w
    return w * a / b


def _equal(ind: Indicator, w: Decimal, ctx: _Context, diags: list[Diagnostic]) -> Decimal | None:
    target, actual = _measured(ind, diags)
    if target is None or actual is None:
        return None
    a, b = target.value, actual.value
    if a == 0:
        return w if b <= 0 else ZERO
    return w if b >= a else w * b / a


def _rate(ind: Indicator, w: Decimal, ctx: _Context, diags: list[Diagnostic]) -> Decimal | None:
    _target, actual = _measured(ind, diags, need_target=False)
    if actual is None:
        return None
    if actual.unit != "%":
        diags.append(
            diag(
                BAD_QUANTITY,
                f"「{ind.name}」使用 rate 方法，实际值应为百分比，这里是「{ind.actual}」",
                ind.at("actual"),
                "如 89.78%；得分 = 分值 × 实际百分比。",
            )
        )
        return None
    return w * actual.value


def _banded(ind: Indicator, w: Decimal, ctx: _Context, diags: list[Diagnostic]) -> Decimal | None:
    _target, actual = _measured(ind, diags, need_target=False)
    if actual is None:
        return None
    bands: list[tuple[Decimal | None, Decimal]] = []
    for band in ind.bands:
        if band.minimum is None:
            bands.append((None, band.score))
            continue
        bound = _quantity(band.minimum)
        if bound is None or bound.unit != actual.unit:
            diags.append(
                diag(
                    BAD_BANDS,
                    f"分档下限「{band.minimum}」无法与实际值「{ind.actual}」比较",
                    band.pos,
                    "下限与实际值须同一单位，如 min: 90%。",
                )
            )
            return None
        bands.append((bound.value, band.score))
    if not ind.bands:
        bands = [
            (
                b.minimum if actual.unit == "%" or b.minimum is None else b.minimum * HUNDRED,
                b.share * w,
            )
            for b in ctx.profile.bands
        ]
    if not bands:
        diags.append(
            diag(BAD_BANDS, f"「{ind.name}」没有分档标准", ind.at("method"), "请添加 bands。")
        )
        return None
    ordered = sorted(bands, key=lambda b: (b[0] is None, -(b[0] or ZERO)))
    for minimum, score in ordered:
        if minimum is None or actual.value >= minimum:
            return score
    return ZERO


def _given_score(ind: Indicator, diags: list[Diagnostic]) -> Decimal | None:
    if ind.score is None and "score" not in ind.pos_of:
        diags.append(
            diag(
                MISSING_SCORE,
                f"「{ind.name}」使用 {ind.method or 'judged'} 方法，须填写得分",
                ind.at("method") if ind.method else ind.at("name"),
                "请添加「score: 得分」。",
            )
        )
    return ind.score


def _qualitative(
    ind: Indicator, w: Decimal, ctx: _Context, diags: list[Diagnostic]
) -> Decimal | None:
    if ind.level is None and "level" not in ind.pos_of:
        levels = "、".join(ctx.profile.qualitative)
        diags.append(
            diag(
                BAD_LEVEL,
                f"定性指标「{ind.name}」缺少达成等级",
                ind.at("method"),
                f"请添加「level: …」，可选：{levels}。",
            )
        )
    return _given_score(ind, diags)


def _judged(ind: Indicator, w: Decimal, ctx: _Context, diags: list[Diagnostic]) -> Decimal | None:
    return _given_score(ind, diags)


def _budget_rate(
    ind: Indicator, w: Decimal, ctx: _Context, diags: list[Diagnostic]
) -> Decimal | None:
    budget = ctx.budget
    if budget is None:
        diags.append(
            diag(
                NO_BUDGET,
                f"「{ind.name}」按预算执行率计分，但报告没有 budget",
                ind.at("method"),
                "请在 report.yaml 中添加 budget: 的 unit 和 lines（全年预算数、全年执行数）。",
            )
        )
        return None
    if budget.ratio is None:
        diags.append(
            diag(
                ZERO_BUDGET,
                "全年预算数合计为 0，无法计算预算执行率",
                ctx.report.at("budget"),
                "请检查各行的 adjusted（全年预算数）。",
            )
        )
        return None
    return w * min(budget.ratio, ONE)


METHODS: dict[str, Method] = {
    "ratio": _ratio,
    "reverse": _reverse,
    "equal": _equal,
    "rate": _rate,
    "banded": _banded,
    "qualitative": _qualitative,
    "budget-rate": _budget_rate,
    "judged": _judged,
}
# Methods whose score follows from a formula: a written score is only a cross-check.
COMPUTED = frozenset({"ratio", "reverse", "equal", "rate", "banded", "budget-rate"})
