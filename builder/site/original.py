"""The original signed or scanned document of a report (disclosure.original), copied into
the site beside the report's page (shell: reads and writes files).

Only a regular file whose real path lies inside the report's own folder is published: a
name with "..", an absolute path, or a symbolic link that leads out of the folder would
publish a file the report's authors do not own.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from builder.diagnostics import Diagnostic, Pos, diag
from builder.loading.filenames import below
from builder.site.codes import ORIGINAL_MISSING, ORIGINAL_OUTSIDE

if TYPE_CHECKING:
    from builder.scoring.engine import ScoreCard


def original_inside(source: Path, name: str) -> Path | None:
    """The file NAME in the report folder SOURCE if it is a regular file really inside it."""
    folder = os.path.realpath(source)
    target = os.path.realpath(os.path.join(folder, name))
    if below(target, folder) in (None, "."):
        return None
    return Path(target) if os.path.isfile(target) else None


def find_original(source: Path, name: str, pos: Pos) -> Path | Diagnostic:
    """The original NAME in report folder SOURCE, or why it cannot be published (at POS,
    disclosure). `jixiao check` asks this too, so it refuses what the build refuses."""
    if not os.path.lexists(source / name):
        return diag(
            ORIGINAL_MISSING,
            f"报告目录中没有原件文件「{name}」",
            pos,
            "把原件放进本报告的目录，或改正 disclosure.original 中的文件名。",
        )
    found = original_inside(source, name)
    if found is None:
        return diag(
            ORIGINAL_OUTSIDE,
            f"原件「{name}」不是本报告目录中的普通文件（目录、链接到目录外或路径越出目录）",
            pos,
            "原件必须是放在本报告目录里的文件本身，不能是链接或其他目录中的文件。",
        )
    return found


def copy_original(source: Path, out: Path, name: str, pos: Pos) -> list[Diagnostic]:
    """Copy the original NAME from report folder SOURCE to the report's site folder OUT,
    at the same relative path; a problem is a diagnostic at POS (disclosure)."""
    found = find_original(source, name, pos)
    if isinstance(found, Diagnostic):
        return [found]
    target = out / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file():  # from the site this build started from: replaced, not written into
        target.unlink()
    shutil.copyfile(found, target)
    return []


def missing_originals(cards: Iterable[ScoreCard], root: Path) -> list[Diagnostic]:
    """The originals (原件) that the published reports of CARDS name and that cannot be
    copied (drafts are never published, so theirs are not looked for)."""
    found = []
    for card in cards:
        name = card.report.disclosure.original
        if name and not card.report.draft:
            original = find_original(root / card.report.folder, name, card.report.at("disclosure"))
            if isinstance(original, Diagnostic):
                found.append(original)
    return found
