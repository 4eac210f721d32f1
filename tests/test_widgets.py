"""Drive the ipywidgets builders like a user: set .value, assert what is displayed."""

from __future__ import annotations

import datetime as dt
import html
import re
import warnings

import numpy as np
import pytest

from yibao import widgets as yw
from yibao.i18n import t


@pytest.fixture
def lang() -> yw.Language:
    return yw.Language()


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_language_switch_relabels_every_widget_on_the_page(lang):
    switch = yw.language_switch(lang)
    built = [yw.credit_calculator(lang), yw.balance_chart(lang)]
    before = [repr(_snapshot(widget)) for widget in built]
    switch.value = "en"
    after = [repr(_snapshot(widget)) for widget in built]
    assert all(a != b for a, b in zip(before, after, strict=True))
    assert built[0].wage.text.description == t("wage_before_tax", "en")
    assert " ".join(built[1].axes.get_title().split()) == t("chart_title", "en")  # wrapped for a phone-wide chart
    switch.value = "zh"
    assert [repr(_snapshot(widget)) for widget in built] == before


def _snapshot(widget) -> list:
    parts = []
    for child in widget.children:
        parts.append(getattr(child, "description", None))
        value = getattr(child, "value", None)
        parts.append(None if isinstance(value, (bytes, memoryview)) else value)
        if hasattr(child, "children"):
            parts.append(_snapshot(child))
    return parts


def test_credit_calculator_national_rule(lang):
    widget = yw.credit_calculator(lang)
    widget.city.value = "national"
    widget.status.value = "employee"
    widget.on.value = dt.date(2024, 1, 1)
    widget.wage.value = 8000
    assert "¥160.00" in widget.result.value
    widget.wage.value = 10000
    assert "¥200.00" in widget.result.value


def test_credit_calculator_shows_a_message_not_a_traceback(lang):
    widget = yw.credit_calculator(lang)
    widget.on.value = dt.date(1990, 1, 1)
    assert "yibao-message" in widget.result.value
    assert "Traceback" not in widget.result.value
    widget.on.value = None
    assert "yibao-message" in widget.result.value


def test_balance_chart_updates_lines_in_place(lang):
    widget = yw.balance_chart(lang)
    figure, line = widget.figure, widget.balance_line
    widget.spend.value = 0
    first = np.array(line.get_ydata())
    widget.spend.value = 300
    assert widget.figure is figure and widget.balance_line is line
    np.testing.assert_allclose(line.get_ydata(), widget.projection["personal_balance"])
    assert (np.array(line.get_ydata()) <= first + 1e-9).all()
    assert bytes(widget.image.value).startswith(b"\x89PNG")


def test_balance_chart_stop_contributing_and_reset(lang):
    widget = yw.balance_chart(lang)
    widget.months.value = 36
    widget.stop_month.value = 13
    projection = widget.projection
    assert widget.stop_marker.get_visible()
    assert not projection["insured"].iloc[12:].any()
    assert (projection["credit"].iloc[12:] == 0).all()
    assert (projection["personal_balance"].diff().iloc[12:] <= 1e-9).all()


def test_chart_text_renders_without_missing_glyphs(lang):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        widget = yw.balance_chart(lang)
        widget.language.value = "en"
        widget.language.value = "zh"
        widget.spend.value = 250


def test_relabelling_keeps_every_choice(lang):
    chart = yw.balance_chart(lang)
    assert chart.city.value == "guangzhou"
    chart.city.value = "shenzhen"
    lang.value = "en"
    assert chart.city.value == "shenzhen"
    np.testing.assert_allclose(chart.quota_line.get_ydata(), chart.projection["pooled_outpatient_remaining"])
    assert chart.projection["pooled_outpatient_cap"].notna().all()


def _headline(markup: str) -> str:
    return re.search(r'yibao-credit-total">(.*?)</div>', markup).group(1)


def test_credit_calculator_asks_for_the_wage_people_know_and_shows_the_clamp(lang):
    widget = yw.credit_calculator(lang)
    assert widget.wage.text.description == "税前月工资(元)"
    widget.on.value = dt.date(2025, 8, 1)
    widget.city.value = "beijing"
    widget.wage.text.value = "4万"
    assert _headline(widget.result.value) == "每月划入 ¥716.22"
    clamp = re.search(r'<p class="yibao-credit-clamp">(.*?)</p>', widget.result.value).group(1)
    assert clamp == "按缴费基数上限 ¥35,811 计算"
    assert (
        widget.result.value.index("yibao-credit-total")
        < widget.result.value.index("yibao-credit-clamp")
        < widget.result.value.index("<details")
    )
    assert "35811元" in _text(widget.result.value)  # the ceiling's own row, with its source, one tap away
    lang.value = "en"
    assert widget.wage.text.description == "Monthly wage before tax (¥)"
    assert "counted at the base ceiling ¥35,811" in widget.result.value
    widget.wage.text.value = "5000"
    assert "counted at the base floor ¥7,162" in widget.result.value
    widget.wage.text.value = "10000"
    assert "yibao-credit-clamp" not in widget.result.value and _headline(widget.result.value) == html.escape(
        "¥200.00 a month into your account"
    )


def test_credit_calculator_offers_tiers_only_where_they_differ(lang):
    widget = yw.credit_calculator(lang)
    widget.on.value = dt.date(2025, 8, 1)
    assert dict(widget.status.options)["灵活就业"] == "flexible"
    widget.status.value = "flexible"
    widget.city.value = "beijing"
    assert widget.tier.layout.display == "none"
    assert "yibao-message" in widget.result.value  # Beijing's flexible-worker credit is not known: said, not guessed
    widget.city.value = "shenzhen"
    assert widget.tier.layout.display != "none"
    assert widget.tier.options == (("一档", "tier1"), ("二档", "tier2"))
    assert widget.tier.value == "tier1" and _headline(widget.result.value) == "每月划入 ¥160.00"
    widget.tier.value = "tier2"
    assert _headline(widget.result.value) == "没有个人账户"
    assert "二档灵活就业人员没有个人账户" in widget.result.value and "yibao-sources" in widget.result.value
    widget.city.value = "chengdu"
    assert [value for _, value in widget.tier.options] == ["combined", "pooled_only"]
    widget.tier.value = "pooled_only"
    assert _headline(widget.result.value) == "没有个人账户"
    lang.value = "en"
    assert widget.tier.options == (("combined (pooled fund and personal account)", "combined"), ("pooled-only", "pooled_only"))
    assert _headline(widget.result.value) == "No personal account"
    widget.city.value = "national"
    assert widget.tier.layout.display == "none"


def test_credit_calculator_asks_retirees_about_the_minimum_years(lang):
    widget = yw.credit_calculator(lang)
    widget.on.value = dt.date(2025, 8, 1)
    widget.city.value = "nanjing"
    assert widget.years_met.layout.display == "none"
    widget.status.value = "retiree"
    assert widget.years_met.layout.display != "none" and widget.years_met.value == "unsure"
    widget.years_met.value = "no"
    assert _headline(widget.result.value) == "暂无退休人员划入:需继续缴费"
    assert "男满25年" in widget.result.value and widget.pension.layout.display == "none"
    widget.city.value = "beijing"
    widget.years_met.value = "yes"
    assert widget.age.layout.display != "none"
    widget.age.value = 72
    assert _headline(widget.result.value) == "每月划入 ¥110.00" and "假定" not in widget.result.value
    widget.years_met.value = "unsure"
    assert "假定你退休时已达到当地最低缴费年限" in widget.result.value
    widget.status.value = "employee"
    assert widget.years_met.layout.display == "none" and widget.age.layout.display == "none"
