"""Table data for generated tables: cells with spans, rows, tables (pure data).

The theme's partials/table.html writes any Table as HTML, each row's cells through the
`cells_html` filter below; builders in tables.py and form.py only
compute cells. Names of an indicator tree become merged cells (rowspan) column by column.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from markupsafe import Markup

from builder.render import numbers

# Cells and figures kept: past this many, a long `jixiao serve` forgets rather than grows.
MAX_VALUES = 50_000


# Cells and rows are named tuples, not frozen dataclasses: a report's tables make a few
# hundred of them, and a frozen dataclass' __init__ cost three times as much (measured).
class Cell(NamedTuple):
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False  # <th>
    scope: str = ""  # col | row | rowgroup
    cls: str = ""  # num (right-aligned figure), name, note, na


class Row(NamedTuple):
    cells: tuple[Cell, ...]
    cls: str = ""  # subtotal | total


@dataclass(frozen=True)
class Table:
    kind: str  # funds | weights | scores | form-head | form-funds | form-goals | form-indicators
    caption: str
    head: tuple[Row, ...]
    body: tuple[Row, ...]
    note: str = ""  # e.g. 单位：万元
    # column widths in percent; print.css and the site's CSS define the classes w<N>
    columns: tuple[int, ...] = field(default=())


def escape_text(text: str) -> str:
    """What markupsafe.escape (Jinja's autoescape) makes of plain text, without creating a
    Markup object per call (that wrapper cost more than the replacing)."""
    return (
        text.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


@functools.lru_cache(maxsize=256)  # tables use a few dozen kinds of cell
def _tags(header: bool, rowspan: int, colspan: int, scope: str, cls: str) -> tuple[str, str]:
    tag = "th" if header else "td"
    attributes = ""
    if rowspan > 1:
        attributes += f' rowspan="{rowspan}"'
    if colspan > 1:
        attributes += f' colspan="{colspan}"'
    if scope:
        attributes += f' scope="{escape_text(scope)}"'
    if cls:
        attributes += f' class="{escape_text(cls)}"'
    return f"<{tag}{attributes}>", f"</{tag}>"


# A figure with its comparator and what follows it (%, a unit or a word of up to two
# characters: 「≦8454200元」, 「100%及时」, 「≥90%」, 「4个」), in escaped text: kept on
# one line by a span, in cells of class "qty" (form values), so a narrow column can
# never print 「≦84542 / 00元」.
_QUANTITY = re.compile(
    r"(?:[≥≤≧≦=＝＞＜]|&[lg]t;|不低于|不超过|不少于|不高于)?[0-9][0-9,.]*(?:%|‰|％)?"
    r"[\u4e00-\u9fff]{0,2}"
)


def _whole_quantities(escaped: str) -> str:
    return _QUANTITY.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>', escaped)


def _markup(cell: Cell) -> str:
    opening, closing = _tags(cell.header, cell.rowspan, cell.colspan, cell.scope, cell.cls)
    text = escape_text(cell.text)
    if "qty" in cell.cls.split():
        text = _whole_quantities(text)
    return opening + text + closing


# Figures, dashes and indicator names recur across a build's tables: each cell's markup
# is made once and looked up after (keyed by the whole cell: same cell, same markup); a
# table makes a hundred-odd look-ups.
cell_markup = functools.lru_cache(maxsize=MAX_VALUES)(_markup)


def cell_html(cell: Cell) -> str:
    """<td> or <th> with its spans, scope and class; text and attributes escaped."""
    return cell_markup(cell)


def cells_html(cells: Iterable[Cell]) -> Markup:
    """A row's cells as markup: the `cells_html` filter for a theme's partials/table.html
    (one Python call per row; a template macro per cell cost more than all the rest)."""
    return Markup("".join(map(cell_markup, cells)))


def head_row(*titles: str) -> Row:
    return Row(tuple(Cell(t, header=True, scope="col") for t in titles))


def num(text: str) -> Cell:
    return Cell(text, 1, 1, False, "", "num")  # positional: a quarter cheaper (measured)


# The figures of a build's tables recur (weights, full scores, 100.00%): the cell of each
# formatted figure is made once per process and looked up by the number's text — not by
# the Decimal, as 5 and 5.0 are equal but written differently; str(None), "None", stands
# for the dash. A lookup is a fifth of formatting the figure and making its cell (measured).
_FIXED: dict[int, dict[str, Cell]] = {}
_PERCENT: dict[str, Cell] = {}
_WEIGHT: dict[str, Cell] = {}
DASH_NUM = num(numbers.DASH)


def _remember(memo: dict[str, Cell], key: str, cell: Cell) -> Cell:
    if len(memo) >= MAX_VALUES:
        memo.clear()
    memo[key] = cell
    return cell


def fixed_num(value: Decimal | None, decimals: int = 2) -> Cell:
    """num(numbers.fixed(VALUE, DECIMALS))."""
    memo = _FIXED.get(decimals)
    if memo is None:
        memo = _FIXED[decimals] = {}
    key = str(value)
    return memo.get(key) or _remember(memo, key, num(numbers.fixed(value, decimals)))


def percent_num(value: Decimal | None) -> Cell:
    """num(numbers.percent(VALUE))."""
    key = str(value)
    return _PERCENT.get(key) or _remember(_PERCENT, key, num(numbers.percent(value)))


def weight_num(value: Decimal | None) -> Cell:
    """num(numbers.weight(VALUE))."""
    key = str(value)
    return _WEIGHT.get(key) or _remember(_WEIGHT, key, num(numbers.weight(value)))


def tree_cells(paths: list[tuple[str, ...]], columns: int) -> list[list[Cell]]:
    """Name cells for rows of tree paths, merged where consecutive rows share an ancestor.

    A path shorter than `columns` spans the remaining columns; a longer one shows its
    tail joined by 「/」 in the last column.
    """
    rows: list[list[Cell]] = [[] for _ in paths]
    _fill(paths, rows, columns, 0, len(paths), 0)
    return rows


def _fill(
    paths: list[tuple[str, ...]],
    rows: list[list[Cell]],
    columns: int,
    start: int,
    end: int,
    column: int,
) -> None:
    # A module function, not a closure in tree_cells: a recursive closure is a reference
    # cycle that kept each table's cells alive until the cyclic collector ran.
    i = start
    while i < end:
        path = paths[i]
        if len(path) <= column + 1 or column == columns - 1:
            text = path[column] if len(path) == column + 1 else "/".join(path[column:])
            rows[i].append(Cell(text, 1, columns - column, True, "row", "name"))
            i += 1
            continue
        j = i
        while j < end and len(paths[j]) > column + 1 and paths[j][column] == path[column]:
            j += 1
        rows[i].append(Cell(path[column], j - i, 1, True, "rowgroup", "name"))
        _fill(paths, rows, columns, i, j, column + 1)
        i = j
