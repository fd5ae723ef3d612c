"""One Pagefind process in service mode (`pagefind --service`) indexing one search bundle
from documents in memory (shell: runs the process, writes the bundle through it).

The protocol is the one Pagefind's own Python and Node packages speak: every message is
base64 of a JSON object followed by a comma, answers come back the same way. All the
requests of a bundle are written at once (NewIndex, an AddFile per document, WriteFiles);
the answers go to a file, not a pipe, so Pagefind never waits for this process to read
them. Pagefind stops at the end of its input, so the pipe is closed only once the answer
to WriteFiles has come.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import resource
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from builder.site.workers import die_with_parent

SEPARATOR = b","


def encode(message_id: int, payload: dict[str, Any]) -> bytes:
    message = {"message_id": message_id, "payload": payload}
    return base64.b64encode(json.dumps(message, ensure_ascii=False).encode("utf-8")) + SEPARATOR


def requests(
    documents: list[tuple[str, str]], output: Path, config: dict[str, Any]
) -> tuple[bytes, int]:
    """Every request for one bundle: DOCUMENTS are (site-relative path, HTML); Pagefind makes
    each URL from the path, as when it reads the site's files. Returns the requests and the
    id of the last one (WriteFiles)."""
    parts = [encode(1, {"type": "NewIndex", "config": config})]
    for number, (path, html) in enumerate(documents, start=2):
        payload = {"type": "AddFile", "index_id": 0, "file_path": path, "file_contents": html}
        parts.append(encode(number, payload))
    last = len(documents) + 2
    parts.append(encode(last, {"type": "WriteFiles", "index_id": 0, "output_path": str(output)}))
    return b"".join(parts), last


def decode(data: bytes) -> tuple[list[dict[str, Any]], bytes]:
    """The complete answers in DATA and the incomplete rest."""
    *complete, rest = data.split(SEPARATOR)
    return [json.loads(base64.b64decode(chunk)) for chunk in complete if chunk], rest


class ServiceRun:
    """Pagefind writing one bundle: started at once, advanced by check(), reaped by reap()."""

    def __init__(
        self,
        executable: Path,
        documents: list[tuple[str, str]],
        output: Path,
        config: dict[str, Any],
        cwd: Path,
    ) -> None:
        self.output = output
        self.problem: str | None = None
        self.answered = False
        self._answers = tempfile.TemporaryFile()  # noqa: SIM115 (closed in reap/kill)
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115
        self._read = 0
        self._rest = b""
        blob, self._last = requests(documents, output.absolute(), config)
        self.process = subprocess.Popen(
            [str(executable), "--service"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=self._answers,
            stderr=self._errors,
            preexec_fn=die_with_parent,  # a killed build must not leave it writing
        )
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(blob)
            self.process.stdin.flush()
        except BrokenPipeError:
            self.problem = "Pagefind 意外退出"

    def check(self) -> None:
        """Read the answers that came; once WriteFiles is answered, let Pagefind end."""
        if self.answered:
            return
        data = self._new_answers()
        answers, self._rest = decode(self._rest + data)
        for answer in answers:
            payload = answer.get("payload", {})
            if payload.get("type") == "Error" and self.problem is None:
                self.problem = f"Pagefind：{payload.get('message', '')}"[:400]
            if answer.get("message_id") == self._last:
                self.answered = True
        if self.answered or self.problem is not None:
            self._close_input()

    def _new_answers(self) -> bytes:
        # pread, never seek: Pagefind writes through the same open file, whose offset
        # a seek here would move under it.
        chunks = []
        while chunk := os.pread(self._answers.fileno(), 1 << 20, self._read):
            chunks.append(chunk)
            self._read += len(chunk)
        return b"".join(chunks)

    def _close_input(self) -> None:
        if self.process.stdin is not None and not self.process.stdin.closed:
            with contextlib.suppress(BrokenPipeError):  # Pagefind has already ended
                self.process.stdin.close()

    def reap(self) -> resource.struct_rusage | None:
        """The process's resource use once it has ended (None while it runs)."""
        pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
        if not pid:
            return None
        self.check()
        self._close_input()
        self.process.returncode = code = os.waitstatus_to_exitcode(status)
        if self.problem is None and not self.answered:
            self._errors.seek(0)
            text = self._errors.read().decode("utf-8", errors="replace").strip()
            self.problem = f"Pagefind 退出码 {code}：{text[-400:]}"
        self._answers.close()
        self._errors.close()
        return usage

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self._close_input()
        self._answers.close()
        self._errors.close()
