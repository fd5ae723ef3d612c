"""Amounts whose unit is probably wrong: 1,200,000 万元 (120 亿元) for a community
project is 1,200,000 元 typed under `unit: 万元`; 25 元 for a project's budget is 25 万元
under `unit: 元`. Warnings: a big programme may really be that large."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from builder.checks import check
from builder.diagnostics import Diagnostic, Pos, Severity, diag, register_code
from builder.scoring.engine import ScoreCard

IMPLAUSIBLE_AMOUNT = register_code("JX531", Severity.WARNING, "金额的单位可能写错了")

WAN = Decimal(10_000)
TOO_MANY_WAN = Decimal(1_000_000)  # 100 亿元
TOO_FEW_YUAN = Decimal(100)


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def implausible(value: Decimal, unit: str, pos: Pos) -> Diagnostic | None:
    """A warning when VALUE in UNIT (元 or 万元) is out of all proportion, else None."""
    if unit == "万元" and value >= TOO_MANY_WAN:
        return diag(
            IMPLAUSIBLE_AMOUNT,
            f"金额 {_text(value)}万元（{_text(value * WAN)}元，逾百亿元）大得不合常理，"
            "单位可能写错了",
            pos,
            "如果这是以元为单位的数字，请把单位改为「元」，或换算成万元。",
        )
    if unit == "元" and 0 < value < TOO_FEW_YUAN:
        return diag(
            IMPLAUSIBLE_AMOUNT,
            f"金额 {_text(value)}元 小得不合常理，单位可能写错了",
            pos,
            "如果这是以万元为单位的数字，请把单位改为「万元」，或换算成元。",
        )
    return None


@check
def implausible_budget(card: ScoreCard) -> Iterator[Diagnostic]:
    budget = card.report.budget
    if budget is None:
        return
    for line in budget.lines:
        for key in ("initial", "adjusted", "executed"):
            value = getattr(line, key)
            found = None if value is None else implausible(value, budget.unit, line.pos_of.at(key))
            if found is not None:
                yield found
