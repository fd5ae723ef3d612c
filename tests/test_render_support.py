"""Helpers for the rendering tests (no tests here): small reports, tables read back from HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from conftest import CONTENT, write_report

from builder.diagnostics import Diagnostic
from builder.pipeline.run import check
from builder.scoring.engine import ScoreCard

SEED_002 = CONTENT / "baiyun-jingtai" / "2023" / "social-work-station"
SEED_000 = CONTENT / "zengcheng-xinfang" / "2023" / "social-worker-project"
PETITION = CONTENT / "futian-xinfang" / "2023" / "petition-affairs"

# A small key-project report: two groups, a budget, every method the tables show.
SMALL_YAML = """\
kind: key-project-evaluation
title: 2023年度测试项目绩效评价报告
year: 2023
label: 附件4
project: {name: 测试项目}
evaluation: {mode: department}
budget:
  unit: 万元
  lines:
    - {name: 当年财政拨款, initial: 240, adjusted: 460, executed: 391}
indicators:
  - name: 过程
    children:
      - name: 资金管理
        children:
          - {name: 预算执行率, weight: 12, method: budget-rate}
      - name: 业务管理
        children:
          - {name: 每季度督查, weight: 15, method: judged, score: 13, reason: 档案更新不及时}
  - name: 效益指标
    children:
      - {name: 服务对象满意度, weight: 10, method: rate, actual: 89.78%}
      - {name: 投诉率, weight: 63, target: "<5%", actual: "3%"}
"""


def small_card(tmp_path: Path, md: str | None, yaml: str = SMALL_YAML) -> ScoreCard:
    folder = write_report(tmp_path, yaml, md)
    evaluated = check([folder])
    assert evaluated.cards, evaluated.diagnostics
    return evaluated.cards[0]


def content_card(folder: Path, md: str | None = None, tmp_path: Path | None = None) -> ScoreCard:
    """A real content/ report, optionally with a different report.md (copied to tmp_path)."""
    if md is None:
        evaluated = check([folder])
    else:
        assert tmp_path is not None
        target = write_report(tmp_path, (folder / "report.yaml").read_text(encoding="utf-8"), md)
        evaluated = check([target])
    assert evaluated.cards, evaluated.diagnostics
    return evaluated.cards[0]


def located(diags: list[Diagnostic], code: str) -> list[tuple[int, int]]:
    return [(d.pos.line, d.pos.col) for d in diags if d.code == code]


def messages(diags: list[Diagnostic], code: str) -> list[str]:
    return [d.message for d in diags if d.code == code]


class _Tables(HTMLParser):
    """Every <table> as rows of (cell text, attributes), with the table's classes."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[tuple[str, dict[str, str]]]]]] = []
        self._cell: tuple[list[str], dict[str, str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "table":
            self.tables.append((values.get("class", ""), []))
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = ([], values)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            text, attrs = self._cell
            self.tables[-1][1][-1].append(("".join(text).strip(), attrs))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[0].append(data)


def tables_in(html: str) -> list[tuple[str, list[list[tuple[str, dict[str, str]]]]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def table_rows(html: str, kind: str) -> list[list[str]]:
    """Cell texts of the first generated table of this kind (class), row by row."""
    for classes, rows in tables_in(html):
        if kind in classes.split():
            return [[text for text, _ in row] for row in rows]
    raise AssertionError(f"no table {kind!r} in the HTML")
