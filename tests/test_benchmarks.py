"""`make bench` keeps working: the registry, the table, the targets, and the kernel benchmark itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import domain, kernel, registry
from benchmarks.browser_timing import percentile

from . import make_dry_run

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
    assert "chart: spending slider" in names and "credit: wage base" in names
    for row in rows:
        assert row["n"] == 3 and row["median_ms"] > 0 and row["status"].startswith(("pass", "MISS"))
    chart = rows[names.index("chart: spending slider")]
    assert chart["naive_median_ms"] > 0 and chart["naive_ratio"] == pytest.approx(chart["naive_median_ms"] / chart["median_ms"])


def test_domain_benchmark_times_a_year_of_100_bills(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(domain, "REPEATS", 3)
    assert len(domain.year_of_bills()) == 100
    rows = domain.measurements()
    assert [row["name"].split(":")[0] for row in rows] == ["simulate_year"] * 3 + ["compare_reform"]
    for row in rows:
        assert row["n"] == 3 and row["median_ms"] > 0
    assert all(row["target"] == "p95 ≤ 10 ms" and row["status"].startswith(("pass", "MISS")) for row in rows[:3])


# --- the README's performance table is written by `make bench` ------------------------------------

ROWS = [
    {"benchmark": "kernel", **registry.with_target(registry.summarize("channels: filter", [1.0, 2.0, 3.0]), 5.0)},
    {"benchmark": "notebooks", **registry.no_target(registry.summarize("Voila first render", [2100.0, 2400.0]), "for information")},
    {"benchmark": "floor", "name": "ERROR", "error": "RuntimeError: chromium not found"},
]
INFO = {"date": "2026-12-01 10:00:00 +0000", "cpus": 2, "python": "3.11.9", "loadavg_1_5_15": "0.50 0.40 0.30"}
README = f"# Title\n\nbefore\n\n{registry.README_START}\nold table\n{registry.README_END}\n\nafter\n"


def test_readme_block_has_every_row_and_the_run_it_comes_from() -> None:
    block = registry.readme_block(ROWS, INFO).splitlines()
    assert block[0] == registry.README_START and block[-1] == registry.README_END
    assert "2026-12-01 10:00:00 +0000 on 2 CPUs (load average 0.50 0.40 0.30)" in block[1]
    assert "Targets: 1 pass, 0 miss" in block[1]
    table = block[3:-1]
    assert len(table) == 2 + len(ROWS)
    assert table[2] == "| kernel | channels: filter | 2.00 ms | 3.00 ms | p95 ≤ 5 ms | pass |"
    assert table[3] == "| notebooks | Voila first render | 2.25 s | 2.40 s | — | for information |"
    assert table[4] == "| floor | ERROR |  |  |  | RuntimeError: chromium not found |"


def test_update_readme_rewrites_only_the_block(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    registry.update_readme(readme, ROWS, INFO)
    text = readme.read_text(encoding="utf-8")
    assert text == README.replace(f"{registry.README_START}\nold table\n{registry.README_END}", registry.readme_block(ROWS, INFO))
    registry.update_readme(readme, ROWS[:1], INFO)  # the block can be rewritten again
    assert "Voila first render" not in readme.read_text(encoding="utf-8")
    readme.write_text("no block here", encoding="utf-8")
    with pytest.raises(ValueError, match="exactly one"):
        registry.update_readme(readme, ROWS, INFO)


def test_a_full_run_rewrites_the_readme_and_a_partial_one_may_not(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from benchmarks.__main__ import main

    monkeypatch.setattr(registry, "run", lambda names: ROWS[:2])  # no benchmark really runs
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    assert main(["--out", str(tmp_path), "--readme", str(readme)]) == 0
    text = readme.read_text(encoding="utf-8")
    assert "| kernel | channels: filter |" in text and "old table" not in text and text.endswith("\n\nafter\n")
    assert "channels: filter" in (tmp_path / "results.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["kernel", "--readme", str(readme)])
    assert "--readme needs a run of every benchmark" in capsys.readouterr().err


def test_make_bench_rewrites_the_one_block_in_the_readme() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count(registry.README_START) == 1 and text.count(registry.README_END) == 1
    assert text.index(registry.README_START) < text.index(registry.README_END)
    assert [line.split() for line in make_dry_run("bench")] == [".venv/bin/python -m benchmarks --readme README.md".split()]
