"""The per-report build cache (shell: reads and writes the project's cache folder).

A report's outputs (its page, report.json, print document, open-data parts, listing entry
and diagnostics) depend on its report.yaml and report.md, its unit.yaml, site.yaml and the
profile files it names, the theme, jixiao itself (every file of the installed package,
not just its version number: an edited checkout must not reuse stale pages), the working
folder (diagnostics name files relative to it) and the build options. The first group is
a report's KEY; a record made under the same key is reused as long as the page CONTEXT it
was rendered with (its 索引号, its unit neighbours, the grade folders) is the same too.
Otherwise the report is loaded and rendered again.

Layout: `<project cache>/reports/<variant>/<slot[:2]>/<slot>/`, one slot per report
folder and build variant (with or without PDFs, drafts): a slot holds the latest
outputs of that report as files named `<nonce>.<name>` (hard-linked into the staged
site) and `record.pickle` (a Record, pickled with a revision stamp: a record that fails
to unpickle, of another revision or another key is a miss). The cache therefore keeps at
most one version of each report per variant; slots of reports that disappear are removed
after the next build that published without them.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import pickle
import shutil
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from builder import __version__
from builder.diagnostics import Diagnostic
from builder.model import Unit
from builder.publish.links import LinkSummary
from builder.site.entries import Entry, Neighbours

# Bump when a Record's fields or the key's parts change: older records become misses.
REVISION = "reports/8"
RECORD = "record.pickle"
STATE = "published.pickle"  # what the last published build used (see State)
PACKAGE = Path(__file__).resolve().parents[1]
REPORT_FILES = (("yaml", "report.yaml"), ("md", "report.md"))  # (label in a key, name)
RECENT_NS = 2_000_000_000  # a report file changed this recently is read (ReportCache.signature)


@dataclass(frozen=True)
class Context:
    """What a report's page and open-data record take from the other reports."""

    index_no: str
    neighbours: Neighbours
    grade_slugs: tuple[tuple[str, str | None], ...]  # of the grades the page shows


@dataclass
class Record:
    """One report's outputs, as the build that rendered them made them."""

    revision: str
    key: str
    folder: str  # the report folder (absolute), as the build lists it
    entry: Entry
    unit: Unit
    diagnostics: tuple[Diagnostic, ...]  # loading, scoring and checking it (and its unit.yaml)
    allowed: frozenset[str]  # its part of the numbers the last personal-data gate lets pass
    context: str = ""  # the digest of its page context (incremental.contexts)
    render_diagnostics: tuple[Diagnostic, ...] = ()
    record: str = ""  # its report.json text (also its line in data/reports.json)
    rows: str = ""  # its lines of data/scores.csv
    links: LinkSummary = field(default_factory=LinkSummary)  # of its page and print document
    # (name, path in the site) of each of its files, stored as <nonce>.<name>
    files: tuple[tuple[str, str], ...] = ()
    nonce: str = ""
    entry_digest: str = ""  # of its listing entry (site/sitestage.py)
    signature: str = ""  # its files' status when KEY was made (ReportCache.signature)
    part_digest: str = ""  # of RECORD and ROWS (part_digest)


def entry_digest(entry: Entry) -> str:
    """A digest of ENTRY's fields: the same entry gives the same digest in every build
    (its repr, unlike pickled bytes, does not depend on which objects it shares)."""
    return hashlib.sha256(repr(entry).encode("utf-8", "surrogateescape")).hexdigest()


def part_digest(record: str, rows: str) -> str:
    """A digest of one report's part of the open data: its record and its rows
    (pipeline/openparts.py)."""
    digest = hashlib.sha256()
    _part(digest, "record", record.encode("utf-8", "surrogateescape"))
    _part(digest, "rows", rows.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


@dataclass
class State:
    """The slots of the last build that published from this variant, with the numbers its
    personal-data gate let pass: a slot's files that passed then pass under any superset."""

    allowed: frozenset[str] = frozenset()
    slots: dict[str, str] = field(default_factory=dict)  # slot → nonce


def _digest_files(digest: hashlib._Hash, root: Path) -> None:
    """Every file under ROOT (names and bytes, sorted), compiled bytecode excepted."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".pyc"):
                continue
            path = Path(folder, name)
            _part(digest, str(path.relative_to(root)), path.read_bytes())


def _part(digest: hashlib._Hash, label: str, data: bytes) -> None:
    # Length-prefixed, so that no two different inputs run together into the same stream.
    digest.update(os.fsencode(f"{label}:{len(data)}:"))  # names may not be UTF-8
    digest.update(data)


def installation_digest(theme: Path, options: Iterable[str]) -> str:
    """The part of every key that does not depend on the content: jixiao's files, the
    theme's, the working folder and the build options."""
    digest = hashlib.sha256()
    _part(digest, "revision", REVISION.encode())
    _part(digest, "version", __version__.encode())
    _digest_files(digest, PACKAGE)
    _digest_files(digest, theme)
    _part(digest, "cwd", os.fsencode(os.getcwd()))
    _part(digest, "options", os.fsencode("\0".join(options)))
    return digest.hexdigest()


def _settled(*times_ns: int) -> bool:
    """Whether a file with these modification and change times has not changed in the
    last RECENT_NS, so that its status may stand for its bytes (ReportCache.signature)."""
    return max(times_ns) <= time.time_ns() - RECENT_NS


# What a long-lived process (`jixiao serve`) read before, kept between its builds: each
# report file's digest by path, with the status it had (inode, size, times: a file
# written since has another change time, which no tool can set back), and each slot's
# record as read or stored. Records never change once stored (a new version is a new
# record), and a record whose files are gone is rendered again (ReportCache.link_into).
_DIGESTS: dict[str, tuple[tuple[int, int, int, int], bytes]] = {}
_RECORDS: dict[str, Record] = {}


def _file_part(
    digest: hashlib._Hash, label: str, path: str, link: bool | None = None, keep: bool = False
) -> None:
    """A content file as the loader would see it: absent, a link (its target's bytes are
    the loader's business: a link is its own case in the key), or its bytes' digest. LINK:
    whether it is a link, when its directory entry said so already. KEEP: its digest is
    kept (_DIGESTS) and not read again while its status is the same (unless it changed in
    the last RECENT_NS: see ReportCache.signature)."""
    try:
        link = os.path.islink(path) if link is None else link
        status = os.stat(path) if keep else None
        if status is not None:
            seen = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
            kept = _DIGESTS.get(path)
            if kept is not None and kept[0] == seen:
                _part(digest, label + (" link" if link else ""), kept[1])
                return
        with open(path, "rb") as handle:
            data = hashlib.sha256(handle.read()).digest()
    except OSError as exc:
        _part(digest, label, f"unreadable {exc.errno}".encode())
        return
    if status is not None and _settled(*seen[2:]):
        _DIGESTS[path] = (seen, data)
    _part(digest, label + (" link" if link else ""), data)


class ReportCache:
    """The slots of one build variant; COMMON: the digest of everything all reports share."""

    def __init__(self, folder: Path, installation: str, live: bool = False) -> None:
        self.folder = folder
        self.installation = installation
        self.live = live  # a long-lived process: keep what was read (_DIGESTS, _RECORDS)
        self.common = ""
        self._units: dict[str, bytes] = {}
        self._slots: dict[str, str] = {}

    def start(self, root: Path, site_files: Iterable[Path]) -> None:
        """The content-wide part of the keys: site.yaml and the profile files it names."""
        digest = hashlib.sha256()
        _part(digest, "installation", self.installation.encode())
        _part(digest, "root", os.fsencode(root))
        for path in site_files:
            _file_part(digest, str(path), str(path))
        self.common = digest.hexdigest()

    def _unit(self, folder: str) -> bytes:
        """The digest of the unit.yaml of the report in FOLDER (read once per unit)."""
        unit_dir = os.path.dirname(os.path.dirname(folder))
        unit = self._units.get(unit_dir)
        if unit is None:
            unit_digest = hashlib.sha256()
            _file_part(unit_digest, "unit", os.path.join(unit_dir, "unit.yaml"))
            unit = self._units[unit_dir] = unit_digest.digest()
        return unit

    def _started(self, folder: str) -> hashlib._Hash:
        """A digest of what a report's key and signature share: the common part, its
        folder, its unit.yaml."""
        digest = hashlib.sha256()
        _part(digest, "common", self.common.encode())
        _part(digest, "folder", os.fsencode(folder))
        _part(digest, "unit", self._unit(folder))
        return digest

    def key(self, folder: str, files: Mapping[str, os.DirEntry[str]]) -> str:
        """The key of the report in FOLDER (absolute), whose report files FILES are (by
        name, as listed): their bytes, its unit.yaml's, the common part."""
        digest = self._started(folder)
        for label, name in REPORT_FILES:
            entry = files.get(name)
            if entry is None:
                _part(digest, label, b"absent")
            else:
                _file_part(digest, label, entry.path, entry.is_symlink(), self.live)
        return digest.hexdigest()

    def signature(self, folder: str, files: Mapping[str, os.DirEntry[str]]) -> str:
        """What stands for the key of the report in FOLDER while its files are the very
        files the key was read from, as git's index trusts a file's status: the common
        part, its unit.yaml's digest and the status of its report files (device, inode,
        size, modification and change times: a file written since has another change
        time, which no tool can set back). Made before the key, so that a file written
        while the key is read gets another. "" (none) for a link, whose target may change
        under it, a file it cannot stat, or one changed in the last RECENT_NS: file times
        advance in ticks of a few milliseconds, so a file written again within the tick it
        was read in (same size) would keep its status; git's index calls such files
        "racily clean" and reads them. The key is read then."""
        digest = self._started(folder)
        for label, name in REPORT_FILES:
            entry = files.get(name)
            try:
                if entry is not None and entry.is_symlink():
                    return ""
                seen = entry.stat(follow_symlinks=False) if entry is not None else None
            except OSError:
                return ""
            if seen is None:
                _part(digest, label, b"absent")
            elif not _settled(seen.st_mtime_ns, seen.st_ctime_ns):
                return ""
            else:
                times = (seen.st_dev, seen.st_ino, seen.st_size, seen.st_mtime_ns, seen.st_ctime_ns)
                _part(digest, label, repr(times).encode())
        return digest.hexdigest()

    def slot(self, folder: str) -> str:
        """The slot folder of the report in FOLDER (a str: thousands are asked for)."""
        slot = self._slots.get(folder)
        if slot is None:
            name = hashlib.sha256(os.fsencode(folder)).hexdigest()[:32]
            slot = self._slots[folder] = os.path.join(self.folder, name[:2], name)
        return slot

    def stored(self, folder: str) -> Record | None:
        """The record stored for FOLDER (None: none, a damaged or foreign file)."""
        slot = self.slot(folder)
        kept = _RECORDS.get(slot) if self.live else None
        if kept is not None and kept.folder == folder:
            return kept
        try:
            with open(os.path.join(slot, RECORD), "rb") as handle:
                record = pickle.load(handle)
        except Exception:
            return None
        if not isinstance(record, Record) or record.revision != REVISION:
            return None
        if record.folder != folder or not record.context:
            return None
        if self.live:
            _RECORDS[slot] = record
        return record

    def link_into(self, record: Record, staging: Path) -> bool:
        """The record's files into the STAGING site, whose folders for them exist (False:
        one is gone from the cache)."""
        slot, into = self.slot(record.folder), str(staging)
        done: list[str] = []
        try:
            for name, path in record.files:
                made = os.path.join(into, path)
                link_file(os.path.join(slot, f"{record.nonce}.{name}"), made)
                done.append(made)
        except FileNotFoundError:
            # Undone: rendering the report again must write new files, never through a
            # link into the cache (or into the published site that shares its files).
            for path in done:
                os.unlink(path)
            return False
        return True

    def store(self, record: Record, staging: Path) -> bool:
        """RECORD and its files (in the STAGING site) into its slot. Best effort: a cache
        that cannot be written costs the next build time, nothing else."""
        slot = Path(self.slot(record.folder))
        record.nonce = os.urandom(8).hex()
        try:
            slot.mkdir(parents=True, exist_ok=True)
            for name, path in record.files:
                link_file(str(staging / path), str(slot / f"{record.nonce}.{name}"))
            temporary = slot / f".{record.nonce}.tmp"
            temporary.write_bytes(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, slot / RECORD)
            if self.live:
                _RECORDS[str(slot)] = record
            # The files of the version replaced (a build reading it now finds them gone
            # and renders the report instead).
            for old in os.listdir(slot):
                if old != RECORD and not old.startswith(record.nonce):
                    with contextlib.suppress(OSError):
                        os.unlink(slot / old)
        except OSError:
            return False
        return True

    def slot_name(self, folder: str) -> str:
        return os.path.basename(self.slot(folder))

    def state(self) -> State:
        try:
            with open(self.folder / STATE, "rb") as handle:
                state = pickle.load(handle)
        except Exception:
            return State()
        return state if isinstance(state, State) else State()

    def published(self, state: State) -> None:
        """STATE is what the build that just published used: slots it no longer has go."""
        previous = self.state()
        for gone in set(previous.slots) - set(state.slots):
            shutil.rmtree(self.folder / gone[:2] / gone, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{os.getpid()}.state.tmp"
            temporary.write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, self.folder / STATE)


def link_file(source: str, target: str) -> None:
    """TARGET as a hard link to SOURCE (a copy across file systems); replaced if there,
    unless it is that link already."""
    try:
        os.link(source, target)
        return
    except FileExistsError:
        if _same(source, target):
            return  # put there by the build the staging folder was before
        os.unlink(target)  # never written through: it may be a link to another file
    except OSError as exc:
        if exc.errno not in _NO_LINK:
            raise
        shutil.copy2(source, target)
        return
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in _NO_LINK:
            raise
        shutil.copy2(source, target)


def _same(source: str, target: str) -> bool:
    """Whether TARGET is SOURCE: the same file, or (across file systems) a copy of it as
    copy2 makes one (same size and time; the cache's files never change once stored)."""
    one, other = os.stat(source), os.stat(target)
    if (one.st_dev, one.st_ino) == (other.st_dev, other.st_ino):
        return True
    return one.st_dev != other.st_dev and (one.st_size, one.st_mtime_ns) == (
        other.st_size,
        other.st_mtime_ns,
    )


_NO_LINK = (errno.EXDEV, errno.EPERM, errno.EMLINK)  # another file system, or none allowed
