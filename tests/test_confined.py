"""Content is read only from regular files inside the content folder: a link out of it,
a link to nothing, a folder or FIFO where a file belongs is an error naming the file,
and nothing of what lies outside reaches a message or the site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT, run_jixiao, write_report

from builder.pipeline.run import check

BASE = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")
SECRET = "db_password: hunter2-机密"


@pytest.fixture
def tree(tmp_path: Path) -> tuple[Path, Path]:
    """A content folder with one report (its folder returned) and a secret file beside it."""
    root = tmp_path / "content"
    root.mkdir()
    folder = write_report(root, BASE, "# 概述\n\n正文。\n")
    (tmp_path / "secret.yaml").write_text(f"name: x\n{SECRET}\n", encoding="utf-8")
    return root, folder


def _codes(root: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for d in check([root]).diagnostics:
        found.setdefault(d.code, []).append(f"{d.pos.file} {d.message} {d.hint}")
    return found


def test_a_narrative_linked_to_a_file_outside_is_refused_and_never_published(
    tree: tuple[Path, Path], tmp_path: Path
) -> None:
    root, folder = tree
    (folder / "report.md").unlink()
    os.symlink(tmp_path / "secret.yaml", folder / "report.md")
    result = run_jixiao("check", str(root))
    assert result.returncode == 1
    assert "JX010" in result.stdout and "r1/report.md" in result.stdout
    assert "hunter2" not in result.stdout + result.stderr
    out = tmp_path / "site"
    built = run_jixiao("build", str(root), "--out", str(out), "--no-pdf")
    assert built.returncode == 1 and "JX010" in built.stdout
    assert "Traceback" not in built.stderr
    assert not out.exists()


def test_a_unit_file_linked_outside_never_shows_its_lines(
    tree: tuple[Path, Path], tmp_path: Path
) -> None:
    root, folder = tree
    unit = folder.parents[1] / "unit.yaml"
    unit.unlink()
    os.symlink(tmp_path / "secret.yaml", unit)
    codes = _codes(root)
    assert list(codes) == ["JX010"]
    assert "test-unit/unit.yaml" in codes["JX010"][0]
    assert "hunter2" not in str(codes)


@pytest.mark.parametrize("name", ["report.yaml", "report.md", "unit.yaml", "site.yaml"])
def test_a_link_to_nothing_is_a_located_error(tree: tuple[Path, Path], name: str) -> None:
    root, folder = tree
    path = {"unit.yaml": folder.parents[1], "site.yaml": root}.get(name, folder) / name
    path.unlink()
    os.symlink(path.parent / "gone.yaml", path)
    result = run_jixiao("check", str(root))
    assert result.returncode == 1, result.stdout
    assert "JX011" in result.stdout and "Traceback" not in result.stderr
    assert f"{name}: 错误 JX011" in result.stdout


def test_a_link_to_itself_is_a_located_error(tree: tuple[Path, Path]) -> None:
    root, folder = tree
    (folder / "report.yaml").unlink()
    os.symlink("report.yaml", folder / "report.yaml")
    codes = _codes(root)
    assert list(codes) == ["JX013"] and "r1/report.yaml" in codes["JX013"][0]


@pytest.mark.parametrize("name", ["report.yaml", "report.md", "unit.yaml"])
def test_a_fifo_where_a_file_belongs_is_refused_without_waiting(
    tree: tuple[Path, Path], name: str
) -> None:
    root, folder = tree
    path = (folder.parent.parent if name == "unit.yaml" else folder) / name
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    result = run_jixiao("check", str(root))  # a read that waited would hit the timeout
    assert result.returncode == 1, result.stdout
    assert f"{name}: 错误 JX012" in result.stdout


def test_a_folder_named_like_the_narrative_is_refused(tree: tuple[Path, Path]) -> None:
    root, folder = tree
    (folder / "report.md").unlink()
    (folder / "report.md").mkdir()
    codes = _codes(root)
    assert list(codes) == ["JX012"] and "r1/report.md" in codes["JX012"][0]


def test_a_link_that_stays_inside_the_content_folder_is_followed(tree: tuple[Path, Path]) -> None:
    root, folder = tree
    shared = root / "_shared"  # "_" folders hold no reports
    shared.mkdir()
    (folder / "report.md").rename(shared / "report.md")
    os.symlink("../../../_shared/report.md", folder / "report.md")
    evaluated = check([root])
    assert not evaluated.has_errors, evaluated.diagnostics
    narrative = evaluated.content.reports[0].narrative
    assert narrative is not None and "正文" in narrative.text


def test_a_profile_listed_outside_the_content_folder_is_refused(
    tree: tuple[Path, Path], tmp_path: Path
) -> None:
    root, _ = tree
    (tmp_path / "profile.yaml").write_text(f"id: x\n{SECRET}\n", encoding="utf-8")
    with (root / "site.yaml").open("a", encoding="utf-8") as site:
        site.write("profiles: [../profile.yaml]\n")
    codes = _codes(root)
    assert "JX010" in codes and "profile.yaml" in codes["JX010"][0]
    assert "hunter2" not in str(codes)


def test_pdf_refuses_a_narrative_linked_outside(tree: tuple[Path, Path], tmp_path: Path) -> None:
    _, folder = tree
    (folder / "report.md").unlink()
    os.symlink(tmp_path / "secret.yaml", folder / "report.md")
    result = run_jixiao("pdf", str(folder), "-o", str(tmp_path / "r.pdf"))
    assert result.returncode == 1 and "JX010" in result.stderr
    assert "hunter2" not in result.stdout + result.stderr
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "r.html").exists()


def test_new_takes_no_unit_name_from_a_unit_file_linked_outside(tmp_path: Path) -> None:
    unit = tmp_path / "content" / "xinfang"
    unit.mkdir(parents=True)
    (tmp_path / "secret.yaml").write_text("name: 机密单位名称\n", encoding="utf-8")
    os.symlink(tmp_path / "secret.yaml", unit / "unit.yaml")
    done = run_jixiao(
        "new", "xinfang", "2024", "whole", "--kind", "department-self-evaluation", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    report = (unit / "2024" / "whole" / "report.yaml").read_text(encoding="utf-8")
    assert "机密" not in report and "xinfang" in report
