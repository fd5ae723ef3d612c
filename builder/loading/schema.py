"""The content contract as data: field specs for report.yaml, unit.yaml and site.yaml.

Pure module. The validator (validate.py) and the JSON Schema writer both read these
definitions, so the editor schema can never drift from what `jixiao check` accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.loading.disclosurefields import FIELDS as DISCLOSURE_FIELDS

METHODS = (
    "ratio",
    "reverse",
    "equal",
    "rate",
    "banded",
    "qualitative",
    "budget-rate",
    "judged",
    "coefficient",
    "not-applicable",
)
# 指标性质 / 指标方向 as forms write it; sets the method when `method` is absent.
DIRECTIONS = ("正向", "反向", "等于", "定性", "≥", "≤", "=")
ROUNDINGS = ("half-up", "down")
EVALUATION_MODES = ("self", "department", "finance", "third-party")
BUDGET_UNITS = ("元", "万元")
QUALITATIVE_LEVELS = ("达成", "部分达成", "未达成")


@dataclass(frozen=True)
class Spec:
    doc: str = ""


@dataclass(frozen=True)
class Str(Spec):
    pass


@dataclass(frozen=True)
class Int(Spec):
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Dec(Spec):
    """An exact decimal number (money, weights, scores). Written plain or quoted."""

    minimum: int | None = None


@dataclass(frozen=True)
class Date(Spec):
    pass


@dataclass(frozen=True)
class Bool(Spec):
    """YAML true or false."""


@dataclass(frozen=True)
class Choice(Spec):
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    spec: Spec
    required: bool = False


@dataclass(frozen=True)
class Obj(Spec):
    name: str = ""
    fields: dict[str, Field] = field(default_factory=dict)


@dataclass(frozen=True)
class ListOf(Spec):
    item: Spec = field(default_factory=Str)


@dataclass(frozen=True)
class MapOf(Spec):
    """A mapping with free keys (e.g. declared group scores by name)."""

    value: Spec = field(default_factory=Str)


@dataclass(frozen=True)
class Ref(Spec):
    """A named spec looked up in SPECS, for recursive structures (the indicator tree)."""

    target: str = ""


def obj(name: str, fields: dict[str, Field], doc: str = "") -> Obj:
    return Obj(doc=doc, name=name, fields=fields)


def f(spec: Spec, required: bool = False) -> Field:
    """A field. Every optional key may also be left empty (`key:`), meaning absent."""
    return Field(spec, required)


BAND = obj(
    "band",
    {
        "min": f(Str("下限（含），如 90% 或 80；省略表示其余情况")),
        "score": f(Dec("达到该档时的得分"), required=True),
    },
    doc="分档评分的一档",
)

INDICATOR = obj(
    "indicator",
    {
        "name": f(Str("指标名称"), required=True),
        "weight": f(Dec("分值（权重）", minimum=0)),
        "method": f(Choice("评分方法", METHODS)),
        "target": f(Str("年度指标值，如 ≥90%、≤2%、4个、98%以上、3天内")),
        "actual": f(Str("实际完成值；只写数字时沿用指标值的单位")),
        "unit": f(Str("度量单位，如 个、%：用于没有写单位的指标值和实际完成值")),
        "direction": f(Choice("指标性质（方向）：未写 method 时决定评分方法", DIRECTIONS)),
        "coefficient": f(Str("得分系数（coefficient 方法），0–100，如 85 或 85%")),
        "scaled": f(
            Bool("下级指标按各自分值打分，再折算为本分组的分值（下级分值之和可不等于本分值）")
        ),
        "score": f(Dec("得分（judged、qualitative 方法填写）", minimum=0)),
        "level": f(Choice("定性指标达成等级", QUALITATIVE_LEVELS)),
        "bands": f(ListOf("分档评分标准（banded 方法）", BAND)),
        "reason": f(Str("扣分原因或偏差原因分析及改进措施")),
        "note": f(Str("评分说明")),
        "children": f(ListOf("下级指标", Ref(target="indicator"))),
    },
    doc="绩效指标（一级 → 二级 → 三级）",
)

SCORING = obj(
    "scoring",
    {
        "decimals": f(Int("得分保留的小数位数：0、1 或 2（默认 2）", minimum=0, maximum=2)),
        "rounding": f(Choice("舍入方式：half-up 四舍五入（默认），down 截尾", ROUNDINGS)),
    },
    doc="计分规则：小数位数与舍入方式（覆盖报告类型和 site.yaml 的设置）",
)

BUDGET_LINE = obj(
    "budget line",
    {
        "name": f(Str("资金来源，如 当年财政拨款"), required=True),
        "initial": f(Dec("年初预算数", minimum=0)),
        "adjusted": f(Dec("全年预算数（A）", minimum=0), required=True),
        "executed": f(Dec("全年执行数（B）", minimum=0), required=True),
    },
)

REPORT = obj(
    "report",
    {
        "kind": f(Str("报告类型（profile id），如 key-project-evaluation"), required=True),
        "title": f(Str("报告标题"), required=True),
        "year": f(Int("评价年度", minimum=2000, maximum=2100), required=True),
        "label": f(Str("附件编号，如 附件4，印在首页左上角")),
        "draft": f(Bool("草稿：照常检查、评分和预览，但不发布（不生成页面、不占索引号）")),
        "outline": f(Str("章节结构的变体名称（报告类型文件 outlines 中的一个），如 six-part")),
        "project": f(
            obj(
                "project",
                {
                    "name": f(Str("项目名称"), required=True),
                    "code": f(Str("项目编码（请用引号）")),
                    "department": f(Str("主管部门，默认为单位名称")),
                    "implementer": f(Str("实施单位，默认为单位名称")),
                },
                doc="项目信息",
            )
        ),
        "evaluation": f(
            obj(
                "evaluation",
                {
                    "mode": f(Choice("评价方式", EVALUATION_MODES), required=True),
                    "evaluator": f(Str("评价机构")),
                    "completed": f(Date("评价完成日期")),
                },
                doc="评价信息",
            ),
            required=True,
        ),
        "disclosure": f(
            obj(
                "disclosure",
                {
                    field.key: f(Date(field.doc) if field.kind == "date" else Str(field.doc))
                    for field in DISCLOSURE_FIELDS
                },
                doc="信息公开",
            )
        ),
        "form": f(
            obj(
                "form",
                {
                    "category": f(Str("项目类别")),
                    "filled": f(Date("填报日期")),
                    "project_manager": f(Str("项目负责人")),
                    "finance_manager": f(Str("财务负责人")),
                    "unit_head": f(Str("单位负责人")),
                    "preparer": f(Str("填表人")),
                    "phone": f(Str("联系电话（办公电话；手机号码不能公开）")),
                },
                doc="自评表的填报信息：印在网页版和 PDF 版自评表上",
            )
        ),
        "budget": f(
            obj(
                "budget",
                {
                    "unit": f(Choice("金额单位", BUDGET_UNITS), required=True),
                    "lines": f(ListOf("资金来源各行", BUDGET_LINE), required=True),
                },
                doc="资金使用情况",
            )
        ),
        "goals": f(
            obj(
                "goals",
                {
                    "expected": f(Str("年度预期目标")),
                    "achieved": f(Str("实际完成情况")),
                },
                doc="年度总体目标",
            )
        ),
        "scoring": f(SCORING),
        "indicators": f(ListOf("绩效指标树", Ref(target="indicator")), required=True),
        "declared": f(
            obj(
                "declared",
                {
                    "total": f(Dec("原报告印刷的总分")),
                    "grade": f(Choice("原报告印刷的等级", ("优", "良", "中", "差"))),
                    "budget_rate": f(Str("原报告印刷的预算执行率，如 84.74% 或 0.8474")),
                    "groups": f(MapOf("原报告印刷的一级指标得分", Dec())),
                },
                doc="原报告中印刷的数字：只用于核对，不参与计算",
            )
        ),
    },
    doc="report.yaml",
)

UNIT = obj(
    "unit",
    {
        "name": f(Str("单位全称"), required=True),
        "code": f(Str("统一社会信用代码或组织机构代码")),
        "region": f(Str("所属地区")),
        "parent": f(Str("上级主管部门")),
    },
    doc="unit.yaml",
)

SITE = obj(
    "site",
    {
        "title": f(Str("网站标题"), required=True),
        "publisher": f(Str("发布机构"), required=True),
        "base_url": f(Str("网站地址，可以是子路径，如 https://example.gov.cn/jixiao/")),
        "description": f(Str("网站简介")),
        "profiles": f(ListOf("额外的报告类型配置文件（相对 content/）", Str())),
        "scoring": f(SCORING),
    },
    doc="site.yaml",
)

SPECS: dict[str, Obj] = {"indicator": INDICATOR, "band": BAND}


def resolve(spec: Spec) -> Spec:
    return SPECS[spec.target] if isinstance(spec, Ref) else spec
