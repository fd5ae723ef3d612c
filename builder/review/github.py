"""Diagnostics as GitHub Actions workflow commands (pure: returns strings).

One `::error file=…,line=…,col=…,title=…::message` line per problem, so a runner
annotates the pull request's files. Paths must be relative to the repository root,
which only the caller (a shell module) can know: it passes `relative`.
"""

from __future__ import annotations

from collections.abc import Callable

from builder.diagnostics import CODES, Diagnostic


def escape_data(text: str) -> str:
    """Escape a workflow command's message (GitHub's rules: %, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: as data, plus the separators ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(d: Diagnostic, file: str) -> str:
    """One workflow command for one diagnostic; `file` already relative to the repo root."""
    code = CODES.get(d.code)
    title = f"{d.code} {code.title}" if code else d.code
    props = [f"file={escape_property(file)}"]
    if d.pos.line > 0:
        props.append(f"line={d.pos.line}")
        if d.pos.col > 0:
            props.append(f"col={d.pos.col}")
    props.append(f"title={escape_property(title)}")
    message = f"{d.message}\n提示：{d.hint}" if d.hint else d.message
    level = "error" if d.is_error else "warning"
    return f"::{level} {','.join(props)}::{escape_data(message)}"


def workflow_commands(diags: list[Diagnostic], relative: Callable[[str], str]) -> str:
    """All diagnostics as workflow commands, one per line (empty string when none)."""
    return "\n".join(annotation(d, relative(d.pos.file)) for d in diags)
