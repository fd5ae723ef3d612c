"""What makes a string of digits a personal number: 身份证号, mobile number, bank card.

Pure module: checksums, birth dates, prefixes and the masked form shown in messages.
"""

from __future__ import annotations

import datetime as dt

from builder.diagnostics import Severity, register_code

E = Severity.ERROR
ID_NUMBER = register_code("JX591", E, "公开文本中有身份证号")
MOBILE_NUMBER = register_code("JX592", E, "公开文本中有手机号码")
BANK_CARD = register_code("JX593", E, "公开文本中有银行卡号")

ALLOW_MARKER = "jixiao:非个人信息"
REDACTED = "［已脱敏］"

# Province-level codes that begin a 身份证号 (GB/T 2260): 11–15, 21–23, 31–37, 41–46,
# 50–54, 61–65, 71 (Taiwan), 81–83 (Hong Kong, Macao, and residence permits), 91.
_PROVINCE_CODES = "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54"
PROVINCES = frozenset((_PROVINCE_CODES + " 61 62 63 64 65 71 81 82 83 91").split(" "))
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def valid_date(text: str) -> bool:
    """YYYYMMDD, a real calendar date between 1900 and 2099."""
    if not text.isdigit():
        return False
    try:
        day = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return 1900 <= day.year <= 2099


def is_id18(text: str) -> bool:
    """An 18-character 公民身份号码 with a valid GB 11643 check character and birth date."""
    if len(text) != 18 or not text[:17].isdigit() or text[:2] not in PROVINCES:
        return False
    if not valid_date(text[6:14]):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(text, ID_WEIGHTS, strict=False))
    return ID_CHECK[total % 11] == text[17].upper()


def is_id15(text: str) -> bool:
    """An old 15-digit ID number: region, YYMMDD birth date (19xx), sequence; no checksum."""
    return (
        len(text) == 15
        and text.isdigit()
        and text[:2] in PROVINCES
        and valid_date("19" + text[6:12])
    )


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def is_bank_card(digits: str) -> bool:
    """16–19 digits of a UnionPay (62), Visa (4) or Mastercard (5) number passing Luhn."""
    return 16 <= len(digits) <= 19 and digits.isdigit() and digits[0] in "456" and luhn_ok(digits)


def is_mobile(digits: str) -> bool:
    """11 digits of a mainland mobile number: 13x–19x."""
    return len(digits) == 11 and digits.isdigit() and digits[0] == "1" and digits[1] in "3456789"


def mask(kind: str, digits: str) -> str:
    """The number as shown in messages: never repeat a full personal number in a log."""
    keep = 3 if kind == "mobile" else 4
    return digits[:keep] + "*" * (len(digits) - keep - 4) + digits[-4:]


MESSAGES = {
    "id": (ID_NUMBER, "身份证号"),
    "mobile": (MOBILE_NUMBER, "手机号码"),
    "card": (BANK_CARD, "银行卡号"),
}
HINT = (
    "公开文本不得包含个人信息：请删除，或改写为脱敏形式（如 138****1234、"
    "4401**********123X，或写「［已脱敏］」）。如确认不是个人信息，"
    f"在这一行末尾加注释「# {ALLOW_MARKER}」（Markdown 中直接写在行末）。"
)
PUBLISHED_HINT = (
    "这个号码出现在生成的页面或数据文件中（可能由表格中相邻的几个值拼成）：请在报告的 YAML "
    "或 Markdown 中找到组成它的数字，删除或脱敏。如确认不是个人信息，在写有这些数字的每一行"
    f"末尾加注释「# {ALLOW_MARKER}」（Markdown 中直接写在行末）。"
)
