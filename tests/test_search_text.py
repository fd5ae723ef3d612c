"""The text Pagefind indexes: what a reader sees, as encoded three-character words, escaped."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from builder.search.text import (
    SEPARATOR,
    SHORT,
    encoded,
    indexed_text,
    search_document,
    segmented,
)


def test_indexed_text_reads_blocks_apart_inline_together_without_figures() -> None:
    body = (
        "<h2>一、概述</h2><p>为<strong>信访</strong>工作&amp;运行</p>"
        '<table><tr><td>服务</td><td class="num">12.50</td><td>对象</td></tr></table>'
    )
    assert indexed_text("标题", body) == "标题 一、概述 为信访工作&运行 服务 对象"


def test_each_character_starts_a_word_of_the_next_three_and_whitespace_is_a_separator() -> None:
    words = segmented("信访工作 局A8%").split(" ")
    assert words == [
        encoded("信访工"),
        encoded("访工作"),
        encoded("工作") + SHORT,  # a run's last characters: shorter words, ended
        encoded("作") + SHORT,
        SEPARATOR,
        encoded("局a8"),  # lowercase, as the search asks
        encoded("a8") + SHORT,
        encoded("8") + SHORT,
        "%",
    ]
    assert all(word.isascii() and word.isalpha() for word in words if len(word) > 1)


def test_encoded_characters_are_four_letters_and_no_ended_word_prefixes_another() -> None:
    assert encoded("信") == "begn" and encoded("\uffff") == "dsyp" and encoded("\x00") == "aaaa"
    assert encoded("😀") == encoded("\ud83d") + encoded("\ude00")  # UTF-16 units, as JS
    # Every encoded unit starts with a to d, so a word ended by SHORT never starts
    # another word's characters (Pagefind falls back to such a prefix when nothing
    # starts with the query).
    assert max(encoded(chr(unit))[0] for unit in range(0, 0xD800, 97)) <= "d" < SHORT


def test_the_document_escapes_every_value() -> None:
    payload = "<img src=x onerror=alert(1)>"
    html = search_document(f"题{payload}", f"文{payload}", [("单位", payload)], [("等级", '"x')])
    assert "<img" not in html
    assert 'data-pagefind-filter="单位:&lt;img src=x onerror=alert(1)&gt;"' in html
    assert 'data-pagefind-meta="等级:&#34;x"' in html


def _reference(text: str) -> str:
    """segmented() as its docstring defines it, one word at a time (slow, plain)."""
    words: list[str] = []
    run = ""

    def flush() -> None:
        chars = run.lower()
        for i in range(len(chars)):
            words.append(encoded(chars[i : i + 3]) + ("" if i + 3 <= len(chars) else SHORT))

    for char in " ".join(text.split()):
        if unicodedata.category(char)[0] in "LN":
            run += char
            continue
        flush()
        run = ""
        words.append(SEPARATOR if char == " " else char)
    flush()
    return " ".join(words)


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=30))
def test_segmented_words_are_the_encoded_next_three_characters(text: str) -> None:
    """Characters' letters are looked up once per process: joined, they are the letters of
    the characters together (UTF-16 codes one character at a time), lowercased per run
    (a character may lowercase to two)."""
    assert segmented(text) == _reference(text)


def test_segmented_lowercases_a_run_whose_length_changes() -> None:
    assert segmented("İx") == _reference("İx") != segmented("ix")
