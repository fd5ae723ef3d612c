"""Diagnostic codes of the narrative (report.md): outline, figures, tables, typography.

JX5xx. Registered here, next to the code that reports them.
"""

from __future__ import annotations

from builder.diagnostics import Severity, register_code

E, W = Severity.ERROR, Severity.WARNING

MISSING_SECTION = register_code("JX501", W, "缺少规定的章节")
UNKNOWN_SECTION = register_code("JX502", W, "章节不在该类报告的规定结构中")
SECTION_ORDER = register_code("JX503", W, "章节顺序与规定结构不一致")
TYPED_NUMBER = register_code("JX504", W, "标题中手写了编号")
HEADING_LEVEL = register_code("JX505", W, "标题层级不对")
UNKNOWN_FIGURE = register_code("JX506", E, "未知的数据引用")
EMPTY_FIGURE = register_code("JX507", E, "引用的数据没有值")
BAD_DIRECTIVE = register_code("JX508", E, "表格指令无效")
TABLE_NO_DATA = register_code("JX509", W, "表格没有可用的数据")
# JX510 reserved (once: "a missing report.md is not a problem"; issue 10 made it JX521/522)
GUIDANCE_LEFT = register_code("JX511", W, "正文中残留模板提示语")
DOUBLED_PUNCT = register_code("JX512", W, "标点符号重复")
HALF_WIDTH_PUNCT = register_code("JX513", W, "中文中使用了半角标点")
SPACE_IN_CJK = register_code("JX514", W, "汉字之间有多余的空格")
UNSAFE_LINK = register_code("JX515", W, "不安全的链接已被移除")
RAW_HTML = register_code("JX516", W, "正文中的 HTML 不会生效")
IMAGE_UNSUPPORTED = register_code("JX517", W, "正文不支持插入图片")
UNCLOSED_FIGURE = register_code("JX520", E, "数据引用的花括号未闭合")
NO_NARRATIVE = register_code("JX521", E, "缺少正文 report.md")
NO_NARRATIVE_FORM = register_code("JX522", W, "表格类报告缺少正文 report.md")
CONTROL_CHARACTER = register_code("JX523", W, "正文中有控制字符（已删除）")
