"""Where model objects were written: each Pos made when asked, the same as made up front."""

from __future__ import annotations

from conftest import ROOT

from builder import model
from builder.diagnostics import Pos
from builder.loading.reading import read_report

BASE = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_bytes()


def _report() -> model.Report:
    unit = model.Unit(slug="u", name="单位")
    report, diags = read_report(BASE, "r.yaml", "u/2023/r", unit, None)
    assert report is not None and not diags
    return report


def test_an_indicator_is_where_its_mapping_starts() -> None:
    first, second = _report().indicators[:2]
    # "  - name: 过程" on line 14: the mapping starts at its first key, column 5.
    assert first.pos == Pos("r.yaml", 14, 5)
    assert first.at("weight") == Pos("r.yaml", 15, 13)
    assert first.at("children") == Pos("r.yaml", 17, 7)  # a list: where its first item is
    assert first.at("reason") == first.pos  # not written: the indicator itself
    leaf = second.children[0]
    assert (leaf.pos, leaf.at("actual")) == (Pos("r.yaml", 24, 9), Pos("r.yaml", 27, 17))
    assert set(leaf.pos_of) == {"name", "weight", "target", "actual"}
    assert leaf.pos_of["weight"] == Pos("r.yaml", 25, 17)


def test_a_budget_line_is_where_its_mapping_starts() -> None:
    budget = _report().budget
    assert budget is not None
    line = budget.lines[0]
    assert line.pos == Pos("r.yaml", 9, 7)
    assert line.pos_of.get("executed", line.pos) == Pos("r.yaml", 12, 17)
    assert line.pos_of.get("note", line.pos) == line.pos


def test_a_model_object_made_without_places_is_nowhere() -> None:
    indicator = model.Indicator(name="x", path=("x",))
    assert indicator.pos == Pos("") and indicator.at("weight") == Pos("")
    assert not indicator.pos_of
