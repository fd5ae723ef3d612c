"""Hostile values in report.yaml (issue 10 §2): every one a located diagnostic, never a
traceback — amounts outside the one grammar, control characters, deep nesting, divisions
by zero, indicators without a name."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import OUTLINE, ROOT, write_report

from builder.loading.scalars import parse_decimal
from builder.loading.yamlsrc import _compose as compose_libyaml
from builder.loading.yamlsrc import compose
from builder.pipeline.run import check

BASE = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")


def line_of(text: str, yaml: str = BASE) -> int:
    """The 1-based line of the first line of YAML containing TEXT (the fixture grows)."""
    return next(n for n, line in enumerate(yaml.splitlines(), 1) if text in line)


# Where `executed: 90` is in the base fixture: the value at column 17.
EXECUTED = (line_of("executed: 90"), 17)


def found(tmp_path: Path, yaml: str, md: str | None = OUTLINE) -> list[tuple[str, int, int]]:
    write_report(tmp_path, yaml, md)
    return [(d.code, d.pos.line, d.pos.col) for d in check([tmp_path]).diagnostics]


@pytest.mark.parametrize(
    "text",
    [
        "四百六十",
        "1e999999999",
        "1e-999999999",
        "sNaN",
        "NaN",
        "inf",
        "-Infinity",
        "0x1CC",
        "4_6_0",
        "46%",
        "9" * 100,
        "1" * 16,  # one integer digit more than the bound
        "0.1234567",  # one decimal more than the bound
        "1,00",  # groups of three, or none
        "1,0000",
        ",100",
        "1.2.3",
        "١٢",  # Arabic-Indic digits: Decimal reads them, a reader of the report would not
        "+",
        ".",
        "12 万",
    ],
)
def test_an_amount_outside_the_grammar_is_one_located_error(tmp_path: Path, text: str) -> None:
    problems = found(tmp_path, BASE.replace("executed: 90", f"executed: '{text}'"))
    assert problems == [("JX110", *EXECUTED)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("90", "90"),
        ("'90'", "90"),
        ("90.5", "90.5"),
        ("1,000", "1000"),
        ("1,234,567.891234", "1234567.891234"),
        ("９０", "90"),  # full-width digits, as Chinese input methods type them
        ("１，０００．５", "1000.5"),
        ("999999999999999", "999999999999999"),
        ("0.000001", "0.000001"),
        (".5", "0.5"),
    ],
)
def test_amounts_in_the_grammar_are_exact(text: str, value: str) -> None:
    parsed = parse_decimal(text.strip("'"))
    assert parsed == Decimal(value)
    assert str(parsed) == value or parsed == Decimal(value)


def test_budget_amounts_may_not_be_negative(tmp_path: Path) -> None:
    problems = found(tmp_path, BASE.replace("executed: 90", "executed: -90"))
    assert problems == [("JX106", *EXECUTED)]


def test_a_bad_weight_or_score_is_located_and_scoring_goes_on(tmp_path: Path) -> None:
    yaml = BASE.replace("weight: 30\n        method: rate", "weight: 3e1\n        method: rate")
    assert ("JX110", line_of("weight: 3e1", yaml), 17) in found(tmp_path, yaml)


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\x7f", "\x85\x9b"])
def test_control_characters_in_yaml_are_located(tmp_path: Path, char: str) -> None:
    yaml = BASE.replace("测试项目", f"测试{char}项目").replace("效益", f"效{char}益")
    problems = found(tmp_path, yaml)
    col = 2 if char == "\x85\x9b" else 1  # NEL is allowed in YAML: the next one is found
    benefit = line_of("效益")
    assert problems == [("JX020", 2, 10 + col - 1), ("JX020", benefit, 12 + col - 1)]


def test_many_lines_of_control_characters_make_a_bounded_report(tmp_path: Path) -> None:
    yaml = BASE + "".join(f"# \x00 {n}\n" for n in range(1000))
    problems = found(tmp_path, yaml)
    assert len(problems) == 20
    assert {code for code, _, _ in problems} == {"JX020"}


@pytest.mark.parametrize("levels", [60, 1_000, 200_000])
def test_deep_flow_nesting_is_located(tmp_path: Path, levels: int) -> None:
    # 200,000 levels crashed libyaml's composer (a segmentation fault), 1,000 recursed
    # past Python's limit.
    yaml = BASE + "goals:\n  expected: " + "[" * levels + "]" * levels + "\n"
    assert found(tmp_path, yaml) == [("JX021", len(BASE.splitlines()) + 2, 61)]


def test_deep_block_nesting_is_located(tmp_path: Path) -> None:
    deep = "".join(f"{' ' * n}k{n}:\n" for n in range(2, 2_000))
    yaml = BASE + "goals:\n" + deep
    assert [code for code, _, _ in found(tmp_path, yaml)] == ["JX021"]
    # the depth guard reports it before libyaml composes it (that recurses)
    assert compose(yaml, "r.yaml").node is None


def _reverse(weight: str) -> str:
    return BASE.replace(
        "weight: 50\n        target: ≥10个\n        actual: 10个",
        f"weight: {weight}\n        method: reverse\n        target: -5%\n        actual: 0%",
    )


def test_reverse_with_a_target_of_zero_or_below_scores_zero_when_missed(tmp_path: Path) -> None:
    write_report(tmp_path, _reverse("50"))
    evaluated = check([tmp_path])
    assert not evaluated.has_errors, evaluated.diagnostics
    leaf = evaluated.cards[0].group("产出")
    assert leaf is not None and leaf.score == Decimal("0.00")


def test_reverse_with_weight_zero_is_no_division(tmp_path: Path) -> None:
    problems = found(tmp_path, _reverse("0"))
    assert {code for code, _, _ in problems} == {"JX301", "JX302"}  # the weights, not math


@pytest.mark.parametrize(
    ("target", "actual", "score"),
    [("≥0个", "-1个", "0.00"), ("≥-5%", "-10%", "0.00"), ("≥-5%", "-4%", "50.00")],
)
def test_ratio_with_a_target_of_zero_or_below(
    tmp_path: Path, target: str, actual: str, score: str
) -> None:
    yaml = BASE.replace(
        "target: ≥10个\n        actual: 10个", f"target: {target}\n        actual: {actual}"
    )
    write_report(tmp_path, yaml)
    evaluated = check([tmp_path])
    leaf = evaluated.cards[0].group("产出")
    assert leaf is not None and leaf.score == Decimal(score)


def test_a_huge_target_is_not_a_number_to_compute_with(tmp_path: Path) -> None:
    yaml = BASE.replace("target: ≥10个", f"target: ≥{'9' * 100_000}个")
    assert found(tmp_path, yaml) == [("JX202", line_of("target: ≥10个"), 17)]


NARRATIVE = "## 评价项目概述\n\n总分 {{ total }}，产出 {{ groups.产出.score }}。\n"


@pytest.mark.parametrize(
    "yaml",
    [
        # a nameless level-1 indicator, with declared group scores
        BASE.replace("  - name: 产出\n    weight: 50\n", "  - weight: 50\n")
        + "declared:\n  groups:\n    产出: 50\n",
        # a nameless leaf whose name line was lost to a repeated key
        BASE.replace("      - name: 完成数量\n", "      - target: x\n"),
        # a nameless budget line
        BASE.replace("    - name: 当年财政拨款\n      initial", "    - initial"),
    ],
)
def test_an_indicator_without_a_name_is_reported_not_a_traceback(tmp_path: Path, yaml: str) -> None:
    problems = found(tmp_path, yaml, NARRATIVE)
    assert {"JX103", "JX004"} & {code for code, _, _ in problems}


@pytest.mark.parametrize(
    "value",
    [
        "四百六十",
        "1e999999999",
        "sNaN",
        "0x1CC",
        "4_6_0",
        "46%",
        "9" * 100,
        "１，０００",
        "'1,000'",
    ],
)
def test_the_composed_amount_is_the_text_as_written(value: str) -> None:
    text = BASE.replace("executed: 90", f"executed: {value}")
    composed = compose(text, "report.yaml")
    assert composed.node is not None and composed.node == compose_libyaml(text)
    scalars = []
    pending = [composed.node]
    while pending:
        node = pending.pop()
        if node.id == "scalar":
            scalars.append(node.value)
        elif node.id == "sequence":
            pending += node.value
        else:
            pending += [part for pair in node.value for part in pair]
    assert value.strip("'") in scalars


def test_a_repeated_key_does_not_hide_a_missing_one(tmp_path: Path) -> None:
    # the repeated `target` took the place of the leaf's name: JX103 is reported, and the
    # nameless leaf never reaches scoring or the form (found by scripts/fuzz_long.py)
    yaml = BASE.replace("      - name: 完成数量\n", "      - target: x\n")
    assert {"JX004", "JX103"} <= {code for code, _, _ in found(tmp_path, yaml)}
