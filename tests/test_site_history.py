"""A unit's projects across the years: each project's own scores, matched by 项目编码, else
by name; a report page links the same project's other years. Never one average."""

from __future__ import annotations

import dataclasses
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CONTENT
from test_site_units import entry

from builder.commands import output
from builder.pipeline.build import Options, build
from builder.site.entries import YearScore, project_histories, unit_neighbours


def test_projects_are_matched_by_code_then_name_and_never_averaged() -> None:
    a22 = dataclasses.replace(
        entry("u/2022/a", "2023-05-01", "80.00", "良"), project="甲", project_code="01"
    )
    a23 = dataclasses.replace(
        entry("u/2023/a2", "2024-05-01", "95.00"), project="甲（更名）", project_code="01"
    )
    b22 = dataclasses.replace(entry("u/2022/b", "2023-05-02", "70.00", "中"), project="乙")
    b23 = dataclasses.replace(entry("u/2023/b", "2024-05-02", "91.00"), project="乙")
    dept = entry("u/2023/d", "2024-05-03", "88.00", "良")  # no project: by its kind
    histories = project_histories([a23, b23, dept, a22, b22])
    assert [(h.name, h.code, [(y.year, y.total) for y in h.years]) for h in histories] == [
        ("乙", None, [(2022, Decimal("70.00")), (2023, Decimal("91.00"))]),
        ("甲（更名）", "01", [(2022, Decimal("80.00")), (2023, Decimal("95.00"))]),
        ("重点项目绩效评价报告", None, [(2023, Decimal("88.00"))]),
    ]
    years = unit_neighbours([a22, a23, b22, b23, dept])
    assert years["u/2023/a2"].years == (
        YearScore("u/2022/a/index.html", 2022, Decimal("80.00"), "良"),
    )
    assert years["u/2023/d"].years == ()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 福田 unit with its 信访事务 report also filed for 2022 (same 项目编码)."""
    content = tmp_path_factory.mktemp("history") / "content"
    shutil.copytree(CONTENT / "futian-xinfang", content / "futian-xinfang")
    shutil.copy(CONTENT / "site.yaml", content / "site.yaml")
    this_year = content / "futian-xinfang" / "2023" / "petition-affairs"
    last_year = content / "futian-xinfang" / "2022" / "petition-affairs"
    shutil.copytree(this_year, last_year)
    yaml = (last_year / "report.yaml").read_text(encoding="utf-8")
    yaml = yaml.replace("title: 2023年度", "title: 2022年度").replace("year: 2023", "year: 2022")
    yaml = yaml.replace("published: 2024-09-27", "published: 2023-09-27")
    (last_year / "report.yaml").write_text(yaml, encoding="utf-8")
    out = content.parent / "site"
    outcome = build(Options([content], out, pdf=False, search=False))
    assert outcome.published, output.diagnostics_text(outcome.diagnostics)
    return out


def test_the_unit_page_shows_each_project_by_year(site: Path) -> None:
    html = (site / "futian-xinfang" / "index.html").read_text(encoding="utf-8")
    table = html.split('<table class="history">')[1].split("</table>")[0]
    assert "得分趋势" not in html and "平均" not in table
    row = html.split('<th scope="row">信访事务')[1].split("</tr>")[0]
    assert '<a href="../futian-xinfang/2022/petition-affairs/index.html">98.47</a> 优' in row
    assert '<a href="../futian-xinfang/2023/petition-affairs/index.html">98.47</a> 优' in row
    assert "项目编码 440304230090100105001" in row
    assert "涉及 4 个项目" in html  # five reports, four projects


def test_a_report_page_links_its_other_years(site: Path) -> None:
    page = site / "futian-xinfang" / "2023" / "petition-affairs" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "本项目其他年度" in html
    assert (
        '<a href="../../../futian-xinfang/2022/petition-affairs/index.html">2022 年度</a>' in html
    )
    alone = (site / "futian-xinfang" / "2023" / "it-operations" / "index.html").read_text(
        encoding="utf-8"
    )
    assert "本项目其他年度" not in alone
