"""The example CI pipelines and the README's reviewing section stay true to the CLI."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from conftest import ROOT
from ruamel.yaml import YAML

from builder.cli import make_parser

CI = ROOT / "docs" / "ci"
PIPELINES = [CI / "github-actions.yml", CI / "gitlab-ci.yml"]
README = ROOT / "README.md"


COMMAND = r"jixiao ((?:check|diff|build|serve|new|schema|score|pdf)\b[^\n`]*)"


def _argv(command: str) -> list[str]:
    argv = []
    for word in shlex.split(command.split(" #")[0], posix=True):
        if word in (">", "|", "||", "&&") or word.startswith(">"):
            break  # shell redirections and pipes are not jixiao's arguments
        argv.append(word)
    return argv


def invocations(text: str) -> list[list[str]]:
    """Every `.venv/bin/jixiao …` command of a pipeline, as argv."""
    return [_argv(m.group(1)) for m in re.finditer(r"\.venv/bin/" + COMMAND, text)]


def documented(text: str) -> list[list[str]]:
    """Commands in README text: `jixiao …` code spans and `$ jixiao …` lines."""
    spans = re.findall(r"`" + COMMAND + "`", text)
    typed = re.findall(r"^\$ " + COMMAND, text, re.MULTILINE)
    return [_argv(c) for c in spans + typed]


@pytest.mark.parametrize("path", PIPELINES, ids=lambda p: p.name)
def test_pipelines_are_valid_yaml_and_call_real_commands(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    data = YAML(typ="safe", pure=True).load(text)
    assert isinstance(data, dict) and data
    calls = invocations(text)
    commands = {argv[0] for argv in calls}
    assert {"check", "diff", "build"} <= commands, commands
    for argv in calls:
        make_parser(argv).parse_args(argv)  # an unknown option would exit with status 2


def test_the_github_pipeline_annotates_comments_and_previews() -> None:
    text = (CI / "github-actions.yml").read_text(encoding="utf-8")
    assert "jixiao check --format github" in text
    assert "--format markdown" in text and "gh pr comment" in text
    assert "upload-artifact" in text and "fetch-depth: 0" in text
    assert "pull_request_target" not in text.replace("never switch to `pull_request_target`", "")
    # Untrusted values reach the shell through env, never by ${{ }} inside run: scripts.
    data = YAML(typ="safe", pure=True).load(text)
    for step in data["jobs"]["review"]["steps"]:
        assert "${{" not in step.get("run", ""), step


def test_the_gitlab_pipeline_reports_code_quality_and_comments() -> None:
    data = YAML(typ="safe", pure=True).load((CI / "gitlab-ci.yml").read_text(encoding="utf-8"))
    assert data["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality.json"
    assert any("merge_requests" in line for line in data["score-diff"]["script"])
    assert data["preview"]["artifacts"]["paths"] == ["site/"]


def test_the_readme_section_documents_the_commands_and_links_the_examples() -> None:
    text = README.read_text(encoding="utf-8")
    assert "<!-- section: reviewing -->" not in text
    section = text.split("## 审阅与发布 / Reviewing and publishing", 1)[1].split("\n## ", 1)[0]
    for link in re.findall(r"\]\((docs/ci/[^)]+)\)", section):
        assert (ROOT / link).is_file(), link
    commands = documented(section)
    assert {argv[0] for argv in commands} >= {"new", "schema", "check", "diff", "serve"}
    placeholders = {"UNIT": "u", "YEAR": "2024", "SLUG": "r", "KIND": "key-project-evaluation"}
    for argv in commands:
        # A synopsis like `new UNIT … [--title 标题] [--format text|json]` as one real call.
        words = [w.strip("[]") for w in argv]
        call = [placeholders.get(w, w.split("|")[0]) for w in words]
        make_parser(call).parse_args(call)
    owners = (CI / "CODEOWNERS").read_text(encoding="utf-8")
    for line in owners.splitlines():
        if line and not line.startswith("#"):
            _pattern, *teams = line.split()
            assert teams and all(t.startswith("@") for t in teams), line
