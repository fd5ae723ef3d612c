"""From parsed text to model objects: YAML text → located nodes → validated records → model.

Pure module: it takes file contents, never opens files (content.py does that).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from builder import model
from builder.diagnostics import (
    BAD_CHOICE,
    BAD_DATE,
    BAD_NUMBER,
    DUPLICATE_INDICATOR,
    DUPLICATE_KEY,
    MISSING_KEY,
    UNKNOWN_KEY,
    WRONG_TYPE,
    YAML_SYNTAX,
    YAML_TAB,
    Diagnostic,
    Pos,
    diag,
)
from builder.loading.disclosurefields import plain_values
from builder.loading.schema import REPORT, SITE, UNIT, Obj
from builder.loading.validate import Rec, validate
from builder.loading.yamlsrc import compose, decode
from builder.site.codes import BAD_BASE_URL


def load_record(data: bytes, file: str, spec: Obj) -> tuple[Rec | None, list[Diagnostic]]:
    text, diags = decode(data, file)
    if text is None:
        return None, diags
    composed = compose(text, file)
    diags = composed.diagnostics
    if composed.node is None:
        return None, diags
    found: list[Diagnostic] = []
    rec = validate(composed.node, spec, file, found)
    if composed.recovered:
        # Lines blanked during recovery would show up as missing keys: noise.
        found = [d for d in found if d.code not in (MISSING_KEY.code, WRONG_TYPE.code)]
    diags.extend(found)
    return (rec if isinstance(rec, Rec) else None), diags


def read_site(data: bytes, file: str) -> tuple[model.Site | None, list[Diagnostic]]:
    rec, diags = load_record(data, file, SITE)
    if rec is not None and rec.get("base_url") is not None:
        diags.extend(_base_url_problems(rec.get("base_url"), rec.at("base_url")))
    if rec is None or diags_have_errors(diags):
        return None, diags
    site = model.Site(
        title=rec.get("title"),
        publisher=rec.get("publisher"),
        base_url=rec.get("base_url") or "/",
        description=rec.get("description"),
        profiles=tuple(rec.get("profiles") or ()),
        scoring=_scoring(rec.get("scoring")),
    )
    return site, diags


# What may not stand in base_url: it is the start of every address of the site, written
# into pages, feeds and the sitemap, so no space, quote, angle bracket, backslash, control
# character, and no query or fragment (a prefix cannot carry them).
_URL_REFUSED = re.compile(r"[\s\"'<>\\`?#\x00-\x1f\x7f]")


def _base_url_problems(value: str, pos: Pos) -> list[Diagnostic]:
    """base_url must be an absolute http(s) address with a host, or a path from the
    site's top ("/…", not "//…", which names another host)."""
    if not _URL_REFUSED.search(value):
        try:
            parts = urlsplit(value)
            web = parts.scheme in ("http", "https") and bool(parts.hostname)
            web = web and (parts.port or 0) >= 0  # .port checks the number is one
            path = not parts.scheme and value.startswith("/") and not value.startswith("//")
        except ValueError:  # "http://[x/", "http://x:99999/"
            web = path = False
        if web or path:
            return []
    return [
        diag(
            BAD_BASE_URL,
            f"base_url「{value}」不是网址，也不是以 / 开头的路径",
            pos,
            "写完整的网址（如 https://example.gov.cn/jixiao/）或网站内的路径（如 /jixiao/）；"
            "不能含空格、引号、尖括号、反斜杠、? 或 #。",
        )
    ]


def read_unit(data: bytes, file: str, slug: str) -> tuple[model.Unit | None, list[Diagnostic]]:
    rec, diags = load_record(data, file, UNIT)
    if rec is None or diags_have_errors(diags):
        return None, diags
    unit = model.Unit(
        slug=slug,
        name=rec.get("name"),
        code=rec.get("code"),
        region=rec.get("region"),
        parent=rec.get("parent"),
    )
    return unit, diags


def read_report(
    data: bytes, file: str, folder: str, unit: model.Unit, narrative: model.Narrative | None
) -> tuple[model.Report | None, list[Diagnostic]]:
    rec, diags = load_record(data, file, REPORT)
    if rec is None or _blocks_model(rec, diags):
        return None, diags
    indicators = tuple(_indicator(r, (), diags) for r in _named(rec.get("indicators")))
    diags.extend(_duplicate_names(indicators, file))
    report = model.Report(
        folder=folder,
        unit=unit,
        slug=folder.rsplit("/", 1)[-1],
        kind=rec.get("kind"),
        title=rec.get("title") or "",
        year=rec.get("year"),
        label=rec.get("label"),
        evaluation=_evaluation(rec.get("evaluation")),
        indicators=indicators,
        project=_project(rec.get("project")),
        disclosure=_disclosure(rec.get("disclosure")),
        budget=_budget(rec.get("budget")),
        goals=_goals(rec.get("goals")),
        declared=_declared(rec.get("declared")),
        narrative=narrative,
        scoring=_scoring(rec.get("scoring")),
        draft=bool(rec.get("draft")),
        outline=_text(rec.get("outline")),
        form=_form(rec.get("form")),
        file=file,
        pos_of=rec.value_pos,
    )
    return report, diags


def diags_have_errors(diags: list[Diagnostic]) -> bool:
    return any(d.is_error for d in diags)


# Problems after which the rest of the file can still be checked: the value in
# question is simply absent from the model (and each is already reported).
_NON_BLOCKING = {
    UNKNOWN_KEY.code,
    DUPLICATE_KEY.code,
    YAML_SYNTAX.code,
    YAML_TAB.code,
    BAD_NUMBER.code,
    BAD_DATE.code,
    BAD_CHOICE.code,
}
_ESSENTIAL = ("kind", "year", "evaluation", "indicators")


def _blocks_model(rec: Rec, diags: list[Diagnostic]) -> bool:
    if any(d.is_error and d.code not in _NON_BLOCKING for d in diags):
        return True
    return any(rec.get(key) is None for key in _ESSENTIAL)


def _indicator(rec: Rec, parent_path: tuple[str, ...], diags: list[Diagnostic]) -> model.Indicator:
    get: Callable[[str], Any] = rec.values.get  # dozens of indicators, each read 12 times
    path = (*parent_path, get("name"))
    # Most indicators are leaves without bands: no generator made for them.
    kids, band_recs = get("children"), get("bands")
    children = tuple(_indicator(c, path, diags) for c in _named(kids)) if kids else ()
    if len(children) > 1:
        diags.extend(_duplicate_names(children, rec.file))
    bands = (
        tuple(
            model.Band(minimum=b.get("min"), score=b.get("score"), pos=b.pos)
            for b in band_recs
            if b.get("score") is not None  # reported, or lost with a line a syntax error took
        )
        if band_recs
        else ()
    )
    return model.Indicator(
        name=get("name"),
        path=path,
        weight=get("weight"),
        method=get("method"),
        target=_text(get("target")),
        actual=_text(get("actual")),
        score=get("score"),
        level=get("level"),
        bands=bands,
        reason=_text(get("reason")),
        note=_text(get("note")),
        children=children,
        unit=_text(get("unit")),
        direction=get("direction"),
        coefficient=_text(get("coefficient")),
        scaled=get("scaled") is True,
        pos_of=rec.value_pos,
    )


def _named(recs: list[Rec] | None) -> list[Rec]:
    """The indicators that have a name. One without is reported (JX103), or its line was
    lost to a syntax error already reported: left out of the model, whose paths, figures
    and checks all go by name."""
    return [r for r in recs or () if r.values.get("name") is not None]


def _duplicate_names(nodes: tuple[model.Indicator, ...], file: str) -> list[Diagnostic]:
    seen: dict[str, model.Indicator] = {}
    found = []
    for node in nodes:
        first = seen.setdefault(node.name, node)
        if first is not node:
            found.append(
                diag(
                    DUPLICATE_INDICATOR,
                    f"指标「{node.name}」在同一级出现了两次（第一次在第 {first.at('name').line} 行）",
                    node.at("name"),
                    "同级指标名称必须唯一：请改名或合并。",
                )
            )
    return found


def _text(value: str | None) -> str | None:
    """A text field as the model keeps it: stripped, None when empty (validation gives a
    text field's value as a str, or None)."""
    return (value.strip() or None) if value else None


def _evaluation(rec: Rec) -> model.Evaluation:
    return model.Evaluation(
        mode=rec.get("mode"), evaluator=rec.get("evaluator"), completed=rec.get("completed")
    )


def _project(rec: Rec | None) -> model.Project | None:
    if rec is None:
        return None
    return model.Project(
        name=rec.get("name"),
        code=rec.get("code"),
        department=rec.get("department"),
        implementer=rec.get("implementer"),
    )


def _disclosure(rec: Rec | None) -> model.Disclosure:
    if rec is None:
        return model.Disclosure()
    return model.Disclosure(
        published=rec.get("published"),
        index_no=rec.get("index_no"),
        original=rec.get("original"),
        plain=plain_values(rec.values),
    )


def _form(rec: Rec | None) -> model.FormInfo | None:
    if rec is None:
        return None
    return model.FormInfo(
        category=_text(rec.get("category")),
        filled=rec.get("filled"),
        project_manager=_text(rec.get("project_manager")),
        finance_manager=_text(rec.get("finance_manager")),
        unit_head=_text(rec.get("unit_head")),
        preparer=_text(rec.get("preparer")),
        phone=_text(rec.get("phone")),
    )


def _budget(rec: Rec | None) -> model.Budget | None:
    if rec is None:
        return None
    written: list[Rec] = rec.get("lines") or []
    lines = tuple(
        model.BudgetLine(
            name=line.get("name"),
            initial=line.get("initial"),
            adjusted=line.get("adjusted"),
            executed=line.get("executed"),
            pos_of=line.value_pos,
        )
        for line in written
        # A line without a name, 全年预算数 or 全年执行数 (or with an invalid amount) is
        # already reported: left out, so that no sum, rate or table meets a missing value.
        if all(line.get(key) is not None for key in ("name", "adjusted", "executed"))
    )
    complete = len(lines) == len(written)
    return model.Budget(unit=rec.get("unit"), lines=lines, pos=rec.pos, complete=complete)


def _scoring(rec: Rec | None) -> model.Scoring:
    if rec is None:
        return model.Scoring()
    return model.Scoring(decimals=rec.get("decimals"), rounding=rec.get("rounding"))


def _goals(rec: Rec | None) -> model.Goals | None:
    if rec is None:
        return None
    return model.Goals(expected=_text(rec.get("expected")), achieved=_text(rec.get("achieved")))


def _declared(rec: Rec | None) -> model.Declared:
    if rec is None:
        return model.Declared()
    groups: Rec | None = rec.get("groups")
    group_values: dict[str, Decimal] = {}
    group_pos: dict[str, Pos] = {}
    if groups is not None:
        group_values = {k: v for k, v in groups.values.items() if v is not None}
        group_pos = {k: groups.at(k) for k in group_values}
    return model.Declared(
        total=rec.get("total"),
        grade=rec.get("grade"),
        budget_rate=rec.get("budget_rate"),
        groups=group_values,
        pos_of=rec.value_pos,
        group_pos=group_pos,
    )
