"""Rendering reports: numbered narrative, generated tables, the self-evaluation form,
narrative diagnostics and the print HTML document (pure; templates from the theme)."""

from builder.render.body import PreparedReport, TocEntry, prepare_report
from builder.render.document import (
    PRINT_CSS,
    RenderedReport,
    default_css_href,
    narrative_diagnostics,
    render_print_document,
    render_report,
    table_html,
)

__all__ = [
    "PRINT_CSS",
    "PreparedReport",
    "RenderedReport",
    "TocEntry",
    "default_css_href",
    "narrative_diagnostics",
    "prepare_report",
    "render_print_document",
    "render_report",
    "table_html",
]
