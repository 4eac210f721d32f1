"""Every notebook runs top to bottom without an error (what nbval's ``--nbval-lax`` checked).

The notebooks are executed once per session by the ``notebook_runs`` fixture (nbclient, in
the project's environment, outbound network blocked; see ``tests/_notebook_runs.py``); the
no-network and determinism checks read the same executions. Outputs are stripped in git
(``test_notebooks_clean.py``), so there is nothing to compare them with: what the widgets show
is asserted by ``test_widgets.py`` and, in a browser, by ``tests/browser/``.
"""

from __future__ import annotations

import pytest

from yibao.data.store import data_dir

from . import _notebook_runs as nr


def test_there_are_notebooks_to_run() -> None:
    assert len(nr.NOTEBOOKS) >= 5


@pytest.mark.parametrize("notebook", [path.name for path in nr.NOTEBOOKS])
def test_notebook_runs_top_to_bottom_without_errors(notebook_runs: nr.NotebookRuns, notebook: str) -> None:
    execution = notebook_runs.executions[notebook]
    assert execution.error is None, execution.error
    assert nr.cell_errors(execution.book) == []
    code_cells = [c for c in nr.notebook_cells(execution.book) if c.cell_type == "code"]
    assert code_cells and [c.get("execution_count") for c in code_cells] == list(range(1, len(code_cells) + 1))
    widget_views = sum(
        1 for c in code_cells for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    )
    assert widget_views >= 2, "every notebook shows at least the language switch and one widget"
    assert execution.probe, "the probe cell did not report (the guard did not run?)"
    # The kernels read this session's data, even if a test running beside them points
    # YIBAO_DATA_DIR at a broken copy.
    assert execution.probe["data"] == str(data_dir())


def test_cell_errors_sees_errors_and_stderr() -> None:
    """The check above can fail: an error output and a stderr stream are both reported."""
    import nbformat

    book = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("1/0")
    cell.outputs = [
        nbformat.v4.new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=[]),
        nbformat.v4.new_output("stream", name="stderr", text="warning\n"),
    ]
    book.cells.append(cell)
    assert nr.cell_errors(book) == ["cell 0: ZeroDivisionError: division by zero", "cell 0: stderr: warning\n"]
