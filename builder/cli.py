"""The `jixiao` command line (shell): parse arguments, dispatch, map outcomes to exit codes.

Exit codes: 0 clean, 1 content problems, 2 usage errors (bad arguments, missing paths).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

from builder import __version__
from builder.content import UsageError

# Subcommand name → module in builder.commands (each has HELP, add_arguments, run).
COMMANDS = ("check", "score", "schema", "new", "diff", "pdf", "build", "serve")


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"builder.commands.{name.replace('-', '_')}")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jixiao",
        description="预算绩效评价报告：从 YAML + Markdown 生成信息公开网站与可打印的 PDF。",
    )
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        module = _module(name)
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code: int = args.run(args)
    except UsageError as exc:
        sys.stderr.write(f"jixiao: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("jixiao: 已中断\n")
        return 130
    return code
