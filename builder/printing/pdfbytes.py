"""Making Chromium's PDF bytes reproducible, and reading simple facts from them (pure).

Two prints of the same HTML differ in two places only:
  * /CreationDate and /ModDate in the document information dictionary (the clock);
  * the `(nodeNNNNNNNN)` identifiers of table-header structure elements in a tagged PDF,
    which are Blink's DOM node ids: a counter per renderer process, so they depend on how
    many documents that page had loaded before (pages are reused) — not on the input.
Both are rewritten in place with values of the same byte length, so every offset in the
cross-reference table stays valid and the file needs no rewriting. Skia writes these
dictionaries uncompressed and uses no object streams, which is what makes this safe;
`normalize_pdf` refuses bytes that do not look like that rather than guess.
"""

from __future__ import annotations

import datetime
import re

# The date written when the caller gives none: reproducible and obviously not a clock.
DEFAULT_DATE = datetime.date(2000, 1, 1)

_DATE_ENTRY = re.compile(rb"/(CreationDate|ModDate) \((D:\d{14})([^)]*)\)")
_NODE_ID = re.compile(rb"\(node(\d+)\)")
_PAGE_OBJECT = re.compile(rb"/Type /Page\b")
_TYPE3_FONT = re.compile(rb"/Subtype /Type3\b")


class UnexpectedPdf(ValueError):
    """The bytes are not laid out as Chromium's Skia backend writes them."""


def pdf_date(day: datetime.date) -> bytes:
    """The 16-byte head of a PDF date string, midnight of DAY: b"D:YYYYMMDD000000"."""
    return f"D:{day:%Y%m%d}000000".encode("ascii")


def _utc_tail(tail: bytes) -> bytes:
    """A time-zone suffix of the same length saying UTC (the original says the machine's TZ)."""
    if tail in (b"", b"Z"):
        return tail
    utc = b"+00'00'"
    if len(tail) > len(utc):
        raise UnexpectedPdf(f"unexpected PDF date suffix {tail!r}")
    return utc[: len(tail)]


def pin_dates(data: bytes, day: datetime.date = DEFAULT_DATE) -> bytes:
    """Replace CreationDate and ModDate with DAY (same length, so xref offsets hold)."""
    head = pdf_date(day)

    def fixed(match: re.Match[bytes]) -> bytes:
        return b"/" + match[1] + b" (" + head + _utc_tail(match[3]) + b")"

    pinned, count = _DATE_ENTRY.subn(fixed, data)
    if count > 2:
        raise UnexpectedPdf(f"{count} date entries, expected at most 2")
    return pinned


def renumber_node_ids(data: bytes) -> bytes:
    """Number the structure node ids 1, 2, 3… in their original order, same width each.

    Order is kept, so the /IDTree name tree stays sorted and its /Limits stay right.
    The k-th smallest of distinct positive integers is at least k, so the new number never
    needs more digits than the old one.
    """
    found = sorted({(int(m[1]), len(m[1])) for m in _NODE_ID.finditer(data)})
    if len({width for _, width in found}) > 1:
        raise UnexpectedPdf("structure node ids of mixed widths")
    rank = {number: index for index, (number, _) in enumerate(found, start=1)}

    def fixed(match: re.Match[bytes]) -> bytes:
        width = len(match[1])
        return b"(node" + str(rank[int(match[1])]).zfill(width).encode("ascii") + b")"

    return _NODE_ID.sub(fixed, data)


def normalize_pdf(data: bytes, day: datetime.date = DEFAULT_DATE) -> bytes:
    """Chromium's PDF with every run-dependent byte pinned; same length as the input."""
    if not data.startswith(b"%PDF-") or b"/ObjStm" in data:
        raise UnexpectedPdf("not a PDF written without object streams")
    fixed = renumber_node_ids(pin_dates(data, day))
    assert len(fixed) == len(data)
    return fixed


def page_count(data: bytes) -> int:
    """Number of page objects (Skia writes page dictionaries uncompressed)."""
    return len(_PAGE_OBJECT.findall(data))


def type3_font_count(data: bytes) -> int:
    """Number of Type 3 (glyph-drawing) fonts: CFF fonts or synthetic bold of some fonts."""
    return len(_TYPE3_FONT.findall(data))
