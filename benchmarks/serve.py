"""Benchmark: `jixiao serve` on N synthetic reports: save-to-reload latency and idle CPU.

    .venv/bin/python benchmarks/serve.py [--reports 4000] [--saves 5] [--idle 30] [--before main]

Generates N reports (benchmarks/synthetic.py, as benchmarks/site.py does), then for each
jixiao under test — with --before REF, first the source of that git ref (extracted with
`git archive`, run from this virtual environment), then this checkout — in the same run:
starts `jixiao serve` on them, waits for the first build, measures the serve process's
CPU time over --idle seconds of nothing happening (/proc/<pid>/stat utime+stime: the
watcher's cost, independent of how loaded the machine is), then saves one report.md
--saves times (a different report each time) and measures, from the save, the time until
/__jixiao__/status shows the next version and until the page serves the new text.

Targets (issue 14 item 5): reload < 1 s after saving one report at 4,000 reports; the
idle watcher under 2 % of a core.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.site import extract_ref  # noqa: E402
from benchmarks.synthetic import generate  # noqa: E402

RELOAD_TARGET_SECONDS = 1.0
IDLE_TARGET_SHARE = 0.02
WAIT_SECONDS = 600  # the longest a build may take before the run is given up


@dataclass
class Figures:
    name: str
    first_build: float = 0.0
    idle_share: float = 0.0
    to_status: list[float] = field(default_factory=list)
    to_page: list[float] = field(default_factory=list)
    build: list[float] = field(default_factory=list)  # as the serve process logged it


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=WAIT_SECONDS) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Serve:
    """A `jixiao serve` process whose source is SOURCE (a folder holding builder/)."""

    def __init__(self, source: Path, content: Path) -> None:
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "builder", "serve", "--port", "0", "--content", str(content)],
            cwd=content.parent,
            env={**os.environ, "PYTHONPATH": str(source)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        started = time.monotonic()
        self.url = ""
        while not self.url and time.monotonic() - started < WAIT_SECONDS:
            if self.process.poll() is not None:
                raise SystemExit("serve stopped:\n" + "\n".join(self.log))
            found = [m for line in self.log if (m := re.search(r"http://127\.0\.0\.1:\d+/", line))]
            self.url = found[0].group(0) if found else ""
            time.sleep(0.02)
        self.first_build = time.monotonic() - started

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line.rstrip("\n"))

    def status(self, serial: int | None = None) -> dict[str, object]:
        query = "" if serial is None else f"?serial={serial}"
        data: dict[str, object] = json.loads(_get(f"{self.url}__jixiao__/status{query}")[1])
        return data

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _idle_share(serve: Serve, seconds: float) -> float:
    time.sleep(1.0)  # the first build's aftermath (a collection, the last writes)
    began, cpu = time.monotonic(), _cpu_seconds(serve.process.pid)
    time.sleep(seconds)
    return (_cpu_seconds(serve.process.pid) - cpu) / (time.monotonic() - began)


def _save(serve: Serve, report: Path, content: Path, mark: str, figures: Figures) -> None:
    """Save REPORT with MARK added; time the status and the page catching up."""
    page = f"{serve.url}{report.parent.relative_to(content).as_posix()}/index.html"
    state = serve.status()
    version, serial = state["version"], state["serial"]
    assert isinstance(serial, int)
    text = report.read_text(encoding="utf-8")
    saved = time.monotonic()
    report.write_text(text + f"\n{mark}\n", encoding="utf-8")
    while time.monotonic() - saved < WAIT_SECONDS:  # long polls: answered as the state moves
        state = serve.status(serial)
        serial = state["serial"]  # type: ignore[assignment]
        if state["version"] != version and not state["building"]:
            break
    figures.to_status.append(time.monotonic() - saved)
    while mark not in _get(page)[1] and time.monotonic() - saved < WAIT_SECONDS:
        time.sleep(0.01)
    figures.to_page.append(time.monotonic() - saved)
    built = [m for line in serve.log if (m := re.search(r"已构建（([0-9.]+) 秒", line))]
    figures.build.append(float(built[-1].group(1)) if built else 0.0)


def measure(name: str, source: Path, content: Path, reports: list[Path], args: Any) -> Figures:
    figures = Figures(name)
    print(f"\n== {name}（{source}）", flush=True)
    serve = Serve(source, content)
    try:
        figures.first_build = serve.first_build
        print(f"首次构建：{serve.first_build:.1f} 秒", flush=True)
        figures.idle_share = _idle_share(serve, args.idle)
        print(f"空闲 {args.idle:.0f} 秒的 CPU：{figures.idle_share:.2%} 个核", flush=True)
        step = max(1, len(reports) // max(1, args.saves))
        for number in range(args.saves):
            report = reports[(number * step + 17) % len(reports)] / "report.md"
            _save(serve, report, content, f"基准测试第{number + 1}次保存（{name}）。", figures)
            print(
                f"保存 {number + 1}：状态 {figures.to_status[-1]:.2f} 秒，"
                f"页面 {figures.to_page[-1]:.2f} 秒（其中构建 {figures.build[-1]:.2f} 秒）",
                flush=True,
            )
    finally:
        serve.stop()
    return figures


def _summary(all_figures: list[Figures], reports: int) -> None:
    print(f"\n== 汇总（{reports} 份报告）")
    for figures in all_figures:
        status, page = figures.to_status, figures.to_page
        print(
            f"{figures.name}: 首次构建 {figures.first_build:.1f} 秒；"
            f"保存到重新加载（状态）中位 {statistics.median(status):.2f} 秒、"
            f"最长 {max(status):.2f} 秒；页面中位 {statistics.median(page):.2f} 秒、"
            f"最长 {max(page):.2f} 秒；空闲 CPU {figures.idle_share:.2%} 个核"
        )
    last = all_figures[-1]
    reload_ok = max(last.to_page) < RELOAD_TARGET_SECONDS
    idle_ok = last.idle_share < IDLE_TARGET_SHARE
    print(
        f"目标：重新加载 < {RELOAD_TARGET_SECONDS:.0f} 秒 {'达到' if reload_ok else '未达到'}；"
        f"空闲 CPU < {IDLE_TARGET_SHARE:.0%} {'达到' if idle_ok else '未达到'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=4000)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--idle", type=float, default=30.0, help="空闲测量的秒数")
    parser.add_argument("--before", metavar="REF", help="先测这个 git 版本（如 main）作对比")
    args = parser.parse_args()
    if args.saves < 1:
        parser.error("--saves 至少为 1")
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-serve-") as temp:
        content = Path(temp) / "content"
        started = time.monotonic()
        reports = generate(content, args.reports)
        print(f"生成 {len(reports)} 份报告：{time.monotonic() - started:.1f} 秒", flush=True)
        runs: list[Figures] = []
        if args.before:
            before = extract_ref(args.before, Path(temp) / "before")
            runs.append(measure(f"之前（{args.before}）", before, content, reports, args))
        runs.append(measure("现在（本检出）", ROOT, content, reports, args))
        _summary(runs, len(reports))


if __name__ == "__main__":
    main()
