"""The fields of report.yaml's `disclosure:` block (信息公开), in one table.

Pure module. The schema (and so validation, the JSON Schema files and editors' hints), the
model's reading of report.yaml, the report page, open data (report.json, reports.json and
the open-data page's field list) and the skeleton of `jixiao new` and `jixiao import` all
read FIELDS: adding a field is one row here (then `jixiao schema` regenerates schema/).

Three fields have behaviour of their own and typed attributes of model.Disclosure:
published (发布日期: order, feeds, PDFs' dates), index_no (索引号: generated when absent)
and original (原件: the file copied beside the page). Every other field is plain: a text or
a date, shown on the page as written and written into report.json under its key (null
when the report does not give it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

# A plain field's value as the model keeps it: the key and the text or date.
PlainValue = tuple[str, "str | dt.date"]


@dataclass(frozen=True)
class DisclosureField:
    key: str  # under `disclosure:` in report.yaml; a plain field's key in report.json too
    label: str  # what the page (and the open-data page) call it
    kind: Literal["text", "date"]
    doc: str  # the schema's description: editors show it beside the key
    skeleton: str | None = None  # the comment on its line in a new report; None: not there
    plain: bool = True  # False: published, index_no, original (code of their own)


FIELDS = (
    DisclosureField(
        "published",
        "发布日期",
        "date",
        "发布日期",
        skeleton="发布日期，如 2024-06-28；公开前必须填写",
        plain=False,
    ),
    DisclosureField("index_no", "索引号", "text", "索引号，缺省时自动生成", plain=False),
    DisclosureField(
        "original",
        "原件",
        "text",
        "原件：报告目录中签章或扫描的原始文件，如 原件.pdf",
        plain=False,
    ),
    DisclosureField(
        "doc_no",
        "文号",
        "text",
        "文号：报告印发时的发文字号，如 深财绩〔2024〕12号（没有可不填）",
        skeleton="文号，如 深财绩〔2024〕12号；没有可不填",
    ),
)

PLAIN = tuple(field for field in FIELDS if field.plain)


def plain_values(record: Mapping[str, Any]) -> tuple[PlainValue, ...]:
    """The plain fields RECORD (the validated disclosure mapping) gives, in table order.
    Texts are kept stripped; an empty text is not given."""
    found: list[PlainValue] = []
    for field in PLAIN:
        value = record.get(field.key)
        if isinstance(value, str):
            value = value.strip()
        if value:
            found.append((field.key, value))
    return tuple(found)


def text_of(value: str | dt.date) -> str:
    return value.isoformat() if isinstance(value, dt.date) else value


def page_items(values: tuple[PlainValue, ...]) -> tuple[tuple[str, str], ...]:
    """(label, text) of each given plain field, for the page's 信息公开要素 list."""
    given = dict(values)
    return tuple((f.label, text_of(given[f.key])) for f in PLAIN if f.key in given)


def open_values(values: tuple[PlainValue, ...]) -> dict[str, str | None]:
    """Every plain field's key → its text, or None when not given (report.json keeps the
    same keys in every report)."""
    given = dict(values)
    return {f.key: text_of(given[f.key]) if f.key in given else None for f in PLAIN}


def skeleton_lines() -> list[str]:
    """The disclosure block of a new report.yaml: every field with a skeleton comment,
    empty (null)."""
    lines = ["disclosure:"]
    lines += [f"  {f.key}: null # {f.skeleton}" for f in FIELDS if f.skeleton]
    return lines


def open_data_docs() -> tuple[tuple[str, str], ...]:
    """What each plain field's key in report.json holds (the open-data page)."""
    return tuple(
        (f.key, f"{f.label}{'（YYYY-MM-DD）' if f.kind == 'date' else ''}；未填写时为 null")
        for f in PLAIN
    )
