"""Making Chromium's PDF bytes reproducible, and reading simple facts from them (pure).

Two prints of the same HTML differ in two places only:
  * /CreationDate and /ModDate in the document information dictionary (the clock);
  * the `(nodeNNNNNNNN)` identifiers of table-header structure elements in a tagged PDF,
    which are Blink's DOM node ids: a counter per renderer process, so they depend on how
    many documents that page had loaded before (pages are reused), and their order on when
    Blink met each node — not on the input.
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
_STRUCT_ID = re.compile(rb"/ID \(node(\d+)\)")  # a structure element's own id
_ID_LEAF = re.compile(rb"/Names \[((?:\(node\d+\) \d+ \d+ R ?)+)\]")
_ID_PAIR = re.compile(rb"\(node(\d+)\) (\d+ \d+ R)")
_ID_LIMITS = re.compile(rb"/Limits \[\(node\d+\) \(node\d+\)\]")
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
    """Number the structure node ids 1, 2, 3… in the order the structure elements come,
    same width each, and keep the /IDTree leaf sorted by the new names.

    Blink allocates the ids as it meets the nodes, which is not always document order (a
    table's header cells were seen numbered after the rows below them, now and then, under
    load): ranking by the old numbers kept that run-dependent order. The elements' own order
    is the document's. With one /IDTree leaf, its (name, reference) pairs are sorted again —
    the same pairs, so the same length — and its /Limits set to the new first and last.
    A tree of several leaves keeps the order of the old numbers, which keeps its partition.
    """
    found = sorted({(int(m[1]), len(m[1])) for m in _NODE_ID.finditer(data)})
    if len({width for _, width in found}) > 1:
        raise UnexpectedPdf("structure node ids of mixed widths")
    numeric = [number for number, _ in found]
    leaves = _ID_LEAF.findall(data)
    order = numeric
    if len(leaves) <= 1:
        seen = dict.fromkeys(int(m[1]) for m in _STRUCT_ID.finditer(data))
        order = [*seen, *(n for n in numeric if n not in seen)]
    rank = {number: index for index, number in enumerate(order, start=1)}

    def fixed(match: re.Match[bytes]) -> bytes:
        width = len(match[1])
        return b"(node" + str(rank[int(match[1])]).zfill(width).encode("ascii") + b")"

    renumbered = _NODE_ID.sub(fixed, data)
    if len(leaves) != 1 or order == numeric:
        return renumbered
    return _sorted_leaf(renumbered)


def _sorted_leaf(data: bytes) -> bytes:
    """The one /IDTree leaf with its pairs in name order and its /Limits to match."""
    leaf = _ID_LEAF.search(data)
    assert leaf is not None
    pairs = sorted(_ID_PAIR.findall(leaf[1]))
    names = b" ".join(b"(node" + name + b") " + ref for name, ref in pairs)
    if len(names) != len(leaf[1]):
        raise UnexpectedPdf("an /IDTree leaf written with other spacing")
    data = data[: leaf.start(1)] + names + data[leaf.end(1) :]
    first, last = pairs[0][0], pairs[-1][0]
    return _ID_LIMITS.sub(b"/Limits [(node" + first + b") (node" + last + b")]", data, count=1)


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
