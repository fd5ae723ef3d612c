"""builder.memo: values kept per object by identity, and attributes computed once."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder import memo


def test_value_is_worked_out_once_per_object_and_told_apart_by_identity() -> None:
    calls: list[tuple[str, ...]] = []

    @memo.by_identity
    def joined(parts: tuple[str, ...]) -> str:
        calls.append(parts)
        return "".join(parts)

    first, equal = ("a", "b"), tuple(["a", "b"])
    assert joined(first) == joined(first) == "ab"
    assert len(calls) == 1
    assert joined(equal) == "ab"  # an equal but distinct object: worked out again
    assert len(calls) == 2


def test_cache_is_bounded() -> None:
    @memo.by_identity
    def size(items: list[int]) -> int:
        return len(items)

    kept = [[0] * n for n in range(memo.MAX_ENTRIES * 3)]
    assert [size(items) for items in kept] == list(range(memo.MAX_ENTRIES * 3))
    assert size.__wrapped__(kept[5]) == 5  # type: ignore[attr-defined]


@dataclass
class Node:
    weight: int
    calls: list[int] = field(default_factory=list)

    @memo.once
    def double(self) -> int:
        self.calls.append(1)
        return self.weight * 2


def test_a_value_is_computed_once_per_instance() -> None:
    a, b = Node(3), Node(5)
    assert (a.double, a.double, b.double) == (6, 6, 10)
    assert (len(a.calls), len(b.calls)) == (1, 1)
    assert Node.double.name == "double"


def test_by_value_computes_each_key_once_and_forgets_all_past_its_limit() -> None:
    calls: list[str] = []

    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    cached = memo.by_value(upper, limit=2)
    assert [cached["a"], cached["a"], cached["b"], cached["a"]] == ["A", "A", "B", "A"]
    assert calls == ["a", "b"]
    assert cached["c"] == "C" and sorted(cached) == ["c"]  # past the limit: forgotten at once
    assert cached["a"] == "A" and calls == ["a", "b", "c", "a"]
