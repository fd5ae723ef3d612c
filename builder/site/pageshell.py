"""A report page's shell: the theme's report.html rendered once per folder depth, with marks
where each report's own values go (pure: strings out).

Rendering report.html for every report was a third of a report page's time (measured);
its pages differ only in the report's values, which the default templates write as they
are: {{ page_title }}, {{ description }}, {{ body }} and {{ blocks.<part> }}, besides
testing {% if description %}. `uses_report_values_as_is` checks that a template does no
more with them; then each page is the shell's pieces with the values put in place, the
same bytes as rendering it. Any other template is rendered page by page.
"""

from __future__ import annotations

import re

from jinja2 import Environment, nodes
from markupsafe import Markup

from builder.render.grid import escape_text
from builder.site.reportpage import ReportBlocks

# What a report's page context holds besides the site's values (Pages._report_context).
REPORT_NAMES = frozenset(
    {
        *("page_title", "description", "blocks", "body", "trail", "entry", "label"),
        *("evaluator", "index_no", "topic", "neighbours", "pdf", "rate_chart"),
        *("budget_chart", "toc", "toc_items"),
    }
)
WRITTEN = frozenset({"page_title", "description", "body"})  # as {{ name }}, escaped
# Names through which a template could reach or transform another part's output.
INDIRECT = frozenset({"self", "super", "caller", "varargs", "kwargs"})
# What may enclose a report value's {{ }}: nothing that captures or filters output.
PLAIN_PARENTS = (nodes.Template, nodes.Block, nodes.If, nodes.For, nodes.Output)

_MARK = re.compile("\x00jixiao-([a-z_]+)\x00")


def mark(name: str) -> Markup:
    return Markup(f"\x00jixiao-{name}\x00")


MARKED_BLOCKS = ReportBlocks(*(mark(part) for part in ReportBlocks._fields))


def uses_report_values_as_is(env: Environment, name: str) -> bool:
    """Whether template NAME, and the templates it extends, use a report's own values only
    as {{ page_title }}, {{ description }}, {{ body }}, {{ blocks.<part> }} and in
    {% if description %}, outside macros, call and filter blocks, and include nothing."""
    source, _, _ = env.loader.get_source(env, name) if env.loader else ("", None, None)
    tree = env.parse(source)
    if any(tree.find_all((nodes.Include, nodes.Import, nodes.FromImport))):
        return False
    if not _uses_are_plain(tree, tree, []):
        return False
    parents = list(tree.find_all(nodes.Extends))
    if not parents:
        return True
    parent = parents[0].template
    return (
        len(parents) == 1
        and isinstance(parent, nodes.Const)
        and isinstance(parent.value, str)
        and uses_report_values_as_is(env, parent.value)
    )


def _uses_are_plain(node: nodes.Node, parent: nodes.Node, chain: list[nodes.Node]) -> bool:
    """Every report value below NODE (whose enclosing nodes are CHAIN) used as allowed."""
    if isinstance(node, nodes.Name):
        if node.name in INDIRECT:
            return False
        if node.name not in REPORT_NAMES:
            return True
        return _allowed_use(node, parent, chain)
    inner = [*chain, node]
    return all(_uses_are_plain(child, node, inner) for child in node.iter_child_nodes())


def _allowed_use(name: nodes.Name, parent: nodes.Node, chain: list[nodes.Node]) -> bool:
    if isinstance(parent, nodes.If) and name is parent.test:
        return name.name == "description" and _plain_chain(chain[:-1])
    if isinstance(parent, nodes.Output):
        return name.name in WRITTEN and _plain_chain(chain)
    grand = chain[-2] if len(chain) >= 2 else None
    return (
        name.name == "blocks"
        and isinstance(parent, nodes.Getattr)
        and parent.attr in ReportBlocks._fields
        and isinstance(grand, nodes.Output)
        and _plain_chain(chain[:-1])
    )


def _plain_chain(chain: list[nodes.Node]) -> bool:
    return all(isinstance(node, PLAIN_PARENTS) for node in chain)


def shell_pieces(shell: str) -> list[str] | None:
    """SHELL (rendered with marks) as text, name, text, … ; None when it holds the body
    other than once, or a NUL that is not a mark (site text could hold one)."""
    pieces = _MARK.split(shell)
    names = pieces[1::2]
    known = set(WRITTEN) | set(ReportBlocks._fields)
    if names.count("body") != 1 or not set(names) <= known:
        return None
    if any("\x00" in text for text in pieces[0::2]):
        return None
    return pieces


def fill(pieces: list[str], values: dict[str, str]) -> tuple[str, str]:
    """The page's text before and after its body: PIECES with VALUES in place."""
    out = list(pieces)
    body_at = 0
    for index in range(1, len(out), 2):
        if out[index] == "body":
            body_at = index
        else:
            out[index] = values[out[index]]
    return "".join(out[:body_at]), "".join(out[body_at + 1 :])


def escaped(text: str) -> str:
    """TEXT as Jinja's autoescape writes it."""
    return escape_text(text)
