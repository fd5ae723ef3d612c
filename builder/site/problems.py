"""Problems of the site as a whole, the same for `jixiao check` and `jixiao build`: a
missing site.yaml, a publication date, a folder name that can be an address, a unit
folder that is not one of the site's own, 索引号 taken twice, a broken theme."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from builder.diagnostics import Diagnostic, Pos, diag
from builder.loading.filenames import shown
from builder.model import Site
from builder.render.theme import check_templates
from builder.site.codes import NO_PUBLISHED, NO_SITE, RESERVED_SLUG
from builder.site.entries import RESERVED, Entry, duplicate_index_numbers, index_numbers


def entry_problems(entries: list[Entry]) -> list[Diagnostic]:
    found = []
    for entry in entries:
        if entry.published is None and not entry.draft:  # a draft is only previewed
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


def site_problems(
    site: Site | None, entries: list[Entry], root: Path, found: Iterable[Diagnostic]
) -> list[Diagnostic]:
    """What stops the site from being published, beyond each report's own problems
    (FOUND: those, to tell whether site.yaml was already reported as unreadable)."""
    problems: list[Diagnostic] = []
    if site is None and not any(d.pos.file.endswith("site.yaml") for d in found):
        problems.append(
            diag(
                NO_SITE,
                f"内容目录 {shown(root)} 中没有 site.yaml，无法生成网站",
                Pos(shown(root / "site.yaml")),
                "写入 title（网站标题）、publisher（发布机构）和 base_url。",
            )
        )
    problems.extend(entry_problems(entries))
    problems.extend(check_templates())  # a broken theme stops the build before any writing
    problems.extend(duplicate_index_numbers(entries, index_numbers(entries)))
    return problems
