"""Rendering reports: numbered narrative, generated tables, the self-evaluation form,
narrative diagnostics and the print HTML document (pure; templates from the theme)."""

from builder.render.document import (
    PRINT_CSS,
    RenderedReport,
    TocEntry,
    default_css_href,
    narrative_diagnostics,
    render_print_document,
    render_report,
    table_html,
)

__all__ = [
    "PRINT_CSS",
    "RenderedReport",
    "TocEntry",
    "default_css_href",
    "narrative_diagnostics",
    "render_print_document",
    "render_report",
    "table_html",
]
