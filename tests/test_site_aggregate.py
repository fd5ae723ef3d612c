"""data/reports.json and data/scores.csv joined from the parts of the chunks that
rendered them are the same bytes as written whole, whatever the chunks."""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from builder.pipeline import workers
from builder.pipeline.build import Options, build
from builder.site import opendata
from builder.site.aggregate import records_part, reports_json, rows_part, scores_csv

sys.path.insert(0, str(ROOT))
from benchmarks.synthetic import generate


@pytest.mark.parametrize("seed", range(8))
def test_parts_assemble_to_the_whole_files(seed: int) -> None:
    """However the reports are shared out among chunks (some with none), the pieces of
    the open-data files join to the files written whole."""
    rng = random.Random(seed)
    count = rng.choice([0, 1, 2, 7, 30])
    records = [json.dumps({"n": n, "名称": "社工,服务"}, ensure_ascii=False) for n in range(count)]
    rows = [f"{n},社区\r\n" * rng.randint(0, 3) for n in range(count)]
    cuts = sorted(rng.choices(range(count + 1), k=rng.randint(0, 4)))
    bounds = list(zip([0, *cuts], [*cuts, count], strict=True))
    reports = b"".join(reports_json(records_part(records[a:b]) for a, b in bounds))
    scores = b"".join(scores_csv(rows_part(rows[a:b]) for a, b in bounds))
    whole = "[\n" + ",\n".join(records) + "\n]\n" if records else "[]\n"
    assert reports == whole.encode("utf-8")
    header = io.StringIO()  # as Excel's dialect of the csv module writes it
    csv.writer(header, lineterminator="\r\n").writerow(opendata.CSV_HEAD)
    assert scores == ("\ufeff" + header.getvalue() + "".join(rows)).encode("utf-8")


def _build(content: Path, out: Path, jobs: int) -> None:
    command = [sys.executable, "-m", "builder", "build", str(content), "--out", str(out)]
    command += ["--no-pdf", "--no-search", "--jobs", str(jobs)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_shared_out_builds_equal_a_single_process_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    generate(content, 90)
    # A unit folder named like another plus a suffix: in plain string order its reports
    # would come first ("unit-000-b/" < "unit-000/"), in folder order they come after.
    shutil.move(content / "unit-001", content / "unit-000-b")
    _build(content, tmp_path / "one", jobs=1)
    # Chunks of 7 or 8 folders, cut through units: a chunk's own 索引号 and previous/next
    # differ from the site's for the reports at the cuts, so it renders them again.
    monkeypatch.setattr(workers, "_unit", lambda candidate: candidate.folder)
    monkeypatch.setattr(workers, "CHUNKS_PER_JOB", 4)
    options = Options([content], tmp_path / "three", pdf=False, search=False, jobs=3)
    assert build(options).published
    one, three = _files(tmp_path / "one"), _files(tmp_path / "three")
    assert sorted(one) == sorted(three)
    assert [name for name in one if one[name] != three[name]] == []
    paths = [record["path"] for record in json.loads(one["data/reports.json"])]
    assert len(paths) == 90 and paths == sorted(paths, key=lambda path: path.split("/"))
    first_b = next(n for n, path in enumerate(paths) if path.startswith("unit-000-b/"))
    assert paths[first_b - 1].startswith("unit-000/")
