"""`jixiao serve` against hostile requests and bad edits, over real HTTP on 127.0.0.1:
nothing outside the output (or content) folder is served or printed, a bad edit keeps
the last good site, and closed connections pass quietly."""

from __future__ import annotations

import os
import shutil
import socket
import struct
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CONTENT
from servetools import Server, fetch, start, stop, until

UNIT = "zengcheng-xinfang"
REPORT = f"{UNIT}/2023/social-worker-project"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(CONTENT / "site.yaml", content / "site.yaml")
    shutil.copytree(CONTENT / UNIT, content / UNIT)
    running = start(content)
    yield running
    stop(running)


def raw_get(url: str, target: str, method: str = "GET") -> int:
    """The status of GET TARGET sent as written (urllib would normalise it)."""
    host, port = url.removeprefix("http://").strip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(f"{method} {target} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
        head = sock.recv(64).decode("latin-1")
    return int(head.split()[1])


def test_a_pdf_address_climbing_out_of_the_site_prints_nothing(
    server: Server, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    shutil.copytree(CONTENT / UNIT, outside / UNIT)
    before = sorted(outside.rglob("*"))
    for target in (
        f"/..%2foutside%2f{REPORT.replace('/', '%2f')}%2freport.pdf",
        f"/%2e%2e/outside/{REPORT}/report.pdf",
        f"/..%5coutside%5c{REPORT}/report.pdf",
        "/zengcheng-xinfang/2023/%00/report.pdf",
    ):
        assert raw_get(server.url, target) == 404, target
    assert sorted(outside.rglob("*")) == before
    assert not [line for line in server.log if "正在打印" in line]
    assert server.process.poll() is None


def test_odd_addresses_are_not_found_quietly(server: Server) -> None:
    for target in (
        "/etc/passwd%00.html",
        "/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/a%5c..%5c..%5cetc%5cpasswd",
        "/%FF.html",
        "/%ED%A0%80.html",
    ):
        assert raw_get(server.url, target) == 404, target
        assert raw_get(server.url, target, "HEAD") == 404, target
    for serial in ("--5", "%C2%B2", "9" * 5000):
        assert raw_get(server.url, f"/__jixiao__/status?serial={serial}") == 200
    assert raw_get(server.url, f"/{REPORT}/index.html") == 200
    assert raw_get(server.url, f"/{REPORT}/index.html", "HEAD") == 200
    time.sleep(0.2)
    assert not [line for line in server.log if "Traceback" in line or "Error" in line]


def test_an_amount_written_as_text_keeps_the_last_good_site(server: Server) -> None:
    report = server.content / REPORT / "report.yaml"
    text = report.read_text(encoding="utf-8")
    assert "executed: 25\n" in text
    report.write_text(text.replace("executed: 25\n", "executed: 四百六十\n"), encoding="utf-8")
    until(lambda: server.process.poll() is not None or server.status()["serial"] != 2, 30)
    until(lambda: server.process.poll() is not None or not server.status()["building"], 30)
    assert server.process.poll() is None, "\n".join(server.log)
    status = server.status()
    assert status["ok"] is True and status["version"] == 1
    assert status["errors"] or status["message"]
    assert fetch(f"{server.url}{REPORT}/index.html")[0] == 200


def test_a_closed_long_poll_is_no_traceback(server: Server) -> None:
    serial = server.status()["serial"]
    host, port = server.url.removeprefix("http://").strip("/").split(":")
    polls = []
    for _ in range(3):
        sock = socket.create_connection((host, int(port)), timeout=30)
        sock.sendall(f"GET /__jixiao__/status?serial={serial} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        polls.append(sock)
    time.sleep(0.3)  # the server is waiting in each poll
    for sock in polls:  # closed with a reset, as a browser tab that goes away
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    narrative = server.content / REPORT / "report.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    until(lambda: server.status()["version"] == 2, 30)
    time.sleep(0.5)
    assert not [line for line in server.log if "Traceback" in line or "Error" in line]


def test_a_fifo_in_the_content_folder_does_not_stop_the_watcher(server: Server) -> None:
    os.mkfifo(server.content / UNIT / "notes.fifo")
    time.sleep(0.5)  # a watcher that opened it would now wait for a writer forever
    narrative = server.content / REPORT / "report.md"
    narrative.write_text(narrative.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    until(lambda: "补充说明" in fetch(f"{server.url}{REPORT}/index.html")[1], 30)
