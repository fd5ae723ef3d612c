"""Narrative lints over report.md's source: template guidance and Chinese typography.

Pure module. Works line by line on the source with code, comments and figure references
blanked out (same length, so columns stay true). No maintained Python library fits: the
CJK linters on PyPI (autocorrect-py, pangu) insert spaces between Chinese and digits —
wrong for official documents — and do not flag doubled punctuation, so the few rules
are written here, one small function each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from markdown_it.token import Token

from builder.diagnostics import Diagnostic, Pos, diag
from builder.profile import Profile, Section
from builder.render import codes

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
DOUBLED_RE = re.compile(r"[，。、；：！？]{2,}|,,+")
HALF_WIDTH_RE = re.compile(
    rf"(?<=[{CJK}])[,;:?!]|[,;:?!](?=[{CJK}])|(?<=[{CJK}])\.(?=[{CJK}]|\s|$)"
    rf"|(?<!\])\((?=[{CJK}])|(?<=[{CJK}])\)"
)
SPACE_RE = re.compile(rf"(?<=[{CJK}])[ \u3000]+(?=[{CJK}])")
# Every HALF_WIDTH_RE match is one of these characters: lines without any are skipped, as
# scanning a line for them is several times cheaper than trying the lookarounds everywhere.
HALF_WIDTH_CHAR_RE = re.compile(r"[,;:?!.()]")
WHITESPACE_RE = re.compile(r"\s+")
NOT_NEWLINE_RE = re.compile(r"[^\n]")  # \s is str.isspace() for str patterns
UNSAFE_LINK_RE = re.compile(r"(?:\]\(\s*<?|<)\s*(javascript|vbscript|data|file)\s*:", re.I)
HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
IMAGE_RE = re.compile(r"!\[[^\]]*\]\(")
CODE_SPAN_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")
FIGURE_OR_COMMENT_RE = re.compile(r"\{\{[^{}\n]*\}\}|<!--.*?-->", re.S)
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
    text = FIGURE_OR_COMMENT_RE.sub(lambda m: _blank(m.group(0)), text)
    lines = text.split("\n")
    for token in tokens:
        if token.type in ("fence", "code_block") and token.map:
            for i in range(token.map[0], min(token.map[1], len(lines))):
                lines[i] = " " * len(lines[i])
    return [CODE_SPAN_RE.sub(lambda m: _blank(m.group(0)), line) for line in lines]


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


def lint_guidance(lines: list[str], phrases: Iterable[str], file: str) -> Iterator[Diagnostic]:
    keys = [(WHITESPACE_RE.sub("", p)[:GUIDANCE_KEY_LENGTH], p) for p in phrases]
    keys = [(key, phrase) for key, phrase in keys if key]
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
    # A doubled mark never spans lines: one search of the whole text spares a scan of
    # every line in the usual case, a text without any.
    doubled_somewhere = DOUBLED_RE.search("\n".join(lines)) is not None
    for number, line in enumerate(lines, 1):
        doubled = DOUBLED_RE.finditer(line) if doubled_somewhere else ()
        for match in doubled:
            yield diag(
                codes.DOUBLED_PUNCT,
                f"标点「{match.group(0)}」重复",
                Pos(file, number, match.start() + 1),
                "只保留一个标点。",
            )
        half_width = HALF_WIDTH_RE.finditer(line) if HALF_WIDTH_CHAR_RE.search(line) else ()
        for match in half_width:
            mark = match.group(0)
            yield diag(
                codes.HALF_WIDTH_PUNCT,
                f"中文中使用了半角标点「{mark}」",
                Pos(file, number, match.start() + 1),
                f"中文行文请用全角标点「{FULL_WIDTH.get(mark, mark)}」。",
            )
        spaces = SPACE_RE.finditer(line) if " " in line or "\u3000" in line else ()
        for match in spaces:
            yield diag(
                codes.SPACE_IN_CJK,
                "汉字之间有多余的空格",
                Pos(file, number, match.start() + 1),
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
    found.extend(lint_guidance(lines, guidance_phrases(profile), file))
    found.extend(lint_typography(lines, file))
    found.extend(lint_markup(lines, file))
    return found
