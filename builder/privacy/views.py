"""What a reader sees of a text, and where each of its characters came from (pure module).

A view replaces the parts a reader does not see as written — character references
(`&#52;` reads as 4), HTML tags (a tag between two digits reads as a gap) — and maps an
offset in the view back to the source, so a number is reported where it was written.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field

_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_TAG = r"<[^>]*>"
ENTITIES = re.compile(_ENTITY)
TAGS = re.compile(_TAG)
_TAG_OR_ENTITY = re.compile(f"{_TAG}|{_ENTITY}")


def _unescape(match: re.Match[str]) -> str:
    text = match.group()
    return " " if text.startswith("<") else html.unescape(text)


@dataclass
class View:
    text: str
    # Each replaced span as (view start, view end, source start, source end), in order.
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)

    def source_offset(self, at: int) -> int:
        """Where the character at AT of the view is in the source."""
        index = bisect_right(self.spans, (at, len(self.text) + 1)) - 1
        if index < 0:
            return at
        _, view_end, source_start, source_end = self.spans[index]
        if at < view_end:
            return source_start
        return source_end + (at - view_end)


def _replaced(source: str, pattern: re.Pattern[str]) -> View:
    parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    done = 0  # source offset copied so far
    length = 0  # view length so far
    for match in pattern.finditer(source):
        parts.append(source[done : match.start()])
        length += match.start() - done
        new = _unescape(match)
        parts.append(new)
        spans.append((length, length + len(new), match.start(), match.end()))
        length += len(new)
        done = match.end()
    parts.append(source[done:])
    return View("".join(parts), spans)


def entity_view(source: str) -> View:
    """SOURCE with its character references decoded (Markdown, YAML values)."""
    if "&" not in source:
        return View(source)
    return _replaced(source, ENTITIES)


def html_view(source: str) -> View:
    """The text of an HTML document: each tag a space, character references decoded."""
    return _replaced(source, _TAG_OR_ENTITY)


def html_text(source: str) -> str:
    """html_view(SOURCE).text, faster: no map back to the source (a page without a hit)."""
    text = TAGS.sub(" ", source)
    return ENTITIES.sub(_unescape, text) if "&" in text else text


class Lines:
    """Where the lines of a text start, found once: a file with thousands of hits is
    placed in linear time, not by counting line breaks again for each."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(match.end() for match in re.finditer("\n", text))]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of OFFSET."""
        index = bisect_right(self.starts, offset) - 1
        return index + 1, offset - self.starts[index] + 1

    def offset(self, line: int, col: int) -> int:
        """The offset of 0-based LINE and COL."""
        return self.starts[line] + col

    def line(self, number: int) -> str:
        """The 1-based line NUMBER, without its line break."""
        start = self.starts[number - 1]
        end = self.starts[number] - 1 if number < len(self.starts) else len(self.text)
        return self.text[start:end]
