"""Explainers stop following the page language when closed or when their notebook cell is re-run.

ipywidgets keeps every widget in a registry until it is closed, so dropping a reference never frees
one: the issue measured one language switch going from 123 ms to 1,182 ms after ten re-runs of the
chart cell. Here the cost of a switch is counted, not timed: the explainers that follow it.
"""

from __future__ import annotations

import gc
import weakref

import pytest

from yibao import widgets as yw
from yibao.widgets import page

from .conftest import explainer_builders


def _observers(language: yw.Language) -> int:
    return len(language._trait_notifiers.get("value", {}).get("change", []))


@pytest.mark.parametrize("builder", explainer_builders())
def test_a_closed_explainer_stops_following_the_language(builder):
    language = yw.Language()
    baseline = _observers(language)
    explainer = getattr(yw, builder)(language=language)
    assert _observers(language) == baseline + 1
    language.value = "en"
    assert explainer.lang == "en"
    explainer.close()
    assert _observers(language) == baseline
    language.value = "zh"
    assert explainer.lang == "en" and explainer.comm is None


def test_rerunning_a_cell_drops_the_charts_it_built_before(monkeypatch):
    """The issue's leak: build the balance chart 20 times as re-runs of one cell; one switch then reaches one chart."""
    language = yw.PAGE_LANGUAGE
    baseline = _observers(language)
    run = [0]
    monkeypatch.setattr(page, "_current_cell", lambda: ("cell-chart", run[0]))
    built = []
    for number in range(20):
        run[0] = number + 1
        built.append(weakref.ref(yw.balance_chart()))
    gc.collect()
    alive = [ref() for ref in built if ref() is not None]
    assert alive == [built[-1]()], f"{len(alive)} charts still alive"
    assert _observers(language) == baseline + 1
    followed: list[str] = []
    alive[0].observe(lambda change: followed.append(change["new"]), "lang")
    language.value = "en"
    language.value = "zh"
    assert followed == ["en", "zh"]
    alive[0].close()
    assert _observers(language) == baseline


def test_explainers_built_in_one_cell_run_stay_together(monkeypatch):
    monkeypatch.setattr(page, "_current_cell", lambda: ("cell-two", 7))
    first, second = yw.claim_checker(), yw.non_payable_list()
    assert first.comm is not None and second.comm is not None
    first.close()
    second.close()


def test_outside_a_notebook_nothing_is_closed_for_you():
    assert page._current_cell() is None
    explainers = [yw.claim_checker(yw.Language()) for _ in range(2)]
    assert all(explainer.comm is not None for explainer in explainers)
    for explainer in explainers:
        explainer.close()
