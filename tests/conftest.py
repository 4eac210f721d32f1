"""Shared fixtures: a private copy of data/ that a test may break; every notebook executed once
per session; hypothesis profiles ("ci" derandomised under CI=true, else "dev"; "thorough")."""

from __future__ import annotations

import csv
import io
import os
import shutil
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from . import _notebook_runs as nr
from . import in_ci

ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """yibao's data folder, its module imported on first use: pytest-xdist's controller, which runs no
    test, then does not load pandas (0.4 s of CPU)."""
    from yibao.data.store import data_dir as folder

    return folder()


# "ci" (under CI=true): the same examples on every run (no random seed, no example database),
# so a red CI run is red again on a rerun. "dev" (the default elsewhere): random examples,
# failures remembered in .hypothesis/. Both run half the examples each test names (examples()),
# sized for the unit tier's time budget. "thorough" (HYPOTHESIS_PROFILE=thorough): random, and
# ten times the examples each test names. HYPOTHESIS_PROFILE, when set, wins.
# (Based on hypothesis' own defaults, not on whatever profile it loaded by itself on seeing CI.)
_DEFAULTS = settings.get_profile("default")
settings.register_profile("ci", _DEFAULTS, max_examples=50, derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("dev", _DEFAULTS, max_examples=50, deadline=None)
settings.register_profile("thorough", _DEFAULTS, max_examples=1000, deadline=None)


def hypothesis_profile(environ: Mapping[str, str]) -> str:
    return environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci(environ) else "dev")


HYPOTHESIS_PROFILE = hypothesis_profile(os.environ)
settings.load_profile(HYPOTHESIS_PROFILE)


def examples(count: int) -> int:
    """How many examples a test that asks for ``count`` runs: the profile's ``max_examples`` per
    hundred (half in "dev" and "ci", x10 in "thorough")."""
    return max(1, count * settings.default.max_examples // 100)


#: Cases a browser-twin parity test runs in every profile (one node process runs them all). Drawing a
#: case costs hypothesis more than computing it twice: 500 still reach every outcome each test asserts
#: (the "thorough" profile runs ten times as many).
PARITY_CASES = 500


def parity_cases() -> int:
    """:data:`PARITY_CASES`, or more under the "thorough" profile."""
    return max(PARITY_CASES, examples(PARITY_CASES))


def drawn(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """``count`` different examples of ``strategy`` (fewer only if it has fewer) for a batch test that checks
    them all in one node run, derandomised under "ci".

    Drawn as lists, in hypothesis runs of 10 examples: a run's first two examples are its simplest (one or
    two different cases however long the list), and from its eleventh on hypothesis mutates the examples
    it has (copies of cases already drawn). Starting an example costs more than drawing a case, and a case
    drawn twice is checked twice for nothing: a repeat is dropped and another run tops the cases up."""
    size = min(-(-count // 8), _MOST_PER_LIST)
    cases: dict[str, Any] = {}
    for run in range(1 + 2 * -(-count // (8 * size))):
        before = len(cases)

        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(st.lists(strategy, min_size=size, max_size=size))
        def draw(batch: list[Any]) -> None:
            for example in batch:
                cases.setdefault(repr(example), example)

        if settings.default.derandomize:
            draw = seed(run)(draw)
        draw()
        if len(cases) >= count or len(cases) == before:
            break
    return list(cases.values())[:count]


#: the longest list ``drawn`` asks hypothesis for (a year of care is ~60 choices; an example holds 8,192)
_MOST_PER_LIST = 80


def explainer_builders() -> list[str]:
    """Every explainer builder of ``yibao.widgets`` (its lower-case public names)."""
    from yibao import widgets as yw

    return [name for name in yw.__all__ if name[0].islower()]


def pytest_configure(config: pytest.Config) -> None:
    nr.configure(config, uuid.uuid4().hex)
    # A plugin, not a hook here: this file's hooks reach only tests/, the notebooks are in notebooks/.
    config.pluginmanager.register(nr.KernelEnvironment(), "yibao-notebook-kernels")


#: The browser tier's folder: every test in it is marked ``browser`` (its conftest.py).
BROWSER_TESTS = ROOT / "tests" / "browser"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """The unit tier (``-m "not browser"``) does not collect the browser tier's folder, which it would
    deselect whole: each test process (each xdist worker) would import its modules for nothing (0.25 s of CPU)."""
    if collection_path == BROWSER_TESTS and " ".join(str(config.getoption("markexpr")).split()) == "not browser":
        return True
    return None


@pytest.hookimpl(trylast=True)  # after -k and -m have deselected
def pytest_collection_modifyitems(session: pytest.Session, items: list[pytest.Item]) -> None:
    """nbval's notebook cells, each notebook followed by its probe, run first; the tests that read
    their runs last (else in collection order)."""
    nr.add_probes(session, items)
    items.sort(key=nr.sort_key)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist's controller: remember the workers' work folder, to remove it at the end."""
    _WORK.add(nr.work_folder(node.workerinput["testrunuid"]))


_WORK: set[Path] = set()


def pytest_unconfigure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):
        _WORK.add(nr.work_folder_of(config))
    for path in _WORK:
        shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def notebook_runs(pytestconfig: pytest.Config) -> nr.NotebookRuns:
    """Every notebook's one run (nbval's, see ``tests/_notebook_runs.py``), shared by all tests."""
    return nr.notebook_runs(pytestconfig)


@pytest.fixture(scope="session")
def _data_files() -> dict[str, bytes]:
    """The data folder's files (path relative to it → content), read once."""
    folder = data_dir()
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="session")
def _data_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("copy") / "data"


@pytest.fixture
def data_copy(_data_folder: Path, _data_files: dict[str, bytes]) -> Path:
    """A fresh copy of the data folder for one test to change.

    One folder per worker, made the data folder's twin again before each test (only the files a test
    changed, added or removed are written; with the cache cleared): 250 tests break a copy, and
    writing 17 files for each cost more than the tests."""
    from yibao.data.store import clear_cache

    _restore(_data_folder, _data_files)
    clear_cache()
    return _data_folder


def _restore(target: Path, files: Mapping[str, bytes]) -> None:
    """Make ``target`` hold exactly ``files`` (relative path → content)."""
    if target.is_dir():
        for path in sorted(target.rglob("*"), reverse=True):  # a folder's files before the folder
            name = path.relative_to(target).as_posix()
            if path.is_dir() and not path.is_symlink():
                if not any(file.startswith(f"{name}/") for file in files):
                    shutil.rmtree(path)
            elif name not in files:
                path.unlink()
    for name, content in files.items():
        path = target / name
        if not path.is_file() or path.is_symlink() or path.read_bytes() != content:
            if path.is_symlink() or path.exists():
                path.unlink()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def edit_row(path: Path, row_id: str, **changes: str) -> None:
    """Change cells of one row (found by its first column) of a copied table."""
    rows = read_rows(path)
    header = rows[0]
    (row,) = [r for r in rows[1:] if r[0] == row_id]
    for column, value in changes.items():
        row[header.index(column)] = value
    write_rows(path, rows)


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
