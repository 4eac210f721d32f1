"""Domain functions without widgets: a whole year of care (100 bills) through ``simulate_year``.

The target: a year of 100 events computes in ≤ 10 ms (judged on the p95). Hospital stays
are not computable from the real data yet, so the bills are clinic visits and pharmacy purchases;
a stay costs the same lookups and arithmetic as a clinic visit.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import yibao
from benchmarks.registry import no_target, summarize, with_target

REPEATS = 200
TARGET_MS = 10.0
YEAR = 2024


def year_of_bills(count: int = 100) -> list[tuple[str, str, float, str]]:
    """``count`` bills spread over the year: clinic visits and pharmacy purchases in turn."""
    bills = []
    for i in range(count):
        day = f"{YEAR}-{1 + i * 12 // count:02d}-{1 + (i * 7) % 28:02d}"
        if i % 2:
            bills.append((day, "pharmacy", 40.0 + (i * 37) % 300, "any"))
        else:
            bills.append((day, "outpatient", 80.0 + (i * 53) % 900, "community"))
    return bills


def _samples(call: Callable[[], object], repeats: int) -> list[float]:
    call()  # warm-up: loads the tables and the rule lookups
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measurements() -> list[dict]:
    """Median and p95 of a year of 100 bills, under each rule set, and of the reform comparison."""
    bills = year_of_bills()
    person = {"year": YEAR, "events": bills, "wage_base": 8000, "age": 40}
    rows = []
    for rules in ("actual", "before_reform"):
        name = f"simulate_year: 100 bills, Beijing, rules={rules}"
        rows.append(
            with_target(summarize(name, _samples(lambda r=rules: yibao.simulate_year("beijing", rules=r, **person), REPEATS)), TARGET_MS)
        )
    rows.append(
        with_target(
            summarize(
                "simulate_year: 100 bills, Nanjing (cap counts cost)", _samples(lambda: yibao.simulate_year("nanjing", **person), REPEATS)
            ),
            TARGET_MS,
        )
    )
    comparison = summarize(
        "compare_reform: the same 100 bills, two runs", _samples(lambda: yibao.compare_reform("beijing", **person), REPEATS)
    )
    rows.append(no_target(comparison, "two runs of the row above"))
    return rows


if __name__ == "__main__":
    for row in measurements():
        print(row)
