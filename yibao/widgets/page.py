"""What every explainer shares: the page language, and closing what a re-run notebook cell built before."""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import Protocol

import traitlets

from yibao.data.i18n import LANGS


class Language(traitlets.HasTraits):
    """The page language; every explainer follows one of these (``"zh"`` or ``"en"``)."""

    value = traitlets.Enum(LANGS, default_value="zh")


#: The language shared by every explainer built without an explicit ``language=``.
PAGE_LANGUAGE = Language()


def listing(items: Iterable[str], lang: str) -> str:
    """Items joined the way each language lists them (顿号 in Chinese)."""
    return ("、" if lang == "zh" else ", ").join(items)


class Closable(Protocol):
    def close(self) -> None: ...


def _current_cell() -> tuple[str, int] | None:
    """(cell id, execution count) of the notebook cell running now, where the front end says."""
    from IPython import get_ipython

    shell = get_ipython()
    cell = (getattr(shell, "parent_header", None) or {}).get("metadata", {}).get("cellId")
    return (cell, shell.execution_count) if cell and shell is not None else None


#: Explainers built by each notebook cell in its latest run: re-running the cell closes them.
_BUILT_BY_CELL: dict[str, tuple[int, list[weakref.ref[Closable]]]] = {}


def adopt(explainer: Closable) -> None:
    """Remember that the running cell built ``explainer``; close what the cell's previous run built.

    ipywidgets keeps every widget in a registry until it is closed, so without this a re-run cell
    would leave its old explainers alive, each still following the page language.
    """
    where = _current_cell()
    if where is None:
        return
    cell, run = where
    last_run, built = _BUILT_BY_CELL.get(cell, (run, []))
    if last_run != run:
        for ref in built:
            old = ref()
            if old is not None:
                old.close()
        built = []
    built.append(weakref.ref(explainer))
    _BUILT_BY_CELL[cell] = (run, built)
