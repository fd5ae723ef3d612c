"""Benchmark: `jixiao build --no-pdf` on N synthetic reports, against Hugo on the same text.

    .venv/bin/python benchmarks/site.py --reports 4000 [--repeat 3] [--before REF]

Generates N realistic reports (benchmarks/synthetic.py) into a temporary folder and, when
`hugo` is installed, the same narratives as a minimal Hugo site. Then, --repeat rounds,
each timing in turn: `jixiao build --no-pdf --no-search`, Hugo, `jixiao build --no-pdf`
(with its Pagefind index) and Pagefind on Hugo's output — like compared with like — and
the incremental rebuilds with the report cache the cold build filled: with nothing
changed, after one report.md changed (both --no-search), and after one change with
search (Pagefind indexes every page again: it has no incremental mode). A rebuild goes
into the folder its cold build made, as `jixiao build` is used (the site it replaces is
kept for the next build to start from: publish.prepare_from). With --before REF the
source of that git ref (extracted with `git archive`, run from this virtual environment)
is timed too, in the same rounds, for before/after figures. Prints
the best and the median wall time of each, the ratios of the best times, jixiao's stage
timings and peak memory: of the whole build, every process of it together (sampled from
/proc every 20 ms: proportional set sizes, so pages the forked workers share with their
parent count once), and per process as jixiao reports it.

Fair conditions on a shared machine: every timed run writes into a folder of its own that
did not exist before (on this machine's ext4, mounted with `discard`, creating files right
after deleting many costs 5–10× more system time, measured), the disk is synced before
each run, and the rounds alternate the tools so that a noisy minute hits both.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
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
from builder.search.index import pagefind_executable  # noqa: E402

TARGET_RATIO = 3
INCREMENTAL_SHARE = 0.10  # a rebuild after one report.md change, against the cold build
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


def timed(command: list[str], cwd: Path, source: Path = ROOT) -> Run:
    """Run COMMAND (exit on failure) with jixiao from SOURCE: wall and CPU time, peak
    memory of its processes."""
    cpu = _children_cpu()
    began = time.perf_counter()
    env = {**os.environ, "PYTHONPATH": str(source)}
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
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


class Rounds:
    """Timed runs of named commands, each into a fresh folder under WORK."""

    def __init__(self, work: Path) -> None:
        self.work, self._count = work, 0
        self.runs: dict[str, list[Run]] = {}

    def fresh(self, name: str) -> Path:
        self._count += 1
        return self.work / f"{name}-{self._count}"

    def time(self, name: str, command: list[str], cwd: Path, source: Path = ROOT) -> Run:
        subprocess.run(["sync"], check=False)  # earlier writes are not billed to this run
        run = timed(command, cwd, source)
        self.runs.setdefault(name, []).append(run)
        return run

    def best(self, name: str) -> Run:
        return min(self.runs[name], key=lambda run: run.wall)

    def line(self, label: str, name: str, extra: str = "") -> str:
        walls = [run.wall for run in self.runs[name]]
        best = self.best(name)
        median = statistics.median(walls)
        return (
            f"{label:<34}{best.wall:7.2f} s  (median {median:.2f}; CPU {best.cpu:.1f} s, "
            f"peak {best.peak_mb} MB{extra})"
        )


def _jixiao(content: Path, out: Path, search: bool, cache: Path) -> list[str]:
    python = str(ROOT / ".venv" / "bin" / "python")
    command = [python, "-m", "builder", "build", str(content), "--out", str(out)]
    command += ["--no-pdf", "--timings", "--cache-dir", str(cache)]
    return command + ([] if search else ["--no-search"])


def _edit(content: Path, number: int) -> None:
    """One more sentence at the end of one report's narrative (another report each time)."""
    narratives = sorted(content.glob("*/*/*/report.md"))
    narrative = narratives[(number * 997) % len(narratives)]
    with narrative.open("a", encoding="utf-8") as handle:
        handle.write(f"\n第 {number} 次修改时补充的一句说明。\n")


def _round(
    rounds: Rounds, content: Path, hugo_dir: Path | None, number: int, sources: list[Source]
) -> None:
    public = rounds.fresh("public")
    if hugo_dir is not None:
        rounds.time("hugo", ["hugo", "--quiet", "-d", str(public)], hugo_dir)
    for label, source in sources:
        _jixiao_round(rounds, content, (label, source), 2 * number)
    pagefind = pagefind_executable()
    if hugo_dir is not None and pagefind is not None:
        command = [str(pagefind), "--site", str(public), "--silent"]
        rounds.time("hugo-pagefind", command, hugo_dir)


def _jixiao_round(rounds: Rounds, content: Path, version: Source, edit: int) -> None:
    # A cold build starts with an empty report cache (a folder of its own) into a new
    # folder; the rebuilds after it use that cache and that folder.
    label, source = version
    cache, site, root = rounds.fresh("cache"), rounds.fresh("site"), content.parent
    rounds.time(label + "plain", _jixiao(content, site, False, cache), root, source)
    rounds.time(label + "unchanged", _jixiao(content, site, False, cache), root, source)
    _edit(content, edit)
    rounds.time(label + "one-change", _jixiao(content, site, False, cache), root, source)
    cache, site = rounds.fresh("cache"), rounds.fresh("site")
    rounds.time(label + "search", _jixiao(content, site, True, cache), root, source)
    _edit(content, edit + 1)
    command = _jixiao(content, site, True, cache)
    rounds.time(label + "search-one-change", command, root, source)


Source = tuple[str, Path]  # a label for its runs ("" or "before "), a folder with builder/


def _print_stages(run: Run) -> None:
    for stage, seconds in stage_seconds(run.stderr).items():
        print(f"    {stage:<24}{seconds:7.2f} s")


def _report(rounds: Rounds, hugo: bool, label: str) -> None:
    """The figures of one version of jixiao (LABEL: "" for this checkout)."""
    print(f"== {label.strip() or 'this checkout'}")
    plain, full = rounds.best(label + "plain"), rounds.best(label + "search")
    print(rounds.line("jixiao build --no-pdf --no-search", label + "plain"))
    _print_stages(plain)
    search_cpu = re.search(r"Pagefind CPU 时间：([\d.]+) 秒.*?(\d+) 个索引分包", full.stderr)
    extra = f"; Pagefind CPU {search_cpu[1]} s in {search_cpu[2]} bundles" if search_cpu else ""
    print(rounds.line("jixiao build --no-pdf", label + "search", extra))
    _print_stages(full)
    own_mb = re.search(r"内存峰值 jixiao：(\d+) MB", full.stderr)
    pagefind_mb = re.search(r"内存峰值 pagefind：(\d+) MB", full.stderr)
    _report_incremental(rounds, plain, label)
    print(f"peak memory of the whole build with search (all processes together): {full.peak_mb} MB")
    print(
        f"    largest single processes: jixiao {own_mb[1] if own_mb else '?'} MB, "
        f"Pagefind {pagefind_mb[1] if pagefind_mb else '?'} MB"
    )
    if not hugo:
        print("\nhugo is not installed: no comparison.")
        return
    print()
    print(rounds.line("hugo (same narratives)", "hugo"))
    print(rounds.line("Pagefind on hugo's pages", "hugo-pagefind"))
    hugo_wall = rounds.best("hugo").wall
    changed = rounds.best(label + "one-change").wall
    print(f"ratio one-change rebuild / hugo cold build   {changed / hugo_wall:5.2f}×")
    met = "met" if changed < hugo_wall else "NOT met"
    print(f"target one-change rebuild < Hugo's cold build (both without search): {met}")
    both = hugo_wall + rounds.best("hugo-pagefind").wall
    ratio_plain = plain.wall / hugo_wall
    print(f"\nratio jixiao / hugo (both without search)      {ratio_plain:5.2f}×  (best times)")
    print(f"ratio jixiao / (hugo + Pagefind) (both search) {full.wall / both:5.2f}×")
    print(f"ratio jixiao with search / bare hugo           {full.wall / hugo_wall:5.2f}×")
    met = "met" if ratio_plain <= TARGET_RATIO else "NOT met"
    print(f"target ≤ {TARGET_RATIO}× Hugo (same work: neither builds a search index): {met}")
    print(
        f"target peak memory < {MEMORY_LIMIT_MB} MB (whole build, Pagefind included): "
        f"{'met' if full.peak_mb < MEMORY_LIMIT_MB else 'NOT met'}\n"
    )


def _report_incremental(rounds: Rounds, plain: Run, label: str) -> None:
    """The rebuilds with the report cache (the cold build above filled it)."""
    print(rounds.line("  rebuild, nothing changed", label + "unchanged"))
    _print_stages(rounds.best(label + "unchanged"))
    print(rounds.line("  rebuild, one report.md changed", label + "one-change"))
    _print_stages(rounds.best(label + "one-change"))
    changed = rounds.best(label + "one-change")
    share = changed.wall / plain.wall
    print(
        f"    one-change rebuild / cold build: {share:.1%} of the wall time, "
        f"{changed.cpu / plain.cpu:.1%} of the CPU time (best runs)"
    )
    met = "met" if share <= INCREMENTAL_SHARE else "NOT met"
    print(f"    target one-change rebuild ≤ {INCREMENTAL_SHARE:.0%} of the cold build: {met}")
    print(rounds.line("  with search, one report.md changed", label + "search-one-change"))
    print("    (Pagefind has no incremental mode: it indexes every page again)")


def extract_ref(ref: str, into: Path) -> Path:
    """The source of git REF in INTO (builder/ and themes/: the rest is not run)."""
    into.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "builder", "themes"],
        capture_output=True,
        check=True,
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3, help="rounds (best and median shown)")
    parser.add_argument("--keep", type=Path, help="work in this (new or empty) folder, keep it")
    parser.add_argument("--before", metavar="REF", help="also time this git ref (e.g. main)")
    args = parser.parse_args()
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        sys.exit(f"{args.keep} is not empty: timed runs must write into folders that are new")
    work = args.keep or Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    content = work / "content"
    generate(content, args.reports)
    chars = len((content / "unit-000" / "2019" / "report-00000" / "report.md").read_text("utf-8"))
    hugo_dir = None
    if shutil.which("hugo") is not None:
        hugo_dir = work / "hugo"
        hugo_site(content, hugo_dir)
    print(
        f"{args.reports} synthetic reports in {content} (4 kinds, ~{chars} characters of narrative,"
    )
    print(
        f"10–20 scored indicators each), 2 CPUs shared; wall-clock seconds, best of {args.repeat}.\n"
    )
    # As `make` does (scripts/setup.sh): timed runs start from bytecode even right after
    # an edit, on a machine with PYTHONDONTWRITEBYTECODE set.
    sources: list[Source] = [("", ROOT)]
    if args.before:
        sources.insert(0, ("before ", extract_ref(args.before, work / "before")))
    python = ROOT / ".venv" / "bin" / "python"
    for _, source in sources:
        compile_all = [str(python), "-m", "compileall", "-q", str(source / "builder")]
        subprocess.run(compile_all, check=True)
    rounds = Rounds(work)
    for number in range(args.repeat):
        _round(rounds, content, hugo_dir, number, sources)
    for label, _ in sources:
        _report(rounds, hugo_dir is not None, label)
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    main()
