"""`jixiao pdf REPORT [-o FILE]`: print one report to PDF (the print HTML is kept beside it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from jinja2 import TemplateError

from builder.commands import output
from builder.diagnostics import Diagnostic, sort_diagnostics
from builder.loading.content import REPORT_FILE, find_root, shown
from builder.pipeline import run as pipeline
from builder.printing import (
    DEFAULT_TIMEOUT,
    PrintJob,
    locate_browser,
    pdf_cache_dir,
    print_pdfs,
)
from builder.printing.cache import write_atomic
from builder.render import PRINT_CSS, render_print_document
from builder.render.theme import check_templates, template_failure, theme_dir
from builder.usage import UsageError, add_cache_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("report", type=Path, help="报告目录（含 report.yaml）")
    parser.add_argument(
        "-o", "--output", type=Path, help="PDF 文件路径（默认：当前目录下的 <报告目录名>.pdf）"
    )
    add_cache_argument(parser)
    parser.add_argument("--no-cache", action="store_true", help="不使用 PDF 缓存，重新打印")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help="每次打印的时限（秒）"
    )


def run(args: argparse.Namespace) -> int:
    folder: Path = args.report
    if not (folder / REPORT_FILE).is_file():
        raise UsageError(f"{folder} 不是报告目录（其中没有 {REPORT_FILE}）")
    evaluated = pipeline.check([folder])
    if evaluated.has_errors or len(evaluated.cards) != 1:
        return _refuse(evaluated.diagnostics)
    card = evaluated.cards[0]
    browser = locate_browser()
    if isinstance(browser, Diagnostic):
        return _refuse([*evaluated.diagnostics, browser], "jixiao: 没有可用的浏览器，未生成 PDF。")
    templates = check_templates()
    if templates:
        return _refuse([*evaluated.diagnostics, *templates], "jixiao: 主题模板有错误，未生成 PDF。")
    # The HTML is kept beside the PDF for inspection; it links the theme's stylesheet by
    # absolute file address so that it renders the same wherever it was written.
    css = theme_dir() / "print" / PRINT_CSS
    try:
        html, rendered = render_print_document(card, evaluated.content.site, css_href=css.as_uri())
    except TemplateError as exc:
        return _refuse([template_failure(exc)], "jixiao: 主题模板有错误，未生成 PDF。")
    if any(d.is_error for d in rendered):
        return _refuse([*evaluated.diagnostics, *rendered])
    pdf_path: Path = args.output or Path.cwd() / f"{folder.resolve().name}.pdf"
    html_path = pdf_path.with_suffix(".html")
    write_atomic(html_path, html.encode("utf-8"))
    job = PrintJob(html_path, pdf_path, card.report.at("title"), card.report.disclosure.published)
    outcome = print_pdfs(
        [job],
        cache_dir=None if args.no_cache else pdf_cache_dir(find_root(folder), args.cache_dir),
        timeout=args.timeout,
    )
    found = sort_diagnostics([*evaluated.diagnostics, *rendered, *outcome.diagnostics])
    if found:
        sys.stderr.write(output.diagnostics_text(found) + "\n")
    if outcome.failed:
        return 1
    how = "沿用缓存" if outcome.reused else "已打印"
    sys.stdout.write(f"{how}：{shown(pdf_path)}（{outcome.pages} 页）\n")
    return 0


def _refuse(found: list[Diagnostic], why: str = "jixiao: 报告有错误，未生成 PDF。") -> int:
    if found:
        sys.stderr.write(output.diagnostics_text(sort_diagnostics(found)) + "\n")
    sys.stderr.write(why + "\n")
    return 1
