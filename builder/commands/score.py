"""`jixiao score [PATH…] [--json]`: each report's score card."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder import output, pipeline
from builder.content import shown


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="报告目录或其上级目录（默认 content）")
    parser.add_argument("--json", action="store_true", help="输出 JSON")


def run(args: argparse.Namespace) -> int:
    evaluated = pipeline.check(args.paths or [Path("content")])
    root = evaluated.content.root
    cards = [(card, shown(root / card.report.folder)) for card in evaluated.cards]
    errors = [d for d in evaluated.diagnostics if d.is_error]
    if args.json:
        sys.stdout.write(output.cards_json(cards) + "\n")
    else:
        sys.stdout.write("\n\n".join(output.card_text(c, p) for c, p in cards) + "\n")
    if errors:
        sys.stderr.write(output.diagnostics_text(errors) + "\n")
        return 1
    return 0
