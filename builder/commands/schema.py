"""`jixiao schema [-o DIR]`: write the editor JSON Schemas of report.yaml, unit.yaml, site.yaml."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder.loading.jsonschema import all_schemas
from builder.review.gitrev import repo_root


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", type=Path, help="输出目录（默认为 git 仓库根目录下的 schema/）"
    )


def default_output(cwd: Path) -> Path:
    """schema/ at the repository root, where `jixiao new` points report.yaml files."""
    return (repo_root(cwd) or cwd) / "schema"


def run(args: argparse.Namespace) -> int:
    out: Path = args.output or default_output(Path.cwd())
    out.mkdir(parents=True, exist_ok=True)
    for name, text in all_schemas().items():
        target = out / name
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue  # unchanged: keep the file's mtime so editors and make stay quiet
        temp = target.with_suffix(".tmp")
        temp.write_text(text, encoding="utf-8")
        temp.replace(target)
        sys.stdout.write(f"已写入 {target}\n")
    return 0
