"""A worksheet as Excel shows it: cell texts, numbers, merged ranges (pure, in memory).

Filled-in forms store what the reader sees in several ways: a percentage as 0.9929 with a
% format, an amount as a number, one label over several merged cells, 「  其中：」 with
leading spaces. A Sheet gives each cell's value as shown (text and, when it is a number,
the exact Decimal of what Excel stores), and the merged range a cell belongs to.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

_SPACE = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True)
class Value:
    text: str  # as shown, trimmed: "99.29%", "8454200", "≥90%"
    number: Decimal | None = None  # a number cell's value (a percentage as 99.29, not 0.9929)
    percent: bool = False  # stored as a number with a % format


EMPTY = Value("")


def _decimal(raw: int | float) -> Decimal:
    # repr() of a float is the shortest text that reads back as the same double: what was
    # typed into the cell (0.9929, 8454200.5), not the double's binary expansion.
    return Decimal(raw) if isinstance(raw, int) else Decimal(repr(raw))


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def value_of(raw: Any, number_format: str) -> Value:
    if raw is None:
        return EMPTY
    if isinstance(raw, bool):
        return Value("是" if raw else "否")
    if isinstance(raw, int | float):
        number = _decimal(raw)
        if not number.is_finite():
            return Value(str(raw))
        if "%" in number_format:
            shown = number * 100
            return Value(_plain(shown) + "%", shown, True)
        return Value(_plain(number), number)
    if isinstance(raw, dt.datetime | dt.date):
        day = raw.date() if isinstance(raw, dt.datetime) else raw
        return Value(day.isoformat())
    text = str(raw).replace("\r\n", "\n").strip(" \t\u3000\r\n")
    return Value(text)


@dataclass
class Sheet:
    name: str
    values: dict[tuple[int, int], Value] = field(default_factory=dict)
    # (row, column) of each cell inside a merged range → the range's top-left cell
    merged: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    rows: int = 0
    columns: int = 0
    # row → the columns that hold a value there, in order: a row is read from what it
    # holds, not from every column up to the widest row (a hostile sheet can be
    # 1,048,576 rows by 16,384 columns with two cells).
    filled: dict[int, list[int]] = field(default_factory=dict)

    def at(self, row: int, column: int) -> Value:
        """The value shown at a cell: a merged range's value in each of its cells."""
        origin = self.merged.get((row, column), (row, column))
        return self.values.get(origin, EMPTY)

    def text(self, row: int, column: int) -> str:
        return self.at(row, column).text

    def origin(self, row: int, column: int) -> tuple[int, int]:
        return self.merged.get((row, column), (row, column))

    def is_merged_cell(self, row: int, column: int) -> bool:
        return (row, column) in self.merged

    def ref(self, row: int, column: int) -> str:
        """「自评表!F14」: how an error names a cell."""
        return f"{self.name}!{get_column_letter(column)}{row}"


def read_sheet(ws: Worksheet) -> Sheet:
    sheet = Sheet(ws.title, rows=ws.max_row, columns=ws.max_column)
    # The cells the file holds, not ws.iter_rows(): that walks every position of the
    # sheet's dimension, and a hostile file can claim A1:XFD1048576 with two cells (17
    # billion positions). openpyxl keeps the cells it read in ws._cells, (row, col) → cell.
    for (row, column), cell in sorted(ws._cells.items()):
        if cell.value is None:
            continue
        value = value_of(cell.value, cell.number_format or "")
        if value.text:
            sheet.values[(row, column)] = value
    index_filled(sheet)
    for rng in ws.merged_cells.ranges:
        top = (rng.min_row, rng.min_col)
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                sheet.merged[(r, c)] = top
    return sheet


def index_filled(sheet: Sheet) -> None:
    for row, column in sorted(sheet.values):
        sheet.filled.setdefault(row, []).append(column)


def label(text: str) -> str:
    """A cell's text as a label to compare: no spaces, no trailing colon, no 「其中：」."""
    text = _SPACE.sub("", text).rstrip(":：")
    return text.removeprefix("其中：").removeprefix("其中:").removeprefix("其中")
