"""`jixiao import`: filled-in 自评表 workbooks into reports that score exactly as printed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT, run_jixiao
from openpyxl import Workbook, load_workbook

from builder.office.importform import read_form
from builder.office.importwrite import import_form
from builder.office.workbook import read_xlsx
from builder.office.xlsxtables import report_xlsx
from builder.pipeline import run as pipeline

sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "office"))
import forms


def _import(form: Path, tmp_path: Path, *extra: str) -> tuple[int, str, str, Path]:
    folder = tmp_path / "content" / "demo-unit" / "2023" / "demo"
    result = run_jixiao("import", str(form), "--to", str(folder), *extra)
    return result.returncode, result.stdout, result.stderr, folder


def _score(folder: Path) -> pipeline.Evaluated:
    evaluated = pipeline.check([folder])
    assert not evaluated.has_errors, [d.message for d in evaluated.diagnostics]
    return evaluated


def test_a_mof_layout_form_imports_and_scores_exactly_as_printed(tmp_path: Path) -> None:
    form = forms.mof_form(tmp_path / "mof.xlsx")
    code, out, err, folder = _import(form, tmp_path)
    assert code == 0, err
    card = _score(folder).cards[0]
    assert card.total == Decimal(forms.MOF_TOTAL)
    assert card.budget is not None and card.budget.rate == Decimal(forms.MOF_RATE)
    assert f"总分 {card.total}" in out
    # The departing score is kept as the evaluator's, with a warning naming its cell.
    assert f"{form} {forms.MOF_JUDGED_CELL}: 警告 JX810" in err
    text = (folder / "report.yaml").read_text(encoding="utf-8")
    assert "method: judged\n            score: 8 # 项目支出绩效自评表!H14" in text
    assert 'reason: "部分时段服务暂停，次数未达目标"' in text
    leaves = {n.name: n for n in card.scored_nodes()}
    assert leaves["服务合格率"].indicator.actual == "98%"  # 0.98 with a % format
    assert leaves["服务老人人数"].method == "ratio"
    assert leaves["人均补贴标准"].method == "reverse"
    assert leaves["老人满意度"].indicator.actual == "95.12%"
    assert leaves["经济效益指标"].method == "not-applicable"  # the 「——」 row
    assert card.budget.unit == "万元"
    assert [line.name for line in card.budget.lines] == ["当年财政拨款", "上年结转资金"]
    assert card.report.project is not None
    assert card.report.project.name == "社区居家养老服务补贴"
    assert (folder / "report.md").is_file()
    assert (folder.parent.parent / "unit.yaml").read_text(encoding="utf-8").count("示例区民政局")


def test_nature_and_unit_columns_and_a_sign_off_row(tmp_path: Path) -> None:
    form = forms.nature_form(tmp_path / "nature.xlsx")
    code, _out, err, folder = _import(form, tmp_path)
    assert code == 0, err
    assert "JX810" not in err
    card = _score(folder).cards[0]
    assert card.total == Decimal(forms.NATURE_TOTAL)
    assert card.budget is not None and card.budget.rate == Decimal(forms.NATURE_RATE)
    leaves = {n.name: n for n in card.scored_nodes()}
    assert leaves["整治点位数"].indicator.target == "≥30个"
    assert leaves["整治点位数"].indicator.actual == "32个"
    assert leaves["清运垃圾量"].score == Decimal("9.00")
    assert leaves["验收合格率"].indicator.target == "≥95%"  # a % cell, unit column 「%」
    assert leaves["单点整治成本"].method == "reverse"  # 反向
    assert leaves["居民满意度"].indicator.actual == "93.5%"
    assert leaves["生态效益指标"].method == "not-applicable"
    assert leaves["居民环境满意提升"].method == "judged"
    assert [g.name for g in card.groups] == ["预算执行率", "产出指标", "效益指标", "满意度指标"]
    report = card.report
    assert report.evaluation.evaluator == "示例街道城市管理办公室"
    assert str(report.evaluation.completed) == "2024-03-15"
    assert report.title == "2023年度街道环境综合整治项目支出绩效自评表"
    assert report.project is not None and report.project.code == "440300230000000000017"


def test_every_example_round_trips_through_its_report_xlsx() -> None:
    evaluated = pipeline.check([CONTENT])
    assert len(evaluated.cards) == 7
    for card in evaluated.cards:
        sheets, kind = read_xlsx(report_xlsx(card))
        assert kind == card.report.kind
        form = read_form(sheets, "report.xlsx")
        profile = evaluated.content.profiles[kind]
        unit, folder, year = card.report.unit, card.report.folder, card.report.year
        imported = import_form(form, profile, unit, folder, year, [])
        assert not [d for d in imported.diagnostics if d.is_error], folder
        assert imported.total == card.total, folder
        assert imported.rate == (card.budget.rate if card.budget else None), folder


def _broken_form(path: Path) -> Path:
    forms.nature_form(path)
    book = load_workbook(path)
    ws = book["自评表"]
    ws["H12"] = "二十"  # a weight in words
    ws["I13"] = None  # a score left blank
    book.save(path)
    return path


def test_errors_name_file_sheet_and_cell_all_at_once_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    form = _broken_form(tmp_path / "broken.xlsx")
    code, out, err, _folder = _import(form, tmp_path)
    assert code == 1
    assert f"{form} 自评表!H12: 错误 JX804" in err and "「二十」" in err
    assert f"{form} 自评表!I13: 错误 JX805" in err
    assert "没有写入任何文件" in err and out == ""
    assert not (tmp_path / "content").exists()


def test_an_existing_report_is_never_overwritten(tmp_path: Path) -> None:
    form = forms.nature_form(tmp_path / "nature.xlsx")
    folder = tmp_path / "content" / "demo-unit" / "2023" / "demo"
    folder.mkdir(parents=True)
    (folder / "report.yaml").write_text("mine\n", encoding="utf-8")
    code, _out, err, _ = _import(form, tmp_path)
    assert code == 1 and "JX806" in err and "不会覆盖" in err
    assert (folder / "report.yaml").read_text(encoding="utf-8") == "mine\n"
    assert not (folder / "report.md").exists()


def test_a_form_of_another_year_than_its_folder_is_refused(tmp_path: Path) -> None:
    form = forms.nature_form(tmp_path / "nature.xlsx")
    folder = tmp_path / "content" / "demo-unit" / "2024" / "demo"
    result = run_jixiao("import", str(form), "--to", str(folder))
    assert result.returncode == 1
    assert f"{form} 自评表!A1: 错误 JX809" in result.stderr
    assert not folder.exists()


def test_a_workbook_without_the_form_or_not_a_workbook_says_what_to_do(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xlsx"
    book = Workbook()
    assert book.active is not None
    book.active["A1"] = "三级指标说明：见填表说明"
    book.save(empty)
    code, _out, err, _ = _import(empty, tmp_path)
    assert code == 1 and "JX802" in err and "--sheet" in err
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    code, _out, err, _ = _import(old, tmp_path)
    assert code == 1 and "JX800" in err and "另存为" in err and ".xlsx" in err


def test_sheet_option_picks_the_sheet(tmp_path: Path) -> None:
    form = forms.mof_form(tmp_path / "mof.xlsx")
    code, _out, err, _ = _import(form, tmp_path, "--sheet", "没有这张表")
    assert code == 1 and "JX803" in err and "填表说明" in err
    code, _out, err, _ = _import(form, tmp_path, "--sheet", "项目支出绩效自评表")
    assert code == 0, err


@pytest.mark.parametrize("bad", ["content/demo", "content/u/20x3/r"])
def test_a_destination_not_shaped_like_a_report_folder_is_a_usage_error(
    tmp_path: Path, bad: str
) -> None:
    form = forms.mof_form(tmp_path / "mof.xlsx")
    result = run_jixiao("import", str(form), "--to", str(tmp_path / bad))
    assert result.returncode == 2 and "--to" in result.stderr


def test_a_sheet_stretched_to_excels_limits_is_read_in_time(tmp_path: Path) -> None:
    form = forms.nature_form(tmp_path / "wide.xlsx")
    book = load_workbook(form)
    book["自评表"]["XFD1048576"] = "末"  # the sheet now spans 1,048,576 × 16,384 cells
    book["自评表"]["I20"] = None  # and the 总分 row no longer ends the indicator rows
    book.save(form)
    began = time.monotonic()
    code, _out, err, _ = _import(form, tmp_path)
    assert time.monotonic() - began < 60
    assert code == 0, err


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice makes the .xls")
def test_an_old_xls_form_imports_like_the_xlsx_it_was_saved_from(tmp_path: Path) -> None:
    form = forms.nature_form(tmp_path / "nature.xlsx")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path / "old"),
            str(form),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    code, _out, err, folder = _import(tmp_path / "old" / "nature.xls", tmp_path)
    assert code == 0, err
    card = _score(folder).cards[0]
    assert card.total == Decimal(forms.NATURE_TOTAL)
    assert card.budget is not None and card.budget.rate == Decimal(forms.NATURE_RATE)
