"""Personal numbers in the content as written: YAML values as decoded, narratives as read.

Pure module. Each YAML file is read twice over: line by line as written (comments too:
the files are public in the repository reviewers read) and value by value as the YAML
reader decodes them (`"\\x34"` escapes, quoted scalars continued with `\\`, folded and
literal block scalars joined), which is what the site shows. A narrative is read with its
character references decoded and its markup ignored (views.py, scan.py). Every hit is
reported at the file, line and column where its first digit was written.

Declared codes (`project.code`, `unit.code`, `disclosure.index_no`) are not personal data:
a 16- or 19-digit 项目编码 may pass Luhn like a bank card.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from builder.diagnostics import Diagnostic, Pos, diag
from builder.loading.content import Content
from builder.loading.yamlsrc import RawNode, compose
from builder.privacy.numbers import ALLOW_MARKER, HINT, MESSAGES, PUBLISHED_HINT, mask
from builder.privacy.scan import Found, find_in_lines, find_numbers, read_digits
from builder.privacy.views import Lines, entity_view

# Paths (keys from the top, "*" for a list item) of the values that hold codes.
CODE_FIELDS: dict[str, set[tuple[str, ...]]] = {
    "report.yaml": {("project", "code"), ("disclosure", "index_no")},
    "unit.yaml": {("code",)},
}
_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f"}
_ESCAPES.update({"r": "\r", "e": "\x1b", " ": " ", "/": "/", "\\": "\\", '"': '"'})
_ESCAPES.update({"N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029", "\t": "\t"})
_HEX_LENGTH = {"x": 2, "u": 4, "U": 8}


_DIGIT_RUN = re.compile(r"\d+")
MARKED_RUN = "="  # in allowed_numbers: a run of digits, not a whole number


@dataclass(frozen=True)
class Located:
    found: Found
    line: int
    col: int


def message(found: Found, where: Pos, published: bool = False) -> Diagnostic:
    code, label = MESSAGES[found.kind]
    number = mask(found.kind, found.digits)
    if published:  # the last check, of a generated file: the number may be made of parts
        text = f"将要发布的文件中有疑似{label}「{number}」，已停止发布"
        return diag(code, text, where, PUBLISHED_HINT)
    text = f"发现疑似{label}「{number}」，公开文本中不得出现"
    return diag(code, text, where, HINT)


def scan_text(text: str, file: str) -> list[Diagnostic]:
    """Located errors for every personal number in TEXT (a narrative's whole source)."""
    return [message(hit.found, Pos(file, hit.line, hit.col)) for hit in _narrative(text)[0]]


def _narrative(text: str) -> tuple[list[Located], list[Located]]:
    """The hits in a Markdown text: (reported, kept by the allow marker on their line)."""
    view = entity_view(text)
    numbers = find_numbers(view.text)
    if not numbers:  # nearly every narrative: no line index needed
        return [], []
    lines = Lines(text)
    hits = []
    for found in numbers:
        line, col = lines.line_col(view.source_offset(found.start))
        hits.append(Located(found, line, col))
    return _sorted_out(hits, lines)


def _sorted_out(hits: list[Located], lines: Lines) -> tuple[list[Located], list[Located]]:
    """HITS in order of place, as (reported, kept by the allow marker on their line)."""
    reported: list[Located] = []
    kept: list[Located] = []
    marks = ALLOW_MARKER in lines.text
    for hit in sorted(hits, key=lambda h: (h.line, h.col)):
        (kept if marks and ALLOW_MARKER in lines.line(hit.line) else reported).append(hit)
    return reported, kept


def _yaml(text: str, file: str) -> tuple[list[Located], list[Located]]:
    """The hits in a YAML file, as written and as decoded: (reported, kept)."""
    codes: set[tuple[str, ...]] = CODE_FIELDS.get(file.rsplit("/", 1)[-1], set())
    hits: dict[tuple[str, int, int], Located] = {}
    as_written, spans_lines = find_in_lines(text)
    code_starts: list[tuple[int, int]] = []  # (line, col) 1-based of each code value
    # Composed again only when decoding may show more than the lines (escapes, character
    # references, a value continued over lines with digits on both), or a hit may be a
    # code: for nearly every file the lines as written are the values as decoded.
    hide = spans_lines or "\\" in text or "&" in text
    if not as_written and not hide:  # nearly every file: nothing more to look at
        return [], []
    node = _composed(text, file)
    lines = Lines(text)
    for scalar, path in _scalars(node):
        if path in codes:
            code_starts.append((scalar.line + 1, scalar.column + 1))
            continue
        value = str(scalar.value)
        if len(value) < 11:
            continue
        view = entity_view(value)
        for found in find_numbers(view.text):
            line, col = _yaml_place(lines, scalar, value, view.source_offset(found.start))
            hits.setdefault((found.kind, line, col), Located(found, line, col))
    code_lines = dict(code_starts)
    for found in as_written:
        line, col = lines.line_col(found.start)
        if col < code_lines.get(line, col + 1):
            hits.setdefault((found.kind, line, col), Located(found, line, col))
    return _sorted_out(list(hits.values()), lines)


def _composed(text: str, file: str) -> RawNode | None:
    """The file's node tree; None when it cannot be made (the loader reports why)."""
    try:
        return compose(text, file).node
    except RecursionError:  # nesting deeper than Python's stack: a problem of its own
        return None


def _scalars(node: RawNode | None) -> Iterator[tuple[RawNode, tuple[str, ...]]]:
    """Every scalar (keys included) with the path of keys to it; no recursion (a deep
    tree is reported elsewhere, not crashed on here)."""
    stack: list[tuple[RawNode, tuple[str, ...]]] = [] if node is None else [(node, ())]
    while stack:
        current, path = stack.pop()
        if current.id == "scalar":
            yield current, path
        elif current.id == "sequence":
            stack.extend((item, (*path, "*")) for item in reversed(current.value))
        else:
            for key, value in reversed(current.value):
                stack.append((value, (*path, str(key.value))))
                stack.append((key, (*path, "")))


def _yaml_place(lines: Lines, scalar: RawNode, value: str, at: int) -> tuple[int, int]:
    """Line and column (1-based) of the character at AT of a scalar's VALUE."""
    quoted = 1 if scalar.style in ("'", '"') else 0
    first = scalar.column + quoted
    if "\n" not in value and lines.line(scalar.line + 1)[first : first + len(value)] == value:
        return scalar.line + 1, first + at + 1
    start = lines.offset(scalar.line, first)
    return lines.line_col(_align(lines.text, start, value, at, scalar.style == '"'))


def _align(text: str, start: int, value: str, at: int, escapes: bool) -> int:
    """Where VALUE[AT] was written: the characters of VALUE are looked for in order from
    START, skipping what decoding removed (indentation, line breaks, quotes, escapes of
    other characters)."""
    place = start
    for index, char in enumerate(value[: at + 1]):
        while place < len(text):
            here = text[place]
            if escapes and here == "\\" and place + 1 < len(text):
                decoded, length = _escape(text, place)
                if decoded == char:
                    break
                place += length
                continue
            if here == char or (char == " " and here == "\n"):
                break
            place += 1
        if index == at:
            return min(place, len(text) - 1)
        place += _escape(text, place)[1] if escapes and text[place : place + 1] == "\\" else 1
    return start


def _escape(text: str, place: int) -> tuple[str, int]:
    """The character a double-quoted scalar's escape at PLACE stands for, and its length."""
    kind = text[place + 1]
    size = _HEX_LENGTH.get(kind)
    if size is not None:
        try:
            return chr(int(text[place + 2 : place + 2 + size], 16)), 2 + size
        except ValueError:
            return "", 2
    return _ESCAPES.get(kind, ""), 2


def _sources(content: Content) -> Iterator[tuple[str, str, bool]]:
    """(file, text, is YAML) for every loaded file; each file once."""
    for file, data in sorted(content.sources.items()):
        yield file, data.decode("utf-8-sig", errors="replace"), True
    for report in content.reports:
        if report.narrative is not None:
            yield report.narrative.file, report.narrative.text, False


def guard(content: Content) -> list[Diagnostic]:
    """The personal-data check over every loaded YAML file and every narrative."""
    found: list[Diagnostic] = []
    seen: set[str] = set()
    for file, text, is_yaml in _sources(content):
        if file in seen:
            continue
        seen.add(file)
        reported, _ = _yaml(text, file) if is_yaml else _narrative(text)
        found.extend(message(hit.found, Pos(file, hit.line, hit.col)) for hit in reported)
    return found


def allowed_numbers(content: Content) -> frozenset[str]:
    """What the last check before publishing must let through, as digits: the declared
    codes and the numbers kept by the allow marker, and (prefixed MARKED_RUN) each run of
    digits on a marked line."""
    allowed: set[str] = set()
    for report in content.reports:
        codes = (report.project.code if report.project else None, report.unit.code)
        allowed.update(read_digits(code) for code in (*codes, report.disclosure.index_no) if code)
    for file, text, is_yaml in _sources(content):
        if ALLOW_MARKER in text:
            _, kept = _yaml(text, file) if is_yaml else _narrative(text)
            allowed.update(hit.found.digits for hit in kept)
            # A page may print two marked values side by side: a number only there,
            # let through when each of its groups is a whole run of a marked line.
            for line in text.split("\n"):
                if ALLOW_MARKER in line:
                    allowed.update(
                        MARKED_RUN + read_digits(run) for run in _DIGIT_RUN.findall(line)
                    )
    allowed.discard("")
    return frozenset(allowed)
