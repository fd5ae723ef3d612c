"""Shared test helpers: paths, and writing small content trees into a temp folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"

UNIT_YAML = "name: 测试单位\ncode: '11440000000000000X'\n"
SITE_YAML = "title: 测试站点\npublisher: 测试发布机构\nbase_url: /\n"


def write_report(
    root: Path,
    report_yaml: str,
    report_md: str | None = None,
    unit: str = "test-unit",
    year: int = 2023,
    slug: str = "r1",
) -> Path:
    """Write site.yaml, unit.yaml and one report; return the report folder."""
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    unit_dir = root / unit
    unit_dir.mkdir(parents=True, exist_ok=True)
    (unit_dir / "unit.yaml").write_text(UNIT_YAML, encoding="utf-8")
    folder = unit_dir / str(year) / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.yaml").write_text(report_yaml, encoding="utf-8")
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
