"""How numbers are written in reports: exact Decimals, fixed decimals, never floats.

Pure module. Scores and rates are already rounded by the scoring engine (四舍五入);
formatting here only pads, it never rounds again.
"""

from __future__ import annotations

from decimal import Decimal

DASH = "—"


def plain(value: Decimal | None) -> str:
    """As written, without exponent: 460 → "460", 9.50 → "9.50", 1E+2 → "100"."""
    if value is None:
        return DASH
    return f"{value:f}"


def fixed(value: Decimal | None, decimals: int = 2) -> str:
    """With at least `decimals` places; more when the value is more precise (never rounds)."""
    if value is None:
        return DASH
    exponent = value.as_tuple().exponent
    places = max(decimals, -exponent if isinstance(exponent, int) else 0)
    return f"{value:.{places}f}"


def percent(value: Decimal | None) -> str:
    """A percentage already rounded to two decimals: 84.74 → "84.74%"."""
    return DASH if value is None else f"{fixed(value)}%"


def weight(value: Decimal | None) -> str:
    """A weight in prose and weight tables: 12 → "12", 2.5 → "2.5" (trailing zeros dropped)."""
    if value is None:
        return DASH
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
