"""Unfinished narrative: sections with no text and 待填写 left in report.md (pure).

Errors for a report that will be published, warnings in a draft (see
builder/checks/unfinished.py, which owns the codes).
"""

from __future__ import annotations

from markdown_it.token import Token

from builder.checks.unfinished import EMPTY_SECTION, PLACEHOLDER_LEFT, TODO, for_draft
from builder.diagnostics import Diagnostic, Pos, diag
from builder.render.outline import Heading

# Tokens that are text a reader sees (a comment, jixiao_comment, is not).
_CONTENT = frozenset(
    (
        "paragraph_open",
        "bullet_list_open",
        "ordered_list_open",
        "table_open",
        "blockquote_open",
        "fence",
        "code_block",
        "jixiao_table",
    )
)


def unfinished_narrative(
    tokens: list[Token],
    lines: list[str],
    headings: list[Heading],
    placements: dict[int, list[str]],
    file: str,
    draft: bool,
) -> list[Diagnostic]:
    found = _empty_sections(tokens, headings, placements, file)
    found += _placeholders(lines, tokens, file)
    return for_draft(found, draft)


def _empty_sections(
    tokens: list[Token], headings: list[Heading], placements: dict[int, list[str]], file: str
) -> list[Diagnostic]:
    found = []
    for k, heading in enumerate(headings):
        following = headings[k + 1] if k + 1 < len(headings) else None
        if following is not None and following.depth > heading.depth:
            continue  # its text is in its subsections
        end = following.index if following is not None else len(tokens)
        if end in placements or any(t.type in _CONTENT for t in tokens[heading.index : end]):
            continue
        found.append(
            diag(
                EMPTY_SECTION,
                f"章节「{heading.title}」没有正文",
                Pos(file, heading.line, 1),
                "请在标题下写这一节的内容；不适用的可选章节可以删除，"
                "必需的章节可写明「本项目不涉及……」。",
            )
        )
    return found


def _placeholders(lines: list[str], tokens: list[Token], file: str) -> list[Diagnostic]:
    """待填写 in the text a reader sees: lines of paragraphs, lists and headings (not in
    comments, which are never published)."""
    found = []
    seen: set[int] = set()
    for token in tokens:
        if token.type != "inline" or not token.map or TODO not in _visible(token):
            continue
        for number in range(token.map[0], token.map[1]):
            column = lines[number].find(TODO) if number < len(lines) else -1
            if column >= 0 and number not in seen:
                seen.add(number)
                found.append(
                    diag(
                        PLACEHOLDER_LEFT,
                        f"正文中残留占位内容「{TODO}」",
                        Pos(file, number + 1, column + 1),
                        "把它换成实际内容；报告尚未完成时可写 draft: true（草稿不会发布）。",
                    )
                )
    return found


def _visible(token: Token) -> str:
    return "".join(c.content for c in token.children or [] if c.type != "jixiao_comment")
