"""Progress of `jixiao build` (shell: writes to the terminal). On a terminal, a live display
(rich) with one row per stage — a spinner and the time so far, for the PDFs a bar with
the count and the time left; in a log (not a terminal) one plain line as each stage ends,
so that a CI log shows where the time went without control characters."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol, TextIO

if TYPE_CHECKING:
    from builder.pipeline.build import Outcome

LOAD_STAGE = "读取、检查与生成报告页"
PRINT_STAGE = "打印 PDF"


class StageListener(Protocol):
    def begin(self, stage: str) -> None: ...

    def count(self, done: int, total: int) -> None:
        """DONE of TOTAL items of the current stage (the PDFs) are finished."""

    def end(self, stage: str, seconds: float, outcome: Outcome) -> None: ...

    def close(self) -> None: ...


def detail(stage: str, outcome: Outcome) -> str:
    """What a finished stage did, in words, where the outcome says it."""
    if stage == LOAD_STAGE and outcome.reports:
        return f"{outcome.reports} 份报告"
    if stage == PRINT_STAGE:
        return f"新打印 {outcome.printed} 份、复用 {outcome.reused} 份"
    return ""


def summary_line(stage: str, seconds: float, outcome: Outcome) -> str:
    # Not "stage：N 秒": that is the form of --timings, which benchmarks/site.py reads.
    words = detail(stage, outcome)
    return f"[阶段] {stage} 完成（{words + '，' if words else ''}{seconds:.2f} 秒）"


class PlainStages:
    """One line per finished stage (a log)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def begin(self, stage: str) -> None:
        pass

    def count(self, done: int, total: int) -> None:
        pass

    def end(self, stage: str, seconds: float, outcome: Outcome) -> None:
        self.stream.write(summary_line(stage, seconds, outcome) + "\n")
        self.stream.flush()

    def close(self) -> None:
        pass


class RichStages:
    """A live display on a terminal: one row per stage, kept when the stage is done."""

    def __init__(self, stream: TextIO) -> None:
        # Imported here: rich takes tens of milliseconds to import, wasted in a log.
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(file=stream),
        )
        self.progress.start()
        self.task: Any = None

    def begin(self, stage: str) -> None:
        self.task = self.progress.add_task(stage, total=None)

    def count(self, done: int, total: int) -> None:
        if self.task is not None:
            self.progress.update(self.task, completed=done, total=total)

    def end(self, stage: str, seconds: float, outcome: Outcome) -> None:
        if self.task is None:
            return
        words = detail(stage, outcome)
        shown = f"{stage}（{words}）" if words else stage
        task = self.progress.tasks[-1]
        total = task.total if task.total is not None else 1
        self.progress.update(self.task, description=shown, completed=total, total=total)
        self.progress.stop_task(self.task)
        self.task = None

    def close(self) -> None:
        self.progress.stop()


class Timer:
    """Times the stages of a build into OUTCOME.timings and tells the LISTENER."""

    def __init__(self, outcome: Outcome, listener: StageListener | None = None) -> None:
        self.outcome = outcome
        self.listener = listener

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        if self.listener is not None:
            self.listener.begin(name)
        try:
            yield
        finally:
            seconds = time.perf_counter() - began
            self.outcome.timings.append((name, seconds))
            if self.listener is not None:
                self.listener.end(name, seconds, self.outcome)


def stage_progress(stream: TextIO = sys.stderr) -> StageListener:
    """The live display on a terminal, plain lines elsewhere."""
    return RichStages(stream) if stream.isatty() else PlainStages(stream)
