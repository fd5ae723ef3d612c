"""Unfinished reports: what `jixiao new` left for the author to fill in.

A skeleton checks clean on purpose (an author runs `jixiao check` at once), so what it
leaves behind is recognised here: the 待填写 placeholders and its placeholder
indicators. In a report that will be published they are errors; in a draft
(`draft: true`), which is never published, they are warnings: what is still to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from builder.checks import check
from builder.diagnostics import Diagnostic, Pos, Severity, diag, register_code
from builder.scoring.engine import ScoreCard

E = Severity.ERROR
PLACEHOLDER_LEFT = register_code("JX330", E, "报告中残留「待填写」占位内容")
EMPTY_SECTION = register_code("JX331", E, "章节没有正文")
SKELETON_INDICATOR = register_code("JX332", E, "指标仍是新建报告的占位指标")

TODO = "待填写"  # what scaffold.py writes where the author must write


def for_draft(diags: Iterable[Diagnostic], draft: bool) -> list[Diagnostic]:
    """A draft's unfinished parts are still to do, not a reason to refuse it."""
    if not draft:
        return list(diags)
    return [replace(d, severity=Severity.WARNING) for d in diags]


@check
def unfinished_data(card: ScoreCard) -> list[Diagnostic]:
    return for_draft(_unfinished_data(card), card.report.draft)


def _placeholder(what: str, value: str, pos: Pos) -> Diagnostic:
    return diag(
        PLACEHOLDER_LEFT,
        f"{what}仍是占位内容「{value}」",
        pos,
        f"把「{TODO}」换成实际内容；报告尚未完成时可写 draft: true（草稿不会发布）。",
    )


def _unfinished_data(card: ScoreCard) -> Iterator[Diagnostic]:
    report = card.report
    texts: list[tuple[str, str | None, Pos]] = [("标题", report.title, report.at("title"))]
    if report.project is not None:
        texts.append(("项目名称", report.project.name, report.at("project")))
    if report.goals is not None:
        texts.append(("年度预期目标", report.goals.expected, report.at("goals")))
        texts.append(("实际完成情况", report.goals.achieved, report.at("goals")))
    if TODO in report.unit.name:
        texts.append(("单位全称", report.unit.name, Pos(_unit_file(report.file))))
    for what, value, pos in texts:
        if value and TODO in value:
            yield _placeholder(what, value, pos)
    for node in report.all_indicators():
        if node.name.startswith(TODO):
            yield diag(
                SKELETON_INDICATOR,
                f"指标「{node.name}」是新建报告的占位指标",
                node.at("name"),
                "改为实际的三级指标：写明名称、分值、年度指标值 target、"
                "实际完成值 actual 和评分方法 method。",
            )
            continue
        for key, value in (("reason", node.reason), ("note", node.note)):
            if value and TODO in value:
                yield _placeholder(f"指标「{node.name}」的 {key} ", value, node.at(key))


def _unit_file(report_file: str) -> str:
    """unit.yaml beside the report's year folder (<unit>/<year>/<report>/report.yaml)."""
    parts = report_file.replace("\\", "/").split("/")
    return "/".join([*parts[:-3], "unit.yaml"]) if len(parts) >= 3 else "unit.yaml"
