"""validate: typed values remembered by their text never hide a problem or a place."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from builder.diagnostics import BAD_DATE, BAD_NUMBER, Diagnostic
from builder.loading.schema import REPORT
from builder.loading.validate import Rec, validate
from builder.loading.yamlsrc import compose

REPORT_TEXT = """\
kind: key-project-evaluation
title: t
year: {year}
evaluation:
  mode: self
  completed: {date}
indicators:
  - name: a
    weight: {weight}
"""


def _checked(year: str, date: str, weight: str) -> tuple[Rec, list[tuple[str, str]]]:
    text = REPORT_TEXT.format(year=year, date=date, weight=weight)
    composed = compose(text, "r.yaml")
    assert composed.diagnostics == [] and composed.node is not None
    found: list[Diagnostic] = []
    rec = validate(composed.node, REPORT, "r.yaml", found)
    assert isinstance(rec, Rec)
    return rec, [(d.code, str(d.pos)) for d in found]


def test_a_remembered_value_is_the_value_checked() -> None:
    for _ in range(2):  # the second time from memory
        rec, found = _checked("2023", "2024-06-28", "12")
        assert found == []
        assert rec.get("year") == 2023
        assert rec.get("evaluation").get("completed") == dt.date(2024, 6, 28)
        assert rec.get("indicators")[0].get("weight") == Decimal("12")
        assert str(rec.at("year")) == "r.yaml:3:7"


def test_problems_are_reported_every_time_after_good_values() -> None:
    _checked("2023", "2024-06-28", "12")
    for _ in range(2):
        rec, found = _checked("3023", "2024-06-31", "-12")
        assert found == [
            (BAD_NUMBER.code, "r.yaml:3:7"),
            (BAD_DATE.code, "r.yaml:6:14"),
            (BAD_NUMBER.code, "r.yaml:9:13"),
        ]
        assert rec.get("year") is None
        assert rec.get("indicators")[0].get("weight") is None
