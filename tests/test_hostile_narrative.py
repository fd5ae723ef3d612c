"""Hostile report.md (issue 10 §3, §4): linear time on huge lines, unclosed `{{`, a
missing report.md, control characters — each a located diagnostic, never a hang."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from conftest import ROOT, write_report

from builder.pipeline.run import Evaluated, check
from builder.render import render_report

BASE = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")
FORM = (
    ROOT / "content" / "futian-xinfang" / "2023" / "petition-affairs" / "report.yaml"
).read_text(encoding="utf-8")
HEAD = "## 评价项目概述\n\n"


def evaluated(tmp_path: Path, md: str | None, yaml: str = BASE) -> Evaluated:
    write_report(tmp_path, yaml, md)
    return check([tmp_path])


def codes_at(result: Evaluated, code: str) -> list[tuple[int, int]]:
    return [(d.pos.line, d.pos.col) for d in result.diagnostics if d.code == code]


def body(result: Evaluated) -> str:
    card = result.cards[0]
    return render_report(card, None, prepared=result.prepared_for(card)).body_html


# Generous bounds (the machine is shared): before the fix these took 30-40 s and 150 s.
@pytest.mark.parametrize(
    ("md", "bound"),
    [
        (HEAD + "{{ total }}" * 20_000 + "\n", 10.0),  # one line of 220 KB
        (HEAD + "总分 {{ total }}\n" * 20_000, 10.0),  # one paragraph of 20,000 lines
        (HEAD + "<!--" * 50_000 + "\n", 10.0),  # openers without a closer
        (HEAD + "[" * 300_000 + "\n", 10.0),  # brackets without a closer
        (HEAD + "`" * 1_000 + "a\n", 10.0),  # a run of backticks without its match
        (HEAD + "![" * 20_000 + "\n", 10.0),
    ],
    ids=[
        "figures-one-line",
        "figures-one-paragraph",
        "comments",
        "brackets",
        "backticks",
        "images",
    ],
)
def test_huge_lines_are_read_in_linear_time(tmp_path: Path, md: str, bound: float) -> None:
    start = time.perf_counter()
    result = evaluated(tmp_path, md)
    assert time.perf_counter() - start < bound
    assert result.cards


def test_every_figure_of_a_long_line_has_its_own_column(tmp_path: Path) -> None:
    md = HEAD + "甲{{ nope }}乙{{ total }}丙{{ nope }}\n"
    assert codes_at(evaluated(tmp_path, md), "JX506") == [(3, 2), (3, 25)]


@pytest.mark.parametrize(
    ("line", "columns"),
    [
        ("总分 {{ total 。", [4]),
        ("又 {{", [3]),
        ("{{{{ total }}", [1]),  # the first two braces open nothing
        ("a {{ b {{ total }}", [3]),
    ],
)
def test_an_unclosed_figure_is_an_error_at_its_column(
    tmp_path: Path, line: str, columns: list[int]
) -> None:
    result = evaluated(tmp_path, HEAD + line + "\n")
    assert codes_at(result, "JX520") == [(3, col) for col in columns]
    assert result.has_errors


def test_braces_that_are_not_an_unclosed_figure(tmp_path: Path) -> None:
    md = HEAD + "代码 `{{ total` 与 {{{ total }} 与 { 单个 }\n"
    result = evaluated(tmp_path, md)
    assert codes_at(result, "JX520") == []
    html = body(result)
    assert "{{ total" in html  # the code span, as written
    assert "{" + result.cards[0].total.to_eng_string() in html.replace('<span class="figure">', "")


def test_an_unclosed_figure_is_shown_as_written(tmp_path: Path) -> None:
    html = body(evaluated(tmp_path, HEAD + "总分 {{ total 。\n"))
    assert "总分 {{ total 。" in html


def test_a_missing_report_md_is_an_error_for_a_prose_report(tmp_path: Path) -> None:
    result = evaluated(tmp_path, None)
    missing = [d for d in result.diagnostics if d.code == "JX521"]
    assert len(missing) == 1 and missing[0].is_error
    assert missing[0].pos.file.endswith("r1/report.md")


def test_a_missing_report_md_is_a_warning_for_a_form(tmp_path: Path) -> None:
    result = evaluated(tmp_path, None, FORM)
    assert [(d.code, d.is_error) for d in result.diagnostics] == [("JX522", False)]


def test_control_characters_are_dropped_with_a_warning(tmp_path: Path) -> None:
    md = HEAD + "总分\x1b[31m{{ total }}\x1b[0m分。\n\n正常一行。\n\n尾\x00部\x07。\n"
    result = evaluated(tmp_path, md)
    assert codes_at(result, "JX523") == [(3, 3), (7, 2)]
    assert not result.has_errors or codes_at(result, "JX520") == []
    html = body(result)
    assert "\x1b" not in html and "\x00" not in html and "\x07" not in html
    assert "[31m" in html  # only the invisible character goes; what follows it is text


def test_many_lines_of_control_characters_make_a_bounded_report(tmp_path: Path) -> None:
    md = HEAD + "文\x1b字\n\n" * 500
    found = codes_at(evaluated(tmp_path, md), "JX523")
    assert len(found) == 20
