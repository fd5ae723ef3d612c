"""The 自评表's optional fields (项目类别, 填报日期, 负责人, 填表人, 联系电话) and the
「实施单位（盖章）」 line, on the web form and in the printed PDF."""

from __future__ import annotations

from pathlib import Path

from conftest import write_report
from test_render_print import printed
from test_render_support import PETITION

from builder.pipeline.run import check
from builder.render import render_report
from builder.scoring.engine import ScoreCard

FIELDS = """\
form:
  category: 专项业务类
  filled: 2024-03-15
  project_manager: 王明
  finance_manager: 李华
  unit_head: 张强
  preparer: 陈静
  phone: 0755-82918888
"""


def form_card(tmp_path: Path, extra: str = FIELDS) -> ScoreCard:
    text = (PETITION / "report.yaml").read_text(encoding="utf-8")
    folder = write_report(tmp_path, text.replace("\ngoals:", f"\n{extra}goals:", 1))
    evaluated = check([folder])
    assert evaluated.cards, evaluated.diagnostics
    return evaluated.cards[0]


def test_the_web_form_shows_the_fields_and_the_seal_line(tmp_path: Path) -> None:
    body = render_report(form_card(tmp_path), None).body_html
    for text in ("项目类别", "专项业务类", "单位负责人", "张强", "财务负责人", "李华", "项目负责人",
                 "王明", "填表人", "陈静", "联系电话", "0755-82918888", "2024年3月15日"):  # fmt: skip
        assert text in body, text
    assert body.index("年度绩效指标") < body.index("填表人") < body.index("实施单位（盖章）")


def test_without_fields_the_form_keeps_its_year_row_and_the_seal_line(tmp_path: Path) -> None:
    body = render_report(form_card(tmp_path, ""), None).body_html
    assert "项目类别" not in body and "填表人" not in body
    assert "实施单位（盖章）" in body


def test_the_printed_form_carries_the_fields_and_the_seal_line(tmp_path: Path) -> None:
    reader = printed(form_card(tmp_path), tmp_path / "site")
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    for field in ("专项业务类", "填表人", "陈静", "0755-82918888", "2024年3月15日"):
        assert field in text, field
    assert "实施单位（盖章）" in text


def test_a_mobile_number_as_the_phone_is_blocked(tmp_path: Path) -> None:
    card_yaml = FIELDS.replace("0755-82918888", "13912345678")
    text = (PETITION / "report.yaml").read_text(encoding="utf-8")
    folder = write_report(tmp_path, text.replace("\ngoals:", f"\n{card_yaml}goals:", 1))
    found = [d for d in check([folder]).diagnostics if d.code == "JX592"]
    assert found and found[0].is_error and found[0].pos.file.endswith("report.yaml")
