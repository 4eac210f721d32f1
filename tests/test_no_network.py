"""No network at run time, and nothing the user types is written to disk.

Every notebook runs once (nbval's run, read by the ``notebook_runs`` fixture) in a kernel whose audit hook refuses
any non-loopback connection or DNS lookup and records the attempt, then a probe cell drives
every widget with "typed" sentinel values. Checks:
- no blocked connection was even attempted (that every cell ran: ``test_notebooks_run.py``);
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

NOTEBOOKS = [path.name for path in nr.NOTEBOOKS]


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_no_connection_was_attempted(notebook_runs, notebook):
    probe = notebook_runs.executions[notebook].probe
    assert probe.get("attempts") == [], f"blocked network attempts: {probe.get('attempts')}"


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_kernel_wrote_nothing_under_the_repo_or_data(notebook_runs, notebook):
    writes = notebook_runs.executions[notebook].probe.get("writes", [])
    roots = [nr.ROOT, *notebook_runs.data_dirs]
    inside = [p for p in writes if nr.is_under(p, roots) and not set(Path(p).parts) & nr.IGNORED_PARTS]
    assert inside == [], f"files written under the repo/data folder: {inside}"


def test_no_file_changed_under_the_repo_or_data(notebook_runs):
    assert notebook_runs.changed_paths() == []


def test_snapshot_sees_new_and_changed_files(tmp_path):
    """The before/after snapshot notices a new file and a changed one (else its check is empty)."""
    (tmp_path / "old.txt").write_text("a")
    before = nr.snapshot(tmp_path)
    (tmp_path / "new.txt").write_text("b")
    (tmp_path / "old.txt").write_text("changed")
    after = nr.snapshot(tmp_path)
    execution = nr.Execution("x.ipynb", [], 0.0, repo_before=before, repo_after=after)
    changed = nr.NotebookRuns({"x.ipynb": execution}, [], tmp_path).changed_paths()
    assert changed == sorted([str(tmp_path / "new.txt"), str(tmp_path / "old.txt")])


def test_typed_values_are_in_no_file_written(notebook_runs):
    """Values typed into the widgets are in no file: neither those the kernels opened for
    writing (audit hook) nor anything in the kernels' own IPython/runtime folders (where
    IPython would keep its history, written by SQLite below the audit hook), nor the
    snapshotted tree."""
    sentinels = [str(nr.SENTINEL_WAGE).encode(), str(nr.SENTINEL_PENSION).encode()]
    written = {Path(p) for execution in notebook_runs.executions.values() for p in execution.probe.get("writes", [])}
    written |= {p for p in notebook_runs.work_dir.rglob("*")}
    written |= {Path(p) for execution in notebook_runs.executions.values() for p in execution.repo_after}
    checked = 0
    for file in sorted(written):
        if not file.is_absolute() or not file.is_file() or file.stat().st_size > 50_000_000:
            continue
        content = file.read_bytes()
        checked += 1
        for sentinel in sentinels:
            assert sentinel not in content, f"{file} holds a value the user typed ({sentinel.decode()})"
    # The probe really typed them (so the check above is not vacuous).
    state = json.dumps(notebook_runs.executions[nr.NOTEBOOKS[0].name].probe["state"])
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


def test_report(notebook_runs, capsys):
    """Not a check: how long the executions took."""
    with capsys.disabled():
        slowest = max(notebook_runs.executions.values(), key=lambda e: e.seconds)
        writes = sum(len(e.probe.get("writes", [])) for e in notebook_runs.executions.values())
        total = sum(e.seconds for e in notebook_runs.executions.values())
        print(
            f"\n[notebook_runs] {len(notebook_runs.executions)} notebooks run once each by nbval, {total:.1f}s in all "
            f"(slowest {slowest.notebook} {slowest.seconds:.1f}s); {writes} file writes recorded, all outside the repo"
        )
