"""Reading the content tree from disk (shell module).

content/site.yaml, <unit>/unit.yaml, <unit>/<year>/<report>/report.yaml + report.md.
Every file is read once; parsing and validation are delegated to pure modules.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import NamedTuple

from builder import model
from builder.diagnostics import MISSING_FILE, NOT_A_REPORT, YEAR_MISMATCH, Diagnostic, Pos, diag
from builder.loading.collector import collector_paused
from builder.loading.confined import Read, exists, link_name, read_inside
from builder.loading.filenames import below, child, folder_problems, parent, readable_name, shown_in
from builder.loading.filenames import shown as shown  # named here by the theme and others
from builder.loading.profile import Profile, parse_profile
from builder.loading.reading import read_report, read_site, read_unit
from builder.loading.yamlsrc import decode
from builder.usage import UsageError

REPORT_FILE = "report.yaml"
NARRATIVE_FILE = "report.md"
UNIT_FILE = "unit.yaml"
SITE_FILE = "site.yaml"


@dataclass
class Content:
    root: Path  # the content folder (holds site.yaml when there is one)
    site: model.Site | None
    reports: list[model.Report] = field(default_factory=list)
    profiles: dict[str, Profile] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    folders: int = 0  # report folders read (a report with errors is not in REPORTS)
    # Every YAML file as read (named as in diagnostics): the personal-data guard scans
    # the author's text, comments included, without reading the disk again.
    sources: dict[str, bytes] = field(default_factory=dict)
    # The folders files may be read from (resolved): ROOT, and the content folder of any
    # other PATH given. A file whose real path is outside all of them is refused.
    roots: list[str] = field(default_factory=list)

    def read(self, path: str | Path, name: str | None = None, keep: bool = True) -> Read | None:
        """A content file's bytes and name, or None with its diagnostic added (confined).

        NAME: how diagnostics name the file, given when the caller knows it is a regular
        file and no symbolic link (from its directory entry); then one O_NOFOLLOW opening
        is all it costs. Otherwise the file is looked at first, and named once it has
        passed (a link is named as resolved: never before, a loop of links would raise).
        KEEP: the bytes go to SOURCES, for the personal-data guard."""
        path = str(path)
        root = self.root_of(path)
        fast = name is not None and below(path, root) is not None
        data = read_inside(path, root, name if fast and name else link_name(path), fast)
        if isinstance(data, Diagnostic):
            self.diagnostics.append(data)
            return None
        name = name if fast and name else shown(Path(path))
        if keep:
            self.sources[name] = data
        return Read(data, name)

    def root_of(self, path: str) -> str:
        """The content folder PATH is read under: the first root it lies in, else ROOT."""
        for root in self.roots:
            if below(path, root) is not None:
                return root
        return self.roots[0] if self.roots else str(self.root)


def find_root(path: Path) -> Path:
    """The content folder above PATH: the nearest with site.yaml, else the folder above units."""
    path = path.resolve()
    for candidate in (path, *path.parents):
        if (candidate / SITE_FILE).is_file():
            return candidate
    if (path / REPORT_FILE).is_file():
        return path.parents[2] if len(path.parents) >= 3 else path.parent
    return path


class Candidate(NamedTuple):
    """A folder that may hold reports, as a build's first walk hands it to a shard."""

    folder: str  # resolved, never a symbolic link (a str: thousands are made serially)
    listed: bool  # the walk listed it: it holds report.yaml; its subfolders are candidates too


# The folders above reports (<unit>/<year>/) are listed by the build process; the folders
# at this depth (<report>/) are handed out unlisted, and the shard that loads one lists
# it once, for its files and for any folders below. Listing every report folder before
# forking the workers was 0.1–0.5 s of a 4,000-report build spent on one CPU.
UNLISTED_DEPTH = 3


def report_candidates(path: Path, depth: int = UNLISTED_DEPTH) -> list[Candidate]:
    """The report folders at or below PATH down to DEPTH − 1, and the folders at DEPTH
    unlisted (DEPTH ≥ 1): expand_candidates() turns them into the report folders
    report_folders() would find. In folder order: subfolders are visited sorted by name,
    each after its parent, which is how sorted Paths come. Hidden folders and symbolic
    links are skipped, as os.walk skips them there."""
    found: list[Candidate] = []
    _candidates(str(path), depth, found)
    return found


def _candidates(folder: str, depth: int, found: list[Candidate]) -> None:
    entries = _listing(folder)
    if any(entry.name == REPORT_FILE and not entry.is_dir() for entry in entries):
        found.append(Candidate(folder, listed=True))
    if depth == 1:
        found += [Candidate(entry.path, listed=False) for entry in _subfolders(entries)]
    else:
        for entry in _subfolders(entries):
            _candidates(entry.path, depth - 1, found)


def _listing(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []  # as os.walk: an unreadable folder is passed over


def _subfolders(entries: list[os.DirEntry[str]]) -> list[os.DirEntry[str]]:
    return sorted(
        (
            entry
            for entry in entries
            if entry.is_dir() and not entry.is_symlink() and not entry.name.startswith((".", "_"))
        ),
        key=lambda entry: entry.name,
    )


# A report folder (normalised, absolute, as loading takes it) and its report files.
Listed = tuple[str, dict[str, os.DirEntry[str]]]


def expand_candidates(candidates: list[Candidate]) -> list[Listed]:
    """The report folders of CANDIDATES, each with its report files, in folder order."""
    found: list[Listed] = []
    for candidate in candidates:
        _expand(candidate.folder, candidate.listed, found)
    return found


def _expand(folder: str, listed: bool, found: list[Listed]) -> None:
    entries = _listing(folder)
    files = {entry.name: entry for entry in entries if entry.name in _REPORT_FILES}
    report = files.get(REPORT_FILE)
    if report is not None and not report.is_dir():
        found.append((folder, files))
    if not listed:
        for entry in _subfolders(entries):
            _expand(entry.path, False, found)


def folder_order(folder: str) -> list[str]:
    """The order of reports everywhere: by folder names, as Paths sort and as the build
    shares them out ("a/2024" before "a-b/2024", which plain string order reverses)."""
    return folder.split("/")


def report_folders(path: Path) -> list[Path]:
    """Every folder holding report.yaml at or below PATH, sorted, hidden folders skipped."""
    found = []
    for folder, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        if REPORT_FILE in files:
            found.append(Path(folder))
    return sorted(found)


def load_content(paths: list[Path]) -> Content:
    """Every report under PATHS (report folders or folders above them)."""
    with collector_paused():
        for path in paths:
            if not path.exists():
                raise UsageError(f"路径不存在：{path}")
        content = start_content(paths[0])
        seen: set[Path] = set()
        for path in paths:
            _add_root(content, str(find_root(path)))
            folders = report_folders(path)
            if not folders:
                content.diagnostics.append(
                    diag(
                        NOT_A_REPORT,
                        f"「{shown(path)}」下没有找到 report.yaml",
                        Pos(shown(path)),
                        "PATH 应为报告目录（含 report.yaml）或其上级目录。",
                    )
                )
            seen.update(folder.resolve() for folder in folders)
        listed = [(str(folder), _files_of(folder)) for folder in sorted(seen)]
        return _load_reports(content, listed)


def load_listed(content: Content, listed: list[Listed]) -> Content:
    """The reports of LISTED added to CONTENT (begun by start_content())."""
    with collector_paused():
        return _load_reports(content, listed)


def load_candidates(candidates: list[Candidate]) -> Content | None:
    """The reports in CANDIDATES (a build's share, see report_candidates()); None when
    they hold none. Each report folder is listed once, here."""
    with collector_paused():
        listed = expand_candidates(candidates)
        return _load_reports(start_content(Path(listed[0][0])), listed) if listed else None


def start_content(first: Path) -> Content:
    """site.yaml and the profiles of the content folder above FIRST, no report yet."""
    root = find_root(first)
    content = Content(root=root, site=None, roots=[str(root)])
    _load_site(content)
    load_profiles(content)
    return content


def _load_reports(content: Content, listed: list[Listed]) -> Content:
    units: dict[str, model.Unit | None] = {}
    where = _Where(str(content.root), os.getcwd())
    content.folders += len(listed)
    for folder, files in listed:
        if all(below(folder, root) is None for root in content.roots):
            _add_root(content, str(find_root(Path(folder))))  # a folder of another PATH
        _load_report(content, folder, files, units, where)
    content.reports.sort(key=lambda r: folder_order(r.folder))
    return content


class _Where(NamedTuple):
    """The folders that file names are shown relative to (both resolved, as str)."""

    root: str  # the content folder: a report's folder is named relative to it
    cwd: str  # the working directory: diagnostics name files relative to it


def _add_root(content: Content, root: str) -> None:
    if root not in content.roots:
        content.roots.append(root)


def _load_site(content: Content) -> None:
    site_file = content.root / SITE_FILE
    read = content.read(site_file) if exists(str(site_file)) else None
    if read is not None:
        content.site, found = read_site(read.data, read.name)
        content.diagnostics.extend(found)


def load_profiles(content: Content) -> None:
    shipped = resources.files("builder") / "profiles"
    for entry in sorted(shipped.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            _add_profile(content, entry.read_bytes(), f"builder/profiles/{entry.name}")
    for extra in content.site.profiles if content.site else ():
        file = content.root / extra
        if not exists(str(file)):
            content.diagnostics.append(
                diag(
                    MISSING_FILE,
                    f"site.yaml 中列出的报告类型文件不存在：{extra}",
                    Pos(shown(content.root / SITE_FILE)),
                    "路径相对于 content/ 目录。",
                )
            )
            continue
        read = content.read(os.path.normpath(file), keep=False)
        if read is not None:
            _add_profile(content, read.data, read.name)


def _add_profile(content: Content, data: bytes, file: str) -> None:
    profile, found = parse_profile(data, file)
    content.diagnostics.extend(found)
    if profile is not None:
        content.profiles[profile.id] = profile  # a site's profile overrides a shipped one


def _unit_for(
    folder: str, content: Content, units: dict[str, model.Unit | None]
) -> model.Unit | None:
    unit_dir = parent(parent(folder))
    if unit_dir in units:
        return units[unit_dir]
    unit = _read_unit(Path(unit_dir), Path(folder), content)
    units[unit_dir] = unit
    return unit


def _read_unit(unit_dir: Path, folder: Path, content: Content) -> model.Unit | None:
    unit_file = unit_dir / UNIT_FILE
    if not exists(str(unit_file)):
        content.diagnostics.append(
            diag(
                MISSING_FILE,
                f"单位目录「{shown(unit_dir)}」缺少 unit.yaml",
                Pos(shown(folder / REPORT_FILE)),
                "报告应放在 <单位>/<年度>/<报告>/ 下，单位目录中写 unit.yaml（name: 单位全称）。",
            )
        )
        return None
    read = content.read(unit_file)
    if read is None:
        return None
    unit, found = read_unit(read.data, read.name, unit_dir.name)
    content.diagnostics.extend(found)
    return unit


def _load_report(
    content: Content,
    folder: str,
    files: dict[str, os.DirEntry[str]],
    units: dict[str, model.Unit | None],
    where: _Where,
) -> None:
    relative = below(folder, where.root) or folder.rpartition("/")[2]
    refused = folder_problems(folder, relative, where.cwd)
    content.diagnostics.extend(refused)
    if refused and readable_name(relative) != relative:
        return  # a name that is not UTF-8: no file in it could be named in a message
    unit = _unit_for(folder, content, units)
    narrative = _narrative(folder, content, files, where)
    year_dir = parent(folder)
    read = content.read(child(folder, REPORT_FILE), _plain_name(folder, REPORT_FILE, files, where))
    if read is None:
        return
    report, found = read_report(
        read.data,
        read.name,
        relative,
        unit or _unit_named_after(parent(year_dir)),
        narrative,
    )
    content.diagnostics.extend(found)
    if report is None or unit is None:
        return
    year = year_dir.rpartition("/")[2]
    if year.isdigit() and int(year) != report.year:
        content.diagnostics.append(
            diag(
                YEAR_MISMATCH,
                f"year 为 {report.year}，但报告位于年度目录「{year}」下",
                report.at("year"),
                "把报告移到对应年度的目录，或改正 year。",
            )
        )
    content.reports.append(report)


def _unit_named_after(unit_dir: str) -> model.Unit:
    """A stand-in for a unit without (valid) unit.yaml, so the report is still checked."""
    name = unit_dir.rpartition("/")[2]
    return model.Unit(slug=name, name=name)


def _files_of(folder: Path) -> dict[str, os.DirEntry[str]]:
    """The folder's entries in one directory read: whether report.md is a file and
    whether either file is a symbolic link come with it, without a stat per question."""
    with os.scandir(folder) as entries:
        return {entry.name: entry for entry in entries if entry.name in _REPORT_FILES}


_REPORT_FILES = frozenset((REPORT_FILE, NARRATIVE_FILE))


def _narrative(
    folder: str, content: Content, files: dict[str, os.DirEntry[str]], where: _Where
) -> model.Narrative | None:
    if NARRATIVE_FILE not in files:
        return None
    name = _plain_name(folder, NARRATIVE_FILE, files, where)
    read = content.read(child(folder, NARRATIVE_FILE), name, keep=False)
    if read is None:
        return None
    text, found = decode(read.data, read.name)
    content.diagnostics.extend(found)
    return None if text is None else model.Narrative(text=text, file=read.name)


def _plain_name(
    folder: str, name: str, files: dict[str, os.DirEntry[str]], where: _Where
) -> str | None:
    """How diagnostics name the file NAME of a report FOLDER when its directory entry
    says it is a regular file, not a link (None: it must be looked at first)."""
    entry = files.get(name)
    if entry is None or entry.is_symlink() or not entry.is_file():
        return None
    return shown_in(folder, name, files, where.cwd)
