"""Values kept per object by identity (builder/render/memo.py)."""

from __future__ import annotations

from builder.render import memo


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
