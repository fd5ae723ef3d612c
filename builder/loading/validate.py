"""Check a located YAML tree against a spec from schema.py and type its values.

Pure module. Produces plain typed values (str, int, Decimal, date, list, Rec) and a
diagnostic for every problem found, never stopping at the first.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from builder.diagnostics import (
    BAD_CHOICE,
    MISSING_KEY,
    UNKNOWN_KEY,
    WRONG_TYPE,
    Diagnostic,
    Pos,
    diag,
)
from builder.loading import scalars
from builder.loading.schema import (
    Bool,
    Choice,
    Date,
    Dec,
    Int,
    ListOf,
    MapOf,
    Obj,
    Spec,
    Str,
    resolve,
)
from builder.loading.yamlnodes import Place
from builder.loading.yamlsrc import NULLS, QUOTED, RawNode, pos_of
from builder.model import Positions, pos_at

# Where something starts (0-based .line and .column), kept instead of a Pos: a report
# has a few hundred keys and values, its model asks where for a few. A scalar node is
# kept as its own mark; a mapping or a list as a Place, so that its items can be freed.
Mark = RawNode | Place
_pos = pos_at


def _place(node: RawNode) -> Place:
    return new_tuple(Place, (node.line, node.column))


new_tuple = tuple.__new__


class Rec:
    """A validated mapping: typed values plus where each key and value was written."""

    __slots__ = ("file", "key_at", "mark", "value_at", "values")

    def __init__(self, file: str, mark: Mark) -> None:
        self.file = file
        self.mark = mark  # where the mapping starts
        self.values: dict[str, Any] = {}
        self.key_at: dict[str, Mark] = {}
        self.value_at: dict[str, Mark] = {}

    @property
    def pos(self) -> Pos:
        return _pos(self.mark, self.file)

    @property
    def key_pos(self) -> Positions:
        return Positions(self.key_at, self.file, self.mark)

    @property
    def value_pos(self) -> Positions:
        return Positions(self.value_at, self.file, self.mark)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def at(self, key: str) -> Pos:
        """Where the value of `key` is, else the key, else the mapping itself."""
        mark = self.value_at.get(key) or self.key_at.get(key) or self.mark
        return _pos(mark, self.file)


_TYPE_NAMES = {"mapping": "键值对（映射）", "sequence": "列表", "scalar": "单个值"}

# Checks NODE (a composed node of FILE) against one spec: the typed value, or None with
# the problem added to DIAGS. WHERE names the key it was written under, for messages.
Checker = Callable[[RawNode, str, list[Diagnostic], str], Any]


def validate(node: RawNode, spec: Spec, file: str, diags: list[Diagnostic], where: str = "") -> Any:
    return checker(spec)(node, file, diags, where)


def checker(spec: Spec) -> Checker:
    return _checker_of(resolve(spec))


def _make_checker(spec: Spec) -> Checker:
    if isinstance(spec, Obj):
        return _object_checker(spec)
    if isinstance(spec, ListOf):
        return _list_checker(spec)
    if isinstance(spec, MapOf):
        return _free_map_checker(spec)
    if isinstance(spec, Str):
        return _text
    if isinstance(spec, Choice):
        return _choice_checker(spec)
    if isinstance(spec, Bool):
        return _boolean
    if isinstance(spec, Int):
        return _scalar_checker(scalars.integer, spec)
    if isinstance(spec, Dec):
        return _scalar_checker(scalars.decimal, spec)
    if isinstance(spec, Date):
        return _scalar_checker(scalars.date, spec)
    raise TypeError(f"unhandled spec {spec!r}")  # a programming error, not bad content


# Each spec's checker: which fields an object has, which are required and how each is
# checked. (Kept per spec before; benchmarks/core.py showed 6 % of a report's time.)
_checker_of = _make_checker


def _object_checker(spec: Obj) -> Checker:
    # name → (required, checker, typed values by text); a nested list's items are looked
    # up when checked, so the indicator tree (a list of indicators in an indicator) needs
    # no recursion here.
    fields: dict[str, tuple[bool, Checker, dict[str, Any]]] = {
        name: (fld.required, checker(fld.spec), {}) for name, fld in spec.fields.items()
    }
    must_have = tuple(name for name, fld in spec.fields.items() if fld.required)

    def check(node: RawNode, file: str, diags: list[Diagnostic], where: str) -> Rec | None:
        if node.id != "mapping":
            diags.append(
                diag(
                    WRONG_TYPE,
                    f"「{spec.name}」应为键值对，这里是{_TYPE_NAMES[node.id]}",
                    pos_of(node, file),
                    "在下一行缩进两个空格，写「键: 值」。",
                )
            )
            return None
        # Places made by tuple.__new__ inline: Place()'s own __new__ is a Python call.
        rec = Rec(file, new_tuple(Place, (node.line, node.column)))
        values, key_at, value_at = rec.values, rec.key_at, rec.value_at
        for key, value in node.value:
            name = key.value
            key_at[name] = key
            field = fields.get(name)
            is_scalar = value.id == "scalar"
            value_at[name] = value if is_scalar else new_tuple(Place, (value.line, value.column))
            if field is None:
                diags.append(_unknown_key(name, pos_of(key, file), spec))
                continue
            is_required, check, known = field
            if is_scalar:
                text = value.value
                if text in NULLS and value.style not in QUOTED:
                    if is_required:
                        diags.append(_missing(name, spec, pos_of(key, file)))
                    values[name] = None
                    continue
                if check is _text:  # most fields are text: no call needed
                    values[name] = text
                    continue
                typed = known.get(text)
                if typed is None:
                    typed = _typed_scalar(check, known, value, file, diags, name)
                values[name] = typed
                continue
            values[name] = check(value, file, diags, name)
        for name in must_have:
            if name not in key_at:
                diags.append(_missing(name, spec, pos_of(node, file)))
        return rec

    return check


# How many typed values each field remembers (bounded: a field with endlessly varied
# values only stops remembering).
_KNOWN_LIMIT = 4096


def _typed_scalar(
    check: Checker,
    known: dict[str, Any],
    node: RawNode,
    file: str,
    diags: list[Diagnostic],
    where: str,
) -> Any:
    """CHECK's value for the scalar NODE, remembered by its text in KNOWN when it came
    without a problem: a number, date or choice depends on its text alone, and the same
    weights, scores and years recur in every report (measured: loading a report took
    0.13M fewer instructions of its 3.4M)."""
    before = len(diags)
    typed = check(node, file, diags, where)
    if typed is not None and len(diags) == before and len(known) < _KNOWN_LIMIT:
        known[node.value] = typed
    return typed


def _unknown_key(name: str, pos: Pos, spec: Obj) -> Diagnostic:
    close = difflib.get_close_matches(name, list(spec.fields), n=1, cutoff=0.6)
    allowed = "、".join(spec.fields)
    hint = f"是否想写「{close[0]}」？" if close else f"「{spec.name}」允许的键：{allowed}。"
    return diag(UNKNOWN_KEY, f"「{spec.name}」中没有键「{name}」", pos, hint)


def _missing(name: str, spec: Obj, pos: Pos) -> Diagnostic:
    doc = resolve(spec.fields[name].spec).doc
    return diag(
        MISSING_KEY,
        f"「{spec.name}」缺少必填项「{name}」",
        pos,
        f"请添加「{name}: …」（{doc}）。" if doc else f"请添加「{name}: …」。",
    )


def _list_checker(spec: ListOf) -> Checker:
    # The item's checker, looked up at the first list rather than here: the item may be
    # the object that owns this list (an indicator's children), still being made.
    item_checker: list[Checker] = []

    def check(node: RawNode, file: str, diags: list[Diagnostic], where: str) -> list[Any] | None:
        if node.id != "sequence":
            diags.append(
                diag(
                    WRONG_TYPE,
                    f"「{where}」应为列表，这里是{_TYPE_NAMES[node.id]}",
                    pos_of(node, file),
                    "列表的每一项以「- 」开头。",
                )
            )
            return None
        if not item_checker:
            item_checker.append(checker(spec.item))
        item = item_checker[0]
        items = [item(n, file, diags, where) for n in node.value]
        return [value for value in items if value is not None]

    return check


def _free_map_checker(spec: MapOf) -> Checker:
    def check(node: RawNode, file: str, diags: list[Diagnostic], where: str) -> Rec | None:
        if node.id != "mapping":
            diags.append(
                diag(
                    WRONG_TYPE, f"「{where}」应为键值对", pos_of(node, file), "每行写「名称: 值」。"
                )
            )
            return None
        value_checker = checker(spec.value)
        rec = Rec(file, _place(node))
        for key, value in node.value:
            rec.key_at[key.value] = key
            rec.value_at[key.value] = value if value.id == "scalar" else _place(value)
            rec.values[key.value] = value_checker(value, file, diags, key.value)
        return rec

    return check


def _not_a_scalar(node: RawNode, file: str, diags: list[Diagnostic], where: str) -> None:
    diags.append(
        diag(
            WRONG_TYPE,
            f"「{where}」应为单个值，这里是{_TYPE_NAMES[node.id]}",
            pos_of(node, file),
            "检查缩进：这个键下面不应再有下一级。",
        )
    )


def _text(node: RawNode, file: str, diags: list[Diagnostic], where: str) -> str | None:
    if node.id != "scalar":
        _not_a_scalar(node, file, diags, where)
        return None
    return str(node.value)


_BOOLEANS = {"true": True, "false": False}


def _boolean(node: RawNode, file: str, diags: list[Diagnostic], where: str) -> bool | None:
    if node.id != "scalar":
        _not_a_scalar(node, file, diags, where)
        return None
    value = _BOOLEANS.get(str(node.value).strip().lower())
    if value is None:
        diags.append(
            diag(
                BAD_CHOICE,
                f"「{where}」的值「{node.value}」应为 true 或 false",
                pos_of(node, file),
                f"写「{where}: true」或删去这一行。",
            )
        )
    return value


def _choice_checker(spec: Choice) -> Checker:
    allowed = frozenset(spec.values)

    def check(node: RawNode, file: str, diags: list[Diagnostic], where: str) -> str | None:
        if node.id != "scalar":
            _not_a_scalar(node, file, diags, where)
            return None
        text = node.value.strip()
        if text in allowed:
            return str(text)
        close = difflib.get_close_matches(text, list(spec.values), n=1, cutoff=0.5)
        hint = f"是否想写「{close[0]}」？" if close else f"可选值：{'、'.join(spec.values)}。"
        diags.append(
            diag(BAD_CHOICE, f"「{where}」的值「{text}」不在允许范围内", pos_of(node, file), hint)
        )
        return None

    return check


def _scalar_checker(
    parse: Callable[[RawNode, str, Any, list[Diagnostic], str], Any], spec: Spec
) -> Checker:
    def check(node: RawNode, file: str, diags: list[Diagnostic], where: str) -> Any:
        if node.id != "scalar":
            _not_a_scalar(node, file, diags, where)
            return None
        return parse(node, file, spec, diags, where)

    return check
