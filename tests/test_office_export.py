"""report.xlsx, report.docx and data/scores.xlsx: what they hold, and the same bytes each time."""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from conftest import CONTENT
from openpyxl import load_workbook

from builder.office.docx import report_docx
from builder.office.package import ZIP_TIME
from builder.office.xlsxtables import report_xlsx
from builder.pipeline import run as pipeline
from builder.render import render_report
from builder.scoring.engine import ScoreCard

PETITION = "futian-xinfang/2023/petition-affairs"
STATION = "baiyun-jingtai/2023/social-work-station"
WORKERS = "zengcheng-xinfang/2023/social-worker-project"  # has a label: 附件4


def _card(folder: str) -> tuple[ScoreCard, str]:
    evaluated = pipeline.check([CONTENT / folder])
    card = evaluated.cards[0]
    body = render_report(card, evaluated.content.site, prepared=evaluated.prepared_for(card))
    return card, body.body_html


def test_the_self_evaluation_workbook_is_the_official_form() -> None:
    card, _ = _card(PETITION)
    ws = load_workbook(io.BytesIO(report_xlsx(card)))["自评表"]
    assert ws["A1"].value == "项目支出绩效自评表" and ws["A2"].value == "（2023年度）"
    # Numbers are numbers, formatted as the form prints them.
    assert ws["F8"].value == pytest.approx(0.8474) and ws["F8"].number_format == "0.00%"
    assert ws["G8"].value == pytest.approx(8.47) and ws["G8"].number_format == "0.00"
    assert ws["C8"].value == 8454200 and ws["C8"].number_format == "0.00"
    assert ws["A16"].value == "一级指标" and ws["H16"].value == "偏差原因分析及改进措施"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A17:A20", "A21:A24", "A25:A26", "A27:E27", "A1:H1"} <= merged
    assert ws["A27"].value == "总分" and ws["G27"].value == pytest.approx(98.47)
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 and ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$16:$16"


def test_other_kinds_have_a_funds_sheet_and_a_score_sheet() -> None:
    card, _ = _card(STATION)
    book = load_workbook(io.BytesIO(report_xlsx(card)))
    assert book.sheetnames == ["资金情况", "评分表"]
    assert book.properties.category == "key-project-evaluation"
    funds, scores = book["资金情况"], book["评分表"]
    assert funds["A5"].value == "合计" and funds["E5"].number_format == "0.00%"
    rows = list(scores.iter_rows(min_row=3, values_only=True))
    assert rows[0][:7] == ("过程", "资金管理", "预算执行率", "—", "—", 12, 12)
    assert rows[-1][0] == "总分" and rows[-1][6] == pytest.approx(95.48)


def _zip_times(data: bytes) -> set[tuple[int, ...]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.date_time for info in archive.infolist()}


def _core(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("docProps/core.xml").decode("utf-8")


def test_office_files_are_the_same_bytes_every_time_and_dated_by_the_report() -> None:
    card, body = _card(PETITION)
    for make in (lambda: report_xlsx(card), lambda: report_docx(card, body, "发布机构")):
        first = make()
        assert make() == first
        assert _zip_times(first) == {ZIP_TIME}  # never the clock's time
        core = _core(first)
        # created and modified are the report's publication date, not the build's
        for tag in ("created", "modified"):
            assert re.search(f"<dcterms:{tag} [^>]*>2024-09-27T00:00:00Z<", core), core


def test_the_word_document_follows_the_official_style() -> None:
    card, body = _card(PETITION)
    document = docx.Document(io.BytesIO(report_docx(card, body, "发布机构")))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    texts = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert ("", "2023年度信访事务项目支出绩效自评表") in [
        (s if s != "Normal" else "", t) for s, t in texts
    ]
    assert ("Heading 1", "一、自评说明") in texts  # the number is text
    east_asia = document.styles["Normal"].element.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia"))
    assert east_asia == "仿宋_GB2312"
    heading = document.styles["Heading 1"].element.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia"))
    assert heading == "黑体"
    tables = document.tables
    assert len(tables) == 5  # the form: header, funds, goals, indicators, sign-off
    indicators = tables[3]
    assert indicators.cell(0, 0).text == "一级指标"
    assert indicators.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # repeats on every page
    assert indicators.cell(1, 0).text == "产出指标（50分）"
    assert indicators.cell(4, 0).text == "产出指标（50分）"  # merged down its rows
    assert indicators.cell(len(indicators.rows) - 1, 6).text == "98.47"
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert footer._p.xpath("./w:fldSimple[@w:instr='PAGE']")


def test_a_report_label_and_narrative_tables_reach_the_word_document() -> None:
    card, body = _card(WORKERS)
    document = docx.Document(io.BytesIO(report_docx(card, body)))
    texts = [p.text for p in document.paragraphs]
    assert texts[:2] == ["附件4", card.report.title]
    assert "项目资金情况" in texts and "单位：万元" in texts
    funds = document.tables[0]
    assert [c.text for c in funds.rows[0].cells][:3] == ["资金来源", "年初预算数", "全年预算数"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice: scripts/office_check.sh")
def test_libreoffice_opens_both_files_with_tables_and_figures(tmp_path: Path) -> None:
    card, body = _card(PETITION)
    (tmp_path / "form.xlsx").write_bytes(report_xlsx(card))
    (tmp_path / "report.docx").write_bytes(report_docx(card, body))
    for name in ("form.xlsx", "report.docx"):
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp_path}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(tmp_path / name),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        pdf = tmp_path / name.replace(".xlsx", ".pdf").replace(".docx", ".pdf")
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for figure in ("84.74%", "98.47", "8454200.00", "信访一次性化解率", "偏差原因"):
            assert figure in text, (name, figure)


def test_scores_xlsx_has_the_csv_columns_with_numbers_as_numbers() -> None:
    from builder.office.scoresxlsx import scores_xlsx

    head = "索引号,单位,年度,报告,报告类型,一级指标,二级指标,三级指标,评分方法,分值,得分,得分率（%）,指标值,实际完成值,扣分原因,报告页面\r\n"
    row = "a/2024-00001,单位,2023,报告,自评表,产出,数量,人数,ratio,15,13.50,90.00,≥20人,18人,,a/index.html\r\n"
    na = (
        "a/2024-00001,单位,2023,报告,自评表,效益,经济,,not-applicable,0,不适用,,,,,a/index.html\r\n"
    )
    import datetime as dt

    data = scores_xlsx("\ufeff" + head + row + na, dt.date(2024, 6, 28))
    ws = load_workbook(io.BytesIO(data)).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == next(csv.reader([head.strip()]))
    assert rows[1][2] == 2023 and rows[1][9] == 15 and rows[1][10] == pytest.approx(13.5)
    assert rows[1][11] == pytest.approx(90) and rows[1][12] == "≥20人"
    assert rows[2][10] == "不适用"
    assert ws["K2"].number_format == "0.00"
    assert Decimal(str(rows[1][10])) == Decimal("13.5")


def test_control_characters_in_the_text_do_not_break_the_files() -> None:
    card, body = _card(PETITION)
    odd = dataclasses.replace(card.report, title="信访\x01事务\x0b自评表", label="附件\x02")
    card = dataclasses.replace(card, report=odd)
    book = load_workbook(io.BytesIO(report_xlsx(card)))
    assert book.properties.title == "信访事务自评表"
    document = docx.Document(io.BytesIO(report_docx(card, body.replace("信访", "信\x1f访"))))
    assert [p.text for p in document.paragraphs][:2] == ["附件", "信访事务自评表"]
