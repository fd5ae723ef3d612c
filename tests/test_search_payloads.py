"""The search page shows author-written values as text, never as markup (issue 10 §5).

Payloads go into every field that reaches the search page: the unit's name, the profile's
name and grade labels (a site's own profile), the report's title and its text (the
excerpt). In Chromium, with the Content-Security-Policy on and bypassed: no element made
from a payload, no script run, no request to another host.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from conftest import CONTENT, ROOT
from playwright.sync_api import Browser
from test_search_site import DONE
from test_site_support import serve

from builder.commands import output
from builder.pipeline.build import Options, build

IMG = "<img src=x onerror=alert(1)>"
STYLE = "</style><style>body{background:url(https://evil.example/x.png)}</style>"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("payloads") / "content"
    content.mkdir()
    (content / "site.yaml").write_text(
        (CONTENT / "site.yaml").read_text(encoding="utf-8") + "profiles: [evil.yaml]\n",
        encoding="utf-8",
    )
    profile = (ROOT / "builder/profiles/project-self-evaluation.yaml").read_text(encoding="utf-8")
    profile = profile.replace("name: 项目支出绩效自评表", f"name: '自评表{STYLE}'")
    profile = profile.replace("{优: 90,", f"{{'优{IMG}': 90,")
    (content / "evil.yaml").write_text(profile, encoding="utf-8")
    unit = content / "futian-xinfang"
    shutil.copytree(CONTENT / "futian-xinfang", unit)
    (unit / "unit.yaml").write_text(f"name: '福田{IMG}信访局'\n", encoding="utf-8")
    report = unit / "2023" / "petition-affairs"
    yaml = (report / "report.yaml").read_text(encoding="utf-8")
    (report / "report.yaml").write_text(
        yaml.replace(
            "title: 2023年度信访事务项目支出绩效自评表",
            f"title: '2023年度{STYLE}信访事务项目支出绩效自评表'",
        ).replace("  grade: 优\n", f"  grade: '优{IMG}'\n"),
        encoding="utf-8",
    )
    text = (report / "report.md").read_text(encoding="utf-8")
    (report / "report.md").write_text(
        text + f"\n信访事务的说明{IMG}与{STYLE}到此为止。\n", encoding="utf-8"
    )
    out = content.parent / "site"
    outcome = build(Options([content], out, pdf=False))
    assert outcome.published, output.diagnostics_text(outcome.diagnostics)
    return out


LIVE = """() => ({
    images: document.querySelectorAll('img').length,
    styles: document.querySelectorAll('style').length,
    handlers: document.querySelectorAll('[onerror]').length,
    background: getComputedStyle(document.body).backgroundImage,
})"""


@pytest.mark.parametrize("csp", [True, False], ids=["csp-on", "csp-off"])
def test_payloads_stay_text_on_the_search_page(browser: Browser, site: Path, csp: bool) -> None:
    context = browser.new_context(bypass_csp=not csp)
    page = context.new_page()
    hosts: set[str] = set()
    dialogs: list[str] = []
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname or ""))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(site) as base:
        for query in ("信访事务", "onerror", "evil.example"):
            page.goto(base + "search/index.html?q=" + quote(query))
            page.wait_for_function(DONE)
            assert page.locator(".search-result").count() >= 1, query
            assert page.evaluate(LIVE) == {
                "images": 0,
                "styles": 0,
                "handlers": 0,
                "background": "none",
            }
        shown = page.locator(".search-results").inner_text()
        for payload in (IMG, STYLE):
            assert payload in shown  # the titles, names and excerpts show them as text
        options = page.locator(".search-filters option").all_inner_texts()
        assert f"福田{IMG}信访局" in options and f"自评表{STYLE}" in options
        assert f"优{IMG}" in options
        page.get_by_label("等级").select_option(f"优{IMG}")
        page.wait_for_function(DONE)
        assert page.evaluate(LIVE)["images"] == 0
    assert hosts == {"127.0.0.1"} and dialogs == []
    context.close()
