"""The indicator rows of an imported 自评表 (pure).

Excel stores the tree loosely: a 一级 name merged over its rows or written once with the
cells below left blank (same as above), a 二级 row without 三级 merged across both
columns, 「产出指标（50分）」 with its weight in the name, 「——」 rows, targets split
into 指标性质 (正向/反向) and 度量单位 columns. Each row becomes an IndicatorRow with its
path in the tree and the cells it came from.
"""

from __future__ import annotations

import re
from decimal import Decimal

from builder.office import codes
from builder.office.formdata import DASHES, Form, IndicatorRow
from builder.office.grid import Sheet, Value, label
from builder.scoring.quantity import parse_quantity

TOTAL_LABELS = {"总分", "合计", "总计", "自评总分", "总得分"}
SIGN_OFF = (
    "填报单位",
    "填表单位",
    "单位负责人",
    "填表人",
    "填报人",
    "联系电话",
    "填报日期",
    "审核人",
)
_GROUP_WEIGHT = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]$")
_BARE_NUMBER = re.compile(r"^\s*([≥≤><=＞＜＝≧≦]?)\s*[+-]?\d[\d,]*(?:\.\d+)?\s*$")
NATURE = {"正向": "≥", "正向指标": "≥", "反向": "≤", "反向指标": "≤", "等于": "="}


def cell_number(sheet: Sheet, row: int, column: int, form: Form, what: str) -> Decimal | None:
    """The number in a cell (None when blank or a dash); an error naming it when it is words."""
    value = sheet.at(row, column)
    if value.number is not None:
        return value.number
    text = value.text.replace(",", "").replace("，", "")
    if label(text) in DASHES:
        return None
    quantity = parse_quantity(text)
    if quantity is not None and quantity.comparator is None and quantity.unit in ("", "分", "元"):
        return quantity.number
    form.problem(
        codes.IMPORT_BAD_NUMBER,
        f"{what}应为数字，而单元格中是「{value.text}」",
        sheet.ref(row, column),
        "请填写数字（可带小数），不要带单位或文字。",
    )
    return None


def _name(text: str) -> str:
    name = _GROUP_WEIGHT.sub("", re.sub(r"\s+", "", text))
    return "" if name in DASHES else name


def _names(sheet: Sheet, row: int, levels: list[int], above: list[str]) -> list[str]:
    """The row's level names; a blank cell under a named one means the same as above."""
    names: list[str] = []
    for i, column in enumerate(levels):
        if i and sheet.origin(row, column) == sheet.origin(row, levels[i - 1]):
            names.append("")  # one cell merged across both levels: a shallower node
            continue
        text = sheet.text(row, column)
        merged = sheet.is_merged_cell(row, column)
        deeper = any(sheet.text(row, c) for c in levels[i + 1 :])
        same_parents = all(names[j] == above[j] for j in range(min(i, len(above))))
        if not text and not merged and deeper and i < len(above) and above[i] and same_parents:
            text = above[i]
        names.append(_name(text))
    return names


def _quantity(value: Value, unit: str, nature: str) -> str | None:
    """A target or actual as the quantity syntax reads it: 「90」 with unit 「%」 and nature
    「正向」 → 「≥90%」."""
    text = re.sub(r"\s+", "", value.text)
    if label(text) in DASHES - {"不适用"} or not text:
        return None
    bare = _BARE_NUMBER.match(text)
    if bare and not value.percent and unit and unit not in DASHES:
        text += unit
    comparator = NATURE.get(nature)
    quantity = parse_quantity(text)
    if comparator and quantity is not None and quantity.comparator is None:
        text = comparator + text
    return text


def read_rows(sheet: Sheet, header: tuple[int, dict[str, int]], form: Form) -> None:
    head, columns = header
    levels = [columns[k] for k in ("level1", "level2", "level3") if k in columns]
    above: list[str] = []
    for row in range(head + 1, sheet.rows + 1):
        own = [label(sheet.values[(row, c)].text) for c in sheet.filled.get(row, ())]
        first = next((t for t in own if t), "")
        if not first:  # a row of merged cells from above holds no value of its own
            first = next((t for t in (label(sheet.text(row, c)) for c in levels) if t), "")
        if first in TOTAL_LABELS:
            form.total = cell_number(sheet, row, columns["score"], form, "总分")
            form.total_ref = sheet.ref(row, columns["score"])
            break
        if any(first.startswith(s) for s in SIGN_OFF):
            break
        if not first:
            continue
        names = _names(sheet, row, levels, above)
        above = names
        parsed = _row(sheet, row, columns, names, levels, form)
        if parsed is not None:
            form.rows.append(parsed)


def _row(
    sheet: Sheet,
    row: int,
    columns: dict[str, int],
    names: list[str],
    levels: list[int],
    form: Form,
) -> IndicatorRow | None:
    path = tuple(n for n in names if n)

    def text(key: str) -> Value:
        return sheet.at(row, columns[key]) if key in columns else Value("")

    unit, nature = label(text("unit").text), label(text("nature").text)
    target = _quantity(text("target"), unit, nature)
    actual = _quantity(text("actual"), unit, "")  # 正向/反向 says how to compare the target
    score_text = label(text("score").text)
    weight_text = label(text("weight").text)
    words = {label(text(k).text) for k in ("target", "actual")} | {
        label(sheet.text(row, c)) for c in levels
    }
    if not path and weight_text in DASHES and score_text in DASHES:
        return None  # a 「——」 row: nothing to import
    refs = {k: sheet.ref(row, c) for k, c in columns.items()}
    if not path:
        form.problem(
            codes.IMPORT_MISSING,
            "这一行有分值或得分，但没有指标名称",
            sheet.ref(row, levels[0]),
            "请填写一级、二级或三级指标的名称。",
        )
        return None
    weight = cell_number(sheet, row, columns["weight"], form, f"「{path[-1]}」的分值")
    not_applicable = score_text in DASHES and ("不适用" in words or not weight)
    score = None
    if not not_applicable:
        score = cell_number(sheet, row, columns["score"], form, f"「{path[-1]}」的得分")
        if score is None and score_text in DASHES:
            form.problem(
                codes.IMPORT_MISSING,
                f"指标「{path[-1]}」没有得分",
                refs["score"],
                "请填写得分；不适用的指标请在指标值或实际完成值中写「不适用」。",
            )
    if weight is None and not not_applicable and weight_text in DASHES:
        form.problem(
            codes.IMPORT_MISSING, f"指标「{path[-1]}」没有分值", refs["weight"], "请填写分值。"
        )
    reason = re.sub(r"\s+", "", text("reason").text)
    return IndicatorRow(
        path=path,
        target=target,
        actual=actual,
        weight=weight,
        score=score,
        reason=None if reason in DASHES else text("reason").text.strip(),
        not_applicable=not_applicable,
        refs=refs,
        row_ref=sheet.ref(row, levels[0]),
    )
