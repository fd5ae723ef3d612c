"""Problems of reports as published on the site (pure): a publication date, a unit
folder that is not one of the site's own. (Folder names are checked where they are
read, builder/filenames.py, so that `check` refuses them too.)"""

from __future__ import annotations

from builder.diagnostics import Diagnostic, Pos, diag
from builder.site.codes import NO_PUBLISHED, RESERVED_SLUG
from builder.site.entries import RESERVED, Entry


def entry_problems(entries: list[Entry]) -> list[Diagnostic]:
    found = []
    for entry in entries:
        if entry.published is None:
            found.append(
                diag(
                    NO_PUBLISHED,
                    "公开发布的报告需要发布日期 disclosure.published",
                    entry.index_pos,
                    "在 report.yaml 中写 disclosure: {published: 2024-06-28}。",
                )
            )
        if entry.unit_slug in RESERVED:
            found.append(
                diag(
                    RESERVED_SLUG,
                    f"单位目录名「{entry.unit_slug}」是网站的保留路径",
                    Pos(entry.origin.file),
                    f"请改用其他目录名；保留的名称：{'、'.join(sorted(RESERVED))}。",
                )
            )
    return found
