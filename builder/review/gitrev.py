"""Content at a git revision, without touching the working tree (shell module).

Files are read with `git ls-tree` + `git cat-file --batch` and written into a
temporary folder, so the author's checkout, index and stash are never disturbed.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from builder.loading.content import load_content, report_folders
from builder.pipeline import run as pipeline
from builder.review.diff import Snapshot
from builder.scoring.engine import ScoreCard
from builder.usage import UsageError


class GitError(UsageError):
    """git refused (not a repository, unknown revision): a usage error, exit code 2."""


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError as exc:
        raise GitError("找不到 git 命令：请先安装 git") from exc
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git {' '.join(args[:2])} 失败：{reason}")
    return done.stdout


def repo_root(start: Path) -> Path | None:
    """The top folder of the git work tree holding START, or None outside any repository."""
    try:
        out = _git(["rev-parse", "--show-toplevel"], start)
    except GitError:
        return None
    return Path(out.decode("utf-8").strip()).resolve()


def require_repo_root(start: Path) -> Path:
    root = repo_root(start)
    if root is None:
        raise GitError(f"「{start}」不在 git 仓库中")
    return root


def repo_relative(file: str, root: Path | None, cwd: Path) -> str:
    """A diagnostic's file relative to the repository root (unchanged when outside it)."""
    if root is None or not file:
        return file
    try:
        return (cwd / file).resolve().relative_to(root).as_posix()
    except ValueError:
        return file


def resolve_revision(root: Path, rev: str) -> str:
    """The commit id REV names; a GitError (exit 2) when it names none."""
    try:
        out = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], root)
    except GitError as exc:
        raise GitError(f"未知的 git 版本「{rev}」") from exc
    return out.decode("ascii").strip()


def export_tree(root: Path, commit: str, subdir: str, dest: Path) -> int:
    """Write the files under SUBDIR (repo-relative) at COMMIT into DEST; return how many.

    Only regular files are written: symlinks and submodules are content nobody reviews.
    """
    listing = _git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", subdir], root)
    blobs: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, name = entry.split(b"\t", 1)
        mode, kind, sha = meta.decode("ascii").split()
        if kind == "blob" and mode in ("100644", "100755"):
            blobs.append((sha, name.decode("utf-8")))
    if not blobs:
        return 0
    batch = _git(["cat-file", "--batch"], root, "".join(f"{sha}\n" for sha, _ in blobs).encode())
    for (_sha, path), data in zip(blobs, _split_batch(batch), strict=True):
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return len(blobs)


def _split_batch(batch: bytes) -> list[bytes]:
    """Contents from `git cat-file --batch` output: '<sha> <type> <size>\\n<data>\\n' each."""
    contents = []
    at = 0
    while at < len(batch):
        header_end = batch.index(b"\n", at)
        size = int(batch[at:header_end].split()[2])
        start = header_end + 1
        contents.append(batch[start : start + size])
        at = start + size + 1
    return contents


# --- snapshots: evaluated content at a revision or in the working tree ----------------


def content_prefix(root: Path, content: Path, cwd: Path) -> str:
    """The content folder relative to the repository root ('' when it is the root)."""
    try:
        relative = (cwd / content).resolve().relative_to(root)
    except ValueError as exc:
        raise GitError(f"内容目录「{content}」不在 git 仓库「{root}」中") from exc
    return "" if relative == Path(".") else relative.as_posix()


def snapshot_at(root: Path, rev: str, prefix: str) -> Snapshot:
    """The content as committed at REV, evaluated from a temporary copy."""
    commit = resolve_revision(root, rev)
    with tempfile.TemporaryDirectory(prefix="jixiao-diff-") as temp:
        base = Path(temp).resolve()
        export_tree(root, commit, prefix or ".", base)
        return _snapshot(base, prefix, Path.cwd())


def snapshot_of_worktree(root: Path, prefix: str) -> Snapshot:
    """The content as it is on disk now, committed or not."""
    return _snapshot(root, prefix, Path.cwd())


def _snapshot(base: Path, prefix: str, cwd: Path) -> Snapshot:
    content_dir = base / prefix if prefix else base
    if not content_dir.is_dir() or not report_folders(content_dir):
        return Snapshot(folders={}, diagnostics=(), prefix=prefix)
    evaluated = pipeline.evaluate(load_content([content_dir]))
    root = evaluated.content.root
    folders: dict[str, ScoreCard | None] = {
        folder.relative_to(root).as_posix(): None for folder in report_folders(content_dir)
    }
    for card in evaluated.cards:
        folders[card.report.folder] = card
    diagnostics = tuple(
        replace(d, pos=replace(d.pos, file=repo_relative(d.pos.file, base, cwd)))
        for d in evaluated.diagnostics
    )
    return Snapshot(folders=folders, diagnostics=diagnostics, prefix=prefix)
