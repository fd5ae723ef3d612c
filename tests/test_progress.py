"""Progress of `jixiao build`: plain stage lines in a log, a live display on a terminal."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

from conftest import CONTENT, ROOT

from builder.pipeline.build import Outcome
from builder.pipeline.progress import LOAD_STAGE, PRINT_STAGE, RichStages, summary_line

COMMAND = [sys.executable, "-m", "builder", "build", "--no-pdf", "--no-search", str(CONTENT)]


def test_a_log_gets_one_plain_line_per_stage(tmp_path: Path) -> None:
    done = subprocess.run(
        [*COMMAND, "--out", str(tmp_path / "site")],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("[阶段] ")]
    assert lines[0].startswith(f"[阶段] {LOAD_STAGE} 完成（") and "份报告，" in lines[0]
    assert lines[-1].startswith("[阶段] 发布 完成（") and lines[-1].endswith(" 秒）")
    assert "\x1b" not in done.stderr  # no terminal control characters in a log


def test_a_terminal_gets_the_live_display(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    shown = bytearray()

    def read() -> None:  # a terminal that is not read fills up and stops the build
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        done = subprocess.run(
            [*COMMAND, "--out", str(tmp_path / "site")],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "COLUMNS": "120"},
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
            timeout=300,
        )
    finally:
        os.close(follower)
        reader.join(10)
        os.close(leader)
    text = shown.decode("utf-8", "replace")
    assert done.returncode == 0, text
    assert f"{LOAD_STAGE}（" in text and "份报告" in text
    assert "[阶段]" not in text  # the plain lines are for logs


def test_the_display_counts_pdfs_and_says_what_a_stage_did() -> None:
    stages = RichStages(io.StringIO())
    outcome = Outcome(reports=12, printed=3, reused=9)
    stages.begin(PRINT_STAGE)
    stages.count(4, 12)
    task = stages.progress.tasks[-1]
    assert (task.completed, task.total) == (4, 12)
    stages.end(PRINT_STAGE, 1.5, outcome)
    stages.close()
    assert stages.progress.tasks[-1].description == f"{PRINT_STAGE}（新打印 3 份、复用 9 份）"
    assert (
        summary_line(LOAD_STAGE, 0.25, outcome) == f"[阶段] {LOAD_STAGE} 完成（12 份报告，0.25 秒）"
    )
