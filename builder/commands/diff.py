"""`jixiao diff [BASE] [HEAD]`: what a change does to scores, indicators, budgets and text."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

from builder.review import gitrev, markdown, text
from builder.review.diff import DEFAULT_THRESHOLD, diff_content
from builder.usage import UsageError

WORKTREE = "工作区"
FORMATS = {"text": text.diff_text, "markdown": markdown.diff_markdown, "json": text.diff_json}


def _threshold(value: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"「{value}」不是数字") from None
    if not number.is_finite() or number < 0:
        raise argparse.ArgumentTypeError("阈值应为非负数")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("base", nargs="?", default="HEAD", help="比较的起点版本（默认 HEAD）")
    parser.add_argument("head", nargs="?", help="比较的终点版本（默认为工作区，含未提交的修改）")
    parser.add_argument("--content", type=Path, default=Path("content"), help="内容目录")
    parser.add_argument("--format", choices=tuple(FORMATS), default="text", help="输出格式")
    parser.add_argument(
        "--threshold",
        type=_threshold,
        default=DEFAULT_THRESHOLD,
        help=f"总分变化超过多少分时提醒（默认 {DEFAULT_THRESHOLD}）",
    )
    parser.add_argument(
        "--fail-on-flag", action="store_true", help="有等级下降或总分大幅变化时返回 1"
    )


def run(args: argparse.Namespace) -> int:
    cwd = Path.cwd()
    root = gitrev.require_repo_root(cwd)
    if not (cwd / args.content).is_dir():
        raise UsageError(f"内容目录不存在：{args.content}")
    prefix = gitrev.content_prefix(root, args.content, cwd)
    base = gitrev.snapshot_at(root, args.base, prefix)
    if args.head is None:
        head = gitrev.snapshot_of_worktree(root, prefix)
    else:
        head = gitrev.snapshot_at(root, args.head, prefix)
    diff = diff_content(base, head, args.threshold)
    sys.stdout.write(FORMATS[args.format](diff, args.base, args.head or WORKTREE) + "\n")
    return 1 if args.fail_on_flag and diff.flagged else 0
