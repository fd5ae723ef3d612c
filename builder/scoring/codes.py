"""Diagnostic codes of the scoring rules real forms need: 得分系数, scaled blocks, the total's
range, missed targets without a reason (JX220–JX229, JX316–JX329).

Registered here, next to each other, so the shared registry in diagnostics.py stays as it is.
"""

from __future__ import annotations

from builder.diagnostics import Severity, register_code

E, W = Severity.ERROR, Severity.WARNING

BAD_COEFFICIENT = register_code("JX220", E, "得分系数无效")
DIRECTION_CONFLICT = register_code("JX221", W, "指标方向与指标值的比较符相反")
SCALED_NO_WEIGHT = register_code("JX316", E, "折算分组缺少分值")
SCALED_ON_SCORED = register_code("JX317", E, "scaled 只能用于分组")
TOTAL_OVER_100 = register_code("JX318", E, "总分超过 100")
REASON_MISSED_TARGET = register_code("JX319", W, "未达到指标值但未说明偏差原因")
