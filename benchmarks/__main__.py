"""``python -m benchmarks [NAME ...] [--list] [--out DIR] [--readme README.md]``: run, print and save the results table.

Benchmarks are registered in ``benchmarks/registry.py`` (``BENCHMARKS``).
Results go to ``benchmarks/results.md`` and ``benchmarks/results.json``
(machine-specific, gitignored) unless ``--out`` says otherwise; ``--readme`` (a full run
only, as ``make bench`` does) also rewrites the README's performance table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from benchmarks import registry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default: all): {', '.join(registry.BENCHMARKS)}")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--out", type=Path, default=registry.RESULTS_DIR, help="directory for results.md/.json")
    parser.add_argument("--readme", type=Path, help="rewrite this README's performance table (needs a full run)")
    args = parser.parse_args(argv)

    if args.list:
        for name, bench in registry.BENCHMARKS.items():
            print(f"{name:16} {bench.description}")
        return 0
    unknown = [n for n in args.names if n not in registry.BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; known: {list(registry.BENCHMARKS)}")
    if args.readme and args.names:
        parser.error("--readme needs a run of every benchmark (no names)")

    started = time.perf_counter()
    rows = registry.run(args.names or None)
    elapsed = time.perf_counter() - started
    print()
    print(registry.markdown_table(rows))
    print()
    print(registry.target_summary(rows))
    args.out.mkdir(parents=True, exist_ok=True)
    info = {**registry.machine_info(), "benchmarks_run": " ".join(args.names or registry.BENCHMARKS), "run_seconds": round(elapsed, 1)}
    md, js = registry.save(rows, args.out, info)
    print(f"\nsaved {md} and {js} ({elapsed:.0f} s)")
    if args.readme:
        registry.update_readme(args.readme, rows, info)
        print(f"rewrote the performance table in {args.readme}")
    return 1 if any("error" in r for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
