"""Narrative lints: template guidance left in the text, Chinese typography slips."""

from __future__ import annotations

from pathlib import Path

from test_render_support import SEED_002, content_card, located, small_card

from builder.loading.profile import parse_profile
from builder.render import narrative_diagnostics
from builder.render.lint import guidance_phrases
from builder.render.outline import normalize

PROFILES = Path(__file__).resolve().parents[1] / "builder" / "profiles"

# Leftovers exactly as they appear in seed 002 (the published 景泰街 report).
SEED_002_LEFTOVERS = """\
## 项目绩效目标和绩效指标设定情况

项目年度绩效目标为开展社工服务。

主要说明项目年度预期绩效目标、产出指标和效益指标设定情况（指标构成及分值权重）及设定原因

## 绩效评价指标分析情况

### 项目结果绩效情况分析

针对产出指标和效益指标完成情况进行绩效分析，重点说明成本、经济、社会、政治效益及对环境和社会可持续性影响等情况。

注：以上分析要有因果关系，内容完整、逻辑清晰、勾稽关系严密。

## 主要经验做法、存在的问题和建议

主要描述项目实施绩效目标过程中存在的问题和采取的改进措施，项目实施的经验、教训和建议。

## 绩效评价结果应用

  重点说明应用绩效评价结果，改进管理、合理预算安排、实施奖惩和问责等情况。

但也存在着在项目运行中，，但仍存在项目管理力度有待加强等问题。。
"""


def test_guidance_left_in_the_text_is_found_with_lines(tmp_path: Path) -> None:
    diags = narrative_diagnostics(small_card(tmp_path, SEED_002_LEFTOVERS))
    assert located(diags, "JX511") == [(5, 1), (11, 1), (13, 1), (17, 1), (21, 3)]
    assert all(not d.is_error for d in diags if d.code == "JX511")


def test_doubled_punctuation_is_found_with_line_and_column(tmp_path: Path) -> None:
    diags = narrative_diagnostics(small_card(tmp_path, SEED_002_LEFTOVERS))
    assert located(diags, "JX512") == [(23, 12), (23, 31)]


def test_guidance_in_a_comment_or_code_is_not_a_leftover(tmp_path: Path) -> None:
    md = (
        "## 绩效评价结果应用\n\n"
        "<!-- 重点说明应用绩效评价结果，改进管理、合理预算安排、实施奖惩和问责等情况。 -->\n\n"
        "<!--\n注：以上分析要有因果关系，内容完整、逻辑清晰、勾稽关系严密。\n-->\n\n"
        "`，，` 与 `a, b`\n\n"
        "```\n注：以上分析要有因果关系。。\n```\n"
    )
    diags = narrative_diagnostics(small_card(tmp_path, md))
    assert [d for d in diags if d.code in ("JX511", "JX512", "JX513", "JX514")] == []


def test_half_width_punctuation_and_spaces_between_chinese(tmp_path: Path) -> None:
    md = (
        "## 绩效评价结果应用\n\n"
        "资金已拨付,执行率较高;效果良好:群众满意.\n\n"  # line 3
        "依据(穗府办规〔2018〕13号)执行，广州市 社工服务站运营正常。\n\n"  # line 5
        "English text, numbers 1,000.50 and 10:30, a (note) and https://x.cn/a.\n\n"
        "合计 {{ total }} 分，见 [附件](files/a.pdf)，满意度 90%。\n"
    )
    diags = narrative_diagnostics(small_card(tmp_path, md))
    assert located(diags, "JX513") == [(3, 6), (3, 12), (3, 17), (3, 22), (5, 3), (5, 17)]
    assert located(diags, "JX514") == [(5, 24)]
    assert all(d.pos.line in (3, 5) for d in diags if d.code in ("JX513", "JX514"))


def test_every_shipped_guidance_phrase_is_detected(tmp_path: Path) -> None:
    for path in sorted(PROFILES.glob("*.yaml")):
        profile, diags = parse_profile(path.read_bytes(), path.name)
        assert profile is not None and not diags
        for phrase in guidance_phrases(profile):
            assert normalize(phrase), path.name
    profile, _ = parse_profile((PROFILES / "key-project-evaluation.yaml").read_bytes(), "k")
    assert profile is not None
    phrases = guidance_phrases(profile)
    assert len(phrases) >= 6
    md = "## 评价项目概述\n\n" + "\n\n".join(phrases) + "\n"
    diags = narrative_diagnostics(small_card(tmp_path, md))
    assert len(located(diags, "JX511")) == len(phrases)


def test_guidance_is_profile_data_on_sections() -> None:
    profile, _ = parse_profile((PROFILES / "key-project-evaluation.yaml").read_bytes(), "k")
    assert profile is not None
    results = next(s for s in profile.outline if s.title == "绩效评价结果应用")
    assert results.guidance == (
        "重点说明应用绩效评价结果，改进管理、合理预算安排、实施奖惩和问责等情况。",
    )


def test_real_seed_002_narrative_has_no_leftovers() -> None:
    diags = narrative_diagnostics(content_card(SEED_002))
    assert located(diags, "JX511") == []
