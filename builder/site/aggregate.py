"""data/reports.json and data/scores.csv written in parts, one per shard (pure: bytes).

Each build process writes its own reports' part straight into the two files at the
offsets the parts before it end at, instead of sending 35 MB of text (4,000 reports) to
the build process to be joined and written there, on one CPU, after everything else.
Assembled, data/reports.json is a JSON array with one report per line ("[]" for none),
and data/scores.csv a BOM, the header row and every report's rows, in folder order, the
same bytes however the reports were shared out (tests/test_site_aggregate.py).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Parts:
    """One shard's reports (report.json texts) and score rows (scores.csv lines)."""

    records: list[str]
    rows: list[str]

    def encoded(self, at: Offsets) -> tuple[bytes, bytes]:
        """The two byte strings to write at AT (a separator first unless AT is the start)."""
        rows = "".join(self.rows).encode("utf-8")
        if not self.records:
            return b"", rows
        lead = "" if at.first else REPORTS_SEPARATOR
        return (lead + REPORTS_SEPARATOR.join(self.records)).encode("utf-8"), rows


@dataclass(frozen=True)
class Offsets:
    """Where the next shard's parts go in the two files."""

    reports: int
    scores: int
    first: bool = True  # no report before this point

    @staticmethod
    def start() -> Offsets:
        return Offsets(len(REPORTS_HEAD), len(SCORES_HEAD))

    def after(self, sizes: tuple[int, int]) -> Offsets:
        """The offsets after parts of SIZES (bytes of records, bytes of rows)."""
        records, rows = sizes
        first = self.first and records == 0
        return Offsets(self.reports + records, self.scores + rows, first)


def reports_tail(end: Offsets) -> tuple[int, bytes]:
    """What ends data/reports.json and where (at 0 when no report came: the empty array)."""
    return (0, REPORTS_EMPTY) if end.first else (end.reports, REPORTS_TAIL)
