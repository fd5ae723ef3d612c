"""Reading content files only from inside the content folder (shell module).

Every file of the content (site.yaml, unit.yaml, report.yaml, report.md, a site's own
profiles) is read here: a regular file whose real path lies inside the content root.
A symbolic link that leads out of it, a link to nothing, a folder, FIFO or device where a
file is expected: each is a located error naming the file, and its target is never
opened, so nothing of a file outside the content can reach a page or a message. Opening
never waits: O_NONBLOCK, so a FIFO swapped in after the check reads as empty instead of
blocking until a writer comes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

from builder.diagnostics import Diagnostic, Pos, Severity, diag, register_code
from builder.loading.filenames import below, readable_name, relative

OUTSIDE = register_code("JX010", Severity.ERROR, "文件在内容目录之外（或是指向外面的链接）")
DANGLING = register_code("JX011", Severity.ERROR, "文件是指向不存在目标的链接")
NOT_REGULAR = register_code("JX012", Severity.ERROR, "应为普通文件，实际是文件夹或特殊文件")
UNREADABLE = register_code("JX013", Severity.ERROR, "无法读取文件")

_FLAGS = os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK | os.O_NOFOLLOW


class Read(NamedTuple):
    data: bytes
    name: str  # as diagnostics name the file


def link_name(path: str) -> str:
    """PATH as diagnostics name it without resolving it (it may be a link out, or to itself)."""
    return readable_name(relative(Path(os.path.abspath(path))))


def read_inside(path: str, root: str, shown: str, regular: bool = False) -> bytes | Diagnostic:
    """The bytes of PATH (absolute, normalised), or why it may not be read. ROOT: the
    content folder, resolved. SHOWN: how diagnostics name the file. REGULAR: the caller
    already knows PATH is a regular file below ROOT and no symbolic link (a directory
    entry of a resolved folder tells it without a system call): only O_NOFOLLOW guards
    then, for the 4,000 reports of a build."""
    if not regular:
        refused = _refusal(path, root, shown)
        if refused is not None:
            return refused
        path = os.path.realpath(path)
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        return _unreadable(shown, exc)
    try:
        if not regular and not stat.S_ISREG(os.fstat(fd).st_mode):
            return _not_regular(shown)  # swapped between the look and the opening
        chunks = []
        while chunk := os.read(fd, 1 << 18):
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        return _unreadable(shown, exc)
    finally:
        os.close(fd)


def exists(path: str) -> bool:
    """Whether anything is named PATH, a link to nothing included (os.path.exists says
    no to that, and it would pass for a missing file instead of a broken one)."""
    return os.path.lexists(path)


def _refusal(path: str, root: str, shown: str) -> Diagnostic | None:
    real = os.path.realpath(path)
    if below(real, root) is None:
        what = "是链接，指向" if os.path.islink(path) else "位于"
        return diag(
            OUTSIDE,
            f"「{shown}」{what}内容目录之外：{readable_name(real)}",
            Pos(shown),
            "jixiao 只读取内容目录（content/）之内的文件：请把文件本身放进内容目录，不要用链接指向别处。",
        )
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return diag(
            DANGLING,
            f"「{shown}」是链接，但它指向的文件不存在",
            Pos(shown),
            "删除这个链接，或让它指向内容目录中存在的文件。",
        )
    except OSError as exc:
        return _unreadable(shown, exc)
    return None if stat.S_ISREG(mode) else _not_regular(shown)


def _not_regular(shown: str) -> Diagnostic:
    return diag(
        NOT_REGULAR,
        f"「{shown}」不是普通文件（是文件夹、管道或设备）",
        Pos(shown),
        "这个名称应是一个普通文本文件：删除或改名占用它的文件夹或特殊文件。",
    )


def _unreadable(shown: str, exc: OSError) -> Diagnostic:
    why = exc.strerror or type(exc).__name__
    return diag(
        UNREADABLE,
        f"无法读取「{shown}」：{why}",
        Pos(shown),
        "检查文件的权限，以及它是否在读取时被移动或删除。",
    )
