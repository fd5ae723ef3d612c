"""A workbook's bytes as Sheets: .xlsx through openpyxl, old .xls through xlrd (pure).

Formulas are read as the values Excel saved with them (data_only), which is what the
printed form showed.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
import xlrd
from openpyxl.utils.exceptions import InvalidFileException

from builder.office.grid import Sheet, index_filled, read_sheet, value_of


class Unreadable(Exception):
    """The bytes are not a workbook this reader understands (message in Chinese)."""


def read_xlsx(data: bytes) -> tuple[list[Sheet], str | None]:
    """The sheets and the workbook's `category` property (jixiao's export puts its kind there)."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise Unreadable(f"不是有效的 .xlsx 文件（{type(exc).__name__}）") from None
    sheets = [read_sheet(ws) for ws in book.worksheets]
    return sheets, book.properties.category


def read_xls(data: bytes) -> list[Sheet]:
    """An old-format .xls workbook (BIFF), with its merged cells and % formats."""
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
    except (xlrd.XLRDError, ValueError, OSError, IndexError, AssertionError) as exc:
        raise Unreadable(f"不是有效的 .xls 文件（{type(exc).__name__}）") from None
    sheets = []
    for ws in book.sheets():
        sheet = Sheet(ws.name, rows=ws.nrows, columns=ws.ncols)
        for r in range(ws.nrows):
            for c in range(ws.ncols):
                cell = ws.cell(r, c)
                raw: Any = cell.value
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                    continue
                if cell.ctype == xlrd.XL_CELL_DATE:
                    raw = xlrd.xldate.xldate_as_datetime(raw, book.datemode)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    raw = bool(raw)
                elif cell.ctype == xlrd.XL_CELL_NUMBER and float(raw).is_integer():
                    raw = int(raw)
                value = value_of(raw, _format(book, cell.xf_index))
                if value.text:
                    sheet.values[(r + 1, c + 1)] = value
        for rlo, rhi, clo, chi in ws.merged_cells:
            for r in range(rlo, rhi):
                for c in range(clo, chi):
                    sheet.merged[(r + 1, c + 1)] = (rlo + 1, clo + 1)
        index_filled(sheet)
        sheets.append(sheet)
    return sheets


def _format(book: Any, xf_index: int | None) -> str:
    if xf_index is None:
        return ""
    xf = book.xf_list[xf_index]
    fmt = book.format_map.get(xf.format_key)
    return str(fmt.format_str) if fmt is not None else ""
