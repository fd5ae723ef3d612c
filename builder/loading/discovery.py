"""The report folders a build of PATHS hands out to its shards (shell: lists folders)."""

from __future__ import annotations

from pathlib import Path

from builder.loading.content import Candidate, folder_order, report_candidates
from builder.usage import UsageError


def discover(paths: list[Path]) -> list[Candidate]:
    """The folders that may hold reports, for the shards to look into (report_candidates)."""
    for path in paths:
        if not path.exists():
            raise UsageError(f"路径不存在：{path}")
    # Walking from the resolved path gives resolved folders (symbolic links are not
    # followed): no resolve() per folder, a system call per path component.
    if len(paths) == 1:
        return report_candidates(paths[0].resolve())  # already in folder order
    found: dict[str, Candidate] = {}
    for path in paths:
        for candidate in report_candidates(path.resolve()):
            found[candidate.folder] = min(candidate, found.get(candidate.folder, candidate))
    in_order = sorted(found.values(), key=lambda c: folder_order(c.folder))
    return _outermost(in_order)


def _outermost(candidates: list[Candidate]) -> list[Candidate]:
    """Without candidates inside an unlisted one (PATHS that overlap): its shard finds
    them when it lists that folder."""
    kept: list[Candidate] = []
    for candidate in candidates:
        last = kept[-1] if kept else None
        if last is not None and not last.listed and candidate.folder.startswith(last.folder + "/"):
            continue
        kept.append(candidate)
    return kept
