"""The cyclic garbage collector paused around work that makes long-lived objects (a
module of its own, light to import: the command line uses it before anything heavy)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a block without Python's cyclic garbage collector (nested: the outermost counts).

    Importing a command's modules, loading and evaluating allocate hundreds of thousands
    of objects that live on: the collector would only traverse them again and again (a
    third of the loading time for thousands of reports). Loading and evaluating make no
    reference cycles (kept so, see tests/test_core_memory.py): reference counting still
    frees all their garbage at once.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        # Everything made meanwhile is still in the youngest generation: the first
        # collection after enable() would walk it all once more (0.15–0.2 ms a report,
        # measured). Frozen objects are still freed by reference counting; only cyclic
        # garbage among them would stay, and loading makes none (test_core_memory.py).
        gc.freeze()
        gc.enable()
