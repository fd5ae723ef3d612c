"""The narrative parser is markdown-it's own: its core, block and inline steps as the
library ships them, with the project's rules only added (directives, comments, figures)."""

from __future__ import annotations

from conftest import CONTENT
from markdown_it import MarkdownIt

from builder.render import markdown

EVERY_CONSTRUCT = """\
段落 *强调* 与 __加粗__、`代码`，链接 [网站](https://example.org) &amp; <b>标签</b> {{ total }}
第二行\\*转义\\*\\
硬换行后，95.5%，比例 3:1。

| 指标 | 完成值 |
|---|:---:|
| 满意度 | 95.5% |
| *强调* | `x` |

- 列表项
- 项 [链接][ref]

1. 有序

> 引用 _x_ <https://example.org>

    缩进代码

```text
围栏代码
```
<!-- 说明 -->
行内 <!-- 注释 --> 之后

[ref]: https://example.org
"""


def stock_parser() -> MarkdownIt:
    """markdown-it's CommonMark preset with the options and rule switches make_parser uses."""
    parser = MarkdownIt("commonmark", {"html": False})
    parser.enable("table")
    parser.disable(["image", "html_block", "html_inline"])
    return parser


def test_core_and_block_steps_are_markdown_its() -> None:
    stock = stock_parser()
    ours = markdown.make_parser()
    assert ours.core.ruler.getRules("") == stock.core.ruler.getRules("")
    ours_block = [
        rule.fn
        for rule in ours.block.ruler.__rules__
        if rule.enabled and not rule.name.startswith("jixiao_")
    ]
    assert ours_block == stock.block.ruler.getRules("")


def test_markdown_without_project_syntax_parses_as_markdown_it_parses_it() -> None:
    stock = stock_parser()
    texts = [path.read_text(encoding="utf-8") for path in sorted(CONTENT.rglob("*.md"))]
    texts += [EVERY_CONSTRUCT, "", "纯文本，没有任何标记。", "## 标题\n\n段落。\n"]
    for text in texts:
        if "{{" in text or "<!--" in text:
            continue  # the project's own rules read these
        assert markdown.parse(text) == stock.parse(text, {}), text
