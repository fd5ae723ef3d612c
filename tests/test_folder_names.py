"""Folder names (unit, year, report): letters of any script, digits, "-", "_" and "."
(not first) pass; anything else is refused by `check` at the folder, with JX611."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT, run_jixiao, write_report

from builder.loading.filenames import refused_characters
from builder.pipeline.run import check

BASE = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")
NARRATIVE = "# 概述\n\n正文。\n"

REFUSED = {
    "r&d": "「&」",
    "it's": "「'」",
    'say"hi"': '「"」',
    "<b>": "「<」、「>」",
    "第1期?#2": "「?」、「#」",
    "50%": "「%」",
    "a\\b": "「\\」",
    "a:b": "「:」",
    "two words": "空格",
    "tab\there": "制表符",
    "esc\x1b[31m": "控制字符 U+001B、「[」",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_check_refuses_a_report_folder_name_at_the_folder(tmp_path: Path, name: str) -> None:
    folder = write_report(tmp_path, BASE, NARRATIVE, slug=name)
    found = [d for d in check([tmp_path]).diagnostics if d.code == "JX611"]
    assert len(found) == 1, found
    assert found[0].pos.file.endswith(f"test-unit/2023/{name}")
    assert REFUSED[name] in found[0].message and found[0].hint
    assert folder.is_dir()


def test_a_unit_folder_name_is_refused_once_for_all_its_reports(tmp_path: Path) -> None:
    for slug in ("a", "b"):
        write_report(tmp_path, BASE, NARRATIVE, unit="r&d", slug=slug)
    found = [d for d in check([tmp_path]).diagnostics if d.code == "JX611"]
    assert [d.pos.file.rsplit("/", 1)[1] for d in found] == ["r&d"]


def test_letters_of_any_script_digits_hyphens_underscores_and_dots_pass(tmp_path: Path) -> None:
    write_report(tmp_path, BASE, NARRATIVE, unit="增城-信访_局", slug="第1期.v2")
    evaluated = check([tmp_path])
    assert not evaluated.has_errors, evaluated.diagnostics


def test_a_leading_dot_is_refused() -> None:
    assert refused_characters(".env") == ["「.」（开头）"]
    assert refused_characters("v1.2") == []


def test_a_folder_name_that_is_not_utf8_is_refused_without_a_traceback(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    folder = write_report(content, BASE, NARRATIVE, slug="ok")
    os.rename(folder, os.fsencode(folder.parent) + b"/bad\xff")
    checked = run_jixiao("check", str(content))
    assert checked.returncode == 1
    assert "test-unit/2023/bad\\xff: 错误 JX611" in checked.stdout
    assert "非 UTF-8 字节 \\xff" in checked.stdout
    out = tmp_path / "site"
    built = run_jixiao("build", str(content), "--out", str(out), "--no-pdf")
    assert built.returncode == 1 and "JX611" in built.stdout
    assert "Traceback" not in built.stderr and not out.exists()


def test_a_path_given_that_is_not_utf8_is_named_readably(tmp_path: Path) -> None:
    os.mkdir(os.fsencode(tmp_path) + b"/empty\xff")
    result = run_jixiao("check", os.fsdecode(os.fsencode(tmp_path) + b"/empty\xff"))
    assert result.returncode == 1 and "empty\\xff: 错误 JX006" in result.stdout
