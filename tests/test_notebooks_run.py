"""Every notebook runs top to bottom without an error.

nbval (``--nbval-lax``) runs every notebook once per session, a test per cell, in the project's
environment with outbound network blocked (see ``tests/_notebook_runs.py``); these checks, the
no-network and the determinism checks read that one run. Outputs are stripped in git
(``test_notebooks_clean.py``), so there is nothing to compare them with: what the widgets show
is asserted by ``test_widgets.py`` and, in a browser, by ``tests/browser/``.
"""

from __future__ import annotations

import nbformat
import pytest

from yibao.data.store import data_dir

from . import _notebook_runs as nr


def test_there_are_notebooks_to_run() -> None:
    assert len(nr.NOTEBOOKS) >= 5


@pytest.mark.parametrize("notebook", [path.name for path in nr.NOTEBOOKS])
def test_notebook_runs_top_to_bottom_without_errors(notebook_runs: nr.NotebookRuns, notebook: str) -> None:
    execution = notebook_runs.executions[notebook]
    assert execution.error is None, execution.error
    assert nr.cell_errors(execution.outputs) == []
    book = nbformat.read(nr.NOTEBOOK_DIR / notebook, as_version=4)
    code_cells = [c for c in book.cells if c.cell_type == "code"]
    assert len(execution.outputs) == len(code_cells) + 1, "every cell and the probe ran"
    widget_views = sum(
        1 for cell in execution.outputs[:-1] for o in cell if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    )
    assert widget_views >= 2, "every notebook shows at least the language switch and one widget"
    assert execution.probe, "the probe cell did not report (the guard did not run?)"
    # The kernels read this session's data, even if a test running beside them points
    # YIBAO_DATA_DIR at a broken copy.
    assert execution.probe["data"] == str(data_dir())


def test_cell_errors_sees_errors_and_stderr() -> None:
    """The check above can fail: an error output and a stderr stream are both reported."""
    outputs = [
        [
            {"output_type": "error", "ename": "ZeroDivisionError", "evalue": "division by zero", "traceback": []},
            {"output_type": "stream", "name": "stderr", "text": "warning\n"},
        ]
    ]
    assert nr.cell_errors(outputs) == ["cell 0: ZeroDivisionError: division by zero", "cell 0: stderr: warning\n"]
