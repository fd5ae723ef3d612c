"""Reading report.md against its score card: one pass that every output shares.

Pure module. Parses the Markdown, resolves `{{ figure }}` references, numbers and
matches the headings, finds directives and where the profile's tables go, and lints
the source. `narrative_diagnostics` is this pass without rendering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from markdown_it.token import Token

from builder.diagnostics import Diagnostic, Pos, diag
from builder.loading.profile import TABLES, Profile
from builder.render import codes, figures
from builder.render.crosscheck import crosscheck_narrative
from builder.render.lint import lint_narrative
from builder.render.markdown import FIGURE_RE, parse
from builder.render.outline import Heading, collect_headings, number_headings
from builder.render.sections import match_outline, missing_sections, place_tables
from builder.render.unfinished import unfinished_narrative
from builder.scoring.engine import ScoreCard


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
    file = narrative.file
    text, dropped = drop_control_characters(narrative.text, file)
    lines = text.split("\n")
    tokens = parse(text)
    result = Analysis(tokens=tokens, diagnostics=dropped)
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
    """No report.md: the profile's tables alone, in outline order (a form needs nothing else).

    Reported all the same: a report whose kind has prose sections cannot be published
    without them (an error); a form (自评表) can, but most forms come with a note (a
    warning)."""
    profile: Profile = card.profile
    tables = [t for s in profile.outline for c in (s, *s.children) for t in c.tables]
    folder = card.report.file.rpartition("/")[0]
    where = Pos(f"{folder}/report.md" if folder else "report.md")
    if profile.form:
        missing = diag(
            codes.NO_NARRATIVE_FORM,
            f"「{profile.name}」没有正文 report.md，只发布表格",
            where,
            "如有情况说明，请在报告目录中新建 report.md；没有可以忽略本提示。",
        )
    else:
        missing = diag(
            codes.NO_NARRATIVE,
            f"「{profile.name}」须有正文 report.md（各章节的文字）",
            where,
            "在 report.yaml 旁新建 report.md，按规定章节写「## 标题」和正文；"
            "可运行 jixiao new 生成带章节的模板。",
        )
    return Analysis(placements={0: tables} if tables else {}, diagnostics=[missing])


# Control characters (C0 but tab, line feed and carriage return; DEL; C1): invisible in an
# editor, meaningless in a page, and ESC sequences pasted from a terminal would reach the
# HTML. Dropped from what is rendered, each line reported.
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_CONTROL_LINES = 20


def drop_control_characters(text: str, file: str) -> tuple[str, list[Diagnostic]]:
    """TEXT without control characters, and a warning for each line that had some (at
    its first; past MAX_CONTROL_LINES lines only counted)."""
    if _CONTROL_RE.search(text) is None:
        return text, []
    found: list[Diagnostic] = []
    lines = text.split("\n")
    reported = 0
    for number, line in enumerate(lines, 1):
        first = _CONTROL_RE.search(line)
        if first is None:
            continue
        reported += 1
        if reported <= MAX_CONTROL_LINES:
            found.append(
                diag(
                    codes.CONTROL_CHARACTER,
                    f"第 {number} 行含有不可见的控制字符 U+{ord(first.group()):04X}，已删除",
                    Pos(file, number, first.start() + 1),
                    "这类字符常由复制粘贴（如终端输出的颜色代码）带入：请从源文件中删除。",
                )
            )
        lines[number - 1] = _CONTROL_RE.sub("", line)
    if reported > MAX_CONTROL_LINES:
        extra = f"；另有 {reported - MAX_CONTROL_LINES} 行也有"
        found[-1] = replace(found[-1], message=found[-1].message + extra)
    return "\n".join(lines), found


# Where unclosed braces are listed among a line's figure columns (no reference is "{{").
BRACES = "{{"
_BRACE_RUN_RE = re.compile(r"\{\{+")


def _figure_columns(source_line: str) -> dict[str, list[int]]:
    """Each figure reference written on the line → the 1-based columns it is written at,
    in order, and under BRACES the runs of braces that open none (as markdown.py reads
    them): one pass over the line, however many references it holds (finding the n-th
    occurrence afresh for each made a line of 20,000 references take 40 s)."""
    columns: dict[str, list[int]] = {}
    if "{{" not in source_line:
        return columns
    for match in FIGURE_RE.finditer(source_line):
        columns.setdefault(match.group(0), []).append(match.start() + 1)
    for run in _BRACE_RUN_RE.finditer(source_line):
        start, end = run.span()
        if FIGURE_RE.match(source_line, end - 2) is not None:
            end -= 2
        if end - start >= 2:
            columns.setdefault(BRACES, []).append(start + 1)
    return columns


# Unknown references given "did you mean" suggestions (a fuzzy match against every
# figure name, the costly part); later ones get the list of names alone.
MAX_SUGGESTIONS = 50


def resolve_figures(
    tokens: list[Token], lines: list[str], card: ScoreCard, file: str
) -> list[Diagnostic]:
    # Built at the first reference: most narratives have none, and the table holds every
    # figure of every indicator.
    table: dict[str, str | None] | None = None
    ambiguous: dict[str, list[str]] = {}
    diags = []
    seen: dict[tuple[int, str], int] = {}
    columns: dict[int, dict[str, list[int]]] = {}  # line → _figure_columns, when asked
    for token in tokens:
        if token.type != "inline" or not token.map:
            continue
        for child in token.children or []:
            kind = child.type
            if kind != "jixiao_figure" and kind != "jixiao_brace":
                continue
            line = token.map[0] + child.meta["line_in_block"] + 1
            raw = child.meta["raw"] if kind == "jixiao_figure" else BRACES
            count = seen.get((line, raw), 0)
            seen[(line, raw)] = count + 1
            on_line = columns.get(line)
            if on_line is None:
                source = lines[line - 1] if line <= len(lines) else ""
                on_line = columns[line] = _figure_columns(source)
            at = on_line.get(raw, ())
            pos = Pos(file, line, at[count] if count < len(at) else 1)
            if kind == "jixiao_brace":
                diags.append(_unclosed(pos))
                continue
            if table is None:
                table, ambiguous = figures.figure_table(card), figures.ambiguous_names(card)
            problem = _resolve(child, table, ambiguous, pos, len(diags) < MAX_SUGGESTIONS)
            if problem:
                diags.append(problem)
    return diags


def _unclosed(pos: Pos) -> Diagnostic:
    return diag(
        codes.UNCLOSED_FIGURE,
        "「{{」没有配对的「}}」，不是完整的数据引用",
        pos,
        "数据引用写作「{{ total }}」（两对花括号之间写名称）；如果要显示花括号本身，"
        "请放在反引号里，如 `{{`。",
    )


def _resolve(
    child: Token,
    table: dict[str, str | None],
    ambiguous: dict[str, list[str]],
    pos: Pos,
    suggest: bool = True,
) -> Diagnostic | None:
    name = child.content
    if name.replace("：", ":").startswith("table:"):
        return diag(
            codes.BAD_DIRECTIVE,
            f"表格指令「{child.meta['raw']}」须单独成行",
            pos,
            "把指令单独写在一行，前后空行，如「{{ table: scores }}」。",
        )
    found = figures.look_up(name, table, ambiguous, suggest=suggest)
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
