"""The narrative against the data: numbers typed in report.md next to the words that name
a computed figure (总分, 等级, 执行率, 预算数, a level-1 indicator's 得分 …) must agree
with the score card. A difference is a warning at the number, giving the right figure and
the `{{ }}` reference that would print it. Also: amounts whose unit is probably wrong.

Pure module. Only what a reader sees is read: comments and `{{ }}` references are not
numbers typed by the author. Figures are compared at the precision the author printed
(「执行率92.6%」 agrees with 92.59 %).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from markdown_it.token import Token

from builder.checks.amounts import implausible
from builder.diagnostics import Diagnostic, Pos, Severity, diag, register_code
from builder.render import numbers
from builder.scoring.engine import ScoreCard

W = Severity.WARNING
NARRATIVE_FIGURE = register_code("JX530", W, "正文中的数字与计算结果不一致")
WAN = Decimal(10_000)

# Which computed figure a word names. Longest words first: 「预算执行率」 is a rate, not a
# 预算 amount, and 「总得分」 is tried before 「总分」.
_RATE = ("预算执行率", "资金执行率", "执行率")
_ADJUSTED = ("全年预算数", "调整后预算", "预算资金", "预算金额", "预算数", "预算")
_INITIAL = ("年初预算数", "年初预算")
_EXECUTED = ("全年执行数", "实际支出", "实际执行", "执行数")
_TOTAL = ("综合评价得分", "综合得分", "总得分", "总分")
# Not 「等级」 alone: 「末期评估等级为良好」 grades something else.
_GRADE = ("综合评价等级", "评价等级", "综合等级", "自评等级")

# Between the word and the number: a few characters that neither end the clause nor
# start another figure (满分, 分值, 权重 and 率 name something else; braces are a reference).
_GAP = r"[^\d。；;，,！？!?\n{}满值权率%％]{0,8}?"
_NUMBER = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_UNIT = r"\s*(?P<unit>%|％|万元|元|分)?"
_GRADES = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中等": "中", "中": "中", "差": "差"}
_GRADE_TEXT = r"(?P<grade>优秀|良好|中等|优|良|中|差)"


@dataclass(frozen=True)
class Expected:
    kind: str  # "score" | "rate" | "amount" | "grade"
    value: Decimal | str
    figure: str  # the reference that prints it
    what: str  # how the message names it


def _words(card: ScoreCard) -> dict[str, Expected]:
    """Each word → the figure it names, for this report."""
    found: dict[str, Expected] = {}
    for group in card.groups:
        if group.score is None:
            continue
        expected = Expected("score", group.score, f"groups.{group.name}.score", group.name)
        bare = group.name.removesuffix("指标")
        for name in {group.name, bare, bare + "指标"}:
            for link in ("得分", "的得分", "部分得分", "实际得分"):
                found[name + link] = expected
    total = Expected("score", card.total, "total", "总分")
    found.update(dict.fromkeys(_TOTAL, total))
    if card.grade:
        found.update(dict.fromkeys(_GRADE, Expected("grade", card.grade, "grade", "评价等级")))
    budget = card.budget
    if budget is None:
        return found
    if budget.rate is not None:
        found.update(
            dict.fromkeys(_RATE, Expected("rate", budget.rate, "budget.rate", "预算执行率"))
        )
    amounts = (
        (_ADJUSTED, budget.adjusted, "budget.adjusted", "全年预算数"),
        (_INITIAL, budget.initial, "budget.initial", "年初预算数"),
        (_EXECUTED, budget.executed, "budget.executed", "全年执行数"),
    )
    for words, value, figure, what in amounts:
        if value is not None:
            found.update(dict.fromkeys(words, Expected("amount", value, figure, what)))
    return found


def _pattern(words: dict[str, Expected]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(
        rf"(?P<word>{alternatives})(?:{_GAP}{_NUMBER}{_UNIT}|[为是：:\s“”\"「]{{0,3}}{_GRADE_TEXT})"
    )


def crosscheck_narrative(
    tokens: list[Token], lines: list[str], card: ScoreCard, file: str
) -> list[Diagnostic]:
    words = _words(card)
    pattern = _pattern(words)
    found: list[Diagnostic] = []
    for number, text in _visible_lines(tokens, lines):
        for match in pattern.finditer(text):
            expected = words[match["word"]]
            pos = Pos(file, number + 1, match.start("num" if match["num"] else "grade") + 1)
            problem = _compare(match, expected, card, pos)
            if problem is not None:
                found.append(problem)
            amount = _decimal(match["num"]) if match["num"] and match["unit"] else None
            odd = implausible(amount, match["unit"], pos) if amount is not None else None
            if odd is not None:
                found.append(odd)
    return found


def _visible_lines(tokens: list[Token], lines: list[str]) -> Iterator[tuple[int, str]]:
    """(0-based line, its text with comments blanked) of every line that holds inline
    text (paragraphs, headings, list items, table cells), each line once."""
    seen: set[int] = set()
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        start, end = token.map
        block = "\n".join(lines[start:end])
        block = _blank_comments(block)
        for offset, text in enumerate(block.split("\n")):
            if start + offset not in seen:
                seen.add(start + offset)
                yield start + offset, text


def _blank_comments(block: str) -> str:
    """BLOCK with every <!-- … --> blanked to spaces (lines kept). Linear: a regular
    expression tried at each of 50,000 unclosed `<!--` scanned to the end every time."""
    parts = []
    at = 0
    while (start := block.find("<!--", at)) >= 0:
        end = block.find("-->", start + 4)
        if end < 0:
            break  # no comment closes after this one, so none after it does either
        end += 3
        parts += [block[at:start], _NOT_NEWLINE.sub(" ", block[start:end])]
        at = end
    parts.append(block[at:])
    return "".join(parts)


_NOT_NEWLINE = re.compile(r"[^\n]")


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _at_precision(value: Decimal, like: Decimal) -> Decimal:
    exponent = like.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    return value.quantize(places, rounding=ROUND_HALF_UP)


def _compare(
    match: re.Match[str], expected: Expected, card: ScoreCard, pos: Pos
) -> Diagnostic | None:
    if expected.kind == "grade":
        grade = match["grade"]
        if grade is None or _GRADES[grade] == expected.value:
            return None
        return _mismatch(f"「{grade}」", expected, str(expected.value), pos)
    typed = _decimal(match["num"]) if match["num"] else None
    if typed is None:
        return None
    unit = (match["unit"] or "").replace("％", "%")
    value = expected.value
    assert isinstance(value, Decimal)
    if expected.kind == "rate":
        if unit != "%":
            return None
        right = f"{numbers.percent(value)}"
    elif expected.kind == "amount":
        budget = card.budget
        if unit not in ("万元", "元") or budget is None:
            return None  # an amount without its unit says too little to compare
        value = _converted(value, budget.unit, unit)
        right = f"{numbers.plain(value.normalize())}{unit}"
    else:
        if unit not in ("", "分"):
            return None
        right = f"{numbers.fixed(value, card.profile.decimals)}分"
    if _at_precision(value, typed) == typed:
        return None
    return _mismatch(f"「{match['num']}{match['unit'] or ''}」", expected, right, pos)


def _converted(value: Decimal, data_unit: str, typed_unit: str) -> Decimal:
    if data_unit == typed_unit:
        return value
    return value * WAN if typed_unit == "元" else value / WAN


def _mismatch(typed: str, expected: Expected, right: str, pos: Pos) -> Diagnostic:
    return diag(
        NARRATIVE_FIGURE,
        f"正文写的{expected.what}{typed}与数据不一致：应为 {right}",
        pos,
        f"写「{{{{ {expected.figure} }}}}」，这里就会按数据自动填写，不会再与数据不一致。",
    )
