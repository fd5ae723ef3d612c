"""How the scanner reads digits: where numbers begin and end, what is left out."""

from __future__ import annotations

import time

from test_privacy_disguise import ID, MOBILE

from builder.privacy import find_numbers, scan_text
from builder.privacy.views import entity_view, html_view


def kinds(text: str) -> list[tuple[str, str, int]]:
    return [(f.kind, f.digits, f.start) for f in find_numbers(text)]


def test_a_number_right_after_other_digits_and_a_space_is_found() -> None:
    assert kinds(f"第1 {MOBILE}") == [("mobile", MOBILE, 3)]
    assert kinds(f"2023 {MOBILE[:3]} {MOBILE[3:]}") == [("mobile", MOBILE, 5)]


def test_a_blank_line_or_a_wide_gap_ends_a_number() -> None:
    assert kinds(f"{ID[:10]}\n\n{ID[10:]}") == []
    assert kinds(f"{ID[:10]}\n{ID[10:]}") == [("id", ID, 0)]
    assert kinds(f"{MOBILE[:3]} - - {MOBILE[3:]}") == []  # four separators


def test_amounts_decimals_and_codes_glued_to_letters_are_left_out() -> None:
    assert kinds(f"{MOBILE} 万元") == []
    assert kinds(f"￥{MOBILE}") == []
    assert kinds(f"| 10 | 10.00 | {MOBILE}.5 |") == []
    assert kinds(f"MA{MOBILE}") == [] and kinds(f"{MOBILE}AB") == []
    assert kinds(f"+86 {MOBILE}") == [("mobile", MOBILE, 4)]
    assert kinds(f"+86{MOBILE}") == [("mobile", MOBILE, 3)]


def test_mobile_numbers_need_groups_of_three_digits_or_more() -> None:
    spread = " ".join([MOBILE[:2], MOBILE[2:5], MOBILE[5:8], MOBILE[8:]])
    assert kinds(spread) == []  # 13 912 345 678: figures in a table, not a phone number


def test_offsets_map_back_through_entities_and_tags() -> None:
    source = f"<td>&#{ord(ID[0])};{ID[1:10]}</td>\n<td>{ID[10:]}</td>"
    view = html_view(source)
    (found,) = find_numbers(view.text)
    assert view.source_offset(found.start) == source.index("&#")
    markdown = entity_view(f"编号 &amp; {ID}")
    (found,) = find_numbers(markdown.text)
    assert markdown.source_offset(found.start) == len("编号 &amp; ")


def test_thousands_of_numbers_in_one_file_are_placed_in_linear_time() -> None:
    text = "\n".join(f"第{n}行 电话 {MOBILE}" for n in range(20_000))  # about 600 kB
    began = time.perf_counter()
    found = scan_text(text, "r.md")
    assert len(found) == 20_000 and found[-1].pos.line == 20_000
    assert time.perf_counter() - began < 20  # counting lines again per hit took minutes
