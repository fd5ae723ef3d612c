"""Skeletons of a new report from its profile: report.yaml, report.md, unit.yaml (pure).

The YAML skeleton passes `jixiao check`: every placeholder indicator is a `judged` node
scored 0 with a reason saying what to fill in, so a forgotten skeleton totals 0 (差)
instead of looking finished. Guidance in report.md is written as HTML comments, which
are never published.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from builder.loading.disclosurefields import skeleton_lines
from builder.loading.profile import Profile, Section

# Level-1 weights for profiles that ship none (the Ministry of Finance reference split).
FALLBACK_WEIGHTS: dict[str, Decimal] = {
    "决策": Decimal(15),
    "过程": Decimal(20),
    "产出": Decimal(35),
    "效益": Decimal(30),
}
TODO = "待填写"

# The standard 二级 rows of the official forms under each kind of 一级 indicator
# (财预〔2020〕10号 and the provinces' 自评表): a level-1 name containing the key gets them.
SECOND_LEVEL: dict[str, tuple[str, ...]] = {
    "产出": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度": ("服务对象满意度指标",),
}


# The 自评表's optional fields, printed on the form (the printed form adds 实施单位（盖章）).
FORM_LINES = [
    "form: # 自评表填报信息（均可不填）",
    "  category: null # 项目类别",
    "  filled: null # 填报日期，如 2024-03-15",
    "  project_manager: null # 项目负责人",
    "  finance_manager: null # 财务负责人",
    "  unit_head: null # 单位负责人",
    "  preparer: null # 填表人",
    "  phone: null # 联系电话：办公电话（手机号码不能公开）",
]


@dataclass(frozen=True)
class NewReport:
    profile: Profile
    unit_name: str
    year: int
    title: str | None = None
    project: str | None = None
    schema_ref: str | None = None  # path from the report folder to report.schema.json

    @property
    def is_self_evaluation(self) -> bool:
        return self.profile.id.endswith("self-evaluation")

    @property
    def is_department(self) -> bool:
        return self.profile.id.startswith("department")

    @property
    def money_unit(self) -> str:
        """The 自评表 prints money in 元 (to the fen); the prose reports in 万元."""
        return "元" if self.profile.form else "万元"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")


def default_title(new: NewReport) -> str:
    subject = new.project if new.project and not new.is_department else new.unit_name
    name = new.profile.name
    if subject.endswith("项目") and name.startswith("项目"):
        name = name.removeprefix("项目")  # 「居家养老服务项目支出绩效自评表」, not 项目项目
    return f"{new.year}年度{subject}{name}"


def report_yaml(new: NewReport) -> str:
    lines: list[str] = []
    if new.schema_ref:
        lines.append(f"# yaml-language-server: $schema={new.schema_ref}")
    lines += [
        f"# {new.profile.name}：由 jixiao new 生成。把「{TODO}」换成实际内容，再运行 jixiao check。",
        f"kind: {new.profile.id}",
        "draft: true # 草稿：照常检查和预览，但不发布。写完后删去这一行",
        f"title: {_q(new.title or default_title(new))}",
        f"year: {new.year}",
    ]
    if not new.is_department:
        lines += [
            "project:",
            f"  name: {_q(new.project or TODO + '：项目名称')}",
            '  code: null # 项目编码，请加引号，如 "4403…"',
        ]
    mode = "self" if new.is_self_evaluation else "department"
    lines += [
        "evaluation:",
        f"  mode: {mode} # self 自评 | department 部门评价 | finance 财政评价 | third-party 第三方评价",
        "  evaluator: null",
        "  completed: null # 评价完成日期，如 2024-05-31",
        *skeleton_lines(),
        *(FORM_LINES if new.profile.form else []),
        "budget:",
        f"  unit: {new.money_unit} # 元 | 万元",
        "  lines: # 年初预算数 initial、全年预算数 adjusted（A）、全年执行数 executed（B）",
        "    - name: 当年财政拨款",
        "      initial: 0",
        "      adjusted: 0",
        "      executed: 0",
        "goals:",
        "  expected: null # 年度预期目标",
        "  achieved: null # 实际完成情况",
        "indicators: # 一级 → 二级 → 三级；一级指标分值合计 100",
        *_indicator_lines(_weights(new.profile)),
    ]
    return "\n".join(lines) + "\n"


def _weights(profile: Profile) -> dict[str, Decimal]:
    return dict(profile.default_weights) or dict(FALLBACK_WEIGHTS)


def _indicator_lines(weights: dict[str, Decimal]) -> list[str]:
    lines = []
    for name, weight in weights.items():
        lines += [f"  - name: {_q(name)}", "    children:"]
        if "预算执行率" in name:
            hint = "填好 budget 后改为 method: budget-rate，删去 score 和 reason"
            lines += _placeholder_lines(f"{TODO}：{name}的具体指标", weight, hint, 8)
            continue
        hint = "改为具体的三级指标，写明 target、actual 和评分方法"
        rows = next((rows for key, rows in SECOND_LEVEL.items() if key in name), ())
        if not rows:
            lines += _placeholder_lines(f"{TODO}：{name}的具体指标", weight, hint, 8)
            continue
        for row, share in zip(rows, _split(weight, len(rows)), strict=True):
            lines += [f"      - name: {_q(row)}", "        children:"]
            lines += _placeholder_lines(f"{TODO}：{row}的具体指标", share, hint, 12)
    return lines


def _placeholder_lines(name: str, weight: Decimal, hint: str, indent: int) -> list[str]:
    pad = " " * indent
    return [
        f"{pad[:-2]}- name: {_q(name)}",
        f"{pad}weight: {_fmt(weight)}",
        f"{pad}method: judged",
        f"{pad}score: 0",
        f"{pad}reason: {_q(f'{TODO}：{hint}')}",
    ]


def _split(weight: Decimal, parts: int) -> list[Decimal]:
    """WEIGHT in PARTS shares of two decimals at most; the last takes what is left, so
    they add up to WEIGHT exactly."""
    share = (weight / parts).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [share] * (parts - 1) + [weight - share * (parts - 1)]


def report_md(profile: Profile) -> str:
    """One heading per official section (## level 1, ### level 2), guidance as comments."""
    blocks = [
        f"<!-- {profile.name}：每个章节一个标题，标题不写编号（一、（一）由 jixiao 自动加上）。"
        "这样的注释是写作说明，不会发布，写完后可删除。 -->"
    ]
    for section in profile.outline:
        if profile.form and "form" in section.tables:
            continue  # the form itself is printed from report.yaml, not written here
        blocks.extend(_section_blocks(section, 2))
    return "\n\n".join(blocks) + "\n"


def _section_blocks(section: Section, level: int) -> list[str]:
    blocks = [f"{'#' * level} {section.title}"]
    notes = [str(g) for g in getattr(section, "guidance", ())]
    if section.tables:
        notes.append(
            f"本节末尾自动插入表格：{'、'.join(_TABLE_NAMES.get(t, t) for t in section.tables)}。"
        )
    if not section.required:
        notes.append("本节可选，不需要时可删除。")
    if notes:
        blocks.append("\n".join(["<!--", *(_comment_safe(n) for n in notes), "-->"]))
    for child in section.children:
        blocks.extend(_section_blocks(child, min(level + 1, 6)))
    return blocks


_TABLE_NAMES = {
    "funds": "资金使用情况表",
    "weights": "指标构成及分值权重表",
    "scores": "评分表",
    "total": "综合得分及等级",
    "form": "自评表",
}


def _comment_safe(text: str) -> str:
    """Guidance must not end the comment early."""
    return text.replace("--", "—")


def unit_yaml(name: str, schema_ref: str | None = None) -> str:
    lines = [f"# yaml-language-server: $schema={schema_ref}"] if schema_ref else []
    lines += [
        f"name: {_q(name)} # 单位全称",
        "code: null # 统一社会信用代码或组织机构代码，请加引号",
        "region: null # 所属地区",
        "parent: null # 上级主管部门",
    ]
    return "\n".join(lines) + "\n"
