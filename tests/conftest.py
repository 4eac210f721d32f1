"""Shared fixtures: a private copy of data/ that a test may break; every notebook executed once
per session; hypothesis profiles ("ci" derandomised under CI=true, else "dev"; "thorough")."""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import settings

from yibao.data import data_dir

from . import _notebook_runs as nr
from . import in_ci

ROOT = Path(__file__).resolve().parent.parent

# "ci" (under CI=true): the same examples on every run (no random seed, no example database),
# so a red CI run is red again on a rerun. "dev" (the default elsewhere): random examples,
# failures remembered in .hypothesis/. "thorough" (HYPOTHESIS_PROFILE=thorough): random, and
# ten times the examples. HYPOTHESIS_PROFILE, when set, wins.
# (Based on hypothesis' own defaults, not on whatever profile it loaded by itself on seeing CI.)
_DEFAULTS = settings.get_profile("default")
settings.register_profile("ci", _DEFAULTS, max_examples=100, derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", _DEFAULTS, max_examples=100, deadline=None)
settings.register_profile("thorough", _DEFAULTS, max_examples=1000, deadline=None)


def hypothesis_profile(environ: Mapping[str, str]) -> str:
    return environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci(environ) else "dev")


HYPOTHESIS_PROFILE = hypothesis_profile(os.environ)
settings.load_profile(HYPOTHESIS_PROFILE)


def examples(count: int) -> int:
    """How many examples a test that asks for ``count`` runs: ``count`` in the "dev" and "ci"
    profiles, scaled with the profile's ``max_examples`` in others (x10 in "thorough")."""
    return max(1, count * settings.default.max_examples // 100)


def _needs_notebooks(item: pytest.Item) -> bool:
    return "notebook_runs" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that read the notebook executions run last (else in collection order), so the
    kernels have the whole in-process run to finish in."""
    items.sort(key=_needs_notebooks)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the notebook kernels as soon as a selected test needs them: they run in the
    background while the in-process tests run."""
    if not session.config.option.collectonly and any(_needs_notebooks(item) for item in session.items):
        nr.start()


@pytest.fixture(scope="session")
def notebook_runs() -> nr.NotebookRuns:
    """Every notebook executed once (see ``tests/_notebook_runs.py``), shared by all tests."""
    return nr.notebook_runs()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of the data folder for one test to change."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
