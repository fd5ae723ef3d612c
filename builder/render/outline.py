"""Headings of report.md against the profile's outline: matching, numbering, placement.

Pure module. `##` headings are matched to the profile's sections (titles and aliases),
`###` to the children of the section above them. Numbers follow the author's document
order in the official style; a number the author typed is stripped with a warning.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from builder.diagnostics import Diagnostic, Pos, diag
from builder.loading.profile import Section
from builder.render import codes
from builder.render.numbering import heading_number, split_typed_number

TRAILING = "。．.：:；;，,"


@dataclass
class Heading:
    index: int  # of its heading_open token
    depth: int  # outline level: 1 for `##`
    line: int  # 1-based line in report.md
    title: str  # plain text, typed number stripped
    number: str = ""
    anchor: str = ""
    section: Section | None = None


@dataclass
class Outline:
    headings: list[Heading] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # token index → generated tables to insert before that token (len(tokens) = the end)
    placements: dict[int, list[str]] = field(default_factory=dict)


def normalize(title: str) -> str:
    # str.split() drops what \s matches (both are str.isspace), faster than a regex.
    return "".join(title.split()).rstrip(TRAILING)


@functools.lru_cache(maxsize=1024)  # profiles' names only: a few hundred at most
def _section_keys(section_names: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(normalize(name) for name in section_names)


def _matches_normalized(text: str, section: Section) -> bool:
    for key in _section_keys(section.names()):
        noted = len(text) > len(key) and text.startswith(key) and text[len(key)] in NOTE_OPENERS
        if text == key or noted:
            return True
    return False


def matches(title: str, section: Section) -> bool:
    """Exact title or alias, or one followed by a bracketed note (「评价实施过程（前期准备…）」)."""
    return _matches_normalized(normalize(title), section)


def find_section(title: str, sections: tuple[Section, ...]) -> int | None:
    """The first section that `matches` the title: looked up, not tried one by one."""
    keys = _first_section_by_key(sections)
    text = normalize(title)
    found = keys.get(text)
    if NOTE_OPENER_RE.search(text) is None:
        return found
    # A section whose name ends where a bracketed note starts in the title also matches.
    for at, character in enumerate(text):
        if character in NOTE_OPENERS:
            noted = keys.get(text[:at])
            if noted is not None and (found is None or noted < found):
                found = noted
    return found


NOTE_OPENERS = "（(【["
NOTE_OPENER_RE = re.compile(f"[{re.escape(NOTE_OPENERS)}]")


def _first_section_by_key(sections: tuple[Section, ...]) -> dict[str, int]:
    """Each normalized title or alias → the index of the first section that has it."""
    keys: dict[str, int] = {}
    for index, section in enumerate(sections):
        for key in _section_keys(section.names()):
            keys.setdefault(key, index)
    return keys


def plain_text(inline: Token) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "jixiao_brace"):
            parts.append(child.content)
        elif child.type == "jixiao_figure":
            parts.append(child.content if child.meta.get("resolved") else child.meta["raw"])
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts).strip()


def strip_typed_number(inline: Token, file: str, line: int, source_line: str) -> list[Diagnostic]:
    """Remove a typed 「一、」「（一）」「1.」 from the heading's first text (it is generated)."""
    children = inline.children or []
    if not children or children[0].type != "text":
        return []
    typed, rest = split_typed_number(children[0].content)
    if not typed:
        return []
    children[0].content = rest.lstrip()
    inline.content = split_typed_number(inline.content)[1].lstrip()
    return [
        diag(
            codes.TYPED_NUMBER,
            f"标题前手写了编号「{typed}」，已删除",
            Pos(file, line, source_line.find(typed) + 1 or 1),
            "编号由 jixiao 按「一、（一）1.（1）①」自动生成，标题只写文字即可。",
        )
    ]


def collect_headings(
    tokens: list[Token], lines: list[str], file: str
) -> tuple[list[Heading], list[Diagnostic]]:
    headings: list[Heading] = []
    diags: list[Diagnostic] = []
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or token.level != 0:
            continue
        line = (token.map[0] if token.map else 0) + 1
        inline = tokens[index + 1]
        depth = int(token.tag[1]) - 1
        if depth == 0:
            diags.append(
                diag(
                    codes.HEADING_LEVEL,
                    "正文中不应使用一级 Markdown 标题「#」",
                    Pos(file, line, 1),
                    "报告标题取自 report.yaml 的 title；章节请用「## 章节名」。",
                )
            )
            depth = 1
            token.tag = tokens[index + 2].tag = "h2"
        source_line = lines[line - 1] if line <= len(lines) else ""
        diags.extend(strip_typed_number(inline, file, line, source_line))
        headings.append(Heading(index, depth, line, plain_text(inline)))
    return headings, diags


ZEROS = (0,) * 6
# The same few labels (一、 （二） 3.) on every report.
_heading_number = functools.lru_cache(maxsize=512)(heading_number)


def number_headings(headings: list[Heading], file: str) -> list[Diagnostic]:
    diags = []
    counters = [0] * 6
    depth_now = 0
    for heading in headings:
        if heading.depth > depth_now + 1:
            diags.append(
                diag(
                    codes.HEADING_LEVEL,
                    f"标题「{heading.title}」跳过了上一级标题",
                    Pos(file, heading.line, 1),
                    "标题层级应逐级递进：## 一级、### 二级、#### 三级……",
                )
            )
        depth = min(heading.depth, 5)
        counters[depth - 1] += 1
        counters[depth:] = ZEROS[depth:]
        heading.number = _heading_number(depth, counters[depth - 1])
        heading.anchor = "sec-" + "-".join(map(str, counters[:depth]))
        depth_now = heading.depth
    return diags
