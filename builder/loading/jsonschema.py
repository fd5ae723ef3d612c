"""JSON Schemas (draft 2020-12) generated from the validator's own field specs (pure).

Walks builder/loading/schema.py so an editor's schema can never drift from what `jixiao check`
accepts. The mapping mirrors validate.py:
- an optional key may be left empty (YAML null) — the validator accepts that for every
  optional key, so the schema does too; a required key may not;
- Str takes any scalar (the validator keeps the text as written, so `target: 100` is fine);
- Dec takes a number or a numeric string (thousands separators allowed), Int an integer
  or an integer string, Date a string with format date;
- Ref becomes a `$ref` into `$defs`; unknown keys are rejected (additionalProperties).
"""

from __future__ import annotations

import json
from typing import Any

from builder.loading.schema import (
    REPORT,
    SITE,
    SPECS,
    UNIT,
    Bool,
    Choice,
    Date,
    Dec,
    Int,
    ListOf,
    MapOf,
    Obj,
    Ref,
    Spec,
    Str,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# The text forms scalars.parse_decimal accepts (the amount grammar), full-width forms
# included since it folds them (NFKC) first; the size bound is left to `jixiao check`.
_DIGIT = "[0-9０-９]"
_GROUPED = f"{_DIGIT}{{1,3}}(?:[,，]{_DIGIT}{{3}})+"
_DECIMAL_BODY = f"(?:(?:{_GROUPED}|{_DIGIT}+)(?:[.．]{_DIGIT}*)?|[.．]{_DIGIT}+)"
DECIMAL_PATTERN = rf"^\s*[-+＋－]?{_DECIMAL_BODY}\s*$"
NON_NEGATIVE_DECIMAL_PATTERN = rf"^\s*[+＋]?{_DECIMAL_BODY}\s*$"  # "-0" aside
INTEGER_PATTERN = r"^\s*[+-]?[0-9]+\s*$"
NULL: dict[str, Any] = {"type": "null"}

# File name → (spec, title). The file names are what editors and `jixiao new` point at.
DOCUMENTS: dict[str, tuple[Obj, str]] = {
    "report.schema.json": (REPORT, "jixiao report.yaml（评价报告数据）"),
    "unit.schema.json": (UNIT, "jixiao unit.yaml（单位信息）"),
    "site.schema.json": (SITE, "jixiao site.yaml（网站设置）"),
}


def schema_for(spec: Obj, title: str) -> dict[str, Any]:
    """The whole JSON Schema document for one YAML file's spec."""
    defs: dict[str, dict[str, Any]] = {}
    body = _spec(spec, defs)
    document: dict[str, Any] = {"$schema": DRAFT, "title": title, **body}
    if defs:
        document["$defs"] = {name: defs[name] for name in sorted(defs)}
    return document


def render(document: dict[str, Any]) -> str:
    """Deterministic JSON text (keys in spec order, UTF-8 kept readable, trailing newline)."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def all_schemas() -> dict[str, str]:
    """File name → JSON text, for every YAML file jixiao reads."""
    return {name: render(schema_for(spec, title)) for name, (spec, title) in DOCUMENTS.items()}


def _described(schema: dict[str, Any], spec: Spec) -> dict[str, Any]:
    return {"description": spec.doc, **schema} if spec.doc else schema


def _spec(spec: Spec, defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if isinstance(spec, Ref):
        if spec.target not in defs:
            defs[spec.target] = {}  # placeholder first: the indicator tree refers to itself
            defs[spec.target] = _spec(SPECS[spec.target], defs)
        return _described({"$ref": f"#/$defs/{spec.target}"}, spec)
    if isinstance(spec, Obj):
        return _described(_object(spec, defs), spec)
    if isinstance(spec, ListOf):
        return _described({"type": "array", "items": _spec(spec.item, defs)}, spec)
    if isinstance(spec, MapOf):
        return _described({"type": "object", "additionalProperties": _spec(spec.value, defs)}, spec)
    return _described(_scalar(spec), spec)


def _object(spec: Obj, defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for name, fld in spec.fields.items():
        value = _spec(fld.spec, defs)
        properties[name] = value if fld.required else _or_null(value)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    required = [name for name, fld in spec.fields.items() if fld.required]
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    return schema


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema that also accepts YAML's empty value (null)."""
    if "$ref" in schema:
        ref = {"$ref": schema["$ref"]}
        described = {"description": schema["description"]} if "description" in schema else {}
        return {**described, "anyOf": [ref, NULL]}
    widened = dict(schema)
    if "anyOf" in widened:
        widened["anyOf"] = [*widened["anyOf"], NULL]
        return widened
    types = widened["type"] if isinstance(widened["type"], list) else [widened["type"]]
    widened["type"] = [*types, "null"]
    if "enum" in widened:
        widened["enum"] = [*widened["enum"], None]
    return widened


def _scalar(spec: Spec) -> dict[str, Any]:
    if isinstance(spec, Str):
        return {"type": ["string", "number", "boolean"]}
    if isinstance(spec, Choice):
        return {"type": "string", "enum": list(spec.values)}
    if isinstance(spec, Bool):
        return {"type": "boolean"}
    if isinstance(spec, Int):
        number: dict[str, Any] = {"type": "integer"}
        if spec.minimum is not None:
            number["minimum"] = spec.minimum
        if spec.maximum is not None:
            number["maximum"] = spec.maximum
        return {"anyOf": [number, {"type": "string", "pattern": INTEGER_PATTERN}]}
    if isinstance(spec, Dec):
        number = {"type": "number"}
        pattern = DECIMAL_PATTERN
        if spec.minimum is not None:
            number["minimum"] = spec.minimum
            if spec.minimum >= 0:
                pattern = NON_NEGATIVE_DECIMAL_PATTERN
        return {"anyOf": [number, {"type": "string", "pattern": pattern}]}
    if isinstance(spec, Date):
        return {"type": "string", "format": "date"}
    raise TypeError(f"no JSON Schema for {spec!r}")  # a new spec class: a programming error
