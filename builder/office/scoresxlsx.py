"""data/scores.xlsx: the open data's scores.csv as one Excel sheet, numbers as numbers (pure).

The same columns and rows as scores.csv (it is made from that file's text, so the two
cannot disagree); 年度, 分值, 得分 and 得分率 are numbers, the rest text. openpyxl's
write-only mode: a big site has tens of thousands of rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.writer.excel import ExcelWriter

from builder.office.package import fixed_zip, xml_safe

# Column widths (Excel's units, about one Latin character) by title; others 12.
WIDTHS = {"索引号": 24, "单位": 26, "年度": 6, "报告": 44, "报告类型": 20, "三级指标": 24}
WIDTHS |= {"扣分原因": 30, "报告页面": 40, "分值": 7, "得分": 8, "得分率（%）": 10}
NUMERIC = {"年度": "0", "分值": "General", "得分": "0.00", "得分率（%）": "0.00"}


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def scores_xlsx(csv_text: str, day: dt.date) -> bytes:
    """CSV_TEXT (scores.csv, its BOM allowed) as .xlsx bytes dated DAY (never the clock)."""
    rows = csv.reader(io.StringIO(csv_text.removeprefix("\ufeff")))
    head = next(rows, [])
    workbook = Workbook(write_only=True)
    ws: WriteOnlyWorksheet = workbook.create_sheet("得分")
    ws.freeze_panes = "A2"
    for index, title in enumerate(head, start=1):
        # write-only sheets keep column widths too (before the first row); not in the stubs
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS.get(title, 12)  # type: ignore[attr-defined]
    bold = Font(bold=True)
    header = []
    for title in head:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    formats = [NUMERIC.get(title) for title in head]
    for row in rows:
        out: list[object] = []
        for text, fmt in zip(row, formats, strict=False):
            number = _number(text) if fmt and text else None
            if number is None:
                out.append(xml_safe(text))
                continue
            # openpyxl writes a Decimal's own digits (its stubs list float only): exact.
            cell = WriteOnlyCell(ws, value=number)  # type: ignore[arg-type]
            cell.number_format = fmt or "General"
            out.append(cell)
        ws.append(out)
    props = workbook.properties
    props.created = props.modified = dt.datetime(day.year, day.month, day.day)
    props.creator = props.lastModifiedBy = "jixiao"
    props.title = "绩效评价指标得分"
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return fixed_zip(buffer.getvalue())
