"""`jixiao new UNIT YEAR SLUG --kind KIND`: scaffold a report from its profile (shell)."""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from builder.commands import scaffold
from builder.diagnostics import Diagnostic
from builder.loading.confined import read_inside
from builder.loading.content import NARRATIVE_FILE, REPORT_FILE, UNIT_FILE, load_content
from builder.loading.profile import Profile
from builder.loading.reading import read_unit
from builder.review.gitrev import repo_root
from builder.usage import UsageError

# Folder names become URL segments: letters and digits of any script (汉字 too), "-",
# "_" and "." (not first), the same rule `jixiao check` applies to folder names.
SLUG = re.compile(r"^[^\W_](?:[\w.-])*$")
PROFILES_DIR = Path(__file__).resolve().parent.parent / "profiles"
SCHEMA_FILE = "report.schema.json"
UNIT_SCHEMA_FILE = "unit.schema.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("unit", help="单位目录名，如 baiyun-jingtai")
    parser.add_argument("year", help="评价年度，如 2024")
    parser.add_argument("slug", help="报告目录名，如 social-work-station")
    kinds = "、".join(sorted(p.stem for p in PROFILES_DIR.glob("*.yaml")))
    parser.add_argument(
        "--kind", required=True, help=f"报告类型：{kinds}（以及 site.yaml 中 profiles 增加的类型）"
    )
    parser.add_argument("--content", type=Path, default=Path("content"), help="内容目录")
    parser.add_argument("--title", help="报告标题（默认按年度、项目或单位与类型生成）")
    parser.add_argument("--project", help="项目名称")
    parser.add_argument("--unit-name", help="单位全称（新单位时写入 unit.yaml）")


def run(args: argparse.Namespace) -> int:
    year = _year(args.year)
    for what, value in (("单位目录名", args.unit), ("报告目录名", args.slug)):
        if not SLUG.match(value):
            raise UsageError(
                f"{what}「{value}」不能使用：目录名会成为网址的一部分，只能包含字母、汉字、"
                "数字、-、_ 和 .，且以字母、汉字或数字开头（不能含空格、/ 等符号）"
            )
    root: Path = args.content
    profile = _profile(root, args.kind)
    unit_dir = root / args.unit
    folder = unit_dir / str(year) / args.slug
    existing = [p for p in (folder / REPORT_FILE, folder / NARRATIVE_FILE) if p.exists()]
    if existing:
        names = "、".join(str(p) for p in existing)
        sys.stderr.write(f"jixiao: 已存在 {names}，不会覆盖。请换一个报告目录名或先删除。\n")
        return 1
    schema_dir = _schema_dir(root)
    written = []
    unit_file = unit_dir / UNIT_FILE
    if not unit_file.exists():
        unit_dir.mkdir(parents=True, exist_ok=True)
        name = args.unit_name or f"{scaffold.TODO}：{args.unit} 的单位全称"
        ref = _relative(schema_dir / UNIT_SCHEMA_FILE, unit_dir)
        unit_file.write_text(scaffold.unit_yaml(name, ref), encoding="utf-8")
        written.append(unit_file)
    new = scaffold.NewReport(
        profile=profile,
        unit_name=_unit_name(unit_file, root, args.unit),
        year=year,
        title=args.title,
        project=args.project,
        schema_ref=_relative(schema_dir / SCHEMA_FILE, folder),
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / REPORT_FILE).write_text(scaffold.report_yaml(new), encoding="utf-8")
    (folder / NARRATIVE_FILE).write_text(scaffold.report_md(profile), encoding="utf-8")
    written += [folder / REPORT_FILE, folder / NARRATIVE_FILE]
    for path in written:
        sys.stdout.write(f"已创建 {path}\n")
    sys.stdout.write(f"下一步：填写「{scaffold.TODO}」处，然后运行 jixiao check {folder}\n")
    return 0


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text) or not 2000 <= int(text) <= 2100:
        raise UsageError(f"年度「{text}」应为 2000–2100 之间的四位数字")
    return int(text)


def _profile(root: Path, kind: str) -> Profile:
    """The shipped profiles plus the site's own (site.yaml `profiles`)."""
    profiles = load_content([root]).profiles if root.exists() else _shipped()
    if kind not in profiles:
        raise UsageError(f"未知的报告类型「{kind}」，可用：{'、'.join(sorted(profiles))}")
    return profiles[kind]


def _shipped() -> dict[str, Profile]:
    with tempfile.TemporaryDirectory() as empty:
        return load_content([Path(empty)]).profiles


def _unit_name(unit_file: Path, root: Path, slug: str) -> str:
    # Read as check reads it (confined): a unit.yaml linked out of the content folder
    # lends no name to the new report, and `jixiao check` then names the link.
    data = read_inside(os.path.abspath(unit_file), str(root.resolve()), str(unit_file))
    if isinstance(data, Diagnostic):
        return slug
    unit, _diags = read_unit(data, str(unit_file), slug)
    return unit.name if unit else slug


def _schema_dir(content_root: Path) -> Path:
    """schema/ next to the content folder's nearest ancestor that has one, else the repo's."""
    start = content_root.resolve()
    for folder in (start, *start.parents):
        if (folder / "schema" / SCHEMA_FILE).is_file():
            return folder / "schema"
    existing = next(folder for folder in (start, *start.parents) if folder.is_dir())
    return (repo_root(existing) or start.parent) / "schema"


def _relative(target: Path, folder: Path) -> str:
    return Path(os.path.relpath(target.resolve(), folder.resolve())).as_posix()
