"""The personal-data guard: what it flags, where, and what it lets through."""

from __future__ import annotations

from pathlib import Path

from conftest import run_jixiao, write_report

from builder.privacy import ALLOW_MARKER, ID_WEIGHTS, is_bank_card, is_id18, scan_text


def with_check_char(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


ID = with_check_char("11010519491231002")  # a well-formed test number (GB 11643 example)
WRONG_CHECK = ID[:-1] + ("0" if ID[-1] != "0" else "1")


def luhn_complete(prefix: str) -> str:
    for last in "0123456789":
        if is_bank_card(prefix + last):
            return prefix + last
    raise AssertionError(prefix)


def codes(text: str) -> list[tuple[str, int, int]]:
    return [(d.code, d.pos.line, d.pos.col) for d in scan_text(text, "r.md")]


def test_id_number_with_valid_check_character_is_an_error_at_its_column() -> None:
    assert is_id18(ID)
    assert codes(f"第一行\n联系人身份证：{ID}。") == [("JX591", 2, 8)]


def test_id_number_with_a_wrong_check_character_or_birth_date_is_not_flagged() -> None:
    assert codes(f"编号 {WRONG_CHECK}") == []
    bad_date = with_check_char("11010519491331002")  # month 13
    assert codes(f"编号 {bad_date}") == []


def test_lowercase_x_and_old_15_digit_numbers_are_flagged() -> None:
    with_x = with_check_char("44030419800101123")
    if with_x.endswith("X"):
        assert codes(with_x.lower()) == [("JX591", 1, 1)]
    assert codes("旧证号110105491231002") == [("JX591", 1, 4)]


def test_mobile_numbers_plain_spaced_dashed_and_with_country_code() -> None:
    text = "电话13812345678，138 1234 5678，138-1234-5678，+8613912345678"
    found = codes(text)
    assert [c for c, _, _ in found] == ["JX592"] * 4
    assert found[0][2] == 3
    assert found[3][2] == text.index("139") + 1


def test_digits_inside_longer_runs_are_not_phone_or_id_numbers() -> None:
    project_code = "440304230090100105001"  # 21 digits: a 项目编码
    assert codes(f"项目编码 {project_code}") == []
    assert codes("金额 213812345678 元") == []  # 12 digits: not a mobile number
    assert codes("预算 10451200.00 元，执行 7164000.00 元") == []


def test_masked_and_redacted_values_pass() -> None:
    masked = f"{ID[:4]}**********{ID[-4:]}"
    assert codes(f"联系电话 138****1234，身份证号 {masked}，住址［已脱敏］") == []


def test_bank_card_numbers_pass_luhn_to_be_flagged() -> None:
    card = luhn_complete("622202020011223344")
    assert codes(f"收款账号 {card}") == [("JX593", 1, 6)]
    not_luhn = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert codes(f"合同编号 {not_luhn}") == []


def test_the_allow_marker_keeps_a_known_non_personal_number() -> None:
    assert codes(f"contract: '{ID}'  # {ALLOW_MARKER}") == []


def test_messages_never_repeat_the_full_number() -> None:
    (found,) = scan_text(f"身份证 {ID}", "r.md")
    assert ID not in found.message and ID[-4:] in found.message


def test_check_reports_personal_data_in_yaml_and_markdown_at_exact_positions(
    tmp_path: Path,
) -> None:
    yaml = (
        "kind: key-project-evaluation\ntitle: 测试报告\nyear: 2023\n"
        "evaluation: {mode: self}\ndisclosure: {published: 2024-06-28}\n"
        "goals:\n  expected: 联系人手机 13912345678\n"
        "indicators:\n  - {name: 产出, weight: 100, method: judged, score: 100}\n"
    )
    folder = write_report(tmp_path, yaml, f"## 评价项目概述\n\n身份证号 {ID} 已登记。\n")
    result = run_jixiao("check", str(tmp_path))
    assert result.returncode == 1
    md = (folder / "report.md").as_posix()
    assert f"{md}:3:6: 错误 JX591" in result.stdout
    assert "report.yaml:7:19: 错误 JX592" in result.stdout
    assert ID not in result.stdout
