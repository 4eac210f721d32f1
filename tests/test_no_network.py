"""No network at run time, and nothing the user types is written to disk.

Every notebook is executed (twice, see ``_notebook_runs``) in a kernel whose audit hook refuses
any non-loopback connection or DNS lookup and records the attempt, then a probe cell drives
every widget with "typed" sentinel values. Checks:
- every cell ran without error, and no blocked connection was even attempted;
- nothing was written under the repository or the data folder (audit hook and a
  before/after snapshot of the file tree), and the sentinel values are in no file the kernel
  wrote anywhere (IPython's history, matplotlib's cache, …);
- the guard works: a kernel-side ``urllib``/``socket`` connection attempt is refused and recorded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from . import _notebook_runs as nr


@pytest.fixture(scope="module")
def runs() -> nr.NotebookRuns:
    return nr.notebook_runs()


def _ids(execution_key) -> str:
    return f"{execution_key[0]}-{execution_key[1]}"


KEYS = [(path.name, run) for run in nr.RUNS for path in nr.NOTEBOOKS]


def test_there_are_notebooks_to_run():
    assert len(nr.NOTEBOOKS) >= 5


@pytest.mark.parametrize("key", KEYS, ids=_ids)
def test_notebook_runs_offline_without_errors(runs, key):
    execution = runs.executions[key]
    assert execution.error is None, execution.error
    assert nr.cell_errors(execution.book) == []
    code_cells = [c for c in nr.notebook_cells(execution.book) if c.cell_type == "code"]
    assert code_cells and all(c.get("execution_count") for c in code_cells)
    widget_views = sum(
        1 for c in code_cells for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    )
    assert widget_views >= 2, "every notebook shows at least the language switch and one widget"
    assert execution.probe, "the probe cell did not report (the guard did not run?)"


@pytest.mark.parametrize("key", KEYS, ids=_ids)
def test_no_connection_was_attempted(runs, key):
    probe = runs.executions[key].probe
    assert probe.get("attempts") == [], f"blocked network attempts: {probe.get('attempts')}"


@pytest.mark.parametrize("key", KEYS, ids=_ids)
def test_kernel_wrote_nothing_under_the_repo_or_data(runs, key):
    writes = runs.executions[key].probe.get("writes", [])
    inside = [p for p in writes if nr.is_under(p, [nr.ROOT, *runs.data_dirs]) and not set(Path(p).parts) & nr.IGNORED_PARTS]
    assert inside == [], f"files written under the repo/data folder: {inside}"


def test_no_file_changed_under_the_repo_or_data(runs):
    assert runs.changed_paths() == []


def test_snapshot_sees_new_and_changed_files(tmp_path):
    """The before/after snapshot notices a new file and a changed one (else its check is empty)."""
    (tmp_path / "old.txt").write_text("a")
    before = nr.snapshot(tmp_path)
    (tmp_path / "new.txt").write_text("b")
    (tmp_path / "old.txt").write_text("changed")
    after = nr.snapshot(tmp_path)
    changed = nr.NotebookRuns({}, before, after, [], tmp_path, 0.0).changed_paths()
    assert changed == sorted([str(tmp_path / "new.txt"), str(tmp_path / "old.txt")])


def test_typed_values_are_in_no_file_written(runs):
    """Values typed into the widgets are in no file: neither those the kernels opened for
    writing (audit hook) nor anything in the kernels' own IPython/runtime folders (where
    IPython would keep its history, written by SQLite below the audit hook), nor the
    snapshotted tree."""
    sentinels = [str(nr.SENTINEL_WAGE).encode(), str(nr.SENTINEL_PENSION).encode()]
    written = {Path(p) for execution in runs.executions.values() for p in execution.probe.get("writes", [])}
    written |= {p for p in runs.work_dir.rglob("*")}
    written |= {Path(p) for p in runs.repo_after}
    checked = 0
    for file in sorted(written):
        if not file.is_absolute() or not file.is_file() or file.stat().st_size > 50_000_000:
            continue
        content = file.read_bytes()
        checked += 1
        for sentinel in sentinels:
            assert sentinel not in content, f"{file} holds a value the user typed ({sentinel.decode()})"
    # The probe really typed them (so the check above is not vacuous).
    state = json.dumps(runs.executions[(nr.NOTEBOOKS[0].name, "run1")].book.metadata.get("widgets", {}))
    assert str(nr.SENTINEL_WAGE) in state and str(nr.SENTINEL_PENSION) in state
    assert checked > 10


GUARD_CHECK = textwrap.dedent(
    """
    import json, socket, urllib.request
    results = {}
    try:
        urllib.request.urlopen("http://example.com/", timeout=2)
        results["urllib"] = "connected"
    except Exception as exc:
        results["urllib"] = type(exc).__name__
    for host in ("203.0.113.7", "2001:db8::1"):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.settimeout(1)
            try:
                s.connect((host, 80))
                results[host] = "connected"
            except ConnectionRefusedError as exc:
                results[host] = "refused:" + str(exc)[:40]
            except OSError as exc:
                results[host] = "oserror:" + type(exc).__name__
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0)); server.listen()
        with socket.create_connection(server.getsockname(), timeout=2):
            results["loopback"] = "ok"
    results["attempts"] = len(_yibao_guard.attempts)
    print(json.dumps(results))
    """
)


def test_the_guard_blocks_outbound_connections(tmp_path):
    """The guard itself (else the checks above prove nothing): a fresh interpreter with it."""
    script = tmp_path / "check.py"
    script.write_text(nr.GUARD + "\n" + GUARD_CHECK, encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["urllib"] != "connected"
    assert found["203.0.113.7"].startswith("refused:yibao test")
    assert found["2001:db8::1"].startswith("refused:yibao test")
    assert found["loopback"] == "ok"
    assert found["attempts"] >= 3


def test_report(runs, capsys):
    """Not a check: how long the executions took."""
    with capsys.disabled():
        slowest = max(runs.executions.values(), key=lambda e: e.seconds)
        print(
            f"\n[test_no_network] {len(runs.executions)} notebook executions in {runs.seconds:.1f}s "
            f"(slowest {slowest.notebook}/{slowest.run} {slowest.seconds:.1f}s); "
            f"{sum(len(e.probe.get('writes', [])) for e in runs.executions.values())} file writes recorded, all outside the repo"
        )
