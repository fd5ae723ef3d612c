"""The live-preview machinery of `jixiao serve`: injection, status, rebuild on change, PDFs."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.diagnostics import Diagnostic, Pos, Severity
from builder.serving.server import (
    SCRIPT_PATH,
    BuildResult,
    LiveSite,
    inject_live_script,
    make_server,
    wanted,
    watch,
)
from builder.usage import UsageError


def test_the_script_goes_before_the_last_closing_body() -> None:
    html = b"<html><body><pre>&lt;/body&gt;</pre><p>x</p></BODY></html>"
    out = inject_live_script(html, 7)
    assert out == (
        b"<html><body><pre>&lt;/body&gt;</pre><p>x</p>"
        b'<script src="/__jixiao__/live.js" data-version="7" defer></script></BODY></html>'
    )
    assert inject_live_script(b"<p>bare</p>", 1).endswith(b"defer></script>")


def test_hidden_backup_and_linked_paths_are_not_watched(tmp_path: Path) -> None:
    root = tmp_path / "content"
    (root / "unit").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "unit" / "link").symlink_to(outside)
    roots = [str(root)]
    assert wanted(roots, str(root / "unit" / "report.md"))
    assert wanted(roots, str(root / "unit" / "link"))  # the link itself: the build sees it
    assert not wanted(roots, str(root / "unit" / "link" / "report.md"))  # beyond it: no
    assert not wanted(roots, str(root / ".git" / "index"))
    assert not wanted(roots, str(root / "unit" / ".report.md.swp"))
    assert not wanted(roots, str(root / "unit" / "report.md~"))
    assert not wanted(roots, str(tmp_path / "elsewhere.md"))


def test_a_folder_that_cannot_be_watched_is_a_usage_error(tmp_path: Path) -> None:
    site = LiveSite(tmp_path, lambda changed: BuildResult(True), log=lambda text: None)
    stop, raised = threading.Event(), []

    def watching() -> None:
        try:
            watch(site, [tmp_path / "missing"], stop)
        except UsageError as exc:
            raised.append(str(exc))

    watcher = threading.Thread(target=watching, daemon=True)
    watcher.start()
    watcher.join(10)
    stop.set()  # a watch that started after all ends here instead of hanging the tests
    watcher.join(10)
    assert raised and "无法监视文件的变化" in raised[0]


class Source:
    """A tiny real build: source.txt → out/index.html; 'ERROR' in the text is a problem."""

    def __init__(self, root: Path) -> None:
        self.src = root / "src"
        self.out = root / "out"
        self.src.mkdir()
        self.out.mkdir()
        (self.src / "source.txt").write_text("第一版", encoding="utf-8")
        self.builds: list[set[str]] = []

    def rebuild(self, changed: set[str]) -> BuildResult:
        self.builds.append(changed)
        text = (self.src / "source.txt").read_text(encoding="utf-8")
        if "ERROR" in text:
            problem = Diagnostic("JX999", "<b>坏</b>内容", Pos("src/source.txt", 1, 1))
            return BuildResult(False, (problem,))
        page = f"<!doctype html><html><body><p>{text}</p></body></html>"
        (self.out / "index.html").write_text(page, encoding="utf-8")
        warning = Diagnostic("JX303", "提醒", Pos("src/source.txt"), "", Severity.WARNING)
        return BuildResult(True, (warning,))


@pytest.fixture
def live(tmp_path: Path) -> Iterator[tuple[Source, LiveSite, str]]:
    source = Source(tmp_path)
    pdfs: list[str] = []

    def make_pdf(path: str) -> Path | None:
        pdfs.append(path)
        if "missing" in path:
            return None
        target = source.out / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"%PDF-1.7 test")
        return target

    site = LiveSite(source.out, source.rebuild, make_pdf, log=lambda text: None)
    server = make_server(site, 0)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    stop, built = threading.Event(), threading.Event()

    def first_build() -> None:
        site.build(set())
        built.set()

    threading.Thread(
        target=watch, args=(site, [source.src], stop, first_build), daemon=True
    ).start()
    assert built.wait(10)
    yield source, site, f"http://127.0.0.1:{server.server_address[1]}"
    stop.set()
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def status(base: str) -> dict[str, object]:
    result: dict[str, object] = json.loads(get(base + "/__jixiao__/status")[2])
    return result


def wait_for(predicate: object, seconds: float = 2.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if callable(predicate) and predicate():
            return time.monotonic() - started
        time.sleep(0.02)
    raise AssertionError(f"not within {seconds} s")


def test_pages_get_the_script_and_the_status_lists_problems(
    live: tuple[Source, LiveSite, str],
) -> None:
    source, _site, base = live
    code, kind, body = get(base + "/")
    assert (code, kind) == (200, "text/html; charset=utf-8")
    assert (
        b'<p>\xe7\xac\xac\xe4\xb8\x80\xe7\x89\x88</p><script src="/__jixiao__/live.js" data-version="1"'
        in body
    )
    assert (source.out / "index.html").read_bytes().count(b"<script") == 0  # files stay clean
    code, kind, script = get(base + SCRIPT_PATH)
    assert code == 200 and kind.startswith("text/javascript")
    assert b"textContent" in script and b"innerHTML" not in script
    assert status(base) == {
        "serial": 2,  # building, then built
        "version": 1,
        "ok": True,
        "building": False,
        "errors": 0,
        "warnings": 1,
        "problems": ["src/source.txt: 警告 JX303 提醒"],
        "more": 0,
        "message": "",
    }


def test_a_change_rebuilds_and_a_broken_build_keeps_the_last_site(
    live: tuple[Source, LiveSite, str],
) -> None:
    source, _site, base = live
    (source.src / "source.txt").write_text("第二版", encoding="utf-8")
    took = wait_for(lambda: status(base)["version"] == 2)
    assert took < 1.0
    assert "第二版".encode() in get(base + "/")[2]
    assert str(source.src / "source.txt") in source.builds[-1]
    (source.src / "source.txt").write_text("ERROR", encoding="utf-8")
    wait_for(lambda: status(base)["errors"] == 1)
    now = status(base)
    assert now["version"] == 2 and now["ok"] is True  # still serving the last good build
    assert now["problems"] == ["src/source.txt:1:1: 错误 JX999 <b>坏</b>内容"]
    assert "第二版".encode() in get(base + "/")[2]


def test_pdfs_are_made_when_asked_for(live: tuple[Source, LiveSite, str]) -> None:
    source, _site, base = live
    code, _kind, body = get(base + "/r/report.pdf")
    assert (code, body) == (200, b"%PDF-1.7 test")
    assert (source.out / "r" / "report.pdf").is_file()
    code, _kind, body = get(base + "/r/missing.pdf")
    assert code == 404 and "无法生成该 PDF".encode() in body


def test_a_long_poll_answers_as_soon_as_the_state_moves(
    live: tuple[Source, LiveSite, str],
) -> None:
    source, site, base = live
    serial = site.state.serial
    answers: list[tuple[float, dict[str, object]]] = []

    def long_poll() -> None:
        started = time.monotonic()
        body = get(f"{base}/__jixiao__/status?serial={serial}")[2]
        answers.append((time.monotonic() - started, json.loads(body)))

    waiting = threading.Thread(target=long_poll)
    waiting.start()
    time.sleep(0.5)
    assert answers == []  # still waiting: nothing changed
    (source.src / "source.txt").write_text("第三版", encoding="utf-8")
    waiting.join(timeout=5)
    took, answer = answers[0]
    assert 0.5 < took < 2.0
    assert answer["serial"] != serial
