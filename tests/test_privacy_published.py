"""The last gate: personal numbers in the files about to be published block the swap."""

from __future__ import annotations

from pathlib import Path

from conftest import write_report
from test_privacy_disguise import ID, MOBILE, entities, fours, luhn_complete

from builder.pipeline import build as site_build
from builder.privacy import published

CARD = luhn_complete("622202020011223")  # 16 digits


def gate(staging: Path, allowed: frozenset[str] = frozenset()) -> list[tuple[str, str, int]]:
    found = published.check(staging, allowed, ("pagefind",), "site")
    return sorted((d.code, d.pos.file, d.pos.line) for d in found)


def test_every_kind_of_published_file_is_read_as_its_reader_sees_it(tmp_path: Path) -> None:
    (tmp_path / "u" / "r").mkdir(parents=True)
    (tmp_path / "u" / "r" / "index.html").write_text(
        "<html><body>\n<table><tr><td>张三</td>\n"
        f"<td>{ID[:10]}</td><td>{ID[10:]}</td></tr></table>\n"  # line 3: cells side by side
        f"<p>电话 <strong>{MOBILE[:3]}</strong>{entities(MOBILE[3:])}</p>\n"  # line 4
        f'<img alt="联系人 {MOBILE}" src="a.png">\n'  # line 5: an attribute
        "</body></html>\n",
        encoding="utf-8",
    )
    (tmp_path / "u" / "r" / "report.json").write_text(
        f'{{"title": "报告", "contact": "{fours(CARD, " ")}"}}\n', encoding="utf-8"
    )
    (tmp_path / "data.csv").write_text(f"a,b\n1,{MOBILE[:3]}-{MOBILE[3:7]}-{MOBILE[7:]}\n")
    (tmp_path / "report.pdf").write_bytes(f"%PDF {ID}".encode())  # not text: not read
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "x.json").write_text(ID)  # the search index: made of the pages
    assert gate(tmp_path) == [
        ("JX591", "site/u/r/index.html", 3),
        ("JX592", "site/data.csv", 2),
        ("JX592", "site/u/r/index.html", 4),
        ("JX592", "site/u/r/index.html", 5),
        ("JX593", "site/u/r/report.json", 1),
    ]


def test_declared_codes_and_allowed_numbers_pass_the_gate(tmp_path: Path) -> None:
    code = luhn_complete("440304220091500")  # a 项目编码 that passes Luhn
    (tmp_path / "index.html").write_text(f"<p>项目编码 {code}，合同 {CARD}</p>")
    assert [c for c, _, _ in gate(tmp_path)] == ["JX593", "JX593"]
    assert gate(tmp_path, frozenset({code, CARD})) == []


def test_a_number_of_parts_passes_only_when_each_part_was_marked(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        f"<td>{MOBILE[:3]}</td><td>{MOBILE[3:7]}</td><td>{MOBILE[7:]}</td>"
    )
    parts = (MOBILE[:3], MOBILE[3:7], MOBILE[7:])
    inside_a_code = "00".join(("", *parts, ""))  # each part inside some code: not enough
    assert [c for c, _, _ in gate(tmp_path, frozenset({inside_a_code}))] == ["JX592"]
    assert gate(tmp_path, frozenset(f"={part}" for part in parts)) == []


def test_numbers_that_only_come_together_on_a_page_block_publishing(tmp_path: Path) -> None:
    """Two indicator names, each harmless in report.yaml, printed in neighbouring cells
    of the score table read as an ID number: the build stops, the old site stays."""
    content, out = tmp_path / "content", tmp_path / "site"
    yaml = (
        "kind: key-project-evaluation\ntitle: 测试报告\nyear: 2023\n"
        "evaluation: {mode: self}\ndisclosure: {published: 2024-06-28}\n"
        "indicators:\n  - name: 产出\n    children:\n"
        f'      - name: "{ID[:10]}"\n        children:\n'
        f'          - {{name: "{ID[10:]}", weight: 100, method: judged, score: 100}}\n'
    )
    marked = yaml.replace(f'"{ID[:10]}"', f'"{ID[:10]}"  # jixiao:非个人信息')
    marked = marked.replace("score: 100}\n", "score: 100}  # jixiao:非个人信息\n")
    content.mkdir()
    # Marked as not personal on the lines that hold its parts: published.
    folder = write_report(content, marked, "## 评价项目概述\n\n正文。\n\n{{ table: scores }}\n")
    options = site_build.Options([content], out, pdf=False, search=False)
    outcome = site_build.build(options)
    assert outcome.published, outcome.diagnostics
    page = out / "test-unit" / "2023" / "r1" / "index.html"
    before = page.read_bytes()
    assert ID[:10].encode() in before and ID[10:].encode() in before
    # Without the marks: blocked at the page, the published site left as it was.
    (folder / "report.yaml").write_text(yaml, encoding="utf-8")
    outcome = site_build.build(options)
    errors = [d for d in outcome.diagnostics if d.is_error]
    assert [(d.code, d.pos.file.endswith("site/test-unit/2023/r1/index.html")) for d in errors] == [
        ("JX591", True)
    ]
    assert ID not in errors[0].message and not outcome.published
    assert page.read_bytes() == before
