"""Kernel-side widget callback times, each beside a naive rebuild-everything version.

Ours: set a control's ``.value`` on a built widget (it updates existing outputs / artists).
Naive: what a notebook without the package would do on each change — build the widget (or a
new matplotlib figure) from scratch.
"""

from __future__ import annotations

import io
import itertools
import time
from collections.abc import Callable
from functools import cache
from types import ModuleType

import yibao
from benchmarks.domain import year_of_bills
from benchmarks.registry import summarize, with_target
from yibao import widgets as yw

REPEATS = 60
NAIVE_REPEATS = 20  # the naive versions are slow
#: Kernel-side targets from the issue, judged on the p95 of each callback.
TARGET_MS = {"table": 5.0, "chart": 60.0, "year": 60.0}


def _times(action: Callable[[object], None], values: list, repeats: int) -> list[float]:
    cycle = itertools.cycle(values)
    action(next(cycle))  # warm-up
    samples = []
    for _ in range(repeats):
        value = next(cycle)
        started = time.perf_counter()
        action(value)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


#: the naive baseline: a phone-sized matplotlib figure redrawn from scratch on each change
CHART_SIZE, CHART_DPI, FONT_FAMILY = (4.4, 3.9), 180, ["Noto Sans CJK SC", "DejaVu Sans"]


@cache
def _pyplot() -> ModuleType:
    """matplotlib's pyplot on the Agg backend, loaded when the naive chart is first drawn (only it uses matplotlib)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _naive_chart(spend: int) -> None:
    plt = _pyplot()
    frame = yibao.project_balances(
        "2025-01-01", 36, wage_base=8000, city="guangzhou", personal_spend_per_month=spend, outpatient_cost_per_month=600, age=40
    )
    figure, axes = plt.subplots(figsize=CHART_SIZE, dpi=CHART_DPI, layout="constrained")
    axes.plot(frame["month"], frame["personal_balance"])
    axes.step(frame["month"], frame["pooled_outpatient_remaining"], where="post")
    axes.set_title("个人账户余额与门诊统筹额度", fontfamily=FONT_FAMILY)
    figure.savefig(io.BytesIO(), format="png")
    plt.close(figure)


def measurements() -> list[dict]:
    """Median and p95 of every widget callback, ours vs naive, in one run."""
    language = yw.Language()
    chart = yw.balance_chart(language)
    calculator = yw.credit_calculator(language)
    # a year of 100 bills, every tenth a hospital stay (listed as not computable: the real data lack its
    # rules); a page language of its own, so that the language-switch row keeps measuring the same widgets
    bills = [(day, "inpatient", 20000.0, "level3") if i % 10 == 9 else (day, *bill) for i, (day, *bill) in enumerate(year_of_bills())]

    def year_widget() -> yw.YearOfCare:
        built = yw.year_of_care(yw.Language())
        built.year = 2024
        built.bills = [list(bill) for bill in bills]
        return built

    year = year_widget()

    def year_report(built: yw.YearOfCare, wage: float) -> None:
        # the page computes the year itself (js/year_rules.js); a kernel user reads it with report()
        built.wage_base = wage
        built.report()

    def rebuilt_year(wage):
        year_report(year_widget(), wage)

    cases = [
        ("credit: wage base", lambda v: setattr(calculator, "wage", float(v)), None, [6000, 9000, 12000], "table"),
        ("chart: spending slider", lambda v: setattr(chart, "spend", v), _naive_chart, [0, 150, 300, 450], "chart"),
        (
            "year of care: wage, report() of 100 bills (Shenzhen, 10 stays)",
            lambda v: year_report(year, v),
            rebuilt_year,
            [7000.0, 8000.0, 9000.0, 10000.0],
            "year",
        ),
        ("language switch (all widgets)", lambda v: setattr(language, "value", v), None, ["en", "zh"], "chart"),
    ]
    results = []
    for name, ours, naive, values, kind in cases:
        row = summarize(name, _times(ours, values, REPEATS), kind=kind)
        if naive is not None:
            baseline = summarize(name, _times(naive, values, NAIVE_REPEATS))
            row["naive_median_ms"] = baseline["median_ms"]
            row["naive_ratio"] = baseline["median_ms"] / row["median_ms"]
        results.append(with_target(row, TARGET_MS[kind], "p95_ms"))
    return results


if __name__ == "__main__":
    for row in measurements():
        print(row)
