"""PDF throughput: the engine (one browser, reused pages) against a browser per report.

    .venv/bin/python benchmarks/pdf.py [--copies N] [--concurrency C] [--skip-naive]
                                       [--source content|synthetic]

Documents: the print HTML of the reports in content/ (builder.render.render_print_document;
used when that renderer exists) or long synthetic reports built from the test fixture; the
set is repeated N times (default: about 20 documents). Everything goes to a temporary
folder; the cache is off, so every document is really printed. Prints reports/s, pages/s
and the ratio. Targets on the 2-core machine: engine ≥ 25 pages/s and ≥ 2.5× the naive way.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from builder.printing import PrintJob, print_pdfs  # noqa: E402
from builder.printing.browser import LAUNCH_ARGS, find_chromium  # noqa: E402
from builder.printing.pdfbytes import page_count  # noqa: E402
from builder.printing.pool import PDF_OPTIONS, default_concurrency  # noqa: E402
from builder.render.theme import DEFAULT_THEME  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "print"
TARGET_DOCUMENTS = 20


def rendered_sources() -> tuple[list[str], Path] | None:
    """Print HTML of every report in content/ linking "print.css", and that stylesheet;
    None when the renderer is not there."""
    try:
        render = importlib.import_module("builder.render").render_print_document
    except (ModuleNotFoundError, AttributeError):
        return None
    from builder.pipeline import run as pipeline

    evaluated = pipeline.check([ROOT / "content"])
    site = evaluated.content.site
    sources = [render(card, site, css_href="print.css")[0] for card in evaluated.cards]
    return sources, DEFAULT_THEME / "print" / "print.css"


def synthetic_sources(count: int = 4) -> list[str]:
    """Report-like documents of 10–15 pages from the fixture: sections, prose, score tables."""
    head = (FIXTURES / "report.html").read_text(encoding="utf-8").partition("<body>")[0]
    documents = []
    for variant in range(count):
        parts = ["<body>", "<h1>景泰街社工服务站项目绩效评价报告（样本）</h1>"]
        for section in range(5 + variant):
            parts.append(f"<h2>第{section + 1}部分 评价情况</h2>")
            for sub in range(2):
                parts.append(f"<h3>（{sub + 1}）分项说明</h3>")
                parts.extend(
                    f"<p>第{n + 1}段：项目按计划推进，服务对象满意度为 89.78%，"
                    "预算执行率 100%，资金使用规范，档案管理仍需加强。" * 3 + "</p>"
                    for n in range(2)
                )
            rows = "".join(
                f"<tr><td>指标{r + 1}</td><td>{r % 7 + 2}</td><td>{r % 7 + 1}.50</td></tr>"
                for r in range(14)
            )
            parts.append(
                "<table><thead><tr><th>指标</th><th>分值</th><th>得分</th></tr></thead>"
                f"<tbody>{rows}</tbody></table>"
            )
        documents.append(head + "\n".join(parts) + "</body></html>\n")
    return documents


def write_documents(folder: Path, sources: list[str], css: Path, copies: int) -> list[Path]:
    shutil.copy(css, folder / "print.css")
    paths = []
    for copy in range(copies):
        for index, html in enumerate(sources):
            path = folder / f"report-{copy:02d}-{index:02d}.html"
            path.write_text(html, encoding="utf-8")
            paths.append(path)
    return paths


def bench_engine(documents: list[Path], out: Path, concurrency: int) -> tuple[float, int]:
    jobs = [PrintJob(path, out / f"{path.stem}.pdf") for path in documents]
    start = time.perf_counter()
    outcome = print_pdfs(jobs, cache_dir=None, concurrency=concurrency)
    elapsed = time.perf_counter() - start
    if outcome.diagnostics:
        raise SystemExit(f"engine reported problems: {outcome.diagnostics}")
    assert outcome.printed == len(jobs)
    return elapsed, outcome.pages


def bench_naive(documents: list[Path]) -> tuple[float, int]:
    """The obvious way: launch a browser for each report, print, close it."""
    executable = find_chromium()
    pages = 0
    start = time.perf_counter()
    with sync_playwright() as playwright:
        for path in documents:
            browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
            page = browser.new_page()
            page.goto(path.as_uri(), wait_until="load")
            pages += page_count(page.pdf(**PDF_OPTIONS))
            browser.close()
    return time.perf_counter() - start, pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, help="times to repeat the document set")
    parser.add_argument("--concurrency", type=int, default=default_concurrency())
    parser.add_argument("--skip-naive", action="store_true", help="only time the engine")
    parser.add_argument(
        "--source",
        choices=("content", "synthetic"),
        default="content",
        help="content/ reports (short: 2–6 pages) or synthetic 10–15-page reports",
    )
    args = parser.parse_args()
    rendered = rendered_sources() if args.source == "content" else None
    if rendered:
        (sources, css), origin = rendered, "content/ rendered by builder.render"
    else:
        sources, css = synthetic_sources(), FIXTURES / "print.css"
        origin = "synthetic documents from tests/fixtures/print"
    copies = args.copies or max(1, round(TARGET_DOCUMENTS / len(sources)))
    with tempfile.TemporaryDirectory(prefix="jixiao-pdf-bench-") as temp:
        folder = Path(temp)
        (folder / "out").mkdir()
        documents = write_documents(folder, sources, css, copies)
        print(f"{len(documents)} documents ({len(sources)} × {copies}), {origin}")
        seconds, pages = bench_engine(documents, folder / "out", args.concurrency)
        engine_rate = len(documents) / seconds
        print(
            f"engine ({args.concurrency} pages, 1 browser): {seconds:.2f} s, "
            f"{engine_rate:.2f} reports/s, {pages / seconds:.1f} pages/s ({pages} pages)"
        )
        if args.skip_naive:
            return 0
        naive_seconds, naive_pages = bench_naive(documents)
        naive_rate = len(documents) / naive_seconds
        print(
            f"naive (browser per report): {naive_seconds:.2f} s, {naive_rate:.2f} reports/s, "
            f"{naive_pages / naive_seconds:.1f} pages/s"
        )
        print(f"ratio engine/naive: {engine_rate / naive_rate:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
