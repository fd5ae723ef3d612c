"""Target and actual values as written in the forms: `≥90%`, `≦8454200元`, `不低于20名`,
`98%以上`, `3天内`, `８０％`.

Pure module. Every quantity is normalised here, in one place, before it is parsed:
full-width and other compatibility forms (NFKC), then the comparators and units that
real forms spell in words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property

# Longest spellings first so "不低于" is not read as "不" + "低于". Full-width forms
# (＞＝, ＜, ＝) need no entry: normalise() has already made them ASCII.
_COMPARATORS = {
    ">=": "≥",
    "≥": "≥",
    "不低于": "≥",
    "不少于": "≥",
    "不小于": "≥",
    "大于等于": "≥",
    "大于或等于": "≥",
    "<=": "≤",
    "≤": "≤",
    "不超过": "≤",
    "不高于": "≤",
    "不大于": "≤",
    "不多于": "≤",
    "小于等于": "≤",
    "小于或等于": "≤",
    ">": ">",
    "大于": ">",
    "高于": ">",
    "<": "<",
    "小于": "<",
    "低于": "<",
    "=": "=",
    "等于": "=",
}
_COMPARATOR_RE = "|".join(re.escape(c) for c in sorted(_COMPARATORS, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"^\s*(?P<cmp>{_COMPARATOR_RE})?\s*(?P<num>[+-]?\d[\d,]*(?:\.\d+)?|[+-]?\.\d+)\s*(?P<unit>.*?)\s*$"
)
# Comparators written after the number, as forms do: 「98%以上」, 「90%以下」, 「3天内」.
_SUFFIXES = (
    ("及以上", "≥"),
    ("或以上", "≥"),
    ("以上", "≥"),
    ("及以下", "≤"),
    ("或以下", "≤"),
    ("以下", "≤"),
    ("以内", "≤"),
    ("之内", "≤"),
    ("内", "≤"),
)
# A unit is "%" or a short measure word such as 个, 人次, 万元, 小时, 元/人.
_UNIT = re.compile(r"^(%|[^\d\s%]{0,4}|[^\d\s%]{1,3}/[^\d\s%]{1,3})$")
# Spellings of the percent sign, made "%" when parsed (its value is a fraction).
_PERCENT = {"个百分点": "%", "百分比": "%", "百分点": "%"}
# Units that count the same thing under two names: equal when compared, kept as written.
_UNIT_ALIASES = {"名": "人"}
# Characters NFKC leaves alone that forms use as comparators.
_EXTRA = str.maketrans({"≦": "≤", "≧": "≥", "\ufe66": "=", "\u3000": " "})

# What an author may write, for hints when a quantity cannot be read.
ACCEPTED_FORMS = (
    "≥90%、≤2%、=8个、>0、98%以上、90%以下、不少于20名、不高于5%、3天内、100%、"
    "≥100百分比（全角字符如 ８０％、≧、＝ 亦可）"
)


@dataclass(frozen=True)
class Quantity:
    comparator: str | None  # one of ≥ ≤ > < = (normalised), None when not written
    number: Decimal
    unit: str  # "%", "元", "个", "" …

    @cached_property  # asked for by scoring and by checks; texts are parsed once (cache)
    def value(self) -> Decimal:
        """The number as a plain value: percentages as fractions (90% → 0.9)."""
        return self.number / 100 if self.unit == "%" else self.number


def normalise(text: str) -> str:
    """TEXT with compatibility forms folded (full-width digits, ％, ＜＞＝, ≦≧, ﹦, ：)."""
    return unicodedata.normalize("NFKC", text).translate(_EXTRA)


def parse_quantity(text: str | None) -> Quantity | None:
    """A quantity, or None when the text is not a number with an optional unit."""
    if text is None:
        return None
    match = _QUANTITY.match(normalise(text))
    if not match:
        return None
    comparator = _COMPARATORS[match.group("cmp")] if match.group("cmp") else None
    number = Decimal(match.group("num").replace(",", ""))
    unit = match.group("unit")
    for suffix, implied in _SUFFIXES:
        if unit.endswith(suffix):
            unit = unit[: -len(suffix)].rstrip()
            comparator = comparator or implied
            break
    unit = _PERCENT.get(unit, unit)
    if not _UNIT.match(unit):
        return None  # "100%完成", "4个以上的站点": words, not a measure to compute with
    return Quantity(comparator, number, unit)


def with_unit(quantity: Quantity | None, unit: str | None) -> Quantity | None:
    """QUANTITY with UNIT when it was written without one (a bare `8` against `=8个`,
    or a form's separate 度量单位 column)."""
    if quantity is None or quantity.unit or not unit:
        return quantity
    unit = normalise(unit).strip()
    return replace(quantity, unit=_PERCENT.get(unit, unit))


def same_unit(a: Quantity, b: Quantity) -> bool:
    return _UNIT_ALIASES.get(a.unit, a.unit) == _UNIT_ALIASES.get(b.unit, b.unit)


def shown(text: str | None, quantity: Quantity | None) -> str | None:
    """TEXT as a form prints it: with the unit it took from `unit:` or from the target
    when it was written as a bare number (`8` against `=8个` is printed 8个)."""
    written = parse_quantity(text)
    if text is None or written is None or written.unit or quantity is None:
        return text
    return f"{text.strip()}{quantity.unit}"
