"""Check the data: ``python -m yibao.validate [DATA_DIR] [--report] [--coverage] [--on YYYY-MM-DD] [--markdown]``.

Exit 1 on any validation error; with ``--report`` also when a rule has lapsed with no successor
(the freshness gate) or a row fails a per-row check of the answers (:mod:`yibao.answers.lint`).
The table checks live in :mod:`yibao.data.store`, the health report in :mod:`yibao.data.health` (its table of
calculator inputs in :mod:`yibao.rules.calculator_inputs`: the rules the engine picks).
This command sits above every layer (beside ``yibao/__init__.py``): it checks them all.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from yibao.answers.cities import city_facts, coverage_table
from yibao.answers.lint import lint, rows_checked
from yibao.data.health import confidence_markdown, format_report, health_report
from yibao.data.store import clear_cache, validate_all
from yibao.rules.calculator_inputs import city_inputs


@contextmanager
def data_folder(directory: str | None) -> Iterator[None]:
    """Point the loaders at ``directory`` while the checks run (nothing changes without one)."""
    before = os.environ.get("YIBAO_DATA_DIR")
    if directory:
        os.environ["YIBAO_DATA_DIR"] = directory
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("YIBAO_DATA_DIR", None)
        else:
            os.environ["YIBAO_DATA_DIR"] = before


def print_lint() -> int:
    """Print the per-row checks of the answers; the number of failing rows."""
    problems = lint()
    failing = sum(len(rows) for rows in problems.values())
    print(f"\nPer-row checks of the answers ({rows_checked()} questions):")
    for name, rows in problems.items():
        print(f"{'ok  ' if not rows else 'FAIL'} {name}" + (f" ({len(rows)} rows)" if rows else ""))
        for row in rows:
            print(f"     {row}")
    return failing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m yibao.validate", description="Validate the data tables.")
    parser.add_argument("directory", nargs="?", help="data folder (default: the package's data/)")
    parser.add_argument("--report", action="store_true", help="also print the data-health report")
    parser.add_argument("--coverage", action="store_true", help="print each city's rules: confidence, or — when unknown")
    parser.add_argument("--on", help="the day the report and the coverage judge (YYYY-MM-DD, default today)")
    parser.add_argument("--markdown", action="store_true", help="print only the confidence table for README.md")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    clear_cache()
    report = validate_all(args.directory)
    failed = 0
    for file, errors in report.items():
        if not args.markdown or errors:
            print(f"{'ok  ' if not errors else 'FAIL'} {file}" + (f" ({len(errors)} errors)" if errors else ""))
        for error in errors:
            print(f"     {error}")
        failed += bool(errors)
    if failed:
        return 1
    if args.markdown:
        print(confidence_markdown(directory=args.directory))
        return 0
    if args.coverage:
        with data_folder(args.directory):
            try:
                print(coverage_table(city_facts(args.on)))
            except ValueError as exc:
                parser.error(str(exc))
    if args.report:
        try:
            health = health_report(args.on, args.directory)
            with data_folder(args.directory):
                health["cities"] = city_inputs(args.on)
        except ValueError as exc:
            parser.error(str(exc))
        print()
        print(format_report(health))
        with data_folder(args.directory):
            failing = print_lint()
        return 1 if health["lapsed"] or failing else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
