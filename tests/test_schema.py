"""The editor JSON Schemas: generated from builder/loading/schema.py, in sync, and agreeing with check."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, ROOT, run_jixiao, write_report
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from builder.loading.jsonschema import all_schemas

SCHEMAS = {name: json.loads(text) for name, text in all_schemas().items()}


def validator(name: str) -> Draft202012Validator:
    schema = SCHEMAS[name]
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _plain(value: Any) -> Any:
    """YAML's safe types as JSON sees them: an editor reads 2024-06-28 as a string."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def load(path: Path) -> Any:
    return _plain(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))


def errors(name: str, data: Any) -> list[str]:
    return [e.message for e in validator(name).iter_errors(data)]


EXAMPLES = sorted(CONTENT.glob("*/*/*/report.yaml"))


def test_there_are_examples_to_validate() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.parent.name)
def test_every_example_report_is_valid(path: Path) -> None:
    assert errors("report.schema.json", load(path)) == []


def test_every_example_unit_and_the_site_are_valid() -> None:
    units = sorted(CONTENT.glob("*/unit.yaml"))
    assert units
    for unit in units:
        assert errors("unit.schema.json", load(unit)) == [], unit
    assert errors("site.schema.json", load(CONTENT / "site.yaml")) == []


def test_a_typo_in_a_nested_indicator_key_is_rejected() -> None:
    data = load(EXAMPLES[0])
    leaf = data["indicators"][0]
    while leaf.get("children"):
        leaf = leaf["children"][0]
    leaf["wieght"] = leaf.pop("weight", 5)
    found = errors("report.schema.json", data)
    assert any("wieght" in message for message in found), found


def test_a_typo_at_the_top_and_a_bad_choice_are_rejected() -> None:
    data = load(EXAMPLES[0])
    data["titel"] = data.pop("title")
    data["evaluation"]["mode"] = "selff"
    found = errors("report.schema.json", data)
    assert any("titel" in m for m in found)
    assert any("'title' is a required property" in m for m in found)
    assert any("selff" in m for m in found)


@pytest.mark.parametrize(
    ("weight", "valid"),
    [
        *((value, True) for value in (12, "12", "8.98", "1,234.5", "+3", "0")),
        *((value, False) for value in (-1, "-1", "-0.5", "12分")),
    ],
)
def test_decimals_accept_what_the_validator_accepts(
    tmp_path: Path, weight: Any, valid: bool
) -> None:
    data = {
        "kind": "key-project-evaluation",
        "title": "t",
        "year": 2023,
        "evaluation": {"mode": "self"},
        "indicators": [{"name": "甲", "weight": weight, "method": "judged", "score": 0}],
    }
    assert (errors("report.schema.json", data) == []) is valid
    # …and `jixiao check` agrees about the same value (syntax only: weights may not add up).
    text = (
        "kind: key-project-evaluation\ntitle: t\nyear: 2023\nevaluation: {mode: self}\n"
        f"indicators:\n  - {{name: 甲, weight: {json.dumps(weight)}, method: judged, score: 0}}\n"
    )
    write_report(tmp_path, text)
    out = run_jixiao("check", "--format", "json", str(tmp_path)).stdout
    codes = {d["code"] for d in json.loads(out)}
    assert bool({"JX106", "JX110"} & codes) is not valid


def test_dates_must_be_real_dates() -> None:
    data = load(EXAMPLES[0])
    data.setdefault("disclosure", {})["published"] = "2024-02-30"
    assert errors("report.schema.json", data)


def test_optional_keys_may_be_left_empty_but_required_ones_may_not() -> None:
    data = load(EXAMPLES[0])
    data["label"] = None
    data["project"] = None
    assert errors("report.schema.json", data) == []
    data["title"] = None
    assert errors("report.schema.json", data)


def test_the_committed_schema_is_in_sync_with_the_specs() -> None:
    for name, text in all_schemas().items():
        committed = ROOT / "schema" / name
        assert committed.is_file(), f"run `jixiao schema` and commit {committed}"
        assert committed.read_text(encoding="utf-8") == text, f"run `jixiao schema`: {name}"


def test_the_command_writes_three_files_and_is_idempotent(tmp_path: Path) -> None:
    first = run_jixiao("schema", "-o", str(tmp_path / "out"))
    assert first.returncode == 0, first.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["report.schema.json", "site.schema.json", "unit.schema.json"]
    assert first.stdout.count("已写入") == 3
    again = run_jixiao("schema", "-o", str(tmp_path / "out"))
    assert again.returncode == 0 and again.stdout == ""
