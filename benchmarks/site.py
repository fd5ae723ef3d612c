"""Benchmark: `jixiao build --no-pdf` on N synthetic reports, against Hugo on the same text.

    .venv/bin/python benchmarks/site.py --reports 4000

Generates N realistic reports (benchmarks/synthetic.py) into a temporary folder, builds
them with jixiao (Pagefind search index included: it is part of every build) and, when
`hugo` is installed, builds the same narratives with a minimal Hugo site, then runs
Pagefind on Hugo's output too so that like is compared with like. Prints wall times, the
ratios, jixiao's stage timings and peak memory (getrusage of the child processes, and
Pagefind's own peak as jixiao measured it).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate  # noqa: E402
from builder.site.search import pagefind_executable  # noqa: E402

TARGET_RATIO = 3
MEMORY_LIMIT_MB = 1024

HUGO_CONFIG = 'baseURL = "/"\ntitle = "bench"\ndisableKinds = ["taxonomy", "term", "RSS"]\n'
HUGO_SINGLE = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
    "</head><body><main data-pagefind-body><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>\n"
)
HUGO_LIST = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
    '</head><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>'
    "{{ end }}</ul></body></html>\n"
)


def children_peak_mb() -> int:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def timed(command: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    began = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - began
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed, result


def hugo_site(content: Path, folder: Path) -> None:
    """The same narratives as a minimal Hugo site: one page per report, trivial layouts."""
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (folder / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (folder / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    for md in sorted(content.glob("*/*/*/report.md")):
        title = re.search(r"^title: (.*)$", (md.parent / "report.yaml").read_text("utf-8"), re.M)
        page = folder / "content" / md.relative_to(content).parent.with_suffix(".md")
        page.parent.mkdir(parents=True, exist_ok=True)
        front = f'---\ntitle: "{title.group(1) if title else md.parent.name}"\n---\n'
        page.write_text(front + md.read_text(encoding="utf-8"), encoding="utf-8")


def stage_seconds(stderr: str) -> dict[str, float]:
    return {m[1]: float(m[2]) for m in re.finditer(r"^(.+?)：([\d.]+) 秒$", stderr, re.M)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=4000)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    content = work / "content"
    if content.exists():
        shutil.rmtree(content)
    generate(content, args.reports)
    chars = len((content / "unit-000" / "2019" / "report-00000" / "report.md").read_text("utf-8"))
    print(
        f"{args.reports} synthetic reports in {content} (4 kinds, ~{chars} characters of narrative,"
    )
    print("10–20 scored indicators each), 2 CPUs shared; all times are wall-clock seconds.\n")

    jixiao = [str(ROOT / ".venv" / "bin" / "jixiao"), "build", str(content)]
    jixiao += ["--out", str(work / "site"), "--no-pdf", "--timings"]
    ours, result = timed(jixiao, work)
    peak = children_peak_mb()
    stages = stage_seconds(result.stderr)
    search = stages.get("全文检索索引（等待）", 0.0)
    search_cpu = re.search(r"Pagefind CPU 时间：([\d.]+) 秒", result.stderr)
    pagefind_mb = re.search(r"内存峰值 pagefind：(\d+) MB", result.stderr)
    own_mb = re.search(r"内存峰值 jixiao：(\d+) MB", result.stderr)
    print(f"jixiao build --no-pdf         {ours:7.2f} s  (Pagefind search index included)")
    for stage, seconds in stages.items():
        print(f"    {stage:<24}{seconds:7.2f} s")
    print(
        f"jixiao without search index   {ours - search:7.2f} s  (total minus the wait for Pagefind,"
    )
    print(
        f"    which ran beside the link check and used {search_cpu.group(1) if search_cpu else '?'} s of CPU)"
    )
    print(
        f"peak memory: jixiao processes {own_mb.group(1) if own_mb else '?'} MB, "
        f"Pagefind {pagefind_mb.group(1) if pagefind_mb else '?'} MB "
        f"(largest child process seen: {peak} MB)"
    )
    if shutil.which("hugo") is None:
        print("\nhugo is not installed: no comparison.")
        return
    hugo_dir = work / "hugo"
    if hugo_dir.exists():
        shutil.rmtree(hugo_dir)
    hugo_site(content, hugo_dir)
    hugo, _ = timed(["hugo", "--quiet", "-d", str(hugo_dir / "public")], hugo_dir)
    pagefind = pagefind_executable()
    index_cmd = [str(pagefind), "--site", str(hugo_dir / "public"), "--silent"]
    hugo_search, _ = timed(index_cmd, hugo_dir) if pagefind else (0.0, None)
    print(f"\nhugo (same narratives)        {hugo:7.2f} s")
    print(f"hugo + Pagefind               {hugo + hugo_search:7.2f} s")
    ratio_plain = (ours - search) / hugo
    ratio_full = ours / (hugo + hugo_search) if pagefind else float("nan")
    print(f"\nratio jixiao / hugo (both without search)      {ratio_plain:5.1f}×")
    print(f"ratio jixiao / (hugo + Pagefind) (both search) {ratio_full:5.1f}×")
    print(f"ratio jixiao with search / bare hugo           {ours / hugo:5.1f}×")
    met = "met" if ratio_plain <= TARGET_RATIO else "NOT met"
    print(f"target ≤ {TARGET_RATIO}× Hugo (without search): {met}")
    own = int(own_mb.group(1)) if own_mb else peak
    print(
        f"target peak memory < {MEMORY_LIMIT_MB} MB (jixiao processes): "
        f"{'met' if own < MEMORY_LIMIT_MB else 'NOT met'}"
    )
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
