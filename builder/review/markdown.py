"""A content diff as a pull-request comment in GitHub/GitLab Markdown (pure).

A summary table first (▲▼ for score moves, grade changes in bold, flags called out),
then one section per report with its changed indicators, budget figures, text and
problems. Everything taken from content is escaped so it cannot break the table.
"""

from __future__ import annotations

import re
from decimal import Decimal

from builder.review.diff import ContentDiff, ProblemChange, ReportDiff
from builder.review.narrative import SectionChange
from builder.review.text import (
    PROBLEM_STATUS,
    SECTION_STATUS,
    SEVERITY,
    STATUS,
    change_text,
    summary,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def esc(text: str | None) -> str:
    """Inline Markdown text: special characters escaped, kept on one line."""
    if text is None or text == "":
        return "—"
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def arrow(delta: Decimal | None) -> str:
    if delta is None or delta == 0:
        return ""
    return f" ▲{delta}" if delta > 0 else f" ▼{-delta}"


def total_cell(r: ReportDiff) -> str:
    if r.status == "added":
        return _num(r.total_after)
    if r.status == "removed":
        return f"~~{_num(r.total_before)}~~"
    if r.total_before == r.total_after:
        return _num(r.total_after)
    return f"{_num(r.total_before)} → {_num(r.total_after)}{arrow(r.delta)}"


def grade_cell(r: ReportDiff) -> str:
    if r.status == "added":
        return esc(r.grade_after)
    if r.status == "removed":
        return f"~~{esc(r.grade_before)}~~"
    if r.grade_before != r.grade_after:
        return f"**{esc(r.grade_before)} → {esc(r.grade_after)}**"
    return esc(r.grade_after)


def _num(value: Decimal | None) -> str:
    return "无法计分" if value is None else str(value)


def _folder(r: ReportDiff) -> str:
    if r.status == "moved":
        return f"`{r.folder_before}` → `{r.folder_after}`"
    return f"`{r.folder}`"


def diff_markdown(diff: ContentDiff, base: str, head: str) -> str:
    lines = [f"### jixiao 评分变化：`{base}` → `{head}`", "", summary(diff)]
    if diff.reports:
        lines += [
            "",
            "| 报告 | 变化 | 总分 | 等级 | 提醒 |",
            "|---|---|---|---|---|",
        ]
        for r in diff.reports:
            flags = "；".join(f"⚠️ **{esc(f)}**" for f in r.flags)
            lines.append(
                f"| {esc(r.title)}<br>{_folder(r)} | {STATUS[r.status]} | {total_cell(r)} "
                f"| {grade_cell(r)} | {flags} |"
            )
    for r in diff.reports:
        lines += _report(r)
    if diff.other_problems:
        lines += ["", "#### 其他文件的检查结果", ""]
        lines += [_problem(p) for p in diff.other_problems]
    return "\n".join(lines) + "\n"


def _report(r: ReportDiff) -> list[str]:
    details = _fields(r) + _indicators(r) + _budget(r) + _sections(r.sections) + _problems(r)
    if not details:
        return []
    return ["", f"#### {STATUS[r.status]}：{esc(r.title)}", "", *details]


def _fields(r: ReportDiff) -> list[str]:
    if not r.fields:
        return []
    return ["**报告信息**", "", *(f"- {esc(change_text(c))}" for c in r.fields), ""]


def _indicators(r: ReportDiff) -> list[str]:
    if not r.indicators:
        return []
    lines = ["**指标**", "", "| 指标 | 变化 | 得分 |", "|---|---|---|"]
    for ind in r.indicators:
        name = esc(" › ".join(ind.path))
        if ind.status == "added":
            what = "新增：" + "；".join(
                esc(f"{c.what} {c.after}") for c in ind.changes if c.after is not None
            )
        elif ind.status == "removed":
            what = "删除"
        else:
            what = "；".join(esc(change_text(c)) for c in ind.changes if c.what != "得分")
        lines.append(
            f"| {name} | {what or '得分随计算变化'} | {_score(ind.score_before, ind.score_after)} |"
        )
    return [*lines, ""]


def _score(before: Decimal | None, after: Decimal | None) -> str:
    if before == after:
        return _num(after)
    if before is None or after is None:
        return f"{'—' if before is None else before} → {'—' if after is None else after}"
    return f"{before} → {after}{arrow(after - before)}"


def _budget(r: ReportDiff) -> list[str]:
    if not r.budget:
        return []
    lines = ["**预算**", "", "| 项目 | 改前 | 改后 |", "|---|---|---|"]
    lines += [f"| {esc(c.what)} | {esc(c.before)} | {esc(c.after)} |" for c in r.budget]
    return [*lines, ""]


def _sections(sections: tuple[SectionChange, ...]) -> list[str]:
    if not sections:
        return []
    lines = ["**正文**", ""]
    for s in sections:
        fence = _fence(s.diff)
        lines += [f"§ {esc(s.title)}（{SECTION_STATUS[s.status]}）", "", f"{fence}diff", *s.diff]
        lines += [fence, ""]
    return lines


def _fence(lines: tuple[str, ...]) -> str:
    """A code fence longer than any backtick run inside, so content cannot close it."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    return "`" * max(3, longest + 1)


def _problems(r: ReportDiff) -> list[str]:
    if not r.problems:
        return []
    return ["**检查**", "", *(_problem(p) for p in r.problems), ""]


def _problem(p: ProblemChange) -> str:
    where = f"{p.file}:{p.line}" if p.line else p.file
    icon = "✅" if p.status == "resolved" else "❌" if p.severity == "error" else "⚠️"
    level = SEVERITY.get(p.severity, p.severity)
    return f"- {icon} {PROBLEM_STATUS[p.status]} {level} `{p.code}` `{where}` {esc(p.message)}"
