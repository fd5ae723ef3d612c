"""The pure diff: matching, problems without line numbers, sections, Markdown escaping."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from conftest import OUTLINE, write_report

from builder.loading.content import load_content
from builder.pipeline.run import evaluate
from builder.review.diff import ContentDiff, Snapshot, diff_content
from builder.review.markdown import diff_markdown, esc
from builder.review.narrative import section_changes, split_sections

YAML = """\
kind: key-project-evaluation
title: {title}
year: 2023
project: {{name: 项目, code: "{code}"}}
evaluation: {{mode: self}}
indicators:
  - name: 产出
    weight: 100
    children:
      - {{name: 场次, weight: 100, target: "≥4场", actual: "{actual}"}}
"""


def snapshot(root: Path, reports: dict[str, dict[str, str]]) -> Snapshot:
    """Reports by folder slug (unit u) → one evaluated snapshot, content at the repo root."""
    root.mkdir(parents=True, exist_ok=True)
    for slug, fields in reports.items():
        text = YAML.format(**{"title": "报告", "code": "1", "actual": "4场", **fields})
        write_report(root, text, fields.get("md", OUTLINE), unit="u", slug=slug)
    return evaluated_snapshot(root)


def evaluated_snapshot(root: Path) -> Snapshot:
    """As gitrev does: diagnostic files relative to the repository root (here: ROOT)."""
    evaluated = evaluate(load_content([root]))
    folders = {card.report.folder: card for card in evaluated.cards}
    diags = tuple(
        replace(d, pos=replace(d.pos, file=Path(d.pos.file).relative_to(root).as_posix()))
        for d in evaluated.diagnostics
    )
    return Snapshot(folders=folders, diagnostics=diags, prefix="")


def test_identical_snapshots_give_nothing(tmp_path: Path) -> None:
    base = snapshot(tmp_path / "a", {"r": {}})
    head = snapshot(tmp_path / "b", {"r": {}})
    assert diff_content(base, head).empty


def test_a_move_with_a_new_title_is_matched_by_project_code(tmp_path: Path) -> None:
    base = snapshot(tmp_path / "a", {"old": {"title": "旧标题", "code": "77"}})
    head = snapshot(tmp_path / "b", {"new": {"title": "新标题", "code": "77"}})
    (moved,) = diff_content(base, head).reports
    assert (moved.status, moved.folder_before, moved.folder_after) == (
        "moved",
        "u/2023/old",
        "u/2023/new",
    )
    assert [(c.what, c.before, c.after) for c in moved.fields] == [("标题", "旧标题", "新标题")]


def test_an_ambiguous_move_is_shown_as_remove_and_add(tmp_path: Path) -> None:
    base = snapshot(tmp_path / "a", {"old": {"code": "9"}})
    head = snapshot(tmp_path / "b", {"x": {"code": "9"}, "y": {"code": "9"}})
    statuses = sorted(r.status for r in diff_content(base, head).reports)
    assert statuses == ["added", "added", "removed"]


def test_a_lower_grade_is_flagged_even_below_the_threshold(tmp_path: Path) -> None:
    base = snapshot(tmp_path / "a", {"r": {"actual": "3.6场"}})  # 90.00 优
    head = snapshot(tmp_path / "b", {"r": {"actual": "3.56场"}})  # 89.00 良
    (r,) = diff_content(base, head, threshold=Decimal(5)).reports
    assert (r.total_before, r.total_after) == (Decimal("90.00"), Decimal("89.00"))
    assert r.flags == ("等级下降：优 → 良",)


def test_problems_are_compared_without_line_numbers(tmp_path: Path) -> None:
    broken = {"actual": "4次"}  # unit mismatch with the target's 场
    base = snapshot(tmp_path / "a", {"r": broken})
    head_root = tmp_path / "b"
    snapshot(head_root, {"r": broken})
    yaml = head_root / "u/2023/r/report.yaml"
    yaml.write_text("# 注释把所有行下移一行\n" + yaml.read_text(encoding="utf-8"), "utf-8")
    head = evaluated_snapshot(head_root)
    assert [d.pos.line for d in base.diagnostics] == [10]
    assert [d.pos.line for d in head.diagnostics] == [11]
    assert diff_content(base, head).empty


def test_sections_split_on_level_two_headings_only() -> None:
    text = "前言\n\n## 一\n\n甲\n\n### 一之一\n\n乙\n\n## 二\n\n丙\n"
    assert split_sections(text) == {
        "（标题前的文字）": ["前言"],
        "一": ["甲", "", "### 一之一", "", "乙"],
        "二": ["丙"],
    }


def test_section_changes_in_reading_order() -> None:
    before = "## 一\n\n甲\n\n## 二\n\n乙\n\n## 三\n\n丙\n"
    after = "## 一\n\n甲\n\n## 三\n\n丙改\n\n## 四\n\n丁\n"
    changes = section_changes(before, after)
    assert [(c.title, c.status) for c in changes] == [
        ("二", "removed"),
        ("三", "changed"),
        ("四", "added"),
    ]
    assert changes[1].diff == ("@@ -1 +1 @@", "-丙", "+丙改")
    assert changes[0].diff == ("-乙",)


def test_markdown_escapes_content_and_fences_diffs(tmp_path: Path) -> None:
    assert esc("a|b *c* <x>") == r"a\|b \*c\* \<x\>"
    base = snapshot(tmp_path / "a", {"r": {"title": "甲|乙", "md": "## 一\n\n```\n"}})
    head = snapshot(tmp_path / "b", {"r": {"title": "甲|乙", "md": "## 一\n\n````\n"}})
    md = diff_markdown(diff_content(base, head), "main", "HEAD")
    assert r"| 甲\|乙<br>`u/2023/r` | 修改 | 100.00 | 优 |  |" in md
    assert "`````diff\n@@ -1 +1 @@\n-```\n+````\n`````" in md


def test_an_empty_diff_in_markdown_says_so() -> None:
    md = diff_markdown(ContentDiff(reports=()), "main", "HEAD")
    assert md == "### jixiao 评分变化：`main` → `HEAD`\n\n没有报告发生变化。\n"


def test_a_report_that_can_no_longer_be_scored_is_flagged(tmp_path: Path) -> None:
    base = snapshot(tmp_path / "a", {"r": {}})
    head_root = tmp_path / "b"
    snapshot(head_root, {"r": {}})
    yaml = head_root / "u/2023/r/report.yaml"
    text = yaml.read_text(encoding="utf-8").replace("key-project-evaluation", "no-such-kind")
    yaml.write_text(text, encoding="utf-8")
    head = evaluated_snapshot(head_root)
    head = Snapshot({"u/2023/r": None}, head.diagnostics, "")
    (r,) = diff_content(base, head).reports
    assert (r.status, r.total_before, r.total_after) == ("changed", Decimal("100.00"), None)
    assert r.flags == ("改动后无法计分",)
    assert [(p.status, p.code, p.file) for p in r.problems] == [("new", "JX107", "report.yaml")]
