"""A build killed at any moment leaves a complete site: the old one or the new one, never a
mixture, never nothing; the next build cleans up what the killed one left."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT
from test_site_support import snapshot

sys.path.insert(0, str(ROOT))
from benchmarks.synthetic import generate
from builder.pipeline.cachedir import CACHE_FOLDER

REPORTS = 150  # enough for a build of a few seconds, so kills land in every stage


def start_build(content: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "builder", "build", str(content), "--out", str(out)]
    return subprocess.Popen(
        [*command, "--no-pdf"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def finished_build(content: Path, out: Path) -> dict[str, str]:
    assert start_build(content, out).wait(timeout=300) == 0
    return snapshot(out)


def test_killing_a_build_at_any_moment_leaves_a_complete_site(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    generate(old, REPORTS)
    generate(new, REPORTS)
    changed = new / "unit-000" / "2019" / "report-00000" / "report.yaml"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("title: ", "title: 修订版", 1), encoding="utf-8")

    out = tmp_path / "site"
    sites = {"new": finished_build(new, out)}
    began = time.perf_counter()
    sites["old"] = finished_build(old, out)
    full = time.perf_counter() - began
    assert sites["old"] != sites["new"]

    current = "old"
    for share in (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.95, 0.99):
        other = "new" if current == "old" else "old"
        build = start_build(tmp_path / other, out)
        time.sleep(full * share)
        build.send_signal(signal.SIGKILL)
        build.wait()
        time.sleep(0.2)  # workers and Pagefind die with the build (PR_SET_PDEATHSIG)
        found = snapshot(out)
        assert found in (sites["old"], sites["new"]), f"killed at {share:.0%}"
        current = "old" if found == sites["old"] else "new"

    assert finished_build(old, out) == sites["old"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != CACHE_FOLDER) == [
        "new",
        "old",
        "site",
    ]


def test_a_write_that_fails_is_located_and_leaves_the_site(tmp_path: Path) -> None:
    """Files may not grow past 16 kB (as on a full disk, writes fail part-way): in the
    build process or in a worker, the build stops with JX609, no traceback."""
    content = tmp_path / "content"
    generate(content, 90)
    out = tmp_path / "site"
    command = [sys.executable, "-m", "builder", "build", str(content), "--out", str(out)]
    command += ["--no-pdf", "--no-search", "--jobs", "2"]
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    before = snapshot(out)

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (16384, 16384))

    # An empty cache: every file is written again (none linked from the last build's).
    command += ["--cache-dir", str(tmp_path / CACHE_FOLDER / "empty")]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, preexec_fn=limited, check=False
    )
    assert result.returncode == 1
    assert "JX609" in result.stdout and "文件超过了系统允许的大小" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != CACHE_FOLDER) == [
        "content",
        "site",
    ]  # no staging left
