"""An imported form as report.yaml text, each value followed by the cell it came from (pure).

The text is then read back by the same reader and scoring engine as any report: the
import is only kept when it loads without errors, and its total and 执行率 are compared
with the printed ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

from builder import model
from builder.diagnostics import Diagnostic, Pos, diag
from builder.loading.disclosurefields import skeleton_lines
from builder.loading.profile import Profile
from builder.loading.reading import read_report
from builder.office import codes
from builder.office.formdata import Form, IndicatorRow
from builder.office.importmethods import AUTO, Choice, choose
from builder.scoring.engine import score_report

SELF_FORM = "project-self-evaluation"


@dataclass
class Imported:
    report_yaml: str
    total: Decimal | None = None  # as computed from report_yaml
    rate: Decimal | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _n(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")


class _Node:
    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.row: IndicatorRow | None = None


def _tree(form: Form) -> _Node:
    root = _Node()
    for row in form.rows:
        node = root
        for depth, name in enumerate(row.path):
            if node.row is not None:
                form.problem(
                    codes.IMPORT_TREE,
                    f"「{'/'.join(row.path[:depth])}」既有得分又有下级指标",
                    row.row_ref,
                    "有下级指标的分组不单独计分；请检查合并单元格和空白单元格。",
                )
                break
            node = node.children.setdefault(name, _Node())
        else:
            if node.row is not None or node.children:
                form.problem(
                    codes.IMPORT_TREE,
                    f"指标「{'/'.join(row.path)}」在表中出现了不止一次",
                    row.row_ref,
                    "同一级下的指标名称不能重复。",
                )
                continue
            node.row = row
    return root


def _indicator_lines(node: _Node, indent: str, choices: dict[int, Choice]) -> list[str]:
    lines: list[str] = []
    for name, child in node.children.items():
        row = child.row
        if row is None:
            lines += [f"{indent}- name: {_q(name)}", f"{indent}  children:"]
            lines += _indicator_lines(child, indent + "    ", choices)
            continue
        choice = choices[id(row)]
        lines.append(f"{indent}- name: {_q(name)} # {row.row_ref}")
        inner = indent + "  "
        if row.weight is not None:
            lines.append(f"{inner}weight: {_n(row.weight)}")
        for key, value in (("target", row.target), ("actual", row.actual)):
            if value is not None:
                lines.append(f"{inner}{key}: {_q(value)}")
        if choice.method != AUTO:
            lines.append(f"{inner}method: {choice.method}")
        if choice.score is not None:
            lines.append(f"{inner}score: {_n(choice.score)} # {row.refs['score']}")
        if choice.reason:
            lines.append(f"{inner}reason: {_q(choice.reason)}")
    return lines


def _budget(form: Form) -> model.Budget | None:
    if form.funds is None or not form.funds.lines:
        return None
    lines = tuple(
        model.BudgetLine(line.name, line.initial, line.adjusted, line.executed)
        for line in form.funds.lines
    )
    return model.Budget(form.funds.unit, lines)


def _budget_row(form: Form) -> IndicatorRow | None:
    """The 预算执行率 indicator the 自评表 keeps in its funds block (分值, 得分)."""
    funds = form.funds
    if funds is None or funds.weight is None or any("执行率" in r.path[-1] for r in form.rows):
        return None
    refs = {"score": funds.refs.get("score", funds.refs["total"])}
    return IndicatorRow(
        ("预算执行率",), None, None, funds.weight, funds.score, None, False, refs, refs["score"]
    )


def form_yaml(form: Form, profile: Profile, year: int, header: list[str]) -> str:
    budget = _budget(form)
    extra = _budget_row(form)
    if extra is not None:
        form.rows.insert(0, extra)
    choices = {id(row): choose(row, budget, profile, year, form) for row in form.rows}
    fields = {k: v for k, v in form.fields.items()}
    name = fields.get("项目名称")
    # Imported as a draft, like `jixiao new`: the narrative is still a skeleton and the
    # publication date unknown; the author removes the line when the report is ready.
    lines = [*header, f"kind: {profile.id}", "draft: true # 补写正文、填写发布日期后删去此行"]
    title = form.title or ""
    generic = title.removeprefix(f"{year}年度") in ("", "项目支出绩效自评表", profile.name)
    if generic and name is not None:
        title = f"{year}年度{name.text}{profile.name}"
    lines += [f"title: {_q(title)}", f"year: {year}"]
    if name is not None:
        lines += ["project:", f"  name: {_q(name.text)} # {name.ref}"]
        for label, key in (
            ("项目编码", "code"),
            ("主管部门", "department"),
            ("实施单位", "implementer"),
        ):
            if label in fields:
                lines.append(f"  {key}: {_q(fields[label].text)} # {fields[label].ref}")
    mode = "self" if profile.id.endswith("self-evaluation") else "department"
    lines += ["evaluation:", f"  mode: {mode}"]
    if form.evaluator:
        lines.append(f"  evaluator: {_q(form.evaluator)} # 填报单位")
    if form.completed:
        lines.append(f"  completed: {form.completed.isoformat()} # 填报日期")
    lines += skeleton_lines()
    if budget is not None and form.funds is not None:
        lines += ["budget:", f"  unit: {budget.unit}", "  lines:"]
        for line in form.funds.lines:
            lines.append(f"    - name: {_q(line.name)} # {line.ref}")
            if line.initial is not None:
                lines.append(f"      initial: {_n(line.initial)}")
            lines += [
                f"      adjusted: {_n(line.adjusted)}",
                f"      executed: {_n(line.executed)}",
            ]
    if form.expected or form.achieved:
        lines.append("goals:")
        for key, text in (("expected", form.expected), ("achieved", form.achieved)):
            if text:
                lines.append(f"  {key}: {_q(text)}")
    lines.append("indicators:")
    lines += _indicator_lines(_tree(form), "  ", choices)
    lines += _declared(form)
    return "\n".join(lines) + "\n"


def _declared(form: Form) -> list[str]:
    lines = []
    if form.total is not None:
        lines.append(f"  total: {_n(form.total)} # {form.total_ref}")
    if form.funds is not None and form.funds.rate:
        lines.append(f"  budget_rate: {_q(form.funds.rate)} # {form.funds.refs['rate']}")
    return ["declared: # 原表印出的数字：jixiao check 会与计算结果核对", *lines] if lines else []


def import_form(
    form: Form, profile: Profile, unit: model.Unit, folder: str, year: int, header: list[str]
) -> Imported:
    """FORM as report.yaml text, read back and scored; problems named by cell or line."""
    text = form_yaml(form, profile, year, header)
    out = Imported(text, diagnostics=list(form.diagnostics))
    file = f"{folder}/report.yaml"
    report, found = read_report(text.encode("utf-8"), file, folder, unit, None)
    errors = [d for d in found if d.is_error]
    if report is None or errors:
        for problem in errors or found:
            out.diagnostics.append(
                diag(
                    codes.IMPORT_INVALID,
                    f"生成的 report.yaml 有误：{problem.message}",
                    Pos(f"{form.file} {form.sheet}"),
                    f"（{problem.code} 于生成文件第 {problem.pos.line} 行）请检查表中对应的内容。",
                )
            )
        return out
    card, _ = score_report(report, profile)
    out.total = card.total
    out.rate = card.budget.rate if card.budget else None
    if form.total is not None and card.total != form.total:
        form_total = form.total
        out.diagnostics.append(
            diag(
                codes.IMPORT_TOTAL,
                f"导入后计算的总分 {card.total} 与表中总分 {form_total} 不同",
                Pos(f"{form.file} {form.total_ref}"),
                "各行得分之和与表中总分不符：请核对表中的得分和总分。",
            )
        )
    return out
