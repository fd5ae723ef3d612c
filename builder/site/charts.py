"""Static, accessible SVG charts (pure: data in, markup out).

Each chart is `<svg role="img">` with a `<title>` and a `<desc>` that states the numbers,
followed by a visually hidden table with the same numbers for screen readers and copying.
No script, no inline style (the site's Content-Security-Policy forbids it): colours and
fonts come from site.css classes. Coordinates are Decimals quantized to 0.1, so the same
data always gives the same bytes.

Chart libraries were considered (pygal inlines scripts and styles; matplotlib draws text as
paths without titles), none met "accessible, no inline style, deterministic".
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from typing import NamedTuple

from markupsafe import Markup, escape

from builder.render.grid import escape_text
from builder.render.numbers import plain
from builder.scoring.engine import BudgetCard
from builder.site.entries import GroupScore

# Narrow on purpose: on a 375 px phone the chart is drawn at nearly its own size, so its
# 15 px text stays readable; on a desktop two charts sit side by side.
WIDTH = Decimal(400)
ROW_H = Decimal(50)  # label and value on one line, the bar under them
BAR_H = Decimal(14)
HUNDRED = Decimal(100)
ONE = Decimal(1)
ZERO = Decimal(0)
TENTH = Decimal("0.1")
MAX_LABEL = 14


def _n(value: Decimal) -> str:
    """A coordinate as text: one decimal place, half-up, no exponent."""
    return format(value.quantize(TENTH, rounding=ROUND_HALF_UP), "f")


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


class Bar(NamedTuple):  # a tuple: a frozen dataclass is three times slower to make
    label: str
    value: Decimal  # what the bar length shows
    scale: Decimal  # the value of a full-length bar
    text_html: str  # printed at the end of the bar, already escaped


# Escaping: every user-written string (an indicator's name, the budget's unit, a label)
# goes through markupsafe's escape. Numbers formatted from Decimals or ints ("95.63%",
# "1991", "2023") hold no character that needs escaping, and the captions and headings
# below are constants written as HTML: escaping those, forty calls per report page, was
# a sixth of the page's time (measured).


def _svg(chart_id: str, title: str, desc: str, height: Decimal, body: list[str]) -> str:
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" focusable="false">'
        f'<title id="{chart_id}-t">{escape_text(title)}</title>'
        f'<desc id="{chart_id}-d">{escape_text(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _head(caption: str, *head: str) -> str:
    """The start of a hidden table, up to its first row (CAPTION, HEAD: constants)."""
    cells = "".join(f'<th scope="col">{h}</th>' for h in head)
    return (
        f'<table class="visually-hidden"><caption>{caption}</caption>'
        f"<thead><tr>{cells}</tr></thead><tbody>"
    )


def _table(start: str, rows_html: Sequence[Sequence[str]]) -> str:
    """START from _head, then ROWS_HTML: cells already escaped, the first is a row header."""
    body = "".join(
        f'<tr><th scope="row">{row[0]}</th>' + "".join(f"<td>{c}</td>" for c in row[1:]) + "</tr>"
        for row in rows_html
    )
    return f"{start}{body}</tbody></table>"


# A report page draws two bar charts: what does not depend on the numbers (a row's
# coordinates, a label's escaped short form) is made once per process, not per bar; the
# Decimal arithmetic and quantizing it replaces were a sixth of a report page's time.
@cache
def _row_markup(i: int) -> tuple[str, str, str]:
    """The fixed parts of bar row I: before the label, between label and value, before
    the bar's length."""
    top = ROW_H * i
    text_y, bar_y = _n(top + 18), _n(top + 26)
    bar_h = _n(BAR_H)
    return (
        f'<text class="chart-label" x="0" y="{text_y}">',
        f'</text><text class="chart-value" x="{WIDTH}" y="{text_y}" text-anchor="end">',
        f'</text><rect class="chart-track" x="0" y="{bar_y}" width="{WIDTH}" height="{bar_h}"/>'
        f'<rect class="chart-bar" x="0" y="{bar_y}" width="',
    )


_BAR_END = f'" height="{_n(BAR_H)}"/>'


@lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    """TEXT escaped, remembered: indicator names and labels recur on every report."""
    return str(escape(text))


@lru_cache(maxsize=4096)
def _label_html(label: str) -> str:
    return _escaped(_short(label))


# Keyed by the numbers' values (equal Decimals, the same length): rates like 100.00% and
# a budget's largest amount (the full bar) recur, and the division and rounding were a
# third of a chart's time (measured).
@lru_cache(maxsize=8192)
def _length(value: Decimal, scale: Decimal) -> str:
    """The length of a bar showing VALUE on a full bar's SCALE, as a coordinate."""
    share = min(value / scale, ONE) if scale > 0 else ZERO
    return _n(WIDTH * max(share, ZERO))


def _bar(i: int, label: str, text_html: str, length: str) -> str:
    """Bar row I: LABEL (left) and TEXT_HTML (right) above a bar LENGTH long."""
    before_label, before_value, before_length = _row_markup(i)
    return (
        f"{before_label}{_label_html(label)}{before_value}{text_html}"
        f"{before_length}{length}{_BAR_END}"
    )


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[Bar]) -> str:
    """One row per item: label (left) and value (right) above a full-width bar."""
    body = [
        _bar(i, bar.label, bar.text_html, _length(bar.value, bar.scale))
        for i, bar in enumerate(bars)
    ]
    return _svg(chart_id, title, desc, ROW_H * len(bars), body)


_dec = plain  # format(value, "f") and "—" for None, cheaper (builder.render.numbers)


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{plain(value)}%"


RATE_TABLE = _head("一级指标得分率", "一级指标", "分值", "得分", "得分率")

# The two charts of a report page are written in one pass over their items (bars,
# description and hidden table together): separate passes with a Bar per item were most of
# the charts' time (measured); bar_chart is the general form of the same markup.


def score_rate_chart(chart_id: str, groups: Sequence[GroupScore]) -> Markup:
    """得分率 of every level-1 indicator (score / weight)."""
    bars, desc, rows = [], [], []
    for i, g in enumerate(groups):
        weight, score, rate = _dec(g.weight), _dec(g.score), _pct(g.rate)
        length = _length(g.rate or ZERO, HUNDRED)
        bars.append(_bar(i, g.name, f"{rate}（{score}/{weight}）", length))
        desc.append(f"{g.name}得分率{rate}，得分{score}，分值{weight}")
        rows.append(
            f'<tr><th scope="row">{_escaped(g.name)}</th>'
            f"<td>{weight}</td><td>{score}</td><td>{rate}</td></tr>"
        )
    svg = _svg(chart_id, "一级指标得分率", "；".join(desc) + "。", ROW_H * len(bars), bars)
    return Markup(f"{svg}{RATE_TABLE}{''.join(rows)}</tbody></table>")


BUDGET_TABLE = _head("预算执行情况", "项目", "金额")
BUDGET_BARS = ("年初预算数", "全年预算数", "全年执行数")


def budget_chart(chart_id: str, budget: BudgetCard) -> Markup:
    """年初预算数, 全年预算数 and 全年执行数 on one scale, with the 执行率."""
    values = (budget.initial, budget.adjusted, budget.executed)
    amounts = [(label, v) for label, v in zip(BUDGET_BARS, values, strict=True) if v is not None]
    scale = max((value for _, value in amounts), default=ZERO)
    unit, unit_html = budget.unit, _escaped(budget.unit)
    rate = _pct(budget.rate)
    bars, desc, rows = [], [], []
    for i, (label, value) in enumerate(amounts):
        text = _dec(value)
        bars.append(_bar(i, label, f"{text} {unit_html}", _length(value, scale)))
        desc.append(f"{label}{text}{unit}")
        rows.append(f'<tr><th scope="row">{label}</th><td>{text} {unit_html}</td></tr>')
    desc.append(f"预算执行率{rate}。")
    rows.append(f'<tr><th scope="row">预算执行率</th><td>{rate}</td></tr>')
    title = f"预算执行情况（执行率 {rate}）"
    svg = _svg(chart_id, title, "；".join(desc), ROW_H * len(bars), bars)
    return Markup(f"{svg}{BUDGET_TABLE}{''.join(rows)}</tbody></table>")
