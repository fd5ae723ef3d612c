"""Printing reports to PDF with headless Chromium (see engine.py for the entry point)."""

from builder.printing.cache import DEFAULT_CACHE_DIR
from builder.printing.engine import (
    DEFAULT_TIMEOUT,
    BrowserInfo,
    PrintJob,
    PrintOutcome,
    Progress,
    locate_browser,
    print_pdfs,
    terminal_progress,
)

__all__ = [
    "DEFAULT_CACHE_DIR",
    "DEFAULT_TIMEOUT",
    "BrowserInfo",
    "PrintJob",
    "PrintOutcome",
    "Progress",
    "locate_browser",
    "print_pdfs",
    "terminal_progress",
]
