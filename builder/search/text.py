"""What Pagefind indexes of a report: one small document per report page (pure: strings out).

Pagefind splits Chinese into words with jieba when it indexes and with the browser's
Intl.Segmenter when it searches; since Pagefind 1.5 the two disagree (upstream issue
#1237) and a query misses pages that contain it. So the index never sees Chinese words:
each run of letters and digits becomes, at every one of its characters, the run's next
GRAM characters as one word, written in lowercase ASCII letters (encoded: four letters a
UTF-16 unit) so that no segmenter can split it; the last GRAM-1 characters of a run give
shorter words ended by "z", which no encoded character starts with. A query of n >= GRAM
characters is then an exact phrase of its n-GRAM+1 overlapping words, which Pagefind
answers from word positions: words at adjacent positions are adjacent characters of one
run, so what the search finds is exactly the pages whose text contains the query. A
shorter query is the prefix of the words starting with it (search.js loads every index
chunk those words may be in). Three characters a word, not one: a query then loads the
positions of rare words (满意度) instead of those of common characters (度, 的) — a
fifth of the bytes at 4,000 reports.

Characters other than letters and digits are words of their own (Pagefind indexes nothing
for them, but they keep their place), whitespace (between table cells, paragraphs) as
SEPARATOR. search.js reads a report's text back from Pagefind's copy of it (the first
character of every word) to show and check excerpts.

The indexed text is the report's title and its body as a browser's innerText reads it,
without the computed figures (td.num: amounts, weights, scores): block elements end a
run of text, inline elements do not. The documents are written beside the site, never
published: the pages readers download stay as they are.
"""

from __future__ import annotations

import html
import re
import unicodedata

from markupsafe import escape

SEPARATOR = "¦"
GRAM = 3  # characters a word (search.js: GRAM)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Ends a word shorter than GRAM: encoded characters start with a to d (26**4 > 0xFFFF >=
# 3 * 26**3), so no word is a prefix of another word's characters but its own.
SHORT = "z"
# Computed figures in the generated tables: useless as search terms and a fifth of a
# report's characters.
_NUMERIC_CELL = re.compile(r"<td\b[^>]*\bclass=\"[^\"]*\bnum\b[^\"]*\"[^>]*>.*?</td>", re.S)
# Tags that start or end a block (innerText puts a line break or a tab there).
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|table|caption|thead|tbody|tfoot|tr|td|th|"
    r"figure|figcaption|section|article|nav|header|footer|blockquote|pre|br|hr)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def indexed_text(title: str, body_html: str) -> str:
    """The text a search can find in a report: its title and body, whitespace as single
    spaces. BODY_HTML is the builder's own markup (every text in it escaped), so tags can
    be taken out by pattern."""
    body = _NUMERIC_CELL.sub(" ", body_html)
    body = _TAG.sub("", _BLOCK_TAG.sub(" ", body))
    return _SPACE.sub(" ", f"{title} {html.unescape(body)}").strip()


def encoded(text: str) -> str:
    """TEXT in lowercase ASCII letters: four a UTF-16 code unit, most significant first."""
    data = text.encode("utf-16-be", "surrogatepass")
    out = []
    for i in range(0, len(data), 2):
        unit = data[i] << 8 | data[i + 1]
        out.append(
            _LETTERS[unit // 17576]
            + _LETTERS[unit // 676 % 26]
            + _LETTERS[unit // 26 % 26]
            + _LETTERS[unit % 26]
        )
    return "".join(out)


def _is_word_character(char: str) -> bool:
    """A letter or a digit (Unicode L* and N*: search.js's [\\p{L}\\p{N}])."""
    return unicodedata.category(char)[0] in "LN"


# Each character's letters (encoded), and whether it is a letter or digit, once per
# process: every character is in GRAM words, and looking it up is a tenth of encoding it.
_CODES: dict[str, str] = {}
_WORDY: dict[str, bool] = {}


def _code(char: str) -> str:
    code = _CODES.get(char)
    if code is None:
        code = _CODES[char] = encoded(char)
    return code


def _run_words(run: str) -> list[str]:
    """One word a character of RUN (letters and digits): its next GRAM characters (the
    letters of a few characters joined are those of the characters: UTF-16 is a code of
    single characters)."""
    codes = [_code(char) for char in run.lower()]
    count = len(codes)
    return [
        "".join(codes[i : i + GRAM]) + ("" if i + GRAM <= count else SHORT) for i in range(count)
    ]


def segmented(text: str) -> str:
    """TEXT as Pagefind's words: GRAM-character words for the letters and digits, every
    other character a word of its own, whitespace as SEPARATOR."""
    words: list[str] = []
    run: list[str] = []
    wordy = _WORDY
    for char in _SPACE.sub(" ", text).strip():
        is_word = wordy.get(char)
        if is_word is None:
            is_word = wordy[char] = _is_word_character(char)
        if is_word:
            run.append(char)
            continue
        if run:
            words += _run_words("".join(run))
            run.clear()
        words.append(SEPARATOR if char == " " else char)
    if run:
        words += _run_words("".join(run))
    return " ".join(words)


def search_document(
    title: str,
    text: str,
    filters: list[tuple[str, str]],
    meta: list[tuple[str, str]],
) -> str:
    """The page Pagefind reads for one report: TEXT (indexed_text) segmented, the title,
    FILTERS and META as Pagefind's attributes, every value escaped."""
    tags = "".join(
        f'<span data-pagefind-filter="{escape(name)}:{escape(value)}"></span>'
        for name, value in filters
    ) + "".join(
        f'<span data-pagefind-meta="{escape(name)}:{escape(value)}"></span>' for name, value in meta
    )
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"></head><body>'
        f'<h1 data-pagefind-meta="title">{escape(title)}</h1>{tags}'
        f"<main data-pagefind-body>{escape(segmented(text))}</main></body></html>\n"
    )


# Where the documents are written in the staging folder (a hidden folder is never a unit);
# removed once Pagefind has read them.
SOURCE = ".search"
