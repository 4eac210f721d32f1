"""Widgets render once per change and stop following the page language when closed or re-run."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from collections.abc import Callable, Iterator

import ipywidgets as w
import pytest

from yibao import widgets as yw
from yibao.widgets import _base

BUILDERS: dict[str, Callable[[yw.Language], _base.Explainer]] = {
    "account_comparison": lambda lang: yw.account_comparison(language=lang),
    "channel_explorer": yw.channel_explorer,
    "withdrawal_guide": yw.withdrawal_guide,
    "myth_buster": yw.myth_buster,
    "family_sharing": yw.family_sharing,
    "non_payable": yw.non_payable,
}


def _controls(widget: w.Widget) -> Iterator[w.ValueWidget]:
    for child in getattr(widget, "children", ()):
        if isinstance(child, w.ValueWidget) and not isinstance(child, w.HTML | w.Image) and child.layout.display != "none":
            yield child
        yield from _controls(child)


def _another_value(control: w.ValueWidget) -> object:
    if isinstance(control, w.SelectMultiple):
        first = (control.options[0][1],)
        return first if control.value != first else ()
    if isinstance(control, w.widget_selection._Selection):
        values = [value for _, value in control.options]
        return next(v for v in values if v != control.value)
    if isinstance(control, w.DatePicker):
        return dt.date(2022, 8, 31)
    if isinstance(control, w.Text):
        return f"{float(control.value) + 100:g}"
    if isinstance(control, w.IntSlider | w.BoundedIntText):
        return control.value - control.step if control.value + control.step > control.max else control.value + control.step
    raise AssertionError(f"no other value for {type(control).__name__}")


def _count(explainer: _base.Explainer, method: str) -> list[int]:
    calls = [0]
    original = getattr(explainer, method)

    def counted() -> None:
        calls[0] += 1
        original()

    setattr(explainer, method, counted)
    return calls


@pytest.mark.parametrize("name", BUILDERS)
def test_one_render_per_control_change(name):
    widget = BUILDERS[name](yw.Language())
    updates = _count(widget, "update")
    steps = _count(widget, "show_steps") if hasattr(widget, "show_steps") else [0]
    controls = list(_controls(widget))
    assert controls or name == "account_comparison"
    for control in controls:
        updates[0] = steps[0] = 0
        control.value = _another_value(control)
        if control is getattr(widget, "channel", None):
            assert (updates[0], steps[0]) == (0, 1), control.description
        else:
            assert updates[0] == 1, f"{name}: {control.description!r} rendered {updates[0]} times"
    updates[0] = 0
    widget.language.value = "en"
    assert updates[0] == 1, f"{name}: the language switch rendered {updates[0]} times"


def _observers(language: yw.Language) -> int:
    return len(language._trait_notifiers.get("value", {}).get("change", []))


def test_a_closed_widget_stops_following_the_language():
    language = yw.Language()
    baseline = _observers(language)
    chart = yw.channel_explorer(language)
    assert _observers(language) == baseline + 1
    updates = _count(chart, "update")
    chart.close()
    assert _observers(language) == baseline
    language.value = "en"
    assert updates[0] == 0
    assert chart.comm is None and all(c.comm is None for c in _controls(chart))


def test_rerunning_a_cell_drops_the_widgets_it_built_before(monkeypatch):
    """The issue's leak: re-running the chart cell kept every old chart observing the page language."""
    language = yw.PAGE_LANGUAGE
    baseline = _observers(language)
    run = [0]
    monkeypatch.setattr(_base, "_current_cell", lambda: ("cell-explorer", run[0]))
    built = []
    for number in range(20):
        run[0] = number + 1
        built.append(weakref.ref(yw.channel_explorer()))
    gc.collect()
    alive = [ref() for ref in built if ref() is not None]
    assert alive == [built[-1]()], f"{len(alive)} explorers still alive"
    assert _observers(language) == baseline + 1
    updates = _count(alive[0], "update")
    language.value = "en"
    language.value = "zh"
    assert updates[0] == 2
    alive[0].close()
    assert _observers(language) == baseline


def test_widgets_built_in_one_cell_run_stay_together(monkeypatch):
    monkeypatch.setattr(_base, "_current_cell", lambda: ("cell-two", 7))
    first, second = yw.myth_buster(), yw.non_payable()
    assert first.comm is not None and second.comm is not None
    first.close()
    second.close()


def test_outside_a_notebook_nothing_is_closed_for_you():
    assert _base._current_cell() is None
    charts = [yw.myth_buster(yw.Language()) for _ in range(2)]
    assert all(chart.comm is not None for chart in charts)
    for chart in charts:
        chart.close()
