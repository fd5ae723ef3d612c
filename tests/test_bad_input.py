"""Bad input: every fixture in tests/fixtures/bad gets its code at its line, and nothing else breaks."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, outline_md, write_report

from builder.pipeline.run import check

BAD = ROOT / "tests" / "fixtures" / "bad"

# fixture name → the (code, line) pairs it must produce (others may follow from them).
EXPECT: dict[str, list[tuple[str, int]]] = {
    "syntax_unclosed_quote": [("JX002", 2)],
    "syntax_bad_indent": [("JX002", 6)],
    "tab_indent": [("JX003", 5)],
    "duplicate_key": [("JX004", 4)],
    "alias_loop": [("JX008", 33 + 1)],  # an alias inside what it names
    "alias_bomb": [("JX008", 33 + 2)],  # aliases of aliases: a million copies of line 35
    "unknown_key_typo": [("JX101", 24)],
    "unknown_top_key": [("JX101", 2), ("JX103", 1)],
    "wrong_type_indicators": [("JX102", 14)],
    "missing_evaluation": [("JX103", 1)],
    "missing_mode": [("JX103", 5)],
    "bad_date": [("JX104", 5)],
    "bad_date_format": [("JX104", 5)],
    "bad_method": [("JX105", 32)],
    "bad_mode": [("JX105", 5)],
    "bad_budget_unit": [("JX105", 7)],
    "weight_not_number": [("JX110", 28)],
    "negative_weight": [("JX106", 28)],
    "year_out_of_range": [("JX106", 3)],
    "unknown_kind": [("JX107", 1)],
    "lines_not_list": [("JX102", 8)],
    "unit_mismatch": [("JX201", 26)],
    "needs_method": [("JX202", 25)],
    "judged_missing_score": [("JX203", 32)],
    "ratio_bad_actual": [("JX204", 26)],
    "rate_not_percent": [("JX204", 33)],
    "missing_weight": [("JX205", 30)],
    "budget_rate_no_budget": [("JX206", 12)],
    "qualitative_no_level": [("JX207", 32)],
    "banded_bad_band": [("JX208", 35)],
    "score_ignored": [("JX209", 28)],
    "zero_budget": [("JX210", 7)],
    "group_weight_mismatch": [("JX301", 21)],
    "total_weight_not_100": [("JX302", 14)],
    "score_over_weight": [("JX304", 33)],
    "qualitative_out_of_band": [("JX305", 34)],
    "judged_low_no_reason": [("JX306", 33)],
    "overshoot_no_reason": [("JX307", 26)],
    "declared_total_mismatch": [("JX308", 35)],
    "declared_grade_mismatch": [("JX309", 35)],
    "declared_group_mismatch": [("JX310", 36)],
    "declared_rate_mismatch": [("JX311", 35)],
    "overspent": [("JX312", 12)],
    "duplicate_indicator": [("JX314", 27)],
    "declared_unknown_group": [("JX315", 36)],
    # hostile values (issue 10 §2): one located code each, never a traceback
    "amount_chinese_numeral": [("JX110", 12)],
    "amount_exponent": [("JX110", 15)],
    "amount_bad_grouping": [("JX110", 11)],
    "amount_too_long": [("JX110", 10)],
    "negative_budget": [("JX106", 12)],
    "control_character": [("JX020", 2)],
    "deep_nesting": [("JX021", 35)],
    "nameless_indicator": [("JX103", 20)],
    # one file, three kinds of problem: all reported in one run
    "combined_three": [("JX002", 2), ("JX101", 24), ("JX301", 28)],
}


def problems(tmp_path: Path, text: str | bytes) -> list[tuple[str, int]]:
    # the report.md of the kind's outline: the report's own problems alone are expected
    folder = write_report(tmp_path, "", outline_md(text) if isinstance(text, str) else None)
    target = folder / "report.yaml"
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    evaluated = check([tmp_path])
    for d in evaluated.diagnostics:
        assert d.pos.file.endswith("report.yaml"), d
        assert d.message and d.hint, d
    return [(d.code, d.pos.line) for d in evaluated.diagnostics]


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.stem for p in BAD.glob("*.yaml")) == sorted(EXPECT)
    assert len(EXPECT) >= 30


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_bad_fixture(name: str, tmp_path: Path) -> None:
    found = problems(tmp_path, (BAD / f"{name}.yaml").read_text(encoding="utf-8"))
    for expected in EXPECT[name]:
        assert expected in found, f"{name}: expected {expected}, got {found}"


def test_base_fixture_is_clean(tmp_path: Path) -> None:
    base = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")
    assert problems(tmp_path, base) == []


def test_gbk_file_is_a_located_error(tmp_path: Path) -> None:
    base = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")
    found = problems(tmp_path, base.encode("gbk"))
    assert found == [("JX001", 2)]  # the title on line 2 is the first non-ASCII text


def test_bom_is_tolerated(tmp_path: Path) -> None:
    base = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")
    assert problems(tmp_path, "\ufeff" + base) == []


def test_empty_file(tmp_path: Path) -> None:
    assert problems(tmp_path, "") == [("JX007", 1)]


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    folder = write_report(tmp_path, (BAD / "unknown_key_typo.yaml").read_text(encoding="utf-8"))
    evaluated = check([folder])
    typo = next(d for d in evaluated.diagnostics if d.code == "JX101")
    assert "weight" in typo.hint
    assert (typo.pos.line, typo.pos.col) == (24, 9)


def test_problems_of_several_files_come_sorted_together(tmp_path: Path) -> None:
    write_report(tmp_path, (BAD / "bad_mode.yaml").read_text(encoding="utf-8"), slug="a")
    write_report(tmp_path, (BAD / "tab_indent.yaml").read_text(encoding="utf-8"), slug="b")
    write_report(tmp_path, (BAD / "overspent.yaml").read_text(encoding="utf-8"), slug="c")
    diags = check([tmp_path]).diagnostics
    assert [(Path(d.pos.file).parent.name, d.code) for d in diags] == [
        ("a", "JX105"),
        ("b", "JX003"),
        ("c", "JX312"),
    ]
