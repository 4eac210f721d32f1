"""The monthly-credit calculator and the balance-over-time chart, computed in the browser.

Both send :func:`yibao.credit_rules` (the rules compiled into periods, with their texts, and the
limits) and compute in the page with ``js/credit_rules.js``, which finds the period and does the
arithmetic as :func:`yibao.monthly_personal_credit` and :func:`yibao.project_balances` do
(tests/test_credit_parity.py proves them equal to the fen), so they answer with no kernel, on the
static site too. The visitor's choices are mirrored in traits;
``credit()`` and ``projection()`` return what the page shows.

>>> calculator = credit_calculator()
>>> calculator.wage, calculator.city = 40000.0, "beijing"   # the page shows calculator.credit()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd
import traitlets

from yibao.data import checks
from yibao.data.regions import region_picker, resolve_region
from yibao.rules.credit import (
    AGE_RANGE,
    CREDIT_STATUSES,
    MAX_WAGE,
    Credit,
    credit_cities,
    credit_rules,
    credit_tiers,
    monthly_personal_credit,
    project_balances,
)

from .browser import BrowserExplainer, choice_in_address, number_in_address
from .page import Language

#: the answers to "had the local minimum contribution years at retirement?"
YEARS_MET = {"yes": True, "no": False, "unsure": None}
#: UI strings of the amount boxes (js/amount.js words its message with them)
AMOUNT_TEXT = ("amount_invalid", "amount_range")
#: The chart's sliders: (min, max, step) of each
SLIDERS = {
    "wage": (0, 40000, 500),
    "spend": (0, 3000, 50),
    "outpatient": (0, 5000, 100),
    "months": (12, 120, 12),
    "stop_month": (0, 120, 1),
    "start_year": (2019, 2030, 1),
    "age": (18, 100, 1),
}


def _validated(name: str, check: Any) -> Any:
    """A traitlets validator: ``check(value)`` returns the value to keep or raises ``ValueError``."""

    @traitlets.validate(name)
    def validate(self: traitlets.HasTraits, proposal: Mapping[str, Any]) -> Any:
        return check(proposal["value"])

    return validate


def _money(name: str) -> Any:
    return _validated(name, lambda value: checks.number(name, value, 0, MAX_WAGE))


def _slider(name: str) -> Any:
    low, high, _ = SLIDERS[name]
    return _validated(name, lambda value: checks.whole(name, value, low, high))


def _city(city: str) -> str | None:
    return None if city == "national" else city


#: Retirees' ages on the age slider: the youngest legal retirement age (its low end) and where the
#: slider starts when a younger age was chosen before.
RETIREE_AGES = {"min": 50, "start": 60}


class _CreditRules(BrowserExplainer):
    """What both explainers share: the rules, the cities, status, city, age and pension.

    A retiree pays no contributions: the page hides the wage, and the age slider starts at a
    retiree's age (``retiree_ages``; choosing "retired" moves a younger age there)."""

    rules = traitlets.Dict().tag(sync=True)
    cities: traitlets.List[dict[str, str]] = traitlets.List().tag(sync=True)
    status = traitlets.Unicode("employee").tag(sync=True)
    city = traitlets.Unicode("national").tag(sync=True)
    age = traitlets.Int(40).tag(sync=True)
    pension = traitlets.Float(4000.0).tag(sync=True)
    retiree_ages = traitlets.Dict(RETIREE_AGES).tag(sync=True)
    #: the age slider: (min, max, step)
    age_slider = traitlets.List(list(SLIDERS["age"])).tag(sync=True)
    #: what the page drew, reported by its JS (read-only here): the calculator's outcome, amount and
    #: rule ids, or the chart's credits and year-end balance; ``error`` (zh/en) where it shows a message
    shown = traitlets.Dict(read_only=True).tag(sync=True)
    _check_age = _validated("age", lambda value: checks.whole("age", value, *AGE_RANGE))
    _check_pension = _money("pension")

    @traitlets.validate("city")
    def _check_city(self, proposal: Mapping[str, Any]) -> str:
        return resolve_region(proposal["value"], among=[c["id"] for c in self.cities])

    def __init__(self, language: Language | None, cities: list[str], **traits: Any) -> None:
        super().__init__(language, rules=credit_rules(), cities=region_picker(cities), **traits)

    @traitlets.observe("status")
    def _retiree_age(self, change: Mapping[str, Any]) -> None:
        if change["new"] == "retiree" and self.age < RETIREE_AGES["min"]:
            self.age = RETIREE_AGES["start"]


class CreditCalculator(_CreditRules):
    """How much goes into the personal account each month. Choices: ``wage`` (before tax, ¥),
    ``status`` (in service, retired, flexible worker), ``city`` ("national" or a city), ``on``
    (ISO date), ``tier`` ("": the city's tiers do not differ or none chosen), ``years_met``
    ("yes", "no", "unsure"), ``age``, ``pension``.

    The answer is the headline, the rule and its sources one tap away; inputs that do not apply
    are hidden (:func:`yibao.rules.credit.credit_inputs`). ``credit()`` is what the page shows.
    """

    MODULE = "credit"
    TEXT = (
        *AMOUNT_TEXT,
        "wage_before_tax",
        "date",
        "status",
        *CREDIT_STATUSES,
        "city",
        "national",
        "tier",
        "years_met_question",
        *(f"years_{answer}" for answer in YEARS_MET),
        "age",
        "pension",
        "account_no",
        "headline_keep_paying",
        "clamped_floor",
        "clamped_ceiling",
        "reform_on",
        "before_reform",
        "after_reform",
        "rule_and_sources",
        "rule_applied",
        "payer",
        "payer_employee",
        "payer_employer",
        "payer_pooled_fund",
        "per_month",
        "base_limits",
    )
    wage = traitlets.Float(8000.0).tag(sync=True)
    on = traitlets.Unicode().tag(sync=True)
    tier = traitlets.Unicode("").tag(sync=True)
    years_met = traitlets.Unicode("unsure").tag(sync=True)
    #: the answers offered to the minimum-years question, and what each tells the rules
    years_answers = traitlets.Dict(YEARS_MET).tag(sync=True)
    _check_wage = _money("wage")
    _check_status = _validated("status", lambda value: checks.choice("status", value, CREDIT_STATUSES))
    _check_years_met = _validated("years_met", lambda value: checks.choice("years_met", value, YEARS_MET))
    _check_on = _validated("on", lambda value: checks.date("on", value).date().isoformat())

    @traitlets.validate("tier")
    def _check_tier(self, proposal: Mapping[str, Any]) -> str:
        return checks.choice("tier", proposal["value"], ["", *self.rules["tiers"]])

    def __init__(self, language: Language | None = None) -> None:
        cities = ["national", *credit_cities()]
        address = {
            "city": choice_in_address("city", cities),
            "status": choice_in_address("status", CREDIT_STATUSES),
            "age": number_in_address("age", *AGE_RANGE, integer=True),
            "wage": number_in_address("wage", 0, MAX_WAGE),
        }
        super().__init__(language, cities, on=dt.date.today().isoformat(), address=address)

    def tiers(self) -> list[dict[str, str]]:
        """The tiers the page offers (where the city's tiers differ): :func:`yibao.rules.credit.credit_tiers`."""
        return credit_tiers(self.status, city=_city(self.city), on=self.on)

    def chosen_tier(self) -> str | None:
        """The tier used: the one chosen where the tiers differ (the first offered when none is), else None."""
        offered = [tier["id"] for tier in self.tiers()]
        return (self.tier if self.tier in offered else offered[0]) if offered else None

    def credit(self, lang: str | None = None) -> Credit:
        """What the page shows (:func:`yibao.monthly_personal_credit`); raises as it does (the page shows the message)."""
        return monthly_personal_credit(
            self.wage,
            status=self.status,
            city=_city(self.city),
            on=self.on,
            pension=self.pension,
            age=self.age,
            tier=self.chosen_tier(),
            contribution_years_met=YEARS_MET[self.years_met] if self.status == "retiree" else None,
            lang=lang or self.lang,
        )


class BalanceChart(_CreditRules):
    """The personal balance (never resets) against the pooled outpatient quota (resets each benefit
    year), month by month. Choices: ``wage``, ``spend``, ``outpatient`` (¥/month), ``months``,
    ``stop_month`` (0: never stop; else the month contributions stop, counted from 1, at most
    ``months``), ``start_year``, ``status``, ``city``, ``age``, ``pension``.

    The page draws it as SVG for the width it is shown at; ``projection()`` is what it draws.
    """

    MODULE = "balance"
    TEXT = (
        *AMOUNT_TEXT,
        "wage_base",
        "spend",
        "outpatient_cost",
        "months",
        "stop_month",
        "start",
        "status",
        *CREDIT_STATUSES,
        "city",
        "age",
        "pension",
        "chart_title",
        "chart_balance",
        "chart_quota",
        "chart_stop",
        "chart_no_cap",
        "chart_quota_unknown",
    )
    sliders = traitlets.Dict({name: list(limits) for name, limits in SLIDERS.items()}).tag(sync=True)
    wage = traitlets.Int(8000).tag(sync=True)
    spend = traitlets.Int(100).tag(sync=True)
    outpatient = traitlets.Int(600).tag(sync=True)
    months = traitlets.Int(36).tag(sync=True)
    stop_month = traitlets.Int(0).tag(sync=True)
    start_year = traitlets.Int(2025).tag(sync=True)
    _check_wage = _slider("wage")
    _check_spend = _slider("spend")
    _check_outpatient = _slider("outpatient")
    _check_months = _slider("months")
    _check_stop_month = _slider("stop_month")
    _check_start_year = _slider("start_year")
    _check_status = _validated("status", lambda value: checks.choice("status", value, CREDIT_STATUSES))

    def __init__(self, language: Language | None = None) -> None:
        cities = credit_cities()
        super().__init__(language, cities, city="guangzhou" if "guangzhou" in cities else cities[0])

    def stop_date(self) -> dt.date | None:
        """The 1st of the month contributions stop (``stop_month`` counted from the start, capped at ``months``), or None."""
        stop = min(self.stop_month, self.months)
        return None if stop == 0 else (pd.Timestamp(self.start_year, 1, 1) + pd.DateOffset(months=stop - 1)).date()

    def projection(self) -> pd.DataFrame:
        """What the chart draws (:func:`yibao.project_balances`); raises as it does (the page shows the message)."""
        return project_balances(
            f"{self.start_year}-01-01",
            self.months,
            wage_base=self.wage,
            status=self.status,
            city=self.city,
            personal_spend_per_month=self.spend,
            outpatient_cost_per_month=self.outpatient,
            stop_contributing=self.stop_date(),
            pension=self.pension,
            age=self.age,
        )


def credit_calculator(language: Language | None = None) -> CreditCalculator:
    """Build the monthly personal-account credit calculator (computed in the browser)."""
    return CreditCalculator(language)


def balance_chart(language: Language | None = None) -> BalanceChart:
    """Build the balance-over-time chart with its sliders (drawn in the browser as SVG)."""
    return BalanceChart(language)
