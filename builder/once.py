"""`once`: a computed attribute kept in the instance after its first use (pure module).

functools.cached_property does the same but, in Python 3.11, takes a lock on every first
access (≈ 0.9 µs): scoring makes thousands of nodes a build, and tables, charts and open
data read each node's 得分率 at least once. The objects here are built by one thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


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
        # A non-data descriptor: once the value is in the instance's __dict__, Python
        # finds it there and never calls this again.
        value = obj.__dict__[self.name] = self.compute(obj)
        return value
