"""The Office files in a built site: with the print products, beside report.pdf."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from test_site_support import REPORT_000, built_site


def test_a_full_build_has_scores_xlsx_with_every_csv_row() -> None:
    site = built_site(pdf=True)
    with (site / "data" / "scores.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    sheet = load_workbook(io.BytesIO((site / "data" / "scores.xlsx").read_bytes())).active
    assert sheet is not None
    cells = list(sheet.iter_rows(values_only=True))
    assert len(cells) == len(rows) > 50
    assert list(cells[0]) == rows[0]
    for made, row in zip(cells[1:], rows[1:], strict=True):
        assert made[2] == int(row[2])  # 年度 a number
        assert [str(v or "") for v in made[3:9]] == row[3:9]
    page = (site / REPORT_000 / "index.html").read_text(encoding="utf-8")
    assert 'href="report.docx" download>下载 Word 版</a>' in page
    assert 'href="report.xlsx" download>下载 Excel 版</a>' in page


def test_a_no_pdf_build_makes_no_office_files_and_offers_none() -> None:
    site = built_site()
    assert not list(site.rglob("report.docx")) and not list(site.rglob("report.xlsx"))
    assert not (site / "data" / "scores.xlsx").exists()
    page = (site / REPORT_000 / "index.html").read_text(encoding="utf-8")
    assert "下载 Word 版" not in page and "下载 Excel 版" not in page
