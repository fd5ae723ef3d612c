"""`jixiao check [PATH…] [--strict] [--format text|json|github]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder.commands import output
from builder.pipeline import run as pipeline
from builder.review import github, gitrev

FORMATS = ("text", "json", "github")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="报告目录或其上级目录（默认 content）")
    parser.add_argument("--strict", action="store_true", help="有警告也返回非零")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="输出格式；github 输出 GitHub Actions 注释（路径相对于 git 仓库根目录）",
    )


def run(args: argparse.Namespace) -> int:
    diags = pipeline.check_content(args.paths or [Path("content")])
    if args.format == "github":
        cwd = Path.cwd()
        root = gitrev.repo_root(cwd)
        text = github.workflow_commands(diags, lambda file: gitrev.repo_relative(file, root, cwd))
        sys.stdout.write(text + "\n" if text else "")
    elif args.format == "json":
        sys.stdout.write(output.diagnostics_json(diags) + "\n")
    else:
        sys.stdout.write(output.diagnostics_text(diags) + "\n")
    failed = any(d.is_error or args.strict for d in diags)
    return 1 if failed else 0
