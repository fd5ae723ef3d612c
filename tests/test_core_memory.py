"""Loading, evaluating and rendering leave no reference cycles.

content.collector_paused() turns the cyclic garbage collector off while loading and
evaluating thousands of reports; that is only sound while these stages make no cycles
(a recursive closure, a parser that refers to itself …), which would then pile up.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import CONTENT

from builder.loading.content import collector_paused, load_content
from builder.pipeline.run import evaluate
from builder.render import render_print_document, render_report


@contextmanager
def cycles() -> Iterator[Counter[str]]:
    """Types of the objects that only the cyclic collector could free, made in the block."""
    found: Counter[str] = Counter()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield found
        gc.collect()
        found.update(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_no_reference_cycles_from_loading_to_printing() -> None:
    with cycles() as found:
        content = load_content([CONTENT])
        evaluated = evaluate(content)
        for card in evaluated.cards:
            rendered = render_report(card, content.site, prepared=evaluated.prepared_for(card))
            render_print_document(card, content.site, rendered=rendered)
        assert evaluated.cards
    assert not found, found.most_common(5)


@pytest.mark.parametrize("pdf", [False, True])
def test_a_chunk_of_the_build_leaves_no_cycles_behind(tmp_path: Path, pdf: bool) -> None:
    """A build's worker runs chunk after chunk without the cyclic collector
    (pipeline/workers.py): what one chunk made and dropped must go with it, but for
    Jinja's environment (a few hundred objects a chunk)."""
    from builder.loading.discovery import discover
    from builder.pipeline import incremental
    from builder.pipeline.chunkdata import Task, Writing
    from builder.pipeline.shard import run_chunk

    def chunk(number: int) -> None:
        variant = (pdf, False, True)  # with PDFs (and Office files) or not, with search
        cache = incremental.open_cache([CONTENT], tmp_path / f"cache-{number}", variant)
        writing = Writing(tmp_path / f"site-{number}", pdf=pdf, search=True)
        writing.staging.mkdir()
        done = run_chunk(Task(discover([CONTENT]), False, cache, writing))
        assert done.rendered is not None and len(done.rendered.checked) == 7

    gc.collect()
    gc.disable()
    try:
        chunk(1)  # what a process keeps once: compiled templates, cached lookups
        before = len(gc.get_objects())
        chunk(2)
        left = len(gc.get_objects()) - before
    finally:
        gc.enable()
    assert left < LEFT_BY_A_CHUNK, left


LEFT_BY_A_CHUNK = 600  # Jinja's environment: 275 objects


def test_collector_paused_restores_the_collector() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
