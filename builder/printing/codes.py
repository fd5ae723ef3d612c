"""Diagnostic codes of the printing stage (JX7xx). Stable: never renumber, only add."""

from __future__ import annotations

from builder.diagnostics import Severity, register_code

E, W = Severity.ERROR, Severity.WARNING

BROWSER_MISSING = register_code("JX701", E, "找不到 Chromium 浏览器")
BROWSER_START = register_code("JX702", E, "浏览器无法启动")
PRINT_FAILED = register_code("JX703", E, "打印 PDF 失败")
PRINT_TIMEOUT = register_code("JX704", E, "打印 PDF 超时")
TYPE3_FONT = register_code("JX705", W, "PDF 中有未以 TrueType 嵌入的字体（Type 3）")
ASSET_MISSING = register_code("JX706", E, "打印文档引用的本地文件不存在")
ASSET_REMOTE = register_code("JX707", E, "打印文档引用了外部网址")
WRITE_FAILED = register_code("JX708", E, "无法写入 PDF 文件")
CACHE_WRITE = register_code("JX709", W, "无法写入 PDF 缓存")
