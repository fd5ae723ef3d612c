"""data/reports.json and data/scores.csv joined from every report's part (pure: bytes).

data/reports.json is a JSON array with one report per line ("[]" for none), and
data/scores.csv a BOM, the header row and every report's rows, in folder order, the same
bytes however the reports were shared out among processes (tests/test_site_aggregate.py).
"""

from __future__ import annotations

import csv
import io

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


def joined(records: list[str], rows: list[str]) -> tuple[bytes, bytes]:
    """data/reports.json and data/scores.csv of every report's record and rows, in the
    order given (folder order)."""
    reports = REPORTS_HEAD + REPORTS_SEPARATOR.join(records).encode("utf-8") + REPORTS_TAIL
    scores = SCORES_HEAD + "".join(rows).encode("utf-8")
    return (reports if records else REPORTS_EMPTY), scores
