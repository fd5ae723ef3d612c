"""How report folders are cut into chunks for the process map (builder/pipeline/workers.py):
whole units together, in folder order, and never more than MAX_CHUNK reports a chunk, so
that a worker's memory stays bounded however large the site (a chunk keeps its reports
loaded and rendered until it ends)."""

from __future__ import annotations

from builder.loading.content import Candidate
from builder.pipeline.workers import MAX_CHUNK, chunks


def site(units: int, per_unit: int) -> list[Candidate]:
    return [
        Candidate(f"/c/unit-{u:04d}/2023/r-{r:03d}", listed=False)
        for u in range(units)
        for r in range(per_unit)
    ]


def unit(candidate: Candidate) -> str:
    return candidate.folder.split("/")[2]


def test_a_large_site_is_cut_into_chunks_of_at_most_max_chunk_reports() -> None:
    folders = site(units=500, per_unit=10)  # 5,000 reports, two workers
    cut = chunks(folders, jobs=2)
    assert len(cut) >= len(folders) // MAX_CHUNK
    assert max(len(chunk) for chunk in cut) <= MAX_CHUNK
    assert [c for chunk in cut for c in chunk] == folders  # order and all kept


def test_one_process_also_works_in_bounded_chunks() -> None:
    cut = chunks(site(units=300, per_unit=10), jobs=1)
    assert max(len(chunk) for chunk in cut) <= MAX_CHUNK


def test_a_unit_is_never_split_between_chunks() -> None:
    cut = chunks(site(units=70, per_unit=37), jobs=2)
    seen: dict[str, int] = {}
    for number, chunk in enumerate(cut):
        for candidate in chunk:
            assert seen.setdefault(unit(candidate), number) == number


def test_a_small_site_is_one_chunk() -> None:
    assert len(chunks(site(units=3, per_unit=10), jobs=2)) == 1
