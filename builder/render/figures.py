"""Figures referenced from the narrative: `{{ total }}`, `{{ budget.rate }}`, …

Pure module. A reference is a plain look-up in a table of strings built from the score
card — never template code run from content. The table maps each name to its text, or to
None when the report has no such value (e.g. `budget.rate` without a budget).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from builder.render import numbers
from builder.scoring.engine import NodeScore, ScoreCard

NODE_FIELDS = ("score", "rate", "weight", "target", "actual")


@dataclass(frozen=True)
class Lookup:
    """The outcome of one reference: its text, or why there is none."""

    text: str | None
    problem: str = ""  # "unknown" | "empty" | "ambiguous"
    detail: str = ""


def figure_table(card: ScoreCard) -> dict[str, str | None]:
    decimals = card.profile.decimals
    table: dict[str, str | None] = {
        "total": numbers.fixed(card.total, decimals),
        "grade": card.grade or None,
        "weight_total": numbers.weight(card.weight_total),
        "year": str(card.report.year),
    }
    table.update(_budget_figures(card))
    for group in card.groups:
        table.update(_node_figures(f"groups.{group.name}", group, decimals))
    table.update(_indicator_figures(card, decimals))
    return table


def _budget_figures(card: ScoreCard) -> Iterator[tuple[str, str | None]]:
    budget = card.budget
    rated = next((n for n in card.scored_nodes() if n.method == "budget-rate"), None)
    yield "budget.unit", budget.unit if budget else None
    yield "budget.initial", numbers.plain(budget.initial) if budget and budget.initial else None
    yield "budget.adjusted", numbers.plain(budget.adjusted) if budget else None
    yield "budget.executed", numbers.plain(budget.executed) if budget else None
    rate = budget.rate if budget else None
    yield "budget.rate", numbers.percent(rate) if rate is not None else None
    score = rated.score if rated else None
    yield "budget.score", numbers.fixed(score, card.profile.decimals) if score is not None else None
    yield "budget.weight", numbers.weight(rated.weight) if rated else None


def _node_figures(prefix: str, node: NodeScore, decimals: int) -> Iterator[tuple[str, str | None]]:
    ind = node.indicator
    yield f"{prefix}.score", numbers.fixed(node.score, decimals) if node.score is not None else None
    yield f"{prefix}.rate", numbers.percent(node.rate) if node.rate is not None else None
    yield f"{prefix}.weight", numbers.weight(node.weight)
    yield f"{prefix}.target", ind.target
    yield f"{prefix}.actual", ind.actual


def _indicator_figures(card: ScoreCard, decimals: int) -> dict[str, str | None]:
    """Every node by its path (a/b/c) and, when the name is unique, by its name alone."""
    nodes = [node for group in card.groups for node in group.walk()]
    counts: dict[str, int] = {}
    for node in nodes:
        counts[node.name] = counts.get(node.name, 0) + 1
    table: dict[str, str | None] = {}
    for node in nodes:
        keys = ["/".join(node.indicator.path)]
        if counts[node.name] == 1:
            keys.append(node.name)
        for key in keys:
            table.update(_node_figures(f"indicators.{key}", node, decimals))
    return table


def ambiguous_names(card: ScoreCard) -> dict[str, list[str]]:
    """Indicator names used more than once, with the paths that tell them apart."""
    paths: dict[str, list[str]] = {}
    for group in card.groups:
        for node in group.walk():
            paths.setdefault(node.name, []).append("/".join(node.indicator.path))
    return {name: found for name, found in paths.items() if len(found) > 1}


def look_up(
    name: str,
    table: dict[str, str | None],
    ambiguous: dict[str, list[str]],
    suggest: bool = True,
) -> Lookup:
    if name in table:
        value = table[name]
        return Lookup(value) if value is not None else Lookup(None, "empty")
    parts = name.split(".")
    if len(parts) == 3 and parts[0] == "indicators" and parts[1] in ambiguous:
        return Lookup(None, "ambiguous", "、".join(ambiguous[parts[1]]))
    if not suggest:
        return Lookup(None, "unknown")
    close = difflib.get_close_matches(name, sorted(table), n=3, cutoff=0.6)
    return Lookup(None, "unknown", "、".join(close))
