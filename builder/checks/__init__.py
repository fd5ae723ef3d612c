"""Cross-checks (勾稽关系) over a score card.

Adding a check is one small function: decorate it with @check, take the ScoreCard,
yield Diagnostics. Checks are pure and independent; all of them always run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from builder.diagnostics import Diagnostic
from builder.scoring.engine import ScoreCard

Check = Callable[[ScoreCard], Iterable[Diagnostic]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


def run_checks(card: ScoreCard) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for fn in CHECKS:
        found.extend(fn(card))
    return found


from builder.checks import amounts as _amounts  # noqa: E402,F401  (units of amounts)
from builder.checks import data as _data  # noqa: E402,F401  (registers the data checks)
from builder.checks import unfinished as _unfinished  # noqa: E402,F401  (drafts, leftovers)
