"""The block-level shortcuts (builder/render/mdblocks.py) give the very tokens of
markdown-it's own rule chain: for real and synthetic narratives, and for thousands of
documents made of lines that each open, interrupt or continue some block."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import block as stock_block
from markdown_it.rules_core import inline as stock_inline
from markdown_it.rules_core import normalize as stock_normalize

from builder.render import markdown, mdblocks

sys.path.insert(0, str(ROOT))
from benchmarks.synthetic import generate

# Lines of every kind the block rules tell apart, plain text among them.
LINES = (
    *("", "", "", "正文一段文字，没有标记。", "另一行正文 {{ total }} 元。", "2019年，项目完成。"),
    *("1. 列表", "2) 列表", "1986. 年", "12345678901. 长", "1.", "10)", "１. 全角"),
    *("- 列表项", "* 星号", "+ 加号", "  - 缩进列表", "-", "=", "---", "===", "***", "___"),
    *("## 标题", "### 二级 ###", "## 标题 #", "## C#", "#不是标题", "####### 七级", "# 一级"),
    *("#", "##", "## ", "# #", "###   ", "## 标题\t##\t", "## 标题 | 带竖线", "  ## 缩进标题"),
    *("| a | b |", "|---|---|", "a | b", "--- | ---", ":-- | --:", "：冒号开头", ":"),
    *("> 引用", ">引用二", "```", "~~~", "    代码缩进", "\t制表缩进", "  \t混合缩进"),
    *("  两个空格开头", "   三个空格", "     五空格", "  ", "\t", " \t "),
    *("{{ table: scores }}", "{{ total }}", "<!-- 注释 -->", "<!-- 开始", "结束 -->", "<div>"),
    *("[ref]: https://example.org", "[链接](https://example.org)", "**粗体**", "_下划线_"),
    *("\\# 转义", "&amp;", "`code`", "a\tb", "行尾空格  ", "回车\r", "空字符\0"),
)


def stock_parser() -> markdown.SafeMarkdown:
    """The project's parser with every shortcut taken out: markdown-it's own steps."""
    parser = markdown.make_parser()
    parser.core.ruler.at("normalize", stock_normalize)
    parser.core.ruler.at("block", stock_block)
    parser.core.ruler.at("inline", stock_inline)
    parser.core.ruler.enable("text_join")
    parser.block.ruler.disable("jixiao_plain")
    return parser


def generated(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        text = "\n".join(rng.choice(LINES) for _ in range(rng.randint(0, 24)))
        texts.append(text + rng.choice(("", "\n", "\r\n", "  ", "\n\t")))
    return texts


def assert_same_tokens(texts: list[str]) -> None:
    stock = stock_parser()
    for text in texts:
        assert markdown.parse(text) == stock.parse(text, {}), repr(text)


def test_real_narratives_read_as_markdown_it_reads_them(tmp_path: Path) -> None:
    generate(tmp_path / "content", 40)
    paths = [*sorted(CONTENT.rglob("*.md")), *sorted(tmp_path.rglob("report.md"))]
    assert_same_tokens([path.read_text(encoding="utf-8") for path in paths])


@pytest.mark.parametrize("seed", range(4))
def test_generated_documents_read_as_markdown_it_reads_them(seed: int) -> None:
    assert_same_tokens(generated(1500, seed))


def test_line_table_is_markdown_its() -> None:
    stock = stock_parser()
    for text in generated(500, 99):
        stock_text = text.replace("\r\n", "\n").replace("\r", "\n")
        reference = StateBlock(stock_text, stock, {}, [])
        marks = (reference.bMarks, reference.eMarks, reference.tShift, reference.sCount)
        assert mdblocks.line_table(stock_text) == marks, repr(text)


def test_shortcut_reads_plain_blocks_only() -> None:
    parser = markdown.make_parser()
    tokens = parser.parse("## 标题\n\n段落一行，\n又一行。\n\n- 列表\n", {})
    assert [t.type for t in tokens][:6] == [
        "heading_open",
        "inline",
        "heading_close",
        "paragraph_open",
        "inline",
        "paragraph_close",
    ]
    assert tokens[4].content == "段落一行，\n又一行。"
    assert tokens[6].type == "bullet_list_open"


# Blocks a plain document (mdblocks.plain_document) is made of, and lines near them that
# send a document back to markdown-it's rule chain.
PLAIN_TEXT = ("正文一段文字，没有标记。", "另一行正文 {{ total }} 元。", "2019年，项目完成。")
PLAIN_TEXT += ("全角空格\u3000", "\x0c", "行尾空格  ", "a | b", "有 **粗体** 与 [链接](x)")
SINGLE_LINES = ("## 标题", "### 二级 ###", "## 标题 #", "## C#", "# 一级", "#", "## ", "###\t#")
SINGLE_LINES += ("{{ table: scores }}", "{{table：funds}}", "{{ table: 未知 }}")
NEAR_PLAIN_LINES = (
    "#不是标题",
    "####### 七级",
    "## 标题 | 带竖线",
    "{{ total }}",
    "{{ table: }} x",
)
NEAR_PLAIN_LINES += ("===", "---", "|---|", "- 列表项", "1. 列表", "  缩进", "\t制表", "")


def _plain_document(rng: random.Random) -> str:
    blocks = []
    for _ in range(rng.randint(1, 12)):
        if rng.random() < 0.5:
            blocks.append(rng.choice(SINGLE_LINES))
        else:
            blocks.append("\n".join(rng.choice(PLAIN_TEXT) for _ in range(rng.randint(1, 3))))
    # A heading or directive line needs no empty line before the next block.
    text = ""
    for block in blocks:
        single = text and text.split("\n")[-1] in SINGLE_LINES
        text += (rng.choice(("\n", "\n\n")) if single else "\n\n") + block if text else block
    return text + rng.choice(("", "\n", "\n\n"))


def test_plain_documents_are_read_without_the_rule_chain() -> None:
    rng = random.Random(7)
    plain = [_plain_document(rng) for _ in range(2000)]
    assert all(mdblocks.plain_document(text) is not None for text in plain)
    near = []
    for text in plain[:1000]:
        lines = text.split("\n")
        lines.insert(rng.randint(0, len(lines)), rng.choice(NEAR_PLAIN_LINES))
        near.append("\n".join(lines))
    assert any(mdblocks.plain_document(text) is None for text in near)
    assert_same_tokens(plain + near)


def test_synthetic_narratives_are_plain_documents(tmp_path: Path) -> None:
    generate(tmp_path / "content", 10)
    for path in sorted(tmp_path.rglob("report.md")):
        assert mdblocks.plain_document(path.read_text(encoding="utf-8")) is not None
