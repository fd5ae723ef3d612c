"""`draft: true`: checked, scored and previewed, never published; `score --json` marks
reports with errors; `project_key` matches a project across years."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CONTENT, run_jixiao, write_report
from test_render_support import SMALL_YAML

from builder.pipeline import build as site_build
from builder.pipeline.run import check
from builder.site.entries import entry_for

DRAFT = "zengcheng-xinfang/2023/department-overall"
OTHER = "zengcheng-xinfang/2023/social-worker-project"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """One seed unit whose department report is a draft without a publication date."""
    root = tmp_path / "content"
    root.mkdir()
    shutil.copy(CONTENT / "site.yaml", root / "site.yaml")
    shutil.copytree(CONTENT / "zengcheng-xinfang", root / "zengcheng-xinfang")
    report = root / DRAFT / "report.yaml"
    text = report.read_text(encoding="utf-8")
    text = text.replace("  published: 2024-06-28", "  published: null")
    report.write_text(text.replace("\nevaluation:", "\ndraft: true\nevaluation:", 1), "utf-8")
    return root


def site_files(out: Path) -> str:
    """Every text file of the built site, joined (to look for the draft anywhere)."""
    texts = []
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.suffix in {".html", ".json", ".csv", ".xml", ".txt"}:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


def test_a_draft_is_checked_and_scored_but_never_published(content: Path, tmp_path: Path) -> None:
    checked = run_jixiao("check", str(content))
    assert checked.returncode == 0, checked.stdout  # no publication date needed
    scored = json.loads(run_jixiao("score", "--json", str(content / DRAFT)).stdout)
    assert scored[0]["total"] == "92.10" and scored[0]["draft"] is True
    out = tmp_path / "site"
    built = run_jixiao("build", str(content), "--out", str(out), "--no-pdf", "--no-search")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (out / OTHER / "index.html").is_file()
    assert not (out / DRAFT).exists()
    everything = site_files(out)
    assert "department-overall" not in everything
    assert "整体支出绩效自评报告" not in everything  # no listing, feed, sitemap, open data
    records = json.loads((out / "data" / "reports.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in records] == [OTHER]
    assert records[0]["index_no"].endswith("-00001")


def test_the_preview_shows_drafts(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "preview"
    options = site_build.Options([content], out, pdf=False, search=False, jobs=1, drafts=True)
    outcome = site_build.build(options)
    assert outcome.published, outcome.diagnostics
    assert (out / DRAFT / "index.html").is_file()


def test_a_report_that_is_not_a_draft_needs_its_publication_date(
    content: Path, tmp_path: Path
) -> None:
    report = content / DRAFT / "report.yaml"
    report.write_text(report.read_text("utf-8").replace("\ndraft: true", ""), "utf-8")
    built = run_jixiao("build", str(content), "--out", str(tmp_path / "s"), "--no-pdf")
    assert built.returncode == 1
    assert "JX604" in built.stdout


def test_draft_must_be_true_or_false(tmp_path: Path) -> None:
    folder = write_report(tmp_path, "draft: 是\n" + SMALL_YAML)
    found = [d for d in check([folder]).diagnostics if d.code == "JX105"]
    assert found and found[0].pos.line == 1


def test_score_json_leaves_out_the_figures_of_a_report_with_errors(tmp_path: Path) -> None:
    broken = SMALL_YAML.replace("score: 13, reason: 档案更新不及时", "score: 16")
    good = write_report(tmp_path, SMALL_YAML, slug="good")
    write_report(tmp_path, broken, slug="bad")
    done = run_jixiao("score", "--json", str(tmp_path))
    assert done.returncode == 1
    records = {Path(r["path"]).name: r for r in json.loads(done.stdout)}
    assert records["bad"]["valid"] is False and records["bad"]["errors"] >= 1
    assert "total" not in records["bad"] and "grade" not in records["bad"]
    assert "groups" not in records["bad"] and "indicators" not in records["bad"]
    assert records["good"]["valid"] is True and records["good"]["total"]
    assert good.name == "good"
    text = run_jixiao("score", str(tmp_path)).stdout
    assert "得分无效" in text


def test_project_key_is_the_code_else_the_name(tmp_path: Path) -> None:
    named = check([write_report(tmp_path, SMALL_YAML, slug="a")]).cards[0].report
    coded_yaml = SMALL_YAML.replace(
        "project: {name: 测试项目}", 'project: {name: 改名, code: "4403"}'
    )
    coded = check([write_report(tmp_path, coded_yaml, slug="b")]).cards[0].report
    assert named.project_key == "test-unit:测试项目"
    assert coded.project_key == "test-unit:4403"
    card = check([tmp_path / "test-unit/2023/b"]).cards[0]
    assert entry_for(card).project_key == "test-unit:4403"  # what the unit page groups by
