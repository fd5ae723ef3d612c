"""Which scoring method reproduces each imported row's printed score (pure).

A form prints scores, not methods. Each row's method is inferred from its target and
actual (the quantity syntax `jixiao` reads): the comparator's formula, `rate` for a
percentage actual, `budget-rate` for 预算执行率. The first whose score, computed by the
scoring engine itself, equals the printed one is kept. If none does, the printed score is
the evaluator's judgement (`judged`) — and where a formula applied but gave another score,
a warning names the cell.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from builder import model
from builder.loading.profile import Profile
from builder.office import codes
from builder.office.formdata import Form, IndicatorRow
from builder.scoring.engine import score_report
from builder.scoring.quantity import parse_quantity

PLACEHOLDER_REASON = "（导入自原表：原表未填写偏差原因，请补充）"
AUTO = "auto"  # the method the scoring engine infers from the target's comparator


class Choice(NamedTuple):
    method: str  # a method name, or AUTO
    score: Decimal | None  # the printed score, kept for judged
    reason: str | None


def _probe(row: IndicatorRow, method: str, budget: model.Budget | None, profile: Profile, year: int) -> Decimal | None:  # fmt: skip
    ind = model.Indicator(
        name=row.path[-1],
        path=row.path,
        weight=row.weight,
        method=None if method == AUTO else method,
        target=row.target,
        actual=row.actual,
    )
    report = model.Report(
        folder="import",
        unit=model.Unit("import", "import"),
        slug="import",
        kind=profile.id,
        title="",
        year=year,
        evaluation=model.Evaluation("self"),
        indicators=(ind,),
        budget=budget,
    )
    card, _ = score_report(report, profile)
    return card.groups[0].score


def candidates(row: IndicatorRow, has_budget: bool) -> list[str]:
    found = []
    if has_budget and "执行率" in row.path[-1] and "预算" in row.path[-1]:
        found.append("budget-rate")
    target, actual = parse_quantity(row.target), parse_quantity(row.actual)
    if target is not None and actual is not None:
        found.append(AUTO)
    if actual is not None and actual.unit in ("%", "％"):
        found.append("rate")
    return found


def choose(
    row: IndicatorRow, budget: model.Budget | None, profile: Profile, year: int, form: Form
) -> Choice:
    if row.not_applicable:
        return Choice("not-applicable", None, row.reason)
    computed: list[Decimal] = []
    for method in candidates(row, budget is not None):
        score = _probe(row, method, budget, profile, year)
        if score is not None and score == row.score:
            return Choice(method, None, row.reason)
        if score is not None:
            computed.append(score)
    reason = row.reason
    if computed and row.score is not None:
        form.problem(
            codes.IMPORT_JUDGED,
            f"「{row.path[-1]}」表中得分 {row.score} 与按公式计算的 {computed[0]} 不同，"
            "按评价人打分（method: judged）导入",
            row.refs["score"],
            "如表中得分有误，请改正后重新导入；如确为评价人判断，请在 reason 中说明依据。",
        )
    if row.score is not None and row.weight is not None and row.score < row.weight and not reason:
        reason = PLACEHOLDER_REASON
        form.problem(
            codes.IMPORT_NO_REASON,
            f"「{row.path[-1]}」扣了分（{row.score}/{row.weight}），表中没有偏差原因",
            row.refs.get("reason", row.refs["score"]),
            "导入时填入了占位说明，请在 report.yaml 的 reason 中写明扣分原因。",
        )
    return Choice("judged", row.score, reason)
