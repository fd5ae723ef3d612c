"""The seed reports' published figures are the first truth test of the engine.

Every expected value below is copied from the published original in /work/shared/seeds/
(000, 002, 003, 004), not from jixiao's own output. They are checked twice: through the
real CLI (`jixiao score content --json`, as a user or CI runs it) and through the Python
API (`builder.pipeline.run.check`).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from conftest import CONTENT, run_jixiao

from builder.pipeline.run import Evaluated, check
from builder.render.figures import figure_table
from builder.scoring.engine import ScoreCard

ZENGCHENG_PROJECT = "zengcheng-xinfang/2023/social-worker-project"  # seed 000
BAIYUN = "baiyun-jingtai/2023/social-work-station"  # seed 002
ZENGCHENG_DEPT = "zengcheng-xinfang/2023/department-overall"  # seed 003
FUTIAN_IT = "futian-xinfang/2023/it-operations"  # seed 004, form 1
FUTIAN_SOCIAL = "futian-xinfang/2023/social-work-services"  # seed 004, form 2
FUTIAN_ADMIN = "futian-xinfang/2023/general-admin"  # seed 004, form 3
FUTIAN_PETITION = "futian-xinfang/2023/petition-affairs"  # seed 004, form 4

# Published totals and grades (000 and 003 print no grade; 004 prints none either).
TOTALS = {
    ZENGCHENG_PROJECT: "92.50",
    BAIYUN: "95.48",
    ZENGCHENG_DEPT: "92.10",
    FUTIAN_IT: "99.00",
    FUTIAN_SOCIAL: "98.00",
    FUTIAN_ADMIN: "100.00",
    FUTIAN_PETITION: "98.47",
}

# Funds tables as printed: unit, 年初预算数 (None: not given), 全年预算数, 全年执行数, 执行率.
BUDGETS = {
    ZENGCHENG_PROJECT: ("万元", "25", "25", "25", "100.00"),
    BAIYUN: ("万元", "240", "460", "460", "100.00"),
    ZENGCHENG_DEPT: ("万元", None, "783.16", "774.90", "98.95"),
    FUTIAN_IT: ("元", "406000.00", "1898430.00", "1898430.00", "100.00"),
    FUTIAN_SOCIAL: ("元", "1638000.00", "1474200.00", "1474200.00", "100.00"),
    FUTIAN_ADMIN: ("元", "300000.00", "384691.44", "384691.44", "100.00"),
    FUTIAN_PETITION: ("元", "10451200.00", "8454200.00", "7164000.00", "84.74"),
}

# Level-1 scores as printed in the originals.
GROUP_SCORES = {
    ZENGCHENG_PROJECT: {"过程指标": "20.00", "产出指标": "34.50", "效益指标": "38.00"},
    BAIYUN: {"过程": "25.00", "产出指标": "52.00", "效益指标": "18.48"},
    ZENGCHENG_DEPT: {"履职效能": "46.80", "管理效率": "45.30"},
    FUTIAN_PETITION: {"预算执行率": "8.47", "产出指标": "50.00", "效益指标": "30.00"},
}

# 预算执行率 points in each 004 form's funds table (分值 10).
BUDGET_SCORES = {
    FUTIAN_IT: "10.00",
    FUTIAN_SOCIAL: "10.00",
    FUTIAN_ADMIN: "10.00",
    FUTIAN_PETITION: "8.47",
}

# The names another stage resolves in report.md; groups.<name> must name a level-1 group.
REFERENCE = re.compile(r"\{\{\s*(.*?)\s*\}\}")
TEMPLATE_GUIDANCE = (
    "主要说明项目年度预期绩效目标",
    "注：以上分析要有因果关系",
    "注：在设置评价分值",
)


@cache
def cli_cards() -> dict[str, dict[str, Any]]:
    result = run_jixiao("score", "content", "--json")
    assert result.returncode == 0, result.stderr
    cards = json.loads(result.stdout)
    return {card["path"].removeprefix("content/"): card for card in cards}


@cache
def evaluated() -> Evaluated:
    return check([CONTENT])


def api_card(folder: str) -> ScoreCard:
    found = [c for c in evaluated().cards if c.report.folder == folder]
    assert len(found) == 1, f"no single score card for {folder}"
    return found[0]


# --- through the real CLI ---


def test_cli_scores_all_seven_seed_reports() -> None:
    assert sorted(cli_cards()) == sorted(TOTALS)


@pytest.mark.parametrize(("folder", "total"), sorted(TOTALS.items()))
def test_cli_total_matches_published(folder: str, total: str) -> None:
    assert cli_cards()[folder]["total"] == total


def test_cli_seed_002_grade_and_group_rates() -> None:
    card = cli_cards()[BAIYUN]
    assert card["grade"] == "优"
    rates = {g["name"]: g["rate"] for g in card["groups"]}
    assert rates["过程"] == "92.59"
    assert rates["产出指标"] == "98.11"
    # 得分率 comes from the unrounded scores, as in the published table:
    # (9.5 + 8.978) / 20 = 92.39%, although the rounded subtotal is 18.48.
    assert rates["效益指标"] == "92.39"


@pytest.mark.parametrize(("folder", "groups"), sorted(GROUP_SCORES.items()))
def test_cli_group_scores_match_published(folder: str, groups: dict[str, str]) -> None:
    scores = {g["name"]: g["score"] for g in cli_cards()[folder]["groups"]}
    assert {name: scores.get(name) for name in groups} == groups


@pytest.mark.parametrize(("folder", "budget"), sorted(BUDGETS.items()))
def test_cli_budget_figures_as_printed(
    folder: str, budget: tuple[str, str | None, str, str, str]
) -> None:
    unit, initial, adjusted, executed, rate = budget
    shown = cli_cards()[folder]["budget"]
    assert (shown["unit"], shown["initial"], shown["adjusted"], shown["executed"]) == (
        unit,
        initial,
        adjusted,
        executed,
    )
    assert shown["rate"] == rate


@pytest.mark.parametrize(("folder", "score"), sorted(BUDGET_SCORES.items()))
def test_cli_budget_rate_points_in_forms(folder: str, score: str) -> None:
    assert cli_cards()[folder]["budget"]["score"] == score


def test_cli_check_passes_on_the_example_content() -> None:
    result = run_jixiao("check", "content")
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith(("检查通过", "共 0 个错误")), summary  # warnings are allowed


# --- through the Python API ---


def test_api_has_no_errors_and_seven_cards() -> None:
    result = evaluated()
    errors = [f"{d.pos}: {d.code} {d.message}" for d in result.diagnostics if d.is_error]
    assert errors == []
    assert sorted(c.report.folder for c in result.cards) == sorted(TOTALS)


@pytest.mark.parametrize(("folder", "total"), sorted(TOTALS.items()))
def test_api_total_matches_published(folder: str, total: str) -> None:
    card = api_card(folder)
    assert card.total == Decimal(total)
    assert str(card.total) == total


def test_api_seed_000_output_group_is_the_scored_node() -> None:
    card = api_card(ZENGCHENG_PROJECT)
    output = card.group("产出指标")
    assert output is not None and output.scored
    assert (output.weight, output.score) == (Decimal(40), Decimal("34.50"))


def test_api_seed_002_grade_and_rates() -> None:
    card = api_card(BAIYUN)
    assert card.grade == "优"
    process, output = card.group("过程"), card.group("产出指标")
    assert process is not None and output is not None
    assert (process.rate, output.rate) == (Decimal("92.59"), Decimal("98.11"))


def test_api_seed_003_groups_and_execution_rate() -> None:
    card = api_card(ZENGCHENG_DEPT)
    duty, management = card.group("履职效能"), card.group("管理效率")
    assert duty is not None and management is not None
    assert (duty.score, management.score) == (Decimal("46.80"), Decimal("45.30"))
    assert card.budget is not None
    assert card.budget.rate == Decimal("98.95")
    assert card.budget.initial is None  # the seed gives no 年初预算数


def test_api_seed_004_petition_affairs_budget_points() -> None:
    card = api_card(FUTIAN_PETITION)
    assert card.budget is not None and card.budget.rate == Decimal("84.74")
    budget_nodes = [n for n in card.scored_nodes() if n.method == "budget-rate"]
    assert [n.score for n in budget_nodes] == [Decimal("8.47")]


@pytest.mark.parametrize("folder", [FUTIAN_IT, FUTIAN_SOCIAL, FUTIAN_ADMIN, FUTIAN_PETITION])
def test_api_seed_004_form_lines_and_default_weights(folder: str) -> None:
    card = api_card(folder)
    assert card.budget is not None
    assert [line.name for line in card.budget.lines] == ["当年财政拨款", "上年结转资金", "其他资金"]
    carried, other = card.budget.lines[1], card.budget.lines[2]
    assert (carried.adjusted, other.adjusted) == (Decimal("0.00"), Decimal("0.00"))
    weights = {g.name: g.weight for g in card.groups}
    assert weights == {"预算执行率": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}
    not_applicable = [n.name for n in card.scored_nodes() if not n.applicable]
    assert not_applicable == ["经济效益指标", "生态效益指标", "可持续影响指标", "其他满意度指标"]


@pytest.mark.parametrize(("folder", "budget"), sorted(BUDGETS.items()))
def test_api_budget_totals_as_printed(
    folder: str, budget: tuple[str, str | None, str, str, str]
) -> None:
    unit, initial, adjusted, executed, _rate = budget
    card = api_card(folder)
    assert card.budget is not None
    assert card.budget.unit == unit
    assert card.budget.initial == (None if initial is None else Decimal(initial))
    assert (str(card.budget.adjusted), str(card.budget.executed)) == (adjusted, executed)


# --- the narratives: present, clean, and referencing only names that resolve ---


@pytest.mark.parametrize("folder", sorted(TOTALS))
def test_narrative_is_clean(folder: str) -> None:
    narrative = api_card(folder).report.narrative
    assert narrative is not None, f"{folder} has no report.md"
    text = narrative.text
    assert re.search(r"^## ", text, re.MULTILINE)
    assert not re.search(r"^#+ *[一二三四五六七八九十]+、", text, re.MULTILINE)  # builder numbers
    assert not re.search(r"([，。、；：！？])\1", text)
    assert not any(phrase in text for phrase in TEMPLATE_GUIDANCE)


@pytest.mark.parametrize("folder", [ZENGCHENG_PROJECT, BAIYUN, ZENGCHENG_DEPT])
def test_narrative_references_resolve(folder: str) -> None:
    card = api_card(folder)
    assert card.report.narrative is not None
    names = REFERENCE.findall(card.report.narrative.text)
    assert names, "key-project and department narratives must reference computed figures"
    table = figure_table(card)  # every figure a narrative may print, by its name
    for name in names:
        assert table.get(name) is not None, name
