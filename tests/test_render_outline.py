"""Headings: official numbering, matching the profile outline, located outline warnings."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import run_jixiao, write_report
from test_render_support import SEED_000, content_card, located, messages, small_card

from builder.loading.profile import Section
from builder.pipeline.run import check
from builder.render import narrative_diagnostics, render_report
from builder.render.numbering import chinese_numeral, heading_number, split_typed_number
from builder.render.outline import find_section, matches

FULL_OUTLINE = """\
## 评价项目概述
### 项目背景资料
### 项目资金分配情况
### 项目政策依据
## 项目绩效目标和绩效指标设定情况
## 绩效评价组织情况
### 绩效评价目的
### 绩效评价标准和评价方法
### 绩效评价实施过程
## 绩效评价指标分析情况
### 项目管理绩效指标分析
### 项目结果绩效情况分析
## 项目综合评价等级和评价结论
### 项目综合评价得分及评价等级
### 项目综合评价结论
## 主要经验做法、存在的问题和建议
### 政策方面建议
### 项目管理方面建议
### 绩效管理方面建议
### 其他方面建议
## 绩效评价结果应用
"""


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (7, "七"), (10, "十"), (11, "十一"), (20, "二十"), (34, "三十四")]
)
def test_chinese_numerals(n: int, text: str) -> None:
    assert chinese_numeral(n) == text


def test_heading_numbers_at_each_level() -> None:
    assert [heading_number(level, 2) for level in range(1, 6)] == [
        "二、",
        "（二）",
        "2.",
        "（2）",
        "②",
    ]


@pytest.mark.parametrize(
    ("typed", "number", "rest"),
    [
        ("一、评价项目概述", "一、", "评价项目概述"),
        ("（三）绩效评价目的", "（三）", "绩效评价目的"),
        ("(二) 项目管理", "(二)", "项目管理"),
        ("1、前期准备", "1、", "前期准备"),
        ("2. 组织实施", "2.", "组织实施"),
        ("（1）数量指标", "（1）", "数量指标"),
        ("①资金管理", "①", "资金管理"),
        ("2023年度情况", "", "2023年度情况"),
        ("1.5倍以上", "", "1.5倍以上"),
    ],
)
def test_typed_numbers_are_recognised(typed: str, number: str, rest: str) -> None:
    assert split_typed_number(typed) == (number, rest if number else typed)


def test_full_outline_is_numbered_in_document_order_without_warnings(tmp_path: Path) -> None:
    rendered = render_report(small_card(tmp_path, FULL_OUTLINE), None)
    assert [d for d in rendered.diagnostics if d.code.startswith("JX50")] == []
    numbers = [(entry.level, entry.number, entry.title) for entry in rendered.toc]
    assert numbers[:5] == [
        (1, "一、", "评价项目概述"),
        (2, "（一）", "项目背景资料"),
        (2, "（二）", "项目资金分配情况"),
        (2, "（三）", "项目政策依据"),
        (1, "二、", "项目绩效目标和绩效指标设定情况"),
    ]
    assert numbers[-1] == (1, "七、", "绩效评价结果应用")
    assert numbers[-2] == (2, "（四）", "其他方面建议")
    assert rendered.toc[1].anchor == "sec-1-1"
    assert '<h2 id="sec-7"><span class="heading-number">七、</span>绩效评价结果应用</h2>' in (
        rendered.body_html
    )


def test_deeper_levels_and_counters_reset(tmp_path: Path) -> None:
    md = (
        "## 评价项目概述\n### 项目背景资料\n#### 第一点\n##### 细节\n###### 要点\n###### 要点二\n"
        "#### 第二点\n### 项目资金分配情况\n#### 第一点\n"
    )
    toc = render_report(small_card(tmp_path, md), None).toc
    assert [(e.level, e.number) for e in toc] == [
        (1, "一、"),
        (2, "（一）"),
        (3, "1."),
        (4, "（1）"),
        (5, "①"),
        (5, "②"),
        (3, "2."),
        (2, "（二）"),
        (3, "1."),
    ]
    body = render_report(small_card(tmp_path, md), None).body_html
    assert '<h4 id="sec-1-1-1"><span class="heading-number">1.</span>第一点</h4>' in body


def test_typed_numbers_are_stripped_with_a_located_warning(tmp_path: Path) -> None:
    md = "## 一、评价项目概述\n\n### （一）项目背景资料\n\n正文。\n"
    rendered = render_report(small_card(tmp_path, md), None)
    assert located(rendered.diagnostics, "JX504") == [(1, 4), (3, 5)]
    assert [e.title for e in rendered.toc] == ["评价项目概述", "项目背景资料"]
    assert "一、一、" not in rendered.body_html and "（一）（一）" not in rendered.body_html


def test_aliases_and_bracketed_notes_match_sections(tmp_path: Path) -> None:
    md = FULL_OUTLINE.replace("## 评价项目概述", "## 项目基本情况")
    md = md.replace("### 绩效评价实施过程", "### 绩效评价实施过程（前期准备、组织实施、分析评价）")
    md = md.replace("## 绩效评价结果应用", "## 结果应用")
    diags = narrative_diagnostics(small_card(tmp_path, md))
    assert [d for d in diags if d.code in ("JX501", "JX502", "JX503")] == []


def test_a_section_split_in_parts_is_fine(tmp_path: Path) -> None:
    md = FULL_OUTLINE.replace(
        "## 主要经验做法、存在的问题和建议\n",
        "## 项目主要绩效或成功经验\n\n经验。\n\n## 存在问题或不足\n\n问题。\n\n## 相关建议\n",
    )
    rendered = render_report(small_card(tmp_path, md), None)
    assert [d for d in rendered.diagnostics if d.code.startswith("JX50")] == []
    titles = [(e.number, e.title) for e in rendered.toc if e.level == 1]
    assert titles[5:] == [
        ("六、", "项目主要绩效或成功经验"),
        ("七、", "存在问题或不足"),
        ("八、", "相关建议"),
        ("九、", "绩效评价结果应用"),
    ]


def test_missing_unknown_and_out_of_order_sections_are_located(tmp_path: Path) -> None:
    md = (
        "## 评价项目概述\n\n"  # 1
        "### 项目背景资料\n\n### 项目政策依据\n\n### 项目资金分配情况\n\n"  # 3 5 7
        "## 绩效评价组织情况\n\n"  # 9
        "## 项目绩效目标和绩效指标设定情况\n\n"  # 11
        "## 领导讲话\n\n"  # 13
        "### 绩效评价目的\n\n"  # 15: under an unknown section: not judged
        "## 绩效评价指标分析情况\n\n### 项目管理绩效指标分析\n\n### 项目结果绩效情况分析\n\n"  # 17
        "## 项目综合评价等级和评价结论\n\n### 项目综合评价得分及评价等级\n\n### 项目综合评价结论\n\n"
        "## 主要经验做法、存在的问题和建议\n\n"  # 29
        "### 政策方面建议\n\n### 项目管理方面建议\n\n### 绩效管理方面建议\n\n### 其他方面建议\n"
    )
    diags = narrative_diagnostics(small_card(tmp_path, md))
    assert located(diags, "JX503") == [(7, 1), (11, 1)]
    assert located(diags, "JX502") == [(13, 1)]
    assert "领导讲话" in messages(diags, "JX502")[0]
    # the missing 七 is placed at the end of the file; 三's children at its heading
    missing = {d.message: d.pos.line for d in diags if d.code == "JX501"}
    assert missing["缺少章节「绩效评价结果应用」"] == 37
    assert missing["章节「绩效评价组织情况」缺少小节「绩效评价目的」"] == 9
    assert all(not d.is_error for d in diags if d.code.startswith("JX50"))


def test_unknown_subsection_and_misplaced_level(tmp_path: Path) -> None:
    md = FULL_OUTLINE.replace(
        "### 项目政策依据\n", "### 项目政策依据\n### 项目实施情况\n### 绩效评价目的\n"
    )
    diags = narrative_diagnostics(small_card(tmp_path, md))
    assert located(diags, "JX502") == [(5, 1), (6, 1)]
    md = "## 评价项目概述\n#### 跳级\n# 大标题\n"
    diags = narrative_diagnostics(small_card(tmp_path, md))
    assert located(diags, "JX505") == [(2, 1), (3, 1)]


def test_seed_000_misses_the_results_section_of_the_seven_part_outline(tmp_path: Path) -> None:
    yaml_text = (SEED_000 / "report.yaml").read_text(encoding="utf-8")
    assert "\noutline: six-part" in yaml_text
    folder = write_report(tmp_path, yaml_text.replace("\noutline: six-part", "\n"))
    (folder / "report.md").write_bytes((SEED_000 / "report.md").read_bytes())
    card = check([folder]).cards[0]
    diags = narrative_diagnostics(card)
    missing = [d for d in diags if d.code == "JX501" and "绩效评价结果应用" in d.message]
    assert len(missing) == 1
    narrative = card.report.narrative
    assert narrative is not None
    assert missing[0].pos.file == narrative.file
    assert missing[0].pos.line == len(narrative.text.rstrip("\n").split("\n"))
    assert not missing[0].is_error


def test_seed_000_in_its_own_six_part_outline_has_no_outline_warnings() -> None:
    card = content_card(SEED_000)
    assert card.profile.outline[0].title == "评价项目概述"
    assert [s.title for s in card.profile.outline][1:3] == ["绩效评价概述", "评价结论与绩效分析"]
    assert narrative_diagnostics(card) == []
    body = render_report(card, None).body_html
    # the variant places every table: funds, weights, total and scores
    for table in ("funds", "weights", "scores"):
        assert f"report-table {table}" in body
    assert body.index("总体结论") < body.index('class="total-line"') < body.index("项目绩效分析")


def test_the_strict_check_of_the_shipped_content_passes() -> None:
    done = run_jixiao("check", "--strict", "content")
    assert done.returncode == 0, done.stdout + done.stderr


def test_an_unknown_outline_variant_is_an_error_naming_the_known_ones(tmp_path: Path) -> None:
    yaml_text = (SEED_000 / "report.yaml").read_text(encoding="utf-8")
    folder = write_report(tmp_path, yaml_text.replace("outline: six-part", "outline: sixpart"))
    diags = check([folder]).diagnostics
    found = [d for d in diags if d.code == "JX130"]
    assert len(found) == 1 and found[0].is_error
    assert "six-part" in found[0].hint and found[0].pos.line == 3


def test_a_missing_subsection_lends_its_table_to_its_parent(tmp_path: Path) -> None:
    md = "## 绩效评价指标分析情况\n\n总体情况。\n\n### 项目结果绩效情况分析\n\n结果。\n"
    body = render_report(small_card(tmp_path, md), None).body_html
    assert body.index("总体情况。") < body.index("report-table scores") < body.index("结果。")
    md = "## 评价项目概述\n\n概述。\n"  # a missing top-level section lends nothing
    body = render_report(small_card(tmp_path, md), None).body_html
    assert "report-table" not in body.replace("report-table funds", "")


def test_find_section_gives_the_first_section_that_matches() -> None:
    """The look-up by normalized name gives what trying each section in turn gives."""
    rng = random.Random(5)
    words = ["评价", "项目", "概述", "（", "(", "【", "[", "）", " ", "。", "：", "", "A"]

    def name() -> str:
        return "".join(rng.choice(words) for _ in range(rng.randint(0, 4)))

    for _ in range(3000):
        sections = tuple(
            Section(name(), tuple(name() for _ in range(rng.randint(0, 2))))
            for _ in range(rng.randint(0, 5))
        )
        for title in (name() for _ in range(5)):
            first = next((i for i, s in enumerate(sections) if matches(title, s)), None)
            assert find_section(title, sections) == first, (title, sections)
