"""Shared fixtures: a private copy of data/ that a test may break."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from yibao.data import data_dir

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of the data folder for one test to change."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def read_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
