"""Staging and the atomic swap: the output is always a complete site, never a mixture."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from builder.loading.content import UsageError
from builder.publish import swap as publish


def site_with(folder: Path, text: str) -> Path:
    staging = publish.prepare(folder)
    (staging / "index.html").write_text(text, encoding="utf-8")
    publish.swap(staging, folder)
    return folder


def test_first_build_renames_staging_into_place(tmp_path: Path) -> None:
    out = site_with(tmp_path / "site", "one")
    assert (out / "index.html").read_text(encoding="utf-8") == "one"
    assert (out / publish.MARKER).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_replaces_the_old_site_and_drops_stale_files(tmp_path: Path) -> None:
    out = site_with(tmp_path / "site", "one")
    (out / "removed-report.html").write_text("stale", encoding="utf-8")
    site_with(out, "two")
    assert (out / "index.html").read_text(encoding="utf-8") == "two"
    assert not (out / "removed-report.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_swap_without_rename_exchange_goes_through_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)  # a system without renameat2
    out = site_with(tmp_path / "site", "one")
    site_with(out, "two")
    assert (out / "index.html").read_text(encoding="utf-8") == "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_build_killed_between_the_two_renames_is_repaired_by_the_next(tmp_path: Path) -> None:
    out = site_with(tmp_path / "site", "old")
    staging = publish.prepare(out)
    (staging / "index.html").write_text("new", encoding="utf-8")
    # The fallback's crash window: old site moved to the backup, new one not yet in place.
    out.rename(publish.backup_path(out))
    publish.recover(out)
    assert (out / "index.html").read_text(encoding="utf-8") == "old"
    assert not publish.staging_path(out).exists()
    assert not publish.backup_path(out).exists()


def test_leftover_staging_from_a_killed_build_is_removed(tmp_path: Path) -> None:
    out = site_with(tmp_path / "site", "old")
    leftover = publish.prepare(out)
    (leftover / "half-written.html").write_text("x", encoding="utf-8")
    staging = publish.prepare(out)  # the next build
    assert sorted(p.name for p in staging.iterdir()) == [publish.MARKER]
    assert (out / "index.html").read_text(encoding="utf-8") == "old"


def test_a_folder_jixiao_did_not_build_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "documents"
    out.mkdir()
    (out / "thesis.docx").write_text("precious", encoding="utf-8")
    with pytest.raises(UsageError):
        publish.prepare(out)
    assert (out / "thesis.docx").read_text(encoding="utf-8") == "precious"
    assert not publish.staging_path(out).exists()


def test_discard_leaves_the_published_site_alone(tmp_path: Path) -> None:
    out = site_with(tmp_path / "site", "old")
    staging = publish.prepare(out)
    (staging / "index.html").write_text("broken", encoding="utf-8")
    publish.discard(staging)
    assert (out / "index.html").read_text(encoding="utf-8") == "old"
    assert not staging.exists()


def test_builds_into_the_same_folder_take_turns(tmp_path: Path) -> None:
    order: list[str] = []
    inside = threading.Event()

    def first() -> None:
        with publish.locked(tmp_path / "site"):
            order.append("first in")
            inside.set()
            threading.Event().wait(0.3)
            order.append("first out")

    thread = threading.Thread(target=first)
    thread.start()
    inside.wait()
    with publish.locked(tmp_path / "site"):
        order.append("second in")
    thread.join()
    assert order == ["first in", "first out", "second in"]
