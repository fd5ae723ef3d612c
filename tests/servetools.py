"""A real `jixiao serve` process for the tests: start it, read its log, fetch over HTTP,
wait for a condition, stop it (shared by test_serve, test_serve_hardening, test_serve_watch)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT


@dataclass
class Server:
    url: str
    content: Path
    process: subprocess.Popen[str]
    log: list[str]

    def status(self) -> dict[str, object]:
        data: dict[str, object] = json.loads(fetch(self.url + "__jixiao__/status")[1])
        return data

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.content / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new), encoding="utf-8")


def _read_lines(stream: object, sink: list[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        sink.append(line.rstrip("\n"))


def start(content: Path, *extra: str, wait: float = 60) -> Server:
    """`jixiao serve` on CONTENT (from the folder above it), once it has said its address."""
    command = [sys.executable, "-m", "builder", "serve", "--port", "0", "--content", str(content)]
    process = subprocess.Popen(
        [*command, *extra],
        cwd=content.parent,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    log: list[str] = []
    threading.Thread(target=_read_lines, args=(process.stdout, log), daemon=True).start()
    started = time.monotonic()
    url = None
    while url is None and time.monotonic() - started < wait and process.poll() is None:
        found = [m for line in log if (m := re.search(r"http://127\.0\.0\.1:\d+/", line))]
        url = found[0].group(0) if found else None
        time.sleep(0.05)
    assert url is not None, "\n".join(log)
    return Server(url, content, process, log)


def stop(server: Server) -> None:
    server.process.send_signal(signal.SIGINT)
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


def fetch(url: str, timeout: float = 30, errors: str = "replace") -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", errors)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", errors)


def until(check: Callable[[], bool], seconds: float) -> float:
    """Seconds until CHECK held (polled every 50 ms); fails after SECONDS."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"not within {seconds} s")
