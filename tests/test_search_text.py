"""The text Pagefind indexes: what a reader sees, one character a word, values escaped."""

from __future__ import annotations

from builder.site.searchtext import SEPARATOR, indexed_text, search_document, segmented


def test_indexed_text_reads_blocks_apart_inline_together_without_figures() -> None:
    body = (
        "<h2>一、概述</h2><p>为<strong>信访</strong>工作&amp;运行</p>"
        '<table><tr><td>服务</td><td class="num">12.50</td><td>对象</td></tr></table>'
    )
    assert indexed_text("标题", body) == "标题 一、概述 为信访工作&运行 服务 对象"


def test_every_character_is_a_word_and_whitespace_a_separator() -> None:
    assert segmented("信访 局8%") == f"信 访 {SEPARATOR} 局 8 %"


def test_the_document_escapes_every_value() -> None:
    payload = "<img src=x onerror=alert(1)>"
    html = search_document(f"题{payload}", f"文{payload}", [("单位", payload)], [("等级", '"x')])
    assert "<img" not in html
    assert 'data-pagefind-filter="单位:&lt;img src=x onerror=alert(1)&gt;"' in html
    assert 'data-pagefind-meta="等级:&#34;x"' in html
