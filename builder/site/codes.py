"""Diagnostic codes of the website build (JX6xx). Stable: never renumber, only add."""

from __future__ import annotations

from builder.diagnostics import Severity, register_code

E, W = Severity.ERROR, Severity.WARNING

BROKEN_LINK = register_code("JX601", E, "网站内部链接指向不存在的页面")
BROKEN_ANCHOR = register_code("JX602", E, "网站内部链接指向页面中不存在的位置")
RESERVED_SLUG = register_code("JX603", E, "单位目录名与网站保留路径冲突")
NO_PUBLISHED = register_code("JX604", E, "缺少发布日期")
NO_SITE = register_code("JX605", E, "缺少网站配置 site.yaml")
DUPLICATE_INDEX_NO = register_code("JX606", E, "索引号重复")
SEARCH_FAILED = register_code("JX607", E, "全文检索索引生成失败")
NO_REPORTS = register_code("JX608", E, "没有可发布的报告")
WRITE_FAILED = register_code("JX609", E, "无法写入网站文件")
SEARCH_UNSTABLE = register_code("JX610", W, "全文检索索引的输出不确定")
UNSAFE_FOLDER = register_code("JX611", E, "目录名含有不允许的字符")
BAD_BASE_URL = register_code("JX612", E, "网站地址 base_url 无效")
ORIGINAL_MISSING = register_code("JX620", E, "找不到 disclosure.original 指定的原件")
ORIGINAL_OUTSIDE = register_code("JX621", E, "原件不是报告目录中的普通文件")
