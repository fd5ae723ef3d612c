"""The last gate before publishing: personal numbers in the files about to be published.

Shell module (reads the staged site). The sources were checked as written and as decoded;
this reads what a visitor gets — the text of every HTML page (tags as gaps, character
references decoded) and its attribute values, the open data (JSON, CSV), the feed, the
print documents — so a number that only comes together on a page (two values printed in
neighbouring table cells) cannot slip through. A hit is an error naming the staged file
and keeps the previous site in place.

Declared codes and the numbers kept with the allow marker (allowed_numbers) pass.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Iterator
from pathlib import Path

from builder.diagnostics import Diagnostic, Pos
from builder.loading.content import shown
from builder.privacy.scan import Found, find_numbers
from builder.privacy.sources import MARKED_RUN, message
from builder.privacy.views import Lines, View, html_text, html_view

# Files read as text; others (PDF, fonts, images, Pagefind's compressed index) are not.
HTML_SUFFIXES = (".html", ".htm", ".xml", ".svg")
TEXT_SUFFIXES = (*HTML_SUFFIXES, ".json", ".csv", ".txt", ".js", ".css", ".md", ".webmanifest")
# Attribute values long enough to hold a number (title, alt, content, data-*).
_ATTRIBUTE = re.compile(r"=\"([^\"<>]{11,})\"")


def check(
    staging: Path,
    allowed: frozenset[str],
    skip: tuple[str, ...] = (),
    shown_as: str = "",
    checked: frozenset[Path] = frozenset(),
) -> list[Diagnostic]:
    """Errors for every personal number in the text files under STAGING (folders named
    in SKIP, relative to it, are not read; nor are the files in CHECKED, which passed
    before with no more numbers allowed: the report cache's), except the ALLOWED digits.
    Files are named under SHOWN_AS (where they are about to be published) when given."""
    found: list[Diagnostic] = []
    long_allowed = _long(allowed)
    for path in _files(staging, skip, checked):
        text = path.read_bytes().decode("utf-8", errors="replace")  # our own staged files
        is_html = path.name.endswith(HTML_SUFFIXES)
        if _holds_any(text, is_html, allowed, long_allowed):
            where = shown(path) if not shown_as else f"{shown_as}/{path.relative_to(staging)}"
            found.extend(_located(where, text, is_html, allowed, long_allowed))
    return found


def _holds_any(text: str, is_html: bool, allowed: frozenset[str], long: tuple[str, ...]) -> bool:
    """Whether TEXT holds a personal number, read without a map back to the source (most
    files hold none: _located finds where, for those that do)."""
    return bool(
        _hits(html_text(text) if is_html else text, allowed, long)
        or (is_html and _hits(_attributes(text)[0], allowed, long))
    )


def folders_pass(staging: Path, folders: list[str], allowed: frozenset[str]) -> list[str]:
    """The FOLDERS (relative to STAGING; absent ones pass) in none of whose text files,
    subfolders' included, check() would find a personal number but the ALLOWED ones."""
    long_allowed = _long(allowed)
    passing = []
    for folder in folders:
        if not os.path.isdir(staging / folder):
            passing.append(folder)
            continue
        for path in _files(staging / folder, (), frozenset()):
            text = path.read_bytes().decode("utf-8", errors="replace")
            if _holds_any(text, path.name.endswith(HTML_SUFFIXES), allowed, long_allowed):
                break
        else:
            passing.append(folder)
    return passing


def texts_pass(texts: list[str], allowed: frozenset[str]) -> bool:
    """True when no text of TEXTS (plain text, not HTML) holds a personal number but the
    ALLOWED ones: the parts an open-data file is joined from, read as check() reads it."""
    long_allowed = _long(allowed)
    return not any(_hits(text, allowed, long_allowed) for text in texts)


def _long(allowed: frozenset[str]) -> tuple[str, ...]:
    """The allowed numbers a longer number may be part of (a 索引号 holds codes)."""
    return tuple(n for n in allowed if len(n) > 11 and not n.startswith(MARKED_RUN))


def _files(staging: Path, skip: tuple[str, ...], checked: frozenset[Path]) -> Iterator[Path]:
    """The text files under STAGING (in no particular order: diagnostics are sorted)."""
    # Walked as strings (DirEntry paths): thousands of report folders, skipped or not,
    # would cost a Path each to build and hash.
    root = str(staging)
    folders = [root]
    skipped = {os.path.join(root, name) for name in skip}
    files = {str(path) for path in checked}
    while folders:
        folder = folders.pop()
        with os.scandir(folder) as listing:
            entries = list(listing)
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.path not in skipped:
                    folders.append(entry.path)
            elif (
                entry.name.endswith(TEXT_SUFFIXES)
                and entry.is_file(follow_symlinks=False)
                and entry.path not in files
            ):
                yield Path(entry.path)


def _hits(text: str, allowed: frozenset[str], long_allowed: tuple[str, ...]) -> list[Found]:
    return [hit for hit in find_numbers(text) if not _allowed(hit, allowed, long_allowed)]


def _allowed(hit: Found, allowed: frozenset[str], long_allowed: tuple[str, ...]) -> bool:
    """A declared code (or part of one, as in a 索引号), a number marked as not personal,
    or one whose every group of digits is a run of digits of a marked line."""
    if hit.digits in allowed or any(hit.digits in number for number in long_allowed):
        return True
    return all(MARKED_RUN + part in allowed for part in hit.parts)


def _attributes(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The long attribute values of a page, NUL between two, and where each starts in
    the string returned and in TEXT."""
    values, starts = [], []
    at = 0
    for match in _ATTRIBUTE.finditer(text):
        values.append(match.group(1))
        starts.append((at, match.start(1)))
        at += len(match.group(1)) + 1
    return "\0".join(values), starts  # NUL: not a gap, so values are never joined


def _located(
    where: str, text: str, is_html: bool, allowed: frozenset[str], long_allowed: tuple[str, ...]
) -> list[Diagnostic]:
    """The hits of a file that has some, each at its line and column in the file (the
    slower reading that keeps the map back to the source)."""
    view = html_view(text) if is_html else View(text)
    lines = Lines(text)
    found = []
    for hit in _hits(view.text, allowed, long_allowed):
        line, col = lines.line_col(view.source_offset(hit.start))
        found.append(message(hit, Pos(where, line, col), published=True))
    if is_html:
        joined, starts = _attributes(text)
        for hit in _hits(joined, allowed, long_allowed):
            inside, source = starts[bisect_right(starts, (hit.start, len(text))) - 1]
            line, col = lines.line_col(source + hit.start - inside)
            found.append(message(hit, Pos(where, line, col), published=True))
    return found
