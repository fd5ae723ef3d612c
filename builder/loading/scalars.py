"""Typed scalars (pure): a YAML scalar's text as an exact Decimal, an int or a date, or a
located diagnostic saying what is wrong with it. The checkers of validate.py call these.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from decimal import Decimal

from builder.diagnostics import BAD_AMOUNT, BAD_DATE, BAD_NUMBER, Diagnostic, diag
from builder.loading.schema import Date, Dec, Int
from builder.loading.yamlsrc import RawNode, pos_of

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_INTEGER = re.compile(r"[+-]?\d+")

# The one amount grammar (README「金额的写法」), applied after NFKC folds full-width
# digits, ，and ． to ASCII: an optional sign, digits (grouped by commas in threes, or not
# at all), an optional point and decimals. ASCII digits only: \d would also take other
# scripts' digits, which Decimal reads but no reader of the report would.
_AMOUNT = re.compile(
    r"(?P<sign>[+-]?)(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.(?P<dec>[0-9]*))?", re.ASCII
)
# The size bound: more than any budget in 元 (10^15 is a thousand trillion) and finer
# than any rate; it keeps every sum and quotient far inside Decimal's 28 digits.
MAX_INTEGER_DIGITS = 15
MAX_DECIMALS = 6
AMOUNT_HINT = (
    "金额、分值和得分只写阿拉伯数字：可带小数点，千位可用逗号分隔（每组 3 位，如 1,234,567.89），"
    f"整数部分最多 {MAX_INTEGER_DIGITS} 位、小数最多 {MAX_DECIMALS} 位；"
    "不写汉字数字、百分号、单位、科学计数法或下划线。"
)


def parse_decimal(text: str) -> Decimal | None:
    """TEXT as an exact Decimal when it follows the amount grammar, else None."""
    folded = unicodedata.normalize("NFKC", text).strip()
    match = _AMOUNT.fullmatch(folded)
    if match is None:
        return None
    digits, decimals = match.group("int") or "", match.group("dec")
    if not digits and not decimals:
        return None  # "", "+", "." or "-.": no digit at all
    digits = digits.replace(",", "")
    if len(digits.lstrip("0")) > MAX_INTEGER_DIGITS or len(decimals or "") > MAX_DECIMALS:
        return None
    number = f"{match.group('sign')}{digits or '0'}"
    return Decimal(f"{number}.{decimals}" if decimals else number)


def within_bound(value: Decimal) -> bool:
    """Whether VALUE keeps the grammar's size bound (for numbers read by other parsers,
    such as the quantities of targets and actuals)."""
    if not value.is_finite():
        return False
    exponent = int(value.as_tuple().exponent)
    integer_digits = value.adjusted() + 1 if value else 0
    return integer_digits <= MAX_INTEGER_DIGITS and -exponent <= MAX_DECIMALS


# The same few numbers recur in every report (weights, scores): each parsed once. A
# Decimal is immutable, so sharing one is safe.
_decimal_of = functools.lru_cache(maxsize=4096)(parse_decimal)


def decimal(
    node: RawNode, file: str, spec: Dec, diags: list[Diagnostic], where: str
) -> Decimal | None:
    text = str(node.value)
    value = _decimal_of(text)
    if value is None:
        diags.append(
            diag(
                BAD_AMOUNT,
                f"「{where}」不是符合写法的数字：「{_shown(text)}」",
                pos_of(node, file),
                AMOUNT_HINT,
            )
        )
        return None
    if spec.minimum is not None and value < spec.minimum:
        diags.append(
            diag(
                BAD_NUMBER,
                f"「{where}」不能小于 {spec.minimum}",
                pos_of(node, file),
                "请检查符号。",
            )
        )
        return None
    return value


def _shown(text: str) -> str:
    """TEXT as quoted in a message: a 100-digit paste is cut, not printed whole."""
    return text if len(text) <= 40 else f"{text[:37]}…"


def integer(node: RawNode, file: str, spec: Int, diags: list[Diagnostic], where: str) -> int | None:
    text = str(node.value)
    stripped = text.strip()
    if not _INTEGER.fullmatch(stripped):
        diags.append(
            diag(
                BAD_NUMBER,
                f"「{where}」应为整数，这里是「{text}」",
                pos_of(node, file),
                "如 2023。",
            )
        )
        return None
    value = int(stripped)
    low, high = spec.minimum, spec.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        diags.append(
            diag(
                BAD_NUMBER,
                f"「{where}」的值 {value} 超出范围 {low}–{high}",
                pos_of(node, file),
                "请检查是否多打或少打了数字。",
            )
        )
        return None
    return value


def date(
    node: RawNode, file: str, spec: Date, diags: list[Diagnostic], where: str
) -> dt.date | None:
    text = str(node.value)
    match = _DATE.match(text.strip())
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    diags.append(
        diag(
            BAD_DATE,
            f"「{where}」不是有效日期：「{text}」",
            pos_of(node, file),
            "日期写作 YYYY-MM-DD，如 2024-06-28，并确认该日存在。",
        )
    )
    return None
