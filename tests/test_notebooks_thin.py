"""Notebooks tell the story; logic lives in the package. Every code cell stays a short call."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
EXPECTED = ["00_start_here", "01_accounts", "02_channels", "03_withdrawal", "04_myths", "05_family", "06_year_of_care"]
MAX_LINES = 3
FORBIDDEN = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.For, ast.While, ast.If, ast.Lambda, ast.With, ast.Try)


def _code_cells(path: Path) -> list[str]:
    book = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in book["cells"] if c["cell_type"] == "code"]


def test_the_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_code_cells_are_short_calls_into_yibao(path: Path):
    cells = _code_cells(path)
    assert cells, "a notebook without code shows no widget"
    for source in cells:
        lines = [line for line in source.splitlines() if line.strip() and not line.strip().startswith("#")]
        assert len(lines) <= MAX_LINES, source
        tree = ast.parse(source)
        for node in ast.walk(tree):
            assert not isinstance(node, FORBIDDEN), f"logic in a notebook cell: {source}"
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [node.module] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                assert all(n.split(".")[0] == "yibao" for n in names), source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_has_the_language_switch_and_is_bilingual(path: Path):
    book = json.loads(path.read_text(encoding="utf-8"))
    assert any(switch in "".join(c["source"]) for c in book["cells"] for switch in ("language_switch()", "language_toggle()"))
    markdown = "".join("".join(c["source"]) for c in book["cells"] if c["cell_type"] == "markdown")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in markdown)
    assert sum(ch.isascii() and ch.isalpha() for ch in markdown) > 200


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_links_every_page_in_its_footer(path: Path):
    book = json.loads(path.read_text(encoding="utf-8"))
    footer = "".join(book["cells"][-1]["source"])
    assert footer.startswith("---") and [f"({name}.ipynb)" in footer for name in EXPECTED] == [True] * len(EXPECTED)
