"""The PDF cache and atomic file writes (shell module).

A PDF is reused when nothing it depends on changed. Its key is a sha256 over: the print
HTML, every local file it loads (stylesheets, images, fonts — see assets.py), the font
families of the theme and the font files they resolve to, the date pinned into the PDF,
Chromium's version, jixiao's version and this engine's print settings. Entries are files `<key>.pdf`; a half-written entry can
never be read because every write goes through a temporary file and os.replace.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from builder import __version__
from builder.pipeline.cachedir import project_cache_dir
from builder.render import theme

# Bump when the print options or the byte normalisation change: old entries become misses.
ENGINE_REVISION = "pdf-engine/2"


def pdf_cache_dir(content: Path, override: Path | None = None) -> Path:
    """The PDF cache inside the project's cache folder."""
    return project_cache_dir(content, override) / "pdf"


def cache_key(
    html: bytes,
    assets: list[bytes],
    *,
    chromium_version: str,
    day: datetime.date,
    print_options: str,
) -> str:
    """sha256 hex digest of everything the PDF bytes depend on (pure)."""
    digest = hashlib.sha256()

    def part(label: str, data: bytes) -> None:
        # Length-prefixed, so no two different inputs can run together into the same stream.
        digest.update(f"{label}:{len(data)}:".encode())
        digest.update(data)

    part("engine", ENGINE_REVISION.encode())
    part("jixiao", __version__.encode())
    part("chromium", chromium_version.encode())
    part("fonts", font_fingerprint().encode())
    part("options", print_options.encode())
    part("date", day.isoformat().encode())
    part("html", html)
    for data in assets:
        part("asset", data)
    return digest.hexdigest()


def _replace_via_temp(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    """Fill a temporary file beside PATH, then rename it over PATH (atomic on POSIX)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a published PDF must be world-readable.
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as out:
            fill(out)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@functools.cache
def font_fingerprint() -> str:
    """The theme's font families and the files fontconfig resolves them to (size, mtime):
    an updated font package changes the glyphs in the PDF, so it must change the key."""
    parts = []
    for family in (theme.FONT_SONG, theme.FONT_KAI, theme.FONT_HEI):
        try:
            found = subprocess.run(
                ["fc-match", "--format=%{file}", family],
                capture_output=True,
                text=True,
                timeout=30,
                check=True,
            ).stdout
            stat = Path(found).stat()
            parts.append(f"{family}={found}:{stat.st_size}:{stat.st_mtime_ns}")
        except (OSError, subprocess.SubprocessError):
            parts.append(family)  # no fontconfig tools: the family names alone
    return "|".join(parts)


def write_atomic(path: Path, data: bytes) -> None:
    """Write DATA to PATH so that PATH is either the old file or the complete new one."""
    _replace_via_temp(path, lambda out: out.write(data))


def copy_atomic(source: Path, path: Path) -> None:
    """Copy SOURCE to PATH with the same all-or-nothing guarantee as write_atomic."""
    with source.open("rb") as src:
        _replace_via_temp(path, lambda out: shutil.copyfileobj(src, out))


# The cache's size bound: past it, the entries used longest ago go (every edit of a
# report leaves its old PDF behind, forever without a bound).
MAX_CACHE_BYTES = 1 << 30


class PdfCache:
    """PDFs by key in one folder; `None` folder means no caching at all. An entry's
    modification time is when it was last used."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def entry(self, key: str) -> Path | None:
        """The cached PDF for KEY, when there is one (now marked as used)."""
        if self.folder is None:
            return None
        path = self.folder / f"{key}.pdf"
        try:
            os.utime(path)
        except OSError:  # no such entry (or one we may not touch: then it is not ours)
            return None
        return path

    def prune(self, keep: set[str], limit: int = MAX_CACHE_BYTES) -> int:
        """Delete the entries used longest ago, none of KEEP, until the cache holds at most
        LIMIT bytes (nine tenths of it, so that it is not pruned again at every build);
        how many were deleted."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        entries = []
        with os.scandir(self.folder) as found:
            for item in found:
                if item.name.endswith(".pdf") and item.is_file(follow_symlinks=False):
                    info = item.stat(follow_symlinks=False)
                    entries.append((info.st_mtime_ns, item.name, info.st_size))
        total = sum(size for _, _, size in entries)
        if total <= limit:
            return 0
        deleted = 0
        for _, name, size in sorted(entries):
            if total <= limit * 9 // 10:
                break
            if name.removesuffix(".pdf") in keep:
                continue
            (self.folder / name).unlink(missing_ok=True)
            total -= size
            deleted += 1
        return deleted

    def store(self, key: str, data: bytes) -> None:
        if self.folder is not None:
            write_atomic(self.folder / f"{key}.pdf", data)
