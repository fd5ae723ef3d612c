"""Matching numbered headings to the profile's outline; where generated tables go.

Pure module. Several headings may match one section (an author split it in parts);
that is fine. Unknown, out-of-order and missing sections are warnings at report.md lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.diagnostics import Diagnostic, Pos, diag
from builder.loading.profile import Profile, Section
from builder.render import codes
from builder.render.outline import Heading, find_section

TABLE_NAMES = {
    "funds": "资金情况表",
    "weights": "指标构成及分值权重表",
    "scores": "绩效评价指标评分表",
    "total": "综合得分及评价等级",
    "form": "项目支出绩效自评表",
}


@dataclass
class Matched:
    """Which headings matched which section: key (top index,) or (top index, child index)."""

    parts: dict[tuple[int, ...], list[Heading]] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _titles(sections: tuple[Section, ...]) -> str:
    return "、".join(s.title for s in sections)


def _tables_note(section: Section) -> str:
    if not section.tables:
        return ""
    names = "、".join(TABLE_NAMES.get(t, t) for t in section.tables)
    return (
        f"该章节会自动插入{names}（也可用「{{{{ table: {section.tables[0]} }}}}」指令放在别处）。"
    )


def match_outline(headings: list[Heading], profile: Profile, file: str) -> Matched:
    result = Matched()
    outline = profile.outline
    top_max = -1
    child_max: dict[int, int] = {}
    current: int | None = None
    for heading in headings:
        if heading.depth == 1:
            current = find_section(heading.title, outline)
            if current is None:
                result.diagnostics.append(
                    diag(
                        codes.UNKNOWN_SECTION,
                        f"章节「{heading.title}」不是「{profile.name}」规定的章节",
                        Pos(file, heading.line, 1),
                        f"规定的一级章节：{_titles(outline)}。标题可用规定的名称或其别名。",
                    )
                )
                continue
            heading.section = outline[current]
            _check_order(result, heading, current, top_max, outline, file)
            top_max = max(top_max, current)
            result.parts.setdefault((current,), []).append(heading)
        elif heading.depth == 2 and current is not None and outline[current].children:
            parent = outline[current]
            child = find_section(heading.title, parent.children)
            if child is None:
                result.diagnostics.append(_unknown_child(heading, parent, outline, file))
                continue
            heading.section = parent.children[child]
            furthest = child_max.get(current, -1)
            _check_order(result, heading, child, furthest, parent.children, file)
            child_max[current] = max(child_max.get(current, -1), child)
            result.parts.setdefault((current, child), []).append(heading)
    return result


def _check_order(
    result: Matched,
    heading: Heading,
    index: int,
    furthest: int,
    sections: tuple[Section, ...],
    file: str,
) -> None:
    if index >= furthest:
        return
    section, later = sections[index], sections[furthest]
    result.diagnostics.append(
        diag(
            codes.SECTION_ORDER,
            f"章节「{heading.title}」（{section.title}）应排在「{later.title}」之前",
            Pos(file, heading.line, 1),
            f"规定的顺序：{_titles(sections)}。",
        )
    )


def _unknown_child(
    heading: Heading, parent: Section, outline: tuple[Section, ...], file: str
) -> Diagnostic:
    hint = f"「{parent.title}」规定的小节：{_titles(parent.children)}。"
    if find_section(heading.title, outline) is not None:
        hint = "这是一级章节的名称，请用「## 」而不是「### 」。" + hint
    return diag(
        codes.UNKNOWN_SECTION,
        f"小节「{heading.title}」不是「{parent.title}」规定的小节",
        Pos(file, heading.line, 1),
        hint,
    )


def missing_sections(
    matched: Matched, headings: list[Heading], profile: Profile, file: str, last_line: int
) -> list[Diagnostic]:
    """Required sections that no heading matched, located where they should be inserted."""
    diags = []
    outline = profile.outline
    for i, section in enumerate(outline):
        if (i,) in matched.parts:
            diags.extend(_missing_children(matched, i, section, file))
            continue
        if not section.required or (profile.form and "form" in section.tables):
            continue
        later = next(
            (matched.parts[(j,)][0] for j in range(i + 1, len(outline)) if (j,) in matched.parts),
            None,
        )
        line = later.line if later else last_line
        diags.append(
            diag(
                codes.MISSING_SECTION,
                f"缺少章节「{section.title}」",
                Pos(file, max(line, 1), 1),
                f"请在此处添加「## {section.title}」。" + _tables_note(section),
            )
        )
    return diags


def _missing_children(matched: Matched, i: int, parent: Section, file: str) -> list[Diagnostic]:
    diags = []
    first = matched.parts[(i,)][0]
    for c, child in enumerate(parent.children):
        if (i, c) in matched.parts or not child.required:
            continue
        later = next(
            (
                matched.parts[(i, k)][0]
                for k in range(c + 1, len(parent.children))
                if (i, k) in matched.parts
            ),
            None,
        )
        line = later.line if later else first.line
        diags.append(
            diag(
                codes.MISSING_SECTION,
                f"章节「{parent.title}」缺少小节「{child.title}」",
                Pos(file, line, 1),
                f"请添加「### {child.title}」。" + _tables_note(child),
            )
        )
    return diags


def place_tables(
    matched: Matched, headings: list[Heading], profile: Profile, end: int, placed: set[str]
) -> dict[int, list[str]]:
    """Token index → tables to insert there: at the end of each section's own text.

    A subsection that is missing lends its tables to its parent (so a report that skips
    「项目管理绩效指标分析」 still shows the score table under 「绩效评价指标分析情况」).
    Tables the author placed with a directive (`placed`) are not repeated.
    """
    after = {
        h.index: (headings[k + 1].index if k + 1 < len(headings) else end)
        for k, h in enumerate(headings)
    }
    placements: dict[int, list[str]] = {}
    for key, section in _sections_with_tables(profile):
        tables = [t for t in section.tables if t not in placed]
        if not tables:
            continue
        parts = matched.parts.get(key) or matched.parts.get(key[:1])
        if parts:
            index = after[parts[-1].index]
        elif profile.form and "form" in section.tables:
            index = 0
        else:
            continue
        placements.setdefault(index, []).extend(tables)
    return placements


def _sections_with_tables(profile: Profile) -> tuple[tuple[tuple[int, ...], Section], ...]:
    """(key, section) of each section and subsection that has tables, in outline order."""
    found: list[tuple[tuple[int, ...], Section]] = []
    for i, section in enumerate(profile.outline):
        found.append(((i,), section))
        found.extend(((i, c), child) for c, child in enumerate(section.children))
    return tuple((key, section) for key, section in found if section.tables)
