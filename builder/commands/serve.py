"""`jixiao serve [--port 8000] [--search]`: build without PDFs (and, unless asked, without
the search index), serve on 127.0.0.1, rebuild on change."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from builder.commands import output
from builder.loading.content import REPORT_FILE, find_root
from builder.loading.filenames import below
from builder.pipeline import run as pipeline
from builder.pipeline.build import Options, build
from builder.pipeline.shard import DATA, PDF, PRINT_HTML
from builder.printing import PrintJob, pdf_cache_dir, print_pdfs
from builder.printing.cache import write_atomic
from builder.render import render_print_document
from builder.render.theme import theme_dir
from builder.serving import server as serve
from builder.usage import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port", type=int, default=8000, help="端口（默认 8000；0 表示任选空闲端口）"
    )
    parser.add_argument("--content", type=Path, default=Path("content"), help="内容目录")
    parser.add_argument(
        "--search",
        action="store_true",
        help="同时生成全文检索索引（每次重建更慢；默认不生成，检索页会说明）",
    )


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    content: Path = args.content
    if not content.is_dir():
        raise UsageError(f"内容目录不存在：{content}")
    if not 0 <= args.port <= 65535:
        raise UsageError(f"端口应在 0–65535 之间：{args.port}")
    with tempfile.TemporaryDirectory(prefix="jixiao-serve-", dir=_in_memory()) as temp:
        out = Path(temp) / "site"
        search: bool = args.search

        def rebuild(changed: set[str]) -> serve.BuildResult:
            return _build(content, out, search)

        site = serve.LiveSite(out, rebuild, pdf_link=_pdf_link)
        site.make_pdf = lambda url: _print_on_request(site, content, out, url)
        watched = [content.resolve(), theme_dir().resolve()]
        try:
            serve.run(site, watched, args.port, _say)
        except OSError as exc:
            raise UsageError(f"无法在 127.0.0.1:{args.port} 上提供服务：{exc.strerror}") from exc
        except KeyboardInterrupt:
            _say("已停止预览。")
    return 0


# A RAM-backed folder (tmpfs) for the preview output. The output of a preview is thrown
# away, and on disk each rebuild paid for writing the pages and for removing the last
# site: at 1,000 reports with the report cache, on an ext4 mounted with `discard`, a
# rebuild after one change took 4.7 s, 3 s of it rmdir; 0.8 s in memory (measured in one
# process). 4,000 reports take ≈ 170 MB there.
MEMORY_FOLDER = "/dev/shm"


def _in_memory() -> str | None:
    """MEMORY_FOLDER when this system has it writable, else None (the temporary folder)."""
    usable = os.path.isdir(MEMORY_FOLDER) and os.access(MEMORY_FOLDER, os.W_OK | os.X_OK)
    return MEMORY_FOLDER if usable else None


def _build(content: Path, out: Path, search: bool) -> serve.BuildResult:
    # One process: forking build workers from a process that runs server threads is unsafe.
    # Drafts too: serve is where an author previews a report before it is published.
    # No search index unless asked: Pagefind over every page made each save cost seconds.
    # The site each rebuild replaces is kept beside it (in memory too) to start the next.
    spare = out.parent / "spare"
    options = Options([content], out, pdf=False, search=search, jobs=1, drafts=True, spare=spare)
    options.live = True  # the report cache's records and file digests stay in memory
    outcome = build(options)
    why = "" if outcome.published else "有错误，网站没有更新（仍显示上一次成功的构建）"
    return serve.BuildResult(outcome.published, tuple(outcome.diagnostics), why)


def _pdf_link(page: Path, html: bytes) -> str | None:
    """A report page (its report.json beside it) that links no PDF gets one made on request."""
    is_report = page.name == "index.html" and (page.parent / DATA).is_file()
    return PDF if is_report and f'href="{PDF}"'.encode() not in html else None


def _print_on_request(site: serve.LiveSite, content: Path, out: Path, url: str) -> Path | None:
    report_dir = _report_of(content, out, url)
    if report_dir is None:
        return None
    folder = url.strip("/").removesuffix(PDF).strip("/")
    with site.exclusive:  # not while a build swaps the output folder
        site.log(f"正在打印 {folder}/{PDF} …")
        evaluated = pipeline.check([report_dir])
        problems = list(evaluated.diagnostics)
        pdf_path = out / folder / PDF
        if not evaluated.has_errors and len(evaluated.cards) == 1:
            card = evaluated.cards[0]
            html, rendered = render_print_document(card, evaluated.content.site)
            problems += rendered
            if not any(d.is_error for d in rendered):
                html_path = out / folder / PRINT_HTML
                write_atomic(html_path, html.encode("utf-8"))
                job = PrintJob(
                    html_path, pdf_path, card.report.at("title"), card.report.disclosure.published
                )
                printed = print_pdfs([job], cache_dir=pdf_cache_dir(find_root(content)))
                problems += printed.diagnostics
        errors = [d for d in problems if d.is_error]
        if errors or not pdf_path.is_file():
            site.log(output.diagnostics_text(errors) if errors else "未能生成 PDF。")
            return None
        site.log(f"已打印 {folder}/{PDF}")
        return pdf_path


def _report_of(content: Path, out: Path, url: str) -> Path | None:
    """The report folder whose PDF URL (decoded) asks for, only when it is a report the
    last build published and lies in the content folder: "..", links and the like out."""
    folder = url.strip("/").removesuffix(PDF).strip("/")
    parts = folder.split("/")
    if not url.endswith("/" + PDF) or not folder or any(p in ("", ".", "..") for p in parts):
        return None
    if "\0" in folder or "\\" in folder:
        return None
    root = find_root(content)
    report_dir = root / folder
    inside = below(os.path.realpath(report_dir), str(root)) == folder
    published = below(os.path.realpath(out / folder), os.path.realpath(out)) == folder
    if not (inside and published and (out / folder / DATA).is_file()):
        return None
    return report_dir if (report_dir / REPORT_FILE).is_file() else None
