"""The blocks of a report's page, written in Python (pure: strings out).

themes/default/site/report.html places these blocks; before, it wrote them itself, and its
sixty-odd escaped values and conditions were most of a report page's time (measured: the
page 114 → 60 µs a report). The bytes are the template's, to the byte (pinned by
tests/test_site_report_page.py against that template, kept as a fixture). Every value
written here is escaped as markupsafe's escape (Jinja's autoescape) does; constant
markup is written as it is. A theme that wants other markup writes its own report.html
with the context's variables (entry, label, evaluator, index_no, neighbours, charts, …).
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import quote

from markupsafe import Markup

from builder.memo import by_value
from builder.model import Site
from builder.render.grid import escape_text
from builder.site.entries import TOPIC, Entry, Neighbours

# Text escaped as markupsafe.escape does (grid.escape_text), each text once: a unit's
# name, kinds, years and dates recur on every report page, and markupsafe's escape (two
# Python calls and a Markup a value) was half of the blocks' time (measured).
escape = by_value(escape_text, limit=20_000).__getitem__


class ReportBlocks(NamedTuple):
    breadcrumbs: Markup  # <nav class="breadcrumbs">, its line end and an empty line
    head: Markup  # header, disclosure, result and table of contents (no final line end)
    pager: Markup  # the previous/next <nav> with its line end, or ""


def report_blocks(
    site: Site,
    entry: Entry,
    root: str,
    *,
    label: str | None,
    evaluator: str | None,
    index_no: str,
    grade_slug: str | None,
    pdf: bool,
    neighbours: Neighbours,
    charts: tuple[Markup, Markup | None],
    toc_items: Markup | None,
) -> ReportBlocks:
    """TOC_ITEMS: the table of contents' <li> lines, None when the report has no headings."""
    up = escape(root)
    title, unit = escape(entry.title), escape(entry.unit_name)
    unit_link = f'<a href="{up}{escape(entry.unit_slug)}/index.html">{unit}</a>'
    breadcrumbs = (
        '<nav class="breadcrumbs" aria-label="当前位置">\n  <ol>\n'
        f'    <li><a href="{up}index.html">首页</a></li>\n'
        f"    <li>{unit_link}</li>\n"
        f'    <li><a href="{up}years/{escape(str(entry.year))}/index.html">'
        f"{escape(str(entry.year))} 年度</a></li>\n"
        f'    <li><span aria-current="page">{title}</span></li>\n'
        "  </ol>\n</nav>\n"
    )
    head = (
        _header(entry, title, unit, label)
        + _disclosure(site, entry, up, unit_link, index_no, evaluator, pdf)
        + _result(entry, grade_slug, charts)
        + _other_years(up, neighbours)
        + _toc(toc_items)
    )
    return ReportBlocks(Markup(breadcrumbs), Markup(head), Markup(_pager(up, neighbours)))


def _header(entry: Entry, title: str, unit: str, label: str | None) -> str:
    year, kind, date = escape(str(entry.year)), escape(entry.kind_name), escape(entry.date_text)
    # A line the template began with a tag ({% if label %}) kept neither its indentation
    # nor its line end: the same bytes here.
    shown_label = f'<p class="report-label">{escape(label)}</p>' if label else ""
    return (
        '  <header class="report-header">\n'
        f'{shown_label}    <h1 data-pagefind-meta="title">{title}</h1>\n'
        f'    <p class="lead">{unit} · {year} 年度 · {kind}</p>\n'
        f'    <span data-pagefind-filter="年度:{year}"></span>\n'
        f'    <span data-pagefind-filter="单位:{unit}"></span>\n'
        f'    <span data-pagefind-filter="类型:{kind}"></span>\n'
        f'    <span data-pagefind-filter="等级:{escape(entry.grade)}"></span>\n'
        f'    <span data-pagefind-meta="发布日期:{date}"></span>\n'
        "  </header>\n"
    )


# The print products of a full build: the PDF and the same report as Word and Excel files.
DOWNLOADS = (
    '<a class="button" href="report.pdf" download>下载 PDF 版</a>\n'
    '      <a class="button button-secondary" href="report.docx" download>下载 Word 版</a>\n'
    '      <a class="button button-secondary" href="report.xlsx" download>下载 Excel 版</a>\n'
)


def _disclosure(
    site: Site,
    entry: Entry,
    up: str,
    unit_link: str,
    index_no: str,
    evaluator: str | None,
    pdf: bool,
) -> str:
    date, kind = escape(entry.date_text), escape(entry.kind_name)
    shown_evaluator = (
        f"<div><dt>评价机构</dt><dd>{escape(evaluator)}</dd></div>" if evaluator else ""
    )
    download = DOWNLOADS if pdf else ""
    if entry.original:  # copied beside the page (builder/site/original.py)
        download += (
            f'<a class="button button-secondary" href="{escape(quote(entry.original))}">原件</a>'
        )
    return (
        '  <section class="disclosure" aria-labelledby="disclosure-h">\n'
        '    <h2 id="disclosure-h" class="visually-hidden">信息公开要素</h2>\n'
        '    <dl class="meta">\n'
        f"      <div><dt>索引号</dt><dd>{escape(index_no)}</dd></div>\n"
        f"      <div><dt>发布机构</dt><dd>{escape(site.publisher)}</dd></div>\n"
        f'      <div><dt>发布日期</dt><dd><time datetime="{date}">{date}</time></dd></div>\n'
        f"      <div><dt>主题分类</dt><dd>{escape(TOPIC)}</dd></div>\n"
        f"      <div><dt>评价方式</dt><dd>{escape(entry.mode_name)}</dd></div>\n"
        f"{shown_evaluator}"
        f'      <div><dt>报告类型</dt><dd><a href="{up}kinds/{escape(entry.kind)}/index.html">'
        f"{kind}</a></dd></div>\n"
        f"      <div><dt>单位</dt><dd>{unit_link}</dd></div>\n"
        "    </dl>\n"
        '    <p class="actions">\n'
        f'{download}      <a class="button button-secondary" href="report.json">'
        "本报告数据（JSON）</a>\n"
        '      <button type="button" class="button button-secondary" data-print hidden>'
        "打印本页</button>\n"
        "    </p>\n"
        "  </section>\n"
    )


def _result(entry: Entry, grade_slug: str | None, charts: tuple[Markup, Markup | None]) -> str:
    rates, budget = charts
    budget_figure = (
        f'      <figure class="chart-figure">\n        {budget}\n      </figure>\n'
        if budget
        else ""
    )
    return (
        '  <section class="result" aria-labelledby="result-h">\n'
        '    <h2 id="result-h">评价结果</h2>\n'
        f'    <p class="total">综合得分 <strong>{escape(str(entry.total))}</strong> 分，评价等级 '
        f'<strong class="grade grade-{escape(str(grade_slug))}">{escape(entry.grade)}</strong></p>\n'
        '    <div class="charts">\n'
        f'      <figure class="chart-figure">\n        {rates}\n      </figure>\n'
        f"{budget_figure}"
        "    </div>\n"
        "  </section>"
    )


def _other_years(up: str, neighbours: Neighbours) -> str:
    """Links to the same project's reports of other years (empty when there are none)."""
    if not neighbours.years:
        return ""
    items = "".join(
        f'      <li><a href="{up}{escape(y.page)}">{escape(str(y.year))} 年度</a>：'
        f"综合得分 {escape(str(y.total))}，{escape(y.grade)}</li>\n"
        for y in neighbours.years
    )
    return (
        '\n  <nav class="project-years" aria-labelledby="years-h">\n'
        '    <h2 id="years-h">本项目其他年度</h2>\n'
        f"    <ul>\n{items}    </ul>\n"
        "  </nav>"
    )


def _toc(items: Markup | None) -> str:
    if items is None:
        return ""
    return (
        '\n  <nav class="toc" aria-labelledby="toc-h">\n'
        '    <h2 id="toc-h">目录</h2>\n'
        f"    <ul>\n{items}    </ul>\n"
        "  </nav>"
    )


def _pager(up: str, neighbours: Neighbours) -> str:
    before, after = neighbours.previous, neighbours.next
    if before is None and after is None:
        return ""
    previous = (
        f'<li class="pager-prev"><a href="{up}{escape(before.page)}" rel="prev">'
        f"<span>上一份</span>{escape(before.title)}</a></li>"
        if before
        else ""
    )
    following = (
        f'<li class="pager-next"><a href="{up}{escape(after.page)}" rel="next">'
        f"<span>下一份</span>{escape(after.title)}</a></li>"
        if after
        else ""
    )
    return (
        '<nav class="pager" aria-label="本单位的其他报告">\n'
        f"  <ul>\n{previous}{following}  </ul>\n"
        "</nav>\n"
    )
