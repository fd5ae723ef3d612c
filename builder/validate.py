"""Check a located YAML tree against a spec from schema.py and type its values.

Pure module. Produces plain typed values (str, int, Decimal, date, list, Rec) and a
diagnostic for every problem found, never stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from builder.diagnostics import (
    BAD_CHOICE,
    BAD_DATE,
    BAD_NUMBER,
    MISSING_KEY,
    UNKNOWN_KEY,
    WRONG_TYPE,
    Diagnostic,
    Pos,
    diag,
)
from builder.schema import Choice, Date, Dec, Int, ListOf, MapOf, Obj, Spec, Str, resolve
from builder.yamlsrc import Mark, Positions, YMap, YNode, YScalar, YSeq, as_pos


@dataclass
class Rec:
    """A validated mapping: typed values plus where each key and value was written."""

    pos: Pos
    values: dict[str, Any] = field(default_factory=dict)
    key_at: dict[str, Pos | Mark] = field(default_factory=dict)
    value_at: dict[str, Pos | Mark] = field(default_factory=dict)

    @property
    def key_pos(self) -> Positions:
        return Positions(self.key_at)

    @property
    def value_pos(self) -> Positions:
        return Positions(self.value_at)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def at(self, key: str) -> Pos:
        """Where the value of `key` is, else the key, else the mapping itself."""
        where = self.value_at.get(key) or self.key_at.get(key)
        return self.pos if where is None else as_pos(where)


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_INTEGER = re.compile(r"[+-]?\d+")
_TYPE_NAMES = {YMap: "键值对（映射）", YSeq: "列表", YScalar: "单个值"}


def validate(node: YNode, spec: Spec, diags: list[Diagnostic], where: str = "") -> Any:
    spec = resolve(spec)
    if isinstance(spec, Obj):
        return _object(node, spec, diags)
    if isinstance(spec, ListOf):
        return _list(node, spec, diags, where)
    if isinstance(spec, MapOf):
        return _free_map(node, spec, diags, where)
    if not isinstance(node, YScalar):
        diags.append(
            diag(
                WRONG_TYPE,
                f"「{where}」应为单个值，这里是{_TYPE_NAMES[type(node)]}",
                node.pos,
                "检查缩进：这个键下面不应再有下一级。",
            )
        )
        return None
    return _scalar(node, spec, diags, where)


def _object(node: YNode, spec: Obj, diags: list[Diagnostic]) -> Rec | None:
    if not isinstance(node, YMap):
        diags.append(
            diag(
                WRONG_TYPE,
                f"「{spec.name}」应为键值对，这里是{_TYPE_NAMES[type(node)]}",
                node.pos,
                "在下一行缩进两个空格，写「键: 值」。",
            )
        )
        return None
    rec = Rec(node.pos)
    for key, value in node.items:
        rec.key_at[key.text] = key.where
        rec.value_at[key.text] = value.where
        fld = spec.fields.get(key.text)
        if fld is None:
            diags.append(_unknown_key(key, spec))
            continue
        if isinstance(value, YScalar) and value.is_null:
            if fld.required:
                diags.append(_missing(key.text, spec, key.pos))
            rec.values[key.text] = None
            continue
        rec.values[key.text] = validate(value, fld.spec, diags, key.text)
    for name, fld in spec.fields.items():
        if fld.required and name not in rec.key_at:
            diags.append(_missing(name, spec, node.pos))
    return rec


def _unknown_key(key: YScalar, spec: Obj) -> Diagnostic:
    close = difflib.get_close_matches(key.text, list(spec.fields), n=1, cutoff=0.6)
    allowed = "、".join(spec.fields)
    hint = f"是否想写「{close[0]}」？" if close else f"「{spec.name}」允许的键：{allowed}。"
    return diag(UNKNOWN_KEY, f"「{spec.name}」中没有键「{key.text}」", key.pos, hint)


def _missing(name: str, spec: Obj, pos: Pos) -> Diagnostic:
    doc = resolve(spec.fields[name].spec).doc
    return diag(
        MISSING_KEY,
        f"「{spec.name}」缺少必填项「{name}」",
        pos,
        f"请添加「{name}: …」（{doc}）。" if doc else f"请添加「{name}: …」。",
    )


def _list(node: YNode, spec: ListOf, diags: list[Diagnostic], where: str) -> list[Any] | None:
    if not isinstance(node, YSeq):
        diags.append(
            diag(
                WRONG_TYPE,
                f"「{where}」应为列表，这里是{_TYPE_NAMES[type(node)]}",
                node.pos,
                "列表的每一项以「- 」开头。",
            )
        )
        return None
    items = [validate(item, spec.item, diags, where) for item in node.items]
    return [item for item in items if item is not None]


def _free_map(node: YNode, spec: MapOf, diags: list[Diagnostic], where: str) -> Rec | None:
    if not isinstance(node, YMap):
        diags.append(diag(WRONG_TYPE, f"「{where}」应为键值对", node.pos, "每行写「名称: 值」。"))
        return None
    rec = Rec(node.pos)
    for key, value in node.items:
        rec.key_at[key.text] = key.where
        rec.value_at[key.text] = value.where
        rec.values[key.text] = validate(value, spec.value, diags, key.text)
    return rec


def _scalar(node: YScalar, spec: Spec, diags: list[Diagnostic], where: str) -> Any:
    text = node.text.strip()
    if isinstance(spec, Str):
        return node.text
    if isinstance(spec, Choice):
        if text in spec.values:
            return text
        close = difflib.get_close_matches(text, list(spec.values), n=1, cutoff=0.5)
        hint = f"是否想写「{close[0]}」？" if close else f"可选值：{'、'.join(spec.values)}。"
        diags.append(diag(BAD_CHOICE, f"「{where}」的值「{text}」不在允许范围内", node.pos, hint))
        return None
    if isinstance(spec, Int):
        return _integer(node, spec, diags, where)
    if isinstance(spec, Dec):
        return _decimal(node, spec, diags, where)
    if isinstance(spec, Date):
        return _date(node, diags, where)
    raise TypeError(f"unhandled spec {spec!r}")  # a programming error, not bad content


def parse_decimal(text: str) -> Decimal | None:
    """Exact decimal from what the author wrote; thousands separators allowed."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    if not _NUMBER.match(cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the pattern already guards this
        return None


def _decimal(node: YScalar, spec: Dec, diags: list[Diagnostic], where: str) -> Decimal | None:
    value = parse_decimal(node.text)
    if value is None:
        diags.append(
            diag(
                BAD_NUMBER,
                f"「{where}」应为数字，这里是「{node.text}」",
                node.pos,
                "只写数字，如 12 或 8.98；单位和百分号写在别处。",
            )
        )
        return None
    if spec.minimum is not None and value < spec.minimum:
        diags.append(
            diag(BAD_NUMBER, f"「{where}」不能小于 {spec.minimum}", node.pos, "请检查符号。")
        )
        return None
    return value


def _integer(node: YScalar, spec: Int, diags: list[Diagnostic], where: str) -> int | None:
    text = node.text.strip()
    if not _INTEGER.fullmatch(text):
        diags.append(
            diag(BAD_NUMBER, f"「{where}」应为整数，这里是「{node.text}」", node.pos, "如 2023。")
        )
        return None
    value = int(text)
    low, high = spec.minimum, spec.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        diags.append(
            diag(
                BAD_NUMBER,
                f"「{where}」的值 {value} 超出范围 {low}–{high}",
                node.pos,
                "请检查是否多打或少打了数字。",
            )
        )
        return None
    return value


def _date(node: YScalar, diags: list[Diagnostic], where: str) -> dt.date | None:
    match = _DATE.match(node.text.strip())
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    diags.append(
        diag(
            BAD_DATE,
            f"「{where}」不是有效日期：「{node.text}」",
            node.pos,
            "日期写作 YYYY-MM-DD，如 2024-06-28，并确认该日存在。",
        )
    )
    return None
