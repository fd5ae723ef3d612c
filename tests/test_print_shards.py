"""`jixiao print --shard K/N`: shares that split the reports stably, filling one cache that
the final `jixiao build` reuses without printing anything again."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CONTENT, run_jixiao

from builder.commands.print import in_shard, parse_shard
from builder.usage import UsageError


def test_shares_are_disjoint_cover_everything_and_do_not_move() -> None:
    folders = [f"unit-{u}/2023/report-{r}" for u in range(20) for r in range(10)]
    shares = {folder: [k for k in range(1, 5) if in_shard(folder, k, 4)] for folder in folders}
    assert all(len(ks) == 1 for ks in shares.values())
    sizes = [sum(ks == [k] for ks in shares.values()) for k in range(1, 5)]
    assert min(sizes) > 20  # roughly even over 200 reports
    # Adding a report moves no other: the share is a function of the folder alone.
    assert [k for k in range(1, 5) if in_shard(folders[0], k, 4)] == shares[folders[0]]


@pytest.mark.parametrize("text", ["0/2", "3/2", "a/b", "2", "1/2/3"])
def test_a_malformed_shard_is_a_usage_error(text: str) -> None:
    with pytest.raises(UsageError):
        parse_shard(text)


def test_two_shards_fill_the_cache_the_build_reuses(tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    first = run_jixiao("print", str(CONTENT), "--shard", "1/2", "--cache-dir", cache)
    second = run_jixiao("print", str(CONTENT), "--shard", "2/2", "--cache-dir", cache)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert "PDF 新打印" in first.stdout and "第 2/2 份" in second.stdout
    assert len(list((tmp_path / "cache" / "pdf").glob("*.pdf"))) == 7
    out = str(tmp_path / "site")
    built = run_jixiao("build", str(CONTENT), "--out", out, "--no-search", "--cache-dir", cache)
    assert built.returncode == 0, built.stdout
    assert "PDF 新打印 0 份、复用 7 份" in built.stdout


def test_bad_usage_exits_2(tmp_path: Path) -> None:
    assert run_jixiao("print", str(CONTENT), "--shard", "5/4").returncode == 2
    assert run_jixiao("print", str(tmp_path / "nowhere")).returncode == 2
