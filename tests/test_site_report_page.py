"""The report page, written by the theme's report.html: a theme's own template changes it,
every value is escaped, every optional part shows only when given; the body put in place
of a mark only for templates that write it as it is; the link summary read from the
page's parts; report.json written directly, as the json module writes the record."""

from __future__ import annotations

import dataclasses
import itertools
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CONTENT
from test_render_markup import ESCAPED_YAML, seed_cards
from test_render_support import small_card

from builder.loading.content import load_content
from builder.model import Site
from builder.publish.links import _ATTRIBUTE, LinkSummary
from builder.render import RenderedReport, TocEntry, render_report, table_html
from builder.render.grid import Cell, cell_html, fixed_num, num, percent_num, weight_num
from builder.render.numbers import fixed, percent, weight
from builder.render.theme import DEFAULT_THEME, jinja_env
from builder.scoring.engine import ScoreCard
from builder.site import charts, opendata
from builder.site.entries import Entry, Neighbours, PageLink, YearScore, entry_for
from builder.site.pages import Pages, scrollable_tables, writes_body_as_is

TRICKY = "甲<乙> & \"丙\" '丁'"


def _theme(tmp_path: Path, report_html: str) -> Path:
    theme = tmp_path / "theme"
    shutil.copytree(DEFAULT_THEME, theme)
    (theme / "site" / "report.html").write_text(report_html, encoding="utf-8")
    return theme


def _variants(card: ScoreCard, entry: Entry) -> list[tuple[ScoreCard, Entry]]:
    """The card and entry as they are, and with each optional part given or taken away
    and texts that need escaping."""
    report = card.report
    found = []
    for label, evaluator in itertools.product((None, TRICKY), (None, "某<事务所>")):
        evaluation = dataclasses.replace(report.evaluation, evaluator=evaluator)
        changed = dataclasses.replace(report, label=label, evaluation=evaluation)
        found.append((dataclasses.replace(card, report=changed), entry))
    tricky = dataclasses.replace(
        entry, title=TRICKY, unit_name=f"单位{TRICKY}", kind_name=f"类型{TRICKY}", grade="<优>"
    )
    found.append((dataclasses.replace(card, budget=None), tricky))
    return found


def _cards(tmp_path: Path) -> list[ScoreCard]:
    escaped = []
    for kind in ("key-project-evaluation", "project-self-evaluation"):
        yaml = ESCAPED_YAML.replace("kind: key-project-evaluation", f"kind: {kind}")
        (tmp_path / kind).mkdir()
        escaped.append(small_card(tmp_path / kind, None, yaml))
    return [*seed_cards(), *escaped]


NEIGHBOURS = (
    Neighbours(None, None),
    Neighbours(PageLink("a/2023/x/index.html", TRICKY), None),
    Neighbours(None, PageLink("a/2024/<y>/index.html", "下一份")),
    Neighbours(PageLink("a/1/index.html", "一"), PageLink("a/2/index.html", "二")),
)


def _site() -> Site:
    site = load_content([CONTENT]).site
    assert site is not None
    return dataclasses.replace(site, publisher=f"发布{TRICKY}")


def test_the_page_is_the_themes_report_template(tmp_path: Path) -> None:
    """A theme author changes the report page by editing report.html: nothing of the page
    is written in Python."""
    source = (DEFAULT_THEME / "site" / "report.html").read_text(encoding="utf-8")
    changed = source.replace("信息公开要素", "公开要素（本主题）").replace(
        '<dl class="meta">', '<dl class="meta own-theme">'
    )
    assert changed != source
    card = seed_cards()[0]
    args = (entry_for(card), card, render_report(card, None), "1", NEIGHBOURS[3], True)
    ours = Pages(_site(), {}).report_page(*args).html
    theirs = Pages(_site(), {}, _theme(tmp_path, changed)).report_page(*args).html
    assert "信息公开要素" in ours and "公开要素（本主题）" not in ours
    assert "公开要素（本主题）" in theirs and '<dl class="meta own-theme">' in theirs
    assert theirs.replace("公开要素（本主题）", "信息公开要素").replace(" own-theme", "") == ours


def test_every_value_is_escaped_and_optional_parts_show_only_when_given(tmp_path: Path) -> None:
    site = _site()
    pages = Pages(site, {"优": "excellent", "良": "good"})
    compared = 0
    for card in _cards(tmp_path):
        rendered = render_report(card, site)
        for changed, entry in _variants(card, entry_for(card)):
            for neighbours, pdf in zip(NEIGHBOURS, (False, True, True, False), strict=True):
                html = pages.report_page(entry, changed, rendered, "索引<1>", neighbours, pdf).html
                assert TRICKY not in html and "<乙>" not in html and "<优>" not in html
                assert "索引&lt;1&gt;" in html
                assert ("report.pdf" in html) is pdf
                evaluator = changed.report.evaluation.evaluator
                assert ("<dt>评价机构</dt>" in html) is bool(evaluator)
                assert ('class="report-label"' in html) is bool(changed.report.label)
                assert ('rel="prev"' in html) is (neighbours.previous is not None)
                assert ('rel="next"' in html) is (neighbours.next is not None)
                assert ('class="pager"' in html) is bool(neighbours.previous or neighbours.next)
                compared += 1
    assert compared > 30


def test_toc_items_escape_titles_and_stop_at_level_2() -> None:
    card = seed_cards()[0]
    toc = [
        TocEntry(1, "一、", "<目标>", "sec-1"),
        TocEntry(2, "（一）", "A & B", "sec-1-1"),
        TocEntry(3, "1.", "细目", "sec-1-1-1"),
    ]
    rendered = dataclasses.replace(render_report(card, None), toc=toc)
    page = Pages(_site(), {}).report_page(
        entry_for(card), card, rendered, "1", NEIGHBOURS[0], False
    )
    assert (
        "    <ul>\n"
        '      <li class="toc-1"><a href="#sec-1">一、&lt;目标&gt;</a></li>\n'
        '      <li class="toc-2"><a href="#sec-1-1">（一）A &amp; B</a></li>\n'
        "    </ul>\n"
    ) in page.html


def test_original_and_other_years_are_linked_from_the_page() -> None:
    card = seed_cards()[0]
    entry = dataclasses.replace(entry_for(card), original="原 件#1.pdf")
    years = (YearScore("a/2022/x/index.html", 2022, Decimal("88.5"), "良"),)
    neighbours = Neighbours(None, None, years)
    page = Pages(_site(), {}).report_page(
        entry, card, render_report(card, None), "1", neighbours, False
    )
    assert '<a class="button button-secondary" href="%E5%8E%9F%20%E4%BB%B6%231.pdf">原件</a>' in (
        page.html
    )
    assert "2022 年度</a>：综合得分 88.5，良</li>" in page.html


@pytest.mark.parametrize(
    ("main", "as_is", "bodies"),
    [
        ("{{ body }}", True, 1),
        ("{{ body }}{{ body }}", True, 2),  # the mark twice: rendered with the body instead
        ("{{ body|safe }}", False, 1),
        ("{% if body %}x{% endif %}{{ body }}", False, 1),
        ('{% include "404.html" %}{{ body }}', False, 1),
        ('{% import "macros.html" as m with context %}{{ body }}', False, 1),
        ('{% import "macros.html" as m %}{{ body }}', True, 1),
    ],
)
def test_the_body_is_put_in_place_only_when_the_template_writes_it_as_is(
    tmp_path: Path, main: str, as_is: bool, bodies: int
) -> None:
    source = f'{{% extends "base.html" %}}{{% block main %}}{main}{{% endblock %}}'
    theme = _theme(tmp_path, source)
    assert writes_body_as_is(jinja_env("site", theme=theme), "report.html") is as_is
    card = seed_cards()[0]
    rendered = render_report(card, None)
    pages = Pages(_site(), {}, theme)
    page = pages.report_page(entry_for(card), card, rendered, "1", NEIGHBOURS[0], False)
    site_body = scrollable_tables(rendered.body_html)
    assert site_body != rendered.body_html
    assert page.html.count(site_body) == bodies and "\x00" not in page.html


def test_the_link_summary_of_the_parts_is_the_pages(tmp_path: Path) -> None:
    site = _site()
    pages = Pages(site, {"优": "excellent"})
    md = "## 一、概述\n\n见[附件](files/a.pdf)、[第二节](#sec-2)与[缺失](#nowhere)。\n"
    cards = [*seed_cards(), small_card(tmp_path, md)]
    for card in cards:
        rendered = render_report(card, site)
        entry = entry_for(card)
        page = pages.report_page(entry, card, rendered, "1", NEIGHBOURS[3], True)
        whole, parts = LinkSummary(), LinkSummary()
        whole.add(entry.page, page.html, "/")
        parts.add_parts(entry.page, page.link_parts, "/")
        assert (parts.targets, parts.doubtful) == (whole.targets, whole.doubtful)
    assert whole.doubtful  # the small card's #nowhere


def test_generated_tables_hold_no_link_or_id(tmp_path: Path) -> None:
    for card in _cards(tmp_path):
        for name in ("funds", "weights", "scores", "total", "form"):
            assert not _ATTRIBUTE.findall(table_html(card, name)), name


def test_the_whole_body_is_read_for_links_when_a_theme_wrote_its_tables(
    tmp_path: Path,
) -> None:
    card = seed_cards()[0]
    theme = _theme(tmp_path, (DEFAULT_THEME / "site" / "report.html").read_text(encoding="utf-8"))
    ours = render_report(card, None)
    theirs = render_report(card, None, theme=theme)
    assert isinstance(theirs, RenderedReport) and theirs.links_html == theirs.body_html
    assert ours.links_html != ours.body_html and "\x00" in ours.links_html


def test_report_json_is_written_as_the_json_module_writes_the_record(tmp_path: Path) -> None:
    for card in _cards(tmp_path):
        entry = entry_for(card)
        for pdf, changed in itertools.product((False, True), _variants(card, entry)):
            record = opendata.report_record(changed[0], changed[1], '索引"1"', pdf)
            expected = opendata.report_json(record)
            assert opendata.record_json(changed[0], changed[1], '索引"1"', pdf) == expected


def test_report_json_of_an_unexpected_value_falls_back_to_the_json_module() -> None:
    card = seed_cards()[0]
    entry = dataclasses.replace(entry_for(card), mode=None)  # type: ignore[arg-type]
    report = dataclasses.replace(card.report, year="2023")  # type: ignore[arg-type]
    odd = dataclasses.replace(card, report=report)
    expected = opendata.report_json(opendata.report_record(odd, entry, "1", False))
    assert opendata.record_json(odd, entry, "1", False) == expected
    assert '"year":"2023"' in expected and '"evaluation_mode":null' in expected


@pytest.mark.parametrize("text", ["5", "5.0", "5.000", "1E+2", "0.125", "-3.5", "NaN"])
def test_figure_cells_are_remembered_by_their_text_not_their_value(text: str) -> None:
    value = Decimal(text)
    for decimals in (0, 2, 3):
        assert fixed_num(value, decimals) == num(fixed(value, decimals))
    assert percent_num(value) == num(percent(value))
    assert weight_num(value) == num(weight(value))
    assert fixed_num(None) == num(fixed(None)) and percent_num(None) == num(percent(None))
    assert cell_html(Cell(text, cls="num")) == f'<td class="num">{text}</td>'


def test_bar_lengths_are_the_same_for_equal_values_written_differently() -> None:
    assert charts._length(Decimal("50"), Decimal("100")) == "200.0"
    assert charts._length(Decimal("50.00"), Decimal("100")) == "200.0"
    assert charts._length(Decimal("150"), Decimal("100")) == "400.0"
    assert charts._length(Decimal("-1"), Decimal("100")) == "0.0"
    assert charts._length(Decimal("1"), Decimal("0")) == "0.0"
    assert charts._length(Decimal("1"), Decimal("3")) == "133.3"
