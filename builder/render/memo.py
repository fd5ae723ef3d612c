"""Values worked out once per profile (or per tuple of its sections), not once per report.

Pure module. Profiles are immutable but not hashable (their dicts), and hashing a tuple of
sections walks every section in it: so such values are kept by the object's identity,
with the object itself held so that its id cannot be reused while the value is kept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

# A build has a handful of profiles; `jixiao serve` reloads them on each change.
MAX_ENTRIES = 64


def by_identity(compute: Callable[[K], V]) -> Callable[[K], V]:
    """compute(obj), once per object while it is cached. The value is shared: callers
    must not change it (tuples and frozen values, or dicts only read)."""
    cache: dict[int, tuple[K, V]] = {}

    @functools.wraps(compute)
    def cached(obj: K) -> V:
        hit = cache.get(id(obj))
        if hit is not None and hit[0] is obj:
            return hit[1]
        if len(cache) >= MAX_ENTRIES:
            cache.clear()
        value = compute(obj)
        cache[id(obj)] = (obj, value)
        return value

    return cached
