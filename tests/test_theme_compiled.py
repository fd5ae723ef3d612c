"""Templates are compiled once per process (builder/render/theme.py: CompiledTemplates):
each chunk of reports makes its own Jinja environment, and without a shared bytecode cache
every one of them parsed and compiled the whole theme again."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from jinja2 import Environment

from builder.render.theme import DEFAULT_THEME, jinja_env


def test_a_second_environment_compiles_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    jinja_env("site").get_template("report.html")
    second = jinja_env("site")

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(second, "compile", refuse)
    assert second.get_template("report.html").name == "report.html"


def test_an_edited_template_is_compiled_afresh(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(DEFAULT_THEME, theme)
    page = theme / "site" / "page.html"
    page.write_text("第一版 {{ value }}\n", encoding="utf-8")
    assert jinja_env("site", theme=theme).get_template("page.html").render(value=1) == "第一版 1\n"
    page.write_text("第二版 {{ value }}\n", encoding="utf-8")
    assert jinja_env("site", theme=theme).get_template("page.html").render(value=2) == "第二版 2\n"


def test_environments_still_differ_in_their_globals() -> None:
    first, second = jinja_env("site"), jinja_env("site")
    first.globals["mark"] = "一"
    second.globals["mark"] = "二"
    source = "{{ mark }}"
    assert isinstance(first, Environment)
    assert first.from_string(source).render() == "一"
    assert second.from_string(source).render() == "二"
