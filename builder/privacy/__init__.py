"""The personal-data guard: 身份证号, mobile numbers and bank card numbers in public text.

Everything in report.md, report.yaml, unit.yaml and site.yaml is published (the YAML in
the git repository reviewers see, its values on the site and in the PDFs). `guard` reads
those files as a reader sees them (sources.py) and reports every hit at its line:col;
`published.check` reads every file about to be published, the last gate before the
site is swapped into place.

Not flagged, so authors can keep a redacted value: masked digits (138****1234,
440103********123X) and the marker ［已脱敏］. A number that is known not to be personal
(say a contract number that happens to pass a checksum) is kept by ending its line with
the marker `jixiao:非个人信息` (in a YAML comment; in Markdown as plain text).
"""

from __future__ import annotations

from builder.privacy.numbers import (
    ALLOW_MARKER,
    ID_WEIGHTS,
    REDACTED,
    is_bank_card,
    is_id15,
    is_id18,
    is_mobile,
    luhn_ok,
    mask,
)
from builder.privacy.scan import Found, find_numbers
from builder.privacy.sources import allowed_numbers, guard, scan_text

__all__ = [
    "ALLOW_MARKER",
    "ID_WEIGHTS",
    "REDACTED",
    "Found",
    "allowed_numbers",
    "find_numbers",
    "guard",
    "is_bank_card",
    "is_id15",
    "is_id18",
    "is_mobile",
    "luhn_ok",
    "mask",
    "scan_text",
]
