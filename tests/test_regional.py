"""Regional rules as data (issue 11 §3, §4): rounding modes, whole points, scaled blocks,
declared figures at their printed precision. The fixture reports in tests/fixtures/regional
are built from the issue's figures of real published forms."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import ROOT, SITE_YAML, write_report
from test_forms import checked
from test_render_support import table_rows
from test_schema import errors, load

from builder.diagnostics import Diagnostic
from builder.loading.profile import parse_profile
from builder.model import Scoring
from builder.pipeline.run import Evaluated, check
from builder.render import render_report

REGIONAL = ROOT / "tests" / "fixtures" / "regional"


def evaluate(tmp_path: Path, text: str, site: str = "") -> Evaluated:
    year = int(text.split("\nyear: ", 1)[1][:4])
    write_report(tmp_path, text, year=year)
    if site:
        (tmp_path / "site.yaml").write_text(SITE_YAML + site, encoding="utf-8")
    return check([tmp_path])


def codes(diags: list[Diagnostic]) -> list[str]:
    return [d.code for d in diags if d.code != "JX303"]  # a region's own split: a warning


def fixture(name: str) -> str:
    return (REGIONAL / f"{name}.yaml").read_text(encoding="utf-8")


def without_scoring(text: str) -> str:
    head, _, rest = text.partition("scoring:\n")
    return head + "indicators:\n" + rest.split("indicators:\n", 1)[1]


def test_langfang_2019_whole_points(tmp_path: Path) -> None:
    evaluated = evaluate(tmp_path, fixture("langfang-2019"))
    assert codes(evaluated.diagnostics) == []
    card = evaluated.cards[0]
    rate = card.group("预算执行率")
    assert rate is not None and rate.score == Decimal(9)  # 10 × 86.2 % = 8.62 → 9
    assert card.total == Decimal(98) and card.grade == "优"


def test_langfang_2019_with_two_decimals_is_not_98(tmp_path: Path) -> None:
    evaluated = evaluate(tmp_path, without_scoring(fixture("langfang-2019")))
    assert evaluated.cards[0].total == Decimal("97.74")


def test_yuan_2022_truncates(tmp_path: Path) -> None:
    evaluated = evaluate(tmp_path, fixture("yuan-2022"))
    assert codes(evaluated.diagnostics) == []
    card = evaluated.cards[0]
    scores = {n.name: n.score for n in card.scored_nodes()}
    assert scores["预算执行率"] == Decimal(8)  # 8.63 → 8
    assert scores["参训合格率"] == Decimal(5)  # 5.70 → 5
    assert card.total == Decimal(97)


def test_yuan_2022_half_up_would_differ(tmp_path: Path) -> None:
    text = fixture("yuan-2022").replace("  rounding: down\n", "")
    evaluated = evaluate(tmp_path, text)
    assert evaluated.cards[0].total == Decimal(99)
    assert "JX308" in codes(evaluated.diagnostics)  # declared 97


def test_site_sets_scoring_and_a_report_overrides_it(tmp_path: Path) -> None:
    text = without_scoring(fixture("yuan-2022"))
    evaluated = evaluate(tmp_path, text, site="scoring: {decimals: 0, rounding: down}\n")
    assert evaluated.cards[0].total == Decimal(97)
    own = text.replace("indicators:\n", "scoring: {decimals: 2}\nindicators:\n", 1)
    evaluated = evaluate(tmp_path, own, site="scoring: {decimals: 0, rounding: down}\n")
    assert evaluated.cards[0].total == Decimal("98.33")  # 8.63 + 5.70 + 84, truncated at 2


def test_profile_sets_rounding() -> None:
    base = "id: p\nname: 测试\nscoring:\n  decimals: 0\n  rounding: down\n"
    profile, diags = parse_profile(base.encode(), "p.yaml")
    assert profile is not None and not diags
    assert (profile.decimals, profile.rounding) == (0, "down")
    for bad in ("  decimals: 3\n", "  rounding: up\n"):
        broken, found = parse_profile(("id: p\nname: 测试\nscoring:\n" + bad).encode(), "p.yaml")
        assert broken is None and [d.code for d in found] == ["JX109"]


@pytest.mark.parametrize(
    "bad", ["scoring: {decimals: 3}\n", "scoring: {rounding: up}\n", "scoring: {decimals: 一}\n"]
)
def test_bad_scoring_is_located(tmp_path: Path, bad: str) -> None:
    text = fixture("yuan-2022").replace("scoring:\n  decimals: 0\n  rounding: down\n", bad)
    evaluated = evaluate(tmp_path, text)
    found = [d for d in evaluated.diagnostics if d.is_error]
    assert found and found[0].code in ("JX105", "JX106") and found[0].pos.line == 8


def test_hubei_2020_scaled_block(tmp_path: Path) -> None:
    evaluated = evaluate(tmp_path, fixture("hubei-2020"))
    assert codes(evaluated.diagnostics) == []
    card = evaluated.cards[0]
    block = card.group("年度绩效目标")
    assert block is not None
    assert (block.weight, block.score, block.rate) == (Decimal(80), Decimal("80.00"), Decimal(100))
    assert card.weight_total == Decimal(100)
    assert card.total == Decimal("100.00")


def test_hubei_scaled_block_converts_lost_points(tmp_path: Path) -> None:
    text = fixture("hubei-2020").replace("actual: 5200人", "actual: 2500人")  # 20 × 0.5 = 10
    text = text.replace("actual: 2500人\n", "actual: 2500人\n            reason: r\n")
    text = text.replace("  total: 100\n", "  total: 92\n")
    evaluated = evaluate(tmp_path, text)
    card = evaluated.cards[0]
    block = card.group("年度绩效目标")
    assert block is not None and block.score == Decimal("72.00")  # 90 × 80 / 100
    assert card.total == Decimal("92.00")
    assert codes(evaluated.diagnostics) == []


def test_without_scaled_the_hint_points_at_the_children(tmp_path: Path) -> None:
    evaluated = evaluate(tmp_path, fixture("hubei-2020").replace("    scaled: true\n", ""))
    found = {d.code: d for d in evaluated.diagnostics}
    assert "JX301" in found and "scaled: true" in found["JX301"].hint
    total = found["JX302"]
    assert "下级" in total.hint and "年度绩效目标" in total.hint and "scaled: true" in total.hint
    assert "调整各一级指标的分值" not in total.hint  # today's hint blamed the level-1 weights


def test_scaled_needs_a_weight_and_a_group(tmp_path: Path) -> None:
    text = fixture("hubei-2020").replace("    weight: 80\n    scaled: true\n", "    scaled: true\n")
    assert "JX316" in codes(evaluate(tmp_path, text).diagnostics)
    leaf = checked("  - {name: x, weight: 100, method: judged, score: 100, scaled: true}\n")
    assert [d.code for d in leaf] == ["JX317"]


def test_total_over_100_is_not_silently_excellent() -> None:
    found = checked(
        "  - {name: a, weight: 60, method: judged, score: 60}\n"
        "  - {name: b, weight: 47.55, method: judged, score: 47.55}\n"
    )
    assert "JX318" in [d.code for d in found]
    over = next(d for d in found if d.code == "JX318")
    assert "107.55" in over.message and over.is_error


@pytest.mark.parametrize(
    ("stated", "ok"),
    [
        ("86.2%", True),
        ("86%", True),
        ("0.862", True),
        ("0.86", True),
        ("86.20%", True),
        ("85%", False),
        ("0.85", False),
        ("86.3%", False),
    ],
)
def test_declared_rate_at_its_printed_precision(tmp_path: Path, stated: str, ok: bool) -> None:
    text = (
        fixture("hubei-2020")
        .replace("executed: 300", "executed: 258.6")  # 86.20 %
        .replace("  total: 100\n", f"  budget_rate: '{stated}'\n")
        .replace("  grade: 优\n", "")
        .replace("    method: budget-rate\n", "    method: budget-rate\n    reason: r\n")
    )
    found = codes(evaluate(tmp_path, text).diagnostics)
    assert ("JX311" not in found) is ok, found


def test_declared_total_at_its_printed_precision(tmp_path: Path) -> None:
    text = without_scoring(fixture("langfang-2019")).replace("total: 98", "total: 97.7")
    assert "JX308" not in codes(evaluate(tmp_path, text).diagnostics)  # 97.74 printed 97.7
    text = text.replace("total: 97.7", "total: 97.8")
    assert "JX308" in codes(evaluate(tmp_path, text).diagnostics)


@pytest.mark.parametrize("name", ["langfang-2019", "yuan-2022", "hubei-2020"])
def test_the_json_schema_accepts_the_regional_fields(name: str) -> None:
    assert errors("report.schema.json", load(REGIONAL / f"{name}.yaml")) == []


@pytest.mark.parametrize(
    ("key", "value"),
    [("decimals", 3), ("rounding", "up"), ("rounding", "四舍五入")],
)
def test_the_json_schema_refuses_bad_scoring(key: str, value: object) -> None:
    report = load(REGIONAL / "yuan-2022.yaml")
    report["scoring"][key] = value
    assert errors("report.schema.json", report)
    site = {"title": "t", "publisher": "p", "scoring": {key: value}}
    assert errors("site.schema.json", site)


def test_the_json_schema_knows_the_indicator_fields() -> None:
    report = load(REGIONAL / "hubei-2020.yaml")
    block = report["indicators"][1]
    assert errors("report.schema.json", report) == []
    block["scaled"] = "yes"
    assert errors("report.schema.json", report)
    block["scaled"] = True
    leaf = block["children"][0]["children"][0]
    leaf.update(unit="个", direction="反向", method="coefficient", coefficient="85%")
    assert errors("report.schema.json", report) == []
    leaf["direction"] = "向上"
    assert errors("report.schema.json", report)


def test_the_form_prints_whole_points_and_the_units_of_bare_numbers(tmp_path: Path) -> None:
    card = evaluate(tmp_path, fixture("yuan-2022")).cards[0]
    body = render_report(card, None).body_html
    rows = table_rows(body, "form-indicators")
    training = next(row for row in rows if "培训人次" in row)
    assert training[-5:-1] == ["≥1200人次", "1250人次", "50", "50"]  # unit: 人次
    rate = next(row for row in rows if "参训合格率" in row)
    assert rate[-2] == "5"  # 5.70 truncated, printed without decimals
    assert rows[-1] == ["总分", "100", "97", "—"]


def test_scaled_takes_true_or_false(tmp_path: Path) -> None:
    text = fixture("hubei-2020").replace("scaled: true", "scaled: 是")
    found = [(d.code, d.pos.line) for d in evaluate(tmp_path, text).diagnostics if d.is_error]
    assert ("JX105", 21) in found


def test_one_profile_variant_per_setting() -> None:
    profile, _ = parse_profile(b"id: p\nname: n\n", "p.yaml")
    assert profile is not None
    assert profile.with_scoring(Scoring()) is profile
    assert profile.with_scoring(Scoring(decimals=2, rounding="half-up")) is profile
    whole = profile.with_scoring(Scoring(decimals=0))
    assert whole is profile.with_scoring(Scoring(decimals=0)) and whole.decimals == 0
    assert whole.with_scoring(Scoring(rounding="down")).rounding == "down"
