"""`jixiao import FORM.xlsx --to content/UNIT/YEAR/SLUG [--sheet NAME]` (shell).

Reads a filled-in 项目支出绩效自评表 workbook and writes report.yaml (each value commented
with its cell), a report.md stub and, for a new unit, unit.yaml. Every problem is reported
with its file, sheet and cell; if there is any error nothing is written, and existing
files are never overwritten.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from builder.commands import output, scaffold
from builder.commands.new import SCHEMA_FILE, SLUG, UNIT_SCHEMA_FILE, _relative, _schema_dir
from builder.diagnostics import Diagnostic, Pos, diag, sort_diagnostics
from builder.loading.content import NARRATIVE_FILE, REPORT_FILE, UNIT_FILE, load_content
from builder.loading.profile import Profile
from builder.loading.reading import read_unit
from builder.model import Unit
from builder.office import codes
from builder.office.formdata import Cellref
from builder.office.grid import Sheet
from builder.office.importform import read_form
from builder.office.importwrite import SELF_FORM, import_form
from builder.office.workbook import Unreadable, read_xls, read_xlsx
from builder.usage import UsageError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("form", type=Path, help="填好的自评表（.xlsx；旧版 .xls 亦可）")
    parser.add_argument(
        "--to", required=True, type=Path, help="新报告目录：content/单位目录/年度/报告目录"
    )
    parser.add_argument("--sheet", help="自评表所在的工作表名（默认自动查找）")


def run(args: argparse.Namespace) -> int:
    form_file: Path = args.form
    if not form_file.is_file():
        raise UsageError(f"找不到文件：{form_file}")
    folder: Path = args.to
    parts = folder.parts
    if len(parts) < 4 or not re.fullmatch(r"20\d\d", parts[-2]):
        raise UsageError(f"--to 应为 content/单位目录/年度/报告目录，而不是「{folder}」")
    for what, value in (("单位目录名", parts[-3]), ("报告目录名", parts[-1])):
        if not SLUG.match(value):
            raise UsageError(f"{what}「{value}」只能包含字母、数字、- 和 _，且以字母或数字开头")
    root, unit_dir, year = folder.parent.parent.parent, folder.parent.parent, int(parts[-2])
    shown = str(form_file)
    sheets, category, problems = _sheets(form_file, shown, args.sheet)
    existing = [p for p in (folder / REPORT_FILE, folder / NARRATIVE_FILE) if p.exists()]
    problems += [
        diag(
            codes.IMPORT_EXISTS, f"{p} 已存在，不会覆盖", Pos(str(p)), "请换一个报告目录或先删除。"
        )
        for p in existing
    ]
    if not sheets:
        return _fail(problems)
    profiles = _profiles(root)
    profile = profiles[category if category in profiles else SELF_FORM]
    form = read_form(sheets, shown)
    if form.year is not None and form.year != year:
        form.problem(
            codes.IMPORT_YEAR,
            f"表中年度为 {form.year}，目标目录的年度为 {year}",
            form.year_ref,
            f"请把 --to 的年度改为 {form.year}，或核对表中年度。",
        )
    unit_file = unit_dir / UNIT_FILE
    unit = _unit(unit_file, parts[-3], form.fields)
    schema = _schema_dir(root)
    header = [
        f"# yaml-language-server: $schema={_relative(schema / SCHEMA_FILE, folder)}",
        f"# 由 jixiao import 从 {form_file.name} 导入；行尾注释是数据在表中的单元格。",
    ]
    relative = "/".join(parts[-3:])
    imported = import_form(form, profile, unit, relative, year, header)
    diagnostics = sort_diagnostics([*problems, *imported.diagnostics])
    if any(d.is_error for d in diagnostics):
        return _fail(diagnostics)
    written = []
    if not unit_file.exists():
        unit_dir.mkdir(parents=True, exist_ok=True)
        ref = _relative(schema / UNIT_SCHEMA_FILE, unit_dir)
        unit_file.write_text(scaffold.unit_yaml(unit.name, ref), encoding="utf-8")
        written.append(unit_file)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / REPORT_FILE).write_text(imported.report_yaml, encoding="utf-8")
    (folder / NARRATIVE_FILE).write_text(scaffold.report_md(profile), encoding="utf-8")
    written += [folder / REPORT_FILE, folder / NARRATIVE_FILE]
    if diagnostics:
        sys.stderr.write(output.diagnostics_text(diagnostics) + "\n")
    for path in written:
        sys.stdout.write(f"已创建 {path}\n")
    rate = f"，执行率 {imported.rate}%" if imported.rate is not None else ""
    sys.stdout.write(f"导入后计算的总分 {imported.total}{rate}。下一步：jixiao check {folder}\n")
    return 0


def _fail(diagnostics: list[Diagnostic]) -> int:
    sys.stderr.write(output.diagnostics_text(sort_diagnostics(diagnostics)) + "\n")
    sys.stderr.write("没有写入任何文件。\n")
    return 1


def _sheets(
    path: Path, shown: str, wanted: str | None
) -> tuple[list[Sheet], str | None, list[Diagnostic]]:
    data = path.read_bytes()
    category = None
    try:
        if path.suffix.lower() == ".xls" or data[:4] == b"\xd0\xcf\x11\xe0":
            sheets = read_xls(data)
        else:
            sheets, category = read_xlsx(data)
    except Unreadable as exc:
        hint = "请用 Excel 或 WPS 打开后另存为「Excel 工作簿（*.xlsx）」再导入。"
        return [], None, [diag(codes.IMPORT_UNREADABLE, str(exc), Pos(shown), hint)]
    if wanted is None:
        return sheets, category, []
    chosen = [s for s in sheets if s.name == wanted]
    if not chosen:
        names = "、".join(s.name for s in sheets)
        problem = diag(
            codes.IMPORT_NO_SHEET, f"没有名为「{wanted}」的工作表", Pos(shown), f"现有：{names}。"
        )
        return [], category, [problem]
    return chosen, category, []


def _profiles(root: Path) -> dict[str, Profile]:
    return load_content([root]).profiles if root.is_dir() else _shipped()


def _shipped() -> dict[str, Profile]:
    with tempfile.TemporaryDirectory() as empty:
        return load_content([Path(empty)]).profiles


def _unit(unit_file: Path, slug: str, fields: Mapping[str, Cellref]) -> Unit:
    if unit_file.is_file():
        unit, _ = read_unit(unit_file.read_bytes(), str(unit_file), slug)
        if unit is not None:
            return unit
    for key in ("实施单位", "主管部门", "项目单位", "预算单位"):
        value = fields.get(key)
        if value is not None:
            return Unit(slug, value.text)
    return Unit(slug, f"{scaffold.TODO}：{slug} 的单位全称")
