"""Internal link check over the staged site: every href/src must name a staged file, and
every #fragment an id on its page.

The core (`page_refs`, `check_pages`) is pure; `check_folder` reads the staged files. Links
are found with a regex over the HTML the templates and markdown-it wrote (attributes are
always double-quoted there), which is ~30x faster than an HTML parser on 4,000 pages.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builder.diagnostics import Code, Diagnostic, Pos, diag
from builder.site.codes import BROKEN_ANCHOR, BROKEN_LINK

# Literal prefixes let the regex engine skip ahead quickly (an alternation would not).
_HREF = re.compile(r' href="([^"]*)"')
_SRC = re.compile(r' src="([^"]*)"')
_ID = re.compile(r' id="([^"]*)"')
_EXTERNAL = ("http:", "https:", "mailto:", "tel:")


@dataclass(frozen=True)
class Ref:
    target: str  # as written
    offset: int  # character offset of the value in the page


@dataclass(frozen=True)
class PageRefs:
    refs: tuple[Ref, ...]
    ids: frozenset[str]


def page_refs(html: str) -> PageRefs:
    found = [*_HREF.finditer(html), *_SRC.finditer(html)]
    refs = tuple(Ref(m.group(1), m.start(1)) for m in found)
    return PageRefs(refs, frozenset(m.group(1) for m in _ID.finditer(html)))


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


_PLAIN = re.compile(r"[A-Za-z0-9_\-][A-Za-z0-9_\-./]*")


def _fast(page: str, target: str) -> str | None:
    """The common cases without urlsplit/normpath: "../../x/y.html" from a page whose depth
    the ../ exactly climbs, and "report.pdf" beside the page (None: use the slow path)."""
    depth = page.count("/")
    up = "../" * depth
    rest = target[len(up) :] if target.startswith(up) else None
    if rest is None and depth and "/" not in target:
        rest = page.rsplit("/", 1)[0] + "/" + target
    elif rest is None and not depth:
        rest = target
    if rest is None or not _PLAIN.fullmatch(rest) or "./" in rest or rest.endswith("/"):
        return None
    return rest


def resolve(page: str, target: str, base: str) -> tuple[str | None, str]:
    """(site-relative file, fragment) that TARGET on PAGE points at; file None = external."""
    if target.startswith(_EXTERNAL) or target.startswith("//"):
        return None, ""
    fast = _fast(page, target) if target and target[0] not in "#/" else None
    if fast is not None:
        return fast, ""
    parts = urlsplit(target)
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    if path.startswith("/"):
        joined = path[len(base) :] if path.startswith(base) else "\0outside" + path
    else:
        joined = posixpath.join(posixpath.dirname(page), path)
    if joined.endswith("/") or joined == "":
        joined += "index.html"
    return posixpath.normpath(joined), parts.fragment


def check_pages(
    pages: dict[str, str], files: set[str], base: str, shown_as: str
) -> list[Diagnostic]:
    """PAGES: site-relative path → HTML; FILES: every staged file; BASE: base_url's path."""
    refs = {page: page_refs(html) for page, html in pages.items()}
    found = []
    for page, info in refs.items():
        for ref in info.refs:
            if ref.target.lower().startswith("javascript:"):
                found.append(_broken(BROKEN_LINK, page, pages[page], ref, shown_as))
                continue
            target, fragment = resolve(page, ref.target, base)
            if target is None:
                continue
            if target not in files or target.startswith(".."):
                found.append(_broken(BROKEN_LINK, page, pages[page], ref, shown_as))
            elif fragment and target in refs and unquote(fragment) not in refs[target].ids:
                found.append(_broken(BROKEN_ANCHOR, page, pages[page], ref, shown_as))
    return found


def _broken(code: Code, page: str, html: str, ref: Ref, shown_as: str) -> Diagnostic:
    line, col = _line_col(html, ref.offset)
    what = "页面中不存在的位置" if code is BROKEN_ANCHOR else "不存在的文件"
    return diag(
        code,
        f"链接「{ref.target}」指向{what}",
        Pos(f"{shown_as}/{page}", line, col),
        "检查正文中的链接路径；站内链接须指向本次构建生成的页面或文件。",
    )


def staged_files(folder: Path) -> set[str]:
    """Every file under FOLDER as a site-relative POSIX path."""
    found: set[str] = set()
    for directory, _, names in os.walk(folder):
        relative = os.path.relpath(directory, folder)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        found.update(prefix + name for name in names)
    return found


def check_folder(
    folder: Path,
    base: str,
    shown_as: str,
    pending: Iterable[str] = (),
    skip: Iterable[str] = ("pagefind/",),
) -> list[Diagnostic]:
    """Read every staged HTML page (outside SKIP prefixes) and check its links; PENDING
    files are being written by another process and count as present."""
    files = staged_files(folder) | set(pending)
    prefixes = tuple(skip)
    pages = {
        name: (folder / name).read_text(encoding="utf-8")
        for name in sorted(files)
        if name.endswith(".html") and not name.startswith(prefixes)
    }
    return check_pages(pages, files, base, shown_as)
