"""The content model: sites, units, reports and their indicator trees.

Pure data. Every object keeps where it was written (`pos`, `pos_of`) so any later
stage can point a problem at the author's line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple, Protocol

from builder.diagnostics import Pos
from builder.loading.disclosurefields import PlainValue


class Mark(Protocol):
    """Where something starts in a file: 0-based line and column (a composed YAML node)."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


def pos_at(mark: Mark, file: str) -> Pos:
    return Pos(file, mark.line + 1, mark.column + 1)


class Positions(Mapping[str, Pos]):
    """Key → where its value (or the key) was written, and where the whole mapping starts.

    Each Pos is made when asked for: a report has a few hundred keys and values and a
    few dozen indicators, its later stages ask where for a few (making every indicator's
    Pos up front was a twentieth of loading)."""

    __slots__ = ("_file", "_marks", "_start")

    def __init__(self, marks: Mapping[str, Mark], file: str, start: Mark) -> None:
        self._marks = marks
        self._file = file
        self._start = start

    def __getitem__(self, key: str) -> Pos:
        return pos_at(self._marks[key], self._file)

    def __contains__(self, key: object) -> bool:
        return key in self._marks

    def __iter__(self) -> Iterator[str]:
        return iter(self._marks)

    def __len__(self) -> int:
        return len(self._marks)

    @property
    def start(self) -> Pos:
        """Where the mapping starts."""
        return pos_at(self._start, self._file)

    def at(self, key: str) -> Pos:
        """Where KEY's value was written, else where the mapping starts."""
        mark = self._marks.get(key)
        return pos_at(self._start if mark is None else mark, self._file)


class _Nowhere(NamedTuple):
    line: int = -1  # pos_at() makes Pos("", 0, 0), i.e. Pos(""): no place known
    column: int = -1


NOWHERE = Positions({}, "", _Nowhere())


def _nowhere() -> Positions:
    return NOWHERE  # shared: a Positions is never changed


# Band, Indicator and BudgetLine are not frozen: a report has dozens of them, and a frozen
# dataclass's __init__ sets every field through object.__setattr__, 3× slower (measured:
# a twentieth of loading). Treat them as read-only all the same; nothing hashes them.
@dataclass(slots=True)
class Band:
    minimum: str | None  # "90%" or "80"; None means "everything else"
    score: Decimal
    pos: Pos


@dataclass(slots=True)
class Indicator:
    name: str
    path: tuple[str, ...]  # names from the level-1 ancestor down to this node
    weight: Decimal | None = None
    method: str | None = None
    target: str | None = None
    actual: str | None = None
    score: Decimal | None = None
    level: str | None = None
    bands: tuple[Band, ...] = ()
    reason: str | None = None
    note: str | None = None
    children: tuple[Indicator, ...] = ()
    unit: str | None = None  # a form's 度量单位 column: for a target or actual without one
    direction: str | None = None  # 指标性质: 正向/反向/等于/定性 or ≥/≤/=
    coefficient: str | None = None  # 得分系数 (coefficient method), "85" or "85%"
    scaled: bool = False  # children scored on their own scale, converted to this weight
    pos_of: Positions = field(default_factory=_nowhere, compare=False)

    @property
    def pos(self) -> Pos:
        """Where the indicator's mapping starts."""
        return self.pos_of.start

    @property
    def depth(self) -> int:
        """1 for a 一级指标, 2 for 二级, 3 for 三级."""
        return len(self.path)

    @property
    def is_scored(self) -> bool:
        return self.method is not None or self.score is not None

    def at(self, key: str) -> Pos:
        return self.pos_of.at(key)

    def walk(self) -> Iterator[Indicator]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(slots=True)
class BudgetLine:
    name: str
    initial: Decimal | None
    adjusted: Decimal
    executed: Decimal
    pos_of: Positions = field(default_factory=_nowhere, compare=False)

    @property
    def pos(self) -> Pos:
        """Where the line's mapping starts."""
        return self.pos_of.start


@dataclass(frozen=True)
class Budget:
    unit: str
    lines: tuple[BudgetLine, ...]
    pos: Pos = field(default=Pos(""), compare=False)
    # False when a written line was left out for a missing or invalid amount (reported
    # where it was written): its absence is not a second problem to report.
    complete: bool = True


@dataclass(frozen=True)
class Project:
    name: str
    code: str | None = None
    department: str | None = None
    implementer: str | None = None


@dataclass(frozen=True)
class Evaluation:
    mode: str
    evaluator: str | None = None
    completed: dt.date | None = None


@dataclass(frozen=True)
class Disclosure:
    published: dt.date | None = None
    index_no: str | None = None
    original: str | None = None  # a file in the report's folder, published as 「原件」
    plain: tuple[PlainValue, ...] = ()  # the other fields given (disclosurefields.PLAIN)


@dataclass(frozen=True)
class FormInfo:
    """Who filled in the 自评表 and when, as offices print it under the form (all optional)."""

    category: str | None = None  # 项目类别
    filled: dt.date | None = None  # 填报日期
    project_manager: str | None = None  # 项目负责人
    finance_manager: str | None = None  # 财务负责人
    unit_head: str | None = None  # 单位负责人
    preparer: str | None = None  # 填表人
    phone: str | None = None  # 联系电话 (an office landline)


@dataclass(frozen=True)
class Goals:
    expected: str | None = None
    achieved: str | None = None


@dataclass(frozen=True)
class Declared:
    total: Decimal | None = None
    grade: str | None = None
    budget_rate: str | None = None
    groups: Mapping[str, Decimal] = field(default_factory=dict)
    pos_of: Mapping[str, Pos] = field(default_factory=dict, compare=False)
    group_pos: Mapping[str, Pos] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Unit:
    slug: str
    name: str
    code: str | None = None
    region: str | None = None
    parent: str | None = None


@dataclass(frozen=True)
class Scoring:
    """How scores are rounded, where a report, a site or a profile says so (None: not said)."""

    decimals: int | None = None  # 0, 1 or 2
    rounding: str | None = None  # "half-up" (四舍五入) or "down" (截尾)


@dataclass(frozen=True)
class Site:
    title: str
    publisher: str
    base_url: str = "/"
    description: str | None = None
    profiles: tuple[str, ...] = ()
    scoring: Scoring = Scoring()


@dataclass(frozen=True)
class Narrative:
    """report.md as written; rendering is the printable-reports stage's job."""

    text: str
    file: str


@dataclass(frozen=True)
class Report:
    folder: str  # content-relative folder, e.g. "zengcheng-xinfang/2023/social-workers"
    unit: Unit
    slug: str
    kind: str
    title: str
    year: int
    evaluation: Evaluation
    indicators: tuple[Indicator, ...]
    label: str | None = None
    project: Project | None = None
    disclosure: Disclosure = Disclosure()
    budget: Budget | None = None
    goals: Goals | None = None
    declared: Declared = Declared()
    narrative: Narrative | None = None
    scoring: Scoring = Scoring()
    draft: bool = False  # checked, scored and previewed, never published
    outline: str | None = None  # a named outline variant of the profile
    form: FormInfo | None = None
    file: str = ""  # report.yaml path as shown in diagnostics
    pos_of: Mapping[str, Pos] = field(default_factory=dict, compare=False)

    def at(self, key: str) -> Pos:
        return self.pos_of.get(key, Pos(self.file, 1, 1))

    def all_indicators(self) -> Iterator[Indicator]:
        for top in self.indicators:
            yield from top.walk()

    @property
    def department(self) -> str:
        return (self.project.department if self.project else None) or self.unit.name

    @property
    def project_key(self) -> str:
        """What names the same project across years: its 项目编码, else its name (a
        department report, which has no project, is the unit's own: its kind)."""
        if self.project is None:
            return f"{self.unit.slug}:{self.kind}"
        return f"{self.unit.slug}:{self.project.code or self.project.name}"

    @property
    def implementer(self) -> str:
        return (self.project.implementer if self.project else None) or self.unit.name
