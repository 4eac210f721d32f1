"""Check every data table: ``python -m yibao.validate [DATA_DIR]``; exit 1 on any error."""

from __future__ import annotations

import sys

from .data import clear_cache, validate_all


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    clear_cache()
    report = validate_all(args[0] if args else None)
    failed = 0
    for file, errors in report.items():
        print(f"{'ok  ' if not errors else 'FAIL'} {file}" + (f" ({len(errors)} errors)" if errors else ""))
        for error in errors:
            print(f"     {error}")
        failed += bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
