"""Narrative lints over report.md's source: template guidance and Chinese typography.

Pure module. Works line by line on the source with code, comments and figure references
blanked out (same length, so columns stay true). No maintained Python library fits: the
CJK linters on PyPI (autocorrect-py, pangu) insert spaces between Chinese and digits —
wrong for official documents — and do not flag doubled punctuation, so the few rules
are written here, one small function each.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator

from markdown_it.token import Token

from builder.diagnostics import Diagnostic, Pos, diag
from builder.loading.profile import Profile, Section
from builder.render import codes

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Doubled marks: full-width ones, or half-width commas. Two patterns, each starting with
# its own characters, as re scans quickly for a pattern's first character but tries an
# alternation at every position (three times slower on a page of Chinese, measured).
DOUBLED_RES = (re.compile(r"[，。、；：！？][，。、；：！？]+"), re.compile(r",,+"))
HALF_WIDTH_RE = re.compile(
    rf"(?<=[{CJK}])[,;:?!]|[,;:?!](?=[{CJK}])|(?<=[{CJK}])\.(?=[{CJK}]|\s|$)"
    rf"|(?<!\])\((?=[{CJK}])|(?<=[{CJK}])\)"
)
# Spaces between two CJK characters, as «(?<=[CJK])[ \u3000]+(?=[CJK])» finds them, written
# to start with the space itself (the lookbehind checks the character before it), one
# pattern for each kind of space, so that re scans for that character instead of trying
# the lookbehind at every position of a text.
SPACE_RES = tuple(
    re.compile(rf"{space}(?<=[{CJK}]{space})[ \u3000]*(?=[{CJK}])") for space in (" ", "\u3000")
)
# Every HALF_WIDTH_RE match is one of these characters: HALF_WIDTH_RE is tried only where
# they are, several times cheaper than trying its lookarounds at every position. They are
# found with str.find, one character at a time: a scan at C speed, where a character class
# makes re test every character (2.5x faster on a report, measured).
HALF_WIDTH_CHARS = ",;:?!.()"
WHITESPACE_RE = re.compile(r"\s+")
NOT_NEWLINE_RE = re.compile(r"[^\n]")  # \s is str.isspace() for str patterns
UNSAFE_LINK_RE = re.compile(r"(?:\]\(\s*<?|<)\s*(javascript|vbscript|data|file)\s*:", re.I)
HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# No "[" in the alt text: each "![" then looks no further than the next bracket (with
# [^\]]*, a line of "![" was read to its end from each: quadratic).
IMAGE_RE = re.compile(r"!\[[^\][]*\]\(")
BACKTICKS_RE = re.compile(r"`+")
FIGURE_RE = re.compile(r"\{\{[^{}\n]*\}\}")
GUIDANCE_KEY_LENGTH = 12

FULL_WIDTH = {
    ",": "，",
    ";": "；",
    ":": "：",
    "?": "？",
    "!": "！",
    ".": "。",
    "(": "（",
    ")": "）",
}


def _blank(text: str) -> str:
    """Same length, no CJK, no space: masked text never joins its neighbours into a slip."""
    return NOT_NEWLINE_RE.sub("X", text)


def masked_lines(text: str, tokens: list[Token]) -> list[str]:
    """Source lines with code blocks, code spans, comments and `{{ … }}` masked out."""
    # Each step only where the source has what it masks: most narratives have none of it.
    # (Code blocks need a fence or an indented line; the tokens tell where they are.)
    has_code_block = "```" in text or "~~~" in text or "    " in text or "\t" in text
    has_code_span = "`" in text
    if "<!--" in text:
        text = _mask_comments(text)
    if "{{" in text:
        text = FIGURE_RE.sub(lambda m: _blank(m.group(0)), text)
    lines = text.split("\n")
    if has_code_block:
        for token in tokens:
            if token.type in ("fence", "code_block") and token.map:
                for i in range(token.map[0], min(token.map[1], len(lines))):
                    lines[i] = " " * len(lines[i])
    if not has_code_span:
        return lines
    return [_mask_code_spans(line) if "`" in line else line for line in lines]


def _mask_comments(text: str) -> str:
    """TEXT with each `<!-- … -->` blanked. A scan, not a lazy regex: after an opener
    without a closer the rest has no comment (the regex read to the end from each)."""
    pieces = []
    at = 0
    while (start := text.find("<!--", at)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        end += 3
        pieces.append(text[at:start])
        pieces.append(_blank(text[start:end]))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _mask_code_spans(line: str) -> str:
    """LINE with each code span blanked: a run of backticks up to the next run of the
    same length (CommonMark's rule). Each run is looked at once: a line of unmatched
    backticks took a backtracking regex cubic time."""
    runs = [(m.start(), m.end()) for m in BACKTICKS_RE.finditer(line)]
    # For each run, the index of the next run of the same length (found from the end).
    following: list[int | None] = [None] * len(runs)
    latest: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        size = runs[index][1] - runs[index][0]
        following[index] = latest.get(size)
        latest[size] = index
    pieces = []
    at = 0
    index = 0
    while index < len(runs):
        closer = following[index]
        if closer is None:
            index += 1
            continue
        start, end = runs[index][0], runs[closer][1]
        pieces.append(line[at:start])
        pieces.append(_blank(line[start:end]))
        at = end
        index = closer + 1
    pieces.append(line[at:])
    return "".join(pieces)


def guidance_phrases(profile: Profile) -> list[str]:
    return list(dict.fromkeys(_guidance(profile.outline)))


def _guidance(sections: tuple[Section, ...]) -> Iterator[str]:
    # Not a closure inside guidance_phrases: a recursive closure is a reference cycle,
    # left for the cyclic collector once per report.
    for section in sections:
        yield from section.guidance
        yield from _guidance(section.children)


def _compact(line: str) -> tuple[str, list[int]]:
    """The line without whitespace, and each kept character's column (1-based)."""
    kept = [(i + 1, ch) for i, ch in enumerate(line) if not ch.isspace()]
    return "".join(ch for _, ch in kept), [col for col, _ in kept]


def guidance_keys(profile: Profile) -> tuple[tuple[str, str], ...]:
    """(key, phrase) for each guidance phrase: its first characters without whitespace."""
    keys = ((WHITESPACE_RE.sub("", p)[:GUIDANCE_KEY_LENGTH], p) for p in guidance_phrases(profile))
    return tuple((key, phrase) for key, phrase in keys if key)


def lint_guidance(
    lines: list[str], keys: Iterable[tuple[str, str]], file: str
) -> Iterator[Diagnostic]:
    # A key found in a line is found in the whole text without whitespace: one look at
    # that spares the line-by-line search when no guidance was left (the usual case).
    # str.split() drops what \s matches (both are str.isspace), several times faster.
    whole = "".join("\n".join(lines).split())
    keys = [(key, phrase) for key, phrase in keys if key in whole]
    if not keys:
        return
    for number, line in enumerate(lines, 1):
        # The same text as _compact's, from one C call; columns only once a phrase is found.
        compact = WHITESPACE_RE.sub("", line)
        cols: list[int] = []
        for key, phrase in keys:
            at = compact.find(key)
            if at >= 0:
                cols = cols or _compact(line)[1]
                yield diag(
                    codes.GUIDANCE_LEFT,
                    f"这是模板的填写说明，不应出现在正式报告中：「{phrase[:30]}…」",
                    Pos(file, number, cols[at]),
                    "请删除这段说明，按说明的要求写出实际内容。",
                )


def lint_typography(lines: list[str], file: str) -> Iterator[Diagnostic]:
    # Searched in the whole text, not line by line: no pattern spans lines, and at a
    # line's ends the joining newline acts as the line's edge does (neither CJK nor "]").
    # A slip's line and column come from its offset; most texts have none at all.
    whole = "\n".join(lines)
    slips = [
        (m.start(), m.group(0), DOUBLED_PUNCT_SLIP)
        for pattern in DOUBLED_RES
        for m in pattern.finditer(whole)
    ]
    for char in HALF_WIDTH_CHARS:
        at = whole.find(char)
        while at >= 0:
            if HALF_WIDTH_RE.match(whole, at):  # its lookbehinds see before `at`
                slips.append((at, char, HALF_WIDTH_SLIP))
            at = whole.find(char, at + 1)
    for pattern in SPACE_RES:
        slips.extend((m.start(), m.group(0), SPACE_SLIP) for m in pattern.finditer(whole))
    if not slips:
        return
    starts = list(itertools.accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
    for offset, text, kind in slips:
        number = bisect.bisect_right(starts, offset)
        yield _slip(kind, text, Pos(file, number, offset - starts[number - 1] + 1))


DOUBLED_PUNCT_SLIP, HALF_WIDTH_SLIP, SPACE_SLIP = range(3)


def _slip(kind: int, text: str, pos: Pos) -> Diagnostic:
    if kind == DOUBLED_PUNCT_SLIP:
        return diag(codes.DOUBLED_PUNCT, f"标点「{text}」重复", pos, "只保留一个标点。")
    if kind == HALF_WIDTH_SLIP:
        return diag(
            codes.HALF_WIDTH_PUNCT,
            f"中文中使用了半角标点「{text}」",
            pos,
            f"中文行文请用全角标点「{FULL_WIDTH.get(text, text)}」。",
        )
    return diag(
        codes.SPACE_IN_CJK,
        "汉字之间有多余的空格",
        pos,
        "删除空格（常见于从 PDF 或 Word 复制的文字）。",
    )


def lint_markup(lines: list[str], file: str) -> Iterator[Diagnostic]:
    for number, line in enumerate(lines, 1):
        if "<" not in line and "](" not in line:
            continue  # every pattern below needs one of these (an image needs "](")
        for match in UNSAFE_LINK_RE.finditer(line):
            yield diag(
                codes.UNSAFE_LINK,
                f"「{match.group(1)}:」链接不安全，不会显示为链接",
                Pos(file, number, match.start(1) + 1),
                "链接请使用 https:// 地址或站内相对地址。",
            )
        for match in HTML_TAG_RE.finditer(line):
            yield diag(
                codes.RAW_HTML,
                f"HTML 标签「{match.group(0)[:20]}」会按原文显示",
                Pos(file, number, match.start() + 1),
                "正文只支持 Markdown；表格请用 Markdown 表格或「{{ table: … }}」指令。",
            )
        for match in IMAGE_RE.finditer(line):
            yield diag(
                codes.IMAGE_UNSUPPORTED,
                "正文不支持插入图片，将显示为链接",
                Pos(file, number, match.start() + 1),
                "图表由 jixiao 根据数据生成；如需附图，请作为附件发布。",
            )


def lint_narrative(text: str, tokens: list[Token], profile: Profile, file: str) -> list[Diagnostic]:
    lines = masked_lines(text, tokens)
    found: list[Diagnostic] = []
    found.extend(lint_guidance(lines, guidance_keys(profile), file))
    found.extend(lint_typography(lines, file))
    found.extend(lint_markup(lines, file))
    return found
