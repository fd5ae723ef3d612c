"""A profile names its tables' captions: a department report's funds table is not 「项目资金情况」."""

from __future__ import annotations

import re

from conftest import CONTENT
from test_render_support import SEED_000, content_card

from builder.loading.profile import parse_profile
from builder.render import render_report

DEPARTMENT = CONTENT / "zengcheng-xinfang" / "2023" / "department-overall"


def captions(html: str) -> list[str]:
    return re.findall(r'<span class="table-title">([^<]*)</span>', html)


def test_the_department_funds_table_takes_the_profile_caption() -> None:
    department = captions(render_report(content_card(DEPARTMENT), None).body_html)
    assert department[0] == "部门整体资金使用情况"
    assert "项目资金情况" not in department
    project = captions(render_report(content_card(SEED_000), None).body_html)
    assert project[0] == "项目资金情况"


def test_a_caption_for_an_unknown_table_is_a_profile_error() -> None:
    text = "id: x\nname: 测试\ncaptions:\n  fund: 资金\noutline: [概述]\n"
    profile, diags = parse_profile(text.encode(), "x.yaml")
    assert profile is None
    assert [(d.code, d.pos.line) for d in diags] == [("JX109", 4)]
    assert "funds" in diags[0].message
