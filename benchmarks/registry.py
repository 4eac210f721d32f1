"""A small registry of named benchmarks, the results table, and the README's copy of it.

A benchmark is a function returning an iterable of *rows*; a row is a dict
with at least ``name`` (or ``measurement``), ``median_ms``, ``p95_ms`` and
``n`` (any other keys become extra columns), or a
:class:`benchmarks.browser_timing.TimingResult`.  :func:`with_target` adds the
``target`` and ``status`` (pass / MISS by how much) columns to a row;
:func:`no_target` marks a row measured for information only.  Register it here by
``"module:function"`` so that listing benchmarks imports nothing heavy and a
broken benchmark only produces an error row::

    BENCHMARKS["kernel"] = Benchmark("benchmarks.kernel:measurements", "widget callbacks in the kernel")

:func:`update_readme` rewrites the block between :data:`README_START` and
:data:`README_END` in the README from a full run's rows (``make bench``).
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import re
import statistics
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.browser_timing import percentile

RESULTS_DIR = Path(__file__).resolve().parent


README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"


@dataclass
class Benchmark:
    target: str  # "module:function"
    description: str = ""

    def load(self) -> Callable[[], Iterable[Any]]:
        module, _, func = self.target.partition(":")
        return getattr(importlib.import_module(module), func)


BENCHMARKS: dict[str, Benchmark] = {
    "floor": Benchmark(
        "benchmarks.floor:measurements",
        "click -> DOM update of the 1-cell floor notebook in Voila and JupyterLab, TCP_NODELAY on/off",
    ),
    "kernel": Benchmark("benchmarks.kernel:measurements", "widget callback times in the kernel, ours vs naive"),
    "domain": Benchmark(
        "benchmarks.domain:measurements", "domain functions: a year of care with 100 bills (simulate_year, compare_reform)"
    ),
    "static-site": Benchmark(
        "benchmarks.static_site:measurements",
        "the static site: time to widgets at 390 px, click -> DOM of the journeys",
    ),
    "first-visit": Benchmark(
        "benchmarks.first_visit:measurements",
        "a first visit on a slow phone: bytes per page (gzipped), Lighthouse mobile, first usable control at CPU 1x/4x, static and app",
    ),
    "widgets-browser": Benchmark(
        "benchmarks.widgets_browser:measurements",
        "click -> DOM of the same journeys in one Voila and one JupyterLab, beside the kernel floor (ratio to it)",
    ),
    "questions": Benchmark("benchmarks.questions:measurements", "question finder: one query, and the first query that builds the index"),
    "app-load": Benchmark(
        "benchmarks.app_load:measurements",
        "the app at 390 px: time to widgets, bursts of 1/4/8/16 visitors, kernel memory, culling; stock vs kernel pool",
    ),
    "notebooks": Benchmark(
        "benchmarks.notebooks:measurements",
        "import yibao, Run All per notebook (nbclient and Lab), Voila first render per notebook",
    ),
}


def summarize(name: str, samples_ms: list[float], **extra: Any) -> dict[str, Any]:
    """A row from raw samples (nearest-rank p95)."""
    return {"name": name, "median_ms": statistics.median(samples_ms), "p95_ms": percentile(samples_ms, 95), "n": len(samples_ms), **extra}


def with_target(
    row: Any, limit: float, stat: str = "p95_ms", *, source: str = "", unit: str = "ms", at_least: bool = False
) -> dict[str, Any]:
    """Add ``target`` ("p95 ≤ 50 ms") and ``status`` ("pass" / "MISS +12 ms (1.2×)") to a row.

    ``stat`` is the row key judged (``median_ms``, ``p95_ms``, ``first_visit_mb`` ...), in ``unit``;
    ``source`` says where the target comes from when it is not the issue's list; ``at_least``: the
    value must reach ``limit`` ("top1 ≥ 85 %", a miss says by how much it falls short).
    """
    if hasattr(row, "to_dict"):  # TimingResult
        row = row.to_dict()
    row = dict(row)
    value = float(row[stat])
    label = stat.removesuffix(f"_{unit.lower()}")
    row["target"] = f"{label} {'≥' if at_least else '≤'} {limit:g} {unit}" + (f" ({source})" if source else "")
    if at_least:
        row["status"] = "pass" if value >= limit else f"MISS -{limit - value:.3g} {unit}"
        return row
    over = f"+{value - limit:.0f} {unit}" if unit == "ms" else f"+{value - limit:.3g} {unit}"
    row["status"] = "pass" if value <= limit else f"MISS {over}" + (f" ({value / limit:.1f}×)" if limit > 0 else "")
    return row


def no_target(row: Any, why: str = "no target set") -> dict[str, Any]:
    if hasattr(row, "to_dict"):
        row = row.to_dict()
    return {**dict(row), "target": "—", "status": why}


def _normalize(group: str, row: Any) -> dict[str, Any]:
    if hasattr(row, "to_dict"):  # TimingResult
        row = row.to_dict()
    row = dict(row)
    name = row.pop("name", None) or row.pop("measurement", None) or "?"
    return {"benchmark": group, "name": name, **row}


def run(names: Iterable[str] | None = None, *, log: Callable[[str], None] = print) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for group in names or list(BENCHMARKS):
        bench = BENCHMARKS[group]
        load = " (load average {:.2f} {:.2f} {:.2f})".format(*os.getloadavg()) if hasattr(os, "getloadavg") else ""
        log(f"== {group}: {bench.description}{load}")
        started = time.perf_counter()
        try:
            for row in bench.load()():
                rows.append(_normalize(group, row))
                log("   " + format_row(rows[-1]))
        except Exception as exc:  # one broken benchmark must not hide the others
            log(traceback.format_exc())
            rows.append({"benchmark": group, "name": "ERROR", "error": f"{type(exc).__name__}: {exc}"})
        log(f"   ({time.perf_counter() - started:.1f} s)")
    return rows


def format_row(row: dict[str, Any]) -> str:
    if "error" in row:
        return f"{row['benchmark']}/{row['name']}: {row['error']}"
    median, p95 = row.get("median_ms", float("nan")), row.get("p95_ms", float("nan"))
    return f"{row['name']}: median {median:.1f} ms, p95 {p95:.1f} ms (n={row.get('n')})"


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.2f}" if abs(value) < 10 else f"{value:.1f}"
    return "" if value is None else str(value).replace("|", "\\|")


def markdown_table(rows: list[dict[str, Any]]) -> str:
    first = ["benchmark", "name", "median_ms", "p95_ms", "n", "target", "status"]
    rest: list[str] = []
    for row in rows:
        rest += [k for k in row if k not in first and k not in rest and k != "samples_ms"]
    cols = [c for c in first if any(c in row for row in rows)] + rest
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(_cell(row.get(c)) for c in cols) + " |" for row in rows]
    return "\n".join(lines)


def target_summary(rows: list[dict[str, Any]]) -> str:
    """One line per missed target, after a count of passes and misses."""
    judged = [r for r in rows if str(r.get("status", "")).startswith(("pass", "MISS"))]
    misses = [r for r in judged if str(r["status"]).startswith("MISS")]
    errors = [r for r in rows if "error" in r]
    lines = [f"Targets: {len(judged) - len(misses)} pass, {len(misses)} miss" + (f", {len(errors)} benchmark error(s)" if errors else "")]
    lines += [f"- MISS {r['benchmark']}/{r['name']}: {r['target']}, {r['status']}" for r in misses]
    lines += [f"- ERROR {r['benchmark']}: {r['error']}" for r in errors]
    return "\n".join(lines)


def machine_info() -> dict[str, Any]:
    info = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    if hasattr(os, "getloadavg"):  # other work on the machine shows up in every number
        info["loadavg_1_5_15"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return info


def save(rows: list[dict[str, Any]], out_dir: Path, info: dict[str, Any]) -> tuple[Path, Path]:
    md = out_dir / "results.md"
    js = out_dir / "results.json"
    header = "# Benchmark results\n\n" + ", ".join(f"{k}: {v}" for k, v in info.items()) + "\n\n"
    md.write_text(header + markdown_table(rows) + "\n\n" + target_summary(rows) + "\n", encoding="utf-8")
    js.write_text(json.dumps({"machine": info, "rows": rows}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return md, js


def _duration(ms: Any) -> str:
    if not isinstance(ms, int | float):
        return ""
    return f"{ms / 1000:.2f} s" if ms >= 1000 else f"{ms:.1f} ms" if ms >= 10 else f"{ms:.2f} ms"


def readme_block(rows: list[dict[str, Any]], info: dict[str, Any]) -> str:
    """The README's performance table: every row of one run, median and p95 (or its ``value``), target and status."""
    when = f"{info['date']} on {info['cpus']} CPUs (load average {info.get('loadavg_1_5_15', 'unknown')}), Python {info['python']}"
    lines = [
        README_START,
        f"Written by `make bench` from its run of {when}. {target_summary(rows).splitlines()[0]}.",
        "",
        "| benchmark | measurement | median (or value) | p95 | target | status |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        cells = (row["benchmark"], row["name"], _duration(row.get("median_ms")) or row.get("value", ""), _duration(row.get("p95_ms")))
        cells += (row.get("target", ""), row.get("error") or row.get("status", ""))
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join([*lines, README_END])


def update_readme(path: Path, rows: list[dict[str, Any]], info: dict[str, Any]) -> None:
    """Replace the README's block between the markers (exactly one pair) by :func:`readme_block`."""
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    if len(pattern.findall(text)) != 1:
        raise ValueError(f"{path} needs exactly one {README_START} ... {README_END} block")
    path.write_text(pattern.sub(lambda _: readme_block(rows, info), text), encoding="utf-8")
