"""What a change does to the reports: score, indicator, budget, text and problem diffs (pure).

Takes the score cards and diagnostics of two versions of the content and returns plain
dataclasses; formatting (text, Markdown, JSON) is elsewhere, git is elsewhere.
Reports are matched by folder; a report that moved folder is matched by unit + year +
title, or by project code + year, so a move is shown as a move, not as remove + add.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from builder.diagnostics import Diagnostic
from builder.model import Report
from builder.review.narrative import SectionChange, section_changes
from builder.scoring.engine import NodeScore, ScoreCard

DEFAULT_THRESHOLD = Decimal(5)


@dataclass(frozen=True)
class Snapshot:
    """One version of the content. Diagnostic files are relative to the repository root."""

    folders: Mapping[
        str, ScoreCard | None
    ]  # content-relative report folder → card (None: unscorable)
    diagnostics: tuple[Diagnostic, ...] = ()
    prefix: str = "content"  # the content folder, relative to the repository root


@dataclass(frozen=True)
class Change:
    what: str  # a Chinese label: 分值, 指标值, 全年预算数 …
    before: str | None
    after: str | None


@dataclass(frozen=True)
class IndicatorChange:
    path: tuple[str, ...]  # level-1 … scored node names
    status: str  # added | removed | changed
    changes: tuple[Change, ...]
    score_before: Decimal | None
    score_after: Decimal | None


@dataclass(frozen=True)
class ProblemChange:
    status: str  # new | resolved
    code: str
    severity: str
    message: str
    file: str
    line: int


@dataclass(frozen=True)
class ReportDiff:
    status: str  # added | removed | changed | moved
    folder_before: str | None
    folder_after: str | None
    title: str
    total_before: Decimal | None
    total_after: Decimal | None
    grade_before: str | None
    grade_after: str | None
    fields: tuple[Change, ...] = ()
    indicators: tuple[IndicatorChange, ...] = ()
    budget: tuple[Change, ...] = ()
    sections: tuple[SectionChange, ...] = ()
    problems: tuple[ProblemChange, ...] = ()
    flags: tuple[str, ...] = ()

    @property
    def folder(self) -> str:
        return self.folder_after or self.folder_before or ""

    @property
    def delta(self) -> Decimal | None:
        if self.total_before is None or self.total_after is None:
            return None
        return self.total_after - self.total_before


@dataclass(frozen=True)
class ContentDiff:
    reports: tuple[ReportDiff, ...]
    other_problems: tuple[ProblemChange, ...] = ()  # site.yaml, unit.yaml, profiles …
    threshold: Decimal = DEFAULT_THRESHOLD
    flagged: tuple[str, ...] = field(default=())  # folders of flagged reports

    @property
    def empty(self) -> bool:
        return not self.reports and not self.other_problems


def diff_content(
    base: Snapshot, head: Snapshot, threshold: Decimal = DEFAULT_THRESHOLD
) -> ContentDiff:
    """Every report that changed between BASE and HEAD; untouched reports yield nothing."""
    reports = []
    for before, after in match_reports(base.folders, head.folders):
        problems = _problem_changes(_problems_in(base, before), _problems_in(head, after))
        found = _report_diff(
            base.folders.get(before or ""),
            head.folders.get(after or ""),
            before,
            after,
            problems,
            threshold,
        )
        if found is not None:
            reports.append(found)
    reports.sort(key=lambda r: r.folder)
    others = _problem_changes(_unattributed(base), _unattributed(head))
    flagged = tuple(r.folder for r in reports if r.flags)
    return ContentDiff(tuple(reports), others, threshold, flagged)


# --- matching -------------------------------------------------------------------------


def identity_keys(report: Report) -> tuple[tuple[str, ...], ...]:
    """What names a report when its folder changes: unit + year + title, or code + year."""
    keys: list[tuple[str, ...]] = [("title", report.unit.name, str(report.year), report.title)]
    if report.project and report.project.code:
        keys.append(("code", report.project.code, str(report.year)))
    return tuple(keys)


def match_reports(
    base: Mapping[str, ScoreCard | None], head: Mapping[str, ScoreCard | None]
) -> list[tuple[str | None, str | None]]:
    """(base folder, head folder) pairs: same folder first, then moves, then the rest alone."""
    pairs: list[tuple[str | None, str | None]] = [(f, f) for f in sorted(base) if f in head]
    gone = [f for f in sorted(base) if f not in head]
    new = [f for f in sorted(head) if f not in base]
    for before in list(gone):
        after = _moved_to(base[before], {f: head[f] for f in new})
        if after is not None:
            pairs.append((before, after))
            gone.remove(before)
            new.remove(after)
    pairs += [(f, None) for f in gone]
    pairs += [(None, f) for f in new]
    return pairs


def _moved_to(card: ScoreCard | None, candidates: Mapping[str, ScoreCard | None]) -> str | None:
    if card is None:
        return None
    for key in identity_keys(card.report):
        hits = [
            folder
            for folder, other in candidates.items()
            if other is not None and key in identity_keys(other.report)
        ]
        if len(hits) == 1:  # an ambiguous match is safer shown as remove + add
            return hits[0]
    return None


# --- one report -----------------------------------------------------------------------


def _report_diff(
    old: ScoreCard | None,
    new: ScoreCard | None,
    before: str | None,
    after: str | None,
    problems: tuple[ProblemChange, ...],
    threshold: Decimal,
) -> ReportDiff | None:
    if before is None:
        status = "added"
    elif after is None:
        status = "removed"
    else:
        status = "moved" if before != after else "changed"
    diff = ReportDiff(
        status=status,
        folder_before=before,
        folder_after=after,
        title=_title(new if after else None, old, after or before or ""),
        total_before=old.total if old else None,
        total_after=new.total if new else None,
        grade_before=old.grade if old else None,
        grade_after=new.grade if new else None,
        fields=_changes(_fields(old), _fields(new)) if before and after else (),
        indicators=indicator_changes(old, new) if before and after else (),
        budget=_changes(_budget(old), _budget(new)) if before and after else (),
        sections=section_changes(_text(old), _text(new)) if before and after else (),
        problems=problems,
    )
    if status == "changed" and _untouched(diff, old, new):
        return None
    return _with_flags(diff, old, new, threshold)


def _title(new: ScoreCard | None, old: ScoreCard | None, folder: str) -> str:
    card = new or old
    return card.report.title if card else folder


def _untouched(diff: ReportDiff, old: ScoreCard | None, new: ScoreCard | None) -> bool:
    same_score = (old is None) == (new is None) and diff.total_before == diff.total_after
    details = (diff.fields, diff.indicators, diff.budget, diff.sections, diff.problems)
    return same_score and diff.grade_before == diff.grade_after and not any(details)


def _with_flags(
    diff: ReportDiff, old: ScoreCard | None, new: ScoreCard | None, threshold: Decimal
) -> ReportDiff:
    flags = []
    if old is not None and new is not None:
        if _grade_rank(new, new.grade) < _grade_rank(old, old.grade):
            flags.append(f"等级下降：{old.grade} → {new.grade}")
        delta = new.total - old.total
        if abs(delta) > threshold:
            flags.append(f"总分变化 {delta:+} 分，超过 {threshold} 分")
    elif old is not None and diff.folder_after is not None:
        flags.append("改动后无法计分")
    if not flags:
        return diff
    return replace(diff, flags=tuple(flags))


def _grade_rank(card: ScoreCard, grade: str) -> Decimal:
    """A grade's lower bound in its profile (higher is better); unknown grades rank lowest."""
    bounds = {g.name: g.minimum for g in card.profile.grades}
    return bounds.get(grade, Decimal(-1))


def _text(card: ScoreCard | None) -> str | None:
    narrative = card.report.narrative if card else None
    return narrative.text if narrative else None


def _fields(card: ScoreCard | None) -> dict[str, str | None]:
    if card is None:
        return {}
    r = card.report
    project = r.project
    published = r.disclosure.published
    return {
        "标题": r.title,
        "报告类型": r.kind,
        "年度": str(r.year),
        "单位": r.unit.name,
        "附件编号": r.label,
        "项目名称": project.name if project else None,
        "项目编码": project.code if project else None,
        "评价方式": r.evaluation.mode,
        "评价机构": r.evaluation.evaluator,
        "发布日期": published.isoformat() if published else None,
    }


def _budget(card: ScoreCard | None) -> dict[str, str | None]:
    budget = card.budget if card else None
    if budget is None:
        return {}
    figures: dict[str, str | None] = {
        "金额单位": budget.unit,
        "年初预算数合计": _s(budget.initial),
        "全年预算数合计": _s(budget.adjusted),
        "全年执行数合计": _s(budget.executed),
        "预算执行率": None if budget.rate is None else f"{budget.rate}%",
    }
    for line in budget.lines:
        figures[f"{line.name}·年初预算数"] = _s(line.initial)
        figures[f"{line.name}·全年预算数"] = _s(line.adjusted)
        figures[f"{line.name}·全年执行数"] = _s(line.executed)
    return figures


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _changes(old: Mapping[str, str | None], new: Mapping[str, str | None]) -> tuple[Change, ...]:
    keys = list(old) + [k for k in new if k not in old]
    return tuple(Change(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


# --- indicators -----------------------------------------------------------------------

_COMPARED = (("分值", "weight"), ("指标值", "target"), ("实际值", "actual"), ("方法", "method"))


def indicator_changes(old: ScoreCard | None, new: ScoreCard | None) -> tuple[IndicatorChange, ...]:
    """Scored indicators added, removed, or with a changed weight, target, actual or score."""
    before = _scored(old)
    after = _scored(new)
    result = []
    for path in list(before) + [p for p in after if p not in before]:
        a, b = before.get(path), after.get(path)
        changes = _changes(_node_figures(a), _node_figures(b))
        if a is not None and b is not None and not changes:
            continue
        status = "added" if a is None else "removed" if b is None else "changed"
        result.append(
            IndicatorChange(
                path,
                status,
                changes,
                a.score if a else None,
                b.score if b else None,
            )
        )
    return tuple(result)


def _scored(card: ScoreCard | None) -> dict[tuple[str, ...], NodeScore]:
    return {} if card is None else {n.indicator.path: n for n in card.scored_nodes()}


def _node_figures(node: NodeScore | None) -> dict[str, str | None]:
    if node is None:
        return {}
    figures = {label: _plain(getattr(node.indicator, key)) for label, key in _COMPARED}
    figures["分值"] = str(node.weight)
    figures["方法"] = node.method
    figures["得分"] = "不适用" if not node.applicable else _s(node.score)
    return figures


def _plain(value: object) -> str | None:
    return None if value is None else str(value)


# --- problems -------------------------------------------------------------------------


def _folder_path(snapshot: Snapshot, folder: str) -> str:
    return f"{snapshot.prefix}/{folder}/" if snapshot.prefix else f"{folder}/"


def _problems_in(snapshot: Snapshot, folder: str | None) -> list[tuple[str, Diagnostic]]:
    """Diagnostics inside a report folder, with their file relative to that folder."""
    if folder is None:
        return []
    start = _folder_path(snapshot, folder)
    return [
        (d.pos.file.removeprefix(start), d)
        for d in snapshot.diagnostics
        if d.pos.file.startswith(start)
    ]


def _unattributed(snapshot: Snapshot) -> list[tuple[str, Diagnostic]]:
    starts = tuple(_folder_path(snapshot, f) for f in snapshot.folders)
    return [(d.pos.file, d) for d in snapshot.diagnostics if not d.pos.file.startswith(starts)]


def _problem_changes(
    old: Iterable[tuple[str, Diagnostic]], new: Iterable[tuple[str, Diagnostic]]
) -> tuple[ProblemChange, ...]:
    """New and resolved problems, keyed without line numbers (edits above a problem move it)."""
    before = {(f, d.code, d.message): d for f, d in old}
    after = {(f, d.code, d.message): d for f, d in new}
    found = [_problem("new", after[k], k[0]) for k in after if k not in before]
    found += [_problem("resolved", before[k], k[0]) for k in before if k not in after]
    found.sort(key=lambda p: (p.status, p.file, p.line, p.code, p.message))
    return tuple(found)


def _problem(status: str, d: Diagnostic, file: str) -> ProblemChange:
    return ProblemChange(status, d.code, d.severity.value, d.message, file, d.pos.line)
