"""Values worked out once and kept: per object by identity, or per instance (pure module).

`by_identity`: for values worked out once per profile, per tuple of its sections or per
schema spec, not once per report. Profiles and specs are immutable but not hashable (their
dicts), and hashing a tuple of sections walks every section in it: so such values are kept
by the object's identity, with the object itself held so that its id cannot be reused
while the value is kept.

`by_value`: for values worked out from a text, a cell or a path that recur from report
to report (escaped names, CSV fields, JSON strings, cell markup): a dict whose misses
compute the value, so that a hit is a plain dict lookup, a third cheaper than an
lru_cache hit (measured), and `map()` can take its `__getitem__` without a Python frame.

`once`: a computed attribute kept in the instance after its first use, like
functools.cached_property, which in Python 3.11 takes a lock on every first access
(≈ 0.9 µs): scoring makes thousands of nodes a build, and tables, charts and open data read
each node's 得分率 at least once. The objects here are built and read by one thread.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

K = TypeVar("K")
V = TypeVar("V")
T = TypeVar("T")

# A build has a handful of profiles; `jixiao serve` reloads them on each change.
MAX_ENTRIES = 64
# Texts, cells and paths: past this many, a long `jixiao serve` forgets rather than grows.
MAX_VALUES = 50_000


def by_identity(compute: Callable[[K], V], *, limit: int | None = MAX_ENTRIES) -> Callable[[K], V]:
    """compute(obj), once per object while it is cached (LIMIT objects at most; None: the
    objects are a fixed set, such as module constants). The value is shared: callers must
    not change it (tuples and frozen values, or dicts only read)."""
    cache: dict[int, tuple[K, V]] = {}

    @functools.wraps(compute)
    def cached(obj: K) -> V:
        hit = cache.get(id(obj))
        if hit is not None and hit[0] is obj:
            return hit[1]
        if limit is not None and len(cache) >= limit:
            cache.clear()
        value = compute(obj)
        cache[id(obj)] = (obj, value)
        return value

    return cached


class by_value(dict[K, V]):
    """compute(key), made on the first look-up of KEY and kept (LIMIT keys at most, then
    all forgotten at once)."""

    def __init__(self, compute: Callable[[K], V], limit: int = MAX_VALUES) -> None:
        super().__init__()
        self.compute, self.limit = compute, limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.compute(key)
        return value


class once(Generic[T]):
    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> once[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...
    def __get__(self, obj: object | None, owner: type | None = None) -> T | once[T]:
        if obj is None:
            return self
        # A non-data descriptor: once the value is in the instance's __dict__ (frozen
        # dataclasses included), Python finds it there and never calls this again.
        value = obj.__dict__[self.name] = self.compute(obj)
        return value
