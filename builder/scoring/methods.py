"""Scoring methods: one function per method, (indicator, weight, context, diagnostics) → the
exact score before capping and rounding, or None with a located diagnostic.

Pure module; scoring.py applies the cap and the half-up rounding.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from builder.diagnostics import (
    BAD_BANDS,
    BAD_LEVEL,
    BAD_QUANTITY,
    MISSING_SCORE,
    NO_BUDGET,
    UNIT_MISMATCH,
    ZERO_BUDGET,
    Diagnostic,
    diag,
)
from builder.loading.profile import Profile
from builder.loading.scalars import within_bound
from builder.model import Indicator, Report
from builder.scoring.codes import BAD_COEFFICIENT
from builder.scoring.quantity import ACCEPTED_FORMS, Quantity, parse_quantity, same_unit, with_unit

if TYPE_CHECKING:
    from builder.scoring.engine import BudgetCard


def _bounded_quantity(text: str | None) -> Quantity | None:
    """TEXT as a quantity whose number keeps the amount grammar's size bound, else None
    (reported where it is used as "not a number"): a pasted 100,000-digit target would
    overflow Decimal's exponent range in w·B/A."""
    quantity = parse_quantity(text)
    return quantity if quantity is not None and within_bound(quantity.number) else None


# Targets and actuals repeat within and across reports ("≥90%", "100%") and each is read
# up to three times while scoring: parse each text once (a Quantity is immutable).
quantity_of = functools.lru_cache(maxsize=4096)(_bounded_quantity)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Context:
    profile: Profile
    budget: BudgetCard | None
    report: Report


Method = Callable[[Indicator, Decimal, Context, list[Diagnostic]], Decimal | None]


def quantities(ind: Indicator) -> tuple[Quantity | None, Quantity | None]:
    """Target and actual as quantities: a number written without a unit takes the
    indicator's `unit:` (a form's 度量单位 column), and a bare actual the target's unit."""
    target = with_unit(quantity_of(ind.target), ind.unit)
    actual = with_unit(quantity_of(ind.actual), ind.unit or (target.unit if target else None))
    return target, actual


def _unit_of(ind: Indicator) -> Quantity | None:
    """The indicator's `unit:` as a unit of 1, to compare with the units written."""
    return with_unit(Quantity(None, ONE, ""), ind.unit) if ind.unit else None


def _measured(
    ind: Indicator, diags: list[Diagnostic], need_target: bool = True
) -> tuple[Quantity | None, Quantity | None]:
    """Target and actual as quantities, or a located problem and (None, None)."""
    target, actual = quantities(ind)
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
                    f"写成比较符、数字和单位，可写：{ACCEPTED_FORMS}；"
                    "无法量化的指标请用 qualitative 或 judged。",
                )
            )
            return None, None
    declared = _unit_of(ind)
    for key, value in (("target", target), ("actual", actual)):
        if declared and value and not same_unit(declared, value):
            diags.append(
                diag(
                    UNIT_MISMATCH,
                    f"「{ind.name}」的度量单位为「{ind.unit}」，"
                    f"{'指标值' if key == 'target' else '实际值'}却写成「{value.unit or '无'}」",
                    ind.at(key),
                    "写了 unit: 时，指标值和实际值可只写数字；写单位时须与 unit 相同。",
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


def _ratio(ind: Indicator, w: Decimal, ctx: Context, diags: list[Diagnostic]) -> Decimal | None:
    target, actual = _measured(ind, diags)
    if target is None or actual is None:
        return None
    return _toward(w, target.value, actual.value)


def _toward(w: Decimal, a: Decimal, b: Decimal) -> Decimal:
    """正向: w when B reaches A, else w·B/A. A target of 0 or below has no proportion to
    take (B/A would flip sign or divide by zero): missing it scores 0."""
    if b >= a:
        return w
    return w * b / a if a > 0 else ZERO


def _reverse(ind: Indicator, w: Decimal, ctx: Context, diags: list[Diagnostic]) -> Decimal | None:
    target, actual = _measured(ind, diags)
    if target is None or actual is None:
        return None
    a, b = target.value, actual.value
    if b <= a:
        return w
    # 反向 with a target of 0 or below (≤0 投诉, ≤-5% 增长): A/B has no meaning (a
    # division by zero at B = 0, a negative share otherwise), so missing it scores 0.
    return w * a / b if a > 0 else ZERO


def _equal(ind: Indicator, w: Decimal, ctx: Context, diags: list[Diagnostic]) -> Decimal | None:
    target, actual = _measured(ind, diags)
    if target is None or actual is None:
        return None
    a, b = target.value, actual.value
    if a == 0:
        return w if b <= 0 else ZERO
    return _toward(w, a, b)


def _rate(ind: Indicator, w: Decimal, ctx: Context, diags: list[Diagnostic]) -> Decimal | None:
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


def _coefficient(
    ind: Indicator, w: Decimal, ctx: Context, diags: list[Diagnostic]
) -> Decimal | None:
    """得分系数 (Chongqing department forms): score = weight × coefficient %, 0–100."""
    given = quantity_of(ind.coefficient)
    if (
        given is None
        or given.comparator
        or given.unit not in ("", "%")
        or not (ZERO <= given.number <= HUNDRED)
    ):
        diags.append(
            diag(
                BAD_COEFFICIENT,
                f"「{ind.name}」的得分系数「{ind.coefficient}」无效"
                if ind.coefficient
                else f"「{ind.name}」使用 coefficient 方法，缺少得分系数（coefficient）",
                ind.at("coefficient") if ind.coefficient else ind.at("method"),
                "得分系数为 0–100 之间的数，如 coefficient: 85 或 85%；得分 = 分值 × 系数%。",
            )
        )
        return None
    return w * given.number / HUNDRED


def _banded(ind: Indicator, w: Decimal, ctx: Context, diags: list[Diagnostic]) -> Decimal | None:
    _target, actual = _measured(ind, diags, need_target=False)
    if actual is None:
        return None
    bands: list[tuple[Decimal | None, Decimal]] = []
    for band in ind.bands:
        if band.minimum is None:
            bands.append((None, band.score))
            continue
        bound = quantity_of(band.minimum)
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
    ind: Indicator, w: Decimal, ctx: Context, diags: list[Diagnostic]
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


def _judged(ind: Indicator, w: Decimal, ctx: Context, diags: list[Diagnostic]) -> Decimal | None:
    return _given_score(ind, diags)


def _budget_rate(
    ind: Indicator, w: Decimal, ctx: Context, diags: list[Diagnostic]
) -> Decimal | None:
    budget = ctx.budget
    written = ctx.report.budget
    if budget is None and written is not None and not written.complete:
        return None  # its lines' invalid amounts are reported where they are written
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
    "coefficient": _coefficient,
}
# Methods whose score follows from a formula: a written score is only a cross-check.
COMPUTED = frozenset({"ratio", "reverse", "equal", "rate", "banded", "budget-rate", "coefficient"})
# 指标性质 / 指标方向 → the method it implies when `method` is absent.
DIRECTION_METHODS = {
    "正向": "ratio",
    "≥": "ratio",
    "反向": "reverse",
    "≤": "reverse",
    "等于": "equal",
    "=": "equal",
    "定性": "qualitative",
}
