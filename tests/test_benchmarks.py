"""`make bench` keeps working: the registry, the table, the targets, and the kernel benchmark itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import kernel, registry
from benchmarks.browser_timing import percentile

ROOT = Path(__file__).resolve().parent.parent


def test_list_names_every_benchmark_without_importing_them() -> None:
    out = subprocess.check_output([sys.executable, "-m", "benchmarks", "--list"], cwd=ROOT, text=True)
    assert [line.split()[0] for line in out.splitlines()] == list(registry.BENCHMARKS)
    assert {"floor", "kernel", "widgets-browser", "notebooks"} <= set(registry.BENCHMARKS)


def test_percentile_is_nearest_rank() -> None:
    samples = list(range(1, 21))  # 1..20
    assert percentile(samples, 95) == 19 and percentile(samples, 50) == 10 and percentile([7.0], 95) == 7.0
    with pytest.raises(ValueError):
        percentile([], 95)


def test_targets_are_judged_and_summarised() -> None:
    rows = [
        {"benchmark": "b", **registry.with_target(registry.summarize("fast", [1.0, 2.0, 3.0]), 5.0)},
        {"benchmark": "b", **registry.with_target(registry.summarize("slow", [70.0, 80.0, 90.0]), 60.0)},
        {"benchmark": "b", **registry.no_target(registry.summarize("info", [1.0]), "for information")},
    ]
    assert rows[0]["status"] == "pass" and rows[0]["target"] == "p95 ≤ 5 ms"
    assert rows[1]["status"] == "MISS +30 ms (1.5×)"
    summary = registry.target_summary(rows)
    assert summary.splitlines()[0] == "Targets: 1 pass, 1 miss"
    assert "MISS b/slow" in summary
    table = registry.markdown_table(rows).splitlines()
    assert table[0].startswith("| benchmark | name | median_ms | p95_ms | n | target | status")
    assert len(table) == 2 + len(rows)


def test_kernel_benchmark_runs_and_compares_with_the_naive_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kernel, "REPEATS", 3)
    monkeypatch.setattr(kernel, "NAIVE_REPEATS", 2)
    rows = kernel.measurements()
    names = [row["name"] for row in rows]
    assert "chart: spending slider" in names and "channels: online/offline filter" in names
    for row in rows:
        assert row["n"] == 3 and row["median_ms"] > 0 and row["status"].startswith(("pass", "MISS"))
    chart = rows[names.index("chart: spending slider")]
    assert chart["naive_median_ms"] > 0 and chart["naive_ratio"] == pytest.approx(chart["naive_median_ms"] / chart["median_ms"])
