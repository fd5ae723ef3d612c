"""How files and folders are named: in diagnostics (relative to the working directory)
and in the site (relative to the content folder).

Pure string operations on normalised absolute paths (as os.getcwd(), str(Path) and
os.scandir give them), pinned against pathlib by tests/test_content_paths.py: loading
asks them three times for every report, and PurePath's parsing of both sides of a
relative_to() was a tenth of loading. shown() alone looks at the disk (resolve()).
"""

from __future__ import annotations

import os
from pathlib import Path


def shown(path: Path) -> str:
    """How a file is named in diagnostics: relative to the working directory when inside it."""
    return relative(path.resolve())


def relative(resolved: Path, cwd: Path | None = None) -> str:
    # os.getcwd() already returns the physical path (no symlinks): resolving it again
    # would only cost a system call per path component, for every file shown.
    cwd = cwd or Path.cwd()
    try:
        return resolved.relative_to(cwd).as_posix()
    except ValueError:
        return resolved.as_posix()


def below(path: str, base: str) -> str | None:
    """Path(PATH).relative_to(BASE).as_posix(), or None when PATH is not below BASE."""
    if path == base:
        return "."
    prefix = base if base.endswith("/") else base + "/"
    return path[len(prefix) :] if path.startswith(prefix) else None


def parent(path: str) -> str:
    """Path(PATH).parent as a str, for a normalised absolute PATH."""
    return path.rpartition("/")[0] or "/"


def child(folder: str, name: str) -> str:
    """str(Path(folder, name)) for a normalised absolute FOLDER."""
    return f"{folder}/{name}" if folder != "/" else f"/{name}"


def shown_in(folder: str, name: str, files: dict[str, os.DirEntry[str]], cwd: str) -> str:
    """shown(Path(folder, name)) for an already resolved FOLDER whose entries are FILES
    (no system call unless the file is a symbolic link; this runs for two files a report)."""
    path = child(folder, name)
    entry = files.get(name)
    if entry is not None and entry.is_symlink():
        return shown(Path(path))
    inside = below(path, cwd)
    return path if inside is None else inside
