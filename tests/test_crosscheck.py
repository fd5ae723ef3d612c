"""Numbers typed in report.md next to the words that name a computed figure are checked
against the data (warnings at the number, with the right figure and its `{{ }}`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_report
from test_render_support import SMALL_YAML, small_card

from builder.diagnostics import Diagnostic
from builder.pipeline.run import check
from builder.render import narrative_diagnostics

# SMALL_YAML: total 95.18 (优), budget 460 万元 (年初 240, 执行 391), 执行率 85.00%,
# 过程 23.20, 效益指标 71.98.


def crosschecked(tmp_path: Path, md: str) -> list[Diagnostic]:
    diags = narrative_diagnostics(small_card(tmp_path, md))
    return [d for d in diags if d.code in ("JX530", "JX531")]


@pytest.mark.parametrize(
    ("text", "typed", "right", "figure"),
    [
        ("项目总得分为95.00分。", "95.00", "95.18", "total"),
        ("综合得分 90 分。", "90", "95.18", "total"),
        ("预算30万元。", "30", "460万元", "budget.adjusted"),
        ("全年预算数为 4500000元。", "4500000", "4600000元", "budget.adjusted"),
        ("年初预算 250万元。", "250", "240万元", "budget.initial"),
        ("实际支出 400万元。", "400", "391万元", "budget.executed"),
        ("预算执行率为 90%。", "90", "85.00%", "budget.rate"),
        ("过程指标得分 20分。", "20", "23.20分", "groups.过程.score"),
        ("效益指标得分为70分。", "70", "71.98分", "groups.效益指标.score"),
        ("综合评价等级为“良”。", "良", "优", "grade"),
    ],
)
def test_a_typed_figure_that_differs_is_a_warning_with_the_reference(
    tmp_path: Path, text: str, typed: str, right: str, figure: str
) -> None:
    found = crosschecked(tmp_path, f"## 评价项目概述\n\n{text}\n")
    assert len(found) == 1, found
    warning = found[0]
    assert not warning.is_error and warning.code == "JX530"
    assert (warning.pos.line, warning.pos.col) == (3, text.index(typed) + 1)
    assert right in warning.message
    assert f"{{{{ {figure} }}}}" in warning.hint


@pytest.mark.parametrize(
    "text",
    [
        "项目总得分为95.18分，评价等级为优。",
        "预算执行率为 85%。",  # compared at the precision printed
        "全年预算数 460万元，即 4600000元；实际支出 391万元。",
        "项目总分 {{ total }}，预算 {{ budget.adjusted }}万元。",
        "<!-- 总分 80 分 -->正文。",
        "满分 100分，总分值 100分。",
        "末期评估等级为良好。",
        "预算执行率一项的权重为 12%。",
    ],
)
def test_agreeing_or_unrelated_numbers_are_not_flagged(tmp_path: Path, text: str) -> None:
    assert crosschecked(tmp_path, f"## 评价项目概述\n\n{text}\n") == []


def test_an_amount_of_over_ten_billion_yuan_in_wan_is_implausible(tmp_path: Path) -> None:
    found = crosschecked(tmp_path, "## 评价项目概述\n\n社区项目预算 1,200,000万元。\n")
    assert sorted(d.code for d in found) == ["JX530", "JX531"]
    odd = next(d for d in found if d.code == "JX531")
    assert "逾百亿元" in odd.message and not odd.is_error
    yaml = SMALL_YAML.replace("adjusted: 460", "adjusted: 1200000")
    (tmp_path / "data").mkdir()
    diags = check([write_report(tmp_path / "data", yaml)]).diagnostics
    found = [d for d in diags if d.code == "JX531"]
    assert [(d.pos.file.endswith("report.yaml"), d.pos.line) for d in found] == [(True, 10)]


def test_a_yuan_budget_of_a_few_yuan_is_implausible(tmp_path: Path) -> None:
    yaml = SMALL_YAML.replace("unit: 万元", "unit: 元").replace("initial: 240", "initial: 24")
    found = [d for d in check([write_report(tmp_path, yaml)]).diagnostics if d.code == "JX531"]
    assert len(found) == 1 and "24元" in found[0].message


def test_the_shipped_narratives_agree_with_their_data() -> None:
    diags = check([Path(__file__).resolve().parents[1] / "content"]).diagnostics
    assert [d for d in diags if d.code in ("JX530", "JX531")] == []
