"""Finding report folders in two steps (the build lists the folders above reports, each
shard lists its own report folders) finds what one walk finds, in the same order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.loading.content import Candidate, expand_candidates, report_candidates, report_folders
from builder.pipeline.build import discover
from builder.pipeline.workers import split


def _report(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.yaml").write_text("title: x\n", encoding="utf-8")
    return folder


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    for unit in ("a", "b", "b-x"):
        for year in ("2023", "2024"):
            for name in ("r1", "r1-x", "r2"):
                _report(root / unit / year / name)
    _report(root / "a" / "2023" / "r1" / "nested")  # below a report, deeper than usual
    _report(root / "a" / "2023" / "r2" / "x" / "y" / "deep")
    _report(root / "shallow")  # a report folder directly below the content folder
    _report(root / "b" / "2024")  # a year folder that is a report folder too
    _report(root / ".hidden" / "2024" / "r")
    _report(root / "a" / "_drafts" / "r")
    _report(root / "a" / "2024" / ".git" / "r")
    (root / "a" / "2024" / "not-a-report").mkdir()
    (root / "a" / "2024" / "dir-named" / "report.yaml").mkdir(parents=True)
    os.symlink(root / "a" / "2023", root / "a" / "linked")  # not followed
    os.symlink(root / "a" / "2023" / "r2", root / "b" / "2023" / "r9")
    return root


def _found(candidates: list[Candidate]) -> list[Path]:
    """The report folders expand_candidates() finds, as report_folders() gives them."""
    return [Path(folder) for folder, _ in expand_candidates(candidates)]


def _two_step(path: Path) -> list[Path]:
    return _found(report_candidates(path))


@pytest.mark.parametrize("depth", [1, 2, 3, 4, 6])
def test_candidates_expand_to_what_one_walk_finds(tree: Path, depth: int) -> None:
    expected = report_folders(tree)
    assert len(expected) == 22  # 18 usual ones, 4 placed otherwise; none hidden or linked
    found = _found(report_candidates(tree, depth))
    assert found == expected


@pytest.mark.parametrize("below", ["a", "a/2023", "a/2023/r1", "b/2024", "shallow"])
def test_a_path_below_the_content_folder(tree: Path, below: str) -> None:
    assert _two_step(tree / below) == report_folders(tree / below)


def test_each_found_folder_comes_with_its_report_files(tree: Path) -> None:
    (tree / "a" / "2023" / "r1" / "report.md").write_text("# x\n", encoding="utf-8")
    files = dict(expand_candidates(report_candidates(tree)))
    assert sorted(files[str(tree / "a" / "2023" / "r1")]) == ["report.md", "report.yaml"]
    assert sorted(files[str(tree / "a" / "2023" / "r2")]) == ["report.yaml"]


def test_shares_of_candidates_expand_to_the_whole_in_order(tree: Path) -> None:
    candidates = report_candidates(tree)
    shares = split(candidates, [0.9, 1.0, 1.0])
    assert [f for share in shares for f in _found(share)] == report_folders(tree)


def test_overlapping_paths_find_each_report_once(tree: Path) -> None:
    paths = [tree / "a" / "2023", tree, tree / "a"]
    found = _found(discover(paths))
    assert found == report_folders(tree)


def test_folders_at_report_depth_without_reports_are_no_reports(tmp_path: Path) -> None:
    from builder.pipeline.build import Options, build

    (tmp_path / "content" / "unit" / "2024" / "empty").mkdir(parents=True)
    outcome = build(Options(paths=[tmp_path / "content"], out=tmp_path / "site", pdf=False))
    assert [d.code for d in outcome.diagnostics] == ["JX608"]
    assert not outcome.published and not (tmp_path / "site").exists()
