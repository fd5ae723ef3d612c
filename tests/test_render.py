"""Rendering the report body: figures, safety, directives, generated tables, the form."""

from __future__ import annotations

from pathlib import Path

from test_render_support import (
    PETITION,
    SEED_002,
    SMALL_YAML,
    content_card,
    located,
    messages,
    small_card,
    table_rows,
    tables_in,
)

from builder.render import narrative_diagnostics, render_report, table_html

FIGURES_MD = """\
## 评价项目概述

总分 {{ total }} 分，等级{{ grade }}，执行率 {{ budget.rate }}，权重合计 {{ weight_total }}。
全年预算 {{ budget.adjusted }}{{ budget.unit }}，执行 {{ budget.executed }}，年初 {{ budget.initial }}。
效益得分率 {{ groups.效益指标.rate }}，过程得分 {{groups.过程.score}}，满分 {{ groups.过程.weight }}。
满意度 {{ indicators.服务对象满意度.score }}，投诉率目标 {{ indicators.投诉率.target }}，
督查 {{ indicators.过程/业务管理/每季度督查.score }}，代码 `{{ total }}` 不替换。
"""


def test_figures_resolve_to_exact_strings(tmp_path: Path) -> None:
    card = small_card(tmp_path, FIGURES_MD)
    rendered = render_report(card, None)
    body = rendered.body_html
    for text in (
        '总分 <span class="figure">95.18</span> 分',
        '等级<span class="figure">优</span>',
        '执行率 <span class="figure">85.00%</span>',
        '权重合计 <span class="figure">100</span>',
        '全年预算 <span class="figure">460</span><span class="figure">万元</span>',
        '执行 <span class="figure">391</span>',
        '年初 <span class="figure">240</span>',
        '效益得分率 <span class="figure">98.60%</span>',
        '过程得分 <span class="figure">23.20</span>',
        '满分 <span class="figure">27</span>',
        '满意度 <span class="figure">8.98</span>',
        '督查 <span class="figure">13.00</span>',
        "<code>{{ total }}</code>",
    ):
        assert text in body, text
    # a value is escaped like any text: the target 「<5%」 cannot open a tag
    assert '投诉率目标 <span class="figure">&lt;5%</span>' in body
    assert not [d for d in rendered.diagnostics if d.code in ("JX506", "JX507")]


def test_real_figures_of_the_seeds(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    md = "## 自评说明\n\n执行率 {{ budget.rate }}，得 {{ budget.score }} 分，总分 {{ total }}。\n"
    body = render_report(content_card(PETITION, md, tmp_path / "a"), None).body_html
    assert ">84.74%<" in body and ">8.47<" in body and ">98.47<" in body
    md = "## 评价项目概述\n\n产出得分率 {{ groups.产出指标.rate }}，总分 {{ total }}。\n"
    body = render_report(content_card(SEED_002, md, tmp_path / "b"), None).body_html
    assert ">98.11%<" in body and ">95.48<" in body


def test_unknown_figure_is_an_error_at_its_line_and_column(tmp_path: Path) -> None:
    md = "## 评价项目概述\n\n正文。\n\n得分 {{ total }}，又见 {{ totl }}，还有 {{ groups.决策.score }}。\n"
    diags = narrative_diagnostics(small_card(tmp_path, md))
    unknown = [d for d in diags if d.code == "JX506"]
    assert [(d.pos.line, d.pos.col) for d in unknown] == [(5, 19), (5, 33)]
    assert all(d.is_error for d in unknown)
    assert unknown[0].pos.file.endswith("report.md")
    assert "total" in unknown[0].hint  # the close match is suggested
    # the unresolved reference is shown as written, escaped, never evaluated
    body = render_report(small_card(tmp_path, md), None).body_html
    assert "{{ totl }}" in body


def test_figure_without_a_value_is_an_error(tmp_path: Path) -> None:
    yaml = "\n".join(
        line for line in Path(PETITION / "report.yaml").read_text(encoding="utf-8").splitlines()
    )
    no_budget = yaml.split("budget:")[0] + "indicators:" + yaml.split("indicators:")[1]
    no_budget = no_budget.replace("method: budget-rate", "method: judged\n    score: 10")
    card = small_card(tmp_path, "## 自评说明\n\n执行率 {{ budget.rate }}。\n", no_budget)
    assert located(narrative_diagnostics(card), "JX507") == [(3, 5)]


def test_raw_html_is_escaped_and_unsafe_links_are_not_emitted(tmp_path: Path) -> None:
    md = (
        "## 评价项目概述\n\n"
        "<script>alert(1)</script> <b onclick=x>粗</b>\n\n"
        "[点我](javascript:alert(1)) [数据](data:text/html;base64,PHNjcmlwdD4=) "
        "[VB](VBScript:msgbox) <javascript:alert(2)> [官网](https://www.gov.cn/)\n\n"
        "![图](https://example.com/a.png)\n\n"
        "<!-- 作者的注释 -->\n"
    )
    card = small_card(tmp_path, md)
    rendered = render_report(card, None)
    body = rendered.body_html.lower()
    assert "<script" not in body and "<b " not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert (
        'href="javascript' not in body and 'href="data' not in body and 'href="vbscript' not in body
    )
    assert "[点我](javascript:alert(1))" in body  # left as plain text
    assert '<a href="https://www.gov.cn/">官网</a>' in body
    assert "<img" not in body
    assert "作者的注释" not in body
    assert located(rendered.diagnostics, "JX515") == [(5, 6), (5, 32), (5, 73), (5, 91)]
    assert located(rendered.diagnostics, "JX516") == [(3, 1), (3, 17), (3, 27), (3, 41)]
    assert located(rendered.diagnostics, "JX517") == [(7, 1)]


def test_directive_places_a_table_and_the_profile_does_not_repeat_it(tmp_path: Path) -> None:
    md = (
        "## 评价项目概述\n\n说明：\n{{ table: scores }}\n后文。\n\n"
        "## 绩效评价指标分析情况\n\n### 项目管理绩效指标分析\n\n分析。\n"
    )
    body = render_report(small_card(tmp_path, md), None).body_html
    assert body.count('class="report-table scores"') == 1
    assert body.index("report-table scores") < body.index("绩效评价指标分析情况")
    assert body.index("说明：") < body.index("report-table scores") < body.index("后文。")


def test_bad_directives_are_located_errors(tmp_path: Path) -> None:
    md = "## 评价项目概述\n\n{{ table: chart }}\n\n正文里 {{ table: scores }} 不行。\n"
    diags = narrative_diagnostics(small_card(tmp_path, md))
    assert located(diags, "JX508") == [(3, 1), (5, 5)]
    assert "chart" in messages(diags, "JX508")[0]


def test_profile_places_tables_at_the_end_of_their_sections(tmp_path: Path) -> None:
    md = (
        "## 评价项目概述\n\n### 项目背景资料\n\n背景。\n\n### 项目资金分配情况\n\n资金。\n\n"
        "### 项目政策依据\n\n依据。\n\n## 项目绩效目标和绩效指标设定情况\n\n目标。\n\n"
        "## 绩效评价指标分析情况\n\n### 项目管理绩效指标分析\n\n分析。\n\n"
        "## 项目综合评价等级和评价结论\n\n### 项目综合评价得分及评价等级\n\n等级。\n"
    )
    body = render_report(small_card(tmp_path, md), None).body_html
    order = ["资金。", "report-table funds", "依据。", "目标。", "report-table weights"]
    order += ["分析。", "report-table scores", "等级。", 'class="total-line"']
    positions = [body.index(mark) for mark in order]
    assert positions == sorted(positions)
    assert '综合评价得分 <strong class="total-score">95.18</strong> 分' in body
    assert "“优”" in body


def test_score_table_of_seed_002(tmp_path: Path) -> None:
    body = table_html(content_card(SEED_002), "scores")
    rows = table_rows(body, "scores")
    assert rows[0] == ["一级指标", "二级指标", "三级指标", "分值", "得分", "得分率"]
    assert rows[1] == ["过程", "资金管理", "预算执行率", "12.00", "12.00", "100.00%"]
    subtotals = [row for row in rows if "小计" in row]
    assert [row[-2] for row in subtotals] == ["25.00", "52.00", "18.48"]
    assert [row[-1] for row in subtotals] == ["92.59%", "98.11%", "92.39%"]
    assert rows[-1][:3] == ["合计", "100.00", "95.48"]
    # 得分率 is score / weight of the rounded score (8.98 / 10), as the engine defines it
    assert ["服务对象满意度", "10.00", "8.98", "89.78%"] in rows
    # the tree is drawn with merged cells: 产出指标 spans its 7 leaves and its subtotal
    cells = {text: attrs for _, table in tables_in(body) for row in table for text, attrs in row}
    assert cells["产出指标"]["rowspan"] == "8"
    assert cells["数量指标"]["rowspan"] == "3"
    assert cells["社工服务站的社会知晓率"]["colspan"] == "2"


def test_weight_and_funds_tables(tmp_path: Path) -> None:
    card = small_card(tmp_path, None)
    weights = table_rows(table_html(card, "weights"), "weights")
    assert weights[1] == ["过程", "资金管理", "预算执行率", "12"]
    assert weights[-1] == ["合计", "100"]
    funds = table_rows(table_html(card, "funds"), "funds")
    assert funds[0] == ["资金来源", "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"]
    assert funds[1] == ["当年财政拨款", "240.00", "460.00", "391.00", "85.00%", "—"]
    assert funds[-1] == ["合计", "240.00", "460.00", "391.00", "85.00%", "10.20"]
    assert "单位：万元" in table_html(card, "funds")


def test_funds_table_without_initial_budget_shows_a_dash(tmp_path: Path) -> None:
    yaml = SMALL_YAML.replace("initial: 240, ", "")
    funds = table_rows(table_html(small_card(tmp_path, None, yaml), "funds"), "funds")
    assert funds[-1][1] == "—"


def test_self_evaluation_form_of_the_petition_project() -> None:
    card = content_card(PETITION)
    rendered = render_report(card, None)
    body = rendered.body_html
    assert body.count("self-evaluation-form") == 1
    assert body.index("self-evaluation-form") < body.index("自评说明")
    head = table_rows(body, "form-head")
    assert head[0] == ["项目编码", "440304230090100105001", "项目名称", "信访事务"]
    assert head[1][0::2] == ["实施单位", "主管部门"]
    assert head[2] == ["年度", "2023"]
    funds = table_rows(body, "form-funds")
    assert funds[0] == [
        "项目资金（元）",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]
    assert funds[1] == [
        "年度资金总额", "10451200.00", "8454200.00", "7164000.00", "10", "84.74%", "8.47"
    ]  # fmt: skip
    assert [row[0] for row in funds[2:5]] == ["其中：当年财政拨款", "上年结转资金", "其他资金"]
    assert funds[2][4:] == ["—", "—", "—"]
    goals = table_rows(body, "form-goals")
    assert goals[0] == ["预期目标", "实际完成情况"] and goals[1][0].startswith("围绕四方面")
    indicators = table_rows(body, "form-indicators")
    assert indicators[0][-1] == "偏差原因分析及改进措施"
    assert indicators[1][:3] == ["产出指标（50分）", "数量指标", "信访受理处置完成率"]
    not_applicable = [row[-7:] for row in indicators if "经济效益指标" in row]
    assert not_applicable == [["经济效益指标", "不适用", "不适用", "不适用", "0", "—", ""]]
    assert all("预算执行率" not in row for row in indicators)  # it sits in the funds table
    assert indicators[-1] == ["总分", "100", "98.47", "—"]


def test_form_report_without_narrative_is_the_form_alone(tmp_path: Path) -> None:
    yaml = (PETITION / "report.yaml").read_text(encoding="utf-8")
    rendered = render_report(small_card(tmp_path, None, yaml), None)
    assert "self-evaluation-form" in rendered.body_html
    assert rendered.toc == []
    # a form may go without report.md: a warning, not an error (issue 10 §4)
    assert [(d.code, d.is_error) for d in rendered.diagnostics] == [("JX522", False)]


def test_rendering_is_deterministic(tmp_path: Path) -> None:
    card = content_card(SEED_002)
    first = render_report(card, None)
    assert render_report(card, None) == first
    assert "<script" not in first.body_html and "style=" not in first.body_html
