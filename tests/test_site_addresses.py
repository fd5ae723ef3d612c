"""Addresses: base_url is checked where it is written, and the link checker reads
attribute values as a browser does (character references decoded)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SITE_YAML, write_report

from builder.pipeline.run import check
from builder.publish.links import LinkSummary, check_pages

BASE = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)//",
        "data:text/html,hi",
        "//evil.example/",
        "jixiao/",
        "https://",
        "ftp://example.gov.cn/",
        "/a b/",
        '/"x"/',
        "/a?b",
        "http://[x/",
    ],
)
def test_check_refuses_a_base_url_at_its_line(tmp_path: Path, value: str) -> None:
    write_report(tmp_path, BASE, "# 概述\n")
    quoted = value.replace("'", "''")
    site = SITE_YAML.replace("base_url: /\n", f"description: 说明\nbase_url: '{quoted}'\n")
    (tmp_path / "site.yaml").write_text(site, encoding="utf-8")
    found = [d for d in check([tmp_path]).diagnostics if d.code == "JX612"]
    assert len(found) == 1, check([tmp_path]).diagnostics
    assert found[0].pos.file.endswith("site.yaml") and found[0].pos.line == 4


@pytest.mark.parametrize(
    "value", ["/", "/jixiao/", "https://example.gov.cn/jixiao/", "http://127.0.0.1:8080/"]
)
def test_absolute_addresses_and_paths_pass(tmp_path: Path, value: str) -> None:
    write_report(tmp_path, BASE, "# 概述\n")
    site = SITE_YAML.replace("base_url: /\n", f"base_url: '{value}'\n")
    (tmp_path / "site.yaml").write_text(site, encoding="utf-8")
    assert not [d for d in check([tmp_path]).diagnostics if d.code == "JX612"]


PAGES = {
    "index.html": '<a href="r&amp;d/index.html#a&amp;b">x</a><a href="#top&amp;tail">y</a>'
    '<p id="top&amp;tail"></p>',
    "r&d/index.html": '<h2 id="a&amp;b">z</h2>',
}


def test_links_are_checked_with_character_references_decoded() -> None:
    assert check_pages(PAGES, set(PAGES), "/", "site") == []
    summary = LinkSummary()
    for page, html in PAGES.items():
        summary.add(page, html, "/")
    assert summary.targets == {("r&d/index.html", "a&b")} and not summary.doubtful


def test_an_encoded_javascript_address_is_still_refused() -> None:
    pages = {"index.html": '<a href="javascript&#58;alert(1)">x</a>'}
    assert [d.code for d in check_pages(pages, set(pages), "/", "site")] == ["JX601"]
    summary = LinkSummary()
    summary.add("index.html", pages["index.html"], "/")
    assert summary.doubtful
