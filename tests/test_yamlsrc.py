"""yamlsrc: the composed tree keeps only text keys, each once, and reports the others."""

from __future__ import annotations

from builder.diagnostics import Diagnostic
from builder.loading.schema import REPORT
from builder.loading.validate import validate
from builder.loading.yamlsrc import YMap, YScalar, YSeq, compose, parse

REPEATS = """\
base: &b
  x: 1
  x: 2
use1: *b
use2: *b
? [k]
: {y: 1, y: 2}
list:
  - {a: 1, a: 1}
  - plain
"""


def test_each_use_of_an_anchor_is_checked_and_reported_as_written() -> None:
    parsed = parse(REPEATS, "f.yaml")
    found = [(d.code, str(d.pos)) for d in parsed.diagnostics]
    assert found == [
        ("JX004", "f.yaml:3:3"),  # the anchored mapping, then each alias of it
        ("JX004", "f.yaml:3:3"),
        ("JX004", "f.yaml:3:3"),
        ("JX004", "f.yaml:7:10"),  # inside the value of a non-text key: before that key
        ("JX002", "f.yaml:6:3"),
        ("JX004", "f.yaml:9:12"),
    ]
    # No line was blanked: the entries dropped (repeated keys, a key that is not text) take
    # no other key with them, so a key missing from the tree is really missing (reported).
    assert not parsed.recovered
    assert isinstance(parsed.node, YMap)
    assert [k.text for k, _ in parsed.node.items] == ["base", "use1", "use2", "list"]
    use1 = parsed.node.get("use1")
    assert isinstance(use1, YMap) and [(k.text, v) for k, v in use1.items] == [
        ("x", YScalar("1", ("f.yaml", 2, 6)))
    ]
    listed = parsed.node.get("list")
    assert isinstance(listed, YSeq) and isinstance(listed.items[0], YMap)
    assert len(listed.items[0].items) == 1


def test_a_clean_tree_is_the_composed_tree_itself() -> None:
    text = "a:\n  - {b: 1}\n  - c\nd: 'x'\n"
    first, second = compose(text, "f.yaml"), compose(text, "f.yaml")
    assert first.diagnostics == [] and not first.recovered
    assert first.node is not None and second.node is not None
    assert first.node.value[0][1].value[0].id == "mapping"


def test_validation_reads_the_cleaned_tree() -> None:
    text = "kind: a\nkind: b\ntitle: t\nyear: 2023\nevaluation: {mode: self, mode: x}\n"
    composed = compose(text, "r.yaml")
    assert [d.code for d in composed.diagnostics] == ["JX004", "JX004"]
    assert composed.node is not None
    found: list[Diagnostic] = []
    rec = validate(composed.node, REPORT, "r.yaml", found)
    assert rec.get("kind") == "a"
    assert rec.get("evaluation").get("mode") == "self"
    assert str(rec.at("year")) == "r.yaml:4:7"
    assert str(rec.key_pos["title"]) == "r.yaml:3:1"
    assert [d.code for d in found] == ["JX103"]  # indicators missing
