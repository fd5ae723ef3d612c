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

With a SPARE folder (on OUT's filesystem: the project's cache, or serve's temporary
folder), the old site is not deleted after the exchange but renamed to SPARE, and the
next build starts from it instead of an empty folder (`prepare_from`): the build then
rewrites what changed, links what it reuses, and removes what is no longer there
(pipeline.py), instead of making thousands of folders and deleting as many. Removing
the old site and making the new folders cost more than the rest of a one-report rebuild
of 4,000 reports on ext4 (measured: README). Since the build checks or rewrites every
file it keeps, any earlier site is a good start, also a staging folder whose build found
errors in the content (`set_aside`); a folder is taken as a spare only while it holds
SPARE_MARKER, written once it is in place and removed before it is changed.
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
SPARE_MARKER = ".jixiao-spare"  # a complete previous site, kept to start the next build from
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
    return prepare_from(out, None)[0]


def prepare_from(out: Path, spare: Path | None) -> tuple[Path, bool]:
    """The staging folder next to OUT: the SPARE previous site when there is a complete
    one (True), else a fresh, empty one with the marker in it (False)."""
    out = out.absolute()
    check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    recover(out)
    staging = staging_path(out)
    if spare is not None and (spare / SPARE_MARKER).is_file() and (spare / MARKER).is_file():
        try:
            os.rename(spare, staging)
        except OSError:  # another file system than OUT's, or gone meanwhile
            _remove(spare)
        else:
            os.unlink(staging / SPARE_MARKER)  # being changed: no longer a complete site
            return staging, True
    elif spare is not None:
        _remove(spare)  # left incomplete by a killed build
    staging.mkdir()
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    return staging, False


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


def swap(staging: Path, out: Path, spare: Path | None = None) -> None:
    """Put STAGING in OUT's place; the previous site is removed once the new one is there
    (or kept as SPARE, for the next build to start from)."""
    out = out.absolute()
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        if spare is not None and _keep(staging, spare):
            return
        _remove(staging)  # now the old site
        return
    backup = backup_path(out)
    os.rename(out, backup)
    os.rename(staging, out)
    _remove(backup)


def _keep(old: Path, spare: Path) -> bool:
    """The OLD site as SPARE (False: it cannot be moved there)."""
    try:
        spare.parent.mkdir(parents=True, exist_ok=True)
        _remove(spare)
        os.rename(old, spare)
        (spare / SPARE_MARKER).write_bytes(b"")
    except OSError:
        return False
    return True


def seed_spare(out: Path, spare: Path) -> None:
    """A SPARE made of OUT by hard links, when there is none (a first build went into an
    empty folder): cheap in memory (serve), and safe, as a build replaces files in its
    staging folder instead of writing into them. Best effort."""
    if (spare / SPARE_MARKER).is_file():
        return
    try:
        _remove(spare)
        shutil.copytree(out, spare, symlinks=True, copy_function=os.link)
        (spare / SPARE_MARKER).write_bytes(b"")
    except OSError:
        _remove(spare)


def set_aside(staging: Path, spare: Path) -> None:
    """A STAGING folder that is not published (the content has errors), kept as SPARE for
    the next build to start from, as a replaced site is (removed when it cannot be)."""
    if not _keep(staging, spare):
        _remove(staging)


def discard(staging: Path) -> None:
    _remove(staging)
