"""Profiles are data: shipped ones load, a site can override or add one, a broken one is located."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, SITE_YAML, write_report

from builder.loading.content import Content, load_profiles
from builder.pipeline.run import check

BASE = (ROOT / "tests" / "fixtures" / "base_report.yaml").read_text(encoding="utf-8")

STRICT_GRADES = """id: key-project-evaluation
name: 重点项目绩效评价报告（本地口径）
scoring:
  grades: {优: 98, 良: 85, 中: 60, 差: 0}
outline:
  - title: 评价项目概述
"""


def test_shipped_profiles_load() -> None:

    content = Content(root=ROOT / "content", site=None)
    load_profiles(content)
    assert content.diagnostics == []
    assert sorted(content.profiles) == [
        "department-self-evaluation",
        "key-project-evaluation",
        "mof-project-evaluation",
        "project-self-evaluation",
    ]
    key = content.profiles["key-project-evaluation"]
    assert [s.title for s in key.outline][-1] == "绩效评价结果应用"
    assert len(key.outline) == 7
    assert content.profiles["project-self-evaluation"].form is True


def test_site_profile_overrides_grades(tmp_path: Path) -> None:
    write_report(tmp_path, BASE, "## 评价项目概述\n\n正文。\n")  # the one section of STRICT_GRADES
    assert check([tmp_path]).cards[0].grade == "优"  # 96.50 with the shipped thresholds
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "strict.yaml").write_text(STRICT_GRADES, encoding="utf-8")
    (tmp_path / "site.yaml").write_text(
        SITE_YAML + "profiles: [profiles/strict.yaml]\n", encoding="utf-8"
    )
    evaluated = check([tmp_path])
    assert evaluated.diagnostics == []
    assert evaluated.cards[0].grade == "良"


def test_broken_profile_is_a_located_error(tmp_path: Path) -> None:
    write_report(tmp_path, BASE)
    (tmp_path / "bad.yaml").write_text(
        "id: x\nname: y\nscoring:\n  grades: {优: 九十}\n", encoding="utf-8"
    )
    (tmp_path / "site.yaml").write_text(
        SITE_YAML + "profiles: [bad.yaml, missing.yaml]\n", encoding="utf-8"
    )
    diags = check([tmp_path]).diagnostics
    assert [(d.code, Path(d.pos.file).name, d.pos.line) for d in diags] == [
        ("JX109", "bad.yaml", 4),
        ("JX005", "site.yaml", 0),
    ]
