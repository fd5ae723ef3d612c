"""`jixiao print [PATH…] [--shard K/N] [--cache-dir DIR] [--jobs N]`: print the PDFs of
a share of the reports into the PDF cache, for a later `jixiao build` to reuse.

N processes or N CI machines each print their share (`--shard 1/N` … `--shard N/N`) into
one cache folder that they share; the final build then finds every PDF in the cache. A
report's share depends only on its folder name, so adding a report moves no other report
to another share.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

from jinja2 import TemplateError

from builder.commands import output
from builder.diagnostics import Diagnostic, sort_diagnostics
from builder.pipeline import run as pipeline
from builder.pipeline.shard import PDF, PRINT_HTML
from builder.pipeline.sitewide import write_assets
from builder.printing import PrintJob, pdf_cache_dir, print_pdfs, terminal_progress
from builder.render import render_print_document
from builder.render.theme import template_failure
from builder.scoring.engine import ScoreCard
from builder.site.entries import entry_for
from builder.usage import UsageError, add_cache_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="内容目录（默认 content）")
    parser.add_argument(
        "--shard",
        default="1/1",
        metavar="K/N",
        help="只打印 N 份中的第 K 份（按报告目录名稳定分配；默认 1/1，即全部）",
    )
    parser.add_argument("--jobs", type=int, default=0, help="同时打印的页面数（默认按 CPU 核数）")
    add_cache_argument(parser)


def parse_shard(text: str) -> tuple[int, int]:
    """'K/N' → (K, N), 1 ≤ K ≤ N."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise UsageError(f"--shard 应写成 K/N（如 2/4），而不是「{text}」") from None
    if not 1 <= k <= n:
        raise UsageError(f"--shard {text}：K 应在 1 到 N 之间")
    return k, n


def in_shard(folder: str, k: int, n: int) -> bool:
    """Whether the report in FOLDER belongs to share K of N (stable across runs and
    machines: a hash of the folder name, never Python's salted hash())."""
    digest = hashlib.sha256(folder.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % n == k - 1


def run(args: argparse.Namespace) -> int:
    k, n = parse_shard(args.shard)
    paths = args.paths or [Path("content")]
    for path in paths:
        if not path.exists():
            raise UsageError(f"路径不存在：{path}")
    evaluated = pipeline.check_site(paths)
    if evaluated.has_errors:  # nothing the build would refuse is worth printing
        return _refuse(evaluated.diagnostics, "jixiao: 内容有错误，未打印。")
    published = [card for card in evaluated.cards if not card.report.draft]
    cards = [card for card in published if in_shard(card.report.folder, k, n)]
    cache = pdf_cache_dir(evaluated.content.root, args.cache_dir)
    with tempfile.TemporaryDirectory(prefix="jixiao-print-") as temp:
        staging = Path(temp)
        write_assets(staging)
        try:
            jobs = [_job(card, evaluated, staging) for card in cards]
        except TemplateError as exc:
            return _refuse([template_failure(exc)], "jixiao: 主题模板有错误，未打印。")
        outcome = print_pdfs(
            jobs, cache_dir=cache, concurrency=args.jobs or None, progress=terminal_progress()
        )
    if outcome.diagnostics:
        sys.stderr.write(output.diagnostics_text(outcome.diagnostics) + "\n")
    sys.stdout.write(
        f"第 {k}/{n} 份：{len(cards)} 份报告（共 {len(published)} 份），"
        f"PDF 新打印 {outcome.printed} 份、复用 {outcome.reused} 份，缓存在 {cache}。\n"
    )
    return 1 if outcome.failed else 0


def _job(card: ScoreCard, evaluated: pipeline.Evaluated, staging: Path) -> PrintJob:
    """The report's print document written where the build writes it (same relative
    links to assets/, so the same bytes and the same cache key)."""
    entry = entry_for(card)
    html, _ = render_print_document(card, evaluated.content.site)
    folder = staging / entry.folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / PRINT_HTML).write_text(html, encoding="utf-8")
    return PrintJob(folder / PRINT_HTML, folder / PDF, entry.origin, entry.published)


def _refuse(found: list[Diagnostic], why: str) -> int:
    sys.stdout.write(output.diagnostics_text(sort_diagnostics(found)) + "\n")
    sys.stderr.write(why + "\n")
    return 1
