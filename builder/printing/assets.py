"""The local files a print document loads (stylesheets, images, fonts), found by reading it.

They are part of what a PDF depends on, so they go into its cache key; a missing one or a
remote address is reported where it is written (the PDF would silently lack it). Links a
reader can click (<a href>) load nothing and are not followed.
Parsing is pure (`html_references`, `css_references`); `scan_assets` reads the files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builder.diagnostics import Diagnostic, Pos, diag
from builder.loading.content import shown
from builder.printing.codes import ASSET_MISSING, ASSET_REMOTE


@dataclass(frozen=True)
class Reference:
    """An address as written in a file, with its 1-based line and column."""

    url: str
    line: int
    col: int
    stylesheet: bool = False  # loaded as CSS, so its own references count too


# Attributes through which HTML loads a resource when rendered.
_LOADING_ATTRS = {
    "img": ("src", "srcset"),
    "script": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
}
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(["']?)([^"')\s;]+)\1""")
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]*)\1\s*\)""")


def _line_col(text: str, index: int, line: int = 1, col: int = 1) -> tuple[int, int]:
    """Position of TEXT[index], TEXT itself starting at LINE:COL."""
    before = text[:index]
    newlines = before.count("\n")
    if newlines == 0:
        return line, col + index
    return line + newlines, index - before.rfind("\n")


def css_references(text: str, line: int = 1, col: int = 1) -> list[Reference]:
    """@import and url() addresses of a stylesheet (comments blanked, positions kept)."""
    blank = _CSS_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)
    found: list[tuple[int, Reference]] = []
    imported: set[int] = set()
    for m in _CSS_IMPORT.finditer(blank):
        imported.add(m.start(2))
        found.append((m.start(2), Reference(m[2], *_line_col(text, m.start(2), line, col), True)))
    for m in _CSS_URL.finditer(blank):
        if m.start(2) not in imported and m[2].strip():
            found.append(
                (m.start(2), Reference(m[2].strip(), *_line_col(text, m.start(2), line, col)))
            )
    return [ref for _, ref in sorted(found, key=lambda pair: pair[0])]


def _srcset_urls(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.strip()]


class _ReferenceParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Reference] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        col = offset + 1
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and values.get("href"):
            rels = values.get("rel", "").lower().split()
            self.found.append(Reference(values["href"], line, col, "stylesheet" in rels))
        for name in _LOADING_ATTRS.get(tag, ()):
            if values.get(name):
                urls = _srcset_urls(values[name]) if name == "srcset" else [values[name]]
                self.found.extend(Reference(url, line, col) for url in urls)
        if values.get("style"):
            self.found.extend(Reference(r.url, line, col) for r in css_references(values["style"]))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            line, offset = self.getpos()
            self.found.extend(css_references(data, line, offset + 1))


def html_references(text: str) -> list[Reference]:
    """Addresses an HTML document loads when rendered, in document order."""
    parser = _ReferenceParser()
    parser.feed(text)
    parser.close()
    return parser.found


def is_remote(url: str) -> bool:
    return url.startswith("//") or urlsplit(url).scheme.lower() in ("http", "https", "ftp")


def _loads_nothing(url: str) -> bool:
    scheme = urlsplit(url).scheme.lower()
    return url.startswith("#") or scheme in ("data", "about", "blob", "mailto", "tel")


def local_target(url: str, base: Path) -> Path:
    """The file a relative or file: address names, seen from folder BASE."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    return Path(path) if parts.scheme.lower() == "file" else base / path


@dataclass
class AssetScan:
    """Every local file a document loads, in discovery order, with its bytes."""

    files: list[tuple[Path, bytes]] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def scan_assets(html_path: Path, html_text: str) -> AssetScan:
    """Follow the document's references, and those of its stylesheets, once each."""
    scan = AssetScan()
    seen: set[Path] = set()
    pending = [(html_path, ref) for ref in html_references(html_text)]
    while pending:
        source, ref = pending.pop(0)
        where = Pos(shown(source), ref.line, ref.col)
        if _loads_nothing(ref.url):
            continue
        if is_remote(ref.url):
            scan.diagnostics.append(
                diag(
                    ASSET_REMOTE,
                    f"打印文档引用了外部网址：{ref.url}",
                    where,
                    "打印时不访问网络；请把该文件放进主题目录并用相对路径引用。",
                )
            )
            continue
        target = local_target(ref.url, source.parent).resolve()
        if target in seen:
            continue
        seen.add(target)
        try:
            data = target.read_bytes()
        except OSError:
            scan.diagnostics.append(
                diag(
                    ASSET_MISSING,
                    f"找不到打印文档引用的文件：{ref.url}",
                    where,
                    f"应在 {shown(target)}；请检查主题目录是否完整、路径是否写错。",
                )
            )
            continue
        scan.files.append((target, data))
        if ref.stylesheet or target.suffix.lower() == ".css":
            css = data.decode("utf-8", errors="replace")
            pending.extend((target, r) for r in css_references(css))
    return scan
