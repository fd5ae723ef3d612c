"""Typed scalars (pure): a YAML scalar's text as an exact Decimal, an int or a date, or a
located diagnostic saying what is wrong with it. The checkers of validate.py call these.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal, InvalidOperation

from builder.diagnostics import BAD_DATE, BAD_NUMBER, Diagnostic, diag
from builder.schema import Date, Dec, Int
from builder.yamlsrc import RawNode, pos_of

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_INTEGER = re.compile(r"[+-]?\d+")


def parse_decimal(text: str) -> Decimal | None:
    """Exact decimal from what the author wrote; thousands separators allowed."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    if not _NUMBER.match(cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern already guards this
        return None


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
                BAD_NUMBER,
                f"「{where}」应为数字，这里是「{text}」",
                pos_of(node, file),
                "只写数字，如 12 或 8.98；单位和百分号写在别处。",
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
