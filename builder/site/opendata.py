"""Open data files (pure): data/reports.json, data/scores.csv and each report's report.json.

Numbers are Decimal strings (never floats). scores.csv is UTF-8 with a BOM and CRLF line
ends so that Excel opens it with the Chinese intact. A report's JSON is made once and
reused verbatim as a line of reports.json, so the two can never disagree.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from builder.output import card_dict
from builder.scoring import NodeScore, ScoreCard
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
    }
    record.update(card_dict(card, entry.folder))
    return record


def report_json(record: dict[str, Any]) -> str:
    # Compact on purpose: with `indent` the json module falls back to its pure-Python
    # encoder, ten times slower; reports.json still puts one report per line.
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def reports_json(fragments: list[str]) -> str:
    """The array of every report's JSON, one report per line, in the order given."""
    if not fragments:
        return "[]\n"
    return "[\n" + ",\n".join(fragments) + "\n]\n"


def _levels(node: NodeScore) -> tuple[str, str, str]:
    path = node.indicator.path
    third = " / ".join(path[2:])
    return (path[0] if path else node.name, path[1] if len(path) > 1 else "", third)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def score_rows(card: ScoreCard, entry: Entry, index_no: str) -> str:
    """One CSV row per scored indicator of the report (no header, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for node in card.scored_nodes():
        ind = node.indicator
        writer.writerow(
            (
                index_no,
                entry.unit_name,
                entry.year,
                entry.title,
                entry.kind_name,
                *_levels(node),
                node.method or "",
                _text(node.weight),
                "不适用" if not node.applicable else _text(node.score),
                _text(node.rate),
                _text(ind.target),
                _text(ind.actual),
                _text(ind.reason),
                entry.page,
            )
        )
    return buffer.getvalue()


def scores_csv(chunks: list[str]) -> bytes:
    """The whole scores.csv: BOM, header, then each report's rows in the order given."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(CSV_HEAD)
    return (BOM + buffer.getvalue() + "".join(chunks)).encode("utf-8")
