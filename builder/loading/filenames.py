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

from builder.diagnostics import Diagnostic, Pos, diag
from builder.site.codes import UNSAFE_FOLDER


def shown(path: Path) -> str:
    """How a file is named in diagnostics: relative to the working directory when inside it
    (bytes of its name that are not UTF-8 written as \\xNN: see readable_name)."""
    return readable_name(relative(path.resolve()))


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


def readable_name(name: str) -> str:
    """NAME with any bytes that are not UTF-8 (os.fsdecode keeps them as lone surrogates,
    which no terminal, page or file can take) written as \\xNN."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


# Folder names become addresses, file names in the site and words in pages: letters of
# any script and digits (str.isalnum), "-", "_" and "." (not first) are the same in all
# three. What else would need escaping somewhere is refused, not escaped.
_NAME_EXTRA = frozenset("-_.")
_CHAR_NAMES = {" ": "空格", "\u3000": "全角空格", "\t": "制表符"}


def refused_characters(name: str) -> list[str]:
    """The characters of folder NAME that are not allowed, each once, as shown to the author."""
    bad = [c for c in dict.fromkeys(name) if not (c.isalnum() or c in _NAME_EXTRA)]
    shown_chars = [_shown_character(c) for c in bad]
    if name.startswith(".") and "「.」（开头）" not in shown_chars:
        shown_chars.insert(0, "「.」（开头）")
    return shown_chars


def _shown_character(char: str) -> str:
    if "\udc80" <= char <= "\udcff":  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"非 UTF-8 字节 \\x{ord(char) - 0xDC00:02x}"
    if char in _CHAR_NAMES:
        return _CHAR_NAMES[char]
    return f"「{char}」" if char.isprintable() else f"控制字符 U+{ord(char):04X}"


def folder_problems(folder: str, relative_folder: str, cwd: str) -> list[Diagnostic]:
    """A JX611 for each folder of RELATIVE_FOLDER (report FOLDER below the content
    folder, e.g. unit/year/report) whose name is not allowed, at that folder."""
    found = []
    parts = relative_folder.split("/") if relative_folder != "." else []
    for depth, name in enumerate(parts):
        refused = refused_characters(name)
        if refused:
            path = folder.rsplit("/", len(parts) - 1 - depth)[0]
            inside = below(path, cwd)
            found.append(
                diag(
                    UNSAFE_FOLDER,
                    f"目录名「{readable_name(name)}」含有不允许的字符：{'、'.join(refused)}",
                    Pos(readable_name(path if inside is None else inside)),
                    "目录名会成为网页地址和文件名的一部分：只能用字母、汉字、数字、连字符（-）、"
                    "下划线（_）和点（.，不能在开头）。请给目录改名。",
                )
            )
    return found
