"""How numbers are written in reports: exact Decimals, fixed decimals, never floats.

Pure module. Scores and rates are already rounded by the scoring engine (四舍五入);
formatting here only pads, it never rounds again.
"""

from __future__ import annotations

from decimal import Decimal

DASH = "—"


def _positional(value: Decimal) -> str:
    # str() is three times cheaper than format(value, "f") and the same text unless it
    # chose an exponent (large exponents, tiny values); tables format thousands of figures.
    text = str(value)
    return f"{value:f}" if "E" in text else text


def plain(value: Decimal | None) -> str:
    """As written, without exponent: 460 → "460", 9.50 → "9.50", 1E+2 → "100"."""
    if value is None:
        return DASH
    return _positional(value)


def fixed(value: Decimal | None, decimals: int = 2) -> str:
    """With at least `decimals` places; more when the value is more precise (never rounds)."""
    if value is None:
        return DASH
    # The digits as written, padded with zeros: the same text as formatting with
    # max(decimals, -exponent) places, at a third of the cost (measured).
    text = _positional(value)
    dot = text.find(".")
    if dot < 0:
        if not decimals or not text[-1].isdigit():  # NaN, Infinity have no places
            return text
        return text + "." + "0" * decimals
    missing = decimals - (len(text) - dot - 1)
    return text + "0" * missing if missing > 0 else text


def percent(value: Decimal | None) -> str:
    """A percentage already rounded to two decimals: 84.74 → "84.74%"."""
    return DASH if value is None else f"{fixed(value)}%"


def weight(value: Decimal | None) -> str:
    """A weight in prose and weight tables: 12 → "12", 2.5 → "2.5" (trailing zeros dropped)."""
    if value is None:
        return DASH
    text = _positional(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
