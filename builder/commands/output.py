"""Diagnostics and score cards as text and JSON (pure: returns strings)."""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from typing import Any

from builder.diagnostics import Diagnostic
from builder.scoring.engine import NodeScore, ScoreCard


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def diagnostics_text(diags: list[Diagnostic]) -> str:
    lines = []
    for d in diags:
        level = "错误" if d.is_error else "警告"
        lines.append(f"{d.pos}: {level} {d.code} {d.message}")
        if d.hint:
            lines.append(f"    提示：{d.hint}")
    errors = sum(d.is_error for d in diags)
    warnings = len(diags) - errors
    lines.append(
        f"共 {errors} 个错误，{warnings} 个警告。" if diags else "检查通过：没有发现问题。"
    )
    return "\n".join(lines)


def diagnostic_dict(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code,
        "severity": d.severity.value,
        "message": d.message,
        "hint": d.hint,
        "file": d.pos.file,
        "line": d.pos.line,
        "col": d.pos.col,
    }


def diagnostics_json(diags: list[Diagnostic]) -> str:
    return json.dumps([diagnostic_dict(d) for d in diags], ensure_ascii=False, indent=2)


def node_dict(node: NodeScore) -> dict[str, Any]:
    # Written out (no helper calls, no properties): it runs for every indicator of every
    # report.json of a site build; this form is a fifth faster (measured).
    ind = node.indicator
    score, rate = node.score, node.rate
    return {
        "name": ind.name,
        "level": len(ind.path),  # Indicator.depth
        "weight": str(node.weight),
        "score": None if score is None else str(score),
        "rate": None if rate is None else str(rate),
        "method": node.method,
        "applicable": node.applicable,
        "target": ind.target,
        "actual": ind.actual,
        "reason": ind.reason,
        "children": [node_dict(c) for c in node.children],
    }


def card_dict(card: ScoreCard, path: str) -> dict[str, Any]:
    report = card.report
    budget = card.budget
    budget_score = next((n.score for n in card.scored_nodes() if n.method == "budget-rate"), None)
    return {
        "path": path,
        "title": report.title,
        "kind": report.kind,
        "year": report.year,
        "unit": report.unit.name,
        "unit_slug": report.unit.slug,
        "project": report.project.name if report.project else None,
        "total": str(card.total),
        "grade": card.grade,
        "weight_total": str(card.weight_total),
        "budget": None
        if budget is None
        else {
            "unit": budget.unit,
            "initial": _s(budget.initial),
            "adjusted": str(budget.adjusted),
            "executed": str(budget.executed),
            "rate": _s(budget.rate),
            "score": _s(budget_score),
        },
        "groups": [
            {"name": g.name, "weight": str(g.weight), "score": _s(g.score), "rate": _s(g.rate)}
            for g in card.groups
        ],
        "indicators": [node_dict(g) for g in card.groups],
    }


def cards_json(cards: list[tuple[ScoreCard, str]]) -> str:
    return json.dumps([card_dict(c, p) for c, p in cards], ensure_ascii=False, indent=2)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _left(text: str, width: int) -> str:
    """Pad to a display width: CJK characters take two terminal columns."""
    return text + " " * max(width - _width(text), 0)


def _right(text: str, width: int) -> str:
    return " " * max(width - _width(text), 0) + text


def _row(label: str, weight: str, score: str = "", rate: str = "") -> str:
    return f"  {_left(label, 36)}{_right(weight, 8)}{_right(score, 9)}{_right(rate, 10)}"


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value}%"


def card_text(card: ScoreCard, path: str) -> str:
    report = card.report
    lines = [
        f"{report.title}",
        f"  {path} · {report.unit.name} · {report.year} 年度 · {card.profile.name}",
        _row("指标", "分值", "得分", "得分率"),
    ]
    for group in card.groups:
        lines.extend(_node_lines(group, 1))
    lines.append(_row("合计", str(card.weight_total), str(card.total)))
    lines.append(f"  总分 {card.total}，等级：{card.grade}")
    budget = card.budget
    if budget is not None:
        initial = "—" if budget.initial is None else str(budget.initial)
        lines.append(
            f"  预算（{budget.unit}）：年初 {initial}，全年 {budget.adjusted}，"
            f"执行 {budget.executed}，执行率 {_pct(budget.rate)}"
        )
    return "\n".join(lines)


def _node_lines(node: NodeScore, depth: int) -> list[str]:
    label = "  " * depth + node.name
    if not node.applicable:
        score, rate = "不适用", ""
    else:
        score, rate = ("—" if node.score is None else str(node.score)), _pct(node.rate)
    lines = [_row(label, str(node.weight), score, rate)]
    if not node.scored:
        for child in node.children:
            lines.extend(_node_lines(child, depth + 1))
    return lines
