"""yibao's tests: a package, so ``benchmarks`` imports the server harness from ``tests.browser``."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def in_ci(environ: Mapping[str, str] = os.environ) -> bool:
    """``CI=true`` (or 1/yes): browser tests must run, hypothesis is derandomised."""
    return environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def make_dry_run(*arguments: str) -> list[str]:
    """The commands ``make -n -o install ARGUMENTS`` would run (nothing is run or installed)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    command = ["make", "-n", "--no-print-directory", "-o", "install", *arguments]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True).stdout.splitlines()
