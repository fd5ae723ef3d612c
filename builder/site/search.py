"""Full-text search: Pagefind indexes the staged site into <staging>/pagefind/ (shell).

The `pagefind[extended]` package ships the binary that segments Chinese (the plain one
treats a run of 汉字 as one word). Only `data-pagefind-body` (the report text) is indexed;
filters come from `data-pagefind-filter` attributes. Result URLs keep `index.html` so
they work when the site is opened from a folder, and Pagefind derives the site's base
from the bundle's own URL, so a sub-path needs no configuration.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from builder.diagnostics import Diagnostic, Pos, diag
from builder.site.cbor import CborError
from builder.site.codes import SEARCH_FAILED, SEARCH_UNSTABLE
from builder.site.searchorder import UnexpectedIndex, stabilize
from builder.site.workers import die_with_parent

BUNDLE = "pagefind"
# What the search page loads from the bundle: the link check takes them as present while
# Pagefind still runs, and finish() verifies they were written.
BUNDLE_FILES = frozenset(f"{BUNDLE}/{name}" for name in ("pagefind-ui.js", "pagefind-ui.css"))


def pagefind_executable() -> Path | None:
    """The extended Pagefind binary from the pagefind_bin_extended wheel (or the env var
    PAGEFIND_BINARY_PATH, which Pagefind's own Python package also honours)."""
    configured = os.environ.get("PAGEFIND_BINARY_PATH")
    if configured:
        return Path(configured)
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]
    except ImportError:
        return None
    found: Path = get_executable()
    return found


class Indexing:
    """A running Pagefind: started early, waited for when its output is needed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process: subprocess.Popen[bytes] | None = None
        self.problem: str | None = None
        self.peak_kb = 0  # Pagefind's peak resident memory (it needs a lot: ~0.35 MB a page)
        self.unstable: str | None = None
        self.cpu_seconds = 0.0
        executable = pagefind_executable()
        if executable is None or not executable.is_file():
            self.problem = "找不到 Pagefind（pagefind[extended] 软件包）"
            return
        self.process = subprocess.Popen(
            [
                str(executable),
                "--site",
                str(folder),
                "--output-subdir",
                BUNDLE,
                "--keep-index-url",
                "--force-language",
                "zh-cn",
                "--silent",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            preexec_fn=die_with_parent,  # a killed build must not leave it writing
        )

    def finish(self) -> list[Diagnostic]:
        if self.process is not None:
            output = self._wait()
            if self.process.returncode != 0:
                text = output.decode("utf-8", errors="replace").strip()
                self.problem = f"Pagefind 退出码 {self.process.returncode}：{text[-400:]}"
            elif not all((self.folder / name).is_file() for name in BUNDLE_FILES):
                self.problem = "Pagefind 没有生成检索页面所需的文件"
            else:
                self._stabilize()
        if self.problem is None:
            return (
                []
                if self.unstable is None
                else [diag(SEARCH_UNSTABLE, self.unstable, Pos("pagefind"))]
            )
        return [
            diag(
                SEARCH_FAILED,
                self.problem,
                Pos("pagefind"),
                "运行 `make setup` 安装 pagefind[extended]；或设置 PAGEFIND_BINARY_PATH。",
            )
        ]

    def _stabilize(self) -> None:
        try:
            stabilize(self.folder / BUNDLE)
        except (UnexpectedIndex, CborError, OSError, ValueError, KeyError) as exc:
            self.unstable = f"检索索引的文件顺序无法固定，两次构建的 pagefind/ 可能不同：{exc}"

    def _wait(self) -> bytes:
        """Pagefind's output, after reaping it with wait4 to learn its peak memory."""
        assert self.process is not None and self.process.stdout is not None
        output = self.process.stdout.read()
        self.process.stdout.close()
        _, status, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = os.waitstatus_to_exitcode(status)
        self.peak_kb = usage.ru_maxrss
        self.cpu_seconds = usage.ru_utime + usage.ru_stime
        return output

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
