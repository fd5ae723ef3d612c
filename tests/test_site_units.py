"""The site's pure parts: entries and 索引号, charts, feeds, link resolution, CBOR."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from builder.diagnostics import Pos
from builder.model import Site
from builder.publish.links import LinkSummary, check_pages, check_site, resolve
from builder.scoring.engine import BudgetCard
from builder.search import cbor
from builder.search.index import (
    bundle_count,
    bundle_paths,
    merged_bundles,
    pages_glob,
    split_pages,
)
from builder.site import charts, feeds, opendata
from builder.site.entries import (
    Entry,
    GroupScore,
    PageLink,
    catalogue,
    duplicate_index_numbers,
    index_numbers,
    unit_neighbours,
)
from builder.site.pages import ReportRows, base_path


def entry(
    folder: str,
    published: str,
    total: str = "90.00",
    grade: str = "优",
    code: str | None = None,
    index_no: str | None = None,
) -> Entry:
    unit, year, _ = folder.split("/")
    return Entry(
        folder=folder,
        unit_slug=unit,
        unit_name=f"{unit}单位",
        unit_code=code,
        year=int(year),
        kind="key-project-evaluation",
        kind_name="重点项目绩效评价报告",
        title=f"{folder} 报告",
        project=None,
        total=Decimal(total),
        grade=grade,
        published=dt.date.fromisoformat(published),
        mode="self",
        given_index_no=index_no,
        groups=(),
        budget_rate=None,
        origin=Pos(f"{folder}/report.yaml", 2, 8),
        index_pos=Pos(f"{folder}/report.yaml", 9, 3),
    )


def test_index_numbers_follow_publication_order_per_unit_and_year() -> None:
    entries = [
        entry("a/2023/zeta", "2024-03-01", code="11440000MB2C00000X"),
        entry("a/2023/alpha", "2024-05-01", code="11440000MB2C00000X"),
        entry("a/2022/old", "2023-05-01", code="11440000MB2C00000X"),
        entry("b/2023/x", "2024-01-01", index_no="B-GIVEN-1"),
    ]
    numbers = index_numbers(entries)
    assert numbers["a/2023/zeta"] == "11440000MB2C00000X/2023-00001"
    assert numbers["a/2023/alpha"] == "11440000MB2C00000X/2023-00002"
    assert numbers["a/2022/old"] == "11440000MB2C00000X/2022-00001"
    assert numbers["b/2023/x"] == "B-GIVEN-1"


def test_a_given_index_number_used_twice_is_an_error_at_the_second() -> None:
    entries = [
        entry("a/2023/r1", "2024-01-01", index_no="X/1"),
        entry("b/2023/r2", "2024-01-01", index_no="X/1"),
    ]
    (problem,) = duplicate_index_numbers(entries, index_numbers(entries))
    assert problem.code == "JX606" and problem.pos.file == "b/2023/r2/report.yaml"


def test_neighbours_are_the_same_units_reports_in_time() -> None:
    entries = [
        entry("a/2022/r", "2023-01-01"),
        entry("a/2023/r", "2024-01-01"),
        entry("b/2023/r", "2024-02-01"),
    ]
    found = unit_neighbours(entries)
    assert found["a/2022/r"].previous is None
    assert found["a/2022/r"].next == PageLink("a/2023/r/index.html", "a/2023/r 报告")
    assert found["a/2023/r"].previous == PageLink("a/2022/r/index.html", "a/2022/r 报告")
    assert found["a/2023/r"].next is None
    assert found["b/2023/r"].previous is None and found["b/2023/r"].next is None


def test_catalogue_lists_newest_first_and_orders_grades_best_first() -> None:
    entries = [
        entry("a/2022/r", "2023-01-01", grade="良"),
        entry("a/2023/r", "2024-01-01"),
        entry("b/2023/r", "2024-02-01"),
    ]
    cat = catalogue(entries, ["优", "良", "中", "差"])
    assert [e.folder for e in cat.latest] == ["b/2023/r", "a/2023/r", "a/2022/r"]
    assert [y.key for y in cat.years] == ["2023", "2022"]
    assert [(g.title, g.page) for g in cat.grades] == [
        ("优", "grades/excellent/index.html"),
        ("良", "grades/good/index.html"),
    ]
    assert [len(u.entries) for u in cat.units] == [2, 1]


def test_charts_are_accessible_svg_with_the_numbers_in_a_table() -> None:
    groups = (
        GroupScore("产出指标", Decimal(40), Decimal("34.50"), Decimal("86.25")),
        GroupScore("效益指标", Decimal(40), Decimal("38.00"), Decimal("95.00")),
    )
    svg = str(charts.score_rate_chart("rates", groups))
    assert svg.startswith('<svg class="chart" role="img"')
    assert 'aria-labelledby="rates-t rates-d"' in svg
    assert '<desc id="rates-d">产出指标得分率86.25%，得分34.50，分值40' in svg
    assert '<th scope="row">效益指标</th><td>40</td><td>38.00</td><td>95.00%</td>' in svg
    assert 'width="345.0"' in svg  # 86.25% of the 400-unit bar
    assert svg == str(charts.score_rate_chart("rates", groups))
    assert "style=" not in svg and "<script" not in svg


def test_chart_labels_are_escaped() -> None:
    groups = (GroupScore("<b>产出</b>", Decimal(10), Decimal(5), Decimal(50)),)
    svg = str(charts.score_rate_chart("c", groups))
    assert "<b>" not in svg and "&lt;b&gt;" in svg


def test_budget_chart_escapes_the_unit_everywhere_it_is_shown() -> None:
    budget = BudgetCard("<i>万元</i>", (), None, Decimal(100), Decimal(90), None, Decimal(90))
    svg = str(charts.budget_chart("b", budget))
    assert "<i>" not in svg
    assert svg.count("&lt;i&gt;万元&lt;/i&gt;") == 6  # 2 bars, 2 table rows, twice in the desc
    assert '<desc id="b-d">全年预算数100&lt;i&gt;' in svg


def test_scores_csv_cells_are_quoted_as_the_csv_module_quotes_them() -> None:
    texts = [
        "",
        "普通",
        "a,b",
        'say "hi"',
        "line\nbreak",
        "cr\rhere",
        "tab\tok",
        " space ",
        "'",
        ";",
    ]
    for text in [*texts, None]:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(("x", text, "y"))
        assert buffer.getvalue() == f"x,{opendata._cell(text)},y\r\n", repr(text)


def test_report_rows_escape_every_cell_and_show_the_unit_only_when_asked() -> None:
    rows = ReportRows({"优": "excellent"})
    listed = dataclasses.replace(entry("a&b/2023/r", "2024-06-28"), title="<i>报告</i>")
    with_unit = rows("../", [listed], True)
    assert (
        '<a href="../a&amp;b/2023/r/index.html">&lt;i&gt;报告&lt;/i&gt;</a></th>\n'
        '<td>a&amp;b单位</td>      <td class="year">2023</td>'
    ) in with_unit
    assert '<span class="grade grade-excellent">优</span>' in with_unit
    without = rows("../../", [listed], False)  # the cells were kept: same escaping
    assert '</th>\n      <td class="year">2023</td>' in without and "单位" not in without
    assert without.startswith('    <tr>\n      <th scope="row"><a href="../../a&amp;b/')


def test_report_rows_show_the_index_number_escaped() -> None:
    rows = ReportRows({"优": "excellent"}, {"a&b/2023/r": "<x>/2023-00001"})
    listed = entry("a&b/2023/r", "2024-06-28")
    assert '<td class="index-no">&lt;x&gt;/2023-00001</td>' in rows("", [listed], True)


SITE = Site(title="公开", publisher="某某财政局", base_url="https://example.gov.cn/gk/")


def test_feed_uses_absolute_addresses_and_publication_dates() -> None:
    entries = [entry("a/2023/r", "2024-06-28")]
    xml = feeds.atom_feed(SITE, entries, {"a/2023/r": "X/2023-00001"})
    root = ET.fromstring(xml)
    atom = "{http://www.w3.org/2005/Atom}"
    link = root.find(f"{atom}entry/{atom}link")
    assert link is not None and link.get("href") == "https://example.gov.cn/gk/a/2023/r/index.html"
    assert root.findtext(f"{atom}updated") == "2024-06-28T00:00:00+08:00"
    assert "Sitemap: https://example.gov.cn/gk/sitemap.xml" in feeds.robots(SITE)


def test_feed_escaping_is_xml_sax_saxutils_own() -> None:
    from xml.sax import saxutils

    for text in ("a&b<c>d", 'x"y', "x'y", "x\"y'z", "a\nb\tc\r", "<&>\"'\n", "", "中文&"):
        assert feeds.escape(text) == saxutils.escape(text)
        assert feeds.quoteattr(text) == saxutils.quoteattr(text)


def test_sitemap_without_a_host_has_paths_and_robots_omits_it() -> None:
    site = Site(title="公开", publisher="某某", base_url="/gk")
    xml = feeds.sitemap(site, [("index.html", None), ("a/2023/r/index.html", dt.date(2024, 6, 28))])
    assert (
        "<loc>/gk/</loc>" in xml and "<loc>/gk/a/2023/r/</loc><lastmod>2024-06-28</lastmod>" in xml
    )
    assert "Sitemap" not in feeds.robots(site)
    assert base_path(site) == "/gk/"


@pytest.mark.parametrize(
    ("page", "target", "expected"),
    [
        ("a/2023/r/index.html", "../../../index.html", ("index.html", "")),
        ("a/2023/r/index.html", "report.pdf", ("a/2023/r/report.pdf", "")),
        ("a/2023/r/index.html", "#sec-1", ("a/2023/r/index.html", "sec-1")),
        ("a/2023/r/index.html", "../other/", ("a/2023/other/index.html", "")),
        ("a/2023/r/index.html", "../../../../x.html", ("../x.html", "")),
        ("404.html", "/gk/search/index.html", ("search/index.html", "")),
        ("index.html", "https://www.gov.cn/", (None, "")),
        # Remembered per depth: a page elsewhere at the same depth gets its own answers.
        ("b/2024/s/index.html", "report.pdf", ("b/2024/s/report.pdf", "")),
        ("b/2024/s/index.html", "../other/", ("b/2024/other/index.html", "")),
        ("b/2024/s/index.html", "../../../index.html#browse", ("index.html", "browse")),
        ("b/2024/s/index.html", "../../..//x.html", ("x.html", "")),
        ("b/2024/s/index.html", "../../../%E4%B8%AD/", ("中/index.html", "")),
    ],
)
def test_links_resolve_to_site_files(
    page: str, target: str, expected: tuple[str | None, str]
) -> None:
    assert resolve(page, target, "/gk/") == expected


def test_link_check_finds_missing_files_and_anchors() -> None:
    pages = {
        "index.html": '<a href="a/index.html#top">x</a>\n<a href="gone.html">y</a>',
        "a/index.html": '<h1 id="top">t</h1><a href="../index.html#nowhere">z</a>',
    }
    found = check_pages(pages, set(pages), "/", "site")
    assert [(d.code, str(d.pos)) for d in found] == [
        ("JX601", "site/index.html:2:10"),
        ("JX602", "site/a/index.html:1:29"),
    ]


def test_link_summary_holds_only_when_every_target_and_anchor_exists(tmp_path: Path) -> None:
    pages = {
        "index.html": '<h2 id="browse">b</h2><a href="a/index.html#top">x</a>',
        "a/index.html": '<h1 id="top">t</h1><a href="#top">up</a><a href="../index.html#browse">',
    }
    for page, html in pages.items():
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / page).write_text(html, encoding="utf-8")
    summary = LinkSummary()
    for page, html in pages.items():
        summary.add(page, html, "/")
    assert summary.targets == {("a/index.html", "top"), ("index.html", "browse")}
    assert not summary.doubtful
    assert check_site(tmp_path, "/", "site", summary, pages) == []

    for html in ('<a href="#nowhere">', '<a href="JavaScript:alert(1)">', '<a href="../../x">'):
        one = LinkSummary()
        one.add("a/index.html", html, "/")
        assert one.doubtful, html
    gone = LinkSummary()
    gone.add("index.html", '<a href="a/index.html#gone">', "/")
    assert not gone.doubtful and not gone.holds(tmp_path, (), lambda page: frozenset({"top"}))
    assert gone.holds(tmp_path, (), lambda page: None)  # ids not checked on that page
    # The quick check failed: the full check reads the staged pages and places the link.
    broken = '<h2 id="browse">b</h2><a href="a/index.html#gone">'
    (tmp_path / "index.html").write_text(broken, encoding="utf-8")
    found = check_site(tmp_path, "/", "site", gone, {})
    assert [(d.code, str(d.pos)) for d in found] == [("JX602", "site/index.html:1:32")]


def test_cbor_round_trip_of_pagefind_shapes() -> None:
    item = [
        "单位",
        [["广州市增城区信访局", [5, 6, 300, 70000]], ["深圳", [0]]],
        b"\x00\x01",
        {"k": 1},
    ]
    data = cbor.encode(item)
    assert cbor.decode(data) == (item, len(data))
    with pytest.raises(cbor.CborError):
        cbor.decode(b"\x9f")  # indefinite-length array: not used by Pagefind


def test_search_bundles_take_every_nth_page_and_stay_under_the_limit() -> None:
    assert bundle_count(0) == bundle_count(1) == bundle_count(700) == 1
    assert bundle_count(701) == 2 and bundle_count(4000) == 6  # 667 pages each
    assert bundle_count(10000) == 15 and bundle_count(7, 3) == 3
    pages = [f"u/2023/r{n}/index.html" for n in (5, 1, 4, 2, 3, 0, 6)]
    shares = split_pages(pages, 3)
    assert shares == [
        ["u/2023/r0/index.html", "u/2023/r3/index.html", "u/2023/r6/index.html"],
        ["u/2023/r1/index.html", "u/2023/r4/index.html"],
        ["u/2023/r2/index.html", "u/2023/r5/index.html"],
    ]
    assert bundle_paths(3) == ["pagefind", "pagefind/part-2", "pagefind/part-3"]
    assert merged_bundles(3) == ["part-2/", "part-3/"] and merged_bundles(1) == []


def test_pagefind_globs_escape_what_its_glob_syntax_reserves() -> None:
    assert pages_glob(["a/2023/r/index.html"]) == "{a/2023/r/index.html}"
    odd = pages_glob(["单位(1),x/2023/r[2]{a}$*?:<>!#/index.html", "b\\c/index.html"])
    assert odd == r"{单位\(1\)\,x/2023/r\[2\]\{a\}\$\*\?\:\<\>!#/index.html,b?c/index.html}"


def test_the_department_report_captions_its_funds_table_from_its_profile() -> None:
    from test_site_support import built_site

    page = built_site() / "zengcheng-xinfang/2023/department-overall/index.html"
    html = page.read_text(encoding="utf-8")
    assert "部门整体资金使用情况" in html and "项目资金情况" not in html
    other = built_site() / "zengcheng-xinfang/2023/social-worker-project/index.html"
    assert "项目资金情况" in other.read_text(encoding="utf-8")
