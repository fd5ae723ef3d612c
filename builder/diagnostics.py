"""Diagnostics: every problem jixiao reports, with a stable code, a place and a hint.

Pure module. A run collects all diagnostics and reports them together, sorted;
nothing here raises for bad content.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Pos:
    """A place in a file: 1-based line and column, path relative to the project."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Code:
    code: str
    severity: Severity
    title: str


# The registry of codes. Codes are stable: never renumber, only add.
CODES: dict[str, Code] = {}


def register_code(code: str, severity: Severity, title: str) -> Code:
    """Register a stable diagnostic code; modules of later stages register their own."""
    assert code not in CODES, code
    CODES[code] = Code(code, severity, title)
    return CODES[code]


E, W = Severity.ERROR, Severity.WARNING

# JX0xx: files and YAML syntax
NOT_UTF8 = register_code("JX001", E, "文件不是 UTF-8 编码")
YAML_SYNTAX = register_code("JX002", E, "YAML 语法错误")
YAML_TAB = register_code("JX003", E, "YAML 中使用了制表符")
DUPLICATE_KEY = register_code("JX004", E, "键重复")
MISSING_FILE = register_code("JX005", E, "缺少必需的文件")
NOT_A_REPORT = register_code("JX006", E, "路径不是报告或内容目录")
EMPTY_FILE = register_code("JX007", E, "文件为空")
YAML_ALIAS = register_code("JX008", E, "YAML 别名循环引用或展开过大")
YAML_CONTROL = register_code("JX020", E, "YAML 文件中有控制字符")
YAML_DEPTH = register_code("JX021", E, "YAML 嵌套层数过多")
# JX1xx: the content model
UNKNOWN_KEY = register_code("JX101", E, "未知的键")
WRONG_TYPE = register_code("JX102", E, "值的类型不对")
MISSING_KEY = register_code("JX103", E, "缺少必填项")
BAD_DATE = register_code("JX104", E, "日期无效")
BAD_CHOICE = register_code("JX105", E, "取值不在允许范围内")
BAD_NUMBER = register_code("JX106", E, "数字无效")
UNKNOWN_KIND = register_code("JX107", E, "未知的报告类型")
YEAR_MISMATCH = register_code("JX108", E, "年度与目录不一致")
BAD_PROFILE = register_code("JX109", E, "报告类型配置文件有误")
BAD_AMOUNT = register_code("JX110", E, "数字不符合金额写法")
# JX2xx: scoring
UNIT_MISMATCH = register_code("JX201", E, "指标值与实际值单位不同")
NEEDS_METHOD = register_code("JX202", E, "非数值指标需要指定评分方法")
MISSING_SCORE = register_code("JX203", E, "缺少得分")
BAD_QUANTITY = register_code("JX204", E, "指标值无法解析为数值")
MISSING_WEIGHT = register_code("JX205", E, "计分指标缺少分值")
NO_BUDGET = register_code("JX206", E, "预算执行率指标缺少预算数据")
BAD_LEVEL = register_code("JX207", E, "定性指标的达成等级无效")
BAD_BANDS = register_code("JX208", E, "分档评分标准无效")
SCORE_IGNORED = register_code("JX209", W, "该评分方法不使用填写的得分")
ZERO_BUDGET = register_code("JX210", E, "全年预算数为零")
# JX3xx: cross-checks (勾稽关系)
GROUP_WEIGHT = register_code("JX301", E, "分组分值不等于下级分值之和")
TOTAL_WEIGHT = register_code("JX302", E, "一级指标分值合计不等于 100")
DEFAULT_SPLIT = register_code("JX303", W, "一级指标分值与该类报告的默认权重不同")
SCORE_OVER_WEIGHT = register_code("JX304", E, "得分超过分值")
QUALITATIVE_BAND = register_code("JX305", E, "定性指标得分不在等级区间内")
REASON_LOW_SCORE = register_code("JX306", E, "扣分未说明原因")
REASON_OVERSHOOT = register_code("JX307", E, "实际值远超指标值但未说明原因")
DECLARED_TOTAL = register_code("JX308", E, "填报总分与计算结果不一致")
DECLARED_GRADE = register_code("JX309", E, "填报等级与计算结果不一致")
DECLARED_GROUP = register_code("JX310", E, "填报的一级指标得分与计算结果不一致")
DECLARED_RATE = register_code("JX311", E, "填报的预算执行率与计算结果不一致")
OVERSPENT = register_code("JX312", W, "全年执行数大于全年预算数")
DUPLICATE_INDICATOR = register_code("JX314", E, "同级指标名称重复")
DECLARED_UNKNOWN_GROUP = register_code("JX315", E, "填报的一级指标不存在")


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    pos: Pos
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.pos.file, self.pos.line, self.pos.col, self.code, self.message)


def diag(code: Code, message: str, pos: Pos, hint: str = "") -> Diagnostic:
    """Make a diagnostic with the code's registered severity."""
    return Diagnostic(code.code, message, pos, hint, code.severity)


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line, column; exact duplicates dropped."""
    return sorted(set(diags), key=Diagnostic.sort_key)


def has_errors(diags: Iterable[Diagnostic], strict: bool = False) -> bool:
    return any(d.is_error or strict for d in diags)


class Stopped(Exception):
    """A located problem that stops a run where it happened (a template that failed, a
    file that could not be written), possibly in a build worker: reported as its
    diagnostic instead of a traceback."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic
