"""The scoring engine: indicator tree + budget + profile → a score card.

Pure functions over Decimals. Each scored node is computed exactly, capped at its
weight, rounded half-up (四舍五入) or down (截尾) to the decimals the report, the site or
the profile sets, then summed; Python's round() (banker's rounding) is never used.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache

from builder.diagnostics import (
    MISSING_WEIGHT,
    NEEDS_METHOD,
    SCORE_IGNORED,
    Diagnostic,
    diag,
)
from builder.loading.profile import Profile
from builder.model import Budget, BudgetLine, Indicator, Report, Scoring
from builder.scoring.codes import SCALED_NO_WEIGHT, SCALED_ON_SCORED
from builder.scoring.methods import (
    COMPUTED,
    DIRECTION_METHODS,
    HUNDRED,
    METHODS,
    ZERO,
    Context,
    quantities,
)
from builder.scoring.quantity import ACCEPTED_FORMS, Quantity

CENT = Decimal("0.01")


def round_half_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(_quantum(decimals), rounding=ROUND_HALF_UP)


def round_score(value: Decimal, profile: Profile) -> Decimal:
    """A score as the report prints it: the profile's decimals, half-up or truncated."""
    mode = ROUND_DOWN if profile.rounding == "down" else ROUND_HALF_UP
    return value.quantize(_quantum(profile.decimals), rounding=mode)


@lru_cache(maxsize=32)  # a profile's decimals: one or two values in a build
def _quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


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


# Not frozen, though nothing changes a NodeScore once scored: a frozen dataclass sets each
# field through object.__setattr__, which made building one three times slower (measured).
@dataclass
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
    # Its scored descendants when it is not scored itself: kept, as every check and
    # several outputs walk them (nested generators cost more than the checks, measured).
    # Never the node itself: a node holding itself is a reference cycle, and the build's
    # workers, which run without the cyclic collector, would keep every report's tree.
    _scored_below: tuple[NodeScore, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.method is None:
            self._scored_below = tuple(n for c in self.children for n in c.scored_nodes())
        else:
            self._scored_below = ()

    @property
    def name(self) -> str:
        return self.indicator.name

    @property
    def scored(self) -> bool:
        return self.method is not None

    # Cached: tables, charts, open data and listings ask for them again and again, and each
    # walked the subtree.
    @cached_property
    def scoring_weight(self) -> Decimal:
        """The weight that counts toward 得分率: not-applicable parts excluded."""
        if self.scored or self.indicator.scaled:  # a scaled block counts at its own weight
            return self.weight if self.applicable else ZERO
        return sum((c.scoring_weight for c in self.children), ZERO)

    @cached_property
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
        return iter((self,) if self.method is not None else self._scored_below)


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
        return iter(self._scored_nodes)

    @cached_property
    def _scored_nodes(self) -> tuple[NodeScore, ...]:
        return tuple(n for group in self.groups for n in group.scored_nodes())

    def group(self, name: str) -> NodeScore | None:
        return next((g for g in self.groups if g.name == name), None)


def score_report(
    report: Report, profile: Profile, site: Scoring | None = None
) -> tuple[ScoreCard, list[Diagnostic]]:
    """Score REPORT; rounding as the report's `scoring:` says, else the site's, else PROFILE's."""
    diags: list[Diagnostic] = []
    profile = profile.with_scoring(site or Scoring()).with_scoring(report.scoring)
    budget = summarize_budget(report.budget)
    ctx = Context(profile, budget, report)
    groups = tuple([_node(ind, ctx, diags) for ind in report.indicators])
    raw_total = sum((g.score or ZERO for g in groups), ZERO)
    weight_total = sum((g.weight for g in groups), ZERO)
    if profile.rescale_not_applicable:
        applicable = sum((g.scoring_weight for g in groups), ZERO)
        if 0 < applicable < weight_total:
            raw_total = raw_total * weight_total / applicable
    total = round_score(raw_total, profile)
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
    if ind.direction is not None:
        return DIRECTION_METHODS[ind.direction]
    if ind.score is not None:
        return "judged"
    if ind.target is not None or (not ind.children and ind.weight is not None):
        quantity = quantities(ind)[0]
        if quantity is None:
            return "?"  # reported by _score_leaf as NEEDS_METHOD
        return {"≤": "reverse", "<": "reverse", "=": "equal"}.get(
            quantity.comparator or "", "ratio"
        )
    return None


def _node(ind: Indicator, ctx: Context, diags: list[Diagnostic]) -> NodeScore:
    method = effective_method(ind)
    if method is None:
        children = tuple([_node(c, ctx, diags) for c in ind.children])
        weight = sum((c.weight for c in children), ZERO)
        applicable = any(c.applicable for c in children)
        counted = [c for c in children if c.applicable and c.score is not None]
        score = sum((c.score or ZERO for c in counted), ZERO) if applicable else None
        raw = sum((c.raw or ZERO for c in counted), ZERO) if applicable else None
        if ind.scaled:
            return _scaled(ind, children, score, raw, ctx, diags)
        return NodeScore(
            ind, weight, score, None, applicable=applicable, children=children, raw=raw
        )
    if ind.scaled:
        diags.append(
            diag(
                SCALED_ON_SCORED,
                f"「{ind.name}」是计分指标，不能写 scaled: true",
                ind.at("scaled"),
                "scaled 用于下级指标另有分值的分组：请删去这一行，或把它移到该分组上。",
            )
        )
    return _scored(ind, method, ctx, diags)


def _scaled(
    ind: Indicator,
    children: tuple[NodeScore, ...],
    score: Decimal | None,
    raw: Decimal | None,
    ctx: Context,
    diags: list[Diagnostic],
) -> NodeScore:
    """A block scored on another scale (Hubei: an 80-point block whose indicators carry
    60 + 40): Σ children × weight / Σ children's weights, rounded as the report rounds."""
    scale = sum((c.scoring_weight for c in children), ZERO)
    weight = ind.weight
    if weight is None:
        diags.append(
            diag(
                SCALED_NO_WEIGHT,
                f"分组「{ind.name}」写了 scaled: true，但没有分值",
                ind.at("scaled"),
                "请添加「weight: 分值」：下级得分之和将按比例折算为这个分值。",
            )
        )
        weight = scale
    if score is None or raw is None or not scale:
        return NodeScore(ind, weight, None, None, applicable=bool(scale), children=children)
    return NodeScore(
        ind,
        weight,
        round_score(score * weight / scale, ctx.profile),
        None,
        children=children,
        raw=raw * weight / scale,
    )


def _scored(ind: Indicator, method: str, ctx: Context, diags: list[Diagnostic]) -> NodeScore:
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
    target, actual = quantities(ind)
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
                "由评价人打分的请写「method: judged」并填写 score；"
                f"数值指标可写：{ACCEPTED_FORMS}。",
            )
        )
        return NodeScore(ind, weight, None, None, target=target, actual=actual)
    computed = METHODS[method](ind, weight, ctx, diags)
    raw = None if computed is None else min(max(computed, ZERO), weight)
    score = None if raw is None else round_score(raw, ctx.profile)
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
