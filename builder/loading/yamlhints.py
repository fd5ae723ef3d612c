"""Hints for YAML mistakes typed with a Chinese input method (pure).

Kept apart from yamlsrc.py, which only turns the reader's errors into diagnostics.
"""

from __future__ import annotations

import re

# A key typed with the full-width colon of a Chinese input method: `weight：10`.
_FULL_WIDTH_KEY = re.compile(r"^\s*(?:-\s+)?[\w.-]+\s*(：)")


def full_width_colon(lines: list[str], line: int) -> tuple[int, int] | None:
    """(line, column) of a full-width colon after a key on LINE or the line before (the
    YAML reader notices the missing ':' only on the next line)."""
    for number in (line, line - 1):
        if 0 < number <= len(lines):
            match = _FULL_WIDTH_KEY.match(lines[number - 1])
            if match:
                return number, match.start(1) + 1
    return None
