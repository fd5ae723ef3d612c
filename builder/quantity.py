"""Target and actual values as written in the forms: `≥90%`, `≦8454200元`, `不低于20名`.

Pure module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from builder.memo import once

# Longest spellings first so "不低于" is not read as "不" + "低于".
_COMPARATORS = {
    ">=": "≥",
    "≥": "≥",
    "≧": "≥",
    "＞＝": "≥",
    "不低于": "≥",
    "不少于": "≥",
    "不小于": "≥",
    "大于等于": "≥",
    "大于或等于": "≥",
    "<=": "≤",
    "≤": "≤",
    "≦": "≤",
    "＜＝": "≤",
    "不超过": "≤",
    "不高于": "≤",
    "不大于": "≤",
    "不多于": "≤",
    "小于等于": "≤",
    "小于或等于": "≤",
    ">": ">",
    "＞": ">",
    "大于": ">",
    "高于": ">",
    "<": "<",
    "＜": "<",
    "小于": "<",
    "低于": "<",
    "=": "=",
    "＝": "=",
    "等于": "=",
}
_COMPARATOR_RE = "|".join(re.escape(c) for c in sorted(_COMPARATORS, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"^\s*(?P<cmp>{_COMPARATOR_RE})?\s*(?P<num>[+-]?\d[\d,，]*(?:\.\d+)?|[+-]?\.\d+)\s*(?P<unit>.*?)\s*$"
)
# A unit is "%" or a short measure word such as 个, 人次, 万元, 小时, 元/人.
_UNIT = re.compile(r"^(%|％|[^\d\s%％]{0,4}|[^\d\s%％]{1,3}/[^\d\s%％]{1,3})$")
_UNIT_ALIASES = {"％": "%", "个百分点": "%", "名": "人"}


@dataclass(frozen=True)
class Quantity:
    comparator: str | None  # one of ≥ ≤ > < = (normalised), None when not written
    number: Decimal
    unit: str  # "%", "元", "个", "" …

    @once  # asked for by scoring and by checks; texts are parsed once (cache)
    def value(self) -> Decimal:
        """The number as a plain value: percentages as fractions (90% → 0.9)."""
        return self.number / 100 if self.unit == "%" else self.number


def parse_quantity(text: str | None) -> Quantity | None:
    """A quantity, or None when the text is not a number with an optional unit."""
    if text is None:
        return None
    match = _QUANTITY.match(text.replace("\u3000", " "))
    if not match:
        return None
    raw_cmp = match.group("cmp")
    number = Decimal(match.group("num").replace(",", "").replace("，", ""))
    unit = match.group("unit")
    if not _UNIT.match(unit):
        return None  # "100%完成", "4个以上的站点": words, not a measure to compute with
    return Quantity(_COMPARATORS[raw_cmp] if raw_cmp else None, number, unit)


def same_unit(a: Quantity, b: Quantity) -> bool:
    return _UNIT_ALIASES.get(a.unit, a.unit) == _UNIT_ALIASES.get(b.unit, b.unit)
