"""`jixiao check --format github`: exact workflow-command lines, paths from the repo root."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import run_jixiao, write_report

from builder.diagnostics import Diagnostic, Pos, Severity
from builder.review.github import annotation, escape_data, escape_property

BROKEN = """\
kind: key-project-evaluation
title: 测试报告
year: 2023
evaluation: {mode: self}
indicators:
  - name: 产出
    weight: 100
    children:
      - {name: 数量, wieght: 100, method: judged, score: 90}
disclosure: {published: 2024-06-28}
"""


def _git_repo(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)


def test_lines_are_exact_and_relative_to_the_repository_root(tmp_path: Path) -> None:
    _git_repo(tmp_path)
    content = tmp_path / "docs" / "content"
    content.mkdir(parents=True)
    write_report(content, BROKEN, unit="u", slug="r")
    # Run from a subfolder: the paths must still start at the repository root.
    done = run_jixiao("check", "--format", "github", ".", cwd=content)
    assert done.returncode == 1
    file = "docs/content/u/2023/r/report.yaml"
    assert done.stdout.splitlines() == [
        f"::error file={file},line=9,col=16,title=JX205 计分指标缺少分值::"
        "计分指标「数量」没有分值%0A提示：请添加「weight: 分值」。",
        f"::error file={file},line=9,col=20,title=JX101 未知的键::"
        "「indicator」中没有键「wieght」%0A提示：是否想写「weight」？",
        f"::error file={file},line=9,col=56,title=JX304 得分超过分值::"
        "「数量」得分 90 超过分值 0%0A提示：得分不能超过分值：超额完成不加分。",
    ]


def test_a_clean_tree_prints_nothing(tmp_path: Path) -> None:
    _git_repo(tmp_path)
    write_report(tmp_path, BROKEN.replace("wieght", "weight").replace("score: 90", "score: 100"))
    done = run_jixiao("check", "--format", "github", str(tmp_path), cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "")


def test_escaping_follows_the_workflow_command_rules() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_warnings_without_line_and_odd_file_names() -> None:
    warning = Diagnostic("JX303", "分值：不同, 50%", Pos("a,b:c.yaml"), "", Severity.WARNING)
    assert annotation(warning, "x/a,b:c.yaml") == (
        "::warning file=x/a%2Cb%3Ac.yaml,title=JX303 一级指标分值与该类报告的默认权重不同::"
        "分值：不同, 50%25"
    )
