"""The 信息公开 fields come from one table (builder/loading/disclosurefields.py): every field of it
reaches every output — the schema (and the committed JSON Schema), the model, the report
page, report.json (both of its writers) and the open-data page's field list, and the
skeleton of a new report. A field that one of them leaves out fails here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, write_report
from markupsafe import escape
from test_render_support import SMALL_YAML

from builder.commands.scaffold import NewReport, report_yaml
from builder.loading.content import load_content
from builder.loading.disclosurefields import FIELDS, PLAIN, DisclosureField, text_of
from builder.loading.jsonschema import all_schemas
from builder.pipeline.run import check
from builder.render import render_report
from builder.scoring.engine import ScoreCard
from builder.site import opendata
from builder.site.entries import Neighbours, entry_for
from builder.site.fielddocs import REPORT_FIELDS
from builder.site.pages import Pages


def given(field: DisclosureField, number: int) -> str:
    """The value a test report gives FIELD, as it is shown (a date, or a text to escape)."""
    if field.kind == "date":
        return f"2024-03-{number + 1:02d}"
    return f"{field.label}<甲> & “{field.key}”"


def card_with(tmp_path: Path, plain: bool) -> ScoreCard:
    lines = ["disclosure:", "  published: 2024-06-28"]
    if plain:
        for number, field in enumerate(PLAIN):
            value = given(field, number)
            written = value if field.kind == "date" else json.dumps(value, ensure_ascii=False)
            lines.append(f"  {field.key}: {written}")
    folder = write_report(tmp_path, SMALL_YAML + "\n".join(lines) + "\n")
    evaluated = check([folder])
    assert evaluated.cards, evaluated.diagnostics
    return evaluated.cards[0]


def outputs(tmp_path: Path, card: ScoreCard) -> tuple[str, dict[str, object], str]:
    """The report's page, its report.json record and the text the direct writer makes."""
    site = load_content([tmp_path]).site
    assert site is not None
    entry = entry_for(card)
    page = Pages(site, {}).report_page(
        entry, card, render_report(card, site), "1", Neighbours(None, None), False
    )
    record = opendata.report_record(card, entry, "1", False)
    written = opendata.record_json(card, entry, "1", False)
    assert written == opendata.report_json(record)  # the two writers of report.json agree
    return page.html, record, written


def test_there_is_a_plain_field_to_check() -> None:
    assert PLAIN, "the tests below check plain fields: keep one, or check another way"


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.key)
def test_every_field_is_in_the_schema_and_the_committed_json_schema(
    field: DisclosureField,
) -> None:
    generated = json.loads(all_schemas()["report.schema.json"])
    committed = json.loads((ROOT / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    for schema in (generated, committed):
        disclosure = schema["properties"]["disclosure"]
        found = [s for s in (disclosure, *disclosure.get("anyOf", ())) if "properties" in s]
        assert found and field.key in found[0]["properties"], field.key
        assert field.doc in json.dumps(found[0]["properties"][field.key], ensure_ascii=False)


@pytest.mark.parametrize("number", range(len(PLAIN)), ids=[f.key for f in PLAIN])
def test_every_plain_field_reaches_the_model_page_and_open_data(
    tmp_path: Path, number: int
) -> None:
    field = PLAIN[number]
    shown = given(field, number)
    card = card_with(tmp_path, plain=True)
    assert text_of(dict(card.report.disclosure.plain)[field.key]) == shown
    html, record, written = outputs(tmp_path, card)
    assert f"<div><dt>{escape(field.label)}</dt><dd>{escape(shown)}</dd></div>" in html
    assert record[field.key] == shown
    assert json.loads(written)[field.key] == shown
    documented = {part for name, _ in REPORT_FIELDS for part in name.split(" / ")}
    assert field.key in documented


def test_a_report_without_the_plain_fields_shows_none_and_writes_null(tmp_path: Path) -> None:
    card = card_with(tmp_path, plain=False)
    assert card.report.disclosure.plain == ()
    html, record, _ = outputs(tmp_path, card)
    for field in PLAIN:
        assert f"<dt>{escape(field.label)}</dt>" not in html
        assert field.key in record and record[field.key] is None


@pytest.mark.parametrize("field", [f for f in FIELDS if f.skeleton], ids=lambda f: f.key)
def test_the_skeleton_offers_the_fields_meant_for_it(field: DisclosureField) -> None:
    profile = load_content([ROOT / "content"]).profiles["key-project-evaluation"]
    text = report_yaml(NewReport(profile, "测试单位", 2024))
    assert f"\n  {field.key}: null # {field.skeleton}\n" in text
