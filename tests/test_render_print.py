"""The print document and its stylesheet, printed by the real Chromium."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pypdf
import pytest
from test_render_support import PETITION, SEED_002, content_card, small_card

from builder.printing.browser import LAUNCH_ARGS, find_chromium
from builder.render import default_css_href, render_print_document
from builder.render.theme import DEFAULT_THEME, FONT_HEI, FONT_KAI, FONT_SONG
from builder.scoring.engine import ScoreCard

PRINT_CSS = DEFAULT_THEME / "print" / "print.css"
A4 = (595, 842)  # points, rounded


def _css() -> str:
    return PRINT_CSS.read_text(encoding="utf-8")


def test_print_css_names_only_the_truetype_families() -> None:
    css = re.sub(r"/\*.*?\*/", "", _css(), flags=re.S)
    families = re.findall(r"font-family:\s*([^;]+);", css)
    assert families
    allowed = {f'"{FONT_SONG}"', f'"{FONT_KAI}"', f'"{FONT_HEI}"'}
    for value in families:
        names = {name.strip() for name in value.split(",")}
        assert names <= allowed, value  # no fallback list, no generic serif/sans-serif
    assert "noto" not in css.lower()
    assert {f'"{FONT_SONG}"', f'"{FONT_KAI}"', f'"{FONT_HEI}"'} <= {v.strip() for v in families}


def test_print_css_page_and_table_rules() -> None:
    css = _css()
    assert "size: A4;" in css
    assert "margin: 37mm 26mm 35mm 28mm;" in css  # 28 + 156 + 26 = 210, 37 + 225 + 35 = 297
    assert re.search(r'@bottom-center\s*{\s*content:\s*"— " counter\(page\) " —";', css)
    assert re.search(r"thead\s*{\s*display:\s*table-header-group;", css)
    assert re.search(r"\ntr\s*{\s*break-inside:\s*avoid;", css)
    # nothing in Ming or Kai is bold or italic: Chromium would draw those as Type 3
    for body in re.findall(r"{([^{}]*)}", css):
        if re.search(r"font-weight:\s*(bold|[6-9]00)", body):
            assert f'font-family: "{FONT_HEI}"' in body, body
        assert "italic" not in body and "oblique" not in body


def test_print_document_structure(tmp_path: Path) -> None:
    card = small_card(tmp_path, "## 评价项目概述\n\n正文。\n")
    html, diags = render_print_document(card, None)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in html
    assert "<title>2023年度测试项目绩效评价报告</title>" in html
    assert '<link rel="stylesheet" href="../../../assets/print.css">' in html
    assert default_css_href(card) == "../../../assets/print.css"
    assert html.index('class="doc-label">附件4<') < html.index('<h1 class="doc-title">')
    assert html.index("<h1") < html.index('<h2 id="sec-1">')
    assert "<script" not in html
    other, _ = render_print_document(card, None, css_href="print.css")
    assert '<link rel="stylesheet" href="print.css">' in other
    assert any(d.code == "JX501" for d in diags)


def _print(html_file: Path) -> bytes:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=find_chromium(), args=LAUNCH_ARGS)
        try:
            page = browser.new_page()
            page.goto(html_file.as_uri())
            data: bytes = page.pdf(prefer_css_page_size=True, tagged=True, outline=True)
        finally:
            browser.close()
    return data


def printed(card: ScoreCard, folder: Path) -> pypdf.PdfReader:
    """CARD's print document printed by Chromium as the site lays it out under FOLDER
    (the page in its report folder, the print stylesheet in assets/)."""
    html_file = folder / card.report.folder / "report.html"
    html_file.parent.mkdir(parents=True)
    html, _ = render_print_document(card, None)
    html_file.write_text(html, encoding="utf-8")
    (folder / "assets").mkdir()
    shutil.copy(PRINT_CSS, folder / "assets" / "print.css")
    return pypdf.PdfReader(io.BytesIO(_print(html_file)))


def _fonts(reader: pypdf.PdfReader) -> dict[str, str]:
    """Base font name → how it is embedded (FontFile2 = TrueType, Type3 = glyph drawings)."""
    found: dict[str, str] = {}
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            if font["/Subtype"] == "/Type3":
                found[f"Type3-{len(found)}"] = "Type3"
                continue
            descendant = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descendant["/FontDescriptor"].get_object()
            kind = next(k for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in descriptor)
            found[str(font["/BaseFont"]).split("+")[-1]] = kind
    return found


def _titles(outline: list[object]) -> list[str]:
    titles: list[str] = []
    for item in outline:
        if isinstance(item, list):
            titles.extend(_titles(item))
        else:
            titles.append(str(item["/Title"]))  # type: ignore[index]
    return titles


@pytest.mark.parametrize("folder", [SEED_002, PETITION], ids=["seed-002", "form"])
def test_chromium_prints_real_fonts_bookmarks_and_page_numbers(
    tmp_path: Path, folder: Path
) -> None:
    card = content_card(folder)
    reader = printed(card, tmp_path / "site")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4
    fonts = _fonts(reader)
    assert fonts and set(fonts.values()) == {"/FontFile2"}, fonts  # TrueType only, no Type 3
    assert {"UMingCN", "WenQuanYiZenHei"} <= set(fonts)
    first = reader.pages[0].extract_text()
    assert card.report.title[:8] in first.replace("\n", "")
    assert "— 1 —" in first
    if len(reader.pages) > 1:
        assert "— 2 —" in reader.pages[1].extract_text()
    titles = _titles(reader.outline)
    if folder == SEED_002:
        assert "一、评价项目概述" in titles and "（一）项目背景资料" in titles
        text = "".join(page.extract_text() for page in reader.pages)
        assert "95.48" in text and "92.59%" in text
    else:
        text = "".join(page.extract_text() for page in reader.pages)
        assert "84.74%" in text and "98.47" in text
