"""Notebooks are committed clean: exactly what git's clean filter (nbstripout, set up by ``make
install``) leaves of them, and nothing that opening or running them in JupyterLab adds.

Outputs, execution counts and saved widget state belong to the reader's run, not to git; so does
the metadata the kernel fills in on opening (``language_info``). The filter removes them on
commit; this test fails on any of them in a committed file, metadata-only changes included, and
proves the filter is the one ``make install`` configures. The browser test
``tests/browser/test_notebooks_stay_clean.py`` opens, runs and saves each notebook in Lab.
"""

from __future__ import annotations

import copy
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from . import make_dry_run
from ._lean_plugins import lean_module

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(ROOT.glob("benchmarks/*.ipynb"))
FLOOR = ROOT / "benchmarks" / "floor.ipynb"
#: The notebook metadata a committed notebook holds: the kernel Lab starts, the page titles.
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
NOTEBOOK_KEYS = {"kernelspec", "title", "yibao"}
CELL_KEYS = {"tags"}


def filter_command() -> list[str]:
    """git's clean filter for notebooks, as ``make install`` configures it (this interpreter for ``.venv``'s,
    without the module nbformat's schema check loads and no notebook needs: ``lean_module``)."""
    found = [m.group(1) for line in make_dry_run("git-filter") for m in [re.search(r"filter\.nbstripout\.clean '([^']*)'", line)] if m]
    assert len(found) == 1, found
    command = shlex.split(found[0])
    assert command[:3] == [".venv/bin/python", "-m", "nbstripout"], command
    return [sys.executable, *lean_module(command[2]), *command[3:]]


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each notebook, and a run of the floor notebook (``ran.ipynb``), as the filter leaves them (one run of it)."""
    folder = tmp_path_factory.mktemp("cleaned")
    for path in NOTEBOOKS:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "ran.ipynb").write_text(json.dumps(ran(FLOOR.read_text(encoding="utf-8")), indent=1, ensure_ascii=False) + "\n", "utf-8")
    subprocess.run([*filter_command(), *sorted(str(p) for p in folder.iterdir())], check=True, timeout=120)
    return {path.name: path.read_text(encoding="utf-8") for path in folder.iterdir()}


def ran(text: str) -> dict[str, Any]:
    """A notebook as a run leaves it: language_info, widget state, outputs with a memory address, counts."""
    run = json.loads(text)
    run["metadata"]["language_info"] = {"name": "python", "version": "3.11.2", "mimetype": "text/x-python"}
    run["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    for number, cell in enumerate(c for c in run["cells"] if c["cell_type"] == "code"):
        cell.update(execution_count=number + 1, outputs=[{"output_type": "stream", "name": "stdout", "text": "<x object at 0x7f00>"}])
    return run


def problems(book: dict[str, Any]) -> list[str]:
    """What a committed notebook must not hold: outputs, counts, widget state, run metadata."""
    found = []
    for i, cell in enumerate(book.get("cells", [])):
        extra = set(cell.get("metadata", {})) - CELL_KEYS
        if extra:
            found.append(f"cell {i}: metadata {sorted(extra)}")
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            found.append(f"cell {i}: {len(cell['outputs'])} saved output(s)")
        if cell.get("execution_count") is not None:
            found.append(f"cell {i}: execution_count {cell['execution_count']}")
    metadata = book.get("metadata", {})
    if "widgets" in metadata:
        found.append("notebook metadata holds saved widget state ('widgets')")
    extra = set(metadata) - NOTEBOOK_KEYS
    if extra:
        found.append(f"notebook metadata {sorted(extra)} (added by a run, not part of the notebook)")
    if metadata.get("kernelspec") != KERNELSPEC:
        found.append(f"kernelspec {metadata.get('kernelspec')} (JupyterLab's is {KERNELSPEC})")
    return found


def test_the_floor_notebook_is_among_those_checked() -> None:
    assert FLOOR in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_is_committed_clean(path: Path, cleaned: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    found = problems(json.loads(text))
    assert not found, f"{path.relative_to(ROOT)} is not clean ({found}); `make install` sets up git's filter that cleans it on commit"
    assert cleaned[path.name] == text, f"{path.relative_to(ROOT)} is not what the clean filter leaves (`make install`, commit again)"


def test_detects_outputs_and_metadata_only_changes() -> None:
    book = json.loads(FLOOR.read_text(encoding="utf-8"))
    assert problems(book) == []
    dirty = copy.deepcopy(book)
    code = next(cell for cell in dirty["cells"] if cell["cell_type"] == "code")
    code.update(execution_count=3, outputs=[{"output_type": "stream", "name": "stdout", "text": "x"}])
    dirty["metadata"]["widgets"] = {}
    assert len(problems(dirty)) == 4  # outputs, count, widget state, and "widgets" is run metadata
    for change in ({"language_info": {"name": "python", "version": "3.11.2"}}, {"kernelspec": {**KERNELSPEC, "display_name": "x"}}):
        assert problems({**book, "metadata": {**book["metadata"], **change}}), change
    touched = copy.deepcopy(book)
    touched["cells"][0]["metadata"]["collapsed"] = False
    assert problems(touched) == ["cell 0: metadata ['collapsed']"]


def test_the_filter_removes_what_a_run_adds_and_keeps_the_notebook(cleaned: dict[str, str]) -> None:
    text = FLOOR.read_text(encoding="utf-8")
    assert problems(ran(text)) and cleaned["ran.ipynb"] == text
