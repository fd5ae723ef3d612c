"""The composed YAML node of yamlsrc.py and validate.py (pure data).

A node is a named tuple rather than ruamel's node class: a report has a few hundred nodes,
validation keeps some of them as places, and each of ruamel's nodes carries two Mark
objects.
"""

from __future__ import annotations

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
