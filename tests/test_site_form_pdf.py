"""The printed 自评表 (real Chromium, real PDF, read back with poppler's pdftotext)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from conftest import CONTENT, run_jixiao

from builder.render.grid import Cell, cell_html

REPORT = "futian-xinfang/2023/petition-affairs"


def test_a_figure_with_its_unit_is_one_unbreakable_run() -> None:
    html = cell_html(Cell("≦8454200元，100%及时", cls="qty"))
    assert html == (
        '<td class="qty"><span class="nobr">≦8454200元</span>，'
        '<span class="nobr">100%及时</span></td>'
    )
    assert (
        cell_html(Cell("<8%", cls="qty")) == '<td class="qty"><span class="nobr">&lt;8%</span></td>'
    )
    assert cell_html(Cell("≦8454200元")) == "<td>≦8454200元</td>"  # other cells as they were


def test_printed_form_keeps_numbers_whole_and_sizes_columns_by_content(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT / "futian-xinfang", content / "futian-xinfang")
    shutil.copy(CONTENT / "site.yaml", content / "site.yaml")
    for other in (content / "futian-xinfang" / "2023").iterdir():
        if other.name != "petition-affairs":
            shutil.rmtree(other)
    out = tmp_path / "site"
    result = run_jixiao("build", str(content), "--out", str(out), "--no-search")
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = out / REPORT / "report.pdf"
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = text.splitlines()
    assert any("≦8454200元" in line for line in lines), text
    assert sum("100%及时" in line for line in lines) == 2  # target and actual of 及时率
    assert not any(re.fullmatch(r"≦?\d+", line.strip()) and "845" in line for line in lines)
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    left = re.search(r'xMin="([\d.]+)"[^>]*>偏差原因', boxes)
    first = re.search(r'xMin="([\d.]+)"[^>]*>一级指标', boxes)
    assert left and first
    # The type area is 156 mm (442 pt) from 28 mm: the mostly empty 偏差原因 column keeps
    # to the last eighth of it (it took a fifth, sized by percent).
    assert float(left.group(1)) > float(first.group(1)) + 0.85 * 442 - 20
