"""A broken theme template is a located error: nothing is built or printed."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_jixiao

from builder.render.theme import DEFAULT_THEME, check_templates


@pytest.fixture
def broken_theme(tmp_path: Path) -> Path:
    theme = tmp_path / "theme"
    shutil.copytree(DEFAULT_THEME, theme)
    template = theme / "print" / "report.html"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "{% for x in %}")  # becomes line 5
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return theme


def test_the_default_theme_parses() -> None:
    assert check_templates() == []


def test_a_syntax_error_is_located(broken_theme: Path) -> None:
    problems = check_templates(broken_theme)
    assert [(p.code, Path(p.pos.file).name, p.pos.line) for p in problems] == [
        ("JX901", "report.html", 5)
    ]
    assert "模板语法错误" in problems[0].message


def run_with_theme(monkeypatch: pytest.MonkeyPatch, theme: Path, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("JIXIAO_THEME", str(theme))
    result = run_jixiao(*args)
    assert "Traceback" not in result.stdout + result.stderr
    return result.returncode, result.stdout + result.stderr


def test_pdf_with_a_broken_template_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, broken_theme: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.pdf"
    report = ROOT / "content" / "baiyun-jingtai" / "2023" / "social-work-station"
    code, text = run_with_theme(monkeypatch, broken_theme, "pdf", str(report), "-o", str(out))
    assert code == 1
    assert "JX901" in text and "report.html:5:" in text
    assert not out.exists() and not list(tmp_path.glob("out*"))


def test_build_with_a_broken_template_leaves_the_site(
    monkeypatch: pytest.MonkeyPatch, broken_theme: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    code, text = run_with_theme(
        monkeypatch, broken_theme, "build", "content", "--no-pdf", "--out", str(site)
    )
    assert code == 1
    assert "JX901" in text
    assert not site.exists()


def test_an_undefined_name_in_a_page_template_is_located(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(DEFAULT_THEME, theme)
    template = theme / "site" / "report.html"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "{{ no_such_variable.title }}")  # line 4, inside the main block
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    site = tmp_path / "site"
    code, text = run_with_theme(
        monkeypatch, theme, "build", "content", "--no-pdf", "--out", str(site)
    )
    assert code == 1
    assert "JX902" in text and "report.html:4:" in text
    assert not site.exists()


def test_a_template_error_in_a_workers_share_is_located_too(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Only the last report, which a worker renders, trips the template: the worker says
    why and stops; the build reports it like any template error, with no traceback."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.synthetic import generate

    content = tmp_path / "content"
    last = max(generate(content, 90)).relative_to(content).as_posix()
    theme = tmp_path / "theme"
    shutil.copytree(DEFAULT_THEME, theme)
    template = theme / "site" / "report.html"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines.insert(3, f"{{% if entry.folder == '{last}' %}}{{{{ no_such.title }}}}{{% endif %}}")
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    site = tmp_path / "site"
    args = ("build", str(content), "--no-pdf", "--no-search", "--jobs", "2", "--out", str(site))
    code, text = run_with_theme(monkeypatch, theme, *args)
    assert code == 1
    assert "JX902" in text and "report.html:4:" in text and "no_such" in text
    assert not site.exists()
