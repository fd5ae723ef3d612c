"""The folder tree reads as the pipeline, and the functional core stays pure.

The core (the data model, content parsing and validation, scoring, checks, rendering)
takes values and returns values; the shell (commands, the build conductor, printing,
serving, publishing, search indexing) reads files, starts processes and writes the site.
A core module that imports a shell module would drag disk and process work into code
that tests and the fuzzer call by the thousand, so the rule is checked here on the
source itself, every import statement included (those inside functions too).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BUILDER = Path(__file__).resolve().parents[1] / "builder"

CORE = (
    "builder.model",
    "builder.diagnostics",
    "builder.scoring",
    "builder.checks",
    "builder.render",
    "builder.loading.schema",
    "builder.loading.validate",
    "builder.loading.profile",
    "builder.loading.scalars",
    "builder.loading.yamlsrc",
    "builder.loading.yamlguard",
    "builder.loading.yamlhints",
)
SHELL = (
    "builder.cli",
    "builder.commands",
    "builder.pipeline",
    "builder.serving",
    "builder.printing",
    "builder.publish",
    "builder.search",
    "builder.site",
    "builder.review",
    "builder.office",
)
# Process and file-system work the core never does itself.
SHELL_LIBRARIES = ("subprocess", "shutil", "multiprocessing", "concurrent", "playwright")
# The largest a module may grow (the style guide's bound).
MAX_LINES = 400


def module_name(path: Path) -> str:
    parts = path.relative_to(BUILDER.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> list[tuple[str, Path]]:
    return sorted((module_name(p), p) for p in BUILDER.rglob("*.py"))


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def imported(path: Path, name: str) -> set[str]:
    """Every module PATH's import statements name (relative ones resolved)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".")[: -node.level if path.name != "__init__.py" else None]
                base = ".".join([*package, base] if base else package)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


CORE_MODULES = [(n, p) for n, p in modules() if within(n, CORE)]


def test_the_core_is_not_empty() -> None:
    assert len(CORE_MODULES) > 20


@pytest.mark.parametrize(("name", "path"), CORE_MODULES, ids=[n for n, _ in CORE_MODULES])
def test_core_module_never_imports_the_shell(name: str, path: Path) -> None:
    names = imported(path, name)
    shell = sorted(n for n in names if within(n, SHELL) or within(n, SHELL_LIBRARIES))
    assert shell == [], f"{name} imports shell modules: {shell}"


def test_root_holds_only_the_entry_and_shared_core() -> None:
    loose = sorted(p.name for p in BUILDER.glob("*.py"))
    assert len(loose) <= 8, loose


def test_no_module_over_the_size_bound() -> None:
    long = {n: len(p.read_text(encoding="utf-8").splitlines()) for n, p in modules()}
    assert {n: lines for n, lines in long.items() if lines > MAX_LINES} == {}
