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
    "credit_calculator": yw.credit_calculator,
    "balance_chart": yw.balance_chart,
    "year_of_care": yw.year_of_care,
}


def _controls(widget: w.Widget) -> Iterator[w.ValueWidget]:
    for child in getattr(widget, "children", ()):
        if isinstance(child, w.ValueWidget) and not isinstance(child, w.HTML | w.Image) and child.layout.display != "none":
            yield child
        yield from _controls(child)


def _another_value(control: w.ValueWidget) -> object:
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
    controls = list(_controls(widget))
    # a form's inputs (the year of care's new bill) wait for its button: they render nothing
    staged = set(_controls(widget.form)) if hasattr(widget, "form") else set()
    assert controls
    for control in controls:
        updates[0] = 0
        control.value = _another_value(control)
        if control in staged:
            assert updates[0] == 0, f"{name}: {control.description!r} rendered {updates[0]} times before its button"
        else:
            assert updates[0] == 1, f"{name}: {control.description!r} rendered {updates[0]} times"
    updates[0] = 0
    widget.language.value = "en"
    assert updates[0] == 1, f"{name}: the language switch rendered {updates[0]} times"


def test_one_chart_draw_per_change_even_when_it_clamps_another_control(monkeypatch):
    chart = yw.balance_chart(yw.Language())
    draws = [0]
    render = type(chart)._render_png

    def counted(self: yw.BalanceChart) -> bytes:
        draws[0] += 1
        return render(self)

    monkeypatch.setattr(type(chart), "_render_png", counted)
    chart.months.value = 120
    chart.stop_month.value = 100
    draws[0] = 0
    chart.months.value = 24  # clamps stop_month to 24 inside the update
    assert chart.stop_month.value == 24
    assert draws[0] == 1
    for control in _controls(chart):
        draws[0] = 0
        control.value = _another_value(control)
        assert draws[0] == 1, control.description


def _observers(language: yw.Language) -> int:
    return len(language._trait_notifiers.get("value", {}).get("change", []))


def test_a_closed_widget_stops_following_the_language():
    language = yw.Language()
    baseline = _observers(language)
    chart = yw.balance_chart(language)
    assert _observers(language) == baseline + 1
    updates = _count(chart, "update")
    chart.close()
    assert _observers(language) == baseline
    language.value = "en"
    assert updates[0] == 0
    assert chart.comm is None and all(c.comm is None for c in _controls(chart))


def test_rerunning_a_cell_drops_the_charts_it_built_before(monkeypatch):
    """The issue's leak: re-running the chart cell kept every old chart observing the page language."""
    language = yw.PAGE_LANGUAGE
    baseline = _observers(language)
    run = [0]
    monkeypatch.setattr(_base, "_current_cell", lambda: ("cell-chart", run[0]))
    built = []
    for number in range(20):
        run[0] = number + 1
        built.append(weakref.ref(yw.balance_chart()))
    gc.collect()
    alive = [ref() for ref in built if ref() is not None]
    assert alive == [built[-1]()], f"{len(alive)} charts still alive"
    assert _observers(language) == baseline + 1
    updates = _count(alive[0], "update")
    language.value = "en"
    language.value = "zh"
    assert updates[0] == 2
    alive[0].close()
    assert _observers(language) == baseline


def test_widgets_built_in_one_cell_run_stay_together(monkeypatch):
    monkeypatch.setattr(_base, "_current_cell", lambda: ("cell-two", 7))
    first, second = yw.credit_calculator(), yw.balance_chart()
    assert first.comm is not None and second.comm is not None
    first.close()
    second.close()


def test_outside_a_notebook_nothing_is_closed_for_you():
    assert _base._current_cell() is None
    charts = [yw.credit_calculator(yw.Language()) for _ in range(2)]
    assert all(chart.comm is not None for chart in charts)
    for chart in charts:
        chart.close()
