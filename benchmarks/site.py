"""Benchmark: `jixiao build --no-pdf` on N synthetic reports, against Hugo on the same text.

    .venv/bin/python benchmarks/site.py --reports 4000

Generates N realistic reports (benchmarks/synthetic.py) into a temporary folder, builds
them with jixiao (Pagefind search index included: it is part of every build) and, when
`hugo` is installed, builds the same narratives with a minimal Hugo site, then runs
Pagefind on Hugo's output too so that like is compared with like. Prints wall times, the
ratios, jixiao's stage timings and peak memory: of the whole build, every process of it
together (sampled from /proc every 20 ms: proportional set sizes, so pages the forked
workers share with their parent count once), and per process as jixiao reports it.
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
import threading
import time
from dataclasses import dataclass
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


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found += [int(child) for child in handle.read().split()]
    except OSError:
        pass  # gone meanwhile
    return found


def _descendants(root: int) -> list[int]:
    """ROOT and every process below it (the kernel's children lists: no /proc scan)."""
    found, frontier = [root], [root]
    while frontier:
        frontier = [child for pid in frontier for child in _children(pid)]
        found += frontier
    return found


def _pss_kb(pid: int) -> int:
    """Proportional set size (kB): shared pages divided among the processes sharing them."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class MemorySampler:
    """The largest total PSS of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.02) -> None:
        self.peak_kb = 0
        self.processes = 0  # how many were alive at the peak
        self._pid, self._every, self._done = pid, every, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._done.is_set():
            pids = _descendants(self._pid)
            total = sum(_pss_kb(pid) for pid in pids)
            if total > self.peak_kb:
                self.peak_kb, self.processes = total, len(pids)
            self._done.wait(self._every)

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak_kb // 1024


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of all its processes
    peak_mb: int  # largest total PSS of all its processes at once
    stderr: str


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], cwd: Path) -> Run:
    """Run COMMAND (exit on failure): wall and CPU time, peak memory of its processes."""
    cpu = _children_cpu()
    began = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    sampler = MemorySampler(process.pid)
    stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - began
    peak = sampler.stop()
    if process.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{stdout[-2000:]}\n{stderr[-2000:]}")
    return Run(elapsed, _children_cpu() - cpu, peak, stderr)


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

    site = work / "site"
    if site.exists():  # a fresh output folder, as Hugo's below (a rebuild also deletes
        shutil.rmtree(site)  # the previous site once the new one is in place)
    jixiao = [str(ROOT / ".venv" / "bin" / "jixiao"), "build", str(content)]
    jixiao += ["--out", str(site), "--no-pdf", "--timings"]
    ours = timed(jixiao, work)
    stages = stage_seconds(ours.stderr)
    search = stages.get("全文检索索引（等待）", 0.0)
    search_cpu = re.search(r"Pagefind CPU 时间：([\d.]+) 秒.*?(\d+) 个索引分包", ours.stderr)
    pagefind_mb = re.search(r"内存峰值 pagefind：(\d+) MB", ours.stderr)
    own_mb = re.search(r"内存峰值 jixiao：(\d+) MB", ours.stderr)
    print(
        f"jixiao build --no-pdf         {ours.wall:7.2f} s  (Pagefind search index included; "
        f"CPU {ours.cpu:.1f} s)"
    )
    for stage, seconds in stages.items():
        print(f"    {stage:<24}{seconds:7.2f} s")
    cpu, bundles = (search_cpu.group(1), search_cpu.group(2)) if search_cpu else ("?", "?")
    print(
        f"jixiao without search index   {ours.wall - search:7.2f} s  (an estimate: the total "
        "minus the wait for Pagefind,"
    )
    print(f"    whose {bundles} bundles used {cpu} s of CPU, partly beside the other stages)")
    print(f"peak memory of the whole build (all processes together): {ours.peak_mb} MB")
    print(
        f"    largest single processes: jixiao {own_mb.group(1) if own_mb else '?'} MB, "
        f"Pagefind {pagefind_mb.group(1) if pagefind_mb else '?'} MB"
    )
    if shutil.which("hugo") is None:
        print("\nhugo is not installed: no comparison.")
        return
    hugo_dir = work / "hugo"
    if hugo_dir.exists():
        shutil.rmtree(hugo_dir)
    hugo_site(content, hugo_dir)
    hugo = timed(["hugo", "--quiet", "-d", str(hugo_dir / "public")], hugo_dir)
    pagefind = pagefind_executable()
    index_cmd = [str(pagefind), "--site", str(hugo_dir / "public"), "--silent"]
    hugo_search = timed(index_cmd, hugo_dir) if pagefind else Run(0.0, 0.0, 0, "")
    print(
        f"\nhugo (same narratives)        {hugo.wall:7.2f} s  "
        f"(CPU {hugo.cpu:.1f} s, peak {hugo.peak_mb} MB)"
    )
    print(
        f"hugo + Pagefind               {hugo.wall + hugo_search.wall:7.2f} s  "
        f"(Pagefind alone {hugo_search.wall:.2f} s, CPU {hugo_search.cpu:.1f} s, "
        f"peak {hugo_search.peak_mb} MB)"
    )
    ratio_plain = (ours.wall - search) / hugo.wall
    both = hugo.wall + hugo_search.wall
    ratio_full = ours.wall / both if pagefind else float("nan")
    print(f"\nratio jixiao / hugo (both without search)      {ratio_plain:5.1f}×")
    print(f"ratio jixiao / (hugo + Pagefind) (both search) {ratio_full:5.1f}×")
    print(f"ratio jixiao with search / bare hugo           {ours.wall / hugo.wall:5.1f}×")
    cpu_ratio = ours.cpu / (hugo.cpu + hugo_search.cpu) if pagefind else float("nan")
    print(f"ratio of CPU time, both with search            {cpu_ratio:5.1f}×")
    met = "met" if ratio_plain <= TARGET_RATIO else "NOT met"
    print(f"target ≤ {TARGET_RATIO}× Hugo (without search): {met}")
    print(
        f"target peak memory < {MEMORY_LIMIT_MB} MB (whole build, Pagefind included): "
        f"{'met' if ours.peak_mb < MEMORY_LIMIT_MB else 'NOT met'}"
    )
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
