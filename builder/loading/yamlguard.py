"""Guards run before libyaml composes a text: characters YAML refuses, and nesting so
deep that composing would recurse past Python's limit (or crash libyaml's composer).

Pure module. Both problems come back as located diagnostics instead of a ReaderError
without a place, a RecursionError or a segmentation fault.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from builder.diagnostics import YAML_CONTROL, YAML_DEPTH, Diagnostic, Pos, diag

# Deeper nesting than any report needs (an indicator tree of three levels is about ten):
# past it the file is reported instead of composed (composing recurses).
MAX_DEPTH = 50

# Characters YAML does not allow in a file (its "printable" set inverted): C0 controls
# but tab, LF and CR; DEL; C1 controls but NEL; surrogates; U+FFFE and U+FFFF.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Lines with such characters reported one by one; the rest are counted in the last.
MAX_CONTROL_LINES = 20


def control_characters(text: str, file: str) -> list[Diagnostic]:
    """One diagnostic per line holding characters YAML refuses (NUL, ESC, …), at the first."""
    found: list[Diagnostic] = []
    last_line = -1
    lines = 0
    for match in _NOT_PRINTABLE.finditer(text):
        start = match.start()
        line_start = text.rfind("\n", 0, start) + 1
        if line_start == last_line:
            continue  # this line is reported already
        last_line = line_start
        lines += 1
        if lines > MAX_CONTROL_LINES:
            continue
        line = text.count("\n", 0, line_start) + 1
        char = f"U+{ord(match.group()):04X}"
        found.append(
            diag(
                YAML_CONTROL,
                f"第 {line} 行含有不可见的控制字符 {char}",
                Pos(file, line, start - line_start + 1),
                "这类字符常由复制粘贴带入：删除它（在编辑器中显示不可见字符后可以看到）。",
            )
        )
    if lines > MAX_CONTROL_LINES:
        extra = lines - MAX_CONTROL_LINES
        found[-1] = replace(found[-1], message=f"{found[-1].message}；另有 {extra} 行也有")
    return found


class DepthTrouble(Exception):
    """Collections nested deeper than MAX_DEPTH: composing them would recurse (and
    libyaml's own composer crashes the process near 100,000 levels)."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__(line, column)
        self.line, self.column = line, column

    def diagnostic(self, file: str) -> Diagnostic:
        return diag(
            YAML_DEPTH,
            f"嵌套超过 {MAX_DEPTH} 层",
            Pos(file, self.line + 1, self.column + 1),
            f"报告数据的层级远少于 {MAX_DEPTH} 层：检查这里的缩进和方括号、花括号是否多写了。",
        )


def check_depth(text: str, loader_class: Callable[[str], Any]) -> None:
    """Raise DepthTrouble where TEXT's collections nest past MAX_DEPTH. Reads libyaml's
    events (its parser keeps a stack, no recursion); a syntax error is left to the
    composer, which meets it at the same place."""
    loader = loader_class(text)
    depth = 0
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind in _OPENING:
                depth += 1
                if depth > MAX_DEPTH:
                    raise DepthTrouble(event.start_mark.line, event.start_mark.column)
            elif kind in _CLOSING:
                depth -= 1
            elif kind is StreamEndEvent:
                return
    except MarkedYAMLError:
        return
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()


_OPENING = (MappingStartEvent, SequenceStartEvent)
_CLOSING = (MappingEndEvent, SequenceEndEvent)
