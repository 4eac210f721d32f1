"""Determinism: the same inputs give the same outputs, run after run.

- Every notebook is executed twice in fresh kernels with different ``PYTHONHASHSEED`` values
  (see ``_notebook_runs``); after normalising widget model ids, timings and memory addresses,
  the outputs and the saved widget state (HTML, option lists, chart PNG bytes) are identical.
- Every table is loaded in two fresh interpreters (different hash seeds); a hash of each
  DataFrame (``pandas.util.hash_pandas_object`` on a stringified copy, plus dtypes and column
  order) is identical, and so are the API results and widget HTML built from them.
"""

from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys

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
             yw.family_sharing(lang), yw.non_payable(lang), yw.credit_calculator(lang), yw.year_of_care(lang)]
    for widget in built:
        for name in ("table", "result", "steps", "summary", "comparison", "bill_list"):
            control = getattr(widget, name, None)
            if control is not None:
                out[f"widget:{type(widget).__name__}.{name}"] = hashlib.sha256(control.value.encode()).hexdigest()
        for name in ("region", "city", "scenario", "shows", "channel"):
            control = getattr(widget, name, None)
            if control is not None:
                out[f"widget:{type(widget).__name__}.{name}.options"] = repr(control.options)
print(json.dumps(out, sort_keys=True))
"""


def _hashes(seed: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONHASHSEED=seed, MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
    env["PYTHONPATH"] = os.pathsep.join([str(nr.ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    result = subprocess.run(
        [sys.executable, "-c", HASH_SCRIPT, "--widgets"], capture_output=True, text=True, timeout=120, env=env, cwd=str(nr.ROOT)
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_tables_load_identically_in_fresh_interpreters():
    first, second = _hashes("1"), _hashes("2")
    assert sum(key.startswith("table:") for key in first) >= 8
    different = sorted(key for key in first if first[key] != second.get(key))
    assert different == [], f"differ between interpreters: {different}"
    assert first.keys() == second.keys()


@pytest.fixture(scope="module")
def runs() -> nr.NotebookRuns:
    return nr.notebook_runs()


@pytest.mark.parametrize("notebook", [p.name for p in nr.NOTEBOOKS])
def test_notebook_outputs_are_identical_across_runs(runs, notebook):
    first, second = (runs.executions[(notebook, run)] for run in nr.RUNS)
    assert first.error is None and second.error is None, (first.error, second.error)
    a, b = nr.canonical(first.book), nr.canonical(second.book)
    assert '"outputs": []' not in a.split('"widgets"')[0] or "widget-view" in a
    assert "MODEL0" in a, "no widget model in the outputs: nothing was compared"
    if a != b:
        diff = "\n".join(difflib.unified_diff(_lines(a), _lines(b), "run1", "run2", n=1, lineterm=""))
        pytest.fail(f"{notebook}: outputs differ between runs:\n{diff[:4000]}")


def _lines(text: str) -> list[str]:
    return json.dumps(json.loads(text), indent=1, ensure_ascii=False).splitlines()


def test_canonical_form_normalises_only_volatile_parts(runs):
    """The normalisation keeps the content: widget HTML and PNG bytes are still compared."""
    execution = runs.executions[(nr.NOTEBOOKS[1].name, nr.RUNS[0])]
    text = nr.canonical(execution.book)
    assert "yibao-table" in text  # widget HTML values
    assert "iVBORw0KGgo" in text or "\\x89PNG" in text or '"buffers"' in text  # the chart image
    assert not any(len(token) == 32 and all(c in "0123456789abcdef" for c in token) for token in text.replace('"', " ").split())
