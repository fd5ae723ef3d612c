"""A staging folder made from the previous site, tidied (shell: removes files).

The build rewrites or links every file the new site has (publish.prepare_from); what the
previous site had and the new one has not (a deleted report, a PDF of a build with PDFs,
the search index of a build with search) is removed here, before the staged site is
indexed, link-checked and read by the last personal-data gate: the staged site is then
exactly what a build into an empty folder makes (tests/test_incremental.py).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from builder.pipeline.incremental import outputs
from builder.publish.swap import MARKER
from builder.render import PRINT_CSS
from builder.render.theme import theme_dir
from builder.search.index import BUNDLE
from builder.site.entries import Entry


def expected(
    entries: Iterable[Entry], names: tuple[str, ...], search: bool, common: Iterable[str]
) -> set[str]:
    """Every file of the site (site-relative), Pagefind's index aside: each report's NAMES
    in its folder, its search document when SEARCH, its original, the COMMON files, the
    theme's assets and the marker."""
    found = {MARKER, *common, f"assets/{PRINT_CSS}"}
    static = theme_dir() / "static"
    for folder, _, files in os.walk(static):
        relative = os.path.relpath(folder, static)
        found.update(os.path.normpath(os.path.join("assets", relative, name)) for name in files)
    for entry in entries:
        found.update(path for _, path in outputs(entry, names, search))
        if entry.original:
            found.add(f"{entry.folder}/{entry.original}")
    return found


def tidy(staging: Path, keep: set[str]) -> None:
    """Remove every file below STAGING that is not in KEEP, links to folders, and the
    folders left empty; Pagefind's folder goes whole (the index is made again, or not at
    all)."""
    shutil.rmtree(staging / BUNDLE, ignore_errors=True)
    _tidy(str(staging), "", keep)


def _tidy(folder: str, prefix: str, keep: set[str]) -> bool:
    """Tidy FOLDER, whose files are named PREFIX + name in KEEP; True when nothing is left
    in it. Folders are listed once and only emptied ones removed: a walk that tried to
    remove every folder cost a failed system call and an exception per report."""
    emptied = True
    with os.scandir(folder) as listing:
        entries = list(listing)
    for entry in entries:
        name = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            if _tidy(entry.path, name + "/", keep):
                os.rmdir(entry.path)
            else:
                emptied = False
        elif name in keep and not (entry.is_symlink() and entry.is_dir()):
            emptied = False
        else:
            os.unlink(entry.path)
    return emptied
