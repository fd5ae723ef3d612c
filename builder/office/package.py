"""Deterministic bytes for Office files (pure).

openpyxl and python-docx write each zip entry with the clock's time, and openpyxl's
save_workbook() stamps the workbook's modified date with the clock too. Two builds of the
same report must give the same bytes (so unchanged reports give unchanged files), so the
exporters set the document dates from the report's own data and then rewrite the zip with
every entry at one fixed time, in the original order and compression.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from builder.model import Report

# Characters XML 1.0 cannot hold: lxml (under both libraries) refuses a document with one.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """TEXT without the control characters an Office file cannot hold (a file, not a crash)."""
    return _NOT_XML.sub("", text)


# The earliest time a zip entry can hold; what reproducible-build tools use as well.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def fixed_zip(data: bytes) -> bytes:
    """DATA (a zip) with every entry's time set to ZIP_TIME and no extra fields."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info), compresslevel=6)
    return out.getvalue()


def document_time(report: Report) -> dt.datetime:
    """The date a report's files carry: its publication date, else when the evaluation was
    completed, else 1 January after its year (never the clock)."""
    day = report.disclosure.published or report.evaluation.completed
    if day is None:
        day = dt.date(report.year + 1, 1, 1)
    return dt.datetime(day.year, day.month, day.day)


def workbook_bytes(workbook: Workbook, report: Report) -> bytes:
    """WORKBOOK saved as deterministic .xlsx bytes.

    openpyxl's ExcelWriter is used directly: save_workbook() would stamp the modified date
    with the clock. The kind goes into the `category` property so that importing the
    workbook again knows what kind of report it was."""
    props = workbook.properties
    props.created = props.modified = document_time(report)
    props.creator = props.lastModifiedBy = "jixiao"
    props.title = xml_safe(report.title)
    props.category = report.kind
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return fixed_zip(buffer.getvalue())
