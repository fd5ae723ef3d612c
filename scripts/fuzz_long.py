"""A long fuzzing run over the targets of tests/test_fuzz.py, with fresh random seeds.

    .venv/bin/python scripts/fuzz_long.py --minutes 10
    .venv/bin/python scripts/fuzz_long.py --minutes 1 --target check_narrative

Runs the targets in turn, in rounds of --round examples each, until the time is up.
A failing example is shrunk by hypothesis, printed with its traceback, counted, and the
run goes on (a round stops at its first failure). Prints the examples run and the
exceptions found per target; exits 1 when any exception was found.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_fuzz import TARGETS  # noqa: E402


def run_round(name: str, examples: int, counts: dict[str, int]) -> str | None:
    """One round of TARGET: None, or the failure's description."""
    function, strategy = TARGETS[name]

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,  # every round new examples; failures are printed, not stored
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def target(args: tuple[Any, ...]) -> None:
        counts[name] += 1
        function(*args)

    try:
        target()
    except Exception:  # what the run is looking for: report it and go on
        return traceback.format_exc()
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--round", type=int, default=500, help="examples per round")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS))
    args = parser.parse_args()
    names = args.target or sorted(TARGETS)
    counts = dict.fromkeys(names, 0)
    failures: dict[str, list[str]] = {name: [] for name in names}
    stop = time.monotonic() + args.minutes * 60
    while time.monotonic() < stop:
        for name in names:
            if time.monotonic() >= stop:
                break
            failure = run_round(name, args.round, counts)
            if failure is not None:
                failures[name].append(failure)
                print(f"--- {name}: exception\n{failure}", flush=True)
    print(f"{'target':18} {'examples':>9} {'exceptions':>11}")
    for name in names:
        print(f"{name:18} {counts[name]:9} {len(failures[name]):11}")
    total = sum(counts.values())
    found = sum(map(len, failures.values()))
    print(f"{'total':18} {total:9} {found:11}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
