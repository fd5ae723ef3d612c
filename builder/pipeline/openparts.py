"""Each chunk's part of the open data (shell: files in the staging folder and the cache).

A chunk's part of data/reports.json and data/scores.csv is its reports' records and rows,
in folder order (site/aggregate.py joins the parts). The build process joins them from
files, never holding them whole: 86 MB at 10,000 reports. Parts are kept in the report
cache by the digest of what they hold (the digests of their reports' records and rows,
kept with each report's record), so a rebuild in which a chunk's records are the same
links its part from the cache instead of writing 35 MB again at 4,000 reports; the
build process links the open-data files from the last build's while every chunk's
digest is the same (pipeline/sitestage.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from pathlib import Path

from builder.pipeline.reportcache import link_file
from builder.site.aggregate import records_part, rows_part
from builder.site.files import make_folder, write_bytes

PARTS = "parts"  # in a variant's cache folder, beside the report slots (two hex digits)
# Where in the staged site each chunk puts its part (removed once joined, before anything
# reads the staged site as published).
OPEN_DATA_PARTS = ".jixiao-parts"


def write_part(
    staging: Path, cache: Path | None, records: list[str], rows: list[str], digests: list[str]
) -> tuple[str, str, str]:
    """The part of the reports whose RECORDS, ROWS and their DIGESTS (reportcache.
    part_digest) are given, as two files in the staging folder: linked from the CACHE
    folder when it holds them, else written (and linked into it, best effort). Their
    paths, and the part's digest."""
    digest = hashlib.sha256("".join(digests).encode()).hexdigest()
    folder = staging / OPEN_DATA_PARTS
    make_folder(folder)
    made = []
    for suffix, joined, texts in ((".json", records_part, records), (".csv", rows_part, rows)):
        path = folder / f"{digest}{suffix}"
        kept = cache / PARTS / path.name if cache is not None else None
        if kept is None or not _linked(kept, path):
            write_bytes(path, joined(texts))
            if kept is not None:
                _keep(path, kept)
        made.append(str(path))
    return made[0], made[1], digest


def discard(staging: Path) -> None:
    """The parts in the STAGING folder, once joined (never published)."""
    shutil.rmtree(staging / OPEN_DATA_PARTS, ignore_errors=True)


def _linked(kept: Path, path: Path) -> bool:
    """PATH as a link to the cache's KEPT part (False: the cache has none)."""
    try:
        link_file(str(kept), str(path))
    except FileNotFoundError:
        return False
    return True


def _keep(path: Path, kept: Path) -> None:
    """PATH into the cache as KEPT, whole or not at all (a copy across file systems is
    made under another name first): a part is trusted by its name."""
    temporary = kept.with_name(f".{os.getpid()}.{kept.name}")
    with contextlib.suppress(OSError):
        make_folder(kept.parent)
        link_file(str(path), str(temporary))
        os.replace(temporary, kept)


def prune(cache: Path, digests: set[str]) -> None:
    """The CACHE folder's parts but those of DIGESTS (the build that just published)."""
    with contextlib.suppress(OSError):
        for name in os.listdir(cache / PARTS):
            if name.partition(".")[0] not in digests:
                with contextlib.suppress(OSError):
                    os.unlink(cache / PARTS / name)
