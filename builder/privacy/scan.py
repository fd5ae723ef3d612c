"""Finding personal numbers in text as a reader sees it (pure module).

A reader does not see the spaces, hyphens, dots, zero-width characters or emphasis marks
someone put between the digits of an ID number, nor whether its digits are full-width:
so the digits of a number are read across such gaps. Each character is NFKC-normalised
(full-width digits, ＋, －, ．, ｘ) and any other decimal digit is read by its value.

What joins digits into one number:
- ignorable characters: zero-width spaces and joiners (U+200B–U+200D, U+2060, U+FEFF),
  the soft hyphen, and Markdown markup (`*`, `_`, `~`, backquotes, backslashes), so
  `4403**0419**…` is one number;
- gaps of at most MAX_UNITS separators: a run of white space (one unit, also a line break
  in a paragraph), a hyphen or dash (-, ‐, –, —, －), a dot (., ．, 。, ·) or a table cell
  border (|). A blank line ends a number.

The digits between two gaps are a group. A personal number is made of whole groups
(a run of 21 digits is a 项目编码, not an ID number followed by three digits), and the
weak checks (a mobile number is any 11 digits starting 13–19, a bank card passes Luhn
one time in ten) only accept groupings a person writes: mobile numbers in groups of 3 or
more digits (138 1234 5678), bank cards in fours (6222 0202 …), old 15-digit ID numbers
whole or as 6-6-3. An 18-character ID number, with its birth date, region and check
character, is taken in any grouping, also split across table cells.

Not personal: amounts (followed by 元, 万元, 亿元 or after ¥), the integer or the fraction
part of a decimal number (13800138000.00), and digits glued to Latin letters (codes such
as 91440300MA5…).

Linear: one regular-expression pass finds the stretches with at least 11 digits; only
those are looked at character by character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from builder.privacy.numbers import is_bank_card, is_id15, is_id18, is_mobile

MAX_UNITS = 3  # separators between two groups of one number: "138 - 1234 - 5678"

IGNORABLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad*_~`\\"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\ufe63"
_DOTS = ".\uff0e\u3002\u00b7\u30fb\uff65"
_PIPES = "|\uff5c"
_XS = "XxＸｘ"
# A stretch holding at least 11 digits across gaps (the shortest personal number), with
# an optional check character X at its end. Gap characters and \d are disjoint: no
# backtracking beyond one stretch. A line break followed by a blank line ends a stretch
# already here (listing pages put blank lines between a date and the next figure: tens of
# thousands of stretches to split in Python otherwise).
_GAP_IN_LINE = "[^\\S\\n]|[" + re.escape(IGNORABLE + _DASHES + _DOTS + _PIPES) + "]"
_GAP = f"(?:{_GAP_IN_LINE}|\\n(?![^\\S\\n]*\\n))"
# Tried only where a stretch may begin: not right after a digit, nor after a digit and
# one gap character (the match from that earlier digit holds every later one). The
# digits of tables (2023, 100.00) tried one by one made most of the cost. Gap runs are
# possessive: gaps and digits are disjoint, there is nothing to backtrack into.
_G = f"(?:{_GAP_IN_LINE})"
_STRETCH = re.compile(rf"\d(?<!\d\d)(?<!\d{_G}\d)(?:{_GAP}*+\d){{10,}}(?:{_GAP}*[{_XS}])?")
# A decimal number (100.00, 13800138000.00): an amount, never part of a personal number.
# Not one of dotted groups (138.1234.5678, 2024.01.01): 1–2 digits after a lone dot.
_DECIMAL = re.compile(r"(?<![\d.．])\d+[.．]\d{1,2}(?![\d.．])")
_UNIT_AFTER = re.compile(r"[ \u3000]*(?:元|万|亿|千元|百万|美元)")
_MONEY_BEFORE = re.compile(r"[¥￥][ \u3000]*$")
_SEP_KIND = {
    **dict.fromkeys(_DASHES, "-"),
    **dict.fromkeys(_DOTS, "."),
    **dict.fromkeys(_PIPES, "|"),
}


@dataclass(frozen=True)
class Found:
    kind: str  # "id" | "mobile" | "card"
    start: int  # offset of its first digit in the scanned text
    end: int  # offset after its last character
    digits: str  # the number as read: ASCII digits (and X)
    parts: tuple[str, ...] = ()  # its groups of digits, as written apart


@dataclass
class _Group:
    digits: str
    offsets: list[int]  # where each digit is in the scanned text
    gap: str  # the separators before it, one character per unit: " ", "-", ".", "|"
    left_glued: bool = False  # a Latin letter right before the stretch
    right_glued: bool = False
    amount_after: bool = False  # 元/万元 follows the stretch
    money_before: bool = False


@dataclass
class _Stretch:
    groups: list[_Group] = field(default_factory=list)


def _digit(char: str) -> str | None:
    """The digit (or check character X) CHAR reads as, else None."""
    if "0" <= char <= "9":
        return char
    if char in _XS:
        return "X"
    normal = unicodedata.normalize("NFKC", char)
    if len(normal) == 1 and normal.isdecimal():
        return str(unicodedata.decimal(normal))
    return None


def find_numbers(text: str, join_lines: bool = True) -> list[Found]:
    """Every personal number in TEXT, left to right. JOIN_LINES: a line break inside a
    paragraph is a gap like a space (False: each line is read on its own)."""
    return find_in_lines(text, join_lines)[0]


def find_in_lines(text: str, join_lines: bool = False) -> tuple[list[Found], bool]:
    """find_numbers(TEXT, JOIN_LINES), and whether digits enough for a number stand on
    consecutive lines: whether a YAML value continued over lines could hide one."""
    found: list[Found] = []
    spans_lines = False
    for match in _STRETCH.finditer(text):
        spans_lines = spans_lines or "\n" in match.group()
        for start, end in _without_decimals(text, match.start(), match.end()):
            for stretch in _split(text, start, end, join_lines):
                found.extend(_numbers_in(stretch.groups))
    return found, spans_lines


def _blank(match: re.Match[str]) -> str:
    return "/" * len(match.group())


def _without_decimals(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches left in TEXT[START:END] when its decimal numbers, amounts (tables of
    figures make most stretches), are taken out: offsets into TEXT."""
    part = text[start:end]
    if "." not in part and "．" not in part:
        return [(start, end)]
    blanked = _DECIMAL.sub(_blank, part)
    return [(start + m.start(), start + m.end()) for m in _STRETCH.finditer(blanked)]


def _split(text: str, start: int, end: int, join_lines: bool) -> list[_Stretch]:
    """The groups of digits in TEXT[START:END], split where a gap is too wide."""
    stretches = [_Stretch()]
    digits: list[str] = []
    offsets: list[int] = []
    units: list[str] = []
    breaks = 0  # line breaks in the current gap
    most = 1 if join_lines else 0
    in_space = False
    gap = ""
    for index in range(start, end):
        char = text[index]
        if char in IGNORABLE:
            continue
        digit = _digit(char)
        if digit is not None:
            if not digits and stretches[-1].groups and (len(units) > MAX_UNITS or breaks > most):
                stretches.append(_Stretch())
            if not digits:
                gap, units, breaks, in_space = "".join(units), [], 0, False
            digits.append(digit)
            offsets.append(index)
            continue
        if digits:
            stretches[-1].groups.append(_Group("".join(digits), offsets, gap))
            digits, offsets = [], []
        if char.isspace():
            breaks += char == "\n"
            if not in_space:
                units.append(" ")
            in_space = True
        else:
            units.append(_SEP_KIND.get(unicodedata.normalize("NFKC", char), "-"))
            in_space = False
    if digits:
        stretches[-1].groups.append(_Group("".join(digits), offsets, gap))
    _mark_edges(text, start, end, stretches)
    return stretches


def _mark_edges(text: str, start: int, end: int, stretches: list[_Stretch]) -> None:
    first, last = stretches[0].groups[0], stretches[-1].groups[-1]
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    first.left_glued = before.isascii() and before.isalpha()
    last.right_glued = after != "" and ((after.isascii() and after.isalnum()) or after in _XS)
    last.amount_after = _UNIT_AFTER.match(text, end) is not None
    first.money_before = _MONEY_BEFORE.search(text, max(0, start - 8), start) is not None


def _numbers_in(groups: list[_Group]) -> list[Found]:
    """The personal numbers made of whole groups: ID numbers first, then bank cards,
    old ID numbers and mobile numbers in what is left."""
    taken = [False] * len(groups)
    found: list[Found] = []
    candidates = _candidates(groups)
    for kind, lengths in _LENGTHS:
        for first, last, digits in candidates:
            if len(digits) not in lengths or any(taken[first : last + 1]):
                continue
            if not _is(kind, groups[first : last + 1], digits):
                continue
            if _not_personal(groups, first, last):
                continue
            for index in range(first, last + 1):
                taken[index] = True
            start = groups[first].offsets[0]
            if kind == "mobile" and len(digits) == 13:  # +86 written in front
                start, digits = groups[first].offsets[2], digits[2:]
            end = groups[last].offsets[-1] + 1
            parts = tuple(group.digits for group in groups[first : last + 1])
            found.append(Found("id" if kind == "id15" else kind, start, end, digits, parts))
    found.sort(key=lambda f: f.start)
    return found


_LENGTHS = (("id", (18,)), ("card", (16, 17, 18, 19)), ("id15", (15,)), ("mobile", (11, 13)))


def _candidates(groups: list[_Group]) -> list[tuple[int, int, str]]:
    """Runs of whole groups 11 to 19 characters long."""
    runs = []
    for first in range(len(groups)):
        digits = ""
        for last in range(first, len(groups)):
            digits += groups[last].digits
            if len(digits) > 19:
                break
            if len(digits) >= 11 and len(digits) not in (12, 14):
                runs.append((first, last, digits))
    return runs


def _is(kind: str, groups: list[_Group], digits: str) -> bool:
    sizes = [len(g.digits) for g in groups]
    if kind == "id":
        return is_id18(digits)
    if kind == "card":
        fours = all(size == 4 for size in sizes[:-1]) and sizes[-1] <= 4
        return (len(sizes) == 1 or fours) and is_bank_card(digits)
    if kind == "id15":
        return sizes in ([15], [6, 6, 3]) and is_id15(digits)
    if len(digits) == 13 and len(sizes) == 1 and digits.startswith("86"):
        digits = digits[2:]
    return all(size >= 3 for size in sizes) and is_mobile(digits)


def _not_personal(groups: list[_Group], first: int, last: int) -> bool:
    """An amount, or glued to a code's letters (decimal numbers are taken out before)."""
    head, tail = groups[first], groups[last]
    return head.left_glued or tail.right_glued or tail.amount_after or head.money_before


def read_digits(text: str) -> str:
    """The digits (and X) of TEXT as a reader reads them: a code as the check compares it."""
    return "".join(digit for char in text if (digit := _digit(char)) is not None)
