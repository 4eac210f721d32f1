"""The year-of-care widget, driven like a user: presets, adding and removing bills, the bars, the reform.

Every number shown must be the domain's (``simulate_year`` / ``compare_reform``) to the cent;
a bill the data cannot compute shows the reason in the page language, never a number.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

import yibao
from yibao import widgets as yw
from yibao.i18n import t

YEAR = 2024


def _text(markup: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))).strip()


def _bills(widget: yw.YearOfCareExplorer) -> list[str]:
    """The per-bill list items, as text."""
    return [
        _text(item) for item in re.findall(r'<li class="yibao-bill[^"]*">(.*?)</li>(?=<li class="yibao-bill|</ol>)', widget.bill_list.value)
    ]


def _widths(markup: str) -> list[list[float]]:
    """The segment widths (%) of every bar in ``markup``."""
    bars = re.findall(r'<div class="yibao-bar[^"]*"[^>]*>(.*?)</div>', markup)
    return [[float(w) for w in re.findall(r"width:([0-9.]+)%", bar)] for bar in bars]


def _events(widget: yw.YearOfCareExplorer) -> list[tuple[str, str, float, str]]:
    return [(day.isoformat(), kind, amount, level) for day, kind, amount, level in widget.bills]


def _domain(widget: yw.YearOfCareExplorer, rules: str | None = None) -> yibao.YearOfCare:
    return yibao.simulate_year(
        widget.city.value,
        status=widget.status.value,
        year=widget.year.value,
        events=_events(widget),
        wage_base=widget.wage.value,
        age=widget.age.value,
        pension=widget.pension.value,
        opening_balance=widget.opening.value,
        rules=rules or widget.rules.value,
        uncomputable="skip",
    )


@pytest.fixture
def lang() -> yw.Language:
    return yw.Language()


@pytest.fixture
def widget(lang) -> yw.YearOfCareExplorer:
    built = yw.year_of_care(lang)
    built.city.value = "shenzhen"
    built.year.value = YEAR
    return built


def _add(widget: yw.YearOfCareExplorer, day: dt.date, kind: str, amount: str, level: str = "community") -> None:
    widget.new_kind.value = kind
    widget.new_date.value = day
    widget.new_amount.text.value = amount
    widget.new_level.value = level
    widget.add.click()


def _count_updates(widget: yw.YearOfCareExplorer) -> list[int]:
    calls = [0]
    original = widget.update

    def counted() -> None:
        calls[0] += 1
        original()

    widget.update = counted  # type: ignore[method-assign]
    return calls


# --- presets ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("preset", yibao.year_presets(YEAR), ids=lambda p: p["id"])
def test_presets_load_their_bills_and_person(widget, preset):
    widget.preset.value = preset["id"]
    assert _events(widget) == sorted((day, kind, amount, level) for day, kind, amount, level in preset["events"])
    assert widget.status.value == preset["inputs"]["status"] and widget.age.value == preset["inputs"]["age"]
    for box, key in ((widget.wage, "wage_base"), (widget.pension, "pension")):
        if key in preset["inputs"]:
            assert box.value == preset["inputs"][key]
    assert preset["description_zh"] in _text(widget.preset_note.value)
    assert len(_bills(widget)) == len(preset["events"])
    assert widget.report is not None and widget.report["year"]["summary"]["year"] == YEAR


def test_the_page_opens_on_a_preset_with_every_part_drawn(lang):
    widget = yw.year_of_care(lang)
    assert widget.preset.value == "healthy_30" and len(widget.bills) == 5
    assert t("year_headline", "zh", year=widget.year.value, bill=widget.report["year"]["summary"]["bill"]) in _text(widget.summary.value)
    assert t("compare_heading", "zh") in widget.comparison.value and t("bills_heading", "zh") in widget.bill_list.value


# --- the totals are the domain's, to the cent ----------------------------------------------------------


@pytest.mark.parametrize("city", ["shenzhen", "beijing", "guangzhou", "nanjing", "chengdu", "shanghai"])
@pytest.mark.parametrize("preset", ["healthy_30", "retiree_chronic", "one_operation"])
def test_totals_equal_the_domain_summary_to_the_cent(widget, city, preset):
    widget.preset.value = preset
    widget.city.value = city
    try:
        expected = _domain(widget)
    except yibao.NotComputable as exc:  # the whole year cannot be computed: the widget says why
        assert exc.localized("zh") in _text(widget.summary.value)
        assert widget.report is None and widget.comparison.value == ""
        return
    summary = widget.report["year"]["summary"]
    for key in ("bill", "pooled_fund", "personal_account", "out_of_pocket", "credits_received", "closing_balance"):
        assert round(summary[key] * 100) == round(expected.summary[key] * 100), key
    shown = _text(widget.summary.value)
    for key in ("pooled_fund", "personal_account", "out_of_pocket"):
        assert f"{t(key, 'zh')} ¥{expected.summary[key]:,.2f}" in shown
    assert f"¥{expected.summary['closing_balance']:,.2f}" in shown
    # the year's bar: one segment per payer with money, widths adding up to 100%
    (year_bar,) = _widths(widget.summary.value)
    assert sum(year_bar) == pytest.approx(100.0 if expected.summary["bill"] else 0.0)
    # each computed bill: its split as the domain made it, and a small bar
    rows = {row.event: row for row in expected.events.itertuples()}
    computed = [bill for bill in widget.report["events"] if bill["computed"]]
    assert len(computed) == len(rows)
    for bill in computed:
        row = rows[bill["event"]]
        assert (bill["pooled_fund"], bill["personal_account"], bill["out_of_pocket"]) == (
            row.pooled_fund,
            row.personal_account,
            row.out_of_pocket,
        )
    assert len(_widths(widget.bill_list.value)) == len(computed)


# --- adding and removing bills ----------------------------------------------------------------------------


def test_adding_a_bill_updates_the_bars_and_the_totals_once(widget):
    widget.preset.value = "healthy_30"
    before = widget.report["year"]["summary"]
    updates = _count_updates(widget)
    _add(widget, dt.date(YEAR, 5, 6), "outpatient", "1,000", "level1")
    assert updates[0] == 1
    assert widget.preset.value == "custom" and len(widget.bills) == 6
    after = widget.report["year"]["summary"]
    assert after["bill"] == before["bill"] + 1000
    assert after["pooled_fund"] == before["pooled_fund"] + 750  # Shenzhen level 1: 75%, no deductible
    assert round(after["pooled_fund"] * 100) == round(_domain(widget).summary["pooled_fund"] * 100)
    assert any(item.startswith(f"{YEAR}-05-06 门诊 · 一级医院 ¥1,000.00 统筹基金 ¥750.00") for item in _bills(widget))
    assert len(_widths(widget.bill_list.value)) == 6
    # the form's inputs alone change nothing
    updates[0] = 0
    widget.new_amount.text.value = "5"
    widget.new_kind.value = "pharmacy"
    assert updates[0] == 0 and len(widget.bills) == 6
    assert widget.new_level.layout.display == "none"  # a pharmacy has no hospital level


def test_removing_and_clearing_bills(widget):
    widget.preset.value = "healthy_30"
    first = widget.bills[0]
    widget.remove_choice.value = 0
    widget.remove.click()
    assert len(widget.bills) == 4 and first not in widget.bills
    assert widget.report["year"]["summary"]["bill"] == 745 - first[2]
    assert len(widget.remove_choice.options) == 4 and widget.preset.value == "custom"
    widget.clear.click()
    assert widget.bills == [] and widget.report["year"]["summary"]["bill"] == 0
    assert t("no_bills", "zh") in _text(widget.summary.value)
    assert _widths(widget.summary.value) == [[]]  # an empty bar, no segment
    widget.preset.value = "healthy_30"  # back to the example
    assert len(widget.bills) == 5


def test_bad_form_input_adds_nothing_and_says_why(widget):
    widget.preset.value = "healthy_30"
    widget.new_amount.text.value = "很多"
    widget.add.click()
    assert len(widget.bills) == 5 and widget.new_amount.message.value
    widget.new_amount.text.value = "1.2万"
    widget.new_date.value = None
    widget.add.click()
    assert len(widget.bills) == 5
    assert t("date_outside_year", "zh", year=YEAR) in _text(widget.form_message.value)
    widget.new_date.value = dt.date(YEAR, 7, 1)
    widget.new_kind.value = "pharmacy"
    widget.add.click()
    assert len(widget.bills) == 6 and widget.form_message.value == ""
    assert (dt.date(YEAR, 7, 1), "pharmacy", 12000.0, "any") in widget.bills


def test_changing_the_year_moves_the_bills_into_it(widget):
    widget.preset.value = "healthy_30"
    _add(widget, dt.date(YEAR, 2, 29), "pharmacy", "10")
    widget.year.value = 2023
    assert all(day.year == 2023 for day, *_ in widget.bills)
    assert (dt.date(2023, 2, 28), "pharmacy", 10.0, "any") in widget.bills
    assert widget.new_date.min == dt.date(2023, 1, 1) and widget.new_date.value.year == 2023
    assert widget.report["year"]["summary"]["year"] == 2023


# --- what cannot be computed -------------------------------------------------------------------------------


def test_a_hospital_stay_shows_why_it_cannot_be_computed_not_a_number(widget, lang):
    widget.preset.value = "healthy_30"
    totals = dict(widget.report["year"]["summary"])
    _add(widget, dt.date(YEAR, 8, 1), "inpatient", "40000", "level3")
    with pytest.raises(yibao.NotComputable) as caught:
        yibao.simulate_year("shenzhen", year=YEAR, wage_base=8000, events=[(f"{YEAR}-08-01", "inpatient", 40000, "level3")])
    for code in ("zh", "en"):
        lang.value = code
        (stay,) = [item for item in _bills(widget) if "40,000.00" in item]
        assert t("error_prefix", code) + caught.value.localized(code) in stay
        assert t("pooled_fund", code) not in stay  # no split, no number beyond the bill itself
        assert caught.value.localized(code) in _text(widget.summary.value)
        for output in (widget.summary, widget.comparison, widget.bill_list):
            assert "Traceback" not in output.value and "internal error" not in output.value
    summary = widget.report["year"]["summary"]
    assert summary["bill"] == totals["bill"] and summary["pooled_fund"] == totals["pooled_fund"]  # left out of the totals
    assert summary["not_computed"] == 1
    assert t("not_computed_note", "en", count=1, amount=40000) in _text(widget.summary.value)


def test_a_year_that_cannot_be_computed_at_all_says_why_and_keeps_the_bills(widget):
    widget.preset.value = "retiree_chronic"
    widget.city.value = "nanjing"  # no official source for Nanjing's retiree credit from 2024
    with pytest.raises(yibao.NotComputable) as caught:
        _domain(widget)
    assert t("error_prefix", "zh") + caught.value.localized("zh") in _text(widget.summary.value)
    assert widget.comparison.value == "" and len(_bills(widget)) == 24


# --- before and after the reform ----------------------------------------------------------------------------


def test_before_and_after_the_reform_side_by_side_with_one_sentence(widget):
    widget.preset.value = "healthy_30"
    widget.city.value = "beijing"
    expected = yibao.compare_reform("beijing", year=YEAR, events=_events(widget), wage_base=8000, age=30, pension=4000, uncomputable="skip")
    shown = _text(widget.comparison.value)
    assert t("rules_before_reform", "zh") in shown and t("rules_after_reform", "zh") in shown
    assert expected.explanation_zh in shown and shown.count("。") >= 1
    assert len(_widths(widget.comparison.value)) == 2
    for side in (expected.before, expected.after):
        assert f"¥{side.summary['closing_balance']:,.2f}" in shown
    assert widget.report["comparison"]["net_gain"] == expected.net_gain


def test_bills_one_side_cannot_compute_are_left_out_of_both(widget):
    widget.preset.value = "healthy_30"  # Shenzhen: the clinic rules before its reform are unknown
    comparison = widget.report["comparison"]
    assert {bill["kind"] for bill in comparison["not_computed"]} == {"outpatient"}
    for key in ("before", "after"):
        assert comparison[key]["summary"]["bill"] == 245  # the three pharmacy purchases only
    assert t("compare_left_out", "zh", count=2) in _text(widget.comparison.value)


def test_a_side_that_cannot_be_computed_is_said_plainly(widget):
    widget.preset.value = "healthy_30"
    widget.city.value = "chengdu"  # the crediting rule before Chengdu's reform is unknown
    shown = _text(widget.comparison.value)
    assert t("compare_impossible", "zh") in shown and "yibao-columns" not in widget.comparison.value
    assert widget.report["year"]["summary"]["bill"] == 745  # the year itself still computes


def test_the_rule_set_switch_recomputes_the_year(widget):
    widget.preset.value = "healthy_30"
    widget.city.value = "beijing"
    widget.rules.value = "before_reform"
    assert widget.report["year"]["rules"] == "before_reform"
    assert widget.report["year"]["summary"]["credits_received"] == _domain(widget, "before_reform").summary["credits_received"]
    assert t("rules_before_reform", "zh") in _text(widget.summary.value)


# --- rules and sources, inputs, languages ---------------------------------------------------------------------


def test_every_bill_has_its_rule_and_sources_one_tap_away(widget):
    widget.preset.value = "healthy_30"
    items = re.findall(r'<li class="yibao-bill">(.*?)</li>(?=<li class="yibao-bill|</ol>)', widget.bill_list.value)
    assert len(items) == 5
    for bill, item in zip(widget.report["events"], items, strict=True):
        assert "<details>" in item
        for rule_id in bill["rule"]:
            rule = widget.report["rules"][rule_id]
            assert html.escape(rule["description_zh"]) in item
            assert all(html.escape(c["label_zh"]) in item for c in rule["sources"])


def test_inputs_the_rules_do_not_use_are_hidden(widget):
    widget.city.value = "beijing"
    widget.status.value = "employee"
    assert [box.layout.display for box in (widget.wage, widget.pension, widget.age)] == [None, "none", None]  # Beijing: by age
    widget.city.value = "shenzhen"
    widget.status.value = "retiree"
    assert widget.wage.layout.display == "none" and widget.age.layout.display == "none"


def test_both_languages(widget, lang):
    widget.preset.value = "one_operation"
    zh = (widget.summary.value, widget.comparison.value, widget.bill_list.value)
    lang.value = "en"
    en = (widget.summary.value, widget.comparison.value, widget.bill_list.value)
    summary = widget.report["year"]["summary"]
    assert t("year_headline", "en", year=YEAR, bill=summary["bill"]) in _text(en[0])
    assert t("compare_heading", "en") in en[1] and t("bills_heading", "en") in en[2]
    assert "hospital stay · level-3 hospital" in _text(en[2])
    assert widget.add.description == t("add_bill", "en") and widget.city.options[0][0].isascii()
    assert all("统筹基金" not in part for part in en) and all("统筹基金" in part for part in zh)
    lang.value = "zh"
    assert (widget.summary.value, widget.comparison.value, widget.bill_list.value) == zh


def test_no_free_text_reaches_the_page(widget):
    """Bills are made of choices, a date and an amount: nothing typed is shown as text."""
    widget.preset.value = "healthy_30"
    widget.new_amount.text.value = "<script>1</script>"
    widget.add.click()
    assert "<script>" not in widget.bill_list.value and "&lt;script" in widget.new_amount.message.value
    assert len(widget.bills) == 5


def test_set_bills_replaces_them_in_one_render_and_moves_them_into_the_year(widget):
    updates = _count_updates(widget)
    widget.set_bills([("2023-03-05", "outpatient", 500, "level1"), (dt.date(2023, 1, 9), "pharmacy", 20)])
    assert updates[0] == 1 and widget.preset.value == "custom"
    assert widget.bills == [(dt.date(YEAR, 1, 9), "pharmacy", 20.0, "any"), (dt.date(YEAR, 3, 5), "outpatient", 500.0, "level1")]
    assert widget.report["events"][1]["pooled_fund"] == 375.0  # Shenzhen's published example
