"""`jixiao score [PATH…] [--json]`: each report's score card."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from builder.commands import output
from builder.diagnostics import Diagnostic
from builder.loading.content import shown
from builder.pipeline import run as pipeline
from builder.scoring.engine import ScoreCard

# What a card says when its report has errors: which report, never figures that would
# look like a result (a total computed over a broken tree is not one).
_IDENTITY = ("path", "title", "kind", "year", "unit", "unit_slug", "project")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, help="报告目录或其上级目录（默认 content）")
    parser.add_argument("--json", action="store_true", help="输出 JSON")


def run(args: argparse.Namespace) -> int:
    evaluated = pipeline.check(args.paths or [Path("content")])
    root = evaluated.content.root
    cards = [(card, shown(root / card.report.folder)) for card in evaluated.cards]
    errors = [d for d in evaluated.diagnostics if d.is_error]
    counts = [_errors_of(card, path, errors) for card, path in cards]
    if args.json:
        records = [_record(c, p, n) for (c, p), n in zip(cards, counts, strict=True)]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    else:
        texts = [_text(c, p, n) for (c, p), n in zip(cards, counts, strict=True)]
        sys.stdout.write("\n\n".join(texts) + "\n")
    if errors:
        sys.stderr.write(output.diagnostics_text(errors) + "\n")
        return 1
    return 0


def _errors_of(card: ScoreCard, path: str, errors: list[Diagnostic]) -> int:
    """Errors in the report's own files (report.yaml, report.md) or its unit.yaml."""
    unit_file = str(Path(path).parent.parent / "unit.yaml")
    return sum(1 for d in errors if d.pos.file.startswith(path + "/") or d.pos.file == unit_file)


def _record(card: ScoreCard, path: str, errors: int) -> dict[str, Any]:
    full = output.card_dict(card, path)
    if errors:
        record = {key: full[key] for key in _IDENTITY}
        return {**record, "draft": card.report.draft, "valid": False, "errors": errors}
    return {**full, "draft": card.report.draft, "valid": True}


def _text(card: ScoreCard, path: str, errors: int) -> str:
    if errors:
        return (
            f"{card.report.title}\n  {path}\n  有 {errors} 个错误：得分无效，"
            "请先修正（见下方错误列表）。"
        )
    return output.card_text(card, path)
