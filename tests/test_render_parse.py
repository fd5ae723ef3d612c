"""The parser's shortcut for plain inline text (markdown._inline) gives the very tokens of
markdown-it's own inline step, for real narratives and for every construct."""

from __future__ import annotations

from conftest import CONTENT
from markdown_it.rules_core import inline as stock_inline

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


def reference_parser() -> markdown.SafeMarkdown:
    parser = markdown.make_parser()
    parser.core.ruler.at("inline", stock_inline)
    parser.core.ruler.enable("text_join")
    return parser


def test_plain_text_shortcut_gives_markdown_its_tokens() -> None:
    reference = reference_parser()
    texts = [path.read_text(encoding="utf-8") for path in sorted(CONTENT.rglob("*.md"))]
    texts += [EVERY_CONSTRUCT, "", "纯文本，没有任何标记。", "## 标题\n\n段落。\n"]
    for text in texts:
        assert markdown.parse(text) == reference.parse(text, {})
