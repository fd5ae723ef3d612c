"""Loading names folders and files with string operations: pinned against pathlib."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest
from conftest import ROOT, write_report

from builder.loading.content import load_candidates, load_content, report_candidates
from builder.loading.filenames import below, child, parent, shown

PATHS = ["/", "/a", "/a/b", "/a/bc", "/a/b/c", "/ab/c", "/a/b/c/report.yaml"]


def _relative_or_none(path: str, base: str) -> str | None:
    try:
        return PurePosixPath(path).relative_to(base).as_posix()
    except ValueError:
        return None


@pytest.mark.parametrize("base", PATHS)
@pytest.mark.parametrize("path", PATHS)
def test_below_is_relative_to(path: str, base: str) -> None:
    assert below(path, base) == _relative_or_none(path, base)


@pytest.mark.parametrize("path", PATHS)
def test_parent_and_child_are_pathlibs(path: str) -> None:
    assert parent(path) == str(PurePosixPath(path).parent)
    assert child(path, "report.md") == str(PurePosixPath(path) / "report.md")


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    root.mkdir()
    yaml = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")
    folder = write_report(root, yaml, "# 概述\n\n正文。\n", unit="u", slug="r")
    # A report whose files are symbolic links to files elsewhere in the content folder
    # (a folder starting with "_" holds no reports): named as resolved.
    elsewhere = root / "_shared"
    elsewhere.mkdir()
    linked = root / "u" / "2024" / "linked"
    linked.mkdir(parents=True)
    for name in ("report.yaml", "report.md"):
        target = elsewhere / name
        target.write_bytes((folder / name).read_bytes().replace(b"year: 2023", b"year: 2024"))
        os.symlink(target, linked / name)
    return root


@pytest.mark.parametrize("where", ["tmp", "content", "unit", "root"])
def test_files_are_named_as_shown_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    root = _tree(tmp_path).resolve()
    cwd = {"tmp": tmp_path, "content": root, "unit": root / "u", "root": Path("/")}[where]
    monkeypatch.chdir(cwd)
    for content in (load_content([root]), load_candidates(report_candidates(root))):
        assert content is not None
        assert not [d for d in content.diagnostics if d.is_error]
        reports = {r.folder: r for r in content.reports}
        assert sorted(reports) == ["u/2023/r", "u/2024/linked"]
        for folder, report in reports.items():
            assert report.file == shown(root / folder / "report.yaml")
            assert report.narrative is not None
            assert report.narrative.file == shown(root / folder / "report.md")
        assert reports["u/2024/linked"].file.endswith("_shared/report.yaml")
        if where == "content":
            assert reports["u/2023/r"].file == "u/2023/r/report.yaml"
        if where == "root":
            assert reports["u/2023/r"].file == f"{str(root)[1:]}/u/2023/r/report.yaml"
