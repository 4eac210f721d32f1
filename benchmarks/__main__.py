"""``python -m benchmarks [NAME ...] [--list] [--out DIR]``: run, print and save the results table.

Benchmarks are registered in ``benchmarks/registry.py`` (``BENCHMARKS``).
Results go to ``benchmarks/results.md`` and ``benchmarks/results.json``
(machine-specific, gitignored) unless ``--out`` says otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from benchmarks import registry

# Modules that register benchmarks with @registry.register (imported before running).
MODULES: list[str] = []


def main(argv: list[str] | None = None) -> int:
    import importlib

    for module in MODULES:
        importlib.import_module(module)
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default: all): {', '.join(registry.BENCHMARKS)}")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--out", type=Path, default=registry.RESULTS_DIR, help="directory for results.md/.json")
    args = parser.parse_args(argv)

    if args.list:
        for name, bench in registry.BENCHMARKS.items():
            print(f"{name:16} {bench.description}")
        return 0
    unknown = [n for n in args.names if n not in registry.BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s) {unknown}; known: {list(registry.BENCHMARKS)}")

    started = time.perf_counter()
    rows = registry.run(args.names or None)
    elapsed = time.perf_counter() - started
    print()
    print(registry.markdown_table(rows))
    print()
    print(registry.target_summary(rows))
    args.out.mkdir(parents=True, exist_ok=True)
    info = {"benchmarks_run": " ".join(args.names or registry.BENCHMARKS), "run_seconds": round(elapsed, 1)}
    md, js = registry.save(rows, args.out, extra_info=info)
    print(f"\nsaved {md} and {js} ({elapsed:.0f} s)")
    return 1 if any("error" in r for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
