"""Realistic synthetic content for the site benchmark (pure text generation + one writer).

Deterministic: the same N and seed give the same files. Reports cycle through the four
shipped kinds, carry 10–20 scored indicators whose weights sum to 100 and score without
errors, and about 1,500 Chinese characters of narrative under the profile's own headings.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from builder.loading.profile import parse_profile

KINDS = (
    "key-project-evaluation",
    "mof-project-evaluation",
    "project-self-evaluation",
    "department-self-evaluation",
)

# Level-1 groups and their weights per kind (the budget-rate indicator lives in the first).
GROUPS = {
    "key-project-evaluation": (("决策", 15), ("过程", 20), ("产出", 35), ("效益", 30)),
    "mof-project-evaluation": (("决策", 15), ("过程", 20), ("产出", 35), ("效益", 30)),
    "project-self-evaluation": (
        ("预算执行率", 10),
        ("产出指标", 50),
        ("效益指标", 30),
        ("满意度指标", 10),
    ),
    "department-self-evaluation": (("履职效能", 50), ("管理效率", 50)),
}


@cache
def outline(kind: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The shipped profile's sections and their subsections, so narratives stay valid."""
    data = (resources.files("builder") / "profiles" / f"{kind}.yaml").read_bytes()
    profile, _ = parse_profile(data, kind)
    assert profile is not None, kind
    return tuple((s.title, tuple(c.title for c in s.children)) for s in profile.outline)


TOPICS = (
    "社区居家养老服务",
    "信访事务办理",
    "社工服务站运营",
    "城市道路养护",
    "中小学校舍维修",
    "农村饮水安全",
    "公共图书馆免费开放",
    "基层医疗卫生服务",
    "河道保洁管护",
    "就业困难人员帮扶",
    "食品安全抽检",
    "智慧政务系统运维",
)

AREAS = ("越秀", "海珠", "荔湾", "天河", "白云", "黄埔", "番禺", "花都", "南沙", "从化", "增城")
DEPARTMENTS = ("民政局", "信访局", "教育局", "卫生健康局", "水务局", "人力资源和社会保障局")

CLAUSES = (
    "项目资金全部来源于当年财政拨款，严格执行专款专用和国库集中支付制度",
    "单位成立了绩效评价工作小组，对照指标体系逐项核查了合同、台账和支付凭证",
    "服务对象满意度调查采取现场问卷与电话回访相结合的方式",
    "社工团队参与接访、个案跟进和矛盾调处，协助群众依法表达诉求",
    "部分指标值设定偏于保守，未能充分体现项目的实际产出水平",
    "资金支付进度前低后高，第四季度集中支付的比例偏大",
    "项目档案整理不够及时，部分过程资料需要补充完善",
    "建议在编制下一年度预算时结合历史执行情况合理确定预算规模",
    "评价结果将作为下一年度预算安排和政策调整的重要参考",
    "通过政府采购确定服务机构，合同约定了服务内容、数量和考核要求",
    "实施过程中定期开展督导检查，及时发现并纠正执行偏差",
    "群众反映的热点难点问题得到有效回应，信访秩序总体平稳",
    "项目完成了年度确定的各项任务，社会效益较为明显",
    "绩效目标设定基本合理，但个别指标缺少可衡量的量化标准",
    "建立了服务质量回访机制，对不满意事项逐一分析原因并整改",
)


@dataclass(frozen=True)
class Leaf:
    name: str
    weight: int
    yaml: str  # the lines after name/weight, already indented by the caller


def split_weight(total: int, parts: int, rng: random.Random) -> list[int]:
    """Integer weights ≥ 1 that sum to total."""
    parts = max(1, min(parts, total))
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    edges = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(edges)]


def leaf_yaml(weight: int, rng: random.Random) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        target = rng.randrange(10, 200)
        actual = target - rng.randrange(0, max(1, target // 10))
        return f"target: ≥{target}个\nactual: {actual}个\nmethod: ratio\n" + (
            "reason: 部分服务因场地调整顺延至下一年度\n" if actual < target else ""
        )
    if kind == 1:
        return f"target: ≥90%\nactual: {rng.randrange(90, 100)}.{rng.randrange(10, 99)}%\n"
    if kind == 2:
        # w × rate is below w: a real form explains the shortfall (else JX319 warns).
        return (
            f"actual: {rng.randrange(85, 100)}.{rng.randrange(10, 99)}%\nmethod: rate\n"
            "reason: 少数服务对象对服务时间安排不满意\n"
        )
    if kind == 3:
        score = weight - rng.randrange(0, 2) if weight > 1 else weight
        reason = "" if score == weight else "reason: 过程资料归档不够完整\n"
        return f"method: judged\nscore: {score}\n{reason}"
    return f"target: 有效\nactual: 有效\nmethod: qualitative\nlevel: 达成\nscore: {weight}\n"


def indicators_yaml(kind: str, rng: random.Random) -> str:
    lines = ["indicators:"]
    leaves_left = rng.randrange(10, 21)
    groups = GROUPS[kind]
    for index, (group, weight) in enumerate(groups):
        lines.append(f"  - name: {group}")
        lines.append(f"    weight: {weight}")
        lines.append("    children:")
        remaining_groups = len(groups) - index
        count = max(1, leaves_left // remaining_groups)
        weights = split_weight(weight, count, rng)
        for leaf, w in enumerate(weights):
            lines.append(f"      - name: {group}指标{leaf + 1}")
            lines.append(f"        weight: {w}")
            budget = "method: budget-rate\nreason: 部分合同款按进度于次年支付\n"
            body = budget if index == 0 and leaf == 0 else leaf_yaml(w, rng)
            lines.extend("        " + line for line in body.splitlines())
        leaves_left -= len(weights)
    return "\n".join(lines) + "\n"


def report_yaml(kind: str, year: int, topic: str, unit_name: str, rng: random.Random) -> str:
    adjusted = rng.randrange(50, 5000)
    executed = adjusted - rng.randrange(0, adjusted // 8 + 1)
    modes = ("self", "department", "finance", "third-party")
    return (
        f"kind: {kind}\n"
        f"title: {year}年度{unit_name}{topic}项目绩效评价报告\n"
        f"year: {year}\n"
        f"project:\n  name: {topic}项目\n"
        f"evaluation:\n  mode: {modes[rng.randrange(4)]}\n"
        f"disclosure:\n  published: {year + 1}-{rng.randrange(3, 10):02d}-{rng.randrange(1, 28):02d}\n"
        "budget:\n  unit: 万元\n  lines:\n"
        f"    - name: 当年财政拨款\n      initial: {adjusted}\n"
        f"      adjusted: {adjusted}\n      executed: {executed}\n"
        f"goals:\n  expected: 按期完成{topic}年度任务，服务对象满意度不低于90%。\n"
        f"  achieved: {topic}年度任务基本完成，服务质量稳步提升。\n" + indicators_yaml(kind, rng)
    )


def paragraph(rng: random.Random, sentences: int) -> str:
    return "。".join(rng.choice(CLAUSES) for _ in range(sentences)) + "。"


def narrative(kind: str, topic: str, rng: random.Random) -> str:
    """About 1,500 characters spread over the profile's headings."""
    sections = outline(kind)
    slots = sum(max(1, len(children)) for _, children in sections)
    per_slot = max(1, 1300 // (slots * 30))
    parts = [f"本报告对{topic}项目的绩效情况进行了评价。\n"]
    for title, children in sections:
        parts.append(f"## {title}\n\n{paragraph(rng, per_slot)}\n")
        for child in children:
            parts.append(f"### {child}\n\n{paragraph(rng, per_slot)}\n")
    return "\n".join(parts)


def generate(root: Path, reports: int, seed: int = 2024) -> list[Path]:
    """Write site.yaml, units and REPORTS reports under ROOT; return the report folders."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(
        "title: 预算绩效评价信息公开（基准测试）\npublisher: 基准测试发布机构\nbase_url: /\n",
        encoding="utf-8",
    )
    units = [
        (f"unit-{i:03d}", AREAS[i % len(AREAS)] + "区" + DEPARTMENTS[i % 6]) for i in range(40)
    ]
    for slug, name in units:
        (root / slug).mkdir(exist_ok=True)
        (root / slug / "unit.yaml").write_text(f"name: 广州市{name}\n", encoding="utf-8")
    folders = []
    for index in range(reports):
        slug, name = units[index % len(units)]
        kind = KINDS[index % len(KINDS)]
        year = 2019 + (index // len(units)) % 6
        topic = TOPICS[index % len(TOPICS)]
        folder = root / slug / str(year) / f"report-{index:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "report.yaml").write_text(
            report_yaml(kind, year, topic, "广州市" + name, rng), encoding="utf-8"
        )
        (folder / "report.md").write_text(narrative(kind, topic, rng), encoding="utf-8")
        folders.append(folder)
    return folders
