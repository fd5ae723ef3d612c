"""Writing the site's files (shell): whole files and why one failed."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable
from pathlib import Path

from builder.diagnostics import Diagnostic, Pos, diag
from builder.site.codes import WRITE_FAILED


def write_file(path: Path, text: str) -> None:
    # os-level calls: Python's open() adds an fstat, an ioctl and two objects per file, a
    # third of the cost of writing a report page's two files (measured).
    write_bytes(path, text.encode("utf-8"))


_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC


def write_bytes(path: Path, data: bytes) -> None:
    """DATA as the file PATH, a new file: one already there (in a staging folder made from
    the last site) may be a link into the report cache, which must not be written through."""
    write_pieces(path, (data,))


def write_pieces(path: Path, pieces: Iterable[bytes]) -> None:
    """PIECES, one after the other, as the new file PATH (see write_bytes)."""
    try:
        fd = os.open(path, _NEW, 0o666)
    except FileExistsError:
        os.unlink(path)
        fd = os.open(path, _NEW, 0o666)
    try:
        offset = 0
        for piece in pieces:
            _fill(fd, piece, offset, path)
            offset += len(piece)
    finally:
        os.close(fd)


def _fill(fd: int, data: bytes, offset: int, path: Path) -> None:
    """All of DATA into FD from OFFSET; an error names PATH (os.pwrite does not)."""
    view = memoryview(data)
    try:
        while view:
            written = os.pwrite(fd, view, offset)
            view, offset = view[written:], offset + written
    except OSError as exc:
        if exc.filename is None:
            exc.filename = str(path)
        raise


_WHY = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "文件系统是只读的",
    errno.EFBIG: "文件超过了系统允许的大小",
}


def write_failure(exc: OSError) -> Diagnostic:
    """Why a file of the site could not be written (a full disk, a folder not writable)."""
    why = _WHY.get(exc.errno or 0) or exc.strerror or str(exc)
    return diag(
        WRITE_FAILED,
        f"无法写入网站文件：{why}",
        Pos(str(exc.filename) if exc.filename else "site"),
        "检查磁盘空间和输出目录的写入权限；已发布的网站保持不变。",
    )


def make_folder(folder: Path) -> None:
    """FOLDER and any missing parents: a report's folder is new, its unit and year folders
    mostly exist, so try the one mkdir first (os.makedirs stats the parent every time)."""
    try:
        os.mkdir(folder)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    except FileExistsError:
        if not folder.is_dir():
            raise
