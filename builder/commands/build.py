"""`jixiao build [PATH…] [--out site] [--no-pdf] [--no-search] [--jobs N] [--timings]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder.commands import output
from builder.pipeline.build import Options, Outcome, build
from builder.pipeline.progress import stage_progress
from builder.usage import add_cache_argument


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="内容目录（默认 content）")
    parser.add_argument("--out", type=Path, default=Path("site"), help="输出目录（默认 site）")
    parser.add_argument(
        "--no-pdf", action="store_true", help="不打印 PDF（更快；页面上不提供 PDF 下载）"
    )
    parser.add_argument(
        "--no-search", action="store_true", help="不生成全文检索索引（更快的预览；检索页会说明）"
    )
    parser.add_argument("--jobs", type=int, default=0, help="并行进程数（默认等于 CPU 核数）")
    add_cache_argument(parser)
    parser.add_argument("--timings", action="store_true", help="在标准错误输出各阶段用时")


def run(args: argparse.Namespace) -> int:
    options = Options(
        paths=args.paths or [Path("content")],
        out=args.out,
        pdf=not args.no_pdf,
        search=not args.no_search,
        jobs=args.jobs,
        cache_dir=args.cache_dir,
        progress=stage_progress(),
    )
    try:
        outcome = build(options)
    finally:
        if options.progress is not None:
            options.progress.close()
    if outcome.diagnostics or not outcome.published:
        sys.stdout.write(output.diagnostics_text(outcome.diagnostics) + "\n")
    if args.timings:
        for stage, seconds in outcome.timings:
            sys.stderr.write(f"{stage}：{seconds:.2f} 秒\n")
        if options.search:
            sys.stderr.write(
                f"Pagefind CPU 时间：{outcome.search_cpu:.2f} 秒"
                f"（与其他阶段并行；{outcome.search_bundles} 个索引分包）\n"
            )
        fresh = outcome.reports - outcome.cached
        sys.stderr.write(f"报告缓存：复用 {outcome.cached} 份，重新生成 {fresh} 份\n")
        for process, kb in outcome.memory_kb.items():
            sys.stderr.write(f"内存峰值 {process}：{kb // 1024} MB\n")
    sys.stdout.write(_summary(outcome, options) + "\n")
    return 0 if outcome.published else 1


def _summary(outcome: Outcome, options: Options) -> str:
    if not outcome.published:
        return f"有错误，未发布：{options.out} 保持不变。"
    pdf = f"，PDF 新打印 {outcome.printed} 份、复用 {outcome.reused} 份" if options.pdf else ""
    return f"已发布 {outcome.reports} 份报告到 {options.out}{pdf}。"
