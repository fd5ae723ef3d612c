"""Open data (pure): each report's report.json and its rows of data/scores.csv; the two
whole files are assembled from them by site/aggregate.py.

Numbers are Decimal strings (never floats). scores.csv is UTF-8 with a BOM and CRLF line
ends so that Excel opens it with the Chinese intact. A report's JSON is made once and
reused verbatim as a line of reports.json, so the two can never disagree.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from builder.commands.output import card_dict
from builder.loading.disclosurefields import PlainValue, open_values
from builder.render.grid import MAX_VALUES
from builder.render.tables import budget_node, card_leaves
from builder.scoring.engine import BudgetCard, NodeScore, ScoreCard
from builder.site.entries import Entry

BOM = "\ufeff"
CSV_HEAD = (
    "索引号",
    "单位",
    "年度",
    "报告",
    "报告类型",
    "一级指标",
    "二级指标",
    "三级指标",
    "评分方法",
    "分值",
    "得分",
    "得分率（%）",
    "指标值",
    "实际完成值",
    "扣分原因",
    "报告页面",
)


def report_record(card: ScoreCard, entry: Entry, index_no: str, pdf: bool) -> dict[str, Any]:
    record: dict[str, Any] = {
        "index_no": index_no,
        "published": entry.date_text or None,
        "url": entry.page,
        "pdf": f"{entry.folder}/report.pdf" if pdf else None,
        "evaluation_mode": entry.mode,
        **open_values(card.report.disclosure.plain),
    }
    record.update(card_dict(card, entry.folder))
    return record


# Compact on purpose: with `indent` the json module falls back to its pure-Python encoder,
# ten times slower; reports.json still puts one report per line. One encoder for every
# report, without the check for circular references (a record is a fresh tree of dicts):
# a tenth faster than json.dumps (measured), the same text.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def report_json(record: dict[str, Any]) -> str:
    return _ENCODER.encode(record)


def record_json(card: ScoreCard, entry: Entry, index_no: str, pdf: bool) -> str:
    """report_json(report_record(...)), the same text, written directly: building the
    dicts and encoding them cost twice as much (measured). A value of a type the writer
    does not expect (a string field that is not a string, a year that is not an int)
    makes the writing raise: then the record is built and encoded as before."""
    try:
        return _record_json(card, entry, index_no, pdf)
    except (TypeError, ValueError):
        return report_json(report_record(card, entry, index_no, pdf))


def _record_json(card: ScoreCard, entry: Entry, index_no: str, pdf: bool) -> str:
    report, budget = card.report, card.budget
    project = report.project.name if report.project else None
    pdf_path = f"{entry.folder}/report.pdf" if pdf else None
    groups = ",".join(
        [
            f'{{"name":{_text(g.name)},"weight":"{g.weight!s}",'
            f'"score":{_decimal(g.score)},"rate":{_decimal(g.rate)}}}'
            for g in card.groups
        ]
    )
    return (
        f'{{"index_no":{_quote(index_no)},"published":{_text(entry.date_text or None)},'
        f'"url":{_quote(entry.page)},"pdf":{_text(pdf_path)},'
        f'"evaluation_mode":{_text(entry.mode)}{_plain_json(report.disclosure.plain)},'
        f'"path":{_quote(entry.folder)},'
        f'"title":{_quote(report.title)},"kind":{_text(report.kind)},"year":{report.year:d},'
        f'"unit":{_text(report.unit.name)},"unit_slug":{_text(report.unit.slug)},'
        f'"project":{_text(project)},"total":"{card.total!s}","grade":{_text(card.grade)},'
        f'"weight_total":"{card.weight_total!s}","budget":{_budget_json(card, budget)},'
        f'"groups":[{groups}],"indicators":{_children_json(card.groups)}}}'
    )


_quote: Callable[[str], str] = json.encoder.encode_basestring


def _plain_json(values: tuple[PlainValue, ...]) -> str:
    """The disclosure's plain fields as report_record has them, each after a comma."""
    return "".join(f",{_quote(key)}:{_text(text)}" for key, text in open_values(values).items())


def _json_text(text: str | None) -> str:
    """TEXT as a JSON value with the json module's own string quoting (its C version, as
    the encoder above writes strings with ensure_ascii=False), None as null. _quote
    raises TypeError when TEXT is not a string."""
    return "null" if text is None else _quote(text)


# Names, methods, targets and units recur from report to report: each quoted once.
_text = functools.lru_cache(maxsize=MAX_VALUES)(_json_text)


# Decimals are written with !s: an f-string without it formats them through
# Decimal.__format__, several times slower than str() and the same text.
def _decimal(value: Decimal | None) -> str:
    # A Decimal's text is digits, a point, a sign or an exponent: nothing JSON escapes.
    return "null" if value is None else f'"{value!s}"'


def _budget_json(card: ScoreCard, budget: BudgetCard | None) -> str:
    if budget is None:
        return "null"
    rated = budget_node(card)
    score = rated.score if rated else None
    return (
        f'{{"unit":{_text(budget.unit)},"initial":{_decimal(budget.initial)},'
        f'"adjusted":"{budget.adjusted!s}","executed":"{budget.executed!s}",'
        f'"rate":{_decimal(budget.rate)},"score":{_decimal(score)}}}'
    )


def _node_json(node: NodeScore) -> str:
    ind = node.indicator
    return (
        f'{{"name":{_text(ind.name)},"level":{len(ind.path)},"weight":"{node.weight!s}",'
        f'"score":{_decimal(node.score)},"rate":{_decimal(node.rate)},'
        f'"method":{_text(node.method)},"applicable":{"true" if node.applicable else "false"},'
        f'"target":{_text(ind.target)},"actual":{_text(ind.actual)},'
        f'"reason":{_text(ind.reason)},"children":{_children_json(node.children)}}}'
    )


def _children_json(children: tuple[NodeScore, ...]) -> str:
    # Most nodes are leaves: "[]" without a map and a join (a tenth of a record, measured).
    return f"[{','.join(map(_node_json, children))}]" if children else "[]"


_QUOTED = re.compile(r'[",\r\n]')


def _field(text: str | None) -> str:
    """TEXT as a CSV field the way the csv module's excel dialect writes it (pinned by a
    test): quoted, with quotes doubled, only when it holds a comma, a quote or a line end."""
    if not text:
        return ""
    if _QUOTED.search(text) is None:
        return text
    return '"' + text.replace('"', '""') + '"'


# Each text's CSV field, made once: indicator names, methods, targets and units recur
# from row to row and report to report (a lookup is a third of the search).
_cell = functools.lru_cache(maxsize=MAX_VALUES)(_field)


def _levels(path: tuple[str, ...]) -> str:
    """The three level fields of an indicator's PATH, as CSV."""
    levels = path[0], path[1] if len(path) > 1 else "", " / ".join(path[2:])
    return ",".join(map(_cell, levels))


# Made once per path: reports share their indicator trees (a lookup is a fifth of
# splitting and quoting).
_path_levels = functools.lru_cache(maxsize=MAX_VALUES)(_levels)


def _levels_csv(path: tuple[str, ...], name: str) -> str:
    """一级, 二级 and 三级指标 of PATH as CSV fields (NAME alone when the path is empty)."""
    return _path_levels(path) if path else f"{_cell(name)},,"


def score_rows(card: ScoreCard, entry: Entry, index_no: str) -> str:
    """One CSV row per scored indicator of the report (no header, CRLF line ends)."""
    # Strings joined here rather than by csv.writer: the report's own five fields and its
    # page are made into CSV once, not once per row (twice as fast, measured).
    head = (index_no, entry.unit_name, str(entry.year), entry.title, entry.kind_name)
    before = ",".join(_cell(text) for text in head)
    after = f",{_cell(entry.page)}\r\n"
    rows = []
    for node in card_leaves(card):
        ind = node.indicator
        score, rate = node.score, node.rate
        # Decimals' text is digits, point, sign: never quoted.
        shown = ("" if score is None else str(score)) if node.applicable else "不适用"
        rows.append(
            f"{before},{_levels_csv(ind.path, node.name)},{_cell(node.method)},"
            f"{node.weight!s},{shown},{'' if rate is None else str(rate)},"  # not format()
            f"{_cell(ind.target)},{_cell(ind.actual)},{_cell(ind.reason)}{after}"
        )
    return "".join(rows)
