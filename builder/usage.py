"""Usage errors (exit code 2), in a module of their own: the command line imports it
before anything heavy."""

import argparse
from pathlib import Path


class UsageError(Exception):
    """A PATH that does not exist: exit code 2, not a content problem."""


def add_cache_argument(parser: argparse.ArgumentParser) -> None:
    """--cache-dir, shared by the commands that print (build, pdf)."""
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="缓存目录（默认：环境变量 JIXIAO_CACHE_DIR，否则内容目录旁的 .jixiao-cache）",
    )
