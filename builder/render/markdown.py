"""The Markdown dialect of report.md: CommonMark + tables, safe by construction.

Pure module. Raw HTML is off (it shows as text); `<!-- … -->` comments are dropped (new
reports carry the template's guidance in them); links to javascript:, vbscript:, data:
and file: are not emitted; images are off (a public page must not load other hosts).
Two small plugins, each a plain function:

- a figure reference `{{ name }}` anywhere in text becomes a `jixiao_figure` token;
- a table directive `{{ table: scores }}` alone on a line becomes a `jixiao_table` block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

# A table directive, `{{ table: scores }}` alone on its line.
DIRECTIVE_RE = re.compile(r"^\{\{\s*table\s*[:：]\s*([^{}\s]*)\s*\}\}\s*$")
FIGURE_RE = re.compile(r"\{\{\s*([^{}\n]*?)\s*\}\}")
COMMENT_OPEN, COMMENT_CLOSE = "<!--", "-->"
UNSAFE_SCHEME_RE = re.compile(r"^(javascript|vbscript|data|file):")
CONTROL_OR_SPACE_RE = re.compile(r"[\x00-\x20\x7f]+")


class SafeMarkdown(MarkdownIt):
    def validateLink(self, url: str) -> bool:
        compact = CONTROL_OR_SPACE_RE.sub("", url).lower()
        return UNSAFE_SCHEME_RE.match(compact) is None


def _line_text(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def directive_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start):
        return False
    match = DIRECTIVE_RE.match(_line_text(state, start))
    if match is None:
        return False
    if not silent:
        token = state.push("jixiao_table", "", 0)
        token.meta = {"table": match.group(1)}
        token.map = [start, start + 1]
        token.block = True
    state.line = start + 1
    return True


def comment_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.is_code_block(start) or not _line_text(state, start).startswith(COMMENT_OPEN):
        return False
    line = start
    text = _line_text(state, line)[len(COMMENT_OPEN) :]
    while COMMENT_CLOSE not in text:
        line += 1
        if line >= end:
            return False  # unclosed: leave it to the paragraph rule (shown as text)
        text = _line_text(state, line)
    if text.split(COMMENT_CLOSE, 1)[1].strip():
        return False  # text after the comment on its closing line: an inline comment
    if not silent:
        token = state.push("jixiao_comment", "", 0)
        token.map = [start, line + 1]
        token.hidden = True
    state.line = line + 1
    return True


def _last_index(state: StateInline, mark: str) -> int:
    """Where MARK last occurs in the inline source (-1: nowhere), found once per source
    (kept in env): rules ask at every opener whether a closer can still follow."""
    known = state.env.get("jixiao_last")
    if known is None or known[0] is not state.src:
        known = state.env["jixiao_last"] = (state.src, {})
    found: dict[str, int] = known[1]
    if mark not in found:
        found[mark] = state.src.rfind(mark)
    return found[mark]


def comment_inline(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith(COMMENT_OPEN, state.pos):
        return False
    start = state.pos + len(COMMENT_OPEN)
    if _last_index(state, COMMENT_CLOSE) < start:
        return False  # no closer after it: without this, each opener searched to the end
    close = state.src.find(COMMENT_CLOSE, start)
    state.pos = close + len(COMMENT_CLOSE)
    return True


def unclosed_bracket(state: StateInline, silent: bool) -> bool:
    """A `[` with no `]` after it is text. markdown-it's link rule would scan the rest of
    the paragraph for its label's end at every such `[` (a paragraph of them: quadratic)."""
    if state.src[state.pos] != "[" or _last_index(state, "]") > state.pos:
        return False
    if not silent:
        state.append_pending("[")
    state.pos += 1
    return True


def figure_inline(state: StateInline, silent: bool) -> bool:
    if not state.src.startswith("{{", state.pos):
        return False
    match = FIGURE_RE.match(state.src, state.pos)
    if match is None:
        return _unclosed_figure(state, silent)
    if not silent:
        token = state.push("jixiao_figure", "", 0)
        token.content = match.group(1)
        token.meta = {
            "raw": match.group(0),
            "line_in_block": _lines_before(state),
            "resolved": False,
        }
    state.pos = match.end()
    return True


def _unclosed_figure(state: StateInline, silent: bool) -> bool:
    """`{{` that does not open a reference (`{{ total ` unclosed, a lone `{{`): one
    jixiao_brace token for the run of braces, shown as written and reported by the
    narrative's reading (never published silently). When the run's last two braces do
    open a reference (`{{{ total }}`), only the braces before them are the token."""
    src, pos = state.src, state.pos
    end = pos + 2
    while end < len(src) and src[end] == "{":
        end += 1
    if end - pos > 2 and FIGURE_RE.match(src, end - 2) is not None:
        end -= 2
        if end - pos < 2:  # "{{{ total }}": a stray brace, then the reference
            return False
    if not silent:
        token = state.push("jixiao_brace", "", 0)
        token.content = src[pos:end]
        token.meta = {"line_in_block": _lines_before(state)}
    state.pos = end
    return True


def _lines_before(state: StateInline) -> int:
    """How many line breaks precede state.pos in the inline source. Counted on from the
    previous figure of the same source (kept in env): figures come in source order, and
    counting from the start for each made a paragraph of many figures quadratic."""
    last = state.env.get("jixiao_lines")
    src, pos = state.src, state.pos
    if last is not None and last[0] is src and last[1] <= pos:
        count: int = last[2] + src.count("\n", last[1], pos)
    else:
        count = src.count("\n", 0, pos)
    state.env["jixiao_lines"] = (src, pos, count)
    return count


def _render_figure(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    text = token.content if token.meta.get("resolved") else token.meta.get("raw", "")
    return f'<span class="figure">{escapeHtml(text)}</span>'


def _render_brace(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return escapeHtml(tokens[idx].content)


def _render_table(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    tables: dict[str, str] = env.get("jixiao_tables", {})
    html = tables.get(tokens[idx].meta.get("table", ""), "")
    return html + "\n" if html else ""


def _render_nothing(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return ""


def _render_heading_open(
    self: Any, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """A heading with the number and anchor the outline gave it (token.meta)."""
    token = tokens[idx]
    anchor = token.meta.get("anchor")
    number = token.meta.get("number")
    opening = f'<{token.tag} id="{escapeHtml(anchor)}">' if anchor else f"<{token.tag}>"
    if number:
        opening += f'<span class="heading-number">{escapeHtml(number)}</span>'
    return opening


def make_parser() -> SafeMarkdown:
    md = SafeMarkdown("commonmark", {"html": False})
    md.enable("table")
    md.disable("image")
    # With html off these rules only ever answer "no": skip asking them on every line.
    md.disable(["html_block", "html_inline"])
    md.block.ruler.before(
        "paragraph", "jixiao_table", directive_block, {"alt": ["paragraph", "reference"]}
    )
    md.block.ruler.before(
        "paragraph", "jixiao_comment", comment_block, {"alt": ["paragraph", "reference"]}
    )
    md.inline.ruler.before("text", "jixiao_comment", comment_inline)
    md.inline.ruler.before("link", "jixiao_unclosed_bracket", unclosed_bracket)
    md.inline.ruler.before("text", "jixiao_figure", figure_inline)
    md.inline.add_terminator_char("{")
    md.add_render_rule("jixiao_figure", _render_figure)
    md.add_render_rule("jixiao_table", _render_table)
    md.add_render_rule("jixiao_brace", _render_brace)
    md.add_render_rule("jixiao_comment", _render_nothing)
    md.add_render_rule("heading_open", _render_heading_open)
    return md


def _html_renderer(md: MarkdownIt) -> RendererHTML:
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)  # the default one, with our rules added
    return renderer


PARSER = make_parser()
RENDERER = _html_renderer(PARSER)


def parse(text: str) -> list[Token]:
    return PARSER.parse(text, {})


def render(
    tokens: Sequence[Token],
    tables: dict[str, str],
    placements: dict[int, list[str]] | None = None,
) -> str:
    """HTML of the tokens; PLACEMENTS (token index → table names) puts generated tables
    before those tokens (len(tokens): at the end), as jixiao_table tokens there would.

    Rendered piece by piece between placements rather than from a copy of the token list
    with tokens inserted: the renderer looks at a tag's neighbours only for hidden
    paragraphs and inline content, neither of which a table token is, so it is the same.
    """
    env = {"jixiao_tables": tables}
    if not placements:
        return _render_html(tokens, env)
    pieces = []
    start = 0
    for index in sorted(i for i in placements if i <= len(tokens)):
        pieces.append(_render_html(tokens[start:index], env))
        for name in placements[index]:
            table = tables.get(name, "")
            pieces.append(table + "\n" if table else "")
        start = index
    pieces.append(_render_html(tokens[start:], env))
    return "".join(pieces)


def _render_html(tokens: Sequence[Token], env: EnvType) -> str:
    return RENDERER.render(tokens, PARSER.options, env)
