"""Shared test helpers: paths, and writing small content trees into a temp folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from builder.loading.profile import Section, parse_profile
from builder.printing.browser import LAUNCH_ARGS, find_chromium

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"

UNIT_YAML = "name: 测试单位\ncode: '11440000000000000X'\n"
SITE_YAML = "title: 测试站点\npublisher: 测试发布机构\nbase_url: /\n"


# write_report's default narrative: one heading per section of the report's kind, each
# with a sentence (an empty section is an error in a report to be published), which
# checks clean. A report without report.md is a problem (issue 10 §4: an error for
# prose kinds, a warning for forms); tests about that pass report_md=None.
OUTLINE = "\x00outline"
_KIND_RE = re.compile(r"^kind:\s*([\w-]+)\s*$", re.M)


def outline_md(report_yaml: str) -> str | None:
    """A finished report.md for the kind REPORT_YAML names (None: no such profile)."""
    kind = _KIND_RE.search(report_yaml.lstrip("\ufeff"))
    path = ROOT / "builder" / "profiles" / f"{kind.group(1) if kind else ''}.yaml"
    if not kind or not path.is_file():
        return None
    profile, _ = parse_profile(path.read_bytes(), path.name)
    if profile is None:
        return None
    written = [s for s in profile.outline if not (profile.form and "form" in s.tables)]
    return "".join(_section_md(section, 2) for section in written)


def _section_md(section: Section, level: int) -> str:
    text = f"{'#' * level} {section.title}\n\n本节的测试正文。\n\n"
    return text + "".join(_section_md(child, min(level + 1, 6)) for child in section.children)


def write_report(
    root: Path,
    report_yaml: str,
    report_md: str | None = OUTLINE,
    unit: str = "test-unit",
    year: int = 2023,
    slug: str = "r1",
) -> Path:
    """Write site.yaml, unit.yaml and one report; return the report folder. Without
    REPORT_MD the report gets its kind's outline with a sentence a section; with None, no report.md."""
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    unit_dir = root / unit
    unit_dir.mkdir(parents=True, exist_ok=True)
    (unit_dir / "unit.yaml").write_text(UNIT_YAML, encoding="utf-8")
    folder = unit_dir / str(year) / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.yaml").write_text(report_yaml, encoding="utf-8")
    if report_md is OUTLINE:
        report_md = outline_md(report_yaml)
    if report_md is not None:
        (folder / "report.md").write_text(report_md, encoding="utf-8")
    return folder


def run_jixiao(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess (exit codes, stdout and stderr as a user sees them)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "builder", *args],
        cwd=cwd or ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture
def content_dir() -> Path:
    return CONTENT


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium through Playwright, one per test module."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=find_chromium(), args=LAUNCH_ARGS)
        yield launched
        launched.close()
