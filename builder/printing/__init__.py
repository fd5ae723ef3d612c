"""Printing reports to PDF with headless Chromium (see engine.py for the entry point)."""

from builder.printing.cache import pdf_cache_dir
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
    "DEFAULT_TIMEOUT",
    "BrowserInfo",
    "PrintJob",
    "PrintOutcome",
    "Progress",
    "locate_browser",
    "pdf_cache_dir",
    "print_pdfs",
    "terminal_progress",
]
