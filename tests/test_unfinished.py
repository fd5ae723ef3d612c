"""What a skeleton leaves for the author: errors in a report to be published, warnings in a
draft, each at its line."""

from __future__ import annotations

from pathlib import Path

from conftest import write_report
from test_render_support import SMALL_YAML, small_card

from builder.diagnostics import Diagnostic
from builder.pipeline.run import check
from builder.render import narrative_diagnostics

MD = """\
## 评价项目概述

### 项目背景资料

待填写：项目背景。

### 项目资金分配情况

<!-- 待填写 in a comment is guidance, never published -->

### 项目政策依据

依据略。

## 绩效评价结果应用
"""


def unfinished(diags: list[Diagnostic]) -> list[tuple[str, int, int, bool]]:
    return [
        (d.code, d.pos.line, d.pos.col, d.is_error)
        for d in diags
        if d.code in ("JX330", "JX331", "JX332")
    ]


def test_placeholders_and_empty_sections_are_errors_at_their_lines(tmp_path: Path) -> None:
    found = unfinished(narrative_diagnostics(small_card(tmp_path, MD)))
    # 项目资金分配情况 gets the funds table: not empty. 结果应用 at the end has no text.
    assert found == [("JX330", 5, 1, True), ("JX331", 15, 1, True)]


def test_in_a_draft_they_are_warnings(tmp_path: Path) -> None:
    card = small_card(tmp_path, MD, "draft: true\n" + SMALL_YAML)
    found = unfinished(narrative_diagnostics(card))
    assert found == [("JX330", 5, 1, False), ("JX331", 15, 1, False)]


def test_a_section_with_only_subsections_is_not_empty(tmp_path: Path) -> None:
    md = "## 评价项目概述\n\n### 项目背景资料\n\n背景。\n"
    assert unfinished(narrative_diagnostics(small_card(tmp_path, md))) == []


def test_placeholder_data_and_skeleton_indicators_in_report_yaml(tmp_path: Path) -> None:
    yaml = SMALL_YAML.replace("name: 测试项目", "name: 待填写：项目名称").replace(
        "name: 投诉率", "name: 待填写：效益的具体指标"
    )
    folder = write_report(tmp_path, yaml)
    found = unfinished(check([folder]).diagnostics)
    assert [(code, error) for code, _, _, error in found] == [("JX330", True), ("JX332", True)]
    assert found[1][1] == 23  # the placeholder indicator's line
