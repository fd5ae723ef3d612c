"""Benchmark: peak memory of a whole build with search, at N reports.

    .venv/bin/python benchmarks/search_memory.py --reports 4000 [--reports 10000] [--keep DIR]
        [--search-only]

Generates N synthetic reports (benchmarks/synthetic.py) and runs `jixiao build --no-pdf`
from an empty cache, once with search and once without, sampling the total proportional
set size of the build and every process below it (Pagefind included; benchmarks/site.py's
sampler). Prints wall time, CPU time and that peak for each, and the difference the
search makes. --keep DIR leaves the generated content and the site with search there.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.site import timed  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402

LIMIT_MB = 600


def _build(content: Path, out: Path, cache: Path, search: bool) -> list[str]:
    command = [str(ROOT / ".venv" / "bin" / "jixiao"), "build", str(content), "--out", str(out)]
    command += ["--no-pdf", "--timings", "--cache-dir", str(cache)]
    return command + ([] if search else ["--no-search"])


def measure(reports: int, work: Path, plain: bool = True) -> None:
    content = work / f"content-{reports}"
    if not (content / "site.yaml").is_file():
        generate(content, reports)
    runs = {}
    for search in (False, True) if plain else (True,):
        label = "with search" if search else "no search"
        out = work / f"site-{reports}{'' if search else '-plain'}"
        cache = Path(tempfile.mkdtemp(prefix="jixiao-cache-", dir=work))
        runs[search] = run = timed(_build(content, out, cache, search), work)
        print(
            f"{reports} reports, {label}:\twall {run.wall:.1f} s\tcpu {run.cpu:.1f} s"
            f"\tpeak {run.peak_mb} MB (all processes)",
            flush=True,
        )
        for line in run.stderr.splitlines():
            if line.startswith(("内存峰值", "Pagefind CPU")):
                print(f"    {line}")  # the largest single processes, Pagefind's bundles
    verdict = "met" if runs[True].peak_mb < LIMIT_MB else "NOT met"
    added = f"search adds {runs[True].peak_mb - runs[False].peak_mb} MB; " if plain else ""
    print(f"{reports} reports: {added}< {LIMIT_MB} MB with search: {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, action="append", help="repeatable; 4000 if none")
    parser.add_argument("--keep", type=Path, help="folder for the content and sites (kept)")
    parser.add_argument("--search-only", action="store_true", help="skip the build without search")
    args = parser.parse_args()
    for reports in args.reports or [4000]:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            measure(reports, args.keep.absolute(), not args.search_only)
        else:
            with tempfile.TemporaryDirectory(prefix="jixiao-search-memory-") as folder:
                measure(reports, Path(folder), not args.search_only)


if __name__ == "__main__":
    main()
