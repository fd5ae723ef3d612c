"""The open-data page's field dictionary: what each field of reports.json and each column
of scores.csv holds (pure data; tests check it against the files' real fields)."""

from __future__ import annotations

from builder.loading.disclosurefields import open_data_docs
from builder.site.opendata import CSV_HEAD

REPORT_FIELDS = (
    ("index_no", "索引号"),
    ("published", "发布日期（YYYY-MM-DD）"),
    ("url", "报告页面，相对于网站根目录"),
    ("pdf", "PDF 文件，相对于网站根目录；未生成 PDF 时为 null"),
    (
        "evaluation_mode",
        "评价方式：self 单位自评、department 部门评价、finance 财政评价、third-party 第三方评价",
    ),
    *open_data_docs(),
    ("path", "报告在内容仓库中的目录"),
    ("title / kind / year", "报告标题、报告类型、年度"),
    ("unit / unit_slug", "单位全称及其目录名"),
    ("project", "项目名称；部门整体评价为 null"),
    ("weight_total", "各计分指标分值之和（通常为 100）"),
    ("total / grade", "综合得分（文本形式的十进制数）与评价等级"),
    (
        "budget",
        "预算：unit 金额单位、initial 年初预算数、adjusted 全年预算数、executed 全年执行数、rate 执行率（%）、score 预算执行率指标得分",
    ),
    ("groups", "一级指标：name、weight 分值、score 得分、rate 得分率（%）"),
    (
        "indicators",
        "完整的指标树：name、level、weight、score、rate、method、applicable、target、actual、reason、children",
    ),
)


# scores.csv, one row per scored indicator: its columns in order (opendata.CSV_HEAD).
SCORE_FIELDS = tuple(
    zip(
        CSV_HEAD,
        (
            "报告的索引号（与 reports.json 的 index_no 相同）",
            "单位全称",
            "年度",
            "报告标题",
            "报告类型",
            "一级指标名称",
            "二级指标名称（没有时为空）",
            "三级指标名称（没有时为空）",
            "评分方法，如 ratio 正向比率、reverse 反向比率、rate 比率乘分值、banded 分档、"
            "qualitative 定性、budget-rate 预算执行率、judged 评价人评分",
            "分值（权重）",
            "得分；不适用的指标为「不适用」",
            "得分率：得分 ÷ 分值（%）",
            "年度指标值（目标），按原文",
            "实际完成值，按原文",
            "扣分或偏差原因",
            "报告页面，相对于网站根目录",
        ),
        strict=True,
    )
)
