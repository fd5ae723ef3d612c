"""Report kinds (profiles) as data: outline, generated tables and scoring defaults.

Pure module: `parse_profile` takes the file's bytes. The four shipped profiles live
in builder/profiles/*.yaml; a site may add or override profiles from content/.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from builder.diagnostics import BAD_PROFILE, Diagnostic, Pos, Severity, diag, register_code
from builder.loading.scalars import parse_decimal
from builder.loading.yamlsrc import YMap, YNode, YScalar, YSeq, decode, parse
from builder.model import Scoring

TABLES = ("funds", "weights", "scores", "total", "form")
ROUNDINGS = ("half-up", "down")  # 四舍五入 | 截尾
UNKNOWN_OUTLINE = register_code("JX130", Severity.ERROR, "未知的章节结构变体")


@dataclass(frozen=True)
class Section:
    title: str
    aliases: tuple[str, ...] = ()
    children: tuple[Section, ...] = ()
    tables: tuple[str, ...] = ()  # generated tables placed at the end of this section
    required: bool = True
    # Phrases of the official template's guidance for this section: printed as comments in
    # new reports, and a warning when they are left in the published text.
    guidance: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.title, *self.aliases)


@dataclass(frozen=True)
class ProfileBand:
    minimum: Decimal | None  # as a fraction (0.9) or plain number; None = everything else
    share: Decimal  # fraction of the weight awarded


@dataclass(frozen=True)
class Grade:
    minimum: Decimal
    name: str


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    form: bool = False  # rendered as the official form, not as prose
    decimals: int = 2
    rounding: str = "half-up"  # "down" truncates (截尾), as some regions print scores
    grades: tuple[Grade, ...] = ()
    qualitative: dict[str, tuple[Decimal, Decimal]] = field(default_factory=dict)
    bands: tuple[ProfileBand, ...] = ()
    default_weights: dict[str, Decimal] = field(default_factory=dict)
    rescale_not_applicable: bool = False
    overshoot_ratio: Decimal = Decimal("1.3")
    outline: tuple[Section, ...] = ()
    file: str = ""
    captions: dict[str, str] = field(default_factory=dict)  # table → its caption
    # Named outline variants (a region's own section structure for the same kind), each
    # the whole profile with that outline: made once, so each has one identity.
    variants: dict[str, Profile] = field(default_factory=dict)

    def with_scoring(self, scoring: Scoring) -> Profile:
        """This profile with the decimals and rounding a site or a report sets.

        The same object for the same settings: a site-wide `scoring:` would otherwise
        make a new profile for every report."""
        decimals = self.decimals if scoring.decimals is None else scoring.decimals
        rounding = scoring.rounding or self.rounding
        if (decimals, rounding) == (self.decimals, self.rounding):
            return self
        key = (id(self), decimals, rounding)
        hit = _VARIANTS.get(key)
        if hit is not None and hit[0] is self:
            return hit[1]
        if len(_VARIANTS) >= _MAX_VARIANTS:
            _VARIANTS.clear()
        variant = replace(self, decimals=decimals, rounding=rounding)
        _VARIANTS[key] = (self, variant)
        return variant

    def grade_for(self, total: Decimal) -> str:
        for grade in sorted(self.grades, key=lambda g: g.minimum, reverse=True):
            if total >= grade.minimum:
                return grade.name
        return self.grades[-1].name if self.grades else ""


# (id of a profile, decimals, rounding) → (that profile, its variant); bounded.
_VARIANTS: dict[tuple[int, int, str], tuple[Profile, Profile]] = {}
_MAX_VARIANTS = 64


class ProfileError(Exception):
    """Carries the located problem; caught only by parse_profile."""

    def __init__(self, message: str, pos: Pos) -> None:
        super().__init__(message)
        self.pos = pos


def parse_profile(data: bytes, file: str) -> tuple[Profile | None, list[Diagnostic]]:
    profile, found = _parse_profile(data, file)
    return profile, list(found)


# Each chunk of a build loads the profiles again (the shipped ones and the site's): 8 ms a
# chunk for the same bytes. Profiles are frozen, so one parse serves the whole process.
@functools.lru_cache(maxsize=64)
def _parse_profile(data: bytes, file: str) -> tuple[Profile | None, tuple[Diagnostic, ...]]:
    profile, found = _parsed_profile(data, file)
    return profile, tuple(found)


def _parsed_profile(data: bytes, file: str) -> tuple[Profile | None, list[Diagnostic]]:
    text, diags = decode(data, file)
    if text is None:
        return None, diags
    parsed = parse(text, file)
    if parsed.node is None or parsed.diagnostics:
        return None, parsed.diagnostics
    try:
        return _profile(parsed.node, file), []
    except ProfileError as exc:
        return None, [diag(BAD_PROFILE, str(exc), exc.pos, "请对照内置的报告类型文件修改。")]


def _plain(node: YNode) -> Any:
    if isinstance(node, YScalar):
        return node.text
    if isinstance(node, YSeq):
        return [_plain(n) for n in node.items]
    return {k.text: _plain(v) for k, v in node.items}


def _need(node: YMap, key: str) -> YNode:
    value = node.get(key)
    if value is None:
        raise ProfileError(f"缺少「{key}」", node.pos)
    return value


def _number(node: YNode | None, default: str) -> Decimal:
    if node is None:
        return Decimal(default)
    text = node.text if isinstance(node, YScalar) else ""
    percent = text.strip().endswith("%")
    value = parse_decimal(text.strip().rstrip("%"))
    if value is None:
        raise ProfileError(f"「{text}」不是数字", node.pos)
    return value / 100 if percent else value


def _profile(node: YNode, file: str) -> Profile:
    if not isinstance(node, YMap):
        raise ProfileError("报告类型文件应为键值对", node.pos)
    scoring = node.get("scoring")
    scoring_map = scoring if isinstance(scoring, YMap) else YMap(node.pos)
    base = Profile(
        id=_plain(_need(node, "id")),
        name=_plain(_need(node, "name")),
        form=_plain(node.get("form") or YScalar("false", node.pos)) == "true",
        decimals=_decimals(scoring_map.get("decimals")),
        rounding=_rounding(scoring_map.get("rounding")),
        grades=_grades(scoring_map.get("grades"), node.pos),
        qualitative=_qualitative(scoring_map.get("qualitative")),
        bands=_bands(scoring_map.get("bands")),
        default_weights={
            k.text: _number(v, "0") for k, v in _items(scoring_map.get("default_weights"))
        },
        rescale_not_applicable=_plain(
            scoring_map.get("rescale_not_applicable") or YScalar("false", node.pos)
        )
        == "true",
        overshoot_ratio=_number(scoring_map.get("overshoot_ratio"), "1.3"),
        outline=tuple(_section(s) for s in _seq(node.get("outline"))),
        file=file,
        captions=_captions(node.get("captions")),
    )
    variants = {
        key.text: replace(base, outline=tuple(_section(s) for s in _seq(value)))
        for key, value in _items(node.get("outlines"))
    }
    return replace(base, variants=variants)


def _captions(node: YNode | None) -> dict[str, str]:
    captions = {}
    for key, value in _items(node):
        if key.text not in TABLES:
            raise ProfileError(f"未知的表格「{key.text}」，可选：{'、'.join(TABLES)}", key.pos)
        captions[key.text] = str(_plain(value))
    return captions


def choose_outline(
    profile: Profile, name: str | None, pos: Pos
) -> tuple[Profile, list[Diagnostic]]:
    """The profile with the outline variant a report names (`outline:` in report.yaml)."""
    if name is None:
        return profile, []
    variant = profile.variants.get(name)
    if variant is not None:
        return variant, []
    known = "、".join(sorted(profile.variants))
    hint = f"可用的变体：{known}。" if known else "该报告类型没有章节结构变体：删去 outline。"
    message = f"报告类型「{profile.id}」没有名为「{name}」的章节结构"
    return profile, [diag(UNKNOWN_OUTLINE, message, pos, hint)]


def _decimals(node: YNode | None) -> int:
    value = _number(node, "2")
    if value not in (0, 1, 2):
        raise ProfileError(
            f"小数位数应为 0、1 或 2，这里是「{value}」", (node or YMap(Pos(""))).pos
        )
    return int(value)


def _rounding(node: YNode | None) -> str:
    if node is None:
        return "half-up"
    value = _plain(node)
    if value not in ROUNDINGS:
        raise ProfileError(
            f"舍入方式应为 half-up（四舍五入）或 down（截尾），这里是「{value}」", node.pos
        )
    return str(value)


def _items(node: YNode | None) -> list[tuple[YScalar, YNode]]:
    return node.items if isinstance(node, YMap) else []


def _seq(node: YNode | None) -> list[YNode]:
    return node.items if isinstance(node, YSeq) else []


def _grades(node: YNode | None, pos: Pos) -> tuple[Grade, ...]:
    if node is None:
        return (
            Grade(Decimal(90), "优"),
            Grade(Decimal(80), "良"),
            Grade(Decimal(60), "中"),
            Grade(Decimal(0), "差"),
        )
    return tuple(Grade(_number(v, "0"), k.text) for k, v in _items(node))


def _qualitative(node: YNode | None) -> dict[str, tuple[Decimal, Decimal]]:
    bands: dict[str, tuple[Decimal, Decimal]] = {
        "达成": (Decimal("0.8"), Decimal("1")),
        "部分达成": (Decimal("0.6"), Decimal("0.8")),
        "未达成": (Decimal("0"), Decimal("0.6")),
    }
    for key, value in _items(node):
        low, high = _seq(value)[:2] if len(_seq(value)) >= 2 else (None, None)
        if low is None or high is None:
            raise ProfileError(f"「{key.text}」应写作 [下限%, 上限%]", value.pos)
        bands[key.text] = (_number(low, "0"), _number(high, "0"))
    return bands


def _bands(node: YNode | None) -> tuple[ProfileBand, ...]:
    result = []
    for item in _seq(node):
        if not isinstance(item, YMap):
            raise ProfileError("分档应为 {min: …, share: …}", item.pos)
        minimum = item.get("min")
        result.append(
            ProfileBand(
                None if minimum is None else _number(minimum, "0"),
                _number(_need(item, "share"), "0"),
            )
        )
    return tuple(result)


def _section(node: YNode) -> Section:
    if isinstance(node, YScalar):
        return Section(node.text)
    if not isinstance(node, YMap):
        raise ProfileError("章节应为标题或键值对", node.pos)
    tables = tuple(_plain(t) for t in _seq(node.get("tables")))
    for table, item in zip(tables, _seq(node.get("tables")), strict=True):
        if table not in TABLES:
            raise ProfileError(f"未知的表格「{table}」，可选：{'、'.join(TABLES)}", item.pos)
    required = node.get("required")
    return Section(
        title=_plain(_need(node, "title")),
        aliases=tuple(_plain(a) for a in _seq(node.get("aliases"))),
        children=tuple(_section(c) for c in _seq(node.get("children"))),
        tables=tables,
        required=required is None or _plain(required) != "false",
        guidance=tuple(_plain(g) for g in _seq(node.get("guidance"))),
    )
