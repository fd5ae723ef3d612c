"""Problems of reports as published on the site (pure): a publication date, a folder
name that can be an address, a unit folder that is not one of the site's own."""

from __future__ import annotations

import re

from builder.diagnostics import Diagnostic, Pos, diag
from builder.site.codes import NO_PUBLISHED, RESERVED_SLUG, UNSAFE_FOLDER
from builder.site.entries import RESERVED, Entry

# What changes a relative address in an href as a browser reads it: a query or fragment
# starts, a percent escape, a backslash taken as "/", a colon taken as a scheme, control
# characters dropped. (Other characters, letters of any script, spaces and brackets
# included, are escaped by the browser and work; feeds and the sitemap escape them all.)
URL_UNSAFE = re.compile(r"[?#%\\:\x00-\x1f\x7f]")


def entry_problems(entries: list[Entry]) -> list[Diagnostic]:
    found = []
    for entry in entries:
        if entry.published is None and not entry.draft:  # a draft is only previewed
            found.append(
                diag(
                    NO_PUBLISHED,
                    "公开发布的报告需要发布日期 disclosure.published",
                    entry.index_pos,
                    "在 report.yaml 中写 disclosure: {published: 2024-06-28}。",
                )
            )
        unsafe = sorted(set(URL_UNSAFE.findall(entry.folder)))
        if unsafe:
            shown_chars = "、".join(f"「{c}」" if c.isprintable() else repr(c) for c in unsafe)
            found.append(
                diag(
                    UNSAFE_FOLDER,
                    f"目录「{entry.folder}」含有 {shown_chars}，这些字符在网址中有特殊含义",
                    Pos(entry.origin.file),
                    "目录名会成为网页地址的一部分：请去掉这些字符，最好只用字母、数字、连字符（-）和下划线（_）。",
                )
            )
        if entry.unit_slug in RESERVED:
            found.append(
                diag(
                    RESERVED_SLUG,
                    f"单位目录名「{entry.unit_slug}」是网站的保留路径",
                    Pos(entry.origin.file),
                    f"请改用其他目录名；保留的名称：{'、'.join(sorted(RESERVED))}。",
                )
            )
    return found
