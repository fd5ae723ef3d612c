"""Diagnostic codes of the Office import and export (JX800-JX849)."""

from __future__ import annotations

from builder.diagnostics import E, W, register_code

IMPORT_UNREADABLE = register_code("JX800", E, "无法读取 Excel 文件")
IMPORT_XLS = register_code("JX801", E, "旧版 .xls 文件无法读取")
IMPORT_NO_FORM = register_code("JX802", E, "工作簿中找不到自评表的指标表")
IMPORT_NO_SHEET = register_code("JX803", E, "工作表不存在")
IMPORT_BAD_NUMBER = register_code("JX804", E, "单元格应为数字")
IMPORT_MISSING = register_code("JX805", E, "单元格缺少必填内容")
IMPORT_EXISTS = register_code("JX806", E, "目标文件已存在，不会覆盖")
IMPORT_BAD_TARGET = register_code("JX807", E, "导入目标目录不符合 content/单位/年度/报告 结构")
IMPORT_TREE = register_code("JX808", E, "指标层级有冲突")
IMPORT_YEAR = register_code("JX809", E, "表中年度与目标目录的年度不一致")
IMPORT_JUDGED = register_code("JX810", W, "表中得分与公式计算不同，按评价人打分导入")
IMPORT_NO_REASON = register_code("JX811", W, "扣分未填写偏差原因，导入时填入了占位说明")
IMPORT_TOTAL = register_code("JX812", W, "导入后计算的总分或执行率与表中填写的不同")
IMPORT_INVALID = register_code("JX813", E, "导入生成的 report.yaml 未通过检查")
