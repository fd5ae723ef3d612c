"""The `jixiao` command line (shell): parse arguments, dispatch, map outcomes to exit codes.

Exit codes: 0 clean, 1 content problems, 2 usage errors (bad arguments, missing paths).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

from builder import __version__
from builder.usage import UsageError

# Subcommand name → its one-line help. Each is a module in builder.commands with
# add_arguments(parser) and run(args); only the one being run is imported, so that
# `jixiao check` does not pay for Playwright, the site builder and the rest.
COMMANDS = {
    "check": "检查报告的数据与勾稽关系",
    "score": "计算并显示每份报告的得分",
    "schema": "生成 report.yaml、unit.yaml、site.yaml 的 JSON Schema（供编辑器提示与校验）",
    "new": "按报告类型生成新报告的骨架（report.yaml 与 report.md）",
    "diff": "比较两个 git 版本之间报告的得分、指标、预算和正文变化",
    "pdf": "把一份报告打印为 PDF",
    "print": "把一部分报告打印为 PDF 存入缓存（多台机器分担打印，最后 build 复用）",
    "build": "生成信息公开网站（含 PDF、全文检索和开放数据）",
    "serve": "本地预览网站：修改内容或模板后自动重新构建，并刷新打开的页面",
    "import": "从填好的自评表 Excel 文件（.xlsx）导入一份报告",
}
# Commands whose module is named otherwise (`import` is a Python keyword).
MODULES = {"import": "importform"}


def _module(name: str) -> ModuleType:
    module = MODULES.get(name, name.replace("-", "_"))
    return importlib.import_module(f"builder.commands.{module}")


def make_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jixiao",
        description="预算绩效评价报告：从 YAML + Markdown 生成信息公开网站与可打印的 PDF。",
    )
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = _chosen(sys.argv[1:] if argv is None else argv)
    for name, help_text in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if name == chosen:
            module = _module(name)
            module.add_arguments(command)
            command.set_defaults(run=module.run)
    return parser


def _chosen(argv: list[str]) -> str | None:
    """The subcommand named on the command line (the first word that is not an option)."""
    first = next((word for word in argv if not word.startswith("-")), None)
    return first if first in COMMANDS else None


def main(argv: list[str] | None = None) -> int:
    parser = make_parser(argv)
    return dispatch(parser, parser.parse_args(argv))


def dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
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


def entry() -> None:
    """The `jixiao` command: main(), and its code as the process's exit status (a normal
    exit: atexit handlers run, streams are flushed and closed by the interpreter)."""
    sys.exit(main())
