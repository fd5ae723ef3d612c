"""What an imported 自评表 holds, as read from the workbook (pure data)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from builder.diagnostics import Code, Diagnostic, Pos, diag

# What a cell holds when there is nothing to say: 「——」, 「/」, 「不适用」 …
DASHES = {"", "—", "——", "-", "--", "－", "/", "／", "无", "不适用", "—/—"}


@dataclass
class Cellref:
    text: str
    ref: str


@dataclass
class IndicatorRow:
    path: tuple[str, ...]
    target: str | None
    actual: str | None
    weight: Decimal | None
    score: Decimal | None
    reason: str | None
    not_applicable: bool
    refs: dict[str, str]  # field → 「自评表!F14」
    row_ref: str


@dataclass
class FundLine:
    name: str
    initial: Decimal | None
    adjusted: Decimal
    executed: Decimal
    ref: str


@dataclass
class Funds:
    unit: str
    lines: list[FundLine]
    weight: Decimal | None = None  # 分值 of 年度资金总额: the 预算执行率 indicator
    score: Decimal | None = None
    rate: str | None = None  # 执行率 as printed
    refs: dict[str, str] = field(default_factory=dict)


@dataclass
class Form:
    file: str
    sheet: str
    title: str | None = None
    year: int | None = None
    year_ref: str = ""
    fields: dict[str, Cellref] = field(default_factory=dict)  # 项目名称 … → value
    expected: str | None = None
    achieved: str | None = None
    funds: Funds | None = None
    rows: list[IndicatorRow] = field(default_factory=list)
    total: Decimal | None = None
    total_ref: str = ""
    evaluator: str | None = None
    completed: dt.date | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def problem(self, code: Code, message: str, ref: str, hint: str = "") -> None:
        self.diagnostics.append(diag(code, message, Pos(f"{self.file} {ref}"), hint))
