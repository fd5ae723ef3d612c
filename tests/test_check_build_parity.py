"""`jixiao check` reports exactly what `jixiao build` refuses, before anything is written:
the same codes at the same places over the whole bad-input corpus and the site-wide cases."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from conftest import write_report as write_into

from builder.diagnostics import Diagnostic
from builder.pipeline.build import Options, build
from builder.pipeline.run import check_content, check_site

BAD = ROOT / "tests" / "fixtures" / "bad"
BASE = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")
PUBLISHED = BASE  # with disclosure.published: a report the site can publish


def write_report(root: Path, text: str, **where: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    return write_into(root, text, **where)  # type: ignore[arg-type]


def _places(diags: list[Diagnostic]) -> list[tuple[str, str, int, int]]:
    return sorted((d.code, d.pos.file, d.pos.line, d.pos.col) for d in diags)


def _both(content: Path, out: Path) -> tuple[list[tuple[str, str, int, int]], ...]:
    checked = check_content([content], jobs=1)
    assert _places(check_site([content]).diagnostics) == _places(checked)  # `jixiao print`'s
    built = build(Options(paths=[content], out=out, pdf=False, search=False, jobs=1))
    assert not built.published or not any(d.is_error for d in checked)
    return _places(checked), _places(built.diagnostics)


def _site_wide_cases(root: Path) -> dict[str, Path]:
    """Content folders, each with one problem that only the whole site shows."""
    cases = {}
    blank = root / "blank-published"
    write_report(blank, PUBLISHED.replace("published: 2024-06-28", "published:"))
    cases["blank published"] = blank
    unsafe = root / "unsafe-folder"
    write_report(unsafe, PUBLISHED, slug="it?ops")
    cases["it?ops"] = unsafe
    reserved = root / "reserved-unit"
    write_report(reserved, PUBLISHED, unit="data")
    cases["reserved unit"] = reserved
    no_site = root / "no-site"
    write_report(no_site, PUBLISHED)
    (no_site / "site.yaml").unlink()
    cases["no site.yaml"] = no_site
    twice = root / "index-twice"
    numbered = PUBLISHED.replace("published: 2024-06-28", "published: 2024-06-28\n  index_no: A-1")
    write_report(twice, numbered, slug="a")
    write_report(twice, numbered, slug="b")
    cases["index_no twice"] = twice
    with_original = PUBLISHED.replace(
        "published: 2024-06-28", "published: 2024-06-28\n  original: 原件.pdf"
    )
    missing = root / "original-missing"
    write_report(missing, with_original)
    cases["original missing"] = missing
    outside = root / "original-outside"
    folder = write_report(outside, with_original)
    (root / "elsewhere.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "原件.pdf").symlink_to(root / "elsewhere.pdf")
    cases["original outside"] = outside
    draft = root / "draft-beside"
    write_report(draft, numbered, slug="a")
    unpublished = numbered.replace("published: 2024-06-28", "published:")
    write_report(draft, "draft: true\n" + unpublished, slug="b")
    cases["draft"] = draft
    return cases


def test_a_clean_report_is_clean_for_both(tmp_path: Path) -> None:
    write_report(tmp_path / "content", PUBLISHED)
    assert _both(tmp_path / "content", tmp_path / "site") == ([], [])


@pytest.mark.parametrize(
    "case",
    [
        "blank published",
        "it?ops",
        "reserved unit",
        "no site.yaml",
        "index_no twice",
        "original missing",
        "original outside",
    ],
)
def test_site_wide_problems_are_found_by_check(case: str, tmp_path: Path) -> None:
    content = _site_wide_cases(tmp_path)[case]
    checked, built = _both(content, tmp_path / "site")
    assert built, f"{case}: the build should refuse this content"
    assert checked == built


def test_a_draft_takes_no_index_number_and_needs_no_date_in_either(tmp_path: Path) -> None:
    content = _site_wide_cases(tmp_path)["draft"]
    assert _both(content, tmp_path / "site") == ([], [])


def test_every_bad_fixture_gives_the_same_codes(tmp_path: Path) -> None:
    for fixture in sorted(BAD.glob("*.yaml")):
        content = tmp_path / fixture.stem
        write_report(content, fixture.read_text(encoding="utf-8"))
        checked, built = _both(content, tmp_path / f"{fixture.stem}-site")
        assert checked == built, fixture.stem
        shutil.rmtree(content)
