"""Report tables a keyboard can scroll on a phone (pure): each table block becomes a
focusable region named by its table's title, or by its kind when it has none."""

from __future__ import annotations

import re

_TABLE_BLOCK = re.compile(
    r'<div class="table-block ([^"]*)">(\s*<table[^>]*>\s*<caption><span class="table-title">)'
    r"([^<]*)"
)


def scrollable_tables(body_html: str) -> str:
    """Let keyboard users scroll a wide table on a phone (its block scrolls, not the page):
    each block is focusable and a region named by its table's title (escaped text already,
    so it can stand in an attribute as it is)."""

    def labelled(match: re.Match[str]) -> str:
        kinds, between, title = match.groups()
        return (
            f'<div tabindex="0" role="region" aria-label="{title or "表格"}" '
            f'class="table-block {kinds}">{between}{title}'
        )

    body = _TABLE_BLOCK.sub(labelled, body_html)
    # Tables without a title (the form's head and sign-off rows) are named by their kind;
    # landmarks must be told apart, so a name given twice is numbered.
    seen: dict[str, int] = {}

    def named(match: re.Match[str]) -> str:
        kinds = match.group(1)
        name = next((UNTITLED[k] for k in kinds.split() if k in UNTITLED), "表格")
        seen[name] = seen.get(name, 0) + 1
        label = name if seen[name] == 1 else f"{name}（{seen[name]}）"
        return f'<div tabindex="0" role="region" aria-label="{label}" class="table-block {kinds}">'

    return _UNTITLED_BLOCK.sub(named, body)


_UNTITLED_BLOCK = re.compile(r'<div class="table-block ([^"]*)">')
UNTITLED = {"table-form-head": "项目基本信息", "table-form-signoff": "填报信息"}
