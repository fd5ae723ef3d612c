"""Which `##` sections of report.md changed, as short unified diffs (pure)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

PREAMBLE = "（标题前的文字）"
MAX_LINES = 40  # a review comment shows the gist; the full diff is one click away in git


@dataclass(frozen=True)
class SectionChange:
    title: str
    status: str  # added | removed | changed
    diff: tuple[str, ...]  # unified diff lines ('+', '-', ' ', '@@'), at most MAX_LINES + 1


def split_sections(text: str | None) -> dict[str, list[str]]:
    """Level-2 sections by heading text; deeper headings stay inside their section."""
    sections: dict[str, list[str]] = {}
    if not text:
        return sections
    title = PREAMBLE
    body: list[str] = []
    for line in text.splitlines():
        if line.startswith("## "):
            _store(sections, title, body)
            title, body = line[3:].strip(), []
        else:
            body.append(line.rstrip())
    _store(sections, title, body)
    return sections


def _store(sections: dict[str, list[str]], title: str, body: list[str]) -> None:
    while body and not body[-1]:
        body.pop()
    while body and not body[0]:
        body.pop(0)
    if title == PREAMBLE and not body:
        return
    key, n = title, 2
    while key in sections:  # a repeated heading is its own section
        key, n = f"{title}（{n}）", n + 1
    sections[key] = body


def section_changes(before: str | None, after: str | None) -> tuple[SectionChange, ...]:
    old, new = split_sections(before), split_sections(after)
    changes = []
    for title in _ordered(old, new):
        if title not in new:
            changes.append(SectionChange(title, "removed", _limit([f"-{x}" for x in old[title]])))
        elif title not in old:
            changes.append(SectionChange(title, "added", _limit([f"+{x}" for x in new[title]])))
        elif old[title] != new[title]:
            lines = difflib.unified_diff(old[title], new[title], n=1, lineterm="")
            body = [x for x in lines if not x.startswith(("---", "+++"))]
            changes.append(SectionChange(title, "changed", _limit(body)))
    return tuple(changes)


def _ordered(old: dict[str, list[str]], new: dict[str, list[str]]) -> list[str]:
    """Sections in the new text's order, removed ones where they used to be."""
    order = list(new)
    for i, title in enumerate(old):
        if title not in new:
            order.insert(min(i, len(order)), title)
    return order


def _limit(lines: list[str]) -> tuple[str, ...]:
    if len(lines) <= MAX_LINES:
        return tuple(lines)
    return (*lines[:MAX_LINES], f"…（还有 {len(lines) - MAX_LINES} 行）")
