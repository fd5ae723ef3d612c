"""Benchmark: bytes one search costs a reader, at N reports, as a web server sends them.

    .venv/bin/python benchmarks/search_bytes.py --reports 4000 [--site DIR] [--query 满意度 …]

Builds N synthetic reports (benchmarks/synthetic.py) without PDFs, or takes a built
--site, and serves it on 127.0.0.1 twice: with gzip for text files (HTML, CSS, JS, JSON,
SVG, XML, CSV — what a web server's gzip setting covers; Pagefind's index files are
gzip already and go as they are) and without compression. For each query, Chromium opens
the search page at search/index.html?q=… in a fresh context (an empty cache), waits for
the results on the page, and the requests' transferred bytes (headers and body as sent)
are added up. Prints a line per query and mode, and the largest requests.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate  # noqa: E402
from builder.printing.browser import LAUNCH_ARGS, find_chromium  # noqa: E402

COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt")
QUERIES = ("满意度", "预算执行率", "信访", "社会工作服务", "率")  # 2–6 characters, and one
DONE = (
    "() => { const s = document.querySelector('[data-search-status]');"
    " return s && (s.textContent.startsWith('找到') || s.textContent.startsWith('没有'))"
    " && document.querySelector('[data-search-results]').getAttribute('aria-busy') === 'false'; }"
)


class _Handler(http.server.SimpleHTTPRequestHandler):
    use_gzip = False

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> io.BytesIO | None:  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.use_gzip and accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()  # type: ignore[return-value]
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(folder: Path, use_gzip: bool) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"use_gzip": use_gzip})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def measure(site: Path, queries: list[str], top: int = 6) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=LAUNCH_ARGS)
        for use_gzip in (True, False):
            with serve(site, use_gzip) as base:
                for query in queries:
                    context = browser.new_context()  # an empty cache
                    page = context.new_page()
                    sizes: list[tuple[int, str]] = []

                    def finished(request: object, sizes: list[tuple[int, str]] = sizes) -> None:
                        got = request.sizes()  # type: ignore[attr-defined]
                        sent = got["responseBodySize"] + got["responseHeadersSize"]
                        sizes.append((sent, request.url.split("/", 3)[-1]))  # type: ignore[attr-defined]

                    page.on("requestfinished", finished)
                    page.goto(base + "search/index.html?q=" + quote(query))
                    page.wait_for_function(DONE, timeout=120_000)
                    page.wait_for_load_state("networkidle")
                    status = page.locator("[data-search-status]").inner_text()
                    total = sum(size for size, _ in sizes)
                    mode = "gzip" if use_gzip else "uncompressed"
                    print(
                        f"{query}\t{mode}\t{total / 1000:.1f} kB\t{len(sizes)} requests\t{status}"
                    )
                    for size, url in sorted(sizes, reverse=True)[:top]:
                        print(f"    {size / 1000:7.1f} kB  {url[:70]}")
                    context.close()
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=4000)
    parser.add_argument("--site", type=Path, help="a built site (skips generating and building)")
    parser.add_argument("--query", action="append", help="query (repeatable)")
    parser.add_argument("--top", type=int, default=6, help="largest requests shown per query")
    args = parser.parse_args()
    queries = args.query or list(QUERIES)
    if args.site:
        measure(args.site, queries, args.top)
        return
    with tempfile.TemporaryDirectory(prefix="jixiao-search-bytes-") as folder:
        content, site = Path(folder) / "content", Path(folder) / "site"
        generate(content, args.reports)
        jixiao = Path(sys.executable).parent / "jixiao"
        command = [str(jixiao), "build", str(content), "--out", str(site), "--no-pdf"]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        measure(site, queries, args.top)


if __name__ == "__main__":
    main()
