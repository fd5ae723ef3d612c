"""`jixiao build` end to end: outputs, determinism, and every way a build must refuse."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import CONTENT, run_jixiao
from test_privacy import ID
from test_site_support import (
    REPORT_000,
    SMALL_BUNDLES,
    built_site,
    built_site_in_bundles,
    snapshot,
)

from builder.pipeline import build as site_build
from builder.pipeline.cachedir import CACHE_FOLDER


def test_the_example_site_has_every_page_and_data_file() -> None:
    site = built_site()
    for path in (
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "feed.xml",
        "search/index.html",
        "data/index.html",
        "data/reports.json",
        "data/scores.csv",
        "zengcheng-xinfang/index.html",
        "years/2023/index.html",
        "kinds/key-project-evaluation/index.html",
        "grades/excellent/index.html",
        f"{REPORT_000}/index.html",
        f"{REPORT_000}/report.json",
        "assets/site.css",
        "assets/print.css",
        "pagefind/pagefind.js",
    ):
        assert (site / path).is_file(), path
    assert not (site / REPORT_000 / "report.pdf").exists()  # --no-pdf


def test_report_page_discloses_the_required_metadata() -> None:
    html = (built_site() / REPORT_000 / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    for label, value in (
        ("索引号", "zengcheng-xinfang/2023-00002"),
        ("发布机构", "jixiao 示例站点"),
        ("发布日期", "2024-06-28"),
        ("主题分类", "预算绩效"),
        ("评价方式", "部门评价"),
    ):
        assert re.search(f"<dt>{label}</dt><dd>(<time[^>]*>)?{re.escape(value)}", html), label
    assert "综合得分 <strong>92.50</strong>" in html
    assert html.count('<svg class="chart" role="img"') == 2
    assert '<title id="rates-t">一级指标得分率</title>' in html
    assert "产出指标得分率86.25%" in html  # the numbers are in the chart's <desc> too


def test_pages_load_nothing_from_other_hosts_and_run_no_inline_script() -> None:
    site = built_site()
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in html, page
        assert not re.search(r"<script(?![^>]*\ssrc=)", html), page
        assert not re.search(r'\s(src|href)="(https?:)?//', html), page
        assert " style=" not in html, page


def test_open_data_files() -> None:
    site = built_site()
    reports = json.loads((site / "data" / "reports.json").read_text(encoding="utf-8"))
    assert len(reports) == 7
    by_path = {r["path"]: r for r in reports}
    seed = by_path[REPORT_000]
    assert seed["total"] == "92.50" and seed["grade"] == "优"
    assert seed["url"] == f"{REPORT_000}/index.html" and seed["pdf"] is None
    assert seed == json.loads((site / REPORT_000 / "report.json").read_text(encoding="utf-8"))
    raw = (site / "data" / "scores.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["索引号", "单位", "年度"]
    petition = [r for r in rows if r[3] == "2023年度信访事务项目支出绩效自评表"]
    budget_row = next(r for r in petition if r[5] == "预算执行率")
    assert budget_row[9:11] == ["10", "8.47"]
    assert re.fullmatch(r"\d+\.\d\d", budget_row[11])  # 得分率 as the score card gives it


def test_feed_and_sitemap_are_valid_xml_dated_by_publication() -> None:
    site = built_site()
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 7
    assert feed.findtext(f"{atom}updated") == "2024-09-27T00:00:00+08:00"
    assert entries[0].findtext(f"{atom}published", "").startswith("2024-09-27")
    urls = ET.parse(site / "sitemap.xml").getroot()
    assert len(urls) == 1 + 3 + 1 + 3 + 1 + 7 + 2  # home, units, years, kinds, grades, reports, …


def test_two_builds_of_the_same_content_are_byte_identical(tmp_path: Path) -> None:
    result = run_jixiao("build", str(CONTENT), "--out", str(tmp_path / "again"), "--no-pdf")
    assert result.returncode == 0, result.stdout
    assert snapshot(tmp_path / "again") == snapshot(built_site())


def test_a_search_index_in_bundles_is_deterministic_and_lean(tmp_path: Path) -> None:
    site = built_site_in_bundles()
    out = tmp_path / "again"
    again = site_build.build(
        site_build.Options([CONTENT], out, pdf=False, search_bundle_pages=SMALL_BUNDLES)
    )
    assert again.published and again.search_bundles == 4
    assert snapshot(out) == snapshot(site)
    search = (site / "search" / "index.html").read_text(encoding="utf-8")
    assert 'data-search-merge="part-2/ part-3/ part-4/"' in search
    merged = sorted(p.name for p in (site / "pagefind" / "part-2").iterdir())
    assert merged[:4] == ["filter", "fragment", "index", "pagefind-entry.json"]
    assert len(merged) == 5 and merged[4].endswith(".pf_meta")  # no scripts, no WebAssembly
    assert not list(site.glob(".pagefind-*"))  # where each Pagefind ran: gone
    assert not (site / ".search").exists()  # nor the documents it read
    one = (built_site() / "search" / "index.html").read_text(encoding="utf-8")
    assert "data-search-merge" not in one


def indexed_urls(bundle: Path) -> list[str]:
    """The page URLs in a Pagefind bundle (its fragments: gzip, a signature, JSON)."""
    urls = []
    for fragment in sorted((bundle / "fragment").iterdir()):
        data = gzip.decompress(fragment.read_bytes())
        urls.append(json.loads(data[data.index(b"{") :])["url"])
    return sorted(urls)


def test_pagefind_is_given_exactly_the_report_pages_whatever_their_names(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(CONTENT / "site.yaml", content / "site.yaml")
    # Folder names as odd as the rules allow (glob metacharacters are refused, JX611).
    unit = content / "增城.信访_局"
    shutil.copytree(CONTENT / "zengcheng-xinfang", unit)
    (unit / "2023" / "social-worker-project").rename(unit / "2023" / "社工-1.a_x")
    out = tmp_path / "site"
    outcome = site_build.build(site_build.Options([content], out, pdf=False, search_bundle_pages=1))
    assert outcome.published and outcome.search_bundles == 2
    assert indexed_urls(out / "pagefind") == ["/增城.信访_局/2023/department-overall/index.html"]
    assert indexed_urls(out / "pagefind" / "part-2") == ["/增城.信访_局/2023/社工-1.a_x/index.html"]


@pytest.fixture
def small_content(tmp_path: Path) -> Path:
    """A copy of one seed unit (three reports would do; one unit keeps it quick)."""
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(CONTENT / "site.yaml", content / "site.yaml")
    shutil.copytree(CONTENT / "zengcheng-xinfang", content / "zengcheng-xinfang")
    return content


def build(content: Path, out: Path) -> tuple[int, str]:
    result = run_jixiao("build", str(content), "--out", str(out), "--no-pdf")
    return result.returncode, result.stdout


def test_an_id_number_blocks_the_build_and_leaves_the_site_untouched(
    small_content: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert build(small_content, out)[0] == 0
    before = snapshot(out)
    narrative = small_content / REPORT_000 / "report.md"
    text = narrative.read_text(encoding="utf-8")
    narrative.write_text(text + f"\n联系人身份证号：{ID}\n", encoding="utf-8")
    code, stdout = build(small_content, out)
    line = text.count("\n") + 2
    assert code == 1
    assert re.search(rf"report\.md:{line}:9: 错误 JX591 ", stdout), stdout
    assert "未发布" in stdout
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != CACHE_FOLDER) == [
        "content",
        "site",
    ]


def test_a_broken_internal_link_fails_the_build(small_content: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build(small_content, out)[0] == 0
    before = snapshot(out)
    narrative = small_content / REPORT_000 / "report.md"
    with narrative.open("a", encoding="utf-8") as handle:
        handle.write("\n详见[附件一](../missing-report/index.html)。\n")
    code, stdout = build(small_content, out)
    assert code == 1
    assert "JX601" in stdout and "../missing-report/index.html" in stdout
    assert f"site/{REPORT_000}/index.html:" in stdout
    assert snapshot(out) == before


def test_a_unit_folder_named_like_a_site_folder_is_refused(
    small_content: Path, tmp_path: Path
) -> None:
    (small_content / "zengcheng-xinfang").rename(small_content / "assets")
    code, stdout = build(small_content, tmp_path / "site")
    assert code == 1 and "JX603" in stdout
    assert not (tmp_path / "site").exists()


def test_a_folder_name_that_would_break_its_address_is_refused(
    small_content: Path, tmp_path: Path
) -> None:
    years = small_content / "zengcheng-xinfang" / "2023"
    first = sorted(p for p in years.iterdir() if p.is_dir())[0]
    first.rename(years / "第1期?#2")
    code, stdout = build(small_content, tmp_path / "site")
    assert code == 1 and "JX611" in stdout
    assert "2023/第1期?#2: 错误 JX611" in stdout and "字符：「?」、「#」" in stdout
    assert not (tmp_path / "site").exists()


def test_an_output_folder_jixiao_did_not_make_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep", encoding="utf-8")
    result = run_jixiao("build", str(CONTENT), "--out", str(tmp_path), "--no-pdf")
    assert result.returncode == 2 and "不会替换" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_folder_without_reports_is_an_error_not_an_empty_site(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    code, stdout = build(tmp_path / "content", tmp_path / "site")
    assert code == 1 and "JX608" in stdout
    assert not (tmp_path / "site").exists()


def test_no_search_builds_without_an_index_and_says_so(small_content: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_jixiao("build", str(small_content), "--out", str(out), "--no-pdf", "--no-search")
    assert result.returncode == 0, result.stdout
    assert not (out / "pagefind").exists()
    search = (out / "search" / "index.html").read_text(encoding="utf-8")
    assert "--no-search" in search and "search.js" not in search
    assert (out / REPORT_000 / "index.html").is_file()


def test_shares_are_contiguous_in_folder_order_and_weighted() -> None:
    from builder.pipeline.workers import split

    folders = [Path(f"u/{n:04d}") for n in range(1000)]
    shares = split(folders, [0.9, 1.0])
    assert [len(share) for share in shares] == [474, 526]
    assert [f for share in shares for f in share] == folders
    assert [len(s) for s in split(folders[:4], [1.0, 1.0, 1.0, 1.0])] == [1, 1, 1, 1]
