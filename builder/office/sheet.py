"""A generated table (render.grid.Table) written into an openpyxl worksheet (pure: in memory).

The same cells as the HTML and PDF tables, so the workbook shows what the page shows:
row and column spans become merged cells, figures become numbers with the number format
that prints them as the page does (84.74% is 0.8474 shown as 0.00%, 8.47 is 8.47 shown
as 0.00), and the dash stays text.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from builder.office.package import xml_safe
from builder.render.grid import Cell, Table

FONT = "宋体"  # what official forms use in Excel/WPS; LibreOffice maps it to a CJK serif
_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
PLAIN = Font(name=FONT, size=10)
BOLD = Font(name=FONT, size=10, bold=True)
TITLE = Font(name=FONT, size=16, bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")


def number_of(text: str) -> tuple[Decimal, str] | None:
    """A figure's text as (number, Excel number format): "84.74%" → (0.8474, "0.00%"),
    "8.47" → (8.47, "0.00"), "15" → (15, "0"); None for a dash or words."""
    percent = text.endswith("%")
    body = text[:-1] if percent else text
    try:
        value = Decimal(body)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    places = len(body) - body.index(".") - 1 if "." in body else 0
    fmt = "0." + "0" * places if places else "0"
    if percent:
        return value / 100, fmt + "%"
    return value, fmt


def write_table(ws: Worksheet, table: Table, row: int, spans: Sequence[int]) -> int:
    """TABLE's head and body rows from ROW down; SPANS: sheet columns per table column.

    Returns the first row after the table."""
    starts = [1]
    for width in spans:
        starts.append(starts[-1] + width)
    taken: set[tuple[int, int]] = set()
    lines: dict[int, int] = {}
    for offset, grid_row in enumerate((*table.head, *table.body)):
        at = row + offset
        column = 0
        for cell in grid_row.cells:
            while (at, column) in taken:
                column += 1
            last = min(column + cell.colspan, len(spans))
            for r in range(at, at + cell.rowspan):
                for c in range(column, last):
                    taken.add((r, c))
            _put(ws, cell, at, starts[column], at + cell.rowspan - 1, starts[last] - 1)
            if cell.rowspan == 1:
                needed = _lines(ws, cell.text, starts[column], starts[last] - 1)
                lines[at] = max(lines.get(at, 1), needed)
            column = last
    for at, count in lines.items():
        if count > 1:
            # Excel and LibreOffice do not grow a row for text wrapped in merged cells.
            ws.row_dimensions[at].height = LINE_HEIGHT * count + 4
    return row + len(table.head) + len(table.body)


LINE_HEIGHT = 13.5  # points, a line of 10 pt text


def _lines(ws: Worksheet, text: str, left: int, right: int) -> int:
    """Lines TEXT takes when wrapped over columns LEFT..RIGHT (a Chinese character is about
    two units of Excel's column width)."""
    width = sum(
        ws.column_dimensions[get_column_letter(c)].width or 8.43 for c in range(left, right + 1)
    )
    units = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
    return max(1, -(-units // max(int(width) - 1, 1)))


def _put(ws: Worksheet, cell: Cell, top: int, left: int, bottom: int, right: int) -> None:
    target = ws.cell(row=top, column=left)
    number = number_of(cell.text) if cell.cls == "num" else None
    if number is not None:
        target.value, target.number_format = number
        target.alignment = RIGHT
    else:
        target.value = xml_safe(cell.text)
        target.alignment = CENTER if cell.header or cell.cls == "num" else LEFT
    target.font = BOLD if cell.header and cell.scope == "col" else PLAIN
    for r in range(top, bottom + 1):
        for c in range(left, right + 1):
            ws.cell(row=r, column=c).border = BORDER
    if bottom > top or right > left:
        ws.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)


def title_row(ws: Worksheet, row: int, text: str, width: int, font: Font = TITLE) -> None:
    """A line of text across WIDTH columns (the form's title, its 「（2023年度）」 line)."""
    cell = ws.cell(row=row, column=1, value=xml_safe(text))
    cell.font = font
    cell.alignment = CENTER
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def set_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


def a4_print(ws: Worksheet, landscape: bool = False) -> None:
    """A4, fitted to the page width, centred: how the form is printed."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
