"""Finding the 项目支出绩效自评表 in a workbook by its labels, not by fixed positions (pure).

Real forms vary: the indicator table may start in any column, have 指标性质 and 度量单位
columns in any order, a two-row title, a sign-off row, an extra 填表说明 sheet. What is
fixed is the wording of the labels, so each block is found by them: the indicator header
(一级指标 … 得分), the funds block (年度资金总额, 全年预算数 …), 项目名称 and the other
header fields, 预期目标 / 实际完成情况, 总分, 填报单位 and 填报日期.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from decimal import Decimal

from builder.office import codes
from builder.office.formdata import DASHES, Cellref, Form, FundLine, Funds
from builder.office.grid import Sheet, Value, label
from builder.office.importrows import cell_number, read_rows

# Header label → field, the first of each list being the form's own wording.
COLUMNS = {
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标",),
    "nature": ("指标性质",),
    "target": ("年度指标值", "指标值", "年度目标值", "目标值", "预期指标值"),
    "unit": ("度量单位", "计量单位", "单位"),
    "actual": ("实际完成值", "全年实际值", "实际值", "完成值"),
    "weight": ("分值", "权重", "指标分值"),
    "score": ("得分", "自评得分"),
    "reason": ("偏差原因分析及改进措施", "偏差原因分析", "偏差原因", "未完成原因分析", "扣分原因"),
}
_YEAR = re.compile(r"(20\d\d)\s*年")
_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
FUND_NAMES = ("当年财政拨款", "上年结转资金", "其他资金")


def find_labels(sheet: Sheet, wanted: set[str]) -> list[tuple[int, int, str]]:
    """(row, column, label) of each cell whose label is one of WANTED, in reading order."""
    found = []
    for (row, column), value in sorted(sheet.values.items()):
        name = label(value.text)
        if name in wanted:
            found.append((row, column, name))
    return found


def indicator_header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """The indicator table's header row and the column of each field in it."""
    for row, _column, _ in find_labels(sheet, {"三级指标", "二级指标"}):
        columns: dict[str, int] = {}
        for column in range(1, sheet.columns + 1):
            if sheet.origin(row, column)[1] != column:
                continue  # the rest of a merged header cell
            name = label(sheet.text(row, column))
            for key, names in COLUMNS.items():
                if key not in columns and any(name.startswith(n) for n in names):
                    if key == "unit" and name not in names:
                        continue  # 「单位」 must be the whole label
                    columns[key] = column
                    break
        if "weight" in columns and "score" in columns:
            return row, columns
    return None


def read_form(sheets: list[Sheet], file: str, kind_sheet: str | None = None) -> Form:
    """The form's contents; problems in form.diagnostics (all of them, each naming its cell)."""
    found = [(s, indicator_header(s)) for s in sheets]
    with_table = [(s, h) for s, h in found if h is not None]
    form = Form(file, with_table[0][0].name if with_table else (kind_sheet or sheets[0].name))
    if not with_table:
        form.problem(
            codes.IMPORT_NO_FORM,
            "找不到指标表：没有同时含「三级指标」（或「二级指标」）、「分值」和「得分」的表头行",
            form.sheet,
            "请确认这是项目支出绩效自评表；如在其他工作表，请用 --sheet 指定。",
        )
        return form
    sheet, header = with_table[0]
    assert header is not None
    _heading(sheets, form)
    _fields(sheets, form)
    _goals(sheets, form)
    form.funds = _funds(sheets, form)
    read_rows(sheet, header, form)
    _sign_off(sheets, form)
    return form


def _heading(sheets: list[Sheet], form: Form) -> None:
    for sheet in sheets:
        for (row, column), value in sorted(sheet.values.items()):
            text = value.text
            if form.title is None and ("自评表" in text or "评价报告" in text) and len(text) < 80:
                form.title = re.sub(r"\s+", "", text)
            match = _YEAR.search(text)
            if form.year is None and match and ("年度" in text or "自评表" in text):
                form.year = int(match.group(1))
                form.year_ref = sheet.ref(row, column)
    for sheet in sheets:
        for row, column, _ in find_labels(sheet, {"年度"}):
            beside = _right_of(sheet, row, column)
            if beside and re.fullmatch(r"20\d\d(年度?)?", beside.text):
                form.year = int(beside.text[:4])
                form.year_ref = sheet.ref(row, column + 1)


def _right_of(sheet: Sheet, row: int, column: int) -> Value | None:
    """The first value right of a label (skipping the rest of the label's merged cells)."""
    origin = sheet.origin(row, column)
    for c in range(column + 1, sheet.columns + 1):
        if sheet.origin(row, c) == origin:
            continue
        value = sheet.at(row, c)
        return value if value.text else None
    return None


_FIELDS = ("项目名称", "项目编码", "主管部门", "实施单位", "项目单位", "预算单位")


def _fields(sheets: list[Sheet], form: Form) -> None:
    for sheet in sheets:
        for (row, column), value in sorted(sheet.values.items()):
            text = value.text
            for name in _FIELDS:
                if name in form.fields or not re.sub(r"\s+", "", text).startswith(name):
                    continue
                rest = label(text)[len(name) :].lstrip(":：（）()")
                if rest:  # 「项目名称：信访事务」 in one cell
                    form.fields[name] = Cellref(rest, sheet.ref(row, column))
                    continue
                beside = _right_of(sheet, row, column)
                if beside is not None and label(beside.text) not in _FIELDS:
                    form.fields[name] = Cellref(beside.text, sheet.ref(row, column + 1))


def _goals(sheets: list[Sheet], form: Form) -> None:
    for sheet in sheets:
        for row, column, name in find_labels(sheet, {"预期目标", "实际完成情况"}):
            origin = sheet.origin(row, column)
            below = next(
                (
                    sheet.at(r, column)
                    for r in range(row + 1, sheet.rows + 1)
                    if sheet.origin(r, column) != origin
                ),
                None,
            )
            text = below.text if below is not None else ""
            if label(text) in {"实际完成情况", "预期目标", *DASHES}:
                continue
            if name == "预期目标" and form.expected is None:
                form.expected = text
            elif name == "实际完成情况" and form.achieved is None:
                form.achieved = text


def _funds(sheets: list[Sheet], form: Form) -> Funds | None:
    for sheet in sheets:
        heads = find_labels(sheet, {"全年预算数"})
        if heads:
            return _funds_in(sheet, heads[0][0], form)
    return None


def _funds_in(sheet: Sheet, head: int, form: Form) -> Funds:
    columns: dict[str, int] = {}
    unit = "元"
    for column in range(1, sheet.columns + 1):
        name = label(sheet.text(head, column))
        key = {"年初预算数": "initial", "全年预算数": "adjusted", "全年执行数": "executed"}.get(
            name, {"分值": "weight", "执行率": "rate", "得分": "score"}.get(name)
        )
        if key and key not in columns:
            columns[key] = column
        if "万元" in name:
            unit = "万元"
    around = " ".join(sheet.text(r, c) for r in (head - 1, head) for c in range(1, 4))
    if "万元" in around:
        unit = "万元"
    name_column = min(columns.values(), default=2) - 1
    funds = Funds(unit, [])
    for row in range(head + 1, sheet.rows + 1):
        name = label(sheet.text(row, max(name_column, 1)))
        if not name or "executed" not in columns or "adjusted" not in columns:
            break
        if name in ("年度资金总额", "合计", "资金总额", "总计"):
            _fund_total(sheet, row, columns, funds, form)
            continue
        if name in ("预期目标", "年度总体目标", "一级指标") or len(name) > 20:
            break
        adjusted = cell_number(sheet, row, columns["adjusted"], form, f"「{name}」的全年预算数")
        executed = cell_number(sheet, row, columns["executed"], form, f"「{name}」的全年执行数")
        initial = None
        if "initial" in columns:
            initial = cell_number(sheet, row, columns["initial"], form, f"「{name}」的年初预算数")
        if adjusted is None and executed is None and initial is None:
            continue
        funds.lines.append(
            FundLine(
                name,
                initial,
                adjusted or Decimal(0),
                executed or Decimal(0),
                sheet.ref(row, max(name_column, 1)),
            )
        )
    return funds


def _fund_total(sheet: Sheet, row: int, columns: dict[str, int], funds: Funds, form: Form) -> None:
    if "weight" in columns:
        funds.weight = cell_number(sheet, row, columns["weight"], form, "预算执行率的分值")
        funds.refs["weight"] = sheet.ref(row, columns["weight"])
    if "score" in columns:
        funds.score = cell_number(sheet, row, columns["score"], form, "预算执行率的得分")
        funds.refs["score"] = sheet.ref(row, columns["score"])
        if funds.weight and funds.score is None and not form.diagnostics:
            form.problem(
                codes.IMPORT_MISSING,
                "年度资金总额一行有分值，但没有得分",
                funds.refs["score"],
                "请填写预算执行率的得分。",
            )
    if "rate" in columns:
        rate = sheet.at(row, columns["rate"])
        funds.rate = rate.text if label(rate.text) not in DASHES else None
        funds.refs["rate"] = sheet.ref(row, columns["rate"])
    funds.refs["total"] = sheet.ref(row, 1)


def _sign_off(sheets: list[Sheet], form: Form) -> None:
    for sheet in sheets:
        for (row, column), value in sorted(sheet.values.items()):
            text = re.sub(r"\s+", "", value.text)
            for name in ("填报单位", "填表单位"):
                if text.startswith(name) and form.evaluator is None:
                    rest = re.sub(r"^[（(]盖章[）)]", "", text[len(name) :]).lstrip(":：")
                    if not rest:
                        beside = _right_of(sheet, row, column)
                        rest = beside.text if beside else ""
                    form.evaluator = rest.split("填报日期")[0] or None
            if "填报日期" in text and form.completed is None:
                beside = _right_of(sheet, row, column)
                match = _DATE.search(text.split("填报日期", 1)[1]) or (
                    _DATE.search(beside.text) if beside else None
                )
                if match:
                    with contextlib.suppress(ValueError):  # 2月30日: no date, not a crash
                        form.completed = dt.date(*map(int, match.groups()))
