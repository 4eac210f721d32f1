"""data/README.md lists each table's columns exactly as yibao.data.tables defines them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from yibao.data.tables import TABLES

README = Path(__file__).resolve().parent.parent / "data" / "README.md"


def documented_columns() -> dict[str, list[str]]:
    """``{file: [column, ...]}`` from each ``### `file.csv` …`` section's first line of backticked names."""
    sections = re.findall(r"^### `([a-z_]+\.csv)`[^\n]*\n`([^`]+)`", README.read_text(encoding="utf-8"), flags=re.M)
    return {file: [name.strip() for name in names.split(",")] for file, names in sections}


@pytest.mark.parametrize("table", TABLES.values(), ids=lambda t: t.file)
def test_readme_lists_the_columns_of_the_spec(table) -> None:
    assert documented_columns().get(table.file) == list(table.column_names)


def test_readme_documents_no_table_that_does_not_exist() -> None:
    assert set(documented_columns()) <= {table.file for table in TABLES.values()}
