"""A fast reader for the plain block-style YAML that reports are written in.

Pure module. libyaml's C composer is quick, but ruamel.yaml turns each of its events
into a Python node with two Mark objects: ≈ 0.45 ms for a report's two hundred nodes,
the largest part of loading. Reports use a small part of YAML: block mappings and
sequences, plain and single-line quoted scalars, comments. For such text, compose()
here builds the same tree (same values, same places, same quote styles) line by line.

Anything else — flow style, anchors, aliases, tags, block or multi-line scalars,
escapes, document markers, tabs, repeated keys, unusual indentation, any syntax error —
makes compose() return None, and the caller composes the text with libyaml instead:
that path alone reports problems, so every diagnostic comes from one place. The rules
below are deliberately stricter than YAML; tests/test_yamlfast.py pins the result
against libyaml on every YAML file of the project and thousands of generated ones.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple


class Node(NamedTuple):
    """A composed node: kind ("scalar", "sequence" or "mapping"), value (the text, the
    items, or the (key, value) pairs), where it starts (0-based line and column, as
    libyaml counts: in characters) and, for a scalar, its quote style ("" when plain).

    A node is its own mark (it has .line and .column): validation keeps nodes where it
    needs places, without a Mark object per node."""

    id: str
    value: Any
    line: int
    column: int
    style: str = ""


class Place(NamedTuple):
    """Where a node starts, without the node (0-based, as Node.line and Node.column)."""

    line: int
    column: int


# A tuple made by tuple.__new__ directly: NamedTuple's generated __new__ is a Python
# call, and a report has two hundred nodes.
_new = tuple.__new__

# Characters this reader leaves to libyaml: tabs, carriage returns, the other YAML line
# breaks (NEL, LS, PS), byte-order marks and anything libyaml does not accept as printable.
_UNSUPPORTED = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)

# First characters that make a scalar something other than plain text (flow
# collections, anchors, aliases, tags, block scalars, quotes, directives, comments).
_INDICATORS = frozenset(",[]{}#&*!|>'\"%@`")
# First characters that are indicators only when a space or the line's end follows.
_BLANK_INDICATORS = frozenset("-?:")

# Deeper nesting than any report needs (an indicator tree of three levels is about ten):
# past it the full reader reports the file (yamlguard.py) instead of recursing on.
MAX_DEPTH = 50

# libyaml looks no further than 1024 characters for a key's colon; stay well below.
_LONGEST_KEY = 512


class _Unsupported(Exception):
    """This text needs the full YAML reader."""


# A line read on its own (columns 0-based, counted from the line's start):
#   a key line "key: value": (indent, key, column after the colon, the value's text or
#     None when nothing follows the colon, the value's column, its quote style);
#   a list item "- …": (indent, None, the key line of the mapping that begins after the
#     dash or None, the scalar's text, column and quote style when it is not a mapping).
Line = tuple[int, "str | None", Any, "str | None", int, str]
# The lines with content, and their 0-based numbers: two lists rather than a list of
# pairs, a tuple fewer to make (and free) for every line of every report.
Rows = tuple[list[Line], list[int]]

_SKIP: Line = (0, None, None, None, 0, "")  # a blank line or a comment

# Lines already read, as written: most lines of a report ("    weight: 5",
# "      method: rate") recur in every other report. Bounded: cleared when full.
_LINES: dict[str, Line] = {}
_LINES_LIMIT = 1 << 16


def compose(text: str) -> Node | None:
    """TEXT's top-level mapping as Nodes, or None when TEXT is not in the plain subset."""
    if _UNSUPPORTED.search(text) is not None:
        return None
    try:
        lines, numbers = _rows(text)
        if not lines:
            return None
        node, end = _mapping(lines, numbers, 0, lines[0][0], 1)
    except _Unsupported:
        return None
    return node if end == len(lines) else None


def _rows(text: str) -> Rows:
    lines: list[Line] = []
    numbers: list[int] = []
    known = _LINES.get
    for number, text_line in enumerate(text.split("\n")):
        line = known(text_line) or _read_line(text_line)
        if line is not _SKIP:
            lines.append(line)
            numbers.append(number)
    return lines, numbers


def _read_line(text: str) -> Line:
    """TEXT read as a line of the plain subset (remembered), or _Unsupported raised: a
    line neither a key line nor a list item is read as neither wherever it stands."""
    content = text.lstrip(" ")
    indent = len(text) - len(content)
    if not content or content[0] == "#":
        line = _SKIP
    elif content[0] == "-" and (len(content) == 1 or content[1] == " "):
        line = _item_line(content, indent)
    else:
        line = _key_line(content, indent)
    if len(_LINES) >= _LINES_LIMIT:
        _LINES.clear()
    _LINES[text] = line
    return line


def _key_line(content: str, indent: int) -> Line:
    colon = content.find(": ")
    if colon < 0:
        if content[-1] != ":":
            raise _Unsupported  # a scalar where a key was expected
        colon = len(content) - 1
    key = content[:colon].rstrip(" ")
    _check_key(key)
    rest = content[colon + 1 :].lstrip(" ")
    column = indent + len(content) - len(rest)
    if rest and rest[0] != "#":
        text, style = _scalar(rest)
        return (indent, key, indent + colon + 1, text, column, style)
    return (indent, key, indent + colon + 1, None, column, "")


def _item_line(content: str, indent: int) -> Line:
    if content[:2] != "- ":
        raise _Unsupported  # a bare "-": its item on the next lines
    rest = content[2:].lstrip(" ")
    if not rest or rest[0] == "#":
        raise _Unsupported
    column = indent + len(content) - len(rest)
    if ": " in rest or rest[-1] == ":":  # the item is a mapping, its keys at COLUMN
        return (indent, None, _key_line(rest, column), None, column, "")
    text, style = _scalar(rest)
    return (indent, None, None, text, column, style)


def _block(lines: list[Line], numbers: list[int], start: int, depth: int) -> tuple[Node, int]:
    """The mapping or sequence beginning at LINES[START], DEPTH collections deep."""
    if depth > MAX_DEPTH:
        raise _Unsupported
    line = lines[start]
    if line[1] is None:
        return _sequence(lines, numbers, start, line[0], depth)
    return _mapping(lines, numbers, start, line[0], depth)


def _mapping(
    lines: list[Line], numbers: list[int], start: int, indent: int, depth: int
) -> tuple[Node, int]:
    pairs: list[tuple[Node, Node]] = []
    keys: set[str] = set()
    count = len(lines)
    at = start
    while True:
        _, key, after_colon, text, column, style = lines[at]
        number = numbers[at]
        if key is None:
            raise _Unsupported  # a list item among keys
        if key in keys:
            raise _Unsupported  # a repeated key: reported by the full reader
        keys.add(key)
        at += 1
        if text is not None:
            value = _new(Node, ("scalar", text, number, column, style))
        elif at < count and lines[at][0] > indent:
            value, at = _block(lines, numbers, at, depth + 1)
        else:  # nothing written: a null, placed just after the colon as libyaml does
            value = _new(Node, ("scalar", "", number, after_colon, ""))
        pairs.append((_new(Node, ("scalar", key, number, indent, "")), value))
        if at == count:
            break
        following = lines[at][0]
        if following != indent:
            if following > indent:
                raise _Unsupported  # a continuation line or a misplaced key
            break
    return _new(Node, ("mapping", pairs, numbers[start], indent, "")), at


def _sequence(
    lines: list[Line], numbers: list[int], start: int, indent: int, depth: int
) -> tuple[Node, int]:
    items: list[Node] = []
    count = len(lines)
    at = start
    while True:
        _, key, mapping, text, column, style = lines[at]
        if key is not None:
            raise _Unsupported  # a key among list items
        if mapping is not None:
            lines[at] = mapping
            item, at = _mapping(lines, numbers, at, column, depth + 1)
        else:
            item = _new(Node, ("scalar", text, numbers[at], column, style))
            at += 1
        items.append(item)
        if at == count:
            break
        following = lines[at][0]
        if following != indent:
            if following > indent:
                raise _Unsupported
            break
    return _new(Node, ("sequence", items, numbers[start], indent, "")), at


def _check_key(key: str) -> None:
    """Plain one-line keys only; quoted, complex, commented or very long ones go to libyaml."""
    if (
        not key
        or len(key) > _LONGEST_KEY
        or key[0] in _INDICATORS
        or (key[0] in _BLANK_INDICATORS and (len(key) == 1 or key[1] == " "))
        or "#" in key
        or ":" in key
        or key.startswith(("---", "..."))
    ):
        raise _Unsupported


def _scalar(text: str) -> tuple[str, str]:
    """The value and quote style of the scalar TEXT (the rest of a line, not empty, no
    leading space)."""
    first = text[0]
    if first == "'" or first == '"':
        return _quoted(text)
    if first in _INDICATORS or (first in _BLANK_INDICATORS and (len(text) == 1 or text[1] == " ")):
        raise _Unsupported
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment]
    text = text.rstrip(" ")
    if ": " in text or text[-1] == ":":
        raise _Unsupported  # libyaml: "mapping values are not allowed here"
    return text, ""


def _quoted(text: str) -> tuple[str, str]:
    """A quoted scalar closed on its own line, followed by nothing or a comment."""
    quote = text[0]
    if quote == "'":
        end = 1
        while True:
            end = text.find("'", end)
            if end < 0:
                raise _Unsupported  # continued on the next line, or unclosed
            if text[end + 1 : end + 2] != "'":
                break
            end += 2
        value = text[1:end].replace("''", "'")
    else:
        end = text.find('"', 1)
        if end < 0 or "\\" in text[:end]:
            raise _Unsupported  # escapes, continuation lines or unclosed
        value = text[1:end]
    after = text[end + 1 :]
    if after:
        trailing = after.lstrip(" ")
        if trailing and (trailing[0] != "#" or after[0] != " "):
            raise _Unsupported  # more text after the closing quote, or a quoted key
    return value, quote
