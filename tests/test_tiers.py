"""How the suite is organised: two tiers in `make test`, notebooks executed once, no servers and no
clocks in the unit tier, hypothesis derandomised under CI=true."""

from __future__ import annotations

import os
import re
import shutil
import threading
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import settings

from . import _notebook_runs as nr
from . import conftest, in_ci, make_dry_run

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
UNIT_TIER = sorted(p for p in TESTS.glob("*.py") if p.name != Path(__file__).name)


def _pytest_runs(target: str) -> list[str]:
    return [line for line in make_dry_run(target) if "-m pytest" in line]


def test_make_test_runs_the_unit_tier_then_the_browser_tier_and_times_each() -> None:
    runs = _pytest_runs("test")
    assert len(runs) == 2
    assert '-m pytest -m "not browser" -n 2 --dist loadfile --no-loadscope-reorder --nbval-lax' in runs[0]
    assert '-m pytest -m "browser"  ' in runs[1]
    assert all("wall time" in line for line in runs)
    assert _pytest_runs("test-unit") == runs[:1]


@pytest.mark.parametrize(
    ("environ", "profile"),
    [
        ({"CI": "true"}, "ci"),
        ({"CI": "1"}, "ci"),
        ({"CI": "YES"}, "ci"),
        ({}, "dev"),
        ({"CI": "false"}, "dev"),
        ({"CI": "true", "HYPOTHESIS_PROFILE": "thorough"}, "thorough"),
    ],
)
def test_hypothesis_profile_follows_ci(environ: dict[str, str], profile: str) -> None:
    assert conftest.hypothesis_profile(environ) == profile
    assert in_ci(environ) is (environ.get("CI") in ("true", "1", "YES"))


def test_the_ci_profile_is_derandomised_and_thorough_runs_ten_times_the_examples() -> None:
    ci = settings.get_profile("ci")
    assert ci.derandomize and ci.database is None
    assert not settings.get_profile("dev").derandomize and not settings.get_profile("thorough").derandomize
    assert settings.default.derandomize is (conftest.HYPOTHESIS_PROFILE == "ci")
    try:
        for name, expected in (("dev", 12), ("ci", 12), ("thorough", 250)):
            settings.load_profile(name)
            assert conftest.examples(25) == expected
    finally:
        settings.load_profile(conftest.HYPOTHESIS_PROFILE)


def test_nbval_runs_each_notebook_once_and_the_checks_read_that_run(notebook_runs: nr.NotebookRuns, request: pytest.FixtureRequest) -> None:
    assert sorted(notebook_runs.executions) == [path.name for path in nr.NOTEBOOKS]
    assert nr.notebook_runs(request.config) is notebook_runs
    # nbval collects the notebooks (testpaths) in the unit tier; nothing else executes them.
    pytest_config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert pytest_config["testpaths"] == ["notebooks", "tests"]
    assert "--nbval-lax --nbval-current-env" in _pytest_runs("test")[0]
    others = [p.name for p in UNIT_TIER if "NotebookClient" in p.read_text(encoding="utf-8")]
    assert others == []


def test_a_check_receives_the_runs_another_worker_hands_off(notebook_runs: nr.NotebookRuns, tmp_path: Path) -> None:
    """Under pytest-xdist the two workers run different notebooks; a check waits for all."""
    with pytest.raises(TimeoutError, match="no run of"):
        nr.receive(tmp_path, timeout=0.2)

    def hand_off_all() -> None:
        for path in nr.NOTEBOOKS:
            nr.hand_off(notebook_runs.executions[path.name], tmp_path / f"{path.stem}.pickle")

    later = threading.Timer(0.3, hand_off_all)
    later.start()
    received = nr.receive(tmp_path)
    later.join()
    assert received.keys() == notebook_runs.executions.keys()
    for name, execution in notebook_runs.executions.items():
        assert received[name].probe == execution.probe and received[name].outputs == execution.outputs
    assert not list(tmp_path.glob("*.partial"))


def test_a_kernel_that_does_not_start_is_handed_off_at_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The checks wait for every notebook's run: one whose kernel fails to start is handed off with the error
    (the checks fail at once, naming it), and the setup error still fails its cell."""
    config = SimpleNamespace(stash={})
    nr.configure(config, f"kernel-test-{tmp_path.name}")
    work = nr.work_folder_of(config)
    books = [SimpleNamespace(path=path, stash={}) for path in nr.NOTEBOOKS]
    monkeypatch.setattr(nr, "start_kernel", lambda item: dict(os.environ))
    for book in books:
        setup = nr.KernelEnvironment().pytest_runtest_setup(SimpleNamespace(config=config, parent=book))
        next(setup)
        with pytest.raises(RuntimeError, match="Kernel didn't respond"):
            setup.throw(RuntimeError("Kernel didn't respond in 60 seconds"))
    try:
        received = nr.receive(work, timeout=0)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    error = "the kernel did not start: RuntimeError: Kernel didn't respond in 60 seconds"
    assert [run.error for run in received.values()] == [error] * len(books)


def test_unit_tier_starts_no_server() -> None:
    """Servers (JupyterLab, Voila) start only in tests/browser/, through its harness."""
    pattern = re.compile(r"\bstart_(lab|voila|make_target)\(")
    found = [f"{p.name}: {m.group(0)}" for p in UNIT_TIER for m in pattern.finditer(p.read_text(encoding="utf-8"))]
    assert found == [], found


def test_unit_tier_asserts_no_wall_clock_time() -> None:
    """Timings belong in benchmarks/: no test compares a duration with a limit."""
    clock = re.compile(
        r"^\s*assert\b(?=.*<)(?=.*(perf_counter|time\.monotonic|monotonic\(|time\.time|seconds|_ms\b|budget)).*$", re.M | re.I
    )
    found = [f"{p.name}: {m.group(0).strip()}" for p in UNIT_TIER for m in clock.finditer(p.read_text(encoding="utf-8"))]
    assert found == [], found
