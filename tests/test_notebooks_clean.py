"""Notebooks are committed clean: no outputs, no execution counts, no saved widget state.

Outputs belong to the reader's run (and to the tests' own executions), not to git.
Clear them with JupyterLab's "Edit > Clear Outputs of All Cells", or
``jupyter nbconvert --clear-output --inplace notebooks/*.ipynb``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(ROOT.glob("notebooks/*.ipynb")) + sorted(ROOT.glob("benchmarks/*.ipynb"))
FLOOR = ROOT / "benchmarks" / "floor.ipynb"


def problems(book: dict) -> list[str]:
    found = []
    for i, cell in enumerate(book.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        if cell.get("outputs"):
            found.append(f"cell {i}: {len(cell['outputs'])} saved output(s)")
        if cell.get("execution_count") is not None:
            found.append(f"cell {i}: execution_count {cell['execution_count']}")
    if "widgets" in book.get("metadata", {}):
        found.append("notebook metadata holds saved widget state ('widgets')")
    return found


def test_the_floor_notebook_is_among_those_checked() -> None:
    assert FLOOR in NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_has_no_outputs(path: Path) -> None:
    book = json.loads(path.read_text(encoding="utf-8"))
    found = problems(book)
    assert not found, f"{path.relative_to(ROOT)} has saved outputs (clear them before committing): {found}"


def test_detects_outputs() -> None:
    dirty = {
        "cells": [{"cell_type": "code", "execution_count": 3, "outputs": [{"output_type": "stream"}]}],
        "metadata": {"widgets": {}},
    }
    assert len(problems(dirty)) == 3
    assert problems({"cells": [{"cell_type": "code", "execution_count": None, "outputs": []}], "metadata": {}}) == []
