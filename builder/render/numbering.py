"""Official heading numbers: 一、 → （一） → 1. → （1） → ①, and stripping typed ones.

Pure module. Levels are outline levels: 1 is a `##` heading (一级标题).
"""

from __future__ import annotations

import re

DIGITS = "零一二三四五六七八九"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; larger numbers as digits."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return DIGITS[ones]
    head = "十" if tens == 1 else DIGITS[tens] + "十"
    return head + (DIGITS[ones] if ones else "")


def heading_number(level: int, n: int) -> str:
    """The official label of the n-th heading (1-based) at outline level 1..5."""
    if level <= 1:
        return f"{chinese_numeral(n)}、"
    if level == 2:
        return f"（{chinese_numeral(n)}）"
    if level == 3:
        return f"{n}."
    if level == 4:
        return f"（{n}）"
    return CIRCLED[n - 1] if n <= len(CIRCLED) else f"{n})"


_CN = "[一二三四五六七八九十百零〇]+"
TYPED_NUMBER_RE = re.compile(
    rf"^\s*(?:{_CN}\s*[、.．]"  # 一、
    rf"|[（(]\s*{_CN}\s*[）)]"  # （一）
    r"|\d+\s*[、.．](?!\d)"  # 1. 1、 (not 1.5)
    r"|[（(]\s*\d+\s*[）)]"  # （1）
    rf"|[{CIRCLED}]"  # ①
    r")\s*"
)


def split_typed_number(title: str) -> tuple[str, str]:
    """(typed number, rest) — the number the author typed before a heading, if any."""
    match = TYPED_NUMBER_RE.match(title)
    if match is None or not title[match.end() :].strip():
        return "", title
    return match.group(0).strip(), title[match.end() :]
