"""Where a content project's caches live (light to import: `jixiao build --no-pdf` needs
it without the printing package, which loads Playwright)."""

from __future__ import annotations

import os
from pathlib import Path

# The cache belongs to the content project, not to the jixiao installation (which may be
# a read-only site-packages): `.jixiao-cache/` beside the content folder, git-ignored.
CACHE_FOLDER = ".jixiao-cache"
CACHE_ENV = "JIXIAO_CACHE_DIR"


def project_cache_dir(content: Path, override: Path | None = None) -> Path:
    """Where the caches of the project whose content folder is CONTENT live: OVERRIDE
    (--cache-dir), else $JIXIAO_CACHE_DIR, else `.jixiao-cache` beside the content folder."""
    if override is not None:
        return override
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    return content.absolute().parent / CACHE_FOLDER
