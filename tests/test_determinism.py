"""Determinism: the same inputs give the same outputs, run after run.

- Every notebook is executed once, each in a kernel with its own ``PYTHONHASHSEED`` (the
  ``notebook_runs`` fixture); after the notebook's cells a probe builds every widget and drives
  it the same way in every kernel. After normalising widget model ids and memory addresses, the
  saved state of those widgets (HTML, option lists, chart PNG bytes) is identical in all kernels.
- Every table is loaded in two fresh interpreters (different hash seeds); a hash of each
  DataFrame (``pandas.util.hash_pandas_object`` on a stringified copy, plus dtypes and column
  order) is identical, and so are the API results and widget HTML built from them.
"""

from __future__ import annotations

import difflib
import json
import os
import sys
from subprocess import PIPE, Popen

import pytest

from . import _notebook_runs as nr

HASH_SCRIPT = r"""
import hashlib, json, sys
import pandas as pd
import yibao
from yibao.data import load_table
from yibao.tables import TABLES

def digest(frame):
    text = frame.astype(str)
    rows = pd.util.hash_pandas_object(text, index=True).to_numpy().tobytes()
    meta = json.dumps([list(map(str, frame.columns)), list(map(str, frame.dtypes)), list(map(str, frame.index))])
    return hashlib.sha256(rows + meta.encode()).hexdigest()

out = {f"table:{name}": digest(load_table(name)) for name in TABLES}
out["api:compare_accounts"] = digest(yibao.compare_accounts("en"))
out["api:filter_channels"] = digest(yibao.filter_channels(shows="pooled_quota"))
projection = yibao.project_balances("2024-01-01", 24, wage_base=8000, city="guangzhou", outpatient_cost_per_month=3000)
out["api:project_balances"] = digest(projection)
out["api:withdrawal"] = repr(yibao.assess_withdrawal("quit_insurance", region="jiangyin", lang="en"))
if "--widgets" in sys.argv:
    from yibao import widgets as yw
    lang = yw.Language()
    built = [yw.account_comparison(language=lang), yw.channel_explorer(lang), yw.withdrawal_guide(lang), yw.myth_buster(lang),
             yw.family_sharing(lang), yw.non_payable(lang), yw.credit_calculator(lang)]
    for widget in built:
        for name in ("table", "result", "steps"):
            control = getattr(widget, name, None)
            if control is not None:
                out[f"widget:{type(widget).__name__}.{name}"] = hashlib.sha256(control.value.encode()).hexdigest()
        for name in ("region", "city", "scenario", "shows", "channel"):
            control = getattr(widget, name, None)
            if control is not None:
                out[f"widget:{type(widget).__name__}.{name}.options"] = repr(control.options)
print(json.dumps(out, sort_keys=True))
"""


def test_tables_load_identically_in_fresh_interpreters():
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    env["PYTHONPATH"] = os.pathsep.join([str(nr.ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    command = [sys.executable, "-c", HASH_SCRIPT, "--widgets"]
    seeds = ("1", "2")  # both interpreters at once, each with its own hash seed
    interpreters = [Popen(command, stdout=PIPE, stderr=PIPE, text=True, env={**env, "PYTHONHASHSEED": s}, cwd=nr.ROOT) for s in seeds]
    outputs = [process.communicate(timeout=120) for process in interpreters]
    for process, (_, stderr) in zip(interpreters, outputs, strict=True):
        assert process.returncode == 0, stderr[-3000:]
    first, second = (json.loads(stdout.strip().splitlines()[-1]) for stdout, _ in outputs)
    assert sum(key.startswith("table:") for key in first) >= 8
    different = sorted(key for key in first if first[key] != second.get(key))
    assert different == [], f"differ between interpreters: {different}"
    assert first.keys() == second.keys()


NOTEBOOKS = [path.name for path in nr.NOTEBOOKS]


def _probe_state(runs: nr.NotebookRuns, notebook: str) -> str:
    execution = runs.executions[notebook]
    assert execution.error is None, execution.error
    return nr.widget_state(execution.book, execution.probe["widgets"])


def test_kernels_ran_with_different_hash_seeds(notebook_runs):
    hashes = [notebook_runs.executions[name].probe["hash"] for name in NOTEBOOKS]
    assert len(set(hashes)) == len(NOTEBOOKS), "every kernel must hash strings differently, or nothing is compared"


@pytest.mark.parametrize("notebook", NOTEBOOKS[1:])
def test_widgets_come_out_identical_in_every_kernel(notebook_runs, notebook):
    first, other = _probe_state(notebook_runs, NOTEBOOKS[0]), _probe_state(notebook_runs, notebook)
    if first != other:
        diff = "\n".join(difflib.unified_diff(_lines(first), _lines(other), NOTEBOOKS[0], notebook, n=1, lineterm=""))
        pytest.fail(f"the probe's widgets differ between the kernels of {NOTEBOOKS[0]} and {notebook}:\n{diff[:4000]}")


def _lines(text: str) -> list[str]:
    return json.dumps(json.loads(text), indent=1, ensure_ascii=False).splitlines()


def test_widget_state_normalises_only_volatile_parts(notebook_runs):
    """The normalisation keeps the content: widget HTML, typed values and PNG bytes are compared."""
    text = _probe_state(notebook_runs, NOTEBOOKS[0])
    assert "yibao-table" in text  # widget HTML values
    assert str(nr.SENTINEL_WAGE) in text  # what the probe typed
    assert '"buffers"' in text and "iVBORw0KGgo" in text  # the chart image (base64 PNG)
    assert text.count('"MODEL') > 50, "the walk reached every widget's children"
    assert not any(len(token) == 32 and all(c in "0123456789abcdef" for c in token) for token in text.replace('"', " ").split())
