"""Benchmark: each stage's time on ONE core at N reports, and what a province's year costs.

    .venv/bin/python benchmarks/stages.py --reports 4000 10000 [--pdf-sample 60] [--keep DIR]

For each N, builds N synthetic reports (benchmarks/synthetic.py) with `jixiao build --jobs 1
--timings` and search on, into a fresh cache (a cold build), so every stage runs on one
core (Pagefind runs one bundle at a time); PDFs are printed for a sample of --pdf-sample
reports with `jixiao print --jobs 1`, since printing 10,000 PDFs on one core would take
hours. Prints each stage's seconds, its cost per report, and the stage's time for
100,000 reports (a province's year) extrapolated linearly from the largest N, on one core
and on the machines a sharded CI would use.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.site import stage_seconds, timed  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402

PROVINCE = 100_000
PYTHON = str(ROOT / ".venv" / "bin" / "python")


def build_stages(content: Path, out: Path, cache: Path) -> tuple[dict[str, float], float, int]:
    """Stage seconds, CPU seconds and peak MB of one cold one-core build with search."""
    command = [PYTHON, "-m", "builder", "build", str(content), "--out", str(out)]
    command += ["--no-pdf", "--timings", "--jobs", "1", "--cache-dir", str(cache)]
    run = timed(command, ROOT)  # exits on failure
    return stage_seconds(run.stderr), run.cpu, run.peak_mb


def pdf_seconds_per_report(content: Path, sample: int, cache: Path) -> float:
    """Seconds one core spends printing one report's PDF, over SAMPLE synthetic reports
    (the same generator, so the same mix of kinds and lengths)."""
    generate(content, sample)
    command = [PYTHON, "-m", "builder", "print", str(content), "--jobs", "1"]
    command += ["--cache-dir", str(cache)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"print failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return (time.perf_counter() - start) / sample


def hours(seconds: float) -> str:
    return f"{seconds / 3600:6.2f} h" if seconds >= 3600 else f"{seconds / 60:6.1f} min"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[4000, 10000])
    parser.add_argument("--pdf-sample", type=int, default=60)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="jixiao-stages-"))
    work.mkdir(parents=True, exist_ok=True)
    per_report: dict[str, float] = {}
    try:
        for n in args.reports:
            content = work / f"content-{n}"
            if not content.exists():
                generate(content, n)
            stages, cpu, peak = build_stages(content, work / f"site-{n}", work / f"cache-{n}")
            print(
                f"\n{n} reports, one core (--jobs 1), cold, with search: CPU {cpu:.1f} s, "
                f"peak {peak} MB"
            )
            for stage, seconds in stages.items():
                print(f"  {stage:<28}{seconds:8.2f} s  {1000 * seconds / n:7.3f} ms/报告")
            per_report = {stage: seconds / n for stage, seconds in stages.items()}
        sample = work / f"content-pdf-{args.pdf_sample}"
        pdf = pdf_seconds_per_report(sample, args.pdf_sample, work / "cache-pdf")
        print(f"\nPDF, one core, first {args.pdf_sample} reports: {pdf:.3f} s/报告")
        per_report["打印 PDF（抽样）"] = pdf
        total = sum(per_report.values())
        print(f"\n{PROVINCE:,} reports extrapolated from {args.reports[-1]:,} (one core):")
        for stage, each in sorted(per_report.items(), key=lambda item: -item[1]):
            share = 100 * each / total
            print(f"  {stage:<28}{hours(each * PROVINCE)}  ({share:4.1f} %)")
        print(f"  {'合计':<28}{hours(total * PROVINCE)}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
