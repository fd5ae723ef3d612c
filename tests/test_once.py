"""builder.once: computed on first use, then read from the instance."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.once import once


@dataclass
class Node:
    weight: int
    calls: list[int] = field(default_factory=list)

    @once
    def double(self) -> int:
        self.calls.append(1)
        return self.weight * 2


def test_a_value_is_computed_once_per_instance() -> None:
    a, b = Node(3), Node(5)
    assert (a.double, a.double, b.double) == (6, 6, 10)
    assert (len(a.calls), len(b.calls)) == (1, 1)
    assert Node.double.name == "double"
