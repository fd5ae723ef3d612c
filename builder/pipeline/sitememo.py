"""The site-wide files of the last build, kept by the digest of their inputs (shell: reads
and writes the report cache's folder).

After one report.md changed, the listing pages, the feed and the sitemap are the same
bytes as before (they show the reports' entries, not their text), and so are the open-data
files when no report's record changed. A group of files is stored under the digest of
everything it is made from and linked into the staged site when the next build's digest
is the same, instead of being rendered and written again (tens of pages and 35 MB of open
data at 4,000 reports). A group that passed the last personal-data gate under no more
allowed numbers than this build's is not read again either.

Layout: `<variant>/site/<group>/<nonce>/<path>` and `<variant>/site/<group>/kept.pickle`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from builder.pipeline.reportcache import link_file
from builder.publish.links import LinkSummary

KEPT = "kept.pickle"


@dataclass
class Kept:
    """One group's files as a build made them."""

    digest: str
    files: tuple[str, ...]  # site-relative paths
    links: LinkSummary = field(default_factory=LinkSummary)  # of its pages
    nonce: str = ""
    allowed: frozenset[str] | None = None  # passed the last gate under these (None: not yet)


def digest_of(*parts: object) -> str:
    """A digest of PARTS, by their repr: the same values give the same text in every run
    (pickled bytes would not: they depend on which objects happen to be shared)."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogateescape")).hexdigest()


class SiteMemo:
    def __init__(self, folder: Path) -> None:
        self.folder = folder / "site"

    def lookup(self, group: str, digest: str) -> Kept | None:
        try:
            with open(self.folder / group / KEPT, "rb") as handle:
                kept = pickle.load(handle)
        except Exception:
            return None
        return kept if isinstance(kept, Kept) and kept.digest == digest else None

    def link_into(self, group: str, kept: Kept, staging: Path) -> bool:
        """KEPT's files into STAGING (False: one is gone; the group is made again)."""
        stored = self.folder / group / kept.nonce
        done: list[Path] = []
        try:
            for path in kept.files:
                target = staging / path
                target.parent.mkdir(parents=True, exist_ok=True)
                link_file(str(stored / path), str(target))
                done.append(target)
        except FileNotFoundError:
            for target in done:  # written afresh, never through a link into the memo
                os.unlink(target)
            return False
        return True

    def store(self, group: str, kept: Kept, staging: Path) -> None:
        """KEPT's files (in STAGING) under a new nonce; the previous ones go. Best effort."""
        kept.nonce = os.urandom(8).hex()
        folder = self.folder / group
        try:
            for path in kept.files:
                target = folder / kept.nonce / path
                target.parent.mkdir(parents=True, exist_ok=True)
                link_file(str(staging / path), str(target))
            self._write(group, kept)
        except OSError:
            return
        for old in os.listdir(folder):
            if old not in (kept.nonce, KEPT):
                shutil.rmtree(folder / old, ignore_errors=True)

    def passed(self, group: str, kept: Kept, allowed: frozenset[str]) -> None:
        """KEPT was published: its files passed the last gate under ALLOWED."""
        kept.allowed = allowed
        with contextlib.suppress(OSError):
            self._write(group, kept)

    def _write(self, group: str, kept: Kept) -> None:
        folder = self.folder / group
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".{kept.nonce}.tmp"
        temporary.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, folder / KEPT)
