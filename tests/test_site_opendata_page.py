"""The open-data page: a licence, the data's date from the content, a field dictionary
that covers every field of reports.json and every column of scores.csv."""

from __future__ import annotations

import csv
import json

from test_site_support import built_site

from builder.site.fielddocs import REPORT_FIELDS, SCORE_FIELDS


def test_the_page_states_licence_date_and_every_field() -> None:
    site = built_site()
    html = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert "使用许可</dt><dd>知识共享署名 4.0 国际许可协议（CC BY 4.0）" in html
    # The latest 发布日期 of the example reports, not the day of the build.
    assert '最近更新</dt><dd><time datetime="2024-09-27">2024-09-27</time>' in html
    reports = json.loads((site / "data" / "reports.json").read_text(encoding="utf-8"))
    documented = {part for name, _ in REPORT_FIELDS for part in name.split(" / ")}
    assert set(reports[0]) <= documented
    with (site / "data" / "scores.csv").open(encoding="utf-8-sig", newline="") as file:
        head = next(csv.reader(file))
    assert head == [name for name, _ in SCORE_FIELDS]
    for name, _ in SCORE_FIELDS:
        assert f"<dt>{name}</dt>" in html
