"""`jixiao check [PATH…] [--strict] [--format text|json]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder import output, pipeline

HELP = "检查报告的数据与勾稽关系"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="报告目录或其上级目录（默认 content）")
    parser.add_argument("--strict", action="store_true", help="有警告也返回非零")
    parser.add_argument("--format", choices=FORMATS, default="text", help="输出格式")


FORMATS = {"text": output.diagnostics_text, "json": output.diagnostics_json}


def run(args: argparse.Namespace) -> int:
    evaluated = pipeline.check(args.paths or [Path("content")])
    diags = evaluated.diagnostics
    sys.stdout.write(FORMATS[args.format](diags) + "\n")
    failed = any(d.is_error or args.strict for d in diags)
    return 1 if failed else 0
