"""`jixiao diff` in a real temporary git repository: the command a reviewer runs on a PR."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_jixiao, write_report

REPORT_A = """\
kind: key-project-evaluation
title: 甲项目绩效评价报告
year: 2023
project: {name: 甲项目, code: "440300000001"}
evaluation: {mode: self}
budget:
  unit: 万元
  lines:
    - {name: 当年财政拨款, initial: 100, adjusted: 100, executed: 100}
indicators:
  - name: 产出
    weight: 60
    children:
      - {name: 服务人次, weight: 40, target: "≥100人次", actual: "100人次"}
      - {name: 完成率, weight: 20, target: "≥90%", actual: "95%"}
  - name: 效益
    weight: 40
    children:
      - {name: 满意度, weight: 30, method: judged, score: 28, reason: 个别对象反映等待时间长}
      - {name: 预算执行率, weight: 10, method: budget-rate}
"""
NARRATIVE_A = (
    "## 评价项目概述\n\n甲项目为社区提供服务。\n\n## 绩效评价结果应用\n\n按结果调整预算。\n"
)

REPORT_B = """\
kind: key-project-evaluation
title: 乙项目绩效评价报告
year: 2023
project: {name: 乙项目}
evaluation: {mode: self}
indicators:
  - name: 产出
    weight: 100
    children:
      - {name: 场次, weight: 100, target: "≥4场", actual: "4场"}
"""


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "test@example.org")
    git(tmp_path, "config", "user.name", "test")
    content = tmp_path / "content"
    content.mkdir()
    write_report(content, REPORT_A, NARRATIVE_A, unit="jingtai", slug="jia")
    write_report(content, REPORT_B, unit="xinfang", slug="yi")
    commit(tmp_path, "two reports")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


A = "content/jingtai/2023/jia"


def change_actual_and_weights(repo: Path) -> None:
    yaml = repo / A / "report.yaml"
    edit(yaml, 'actual: "100人次"', 'actual: "80人次"')
    edit(yaml, "{name: 服务人次, weight: 40", "{name: 服务人次, weight: 35")
    edit(yaml, "{name: 完成率, weight: 20", "{name: 完成率, weight: 25")


def test_a_changed_actual_and_weight_name_the_report_totals_and_indicators(repo: Path) -> None:
    change_actual_and_weights(repo)
    commit(repo, "new actual and weights")
    done = run_jixiao("diff", "HEAD~1", cwd=repo)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "修改 jingtai/2023/jia  甲项目绩效评价报告" in out
    # 98.00 = 40 + 20 + 28 + 10; after: 35 × 80% = 28, + 25 + 28 + 10 = 91.00
    assert "总分 98.00 → 91.00（-7.00），等级 优" in out
    assert "产出 › 服务人次：分值 40 → 35；实际值 100人次 → 80人次；得分 40.00 → 28.00" in out
    assert "产出 › 完成率：分值 20 → 25；得分 20.00 → 25.00" in out
    assert "⚑ 总分变化 -7.00 分，超过 5 分" in out
    assert "乙项目" not in out and "xinfang" not in out  # untouched reports produce nothing


def test_the_working_tree_is_the_default_head_and_is_left_alone(repo: Path) -> None:
    change_actual_and_weights(repo)
    before = git(repo, "status", "--porcelain"), git(repo, "stash", "list")
    done = run_jixiao("diff", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "jixiao diff HEAD → 工作区" in done.stdout
    assert "总分 98.00 → 91.00" in done.stdout
    assert (git(repo, "status", "--porcelain"), git(repo, "stash", "list")) == before


def test_nothing_changed_prints_one_line(repo: Path) -> None:
    done = run_jixiao("diff", "HEAD", "HEAD", cwd=repo)
    assert done.stdout == "jixiao diff HEAD → HEAD：没有报告发生变化。\n"


def test_a_removed_and_an_added_report_appear(repo: Path) -> None:
    shutil.rmtree(repo / "content/xinfang/2023/yi")
    write_report(repo / "content", REPORT_B.replace("乙", "丙"), unit="xinfang", slug="bing")
    commit(repo, "replace 乙 by 丙")
    out = run_jixiao("diff", "HEAD~1", "HEAD", cwd=repo).stdout
    assert "- 删除 xinfang/2023/yi  乙项目绩效评价报告\n  原总分 100.00，原等级 优" in out
    assert "+ 新增 xinfang/2023/bing  丙项目绩效评价报告\n  总分 100.00，等级 优" in out
    assert "jia" not in out


def test_a_moved_report_is_shown_as_a_move(repo: Path) -> None:
    git(repo, "mv", A, "content/jingtai/2023/jia-xiangmu")
    edit(repo / "content/jingtai/2023/jia-xiangmu/report.md", "提供服务", "提供上门服务")
    out = run_jixiao("diff", cwd=repo).stdout
    assert "> 移动 jingtai/2023/jia → jingtai/2023/jia-xiangmu  甲项目绩效评价报告" in out
    assert "删除" not in out.replace("（修改）", "") and "新增" not in out
    assert "-甲项目为社区提供服务。" in out and "+甲项目为社区提供上门服务。" in out


def test_a_report_missing_at_base_is_added(repo: Path) -> None:
    out = run_jixiao("diff", "HEAD", cwd=repo).stdout
    assert "没有报告发生变化" in out
    # A revision before content/ existed: every report is new.
    git(repo, "commit", "-q", "--allow-empty", "-m", "later")
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    git(repo, "checkout", "-q", "--orphan", "empty")
    git(repo, "rm", "-rq", "--cached", ".")
    git(repo, "commit", "-q", "--allow-empty", "-m", "nothing")
    git(repo, "checkout", "-q", "-f", first)
    out = run_jixiao("diff", "empty", "HEAD", cwd=repo).stdout
    assert "新增 2 份" in out
    assert "+ 新增 jingtai/2023/jia" in out and "+ 新增 xinfang/2023/yi" in out


def test_a_lower_grade_is_flagged_and_fails_on_request(repo: Path) -> None:
    edit(repo / A / "report.yaml", "score: 28", "score: 5")
    done = run_jixiao("diff", "--fail-on-flag", "--format", "markdown", cwd=repo)
    assert done.returncode == 1
    md = done.stdout
    row = next(line for line in md.splitlines() if line.startswith("| 甲项目"))
    assert "98.00 → 75.00 ▼23.00" in row
    assert "**优 → 中**" in row
    assert "⚠️ **等级下降：优 → 中**" in row
    assert "| 效益 › 满意度 | — | 28.00 → 5.00 ▼23.00 |" not in md
    assert "| 效益 › 满意度 | 得分随计算变化 | 28.00 → 5.00 ▼23.00 |" in md
    assert run_jixiao("diff", cwd=repo).returncode == 0  # flags alone do not fail


def test_the_threshold_decides_what_a_large_move_is(repo: Path) -> None:
    edit(repo / A / "report.yaml", "score: 28", "score: 25")  # -3 points, grade stays 优
    quiet = run_jixiao("diff", "--fail-on-flag", cwd=repo)
    assert quiet.returncode == 0 and "⚑" not in quiet.stdout
    strict = run_jixiao("diff", "--fail-on-flag", "--threshold", "2", cwd=repo)
    assert strict.returncode == 1 and "⚑ 总分变化 -3.00 分，超过 2 分" in strict.stdout


def test_new_and_resolved_problems(repo: Path) -> None:
    yaml = repo / A / "report.yaml"
    edit(yaml, "{name: 满意度, weight: 30", "{name: 满意度, weight: 35")
    data = json.loads(run_jixiao("diff", "--format", "json", cwd=repo).stdout)
    (report,) = data["reports"]
    codes = {(p["status"], p["code"], p["file"]) for p in report["problems"]}
    assert ("new", "JX301", "report.yaml") in codes  # 效益 40 ≠ 35 + 10
    commit(repo, "broken")
    edit(yaml, "{name: 满意度, weight: 35", "{name: 满意度, weight: 30")
    data = json.loads(run_jixiao("diff", "--format", "json", cwd=repo).stdout)
    (report,) = data["reports"]
    assert {(p["status"], p["code"]) for p in report["problems"]} >= {("resolved", "JX301")}


def test_json_keeps_numbers_exact(repo: Path) -> None:
    change_actual_and_weights(repo)
    data = json.loads(run_jixiao("diff", "--format", "json", cwd=repo).stdout)
    (report,) = data["reports"]
    assert (report["total_before"], report["total_after"], report["delta"]) == (
        "98.00",
        "91.00",
        "-7.00",
    )
    assert data["flagged"] == ["jingtai/2023/jia"]


def test_usage_errors(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    bad = run_jixiao("diff", "no-such-rev", cwd=repo)
    assert bad.returncode == 2 and "未知的 git 版本「no-such-rev」" in bad.stderr
    outside = tmp_path_factory.mktemp("plain")
    (outside / "content").mkdir()
    done = run_jixiao("diff", cwd=outside)
    assert done.returncode == 2 and "不在 git 仓库中" in done.stderr
