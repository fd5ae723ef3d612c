"""Incremental builds: a build that reuses the report cache publishes the same bytes as a
build from scratch, whatever was edited, added or deleted since the cache was filled.

Every build runs as the command line does, in its own process (a theme's templates are
loaded once per process), into a new output folder.
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.render.theme import DEFAULT_THEME

REPO = Path(__file__).resolve().parents[1]
Edit = Callable[[Path], None]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class Project:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.content = tmp / "content"
        shutil.copytree(REPO / "content", self.content)
        self.theme = tmp / "theme"
        shutil.copytree(DEFAULT_THEME, self.theme)
        self.count = 0

    def build(self, cache: Path, *options: str, out: Path | None = None) -> tuple[Path, str, str]:
        """A build with CACHE into OUT (default: a new folder): the folder, the reuse line,
        the output."""
        self.count += 1
        out = out or self.tmp / f"site-{self.count}"
        command = [sys.executable, "-m", "builder", "build", str(self.content), "--out", str(out)]
        command += ["--cache-dir", str(cache), "--timings", *options]
        if "--fails" in options:  # not an option of jixiao's: this build must fail
            command.remove("--fails")
        if "--search" in options:
            command.remove("--search")
        else:
            command.append("--no-search")
        env = {**os.environ, "JIXIAO_THEME": str(self.theme)}
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=self.tmp)
        if "--fails" in options:
            assert done.returncode == 1, done.stdout + done.stderr
            return out, "", done.stdout
        assert done.returncode == 0, done.stdout + done.stderr
        reuse = re.search(r"报告缓存：复用 (\d+) 份，重新生成 (\d+) 份", done.stderr)
        assert reuse is not None, done.stderr
        # The output without the folder's name, which differs from build to build.
        return out, reuse.group(0), done.stdout.replace(str(out), "OUT")

    def scratch(self, *options: str) -> dict[str, bytes]:
        """The files of a build from scratch (an empty cache, a new folder)."""
        out, _, _ = self.build(self.tmp / f"fresh-{self.count}", *options)
        return _tree(out)

    def compare(self, *options: str) -> str:
        """An incremental build against one from scratch (both new): same files, same
        bytes, same diagnostics; returns what the incremental one reused."""
        fresh = self.tmp / f"fresh-{self.count}"
        incremental, reused, said = self.build(self.tmp / "cache", *options)
        scratch, none_reused, said_fresh = self.build(fresh, *options)
        assert "复用 0 份" in none_reused
        # Diagnostics and summary alike; the scratch build prints every PDF again.
        printed = r"，PDF 新打印 \d+ 份、复用 \d+ 份"
        assert re.sub(printed, "", said) == re.sub(printed, "", said_fresh)
        mine, theirs = _tree(incremental), _tree(scratch)
        assert sorted(mine) == sorted(theirs)
        differing = [name for name in mine if mine[name] != theirs[name]]
        assert differing == []
        return reused


REPORT = "futian-xinfang/2023/it-operations"


def _append(path: str, text: str) -> Edit:
    def edit(content: Path) -> None:
        file = content / path
        file.write_text(file.read_text(encoding="utf-8") + text, encoding="utf-8")

    return edit


def _replace(path: str, old: str, new: str) -> Edit:
    def edit(content: Path) -> None:
        file = content / path
        text = file.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        file.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _title(path: str, key: str = "title") -> Edit:
    def edit(content: Path) -> None:
        file = content / path
        text = file.read_text(encoding="utf-8")
        text, count = re.subn(rf"(?m)^{key}: (.*)$", rf"{key}: \1（修订）", text, count=1)
        assert count == 1
        file.write_text(text, encoding="utf-8")

    return edit


def _delete(content: Path) -> None:
    shutil.rmtree(content / "futian-xinfang/2023/general-admin")


def _add(content: Path) -> None:
    shutil.copytree(content / REPORT, content / "futian-xinfang/2023/it-operations-2")
    _title("futian-xinfang/2023/it-operations-2/report.yaml")(content)


EDITS: dict[str, tuple[Edit, str]] = {
    # what is edited, and how many reports must come from the cache as they were
    "report.md": (_append(f"{REPORT}/report.md", "\n本段为修订时补充的说明。\n"), "复用 6 份"),
    # The title is shown on the neighbours' pages (previous/next): those are made again.
    "report.yaml": (_title(f"{REPORT}/report.yaml"), ""),
    "unit.yaml": (_title("zengcheng-xinfang/unit.yaml", "name"), ""),
    "site.yaml": (_title("site.yaml"), "复用 0 份"),
    "delete": (_delete, ""),
    "add": (_add, ""),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_an_edit_rebuilds_to_the_bytes_of_a_clean_build(tmp_path: Path, name: str) -> None:
    project = Project(tmp_path)
    _, first, _ = project.build(tmp_path / "cache", "--no-pdf")
    assert "复用 0 份，重新生成 7 份" in first
    # Nothing changed: every report from the cache, the same bytes as from scratch.
    assert "复用 7 份，重新生成 0 份" in project.compare("--no-pdf")
    edit, expected = EDITS[name]
    edit(project.content)
    reused = project.compare("--no-pdf")
    assert expected in reused
    if name not in ("site.yaml",):
        assert "复用 0 份" not in reused  # the other reports did come from the cache


def test_with_search_the_same_bytes_too(tmp_path: Path) -> None:
    """The search documents come from the cache too; Pagefind indexes them all again."""
    project = Project(tmp_path)
    project.build(tmp_path / "cache", "--no-pdf", "--search")
    _append(f"{REPORT}/report.md", "\n补充说明。\n")(project.content)
    assert "复用 6 份" in project.compare("--no-pdf", "--search")


def test_a_theme_edit_renders_every_page_again(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.build(tmp_path / "cache", "--no-pdf")
    base = next(project.theme.rglob("*.html"))
    base.write_text(base.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert "复用 0 份" in project.compare("--no-pdf")


def test_print_documents_come_from_the_cache_too(tmp_path: Path) -> None:
    """With PDFs: the print documents are reused, and the PDFs from their own cache."""
    project = Project(tmp_path)
    project.build(tmp_path / "cache")
    _append(f"{REPORT}/report.md", "\n补充说明。\n")(project.content)
    assert "复用 6 份" in project.compare()
    _, _, said = project.build(tmp_path / "cache")
    assert "PDF 新打印 0 份、复用 7 份" in said


def test_an_edit_that_keeps_size_and_times_is_seen(tmp_path: Path) -> None:
    """A rebuild trusts a report file's status instead of reading it, as git's index does:
    an edit of the same length, its modification time set back, still changes the file's
    change time, so the report is read and rendered again."""
    from builder.pipeline.reportcache import RECENT_NS

    project = Project(tmp_path)
    time.sleep(RECENT_NS / 1e9 + 0.1)  # files changed just now are read, not trusted
    project.build(tmp_path / "cache", "--no-pdf")
    records = [pickle.loads(p.read_bytes()) for p in (tmp_path / "cache").rglob("record.pickle")]
    assert len(records) == 7 and all(record.signature for record in records)
    assert "复用 7 份" in project.compare("--no-pdf")  # nothing changed: nothing read
    narrative = project.content / REPORT / "report.md"
    before = narrative.stat()
    text = narrative.read_text(encoding="utf-8")
    assert "信访" in text
    narrative.write_text(text.replace("信访", "来访", 1), encoding="utf-8")
    os.utime(narrative, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = narrative.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert "复用 6 份，重新生成 1 份" in project.compare("--no-pdf")


def test_a_report_file_changed_just_now_is_read_not_trusted(tmp_path: Path) -> None:
    """File times advance in ticks: a file changed within the last moments could change
    again, same size, within the same tick, so its status stands for nothing yet."""
    from builder.pipeline.reportcache import ReportCache

    folder = tmp_path / "unit" / "2023" / "report"
    folder.mkdir(parents=True)
    (folder / "report.yaml").write_text("title: 报告\n", encoding="utf-8")
    cache = ReportCache(tmp_path / "cache", "installation")
    cache.start(tmp_path, [])
    with os.scandir(folder) as listing:
        files = {entry.name: entry for entry in listing}
    assert cache.signature(str(folder), files) == ""
    assert cache.key(str(folder), files)  # the key is read instead


def test_a_damaged_cache_is_a_miss(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.build(tmp_path / "cache", "--no-pdf")
    records = sorted((tmp_path / "cache" / "reports").rglob("record.pickle"))
    assert len(records) == 7
    records[0].write_bytes(b"not a pickle")
    records[1].write_bytes(pickle.dumps({"foreign": True}))
    for stored in records[2].parent.glob("*.index.html"):
        stored.unlink()  # a record whose files are gone: the report is rendered again
    assert "复用 4 份，重新生成 3 份" in project.compare("--no-pdf")


def test_the_last_gate_passes_over_only_what_passed_under_fewer_allowed_numbers(
    tmp_path: Path,
) -> None:
    """Report folders are not read again only while they passed under no number the build
    refuses now: reused as the last published build had them, or checked by the chunk that
    rendered them; a folder with a report below it is read; the open-data files are not
    read only when every report's part passed so."""
    from builder.pipeline.chunkdata import Rendered
    from builder.pipeline.incremental import passed
    from builder.pipeline.reportcache import ReportCache, State

    cache = ReportCache(tmp_path / "cache", "installation")
    cache.published(State(frozenset({"111"}), {"s1": "n1", "s2": "n2", "s3": "n3"}))
    folders = ["a/2023/r1", "a/2023/r2", "a/2023/r2/x/r3", "a/2023/new"]
    reused = {"a/2023/r1": ("s1", "n1"), "a/2023/r2": ("s2", "n2"), "a/2023/r2/x/r3": ("s3", "x")}
    chunk = Rendered(reused=reused, cached=dict(reused), checked=["a/2023/new"], parts_passed=1)
    chunk.checked_under = frozenset({"111"})
    rendered = [chunk]
    staging = tmp_path / "site"

    more = passed(cache, rendered, frozenset({"111", "222"}), staging, folders)
    # r2 has r3 below it; r3 was stored again since (another nonce): both are read.
    assert more.folders == ("a/2023/new", "a/2023/r1", ".search/a/2023/new", ".search/a/2023/r1")
    assert more.files == frozenset()  # r3's part neither reused as passed nor checked

    chunk.reused["a/2023/r2/x/r3"] = ("s3", "n3")
    whole = passed(cache, rendered, frozenset({"111"}), staging, folders)
    assert len(whole.files) == 2  # data/reports.json, data/scores.csv

    assert passed(cache, rendered, frozenset({"222"}), staging, folders).folders == ()
    chunk.checked_under = frozenset({"111", "333"})  # more than the site allows: read again
    fewer = passed(cache, rendered, frozenset({"111"}), staging, folders)
    reread = ("a/2023/r1", "a/2023/r2/x/r3")
    assert fewer.folders == (*reread, *(f".search/{folder}" for folder in reread))
    assert fewer.files == frozenset()


def test_a_chunk_checks_the_reports_it_rendered_for_the_last_gate(tmp_path: Path) -> None:
    """A chunk's share of the last gate: the folders whose files (search document
    included) hold no personal number but the allowed ones, and how many open-data parts
    pass; what fails is left for the build to read under the site's allowed numbers."""
    from test_privacy import ID

    from builder.pipeline.incremental import gate_share

    staging = tmp_path / "site"
    pages = {
        "u/2023/clean/index.html": "<p>预算 100 万元</p>",
        "u/2023/page/index.html": f"<p>联系人证件号 {ID}</p>",
        "u/2023/found/report.json": "{}",
        ".search/u/2023/found/index.html": f"<td>{ID[:9]}</td><td>{ID[9:]}</td>",
        "u/2023/allowed/report.html": f"<p>{ID}</p>",
    }
    for path, text in pages.items():
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_text(text, encoding="utf-8")
    fresh = [
        (folder, '{"title": "报告"}', f"u/2023-1,报告,{folder}/index.html\r\n")
        for folder in ("u/2023/clean", "u/2023/page", "u/2023/found", "u/2023/allowed")
    ]
    fresh[1] = (fresh[1][0], '{"contact": "' + ID + '"}', "")
    allowed = frozenset({ID})
    assert gate_share(staging, fresh, frozenset()) == (["u/2023/clean"], 3)
    assert gate_share(staging, fresh, allowed) == ([f for f, _, _ in fresh], 4)


def test_a_narrative_edit_reuses_the_site_wide_files_of_the_last_build(tmp_path: Path) -> None:
    """A report.md edit changes no listing entry and no open-data record: the listing
    pages, the feed and the open data are linked from the last build's (the cache holds
    them too), not made again; the bytes are a clean build's all the same."""
    project = Project(tmp_path)
    project.build(tmp_path / "cache", "--no-pdf")
    _append(f"{REPORT}/report.md", "\n补充说明。\n")(project.content)
    site, _, _ = project.build(tmp_path / "cache", "--no-pdf")
    for name in ("index.html", "feed.xml", "data/reports.json", "data/scores.csv"):
        assert (site / name).stat().st_nlink > 1, name
    assert os.stat(site / REPORT / "index.html").st_nlink == 2  # its own, rendered afresh
    _title(f"{REPORT}/report.yaml")(project.content)  # its entry changes: the listings too
    site, _, _ = project.build(tmp_path / "cache", "--no-pdf")
    assert "（修订）" in (site / "index.html").read_text(encoding="utf-8")
    assert project.compare("--no-pdf")


def test_a_build_into_the_same_folder_starts_from_the_last_site(tmp_path: Path) -> None:
    """The site a build replaces is kept (in the cache) for the next build into the same
    folder to start from: it rewrites what changed, links what it reuses and removes
    what is gone, and publishes the bytes of a build from scratch all the same, whatever
    changed in between: a narrative, reports added and deleted, PDFs or search on or off."""
    project = Project(tmp_path)
    out = tmp_path / "site"
    steps: list[tuple[Edit | None, tuple[str, ...]]] = [
        (None, ("--no-pdf",)),
        (_append(f"{REPORT}/report.md", "\n补充说明。\n"), ("--no-pdf",)),
        (_delete, ("--no-pdf", "--search")),
        (_add, ("--no-pdf",)),
        # Errors in the content: not published; its staging folder is the next start.
        (_replace(f"{REPORT}/report.yaml", "year: 2023", "year: 二〇二三"), ("--fails",)),
        (_replace(f"{REPORT}/report.yaml", "year: 二〇二三", "year: 2023"), ("--no-pdf",)),
        (_title(f"{REPORT}/report.yaml"), ()),
        (_append(f"{REPORT}/report.md", "\n再补充。\n"), ("--no-pdf",)),
    ]
    for number, (edit, options) in enumerate(steps):
        if edit is not None:
            edit(project.content)
        before = _tree(out) if "--fails" in options else None
        project.build(tmp_path / "cache", *options, out=out)
        if before is not None:
            assert _tree(out) == before  # the site as it was
            # and what the failed build made is kept to start the next one from
            assert list((tmp_path / "cache" / "spare").glob("*/.jixiao-spare"))
            continue
        assert _tree(out) == project.scratch(*options), (number, options)
    spare = next((tmp_path / "cache" / "spare").iterdir())
    assert (spare / ".jixiao-spare").is_file()  # the site before the last one, complete
    page = f"{REPORT}/index.html"
    assert (spare / page).stat().st_ino != (out / page).stat().st_ino  # edited since


def test_a_live_preview_has_a_start_for_its_next_build_after_the_first(tmp_path: Path) -> None:
    """serve's first build goes into an empty folder; a spare is made of it by hard links
    (no copy), so that the first save starts from a site as the later ones do."""
    from builder.pipeline.build import Options, build

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    out, spare = tmp_path / "preview" / "site", tmp_path / "preview" / "spare"
    options = Options([content], out, pdf=False, search=False, jobs=1, drafts=True)
    options.cache_dir, options.spare, options.live = tmp_path / "cache", spare, True
    assert build(options).published
    assert (spare / ".jixiao-spare").is_file()
    page = f"{REPORT}/index.html"
    assert (spare / page).stat().st_ino == (out / page).stat().st_ino
    _append(f"{REPORT}/report.md", "\n补充说明。\n")(content)
    assert build(options).published
    assert "补充说明" in (out / page).read_text(encoding="utf-8")
    assert "补充说明" not in (spare / page).read_text(encoding="utf-8")  # the site before


def test_a_chunk_links_its_open_data_part_from_the_cache_when_it_holds_the_same(
    tmp_path: Path,
) -> None:
    """A chunk's part of the open data is kept in the cache by the digest of its reports'
    parts: the same records link it (no 35 MB written again at 4,000 reports), other
    records make another; parts the published build did not use are pruned."""
    from builder.pipeline.openparts import PARTS, prune, write_part
    from builder.pipeline.reportcache import part_digest
    from builder.site.aggregate import records_part

    records, rows = ['{"n": 1}', '{"n": 2}'], ["1,a\r\n", "2,b\r\n"]
    digests = [part_digest(r, w) for r, w in zip(records, rows, strict=True)]
    cache = tmp_path / "cache"
    first = write_part(tmp_path / "one", cache, records, rows, digests)
    assert Path(first[0]).read_bytes() == records_part(records)
    kept = cache / PARTS / Path(first[0]).name
    assert os.path.samefile(first[0], kept)
    again = write_part(tmp_path / "two", cache, records, rows, digests)
    assert again[2] == first[2] and os.path.samefile(again[0], kept)
    changed = write_part(tmp_path / "three", cache, records[:1], rows[:1], digests[:1])
    assert changed[2] != first[2]
    kept.unlink()  # gone from the cache (pruned by another build): written again
    assert Path(write_part(tmp_path / "four", cache, records, rows, digests)[0]).is_file()
    prune(cache, {changed[2]})
    assert sorted(p.name.partition(".")[0] for p in (cache / PARTS).iterdir()) == [changed[2]] * 2
