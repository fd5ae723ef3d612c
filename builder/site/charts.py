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
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from markupsafe import Markup, escape

from builder.scoring import BudgetCard
from builder.site.entries import GroupScore, YearPoint

# Narrow on purpose: on a 375 px phone the chart is drawn at nearly its own size, so its
# 15 px text stays readable; on a desktop two charts sit side by side.
WIDTH = Decimal(400)
ROW_H = Decimal(50)  # label and value on one line, the bar under them
BAR_H = Decimal(14)
HUNDRED = Decimal(100)
TENTH = Decimal("0.1")
MAX_LABEL = 14


def _n(value: Decimal) -> str:
    """A coordinate as text: one decimal place, half-up, no exponent."""
    return format(value.quantize(TENTH, rounding=ROUND_HALF_UP), "f")


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal  # what the bar length shows
    scale: Decimal  # the value of a full-length bar
    text: str  # printed at the end of the bar


def _svg(chart_id: str, title: str, desc: str, height: Decimal, body: list[str]) -> str:
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {_n(height)}" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" focusable="false">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _table(caption: str, head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    cells = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    body = "".join(
        "<tr>"
        + f'<th scope="row">{escape(row[0])}</th>'
        + "".join(f"<td>{escape(c)}</td>" for c in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        f'<table class="visually-hidden"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"
    )


def bar_chart(chart_id: str, title: str, desc: str, bars: Sequence[Bar]) -> str:
    """One row per item: label (left) and value (right) above a full-width bar."""
    body = []
    for i, bar in enumerate(bars):
        top = ROW_H * i
        share = min(bar.value / bar.scale, Decimal(1)) if bar.scale > 0 else Decimal(0)
        length = WIDTH * max(share, Decimal(0))
        text_y, bar_y = _n(top + 18), _n(top + 26)
        body.append(
            f'<text class="chart-label" x="0" y="{text_y}">{escape(_short(bar.label))}</text>'
            f'<text class="chart-value" x="{WIDTH}" y="{text_y}" text-anchor="end">'
            f"{escape(bar.text)}</text>"
            f'<rect class="chart-track" x="0" y="{bar_y}" width="{WIDTH}" height="{_n(BAR_H)}"/>'
            f'<rect class="chart-bar" x="0" y="{bar_y}" width="{_n(length)}" height="{_n(BAR_H)}"/>'
        )
    return _svg(chart_id, title, desc, ROW_H * len(bars), body)


def _dec(value: Decimal | None) -> str:
    return "—" if value is None else format(value, "f")


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:f}%"


def score_rate_chart(chart_id: str, groups: Sequence[GroupScore]) -> Markup:
    """得分率 of every level-1 indicator (score / weight)."""
    bars = [
        Bar(
            g.name,
            g.rate or Decimal(0),
            HUNDRED,
            f"{_pct(g.rate)}（{_dec(g.score)}/{_dec(g.weight)}）",
        )
        for g in groups
    ]
    desc = "；".join(
        f"{g.name}得分率{_pct(g.rate)}，得分{_dec(g.score)}，分值{_dec(g.weight)}" for g in groups
    )
    rows = [(g.name, _dec(g.weight), _dec(g.score), _pct(g.rate)) for g in groups]
    return Markup(
        bar_chart(chart_id, "一级指标得分率", desc + "。", bars)
        + _table("一级指标得分率", ("一级指标", "分值", "得分", "得分率"), rows)
    )


def budget_chart(chart_id: str, budget: BudgetCard) -> Markup:
    """年初预算数, 全年预算数 and 全年执行数 on one scale, with the 执行率."""
    amounts = [("年初预算数", budget.initial), ("全年预算数", budget.adjusted)]
    amounts.append(("全年执行数", budget.executed))
    shown = [(label, value) for label, value in amounts if value is not None]
    scale = max((value for _, value in shown), default=Decimal(0))
    unit = budget.unit
    bars = [Bar(label, value, scale, f"{_dec(value)} {unit}") for label, value in shown]
    desc = "；".join(f"{label}{_dec(value)}{unit}" for label, value in shown)
    desc += f"；预算执行率{_pct(budget.rate)}。"
    rows = [(label, f"{_dec(value)} {unit}") for label, value in shown]
    rows.append(("预算执行率", _pct(budget.rate)))
    return Markup(
        bar_chart(chart_id, f"预算执行情况（执行率 {_pct(budget.rate)}）", desc, bars)
        + _table("预算执行情况", ("项目", "金额"), rows)
    )


COL_W = Decimal(48)
PLOT_TOP = Decimal(24)
PLOT_H = Decimal(160)


def trend_chart(chart_id: str, points: Sequence[YearPoint]) -> Markup:
    """A column per year: the mean total score of the unit's reports of that year (0–100)."""
    body = [
        f'<line class="chart-axis" x1="0" y1="{_n(PLOT_TOP + PLOT_H)}" '
        f'x2="{WIDTH}" y2="{_n(PLOT_TOP + PLOT_H)}"/>'
    ]
    step = min(COL_W * 2, (WIDTH - 10) / max(len(points), 1))
    column = min(COL_W, step * Decimal("0.8"))
    for i, point in enumerate(points):
        x = Decimal(10) + step * i
        height = PLOT_H * min(point.mean, HUNDRED) / HUNDRED
        top = PLOT_TOP + PLOT_H - height
        centre = _n(x + column / 2)
        body.append(
            f'<rect class="chart-bar" x="{_n(x)}" y="{_n(top)}" width="{_n(column)}" '
            f'height="{_n(height)}"/>'
            f'<text class="chart-value" x="{centre}" y="{_n(top - 6)}" text-anchor="middle">'
            f"{point.mean:f}</text>"
            f'<text class="chart-label" x="{centre}" y="{_n(PLOT_TOP + PLOT_H + 20)}" '
            f'text-anchor="middle">{point.year}</text>'
        )
    desc = "；".join(f"{p.year}年{p.count}份报告，平均得分{p.mean:f}" for p in points) + "。"
    rows = [(str(p.year), str(p.count), f"{p.mean:f}") for p in points]
    return Markup(
        _svg(chart_id, "历年平均得分", desc, PLOT_TOP + PLOT_H + 32, body)
        + _table("历年平均得分", ("年度", "报告数", "平均得分"), rows)
    )
