"""A content diff as terminal text and as JSON (pure: returns strings)."""

from __future__ import annotations

import json
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from builder.review.diff import Change, ContentDiff, IndicatorChange, ProblemChange, ReportDiff

STATUS = {"added": "新增", "removed": "删除", "changed": "修改", "moved": "移动"}
MARK = {"added": "+", "removed": "-", "changed": "~", "moved": ">"}
SECTION_STATUS = {"added": "新增", "removed": "删除", "changed": "修改"}
PROBLEM_STATUS = {"new": "新问题", "resolved": "已解决"}
SEVERITY = {"error": "错误", "warning": "警告"}


def _v(value: str | None) -> str:
    return "—" if value is None or value == "" else value


def change_text(change: Change) -> str:
    return f"{change.what} {_v(change.before)} → {_v(change.after)}"


def score_line(r: ReportDiff) -> str:
    """总分 92.50 → 89.00（-3.50），等级 优 → 良 — or the one side there is."""
    if r.status == "added":
        return f"总分 {_d(r.total_after)}，等级 {_v(r.grade_after)}"
    if r.status == "removed":
        return f"原总分 {_d(r.total_before)}，原等级 {_v(r.grade_before)}"
    if r.total_before == r.total_after and r.grade_before == r.grade_after:
        return f"总分 {_d(r.total_after)}，等级 {_v(r.grade_after)}（未变）"
    delta = r.delta
    moved = "" if delta is None or delta == 0 else f"（{delta:+}）"
    grade = _v(r.grade_before)
    if r.grade_before != r.grade_after:
        grade = f"{grade} → {_v(r.grade_after)}"
    return f"总分 {_d(r.total_before)} → {_d(r.total_after)}{moved}，等级 {grade}"


def _d(value: Decimal | None) -> str:
    return "无法计分" if value is None else str(value)


def indicator_text(ind: IndicatorChange) -> str:
    name = " › ".join(ind.path)
    if ind.status == "added":
        return f"{name}（新增）：" + "；".join(
            f"{c.what} {_v(c.after)}" for c in ind.changes if c.after is not None
        )
    if ind.status == "removed":
        return f"{name}（删除，原得分 {_v(_s(ind.score_before))}）"
    return f"{name}：" + "；".join(change_text(c) for c in ind.changes)


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def problem_text(p: ProblemChange) -> str:
    where = f"{p.file}:{p.line}" if p.line else p.file
    return f"{PROBLEM_STATUS[p.status]} {SEVERITY.get(p.severity, p.severity)} {p.code} {where} {p.message}"


def folder_text(r: ReportDiff) -> str:
    if r.status == "moved":
        return f"{r.folder_before} → {r.folder_after}"
    return r.folder


def diff_text(diff: ContentDiff, base: str, head: str) -> str:
    lines = [f"jixiao diff {base} → {head}：{summary(diff)}"]
    for r in diff.reports:
        lines += ["", f"{MARK[r.status]} {STATUS[r.status]} {folder_text(r)}  {r.title}"]
        lines.append(f"  {score_line(r)}")
        lines += [f"  ⚑ {flag}" for flag in r.flags]
        lines += _block("信息", [change_text(c) for c in r.fields])
        lines += _block("指标", [indicator_text(i) for i in r.indicators])
        lines += _block("预算", [change_text(c) for c in r.budget])
        sections: list[str] = []
        for s in r.sections:
            sections.append(f"## {s.title}（{SECTION_STATUS[s.status]}）")
            sections += [f"  {line}" for line in s.diff]
        lines += _block("正文", sections)
        lines += _block("检查", [problem_text(p) for p in r.problems])
    if diff.other_problems:
        lines += ["", "其他文件："]
        lines += [f"  {problem_text(p)}" for p in diff.other_problems]
    return "\n".join(lines)


def _block(title: str, items: list[str]) -> list[str]:
    return [f"  {title}：", *(f"    {item}" for item in items)] if items else []


def summary(diff: ContentDiff) -> str:
    if diff.empty:
        return "没有报告发生变化。"
    counts = [
        f"{STATUS[s]} {n} 份"
        for s in ("changed", "moved", "added", "removed")
        if (n := sum(r.status == s for r in diff.reports))
    ]
    text = "，".join(counts) if counts else "报告没有变化"
    if diff.flagged:
        text += (
            f"；{len(diff.flagged)} 份需要重点审阅（等级下降或总分变化超过 {diff.threshold} 分）"
        )
    return text + "。"


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def diff_json(diff: ContentDiff, base: str, head: str) -> str:
    """Numbers as strings (never floats), like `jixiao score --json`."""
    reports = [{**asdict(r), "delta": _jsonable(r.delta)} for r in diff.reports]
    data = {
        "base": base,
        "head": head,
        "threshold": str(diff.threshold),
        "flagged": list(diff.flagged),
        "reports": _jsonable(reports),
        "other_problems": _jsonable([asdict(p) for p in diff.other_problems]),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
