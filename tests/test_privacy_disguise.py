"""Personal numbers in disguise (issue 10 §6): each placement blocked at its source line
and column, each innocent number let through. The numbers are made up here with valid
check characters (GB 11643, Luhn), never real ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_report

from builder.pipeline.run import check
from builder.privacy import ID_WEIGHTS, is_bank_card, luhn_ok


def id_number(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def luhn_complete(prefix: str) -> str:
    return next(prefix + last for last in "0123456789" if luhn_ok(prefix + last))


ID = id_number("44030419800101123")  # Shenzhen, born 1980-01-01: a made-up number
MOBILE = "13912345678"
CARD = luhn_complete("622202020011223344")  # 19 digits, UnionPay prefix
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def entities(text: str) -> str:
    return "".join(f"&#{ord(c)};" for c in text)


def fours(digits: str, sep: str) -> str:
    return sep.join(digits[i : i + 4] for i in range(0, len(digits), 4))


YAML_HEAD = (
    "kind: key-project-evaluation\ntitle: 测试报告\nyear: 2023\n"
    "evaluation: {mode: self}\ndisclosure: {published: 2024-06-28}\n"
)
INDICATORS = "indicators:\n  - {name: 产出, weight: 100, method: judged, score: 100}\n"
MD_HEAD = "## 评价项目概述\n\n"  # the placement goes on line 3

# (name, narrative line, code, column of the number's first digit as written)
MARKDOWN = [
    ("id-spaces", f"身份证号 {ID[:6]} {ID[6:14]} {ID[14:]}。", "JX591", 6),
    ("id-hyphens", f"身份证号 {ID[:6]}-{ID[6:14]}-{ID[14:]}。", "JX591", 6),
    ("id-full-width", f"身份证号{ID.translate(FULL_WIDTH)}。", "JX591", 5),
    ("id-bold-split", f"身份证号 **{ID[:10]}**{ID[10:]}。", "JX591", 8),
    ("id-entities", f"身份证号 {entities(ID[:2])}{ID[2:]}。", "JX591", 6),
    ("mobile-full-width", f"电话{MOBILE.translate(FULL_WIDTH)}。", "JX592", 3),
    ("mobile-full-width-hyphen", f"电话 {MOBILE[:3]}－{MOBILE[3:7]}－{MOBILE[7:]}。", "JX592", 4),
    ("mobile-en-dash", f"电话 {MOBILE[:3]}–{MOBILE[3:7]}–{MOBILE[7:]}。", "JX592", 4),
    ("mobile-dots", f"电话 {MOBILE[:3]}.{MOBILE[3:7]}.{MOBILE[7:]}。", "JX592", 4),
    ("mobile-double-spaces", f"电话 {MOBILE[:3]}  {MOBILE[3:7]}  {MOBILE[7:]}。", "JX592", 4),
    ("mobile-zero-width", f"电话 {MOBILE[:3]}\u200b{MOBILE[3:7]}\u200b{MOBILE[7:]}。", "JX592", 4),
    ("mobile-entities", f"电话 {entities(MOBILE[:3])}{MOBILE[3:]}。", "JX592", 4),
    ("card-spaces", f"账号 {fours(CARD, ' ')}。", "JX593", 4),
    ("card-hyphens", f"账号 {fours(CARD, '-')}。", "JX593", 4),
    ("card-full-width", f"账号 {CARD.translate(FULL_WIDTH)}。", "JX593", 4),
]


def narrative_hits(tmp_path: Path, text: str) -> list[tuple[str, int, int, str]]:
    write_report(tmp_path, YAML_HEAD + INDICATORS, MD_HEAD + text + "\n")
    found = check([tmp_path]).diagnostics
    return [(d.code, d.pos.line, d.pos.col, d.message) for d in found if d.code >= "JX591"][:9]


@pytest.mark.parametrize(
    ("text", "code", "col"), [m[1:] for m in MARKDOWN], ids=[m[0] for m in MARKDOWN]
)
def test_a_disguised_number_in_markdown_is_an_error_at_its_first_digit(
    tmp_path: Path, text: str, code: str, col: int
) -> None:
    hits = [h for h in narrative_hits(tmp_path, text) if h[0] in ("JX591", "JX592", "JX593")]
    assert [h[:3] for h in hits] == [(code, 3, col)]
    assert ID not in hits[0][3] and MOBILE not in hits[0][3] and CARD not in hits[0][3]


def test_an_id_number_split_across_table_cells_is_an_error(tmp_path: Path) -> None:
    table = f"| 姓名 | 证件号前段 | 证件号后段 |\n|---|---|---|\n| 张三 | {ID[:10]} | {ID[10:]} |"
    hits = narrative_hits(tmp_path, table)
    assert [h[:3] for h in hits if h[0] == "JX591"] == [("JX591", 5, 8)]


# (name, the goals.expected entry as written, code, line, column of the first digit)
YAML = [
    ("id-x34-escapes", f'  expected: "身份证 \\x34\\x34{ID[2:]}"\n', "JX591", 7, 18),
    (
        "id-continued-quoted",
        f'  expected: "身份证 {ID[:10]}\\\n    {ID[10:]}"\n',
        "JX591",
        7,
        18,
    ),
    ("id-folded", f"  expected: >\n    身份证 {ID[:10]}\n    {ID[10:]}\n", "JX591", 8, 9),
    ("mobile-escapes", f'  expected: "电话 \\x31\\x33\\x39{MOBILE[3:]}"\n', "JX592", 7, 17),
    (
        "mobile-folded-over-lines",
        f"  expected: >-\n    电话 {MOBILE[:3]}\n    {MOBILE[3:7]}\n    {MOBILE[7:]}\n",
        "JX592",
        8,
        8,
    ),
]


@pytest.mark.parametrize(
    ("entry", "code", "line", "col"), [y[1:] for y in YAML], ids=[y[0] for y in YAML]
)
def test_a_number_hidden_by_yaml_decoding_is_an_error_where_it_is_written(
    tmp_path: Path, entry: str, code: str, line: int, col: int
) -> None:
    write_report(tmp_path, YAML_HEAD + "goals:\n" + entry + INDICATORS, MD_HEAD + "正文。\n")
    found = [d for d in check([tmp_path]).diagnostics if d.code in ("JX591", "JX592", "JX593")]
    assert [(d.code, d.pos.file.endswith("report.yaml"), d.pos.line, d.pos.col) for d in found] == [
        (code, True, line, col)
    ]


def test_amounts_decimals_and_declared_codes_are_not_personal(tmp_path: Path) -> None:
    code16 = luhn_complete("440304220091500")  # 项目编码 that happen to pass Luhn
    code19 = luhn_complete("440304220091500300")
    assert is_bank_card(code16) and is_bank_card(code19)
    yaml = (
        YAML_HEAD
        + f'project: {{name: 测试项目, code: "{code16}"}}\n'
        + "goals:\n  expected: 合同金额 13800138000.00\n"
        + INDICATORS
    )
    narrative = MD_HEAD + "预算 13800138000.00 元，执行 15012345678 元。\n"
    folder = write_report(tmp_path, yaml, narrative)
    assert [d for d in check([tmp_path]).diagnostics if d.is_error] == []
    report = (folder / "report.yaml").read_text(encoding="utf-8")
    (folder / "report.yaml").write_text(report.replace(code16, code19), encoding="utf-8")
    assert [d for d in check([tmp_path]).diagnostics if d.is_error] == []
