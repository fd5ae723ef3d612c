"""The CLI as a user runs it: exit codes, output formats, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, run_jixiao, write_report

BASE = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")
BAD = ROOT / "tests" / "fixtures" / "bad"
# What a published report needs besides a fixture's own problem (check = build).
PUBLISHED = "disclosure:\n  published: 2024-06-28\n"


def test_check_clean_exits_0(tmp_path: Path) -> None:
    write_report(tmp_path, BASE)
    result = run_jixiao("check", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "检查通过" in result.stdout


def test_check_errors_exit_1_with_all_problems_located(tmp_path: Path) -> None:
    folder = write_report(tmp_path, (BAD / "combined_three.yaml").read_text(encoding="utf-8"))
    result = run_jixiao("check", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    shown = f"{folder / 'report.yaml'}"
    for code, line in (("JX002", 2), ("JX101", 24), ("JX301", 28)):
        assert any(
            row.startswith(f"{shown}:{line}:") and code in row for row in result.stdout.splitlines()
        ), (code, result.stdout)
    assert "提示：" in result.stdout


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    write_report(tmp_path, (BAD / "overspent.yaml").read_text(encoding="utf-8") + PUBLISHED)
    assert run_jixiao("check", str(tmp_path)).returncode == 0
    strict = run_jixiao("check", "--strict", str(tmp_path))
    assert strict.returncode == 1
    assert "警告 JX312" in strict.stdout


def test_check_json(tmp_path: Path) -> None:
    write_report(
        tmp_path, (BAD / "group_weight_mismatch.yaml").read_text(encoding="utf-8") + PUBLISHED
    )
    result = run_jixiao("check", "--format", "json", str(tmp_path))
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    assert [p["code"] for p in problems] == ["JX301"]
    assert set(problems[0]) == {"code", "severity", "message", "hint", "file", "line", "col"}
    assert (problems[0]["line"], problems[0]["severity"]) == (21, "error")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = run_jixiao("check", str(tmp_path / "nope"))
    assert missing.returncode == 2
    assert "路径不存在" in missing.stderr and "Traceback" not in missing.stderr
    assert run_jixiao("check", "--format", "xml").returncode == 2
    assert run_jixiao("frobnicate").returncode == 2
    assert run_jixiao().returncode == 2


def test_folder_without_reports_is_an_error(tmp_path: Path) -> None:
    result = run_jixiao("check", str(tmp_path))
    assert result.returncode == 1
    assert "JX006" in result.stdout


def test_score_json_shape(tmp_path: Path) -> None:
    folder = write_report(tmp_path, BASE)
    result = run_jixiao("score", "--json", str(folder))  # a report folder itself
    assert result.returncode == 0, result.stderr
    cards = json.loads(result.stdout)
    assert len(cards) == 1
    card = cards[0]
    for key in ("path", "title", "kind", "year", "unit", "total", "grade", "budget", "groups"):
        assert key in card
    assert card["total"] == "96.50" and card["grade"] == "优" and card["year"] == 2023
    assert card["budget"] == {
        "unit": "万元",
        "initial": "100",
        "adjusted": "100",
        "executed": "90",
        "rate": "90.00",
        "score": "18.00",
    }
    assert card["groups"] == [
        {"name": "过程", "weight": "20", "score": "18.00", "rate": "90.00"},
        {"name": "产出", "weight": "50", "score": "50.00", "rate": "100.00"},
        {"name": "效益", "weight": "30", "score": "28.50", "rate": "95.00"},
    ]
    assert card["path"].endswith("test-unit/2023/r1")


def test_score_text(tmp_path: Path) -> None:
    write_report(tmp_path, BASE)
    result = run_jixiao("score", str(tmp_path))
    assert result.returncode == 0
    assert "总分 96.50，等级：优" in result.stdout
    assert "执行率 90.00%" in result.stdout


def test_score_with_errors_exits_1_and_reports_them(tmp_path: Path) -> None:
    write_report(tmp_path, (BAD / "unit_mismatch.yaml").read_text(encoding="utf-8"))
    result = run_jixiao("score", "--json", str(tmp_path))
    assert result.returncode == 1
    assert "JX201" in result.stderr


def test_the_command_exits_normally(tmp_path: Path) -> None:
    """The interpreter shuts down as usual after a command (no os._exit): exit handlers
    run, and the exit status is the command's."""
    write_report(tmp_path, BASE)
    script = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('exit handlers ran'))\n"
        f"sys.argv = ['jixiao', 'check', {str(tmp_path)!r}]\n"
        "from builder.cli import entry\n"
        "entry()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "检查通过" in result.stdout and "exit handlers ran" in result.stdout
