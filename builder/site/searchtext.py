"""What Pagefind indexes of a report: one small document per report page (pure: strings out).

Pagefind splits Chinese into words with jieba when it indexes and with the browser's
Intl.Segmenter when it searches; since Pagefind 1.5 the two disagree (upstream issue
#1237) and a query misses pages that contain it. So the index never sees words: every
character of the report's text is a word of its own, and the search page (search.js)
asks for the query's characters as an exact phrase, which Pagefind answers from word
positions. A phrase of characters found at adjacent positions is a substring, so what
the search finds is exactly the pages whose text contains the query.

Whitespace in the text (between table cells, paragraphs, words) becomes SEPARATOR, a
word of its own that takes a position, so that a query never matches across two cells;
punctuation is already a word of its own. search.js joins the characters back (and
SEPARATOR into a space) to show excerpts.

The indexed text is the report's title and its body as a browser's innerText reads it,
without the computed figures (td.num: amounts, weights, scores): block elements end a
run of text, inline elements do not. The documents are written beside the site, never
published: the pages readers download stay as they are.
"""

from __future__ import annotations

import html
import re

from markupsafe import escape

SEPARATOR = "¦"
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


def segmented(text: str) -> str:
    """TEXT as words of one character each, whitespace as SEPARATOR."""
    return " ".join(SEPARATOR if char == " " else char for char in _SPACE.sub(" ", text).strip())


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
