"""Reading report.md against its score card: one pass that every output shares.

Pure module. Parses the Markdown, resolves `{{ figure }}` references, numbers and
matches the headings, finds directives and where the profile's tables go, and lints
the source. `narrative_diagnostics` is this pass without rendering.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.token import Token

from builder.diagnostics import Diagnostic, Pos, diag
from builder.profile import TABLES, Profile
from builder.render import codes, figures
from builder.render.crosscheck import crosscheck_narrative
from builder.render.lint import lint_narrative
from builder.render.markdown import parse
from builder.render.outline import Heading, collect_headings, number_headings
from builder.render.sections import match_outline, missing_sections, place_tables
from builder.render.unfinished import unfinished_narrative
from builder.scoring import ScoreCard


@dataclass
class Analysis:
    tokens: list[Token] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)
    placements: dict[int, list[str]] = field(default_factory=dict)
    directives: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def analyze(card: ScoreCard) -> Analysis:
    narrative = card.report.narrative
    if narrative is None:
        return _without_narrative(card)
    text, file = narrative.text, narrative.file
    lines = text.split("\n")
    tokens = parse(text)
    result = Analysis(tokens=tokens)
    result.diagnostics.extend(resolve_figures(tokens, lines, card, file))
    result.diagnostics.extend(crosscheck_narrative(tokens, lines, card, file))
    result.directives, found = check_directives(tokens, file)
    result.diagnostics.extend(found)
    headings, found = collect_headings(tokens, lines, file)
    result.diagnostics.extend(found)
    result.diagnostics.extend(number_headings(headings, file))
    result.headings = headings
    matched = match_outline(headings, card.profile, file)
    result.diagnostics.extend(matched.diagnostics)
    last_line = len(lines) - 1 if lines and lines[-1] == "" else len(lines)
    result.diagnostics.extend(missing_sections(matched, headings, card.profile, file, last_line))
    result.placements = place_tables(
        matched, headings, card.profile, len(tokens), set(result.directives)
    )
    result.diagnostics.extend(lint_narrative(text, tokens, card.profile, file))
    result.diagnostics.extend(
        unfinished_narrative(tokens, lines, headings, result.placements, file, card.report.draft)
    )
    return result


def _without_narrative(card: ScoreCard) -> Analysis:
    """No report.md: the profile's tables alone, in outline order (a form needs nothing else)."""
    profile: Profile = card.profile
    tables = [t for s in profile.outline for c in (s, *s.children) for t in c.tables]
    return Analysis(placements={0: tables} if tables else {})


def _column(source_line: str, raw: str, seen: int) -> int:
    """1-based column of the `seen`-th occurrence of raw on the line (0 when not found)."""
    at = -1
    for _ in range(seen + 1):
        at = source_line.find(raw, at + 1)
        if at < 0:
            return 0
    return at + 1


def resolve_figures(
    tokens: list[Token], lines: list[str], card: ScoreCard, file: str
) -> list[Diagnostic]:
    # Built at the first reference: most narratives have none, and the table holds every
    # figure of every indicator.
    table: dict[str, str | None] | None = None
    ambiguous: dict[str, list[str]] = {}
    diags = []
    seen: dict[tuple[int, str], int] = {}
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        for child in token.children or []:
            if child.type != "jixiao_figure":
                continue
            if table is None:
                table, ambiguous = figures.figure_table(card), figures.ambiguous_names(card)
            line = token.map[0] + child.meta["line_in_block"] + 1
            raw = child.meta["raw"]
            count = seen.get((line, raw), 0)
            seen[(line, raw)] = count + 1
            source = lines[line - 1] if line <= len(lines) else ""
            pos = Pos(file, line, _column(source, raw, count) or 1)
            problem = _resolve(child, table, ambiguous, pos)
            if problem:
                diags.append(problem)
    return diags


def _resolve(
    child: Token,
    table: dict[str, str | None],
    ambiguous: dict[str, list[str]],
    pos: Pos,
) -> Diagnostic | None:
    name = child.content
    if name.replace("：", ":").startswith("table:"):
        return diag(
            codes.BAD_DIRECTIVE,
            f"表格指令「{child.meta['raw']}」须单独成行",
            pos,
            "把指令单独写在一行，前后空行，如「{{ table: scores }}」。",
        )
    found = figures.look_up(name, table, ambiguous)
    if found.text is not None:
        child.content = found.text
        child.meta["resolved"] = True
        return None
    if found.problem == "empty":
        return diag(
            codes.EMPTY_FIGURE,
            f"「{name}」在本报告中没有值",
            pos,
            "请检查 report.yaml 是否填写了相应数据（如 budget）。",
        )
    if found.problem == "ambiguous":
        return diag(
            codes.UNKNOWN_FIGURE,
            f"指标名「{name}」不唯一",
            pos,
            f"请写出完整路径，如 indicators.{found.detail.split('、')[0]}.score；同名指标：{found.detail}。",
        )
    suggestion = f"是否想写：{found.detail}？" if found.detail else ""
    return diag(
        codes.UNKNOWN_FIGURE,
        f"未知的数据引用「{name}」",
        pos,
        suggestion
        + "可用：total、grade、weight_total、budget.rate、budget.adjusted、budget.executed、"
        "budget.initial、budget.unit、groups.<一级指标>.score|rate|weight、indicators.<指标名>.score|rate|weight|target|actual。",
    )


def check_directives(tokens: list[Token], file: str) -> tuple[list[str], list[Diagnostic]]:
    names: list[str] = []
    diags = []
    for token in tokens:
        if token.type != "jixiao_table":
            continue
        name = token.meta.get("table", "")
        line = (token.map[0] if token.map else 0) + 1
        if name not in TABLES:
            diags.append(
                diag(
                    codes.BAD_DIRECTIVE,
                    f"未知的表格「{name}」",
                    Pos(file, line, 1),
                    f"可用的表格：{'、'.join(TABLES)}，如「{{{{ table: scores }}}}」。",
                )
            )
            continue
        names.append(name)
    return names, diags
