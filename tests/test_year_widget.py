"""The year-of-care explainer (browser) on the Python side: what it sends, its choices, and ``report()``.

The page computes with ``js/year_rules.js`` on ``rule_rows`` (proven equal to Python to the cent
in tests/test_year_parity.py); what it draws is checked in Chromium (tests/browser/). Here: the
traits carry every city's rows and the examples in both languages, the choices are checked,
choosing an example or a year changes the person and the bills as the page does, and
``report()`` is :func:`yibao.year_report` for the choices.
"""

from __future__ import annotations

import json

import pytest

import yibao
from yibao import widgets as yw
from yibao.rules.credit import NotComputable, credit_cities
from yibao.widgets.year import CUSTOM, FIRST_YEAR

YEAR = 2024


@pytest.fixture
def widget() -> yw.YearOfCare:
    built = yw.year_of_care(yw.Language())
    built.year = YEAR
    return built


def test_state_is_plain_json_with_every_citys_rows(widget):
    state = widget.get_state()
    json.dumps(state, ensure_ascii=False, allow_nan=False)
    assert set(widget.rule_rows) == set(credit_cities()) == {c["id"] for c in widget.cities}
    assert widget.rule_rows["shanghai"] == yibao.year_rules("shanghai")
    assert [p["id"] for p in widget.presets] == [p["id"] for p in yibao.year_presets()]
    assert widget.years[0] == FIRST_YEAR and YEAR in widget.years
    module = state["_esm"]
    for imported in ("common", "amount", "credit_periods", "year_rules", "year"):  # bundled in by esbuild
        assert f"// js/{imported}.js" in module


@pytest.mark.parametrize("preset", yibao.year_presets(YEAR), ids=lambda p: p["id"])
def test_choosing_an_example_loads_its_person_and_bills(widget, preset):
    widget.preset = CUSTOM
    widget.bills = []
    widget.preset = preset["id"]
    assert widget.bills == sorted(([*event] for event in preset["events"]), key=lambda bill: bill[0])
    assert widget.status == preset["inputs"]["status"] and widget.age == preset["inputs"]["age"]
    for key in ("wage_base", "pension"):
        if key in preset["inputs"]:
            assert getattr(widget, key) == preset["inputs"][key]


@pytest.mark.parametrize("city", credit_cities())
@pytest.mark.parametrize("preset", ["healthy_30", "retiree_chronic", "one_operation"])
def test_report_is_the_domain_report_for_the_choices(widget, city, preset):
    widget.preset, widget.city = preset, city
    inputs = {
        "status": widget.status,
        "year": YEAR,
        "events": widget.bills,
        "wage_base": widget.wage_base,
        "age": widget.age,
        "pension": widget.pension,
        "opening_balance": widget.opening_balance,
    }
    try:
        expected = yibao.year_report(city, **inputs)
    except NotComputable as exc:
        with pytest.raises(NotComputable) as caught:
            widget.report()
        assert caught.value.localized("zh") == exc.localized("zh")
        return
    assert widget.report() == expected
    widget.rules = "after_reform"
    assert widget.report() == yibao.year_report(city, **inputs, rules="after_reform")


def test_changing_the_year_moves_the_bills_into_it(widget):
    widget.preset = CUSTOM
    widget.bills = [["2024-02-29", "pharmacy", 10.0, "any"], ["2024-07-01", "outpatient", 300.0, "community"]]
    widget.year = 2023
    assert widget.bills == [["2023-02-28", "pharmacy", 10.0, "any"], ["2023-07-01", "outpatient", 300.0, "community"]]
    assert widget.report()["year"]["headline_en"].startswith("Care in 2023")


def test_bills_are_checked_sorted_and_pharmacy_has_no_level(widget):
    widget.bills = [["2024-05-01", "outpatient", 300, "level1"], ["2024-01-02", "pharmacy", 20, "level3"]]
    assert widget.bills == [["2024-01-02", "pharmacy", 20.0, "any"], ["2024-05-01", "outpatient", 300.0, "level1"]]
    for bad, message in (
        ([["2024-05-01", "dentist", 300, "any"]], "unknown bill 1 kind 'dentist'; valid: outpatient, inpatient, pharmacy"),
        ([["2024-05-01", "outpatient", -1, "any"]], "bill 1 amount must be from 0 to 10,000,000"),
        ([["2024-05-01", "outpatient", 1, "level9"]], "valid: community, level1, level2, level3, any"),
        ([["2024-05-01", "outpatient", 1]], "bill 1 must be [date, kind, amount, hospital_level]"),
    ):
        with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
            widget.bills = bad


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("city", "atlantis", "unknown city 'atlantis'; valid: beijing, chengdu"),
        ("status", "student", "unknown status 'student'; valid: employee, retiree"),
        ("rules", "later", "unknown rules 'later'; valid: actual, before_reform, after_reform"),
        ("preset", "nope", "unknown preset 'nope'; valid: healthy_30, retiree_chronic, one_operation, custom"),
        ("year", 1990, f"year must be from {FIRST_YEAR}"),
        ("age", 12, "age must be from 16 to 120"),
        ("wage_base", -1.0, "wage_base must be from 0 to 1,000,000"),
        ("opening_balance", 1e9, "opening_balance must be from 0 to 100,000,000"),
        ("retirement_year", 1949, "retirement_year must be from 1950"),
    ],
)
def test_choices_are_checked(widget, name, value, message):
    with pytest.raises(ValueError, match=message):
        setattr(widget, name, value)


def test_a_year_that_cannot_be_computed_raises_what_the_page_says(widget):
    widget.city, widget.status = "guangzhou", "retiree"
    widget.bills = [["2024-03-01", "inpatient", 40000.0, "community"]]
    report = widget.report()  # no Guangzhou rule for a stay at a community centre: listed with its reason, not a number
    [bill] = report["events"]
    assert not bill["computed"] and bill["reason_zh"] and bill["reason_en"]
    with pytest.raises(yibao.YearInputError) as caught:
        yibao.year_report("shanghai", year=YEAR, events=[("2024-03-01", "outpatient", 1e8)])
    assert caught.value.localized("en") == "Bill 1: the amount must be from ¥0 to ¥10,000,000."
    assert caught.value.localized("zh") == "第1笔费用的金额须在0至10,000,000元之间。"




def test_a_retirees_retirement_year_picks_shanghais_deductible(widget):
    # 700 yuan for retirement by 2000-12-31, 1,200 from 2001; not given: the rule for later retirees
    widget.city, widget.status, widget.age = "shanghai", "retiree", 80
    widget.bills = [["2024-08-10", "inpatient", 20000.0, "level3"]]
    assert widget.retirement_year is None
    assert widget.report()["events"][0]["pooled_fund"] == (20000 - 1200) * 0.92
    widget.retirement_year = 1998
    assert widget.report()["events"][0]["pooled_fund"] == (20000 - 700) * 0.92
    assert widget.simulate().events["pooled_fund"].iloc[0] == (20000 - 700) * 0.92
    widget.status = "employee"  # an employee has no retirement year: it is not passed on
    assert widget.report()["events"][0]["pooled_fund"] == (20000 - 1500) * 0.85


def test_simulate_gives_the_year_as_a_result_that_reads_well_in_a_notebook():
    built = yw.year_of_care(yw.Language())
    result = built.simulate()
    assert isinstance(result, yibao.YearOfCare) and repr(result).startswith("<YearOfCare ")
    assert len(result.events) + len(result.not_computed) == len(built.bills)
    assert '<div class="yibao-card"' in result._repr_html_()
