"""Quantities as real forms write them (issue 11 §1, §2, §4 得分系数, §7, §10 full-width colon)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, write_report
from test_scoring import card, leaf_score

from builder.checks import run_checks
from builder.diagnostics import Diagnostic
from builder.pipeline.run import check
from builder.scoring.quantity import parse_quantity

# Every comparator and unit, half-width and as a Chinese input method types it.
COMPARATORS = [
    ("≥", "≥"),
    (">=", "≥"),
    ("≧", "≥"),
    ("＞＝", "≥"),
    ("≤", "≤"),
    ("<=", "≤"),
    ("≦", "≤"),
    ("＜＝", "≤"),
    (">", ">"),
    ("＞", ">"),
    ("<", "<"),
    ("＜", "<"),
    ("=", "="),
    ("＝", "="),
    ("\ufe66", "="),  # ﹦ small equals sign
    ("不低于", "≥"),
    ("不少于", "≥"),
    ("不高于", "≤"),
    ("不超过", "≤"),
]
UNITS = [
    ("%", "%"),
    ("％", "%"),
    ("百分比", "%"),
    ("个", "个"),
    ("天", "天"),
    ("元", "元"),
    ("万元", "万元"),
    ("人次", "人次"),
    ("", ""),
]


@pytest.mark.parametrize(("written", "comparator"), COMPARATORS)
@pytest.mark.parametrize(("unit_written", "unit"), UNITS)
@pytest.mark.parametrize(("digits", "number"), [("90.5", "90.5"), ("９０．５", "90.5")])
def test_every_comparator_and_unit_in_both_widths(
    written: str, comparator: str, unit_written: str, unit: str, digits: str, number: str
) -> None:
    q = parse_quantity(f"{written}{digits}{unit_written}")
    assert q is not None
    assert (q.comparator, q.number, q.unit) == (comparator, Decimal(number), unit)


@pytest.mark.parametrize(
    ("text", "comparator", "number", "unit"),
    [
        ("98%以上", "≥", "98", "%"),
        ("98％以上", "≥", "98", "%"),
        ("90%及以上", "≥", "90", "%"),
        ("90%以下", "≤", "90", "%"),
        ("3天内", "≤", "3", "天"),
        ("3天以内", "≤", "3", "天"),
        ("５个工作日内", "≤", "5", "个工作日"),
        ("≥100百分比", "≥", "100", "%"),
        ("﹦100%", "=", "100", "%"),
        ("１，０００元", None, "1000", "元"),
    ],
)
def test_comparators_written_after_the_number(
    text: str, comparator: str | None, number: str, unit: str
) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.comparator, q.number, q.unit) == (comparator, Decimal(number), unit)


def test_words_stay_words() -> None:
    assert parse_quantity("4个以上的站点") is None
    assert parse_quantity("100%完成") is None


@pytest.mark.parametrize(
    ("target", "actual"),
    [("≥90%", "８０％"), ("≥90％", "80%"), ("≧９０％", "８０％"), ("90%以上", "80％")],
)
def test_full_width_percent_scores_right(target: str, actual: str) -> None:
    # Before: ８０％ against ≥90% scored 15.00, ≥90％ against 80% scored 0.13.
    assert leaf_score(f"target: '{target}', actual: '{actual}'", weight="15") == Decimal("13.33")


def test_days_within_against_days() -> None:
    # Before: 单位「天内」与「天」不同.
    assert leaf_score("target: '3天内', actual: '2天'") == Decimal("10.00")
    assert leaf_score("target: '3天内', actual: '6天'") == Decimal("5.00")


def test_bare_actual_takes_the_targets_unit() -> None:
    assert leaf_score("target: '=8个', actual: '8'") == Decimal("10.00")
    assert leaf_score("target: '≥90%', actual: '45'") == Decimal("5.00")


def test_unit_field_applies_to_target_and_actual() -> None:
    assert leaf_score("unit: 个, target: '≥8', actual: '6'") == Decimal("7.50")
    assert leaf_score("unit: '%', method: rate, actual: '89.78'") == Decimal("8.98")
    assert leaf_score("unit: ％, target: '≥90', actual: '90%'") == Decimal("10.00")
    _, diags = card("  - {name: x, weight: 10, unit: 个, target: '≥8次', actual: '8'}\n")
    assert [(d.code, d.pos.line) for d in diags if d.is_error] == [("JX201", 6)]
    assert "度量单位" in diags[0].message


@pytest.mark.parametrize(
    ("direction", "expected"),
    [("正向", "5.00"), ("≥", "5.00"), ("反向", "10.00"), ("≤", "10.00"), ("等于", "5.00")],
)
def test_direction_sets_the_method(direction: str, expected: str) -> None:
    # A bare number target has no comparator: the direction decides.
    fields = f"direction: '{direction}', target: '8', actual: '4'"
    assert leaf_score(fields) == Decimal(expected)


def test_qualitative_direction() -> None:
    scored, diags = card(
        "  - {name: x, weight: 10, direction: 定性, target: 有效, level: 达成, score: 9, reason: r}\n"
    )
    assert not [d for d in diags if d.is_error], diags
    assert scored.groups[0].method == "qualitative"
    assert scored.groups[0].score == Decimal("9.00")


def test_unreadable_quantity_lists_the_accepted_forms() -> None:
    _, diags = card("  - {name: x, weight: 10, method: ratio, target: '≥90%', actual: 大约九成}\n")
    bad = [d for d in diags if d.code == "JX204"]
    assert len(bad) == 1
    for form in ("98%以上", "不少于20名", "3天内", "８０％"):
        assert form in bad[0].hint


def test_coefficient_method() -> None:
    assert leaf_score("method: coefficient, coefficient: 85, reason: r") == Decimal("8.50")
    assert leaf_score("method: coefficient, coefficient: '92.5%', reason: r") == Decimal("9.25")
    assert leaf_score("method: coefficient, coefficient: 100") == Decimal("10.00")
    for bad in ("coefficient: 120", "coefficient: '-5'", "coefficient: 很好", ""):
        _, diags = card(f"  - {{name: x, weight: 10, method: coefficient, {bad}}}\n")
        assert [d.code for d in diags if d.is_error] == ["JX220"], bad


def checked(indicators: str) -> list[Diagnostic]:
    scored, diags = card(indicators)
    return diags + list(run_checks(scored))


def test_missed_target_needs_a_reason() -> None:
    # Before: a 60 % against a ≥90 % target passed silently.
    found = checked("  - {name: x, weight: 100, target: '≥90%', actual: '60%'}\n")
    assert [(d.code, d.severity.value, d.pos.line) for d in found] == [("JX319", "warning", 6)]
    assert (
        checked("  - {name: x, weight: 100, target: '≥90%', actual: '60%', reason: 疫情}\n") == []
    )
    assert checked("  - {name: x, weight: 100, target: '≥90%', actual: '95%'}\n") == []
    budget = "budget: {unit: 万元, lines: [{name: a, adjusted: 100, executed: 90}]}\n"
    scored, diags = card("  - {name: 预算执行率, weight: 100, method: budget-rate}\n", budget)
    assert [d.code for d in diags + list(run_checks(scored))] == ["JX319"]


BASE = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")


def test_full_width_colon_is_named_in_the_hint(tmp_path: Path) -> None:
    write_report(tmp_path, BASE.replace("    weight: 20\n", "    weight：20\n", 1))
    found = [d for d in check([tmp_path]).diagnostics if d.code == "JX002"]
    assert found and "：" in found[0].message + found[0].hint
    assert (found[0].pos.line, found[0].pos.col) == (15, 11)


def test_a_direction_against_the_comparator_is_a_warning() -> None:
    found = checked("  - {name: x, weight: 100, direction: 反向, target: '≥90%', actual: '90%'}\n")
    assert [(d.code, d.severity.value, d.pos.col) for d in found] == [("JX221", "warning", 39)]
    assert (
        checked("  - {name: x, weight: 100, direction: 反向, target: '≤2%', actual: '1%'}\n") == []
    )


def test_the_readme_example_of_real_form_syntax_scores_as_it_says() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("#### Targets and actuals", 1)[1].split("```yaml\n", 1)[1]
    example = section.split("```", 1)[0]
    indicators = "".join(f"  {line}\n" for line in example.splitlines() if line.startswith("- "))
    scored, diags = card(indicators)
    assert not [d for d in diags if d.is_error], diags
    scores = {n.name: n.score for n in scored.scored_nodes()}
    assert scores == {
        "培训人次": Decimal("50.00"),
        "政策知晓率": Decimal("24.00"),
        "参训人员满意度": Decimal("10.00"),
        "履职效能": Decimal("18.50"),
    }


def test_a_word_target_hint_also_lists_the_numeric_forms() -> None:
    _, diags = card("  - {name: x, weight: 10, target: 大约九成, actual: '80%'}\n")
    assert [d.code for d in diags] == ["JX202"] and "98%以上" in diags[0].hint
