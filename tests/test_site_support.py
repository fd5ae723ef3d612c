"""Shared by the site tests: the example site built once per test session, a local server.

Building is the slow part, so each variant (with or without PDFs) is built at most once
per pytest process, into a temporary folder removed at exit.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import http.server
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import CONTENT, run_jixiao

from builder.commands import output
from builder.pipeline.build import Options, build

REPORT_000 = "zengcheng-xinfang/2023/social-worker-project"


@functools.cache
def built_site(pdf: bool = False) -> Path:
    """The example content/ built into a temporary site/ (exit status checked)."""
    folder = Path(tempfile.mkdtemp(prefix="jixiao-site-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    out = folder / "site"
    args = ["build", str(CONTENT), "--out", str(out)] + ([] if pdf else ["--no-pdf"])
    result = run_jixiao(*args)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


# Seven reports, at most two per search bundle: a site of thousands, in small.
SMALL_BUNDLES = 2


@functools.cache
def built_site_in_bundles() -> Path:
    """The example content/ built (in this process) with its search index in bundles."""
    folder = Path(tempfile.mkdtemp(prefix="jixiao-bundles-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    out = folder / "site"
    options = Options([CONTENT], out, pdf=False, search_bundle_pages=SMALL_BUNDLES)
    outcome = build(options)
    assert outcome.published, output.diagnostics_text(outcome.diagnostics)
    assert outcome.search_bundles == 4  # 7 pages, ≤ 2 a bundle
    return out


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under FOLDER: relative path → SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path, prefix: str = "") -> Iterator[str]:
    """Serve FOLDER on 127.0.0.1 (optionally under a sub-path PREFIX); yields the base URL."""

    class Handler(_Quiet):
        def translate_path(self, path: str) -> str:
            if prefix and path.startswith(prefix + "/"):
                path = path[len(prefix) :]
            return super().translate_path(path)

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}/"
    finally:
        server.shutdown()
        server.server_close()
