"""Building into a staging folder and swapping it into place atomically (shell).

    staging = prepare(out)     # cleans what a killed build left, returns an empty folder
    ... write the whole site into staging ...
    swap(staging, out)         # only when everything succeeded; else discard(staging)

The staging folder sits next to OUT (site.staging beside site), so it is on the same
filesystem and the swap is a rename. On Linux the swap is one renameat2(RENAME_EXCHANGE)
call: at every instant OUT is either the complete old site or the complete new one, and the
old site, now at the staging name, is deleted afterwards. Elsewhere the fallback is two
renames through OUT.old; a build killed between them leaves OUT missing and OUT.old
complete, and the next `prepare` puts OUT.old back before doing anything else.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from builder.usage import UsageError

MARKER = ".jixiao-site"  # written into every site we build: we only ever replace our own
MARKER_TEXT = "jixiao\n"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def staging_path(out: Path) -> Path:
    return out.with_name(out.name + ".staging")


def backup_path(out: Path) -> Path:
    return out.with_name(out.name + ".old")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def recover(out: Path) -> None:
    """Undo what a killed build left behind: restore OUT from OUT.old when OUT is missing,
    then remove the leftover staging and backup folders."""
    backup = backup_path(out)
    if not out.exists() and (backup / MARKER).is_file():
        os.rename(backup, out)
    _remove(backup)
    _remove(staging_path(out))


def check_replaceable(out: Path) -> None:
    """Refuse to ever replace a folder that is not a site jixiao built."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise UsageError(
            f"输出目录 {out} 已存在且不是 jixiao 生成的网站，为避免误删，不会替换它。"
            "请指定另一个目录（--out），或先手动移走它。"
        )


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """One build at a time per output folder: a second waits (the lock is on OUT's parent
    folder and goes away with the process, also when it is killed)."""
    parent = out.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def prepare(out: Path) -> Path:
    """A fresh, empty staging folder next to OUT (with the marker already in it)."""
    out = out.absolute()
    check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    staging = staging_path(out)
    staging.mkdir()
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return staging


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False when the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap(staging: Path, out: Path) -> None:
    """Put STAGING in OUT's place; the previous site is removed once the new one is there."""
    out = out.absolute()
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        _remove(staging)  # now the old site
        return
    backup = backup_path(out)
    os.rename(out, backup)
    os.rename(staging, out)
    _remove(backup)


def discard(staging: Path) -> None:
    _remove(staging)
