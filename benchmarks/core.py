"""Benchmark: milliseconds per report for each in-process stage, on N synthetic reports.

    .venv/bin/python benchmarks/core.py --reports 500

One process, one core: loading (YAML → model), evaluation (scores, checks, narrative
diagnostics), the report body (render_report, reusing evaluation's reading of report.md)
and the print document (render_print_document around that body); then, apart, the Office
files a full build adds (report.xlsx, report.docx). Times are CPU time
(best of --repeat runs), steadier than wall time on a shared machine. Add --profile STAGE
to see where a stage spends its time (cProfile, top functions by cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate  # noqa: E402
from builder.loading.content import load_content  # noqa: E402
from builder.office.docx import report_docx  # noqa: E402
from builder.office.xlsxtables import report_xlsx  # noqa: E402
from builder.pipeline.run import Evaluated, evaluate  # noqa: E402
from builder.render import render_print_document, render_report  # noqa: E402

BUILD_STAGES = ("load", "evaluate", "render", "print")
OFFICE_STAGES = ("xlsx", "docx")  # made with the print products only (not by --no-pdf)
STAGES = BUILD_STAGES + OFFICE_STAGES


def _stages(root: Path) -> dict[str, Callable[[], Any]]:
    """Each stage as a function of the previous stage's result (kept in `state`)."""
    state: dict[str, Any] = {}

    def load() -> None:
        state["content"] = load_content([root])

    def run_evaluate() -> None:
        state["evaluated"] = evaluate(state["content"])

    def render() -> None:
        evaluated: Evaluated = state["evaluated"]
        site = evaluated.content.site
        state["rendered"] = [
            render_report(card, site, prepared=evaluated.prepared_for(card))
            for card in evaluated.cards
        ]

    def print_document() -> None:
        evaluated: Evaluated = state["evaluated"]
        for card, rendered in zip(evaluated.cards, state["rendered"], strict=True):
            render_print_document(card, evaluated.content.site, rendered=rendered)

    def xlsx() -> None:
        for card in state["evaluated"].cards:
            report_xlsx(card)

    def docx() -> None:
        evaluated: Evaluated = state["evaluated"]
        for card, rendered in zip(evaluated.cards, state["rendered"], strict=True):
            report_docx(card, rendered.body_html)

    return {
        "load": load,
        "evaluate": run_evaluate,
        "render": render,
        "print": print_document,
        "xlsx": xlsx,
        "docx": docx,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--profile", choices=STAGES, help="profile one stage with cProfile")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jixiao-core-") as tmp:
        root = Path(tmp) / "content"
        generate(root, args.reports)
        best = {name: float("inf") for name in STAGES}
        for _ in range(1 if args.profile else args.repeat):
            for name, run in _stages(root).items():
                if name == args.profile:
                    profiler = cProfile.Profile()
                    profiler.runcall(run)
                    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
                    continue
                began = time.process_time()  # CPU time: the machine is shared
                run()
                best[name] = min(best[name], time.process_time() - began)
    for stages, label in ((BUILD_STAGES, "total"), (OFFICE_STAGES, "office")):
        total = 0.0
        for name in stages:
            if best[name] == float("inf"):
                continue
            per_report = best[name] * 1000 / args.reports
            total += per_report
            print(f"{name:<10}{per_report:8.2f} ms/report")
        print(f"{label:<10}{total:8.2f} ms/report ({args.reports} reports, best of {args.repeat})")


if __name__ == "__main__":
    main()
