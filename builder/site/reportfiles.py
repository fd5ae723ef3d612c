"""A report's files besides its page (shell: writes them): its search document and, with
the print products, its office documents."""

from __future__ import annotations

from pathlib import Path

from builder.render import RenderedReport
from builder.scoring.engine import ScoreCard
from builder.search.text import SOURCE, indexed_text, search_document
from builder.site.entries import Entry
from builder.site.files import make_folder, write_bytes, write_file

XLSX = "report.xlsx"
DOCX = "report.docx"


def write_office(folder: Path, card: ScoreCard, body: RenderedReport, publisher: str) -> None:
    """report.xlsx and report.docx beside the PDF: made with the print products only,
    as they cost about as much as the rest of a report's page (measured; see README)."""
    # Imported here: openpyxl and python-docx are not needed by a --no-pdf build.
    from builder.office.docx import report_docx
    from builder.office.xlsxtables import report_xlsx

    write_bytes(folder / XLSX, report_xlsx(card))
    write_bytes(folder / DOCX, report_docx(card, body.body_html, publisher))


def write_search_document(staging: Path, entry: Entry, body_html: str, index_no: str) -> None:
    """What Pagefind reads of the report: its text, filters and the fields a result shows."""
    path = staging / SOURCE / entry.page
    make_folder(path.parent)
    year = str(entry.year)
    document = search_document(
        entry.title,
        indexed_text(entry.title, body_html),
        [
            ("年度", year),
            ("单位", entry.unit_name),
            ("类型", entry.kind_name),
            ("等级", entry.grade),
        ],
        [
            ("单位", entry.unit_name),
            ("年度", year),
            ("类型", entry.kind_name),
            ("等级", entry.grade),
            ("发布日期", entry.date_text),
            ("索引号", index_no),
        ],
    )
    write_file(path, document)
