"""The scoring engine: every method and its edge cases, exact Decimals, half-up rounding."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from builder import model
from builder.diagnostics import Diagnostic
from builder.loading.profile import Profile, parse_profile
from builder.loading.reading import read_report
from builder.scoring.engine import ScoreCard, percent, round_half_up, score_report
from builder.scoring.quantity import parse_quantity

PROFILES = Path(__file__).resolve().parents[1] / "builder" / "profiles"
UNIT = model.Unit(slug="u", name="测试单位")


def profile(kind: str = "key-project-evaluation") -> Profile:
    found, diags = parse_profile((PROFILES / f"{kind}.yaml").read_bytes(), kind)
    assert found is not None and not diags
    return found


def card(
    indicators: str, budget: str = "", kind: str = "key-project-evaluation"
) -> tuple[ScoreCard, list[Diagnostic]]:
    text = f"kind: {kind}\ntitle: t\nyear: 2023\nevaluation: {{mode: self}}\n{budget}indicators:\n{indicators}"
    report, diags = read_report(text.encode(), "r.yaml", "u/2023/r", UNIT, None)
    assert report is not None, diags
    scored, more = score_report(report, profile(kind))
    return scored, diags + more


def leaf_score(fields: str, weight: str = "10", budget: str = "") -> Decimal | None:
    scored, diags = card(f"  - {{name: x, weight: {weight}, {fields}}}\n", budget)
    assert not [d for d in diags if d.is_error], diags
    return scored.groups[0].score


def test_half_up_is_not_bankers_rounding() -> None:
    assert round_half_up(Decimal("2.675"), 2) == Decimal("2.68")
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")
    assert round(Decimal("0.125"), 2) == Decimal("0.12")  # what Python's round() would give
    assert round_half_up(Decimal("8.985"), 2) == Decimal("8.99")


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("≥90%", "99.29%", "10.00"),  # over-achievement capped at the weight
        ("≥90%", "90%", "10.00"),
        ("≥90%", "45%", "5.00"),
        ("≥3个", "2个", "6.67"),
        ("4个", "1个", "2.50"),  # no comparator: ratio
        ("≥0个", "0个", "10.00"),  # A = 0: met
        ("≥1000元", "125.25元", "1.25"),  # 1.2525 → 1.25
        ("≥1000元", "126.25元", "1.26"),  # 1.2625 → 1.26 (round() would give 1.26 too)
        ("≥200", "145", "7.25"),
        ("≥8", "1.0", "1.25"),  # exactly .x25 → half-up 1.25
    ],
)
def test_ratio(target: str, actual: str, expected: str) -> None:
    assert leaf_score(f"method: ratio, target: '{target}', actual: '{actual}'") == Decimal(expected)


def test_ratio_rounding_where_round_and_half_up_differ() -> None:
    # 10 × 0.0125 = 0.125: half-up gives 0.13, banker's rounding 0.12.
    assert leaf_score("method: ratio, target: '≥80', actual: '1'") == Decimal("0.13")


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("≤2%", "1%", "10.00"),
        ("≤2%", "2%", "10.00"),
        ("≤2%", "4%", "5.00"),
        ("≦8454200元", "7164000元", "10.00"),
        ("不超过100元", "300元", "3.33"),
        ("≤0元", "5元", "0.00"),  # A = 0 and B > 0
        ("≤5天", "0天", "10.00"),  # B = 0
    ],
)
def test_reverse(target: str, actual: str, expected: str) -> None:
    assert leaf_score(f"method: reverse, target: '{target}', actual: '{actual}'") == Decimal(
        expected
    )


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("=100%", "100%", "10.00"),
        ("=0起", "0起", "10.00"),
        ("=0起", "2起", "0.00"),
        ("=4次", "3次", "7.50"),
    ],
)
def test_equal(target: str, actual: str, expected: str) -> None:
    assert leaf_score(f"method: equal, target: '{target}', actual: '{actual}'") == Decimal(expected)


def test_method_is_inferred_from_the_comparator() -> None:
    assert leaf_score("target: '≤2%', actual: '4%'") == Decimal("5.00")
    assert leaf_score("target: '≥90%', actual: '45%'") == Decimal("5.00")
    assert leaf_score("target: '=0起', actual: '1起'") == Decimal("0.00")


def test_rate() -> None:
    assert leaf_score("method: rate, actual: '89.78%'") == Decimal("8.98")
    assert leaf_score("method: rate, actual: '120%'") == Decimal("10.00")  # capped
    assert leaf_score("method: rate, actual: '0%'") == Decimal("0.00")


@pytest.mark.parametrize(
    ("actual", "expected"),
    [("95%", "10.00"), ("90%", "10.00"), ("85%", "8.00"), ("60%", "5.00"), ("59.99%", "0.00")],
)
def test_banded_profile_bands(actual: str, expected: str) -> None:
    assert leaf_score(f"method: banded, actual: '{actual}'") == Decimal(expected)


def test_banded_inline_bands() -> None:
    bands = "bands: [{min: '90%', score: 10}, {min: '80%', score: 8}, {min: '60%', score: 5}, {score: 1}]"
    assert leaf_score(f"method: banded, actual: '81%', {bands}") == Decimal("8.00")
    assert leaf_score(f"method: banded, actual: '10%', {bands}") == Decimal("1.00")


def test_qualitative_and_judged_use_the_given_score() -> None:
    assert leaf_score("method: qualitative, level: 达成, score: 9") == Decimal("9.00")
    assert leaf_score("method: judged, score: 10") == Decimal("10.00")
    assert leaf_score("score: 7.5, reason: 有延误") == Decimal("7.50")  # a score implies judged


BUDGET = "budget: {unit: 元, lines: [{name: 当年财政拨款, initial: 10451200.00, adjusted: 8454200.00, executed: 7164000.00}]}\n"


def test_budget_rate_uses_the_adjusted_budget_and_is_capped() -> None:
    assert leaf_score("method: budget-rate", budget=BUDGET) == Decimal("8.47")
    over = "budget: {unit: 万元, lines: [{name: a, adjusted: 100, executed: 120}]}\n"
    assert leaf_score("method: budget-rate", budget=over) == Decimal("10.00")


def test_budget_summary_rate_is_uncapped() -> None:
    over = "budget: {unit: 万元, lines: [{name: a, adjusted: 100, executed: 120}, {name: b, initial: 5, adjusted: 0, executed: 0}]}\n"
    scored, _ = card("  - {name: x, weight: 100, method: budget-rate}\n", over)
    assert scored.budget is not None
    assert scored.budget.rate == Decimal("120.00")
    assert scored.budget.initial == Decimal(5)
    assert scored.groups[0].score == Decimal("100.00")


def test_not_applicable_is_excluded() -> None:
    tree = (
        "  - name: 效益\n    children:\n"
        "      - {name: 经济效益, weight: 0, method: not-applicable}\n"
        "      - {name: 社会效益, weight: 100, method: judged, score: 100}\n"
    )
    scored, diags = card(tree)
    assert not diags
    group = scored.groups[0]
    assert group.score == Decimal("100.00") and group.rate == Decimal("100.00")
    assert group.children[0].applicable is False and group.children[0].score is None


def test_rescale_when_profile_says_so() -> None:
    tree = (
        "  - {name: a, weight: 20, method: not-applicable}\n"
        "  - {name: b, weight: 80, method: judged, score: 72, reason: r}\n"
    )
    scored, _ = card(tree)
    assert scored.total == Decimal("72.00")  # the shipped profiles do not rescale
    from dataclasses import replace

    rescaled, _ = score_report(scored.report, replace(profile(), rescale_not_applicable=True))
    assert rescaled.total == Decimal("90.00")  # 72 × 100 / 80


def test_totals_sum_rounded_nodes_then_grade() -> None:
    tree = (
        "  - name: 一\n    children:\n"
        "      - {name: a, weight: 50, method: rate, actual: '89.785%'}\n"  # 44.8925 → 44.89
        "      - {name: b, weight: 50, method: rate, actual: '90.235%'}\n"  # 45.1175 → 45.12
    )
    scored, _ = card(tree)
    assert scored.total == Decimal("90.01")
    assert scored.grade == "优"
    assert scored.groups[0].rate == Decimal("90.01")


@pytest.mark.parametrize(
    ("score", "grade"), [("90", "优"), ("89.99", "良"), ("80", "良"), ("60", "中"), ("59.99", "差")]
)
def test_grade_lower_bounds_are_inclusive(score: str, grade: str) -> None:
    scored, _ = card(f"  - {{name: a, weight: 100, method: judged, score: {score}, reason: r}}\n")
    assert scored.grade == grade


def test_level_one_subtotals_and_rates() -> None:
    tree = (
        "  - name: 过程\n    children:\n"
        "      - {name: a, weight: 12, method: judged, score: 12}\n"
        "      - {name: b, weight: 15, method: judged, score: 13, reason: r}\n"
        "  - {name: 产出, weight: 73, method: judged, score: 70, reason: r}\n"
    )
    scored, _ = card(tree)
    process = scored.group("过程")
    assert process is not None
    assert (process.weight, process.score, process.rate) == (
        Decimal(27),
        Decimal("25.00"),
        Decimal("92.59"),
    )
    assert scored.total == Decimal("95.00")


def test_quantities() -> None:
    q = parse_quantity("不低于20名")
    assert q is not None and (q.comparator, q.number, q.unit) == ("≥", Decimal(20), "名")
    q = parse_quantity("≦8,454,200元")
    assert q is not None and (q.comparator, q.number, q.unit) == ("≤", Decimal(8454200), "元")
    q = parse_quantity("89.78%")
    assert q is not None and q.value == Decimal("0.8978")
    assert parse_quantity("有效") is None
    assert percent(Decimal(1), Decimal(3)) == Decimal("33.33")
    assert percent(Decimal(1), Decimal(0)) is None


def test_words_after_a_number_are_not_a_unit() -> None:
    assert parse_quantity("100%完成") is None
    assert parse_quantity("4个以上的站点") is None
    unit = parse_quantity("30元/人")
    assert unit is not None and unit.unit == "元/人"
    hours = parse_quantity("30184小时")
    assert hours is not None and hours.unit == "小时"


def test_rates_come_from_unrounded_scores_like_the_published_tables() -> None:
    tree = (
        "  - name: 效益指标\n    children:\n"
        "      - {name: 知晓率, weight: 10, method: judged, score: 9.5, reason: r}\n"
        "      - {name: 满意度, weight: 10, method: rate, actual: '89.78%'}\n"
    )
    scored, _ = card(tree)
    group = scored.groups[0]
    assert (group.score, group.rate) == (Decimal("18.48"), Decimal("92.39"))
    assert (group.children[1].score, group.children[1].rate) == (Decimal("8.98"), Decimal("89.78"))
