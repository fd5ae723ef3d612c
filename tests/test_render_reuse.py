"""Reading report.md once: evaluation's PreparedReport and a rendered body, reused, give
the same bytes and diagnostics as rendering from scratch."""

from __future__ import annotations

from pathlib import Path

from conftest import CONTENT, write_report
from test_render_support import SMALL_YAML

from builder.loading.content import load_content
from builder.pipeline.run import check, evaluate
from builder.render import (
    narrative_diagnostics,
    prepare_report,
    render_print_document,
    render_report,
    table_html,
)
from builder.render.body import TABLE_MARK, fill_tables
from builder.render.grid import Cell, cell_html

# Tables placed by the outline, by directives (twice, one without data) and an unknown one.
TABLES_MD = """\
## 评价项目概述

执行率 {{ budget.rate }}。

{{ table: scores }}

{{ table: funds }}

{{ table: bogus }}

## 项目绩效目标和绩效指标设定情况

{{ table: scores }}
"""


NO_BUDGET_YAML = """\
kind: key-project-evaluation
title: 无预算的测试报告
year: 2023
evaluation: {mode: department}
indicators:
  - name: 过程
    children:
      - {name: 每季度督查, weight: 40, method: judged, score: 40}
  - name: 效益指标
    children:
      - {name: 服务对象满意度, weight: 60, method: rate, actual: 89.78%}
"""


def test_evaluation_prepares_what_rendering_reuses() -> None:
    evaluated = evaluate(load_content([CONTENT]))
    assert evaluated.cards
    for card in evaluated.cards:
        prepared = evaluated.prepared_for(card)
        assert prepared is not None
        assert prepared.marked_html is not None
        assert prepared.diagnostics == narrative_diagnostics(card)
        fresh = render_report(card, evaluated.content.site)
        reused = render_report(card, evaluated.content.site, prepared=prepared)
        assert reused == fresh
        assert TABLE_MARK not in reused.body_html
        page = render_print_document(card, evaluated.content.site, rendered=reused)
        assert page == render_print_document(card, evaluated.content.site)


def test_marks_are_filled_with_each_table_and_dropped_without_one(tmp_path: Path) -> None:
    folder = write_report(tmp_path, NO_BUDGET_YAML, TABLES_MD)
    evaluated = check([folder])
    card = evaluated.cards[0]
    prepared = evaluated.prepared_for(card)
    assert prepared is not None and prepared.marked_html is not None
    assert prepared.tables == ("funds", "scores", "weights")
    assert prepared.marked_html.count(TABLE_MARK) == 2 * 4  # scores twice, funds, weights
    body = render_report(card, None, prepared=prepared).body_html
    scores = table_html(card, "scores")
    assert body.count(scores) == 2
    assert table_html(card, "funds") == ""  # no budget: the directive's line goes too
    assert "\n\n" not in body.replace("</div>\n\n", "")
    assert "JX509" in {d.code for d in prepared.diagnostics}  # funds directive without data


def test_fill_tables() -> None:
    marked = f"<p>a</p>\n{TABLE_MARK}x{TABLE_MARK}\n<p>b</p>\n{TABLE_MARK}y{TABLE_MARK}\n"
    assert fill_tables(marked, {"x": "<table/>", "y": ""}) == "<p>a</p>\n<table/>\n<p>b</p>\n"


def test_a_nul_in_a_figure_falls_back_to_a_full_render(tmp_path: Path) -> None:
    yaml = SMALL_YAML.replace('actual: "3%"', 'actual: "3\\0%"')
    md = "## 评价项目概述\n\n投诉率 {{ indicators.投诉率.actual }}。\n"
    folder = write_report(tmp_path, yaml, md)
    evaluated = check([folder])
    card = evaluated.cards[0]
    prepared = prepare_report(card)
    assert prepared.marked_html is None
    body = render_report(card, None, prepared=prepared).body_html
    assert '投诉率 <span class="figure">3\x00%</span>' in body
    assert "<table" in body  # the outline's tables are still placed
    assert body == render_report(card, None).body_html


def test_cells_are_escaped_like_jinja() -> None:
    cell = Cell("<b>\"甲\" & '乙'</b>", rowspan=2, colspan=3, header=True, scope="row", cls="name")
    assert cell_html(cell) == (
        '<th rowspan="2" colspan="3" scope="row" class="name">'
        "&lt;b&gt;&#34;甲&#34; &amp; &#39;乙&#39;&lt;/b&gt;</th>"
    )
    assert cell_html(Cell("1")) == "<td>1</td>"
