"""Benchmark: `check` and the report page on hostile report.md and report.yaml files.

    .venv/bin/python benchmarks/hostile.py            # every case, about 1 MB each
    .venv/bin/python benchmarks/hostile.py --size 200000 --case one-line-figures

Each case writes one report (the tests' base report.yaml and a generated report.md or an
altered report.yaml) into a temporary content folder, then times `check` (load, score,
cross-check, read the narrative) and rendering the report page from its result. Every
per-line and per-file algorithm must be linear: each case should take well under 2 s
(issue 10 §3). Wall time, best of --repeat runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import write_report  # noqa: E402

from builder.pipeline.run import check  # noqa: E402
from builder.render import render_report  # noqa: E402

BASE = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")
HEAD = "## 评价项目概述\n\n"


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit.encode("utf-8")))


# Case name → (report.yaml, report.md) for a target size in bytes.
CASES: dict[str, Callable[[int], tuple[str, str]]] = {
    "one-line-figures": lambda n: (BASE, HEAD + _repeat("{{ total }}", n) + "\n"),
    "one-line-distinct-figures": lambda n: (
        BASE,
        HEAD + "".join(f"{{{{ x{i} }}}}" for i in range(n // 8)) + "\n",
    ),
    "figures-one-per-line": lambda n: (BASE, HEAD + _repeat("总分 {{ total }}\n", n)),
    "plain-paragraphs": lambda n: (
        BASE,
        HEAD + _repeat("这是普通的叙述文字，说明项目的情况。\n\n", n),
    ),
    "one-long-line": lambda n: (BASE, HEAD + _repeat("这是一行很长的文字", n) + "\n"),
    "unclosed-braces": lambda n: (BASE, HEAD + _repeat("{{ total ", n) + "\n"),
    "lone-braces": lambda n: (BASE, HEAD + _repeat("{{", n) + "\n"),
    "doubled-punctuation": lambda n: (BASE, HEAD + _repeat("，", n) + "\n"),
    "control-characters": lambda n: (BASE, HEAD + _repeat("文\x1b[31m字\x00", n) + "\n"),
    "brackets": lambda n: (BASE, HEAD + _repeat("[", n) + "\n"),
    "emphasis": lambda n: (BASE, HEAD + _repeat("*a ", n) + "\n"),
    "backticks": lambda n: (BASE, HEAD + _repeat("`a", n) + "\n"),
    "comment-openers": lambda n: (BASE, HEAD + _repeat("<!--", n) + "\n"),
    "headings": lambda n: (BASE, _repeat("## 标题\n", n)),
    "yaml-long-text": lambda n: (BASE + "goals:\n  expected: " + _repeat("文", n) + "\n", HEAD),
    "yaml-control-lines": lambda n: (BASE + _repeat("# \x00\n", n), HEAD),
    "yaml-deep-flow": lambda n: (BASE + "goals:\n  expected: " + "[" * (n // 2) + "\n", HEAD),
}


def run_case(name: str, size: int, repeat: int) -> tuple[float, float, int]:
    """Best check time, best render time (s), and the number of diagnostics."""
    yaml, md = CASES[name](size)
    best_check = best_render = float("inf")
    count = 0
    with tempfile.TemporaryDirectory() as tmp:
        write_report(Path(tmp), yaml, md)
        for _ in range(repeat):
            start = time.perf_counter()
            evaluated = check([Path(tmp)])
            middle = time.perf_counter()
            for card in evaluated.cards:
                render_report(card, evaluated.content.site, prepared=evaluated.prepared_for(card))
            end = time.perf_counter()
            best_check = min(best_check, middle - start)
            best_render = min(best_render, end - middle)
            count = len(evaluated.diagnostics)
    return best_check, best_render, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="bytes per case")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--case", action="append", choices=sorted(CASES))
    args = parser.parse_args()
    print(f"{'case':28} {'check s':>8} {'render s':>9} {'diagnostics':>12}")
    for name in args.case or list(CASES):
        checked, rendered, count = run_case(name, args.size, args.repeat)
        print(f"{name:28} {checked:8.2f} {rendered:9.2f} {count:12}", flush=True)


if __name__ == "__main__":
    main()
