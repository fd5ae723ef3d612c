"""`jixiao new`: skeletons from every profile pass `jixiao check` and never overwrite."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import run_jixiao

from builder.loading.content import load_content
from builder.render.markdown import parse, render

KINDS = [
    "key-project-evaluation",
    "mof-project-evaluation",
    "project-self-evaluation",
    "department-self-evaluation",
]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


@pytest.mark.parametrize("kind", KINDS)
def test_a_new_report_of_every_kind_passes_check(repo: Path, kind: str) -> None:
    done = run_jixiao("new", "jingtai", "2024", "station", "--kind", kind, cwd=repo)
    assert done.returncode == 0, done.stderr
    folder = repo / "content" / "jingtai" / "2024" / "station"
    assert (folder / "report.yaml").is_file() and (folder / "report.md").is_file()
    assert (repo / "content" / "jingtai" / "unit.yaml").is_file()
    checked = run_jixiao("check", "--format", "json", "content", cwd=repo)
    problems = json.loads(checked.stdout)
    # A skeleton is a draft (no publication date needed yet); only the missing site.yaml
    # stops a site from being built here (check = build).
    assert {p["code"] for p in problems if p["severity"] == "error"} == {"JX605"}
    # An unfinished skeleton must not look finished: it scores 0.
    scored = json.loads(run_jixiao("score", "--json", "content", cwd=repo).stdout)
    assert [(r["total"], r["grade"], Decimal(r["weight_total"])) for r in scored] == [
        ("0.00", "差", Decimal(100))
    ]


def test_headings_follow_the_profile_outline_and_guidance_is_commented(repo: Path) -> None:
    run_jixiao("new", "u", "2024", "r", "--kind", "key-project-evaluation", cwd=repo)
    text = (repo / "content/u/2024/r/report.md").read_text(encoding="utf-8")
    profile = load_content([repo / "content"]).profiles["key-project-evaluation"]
    headings = [line for line in text.splitlines() if line.startswith("#")]
    expected = []
    for section in profile.outline:
        expected.append(f"## {section.title}")
        expected.extend(f"### {child.title}" for child in section.children)
    assert headings == expected
    # Everything that is not a heading or blank sits inside <!-- … -->.
    outside = []
    inside = False
    for line in text.splitlines():
        if line.startswith("<!--"):
            inside = True
        if not inside and line.strip() and not line.startswith("#"):
            outside.append(line)
        if line.endswith("-->"):
            inside = False
    assert outside == []


def test_the_schema_comment_points_at_the_repository_schema(repo: Path) -> None:
    run_jixiao("new", "u", "2024", "r", "--kind", "project-self-evaluation", cwd=repo)
    folder = repo / "content/u/2024/r"
    first = (folder / "report.yaml").read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    target = (folder / first.removeprefix(prefix)).resolve()
    assert target == (repo / "schema" / "report.schema.json").resolve()


def test_an_existing_report_is_never_overwritten(repo: Path) -> None:
    args = ("new", "u", "2024", "r", "--kind", "key-project-evaluation")
    assert run_jixiao(*args, cwd=repo).returncode == 0
    md = repo / "content/u/2024/r/report.md"
    md.write_text("## 我的正文\n", encoding="utf-8")
    again = run_jixiao(*args, cwd=repo)
    assert again.returncode == 1
    assert "不会覆盖" in again.stderr and "report.yaml" in again.stderr
    assert md.read_text(encoding="utf-8") == "## 我的正文\n"


def test_an_existing_unit_keeps_its_file_and_names_the_title(repo: Path) -> None:
    unit = repo / "content" / "xinfang"
    unit.mkdir(parents=True)
    (unit / "unit.yaml").write_text("name: 广州市增城区信访局\n", encoding="utf-8")
    done = run_jixiao(
        "new", "xinfang", "2024", "whole", "--kind", "department-self-evaluation", cwd=repo
    )
    assert done.returncode == 0, done.stderr
    assert (unit / "unit.yaml").read_text(encoding="utf-8") == "name: 广州市增城区信访局\n"
    report = (unit / "2024/whole/report.yaml").read_text(encoding="utf-8")
    assert 'title: "2024年度广州市增城区信访局部门整体支出绩效自评报告"' in report
    assert "project:" not in report


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("u", "2024", "r", "--kind", "no-such-kind"), "未知的报告类型"),
        (("u", "24", "r", "--kind", "key-project-evaluation"), "年度"),
        (("u", "2024", "../r", "--kind", "key-project-evaluation"), "报告目录名"),
    ],
)
def test_bad_arguments_are_usage_errors(repo: Path, args: tuple[str, ...], message: str) -> None:
    done = run_jixiao("new", *args, cwd=repo)
    assert done.returncode == 2
    assert message in done.stderr
    assert not (repo / "content" / "u").exists()


@pytest.mark.parametrize("kind", KINDS)
def test_guidance_comments_are_never_rendered(repo: Path, kind: str) -> None:
    run_jixiao("new", "u", "2024", "r", "--kind", kind, cwd=repo)
    text = (repo / "content/u/2024/r/report.md").read_text(encoding="utf-8")
    assert "<!--" in text
    html = render(parse(text), {})
    assert "<h2>" in html
    assert "注释" not in html and "&lt;!--" not in html and "本节" not in html


def test_a_new_report_is_a_draft_and_its_leftovers_are_errors_once_it_is_not(repo: Path) -> None:
    run_jixiao("new", "u", "2024", "r", "--kind", "key-project-evaluation", cwd=repo)
    yaml_file = repo / "content/u/2024/r/report.yaml"
    text = yaml_file.read_text(encoding="utf-8")
    assert "\ndraft: true" in text
    yaml_file.write_text(
        "\n".join(line for line in text.splitlines() if not line.startswith("draft:")) + "\n",
        encoding="utf-8",
    )
    checked = run_jixiao("check", "--format", "json", "content", cwd=repo)
    errors = {p["code"] for p in json.loads(checked.stdout) if p["severity"] == "error"}
    # placeholders (title, project, unit), the placeholder indicators, sections with no text
    assert {"JX330", "JX331", "JX332"} <= errors
    assert checked.returncode == 1


def test_the_title_does_not_double_xiangmu_and_the_form_is_in_yuan(repo: Path) -> None:
    done = run_jixiao(
        "new", "u", "2024", "r", "--kind", "project-self-evaluation",
        "--project", "居家养老服务项目", cwd=repo,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = (repo / "content/u/2024/r/report.yaml").read_text(encoding="utf-8")
    assert 'title: "2024年度居家养老服务项目支出绩效自评表"' in report
    assert "  unit: 元" in report
    assert "\nform: " in report and "  preparer: null" in report  # the form's optional fields
    # The standard 二级 rows of the official form
    for row in ("数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
                "生态效益指标", "可持续影响指标", "服务对象满意度指标"):  # fmt: skip
        assert f'- name: "{row}"' in report
    md = (repo / "content/u/2024/r/report.md").read_text(encoding="utf-8")
    # The form is printed from report.yaml: no 「一、项目支出绩效自评表」 heading
    assert "## 项目支出绩效自评表" not in md


@pytest.mark.parametrize("slug", ["居家养老", "养老-2024", "v1.2"])
def test_folder_names_in_hanzi_are_accepted(repo: Path, slug: str) -> None:
    done = run_jixiao("new", "街道", "2024", slug, "--kind", "key-project-evaluation", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert (repo / "content" / "街道" / "2024" / slug / "report.yaml").is_file()


@pytest.mark.parametrize("slug", ["居家 养老", ".hidden", "a?b"])
def test_other_folder_names_are_refused_saying_why(repo: Path, slug: str) -> None:
    done = run_jixiao("new", "u", "2024", slug, "--kind", "key-project-evaluation", cwd=repo)
    assert done.returncode == 2
    assert "网址" in done.stderr and "汉字" in done.stderr


def test_kind_help_lists_the_kinds() -> None:
    done = run_jixiao("new", "--help")
    flat = "".join(done.stdout.split())
    for kind in KINDS:
        assert kind in flat
