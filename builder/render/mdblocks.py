"""Shortcuts through markdown-it's block level for what most of a report is made of.

Pure module. A report is mostly `##` headings and paragraphs of plain Chinese text, and
markdown-it reads each such block by asking up to eleven rules in turn, each paragraph
line by asking eight more whether it ends the paragraph, and its line table by a Python
loop per line. Here the same blocks are read directly — the same tokens, the same parser
state afterwards — and anything else is left to markdown-it's rule chain (the shortcut
rule answers "not mine"). tests/test_render_mdblocks.py compares both readings on the
seed and synthetic reports and on thousands of generated documents.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from typing import Literal

from markdown_it.common.utils import mdTrim
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_core import block as markdown_it_block
from markdown_it.token import Token

# A line whose first character (after its indent) is none of these, nor a digit run
# followed by "." or ")", cannot open or interrupt any enabled block rule but the
# paragraph: fences, quotes, rules, lists, references, headings, setext underlines,
# table delimiter rows, and our directives and comments all start with one of them.
NOT_PLAIN_RE = re.compile(r"[#>*+\-_=|:`~<\[{]|\d+[.)]")
# A table directive, `{{ table: scores }}` alone on its line (markdown.directive_block).
DIRECTIVE_RE = re.compile(r"^\{\{\s*table\s*[:：]\s*([^{}\s]*)\s*\}\}\s*$")

# Token's fields as this module sets them (markdown-it-py 3 and 4). Should a release add
# one, tokens are made by its own constructor instead (about twice as slow, measured).
_TOKEN_FIELDS = (
    "type",
    "tag",
    "nesting",
    "attrs",
    "map",
    "level",
    "children",
    "content",
    "markup",
    "info",
    "meta",
    "block",
    "hidden",
)
_DIRECT = tuple(field.name for field in dataclasses.fields(Token)) == _TOKEN_FIELDS


def block_token(
    kind: str,
    tag: str,
    nesting: Literal[-1, 0, 1],
    level: int,
    line_map: list[int] | None = None,
    content: str = "",
    markup: str = "",
) -> Token:
    """A block token as StateBlock.push makes it, without dataclass defaults and checks."""
    if not _DIRECT:
        token = Token(kind, tag, nesting, map=line_map, level=level, content=content)
        token.markup, token.block = markup, True
        token.children = [] if kind == "inline" else None
        return token
    # One statement a field: tuple assignments cost a fifth more (instruction counts).
    token = object.__new__(Token)
    token.type = kind
    token.tag = tag
    token.nesting = nesting
    token.attrs = {}
    token.map = line_map
    token.level = level
    token.children = [] if kind == "inline" else None
    token.content = content
    token.markup = markup
    token.info = ""
    token.meta = {}
    token.block = True
    token.hidden = False
    return token


def text_token(content: str) -> Token:
    """Token("text", "", 0, content=content), made as block_token makes its tokens."""
    if not _DIRECT:
        return Token("text", "", 0, content=content)
    token = object.__new__(Token)
    token.type = "text"
    token.tag = ""
    token.nesting = 0
    token.attrs = {}
    token.map = None
    token.level = 0
    token.children = None
    token.content = content
    token.markup = ""
    token.info = ""
    token.meta = {}
    token.block = False
    token.hidden = False
    return token


def normalize(state: StateCore) -> None:
    """markdown-it's "normalize" step (CR/CRLF → LF, NUL → U+FFFD), only where needed."""
    src = state.src
    if "\r" in src:
        src = src.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in src:
        src = src.replace("\0", "\ufffd")
    state.src = src


def block(state: StateCore) -> None:
    """markdown-it's "block" step, with the line table built from str.split."""
    if state.inlineMode or not state.src:
        markdown_it_block(state)
        return
    md = state.md
    # Made empty (every other field as markdown-it sets it), then given the lines.
    lines = StateBlock("", md, state.env, state.tokens)
    lines.src = state.src
    lines.bMarks, lines.eMarks, lines.tShift, lines.sCount = line_table(state.src)
    lines.bsCount = [0] * len(lines.bMarks)
    lines.lineMax = len(lines.bMarks) - 1
    md.block.tokenize(lines, lines.line, lines.lineMax)


def line_table(src: str) -> tuple[list[int], list[int], list[int], list[int]]:
    """Each line's start and end offsets, indent in characters and in columns (tabs to
    the next multiple of 4), and the fake last entry, as StateBlock.__init__ makes them."""
    lines = src.split("\n")
    if not lines[-1].strip(" \t"):
        lines.pop()  # after a final newline; or a last line of spaces only: no entry
    length = len(src)
    starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
    starts[-1] = length
    ends = [start + len(line) for start, line in zip(starts, lines, strict=False)]
    ends.append(length)
    if not src.startswith((" ", "\t")) and "\n " not in src and "\n\t" not in src:
        return starts, ends, [0] * len(starts), [0] * len(starts)
    shifts, counts = [], []
    for line in lines:
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        shifts.append(len(indent))
        counts.append(_columns(indent))
    shifts.append(0)
    counts.append(0)
    return starts, ends, shifts, counts


def _columns(indent: str) -> int:
    if "\t" not in indent:
        return len(indent)
    offset = 0
    for character in indent:
        offset += 4 - offset % 4 if character == "\t" else 1
    return offset


def plain_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A top-level ATX heading, or paragraph of plain lines, read as markdown-it's own
    rules read it; anything else (a container, a line another rule might claim) is not."""
    if state.level or state.blkIndent or state.sCount[start] >= 4:
        return False
    src, line_end = state.src, state.eMarks[start]
    pos = state.bMarks[start] + state.tShift[start]
    if src[pos] == "#":
        # A "|" could make it a table's header row (before a delimiter row): not here.
        return "|" not in src[pos:line_end] and _heading(state, start, src[pos:line_end])
    if NOT_PLAIN_RE.match(src, pos):
        return False
    return _paragraph(state, start, end)


def _heading(state: StateBlock, start: int, text: str) -> bool:
    """markdown-it's rules_block.heading for the line TEXT (from its first "#")."""
    tokens = _heading_tokens(start, text)
    if tokens is None:
        return False
    state.tokens += tokens
    state.line = start + 1
    return True


def _heading_tokens(start: int, text: str) -> tuple[Token, Token, Token] | None:
    """The tokens of the heading on line START, TEXT from its first "#" (None: not one)."""
    level = len(text) - len(text.lstrip("#"))
    if level > 6 or (level < len(text) and text[level] not in " \t"):
        return None  # "#######", "#tag": a paragraph, as the rule chain finds
    content = text[level:].rstrip(" \t")
    closing = content.rstrip("#")  # an optional closing sequence, after a space
    if closing and closing[-1] in " \t":
        content = closing
    tag, markup = f"h{level}", "#" * level
    return (
        block_token("heading_open", tag, 1, 0, [start, start + 1], markup=markup),
        block_token("inline", "", 0, 1, [start, start + 1], mdTrim(content)),
        block_token("heading_close", tag, -1, 0, markup=markup),
    )


def _paragraph(state: StateBlock, start: int, end: int) -> bool:
    """markdown-it's paragraph rule, for a paragraph whose every line is plain."""
    src, b_marks, e_marks, t_shift, s_count = (
        state.src,
        state.bMarks,
        state.eMarks,
        state.tShift,
        state.sCount,
    )
    line = start + 1
    while line < end:
        pos = b_marks[line] + t_shift[line]
        if pos >= e_marks[line]:
            break  # an empty line ends the paragraph
        # A line indented as code is a lazy continuation, whatever it holds.
        if s_count[line] < 4 and NOT_PLAIN_RE.match(src, pos):
            return False
        line += 1
    # As markdown-it leaves it: its setext-heading rule, tried before the paragraph rule
    # and failing, sets parentType to "paragraph" without restoring it (lists read it).
    state.parentType = "paragraph"
    content = mdTrim(src[b_marks[start] : e_marks[line - 1]])
    state.tokens += (
        block_token("paragraph_open", "p", 1, 0, [start, line]),
        block_token("inline", "", 0, 1, [start, line], content),
        block_token("paragraph_close", "p", -1, 0),
    )
    state.line = line
    return True


def plain_document(src: str) -> list[Token] | None:
    """The block tokens of a document made only of what plain_block reads — top-level
    headings and plain paragraphs, no line indented — and of table directives at a block's
    start, as the block step makes them; None for any other document (markdown-it reads it).

    Most narratives are such documents: read here line by line, without the block step's
    state, line table and rule loop (two thirds of parsing a narrative, measured). Every
    line that could open or interrupt another block starts with a character of
    NOT_PLAIN_RE, and such a line anywhere but a directive's sends the document back.
    """
    if not src or "\r" in src or "\0" in src or src[0] in " \t" or "\n " in src or "\n\t" in src:
        return None  # indents, CR and NUL: markdown-it's line table and normalize step
    lines = src.split("\n")
    if not lines[-1]:
        lines.pop()  # after a final newline
    tokens: list[Token] = []
    count, start = len(lines), 0
    while start < count:
        text = lines[start]
        if not text:
            start += 1
        elif text[0] == "#":
            heading = None if "|" in text else _heading_tokens(start, text)
            if heading is None:
                return None
            tokens += heading
            start += 1
        elif text[0] == "{":
            if not _directive(tokens, start, text):
                return None
            start += 1
        elif NOT_PLAIN_RE.match(text):
            return None
        else:
            end = _paragraph_end(lines, start + 1, count)
            if end < 0:
                return None
            content = mdTrim("\n".join(lines[start:end]))
            tokens += (
                block_token("paragraph_open", "p", 1, 0, [start, end]),
                block_token("inline", "", 0, 1, [start, end], content),
                block_token("paragraph_close", "p", -1, 0),
            )
            start = end
    return tokens


def _paragraph_end(lines: list[str], line: int, count: int) -> int:
    """The line after the paragraph whose next line is LINE; -1 when a line of it is not
    plain (it may interrupt the paragraph: markdown-it's rules decide)."""
    while line < count:
        text = lines[line]
        if not text:
            break
        if NOT_PLAIN_RE.match(text):
            return -1
        line += 1
    return line


def _directive(tokens: list[Token], start: int, text: str) -> bool:
    """markdown.directive_block at a block's start: its token added, or False."""
    match = DIRECTIVE_RE.match(text)
    if match is None:
        return False
    token = block_token("jixiao_table", "", 0, 0, [start, start + 1])
    token.meta = {"table": match.group(1)}
    tokens.append(token)
    return True
