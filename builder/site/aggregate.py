"""data/reports.json and data/scores.csv joined from every chunk's part (pure: bytes).

data/reports.json is a JSON array with one report per line ("[]" for none), and
data/scores.csv a BOM, the header row and every report's rows, in folder order, the same
bytes however the reports were shared out among processes (tests/test_site_aggregate.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from builder.site.opendata import BOM, CSV_HEAD

REPORTS_JSON, SCORES_CSV = "data/reports.json", "data/scores.csv"
REPORTS_HEAD = b"[\n"
REPORTS_SEPARATOR = ",\n"
REPORTS_TAIL = b"\n]\n"
REPORTS_EMPTY = b"[]\n"


def _scores_head() -> bytes:
    """BOM and header row, written as the csv module's excel dialect writes them."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(CSV_HEAD)
    return (BOM + buffer.getvalue()).encode("utf-8")


SCORES_HEAD = _scores_head()


def records_part(records: list[str]) -> bytes:
    """One chunk's part of data/reports.json: its records, in folder order."""
    return REPORTS_SEPARATOR.join(records).encode("utf-8")


def rows_part(rows: list[str]) -> bytes:
    """One chunk's part of data/scores.csv: its reports' rows, in folder order."""
    return "".join(rows).encode("utf-8")


def reports_json(parts: Iterable[bytes]) -> Iterator[bytes]:
    """data/reports.json, piece by piece, from the chunks' parts (records_part; b"" for a
    chunk without reports) in folder order: never all in memory at once."""
    first = True
    for part in parts:
        if part:
            yield REPORTS_HEAD if first else REPORTS_SEPARATOR.encode()
            yield part
            first = False
    yield REPORTS_EMPTY if first else REPORTS_TAIL


def scores_csv(parts: Iterable[bytes]) -> Iterator[bytes]:
    """data/scores.csv, piece by piece, from the chunks' parts (rows_part)."""
    yield SCORES_HEAD
    yield from parts
