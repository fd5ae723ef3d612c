"""Generated tables written by builder/render/markup.py: the same bytes as the Jinja macros
a theme may provide in partials/table.html (the default theme's until markup.py), which a
theme with that file still gets; and numbers formatted as format() would."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT
from test_render_support import SMALL_YAML, small_card

from builder.content import load_content
from builder.pipeline import evaluate
from builder.render import numbers, render_print_document, render_report, table_html
from builder.render.grid import Cell, cell_html
from builder.scoring import ScoreCard

MACRO_THEME = ROOT / "tests" / "fixtures" / "table-theme"
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


def test_the_seed_reports_tables_match_the_macros() -> None:
    for card in seed_cards():
        for name in NAMES:
            assert table_html(card, name) == table_html(card, name, MACRO_THEME), name


def test_escaped_texts_match_the_macros(tmp_path: Path) -> None:
    for kind in ("key-project-evaluation", "project-self-evaluation"):
        yaml = ESCAPED_YAML.replace("kind: key-project-evaluation", f"kind: {kind}")
        (tmp_path / kind).mkdir()
        card = small_card(tmp_path / kind, None, yaml)
        for name in NAMES:
            ours = table_html(card, name)
            assert ours == table_html(card, name, MACRO_THEME), (kind, name)
            assert "<script>" not in ours and "<b>" not in ours and "<i>" not in ours


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
