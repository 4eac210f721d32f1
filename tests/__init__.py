"""yibao's tests: a package, so ``benchmarks`` imports the server harness from ``tests.browser``."""

from __future__ import annotations

import os


def in_ci() -> bool:
    """``CI=true`` (or 1/yes): browser tests must run, hypothesis is derandomised."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")
