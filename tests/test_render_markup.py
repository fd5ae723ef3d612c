"""Generated tables written by the theme's Jinja macros (themes/default/partials/table.html,
or a theme's own): every text escaped, a theme without the file gets the default's; and
numbers formatted as format() would."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CONTENT
from test_render_support import SMALL_YAML, small_card

from builder.loading.content import load_content
from builder.pipeline.run import evaluate
from builder.render import numbers, render_print_document, render_report, table_html
from builder.render.grid import Cell, cell_html
from builder.render.theme import DEFAULT_THEME
from builder.scoring.engine import ScoreCard

NAMES = ("funds", "weights", "scores", "total", "form")

# Every user-written text of a table, with each character HTML escapes.
ESCAPED_YAML = (
    SMALL_YAML.replace("name: 测试项目", "name: '测试<项目> & \"甲\"'")
    .replace("name: 当年财政拨款", "name: '拨款 <b>&amp;</b>'")
    .replace("name: 每季度督查", "name: \"督查 'x' <i>\"")
    .replace("reason: 档案更新不及时", "reason: '<script>alert(1)</script>'")
)


def seed_cards() -> list[ScoreCard]:
    return evaluate(load_content([CONTENT])).cards


def test_the_default_themes_tables_are_its_template(tmp_path: Path) -> None:
    """A theme author changes the tables by editing partials/table.html."""
    source = DEFAULT_THEME / "partials" / "table.html"
    theme = tmp_path / "theme"
    shutil.copytree(DEFAULT_THEME, theme)
    edited = source.read_text(encoding="utf-8").replace(
        '<table class="report-table {{ t.kind }}">', '<table class="report-table own {{ t.kind }}">'
    )
    (theme / "partials" / "table.html").write_text(edited, encoding="utf-8")
    card = seed_cards()[0]
    ours, theirs = table_html(card, "scores"), table_html(card, "scores", theme)
    assert '<table class="report-table scores">' in ours
    assert theirs == ours.replace("report-table scores", "report-table own scores")


def test_a_theme_without_table_macros_gets_the_default_themes(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(DEFAULT_THEME, theme)
    (theme / "partials" / "table.html").unlink()
    for card in seed_cards():
        for name in NAMES:
            assert table_html(card, name, theme) == table_html(card, name), name


def test_escaped_texts_stay_text(tmp_path: Path) -> None:
    for kind in ("key-project-evaluation", "project-self-evaluation"):
        yaml = ESCAPED_YAML.replace("kind: key-project-evaluation", f"kind: {kind}")
        (tmp_path / kind).mkdir()
        card = small_card(tmp_path / kind, None, yaml)
        written = "".join(table_html(card, name) for name in NAMES)
        assert "<script>" not in written and "<b>" not in written and "<i>" not in written
        assert "拨款 &lt;b&gt;&amp;amp;&lt;/b&gt;" in written


def test_a_theme_with_table_macros_renders_with_them(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "partials").mkdir(parents=True)
    (theme / "print").mkdir()
    (theme / "partials" / "table.html").write_text(
        "{% macro render_table(t) %}<x-table>{{ t.kind }}</x-table>{% endmacro %}"
        "{% macro total_line(t) %}<x-total>{{ t.total }}</x-total>{% endmacro %}"
        "{% macro render_form(f) %}<x-form>{{ f.title }}</x-form>{% endmacro %}",
        encoding="utf-8",
    )
    (theme / "print" / "report.html").write_text("{{ body }}", encoding="utf-8")
    (tmp_path / "report").mkdir()
    card = small_card(tmp_path / "report", None)
    body = render_report(card, None, theme=theme).body_html
    assert "<x-table>scores</x-table>" in body and 'class="report-table' not in body
    page, _ = render_print_document(card, None, theme=theme)
    assert "<x-table>scores</x-table>" in page


def test_cells_are_cached_by_their_whole_content() -> None:
    assert cell_html(Cell("1", cls="num")) == '<td class="num">1</td>'
    assert cell_html(Cell("1", header=True, scope="row")) == '<th scope="row">1</th>'
    assert cell_html(Cell("1", 2)) == '<td rowspan="2">1</td>'


@pytest.mark.parametrize(
    "text",
    ["0", "-0", "12", "12.5", "9.60", "100.00", "0.125", "-3.5", "1E+2", "1.50E+3", "1E-7",
     "0.0000001", "0E-10", "123456789012345678901234.5", "NaN", "-Infinity"],
)  # fmt: skip
def test_numbers_are_written_as_format_writes_them(text: str) -> None:
    value = Decimal(text)
    assert numbers.plain(value) == f"{value:f}"
    for decimals in (0, 1, 2, 3):
        exponent = value.as_tuple().exponent
        places = max(decimals, -exponent if isinstance(exponent, int) else 0)
        assert numbers.fixed(value, decimals) == f"{value:.{places}f}"
