"""Determinism: the same inputs give the same outputs, whatever the hash seed.

Every notebook runs once (nbval), each in a kernel with its own ``PYTHONHASHSEED`` (the
``notebook_runs`` fixture, see ``_notebook_runs``), so set iteration order differs between the
kernels. After the notebook's cells a probe digests every table (every cell as text, plus dtypes,
column order and index) and a few API results: the digests are
identical in all kernels. In two kernels the probe also builds every widget and drives it: the
saved state of its widgets (HTML, option lists, chart PNG bytes) is identical, once widget model ids
and memory addresses are normalised. The pages' exports, which most kernels read back from the
cache folder, are computed afresh in one kernel and equal this process's.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

import pytest

from . import _notebook_runs as nr

NOTEBOOKS = [path.name for path in nr.NOTEBOOKS]


def _probe_state(runs: nr.NotebookRuns, notebook: str) -> str:
    execution = runs.executions[notebook]
    assert execution.error is None, execution.error
    seen = _STATES.get(notebook)
    if seen is None or seen[0] is not execution:  # the first notebook's is compared with every other's: normalised once
        seen = _STATES[notebook] = (execution, nr.widget_state(execution.probe["state"], execution.probe["widgets"]))
    return seen[1]


_STATES: dict[str, tuple[nr.Execution, str]] = {}


def test_kernels_ran_with_different_hash_seeds(notebook_runs):
    hashes = [notebook_runs.executions[name].probe["hash"] for name in NOTEBOOKS]
    assert len(set(hashes)) == len(NOTEBOOKS), "every kernel must hash strings differently, or nothing is compared"


@pytest.mark.parametrize("notebook", NOTEBOOKS[1:])
def test_tables_and_api_results_are_identical_in_every_kernel(notebook_runs, notebook):
    first, other = (notebook_runs.executions[name].probe["digests"] for name in (NOTEBOOKS[0], notebook))
    assert sum(key.startswith("table:") for key in first) >= 8 and sum(key.startswith("api:") for key in first) == 4
    assert first.keys() == other.keys()
    assert sorted(key for key in first if first[key] != other[key]) == []


@pytest.mark.parametrize("notebook", nr.WIDGET_PROBES[1:])
def test_widgets_come_out_identical_in_every_kernel(notebook_runs, notebook):
    first, other = _probe_state(notebook_runs, NOTEBOOKS[0]), _probe_state(notebook_runs, notebook)
    if first != other:
        diff = "\n".join(difflib.unified_diff(_lines(first), _lines(other), NOTEBOOKS[0], notebook, n=1, lineterm=""))
        pytest.fail(f"the probe's widgets differ between the kernels of {NOTEBOOKS[0]} and {notebook}:\n{diff[:4000]}")


def _lines(text: str) -> list[str]:
    return json.dumps(json.loads(text), indent=1, ensure_ascii=False).splitlines()


def test_widget_state_normalises_only_volatile_parts(notebook_runs):
    """The normalisation keeps the content: widget HTML, typed values and the browser explainers' modules are compared."""
    text = _probe_state(notebook_runs, NOTEBOOKS[0])
    assert "yibao-table" in text  # the explainers' stylesheet
    assert str(nr.SENTINEL_WAGE) in text  # what the probe typed
    assert '"_esm"' in text and "credit_rules" in text  # the explainers' ES modules and the rules they evaluate
    assert text.count('"MODEL') >= 2 * 10, "the walk reached the probe's ten explainers and their layouts"
    assert not any(len(token) == 32 and all(c in "0123456789abcdef" for c in token) for token in text.replace('"', " ").split())



def test_page_exports_are_the_same_whatever_the_hash_seed(notebook_runs):
    """The pages' exports are computed once and kept on disk (``derived_json``), so most kernels read them
    back: one kernel computes them afresh under its hash seed, and they equal this process's."""
    fresh = notebook_runs.executions[nr.FRESH_EXPORTS].probe["exports"]
    here: dict[str, Any] = {}
    exec(nr.EXPORT_DIGESTS, here)
    assert {"credit_rules", "question_index", "year_rules:beijing", "year_rules:shanghai"} <= fresh.keys()
    assert fresh == here["_export_digests"](False)
