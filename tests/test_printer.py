"""The PDF engine with the real Chromium: fonts, bookmarks, text, page size, identical bytes,
cache, failures of one document, a missing browser. Few, small documents keep this quick."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from conftest import CONTENT, run_jixiao, write_report
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import async_playwright

from builder.diagnostics import Pos
from builder.printing import PrintJob, PrintOutcome, pdf_cache_dir, pool, print_pdfs
from builder.printing.assets import css_references, html_references, scan_assets
from builder.printing.browser import LAUNCH_ARGS, find_chromium
from builder.printing.pdfbytes import normalize_pdf, pin_dates, renumber_node_ids

FIXTURES = Path(__file__).parent / "fixtures" / "print"
REPORT = "report.html"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A private copy of the fixture documents (tests may change the stylesheet)."""
    folder = tmp_path / "docs"
    shutil.copytree(FIXTURES, folder)
    return folder


def _print(html: Path, pdf: Path, **options: object) -> PrintOutcome:
    options.setdefault("cache_dir", None)
    outcome = print_pdfs([PrintJob(html, pdf)], **options)  # type: ignore[arg-type]
    assert not outcome.diagnostics, outcome.diagnostics
    return outcome


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture report printed once without a cache (shared by the read-only checks)."""
    folder = tmp_path_factory.mktemp("printed")
    shutil.copytree(FIXTURES, folder / "docs")
    pdf = folder / "report.pdf"
    outcome = _print(folder / "docs" / REPORT, pdf)
    assert (outcome.printed, outcome.reused, outcome.pages) == (1, 0, 1)
    return pdf


def _tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_fonts_are_embedded_truetype_never_type3(printed: Path) -> None:
    rows = _tool("pdffonts", str(printed)).splitlines()[2:]
    names = {row.split()[0].split("+")[-1] for row in rows}
    assert {"UMingCN", "UKaiCN", "WenQuanYiZenHei"} <= names
    assert not [row for row in rows if "Type 3" in row]
    assert all(row.split()[-5] == "yes" for row in rows)  # the "emb" column


def test_headings_become_bookmarks(printed: Path) -> None:
    outline = pypdf.PdfReader(printed).outline
    assert outline[0].title == "景泰街社工服务站项目绩效评价报告"  # type: ignore[union-attr]
    children = [item.title for item in outline[1] if not isinstance(item, list)]
    assert children == ["一、评价项目概述", "二、项目综合评价等级和评价结论"]


def test_text_is_extractable_in_reading_order(printed: Path) -> None:
    text = _tool("pdftotext", "-layout", str(printed), "-")
    order = [
        "景泰街社工服务站项目绩效评价报告",
        "二、项目综合评价等级和评价结论",
        "95.48",
        "8.98",
        "— 1 —",
    ]
    positions = [text.find(piece) for piece in order]
    assert -1 not in positions, (positions, text)
    assert positions == sorted(positions)


def test_page_is_a4_and_file_is_sound(printed: Path) -> None:
    box = pypdf.PdfReader(printed).pages[0].mediabox
    assert abs(float(box.width) - 595) <= 1 and abs(float(box.height) - 842) <= 1
    assert "No syntax or stream encoding errors" in _tool("qpdf", "--check", str(printed))


def test_pinned_date_is_what_readers_show(printed: Path) -> None:
    info = _tool("pdfinfo", str(printed))
    assert "CreationDate:    Sat Jan  1 00:00:00 2000 UTC" in info


def test_two_prints_are_byte_identical_and_the_cache_reuses(docs: Path, printed: Path) -> None:
    cache = docs.parent / "cache"
    first = _print(docs / REPORT, docs.parent / "a.pdf", cache_dir=cache)
    assert (first.printed, first.reused) == (1, 0)
    # A separate browser and page history than the module fixture's, same bytes.
    assert (docs.parent / "a.pdf").read_bytes() == printed.read_bytes()
    again = _print(docs / REPORT, docs.parent / "b.pdf", cache_dir=cache)
    assert (again.printed, again.reused, again.pages) == (0, 1, 1)
    assert (docs.parent / "b.pdf").read_bytes() == printed.read_bytes()
    # The stylesheet is part of the key: changing it prints again.
    css = docs / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\np { color: #111; }\n", encoding="utf-8")
    changed = _print(docs / REPORT, docs.parent / "c.pdf", cache_dir=cache)
    assert (changed.printed, changed.reused) == (1, 0)


def test_a_hung_document_fails_alone_after_one_retry(docs: Path) -> None:
    origin = Pos("content/u/2023/hang/report.yaml", 3, 1)
    jobs = [
        PrintJob(docs / "hang.html", docs / "out" / "hang.pdf", origin),
        PrintJob(docs / REPORT, docs / "out" / "report.pdf"),
        PrintJob(docs / "bold-ming.html", docs / "out" / "bold.pdf"),
    ]
    seen: list[str] = []
    outcome = print_pdfs(
        jobs,
        cache_dir=None,
        timeout=2,
        progress=lambda done, total, job: seen.append(job.pdf_path.name),
    )
    assert outcome.printed == 2 and outcome.failed == [jobs[0]]
    codes = [(d.code, d.pos) for d in outcome.diagnostics]
    assert ("JX704", origin) in codes
    assert "已重试一次" in outcome.diagnostics[codes.index(("JX704", origin))].message
    # The engine notices Type 3 fonts (synthetic bold of UMing) and says where.
    assert ("JX705", jobs[2].where) in codes
    assert sorted(seen) == ["bold.pdf", "hang.pdf", "report.pdf"]
    assert sorted(p.name for p in (docs / "out").iterdir()) == ["bold.pdf", "report.pdf"]


def test_missing_browser_api(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_CHROMIUM", str(docs / "no-such-chromium"))
    job = PrintJob(docs / REPORT, docs / "out.pdf")
    outcome = print_pdfs([job], cache_dir=None)
    assert [d.code for d in outcome.diagnostics] == ["JX701"]
    assert "找不到配置的浏览器" in outcome.diagnostics[0].message
    assert outcome.failed == [job] and not (docs / "out.pdf").exists()


def test_missing_browser_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_CHROMIUM", str(tmp_path / "no-such-chromium"))
    report = CONTENT / "baiyun-jingtai" / "2023" / "social-work-station"
    done = run_jixiao("pdf", str(report), "-o", str(tmp_path / "r.pdf"))
    assert done.returncode == 1
    assert "JX701" in done.stderr and "找不到配置的浏览器" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_broken_and_remote_references_are_located(docs: Path) -> None:
    html = docs / "broken.html"
    html.write_text(
        '<html><head>\n  <link rel="stylesheet" href="nope.css">\n'
        '<script src="https://cdn.example.com/x.js"></script></head>\n'
        '<body><a href="https://example.com/law">依据</a><img src="#x"></body></html>',
        encoding="utf-8",
    )
    scan = scan_assets(html, html.read_text(encoding="utf-8"))
    found = [(d.code, d.pos.line, d.pos.col) for d in scan.diagnostics]
    assert found == [("JX706", 2, 3), ("JX707", 3, 1)]
    outcome = print_pdfs([PrintJob(html, docs / "b.pdf")], cache_dir=None)
    assert outcome.failed and not (docs / "b.pdf").exists()


def test_references_of_html_and_css() -> None:
    refs = html_references(
        '<link rel="stylesheet" href="a.css"><img srcset="x.png 1x, y.png 2x">'
        '<p style="background: url(\'bg.png\')">x</p><style>\n@import "b.css";</style>'
    )
    assert [(r.url, r.stylesheet) for r in refs] == [
        ("a.css", True),
        ("x.png", False),
        ("y.png", False),
        ("bg.png", False),
        ("b.css", True),
    ]
    assert refs[-1].line == 2
    css = '/* url(skip.png) */\n@font-face { src: url("f.ttf"); }'
    assert [(r.url, r.line, r.col) for r in css_references(css)] == [("f.ttf", 2, 24)]


SKIA_LIKE = (
    b"%PDF-1.4\n1 0 obj\n<</CreationDate (D:20261121224817+08'00')\n"
    b"/ModDate (D:20261121224817+08'00')>>\nendobj\n"
    b"2 0 obj\n<</ID (node00000061)>>\nendobj\n3 0 obj\n<</ID (node00000063)>>\nendobj\n"
    b"4 0 obj\n<</Limits [(node00000061) (node00000063)]>>\nendobj\n"
)


def test_normalisation_keeps_length_and_order() -> None:
    fixed = normalize_pdf(SKIA_LIKE, datetime.date(2024, 6, 28))
    assert len(fixed) == len(SKIA_LIKE)
    assert b"/CreationDate (D:20240628000000+00'00')" in fixed
    assert b"/ModDate (D:20240628000000+00'00')" in fixed
    assert b"[(node00000001) (node00000002)]" in fixed
    assert renumber_node_ids(fixed) == fixed
    assert pin_dates(b"/ModDate (D:20261121224817Z)") == b"/ModDate (D:20000101000000Z)"


def test_cli_refuses_a_report_with_errors(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    folder = write_report(tmp_path / "content", "kind: no-such-kind\ntitle: 测试\nyear: 2023\n")
    done = run_jixiao("pdf", str(folder), "-o", str(tmp_path / "r.pdf"))
    assert done.returncode == 1
    assert "错误" in done.stderr and "未生成 PDF" in done.stderr
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "r.html").exists()


def test_cli_prints_one_report(tmp_path: Path) -> None:
    pytest.importorskip("builder.render", reason="print renderer not in this checkout")
    report = CONTENT / "baiyun-jingtai" / "2023" / "social-work-station"
    done = run_jixiao("pdf", str(report), "--no-cache", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "social-work-station.pdf"
    assert "已打印" in done.stdout and pdf.name in done.stdout
    assert (tmp_path / "social-work-station.html").is_file()
    reader = pypdf.PdfReader(pdf)
    assert len(reader.pages) >= 2 and reader.outline
    assert "Type 3" not in _tool("pdffonts", str(pdf))


def test_an_unwritable_cache_only_warns(docs: Path) -> None:
    blocker = docs / "cache-is-a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    outcome = print_pdfs([PrintJob(docs / REPORT, docs / "r.pdf")], cache_dir=blocker)
    assert [d.code for d in outcome.diagnostics] == ["JX709"]
    assert not outcome.has_errors and outcome.printed == 1 and (docs / "r.pdf").is_file()


def test_a_crashed_page_is_replaced_and_the_document_retried() -> None:
    """The worker's retry step, with a renderer really crashed through the DevTools protocol."""

    async def scenario() -> tuple[object, object, object]:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=find_chromium(), args=LAUNCH_ARGS
            )
            page = await browser.new_page()
            session = await page.context.new_cdp_session(page)
            async with page.expect_event("crash"):
                # The crash cuts the reply off: wait for the event, not for the answer.
                crash = asyncio.ensure_future(session.send("Page.crash"))
            crash.cancel()
            with contextlib.suppress(asyncio.CancelledError, PlaywrightError):
                await crash
            kept, failure = await pool._attempt(browser, page, FIXTURES / REPORT, 10)
            _, retried = await pool._attempt(browser, kept, FIXTURES / REPORT, 10)
            await browser.close()
            return kept, failure, retried

    kept, failure, retried = asyncio.run(scenario())
    assert kept is None  # the crashed page is not reused
    assert isinstance(failure, pool.PrintFailure) and "crash" in failure.detail.lower()
    assert isinstance(retried, bytes) and retried.startswith(b"%PDF-")


@pytest.mark.parametrize("program", ["/bin/false", "/bin/true"])
def test_a_browser_that_does_not_start(
    docs: Path, monkeypatch: pytest.MonkeyPatch, program: str
) -> None:
    # /bin/false fails when asked its version, /bin/true when Playwright launches it.
    monkeypatch.setenv("JIXIAO_CHROMIUM", program)
    job = PrintJob(docs / REPORT, docs / "out.pdf")
    outcome = print_pdfs([job], cache_dir=None, timeout=20)
    assert [(d.code, d.pos.file) for d in outcome.diagnostics] == [("JX702", "JIXIAO_CHROMIUM")]
    assert "无法" in outcome.diagnostics[0].message
    assert outcome.failed == [job] and not (docs / "out.pdf").exists()


def test_the_pdf_cache_keeps_to_its_bound_dropping_what_was_used_longest_ago(
    tmp_path: Path,
) -> None:
    from builder.printing.cache import PdfCache

    cache = PdfCache(tmp_path)
    for number in range(6):  # entries used at times 0, 10, 20, … seconds
        path = tmp_path / f"k{number}.pdf"
        path.write_bytes(b"%PDF" + b"x" * 996)
        os.utime(path, (1_000_000 + number * 10, 1_000_000 + number * 10))
    (tmp_path / "notes.txt").write_bytes(b"y" * 5000)  # not an entry: left alone
    assert cache.entry("k0") is not None  # used just now: the newest
    assert cache.entry("absent") is None
    assert cache.prune(keep={"k1"}, limit=10_000) == 0  # 6,000 bytes: within the bound
    assert cache.prune(keep={"k1"}, limit=4000) == 3  # k2, k3, k4: down to 3,000 ≤ 3,600
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["k0.pdf", "k1.pdf", "k5.pdf", "notes.txt"]


def test_the_cache_belongs_to_the_content_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Beside the content folder by default (never inside the jixiao installation), else
    $JIXIAO_CACHE_DIR, else --cache-dir."""
    monkeypatch.delenv("JIXIAO_CACHE_DIR", raising=False)
    content = tmp_path / "project" / "content"
    assert pdf_cache_dir(content) == tmp_path / "project" / ".jixiao-cache" / "pdf"
    monkeypatch.setenv("JIXIAO_CACHE_DIR", str(tmp_path / "env"))
    assert pdf_cache_dir(content) == tmp_path / "env" / "pdf"
    assert pdf_cache_dir(content, tmp_path / "flag") == tmp_path / "flag" / "pdf"


def test_cli_pdf_fills_the_cache_dir_it_is_given(tmp_path: Path) -> None:
    report = CONTENT / "baiyun-jingtai" / "2023" / "social-work-station"
    cache = tmp_path / "shared-cache"
    first = run_jixiao("pdf", str(report), "--cache-dir", str(cache), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert len(list((cache / "pdf").glob("*.pdf"))) == 1
    again = run_jixiao("pdf", str(report), "--cache-dir", str(cache), "-o", "b.pdf", cwd=tmp_path)
    assert again.returncode == 0 and "沿用缓存" in again.stdout, again.stdout


def _tagged(ids: tuple[int, ...]) -> bytes:
    """A tagged PDF's structure elements (document order) with Blink's node ids IDS, and
    its /IDTree leaf listing them sorted by name, as Skia writes it."""
    elements = b"".join(
        b"%d 0 obj\n<</Type /StructElem\n/ID (node%08d)>>\nendobj\n" % (20 + k, i)
        for k, i in enumerate(ids)
    )
    pairs = sorted((i, 20 + k) for k, i in enumerate(ids))
    names = b" ".join(b"(node%08d) %d 0 R" % pair for pair in pairs)
    limits = b"[(node%08d) (node%08d)]" % (pairs[0][0], pairs[-1][0])
    return elements + b"40 0 obj\n<</Limits " + limits + b"\n/Names [" + names + b"]>>\nendobj\n"


def test_node_ids_are_numbered_in_document_order_whatever_order_blink_gave() -> None:
    """Blink now and then numbers a table's header cells after the rows below them; the
    same document must still give the same bytes (seen in an incremental-build test)."""
    in_order = renumber_node_ids(_tagged((1, 2, 3, 4)))
    late_headers = renumber_node_ids(_tagged((10, 11, 1, 2)))
    assert late_headers == in_order
    assert len(late_headers) == len(_tagged((10, 11, 1, 2)))
    assert b"/Limits [(node00000001) (node00000004)]" in in_order
    assert b"(node00000001) 20 0 R (node00000002) 21 0 R" in late_headers
    assert renumber_node_ids(late_headers) == late_headers
