"""yamlfast: for every text it accepts, the same tree as libyaml's composer.

Same kinds, values, quote styles and places for every node, on every YAML file of the
project, the seed reports, synthetic reports and thousands of generated documents
(valid and broken: indentation, indicators, quotes, comments, odd characters). When it
declines (returns None), yamlsrc composes with libyaml, so declining is always safe;
accepting a text libyaml rejects, or reading it differently, is the failure looked for.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT
from ruamel.yaml.error import YAMLError

from builder.yamlfast import Node, compose
from builder.yamlsrc import _compose as compose_libyaml

sys.path.insert(0, str(ROOT))
from benchmarks.synthetic import generate

SEEDS = Path("/work/shared/seeds")


def _libyaml(text: str) -> Node | str | None:
    """libyaml's tree as Nodes, or "error" when it rejects TEXT."""
    try:
        return compose_libyaml(text)
    except YAMLError:  # syntax errors, characters it does not accept
        return "error"


def _project_yaml() -> list[Path]:
    folders = [CONTENT, ROOT / "tests" / "fixtures", ROOT / "builder" / "profiles", SEEDS]
    return sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("*.yaml"))


def test_every_project_yaml_file_reads_as_libyaml_reads_it() -> None:
    files = _project_yaml()
    accepted = 0
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff")
        fast = compose(text)
        if fast is not None:
            accepted += 1
            assert fast == _libyaml(text), path
    assert accepted >= len(files) // 2  # the reports themselves take the fast path


def test_synthetic_reports_read_as_libyaml_reads_them(tmp_path: Path) -> None:
    generate(tmp_path / "content", 60)
    reports = sorted((tmp_path / "content").rglob("*.yaml"))
    for path in reports:
        text = path.read_text(encoding="utf-8")
        fast = compose(text)
        assert fast is not None, path  # synthetic reports are plain block YAML
        assert fast == _libyaml(text), path


# Pieces of scalars and keys: ordinary text and everything that changes how YAML reads it.
PIECES = [
    "a", "b c", "名称", "指标1", "12", "8.98", "≥90%", "😀", "\u3000", "null", "~", "",
    "-", "-x", "- ", "?", "?x", "? ", ":", "a:b", ":x", ": ", "::", " #", "#", "x#y", " # c",
    "'", "''", '"', "\\", "\\n", "[", "]", "{", "}", ",", "&a", "*a", "!t", "!!str", "|", ">",
    "%", "@", "`", "---", "...", " ", "  ", "\t", "\u00a0", "\u2028", "\x85", "\ufeff", "\x7f",
    "\r", "\x01", "=", "<<",
]  # fmt: skip


def _scalar(rng: random.Random) -> str:
    text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 3)))
    roll = rng.random()
    if roll < 0.04:
        return text
    if roll < 0.1:
        quoted = text.replace("'", rng.choice(["''", "''", "'"]))
        return "'" + quoted + "'" + rng.choice(["", " ", " #c", "#c", "x", ":"])
    if roll < 0.14:
        return '"' + text + '"' + rng.choice(["", " ", " # c", ":"])
    ordinary = rng.choice(["a", "名称", "12", "8.98", "≥90%", "ratio", "2024-06-28", "a b"])
    return ordinary + (text if rng.random() < 0.03 else rng.choice(["", "", " ", " # c"]))


def _lines(rng: random.Random, indent: int, depth: int) -> list[str]:
    """A random block (mapping or list) at INDENT, with random spacing and comments."""
    lines: list[str] = []
    as_list = depth > 0 and rng.random() < 0.35
    for _ in range(rng.randint(1, 4)):
        pad = " " * indent
        if rng.random() < 0.1:
            lines.append(rng.choice(["", "  ", pad + "# note", "#", pad + "  # deeper"]))
        if as_list:
            dash = "-" + " " * (1 if rng.random() < 0.8 else rng.choice([0, 2, 3]))
            if rng.random() < 0.5 and depth < 4:
                inner = _lines(rng, 0, depth + 1)
                column = indent + len(dash)
                lines.append(pad + dash + inner[0].lstrip(" "))
                lines.extend(" " * column + line if line.strip() else line for line in inner[1:])
            else:
                lines.append(pad + dash + _scalar(rng))
            continue
        key = rng.choice(["name", "weight", "键", "a b"]) + str(rng.randrange(40))
        key = _scalar(rng) if rng.random() < 0.05 else key
        colon = ":" if rng.random() < 0.9 else " :"
        if rng.random() < 0.35 and depth < 4:
            step = 2 if rng.random() < 0.7 else rng.choice([4, 1, 3, 0])
            lines.append(pad + key + colon + rng.choice(["", "", " ", " # c"]))
            lines.extend(_lines(rng, indent + step, depth + 1))
        else:
            gap = " " if rng.random() < 0.8 else rng.choice(["  ", "   ", ""])
            lines.append(pad + key + colon + gap + (_scalar(rng) if rng.random() < 0.9 else ""))
    return lines


def _mutated(rng: random.Random, lines: list[str]) -> list[str]:
    """LINES with, sometimes, one line shifted, cut or joined to its neighbour."""
    if not lines or rng.random() < 0.7:
        return lines
    at = rng.randrange(len(lines))
    roll = rng.random()
    if roll < 0.4:
        lines[at] = " " * rng.choice([1, 2, 3]) + lines[at]
    elif roll < 0.6:
        lines[at] = lines[at][1:]
    elif roll < 0.8:
        lines[at] = lines[at][: len(lines[at]) // 2]
    else:
        lines.insert(at, rng.choice(["- x", "  - x", "x", "---", "...", "? a", "&a b: 1"]))
    return lines


@pytest.mark.parametrize("seed", range(4))
def test_generated_documents_read_as_libyaml_reads_them(seed: int) -> None:
    rng = random.Random(seed)
    accepted = 0
    for _ in range(1500):
        lines = _mutated(rng, _lines(rng, rng.choice([0, 0, 0, 2]), 0))
        text = "\n".join(lines) + rng.choice(["\n", "", "\n\n", "\n# end\n"])
        fast = compose(text)
        if fast is not None:
            accepted += 1
            assert fast == _libyaml(text), text
    assert accepted > 450  # enough of them took the fast path to mean something


def test_declines_what_it_does_not_read() -> None:
    for text in [
        "a: [1, 2]\n",  # flow style
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: !t 1\n",  # tags
        "a: |\n  text\n",  # block scalars
        "a: b\n  c\n",  # a plain scalar over two lines
        "a: 'b\n  c'\n",  # a quoted one
        'a: "b\\n"\n',  # escapes
        "a: 1\na: 2\n",  # repeated keys (reported by yamlsrc)
        "a:\n- b\n",  # a list at its key's indentation
        "a:\tb\n",  # tabs
        "---\na: 1\n",  # document markers
        "- a\n",  # a top-level list
        "just text\n",  # a top-level scalar
        "# only a comment\n",
        "",
    ]:
        assert compose(text) is None, text


def test_places_are_libyaml_places() -> None:
    text = "# c\n中文: 指标 # x\na:\nb: # c\nc:    'x''y'   \nl:\n  - 一二: 3\n    四:\n  -   x\n"
    node = compose(text)
    assert node is not None and node == _libyaml(text)
    pairs = node.value
    assert (pairs[0][1].value, pairs[0][1].line, pairs[0][1].column) == ("指标", 1, 4)
    assert (pairs[2][1].value, pairs[2][1].column) == ("", 2)  # a null: just after the colon
    assert (pairs[3][1].value, pairs[3][1].style, pairs[3][1].column) == ("x'y", "'", 6)
    first = pairs[4][1].value[0]
    assert (first.id, first.line, first.column) == ("mapping", 6, 4)
