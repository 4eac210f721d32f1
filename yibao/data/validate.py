"""Check every data table: ``python -m yibao.data.validate [DATA_DIR] [--report [--on YYYY-MM-DD]] [--markdown]``.

Exit 1 on any validation error; with ``--report`` also when a rule has lapsed with no successor
(the freshness gate). The checks themselves live in :mod:`yibao.data` and :mod:`yibao.data.health`.
"""

from __future__ import annotations

import argparse
import sys

from yibao.data.health import confidence_markdown, format_report, health_report
from yibao.data.store import clear_cache, validate_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m yibao.data.validate", description="Validate the data tables.")
    parser.add_argument("directory", nargs="?", help="data folder (default: the package's data/)")
    parser.add_argument("--report", action="store_true", help="also print the data-health report")
    parser.add_argument("--on", help="the day the report judges freshness on (YYYY-MM-DD, default today)")
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
    if args.report:
        try:
            health = health_report(args.on, args.directory)
        except ValueError as exc:
            parser.error(str(exc))
        print()
        print(format_report(health))
        return 1 if health["lapsed"] else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
