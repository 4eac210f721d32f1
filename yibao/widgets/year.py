"""A year of care in the browser: who pays each bill (pooled fund, personal account, you), before vs after the reform.

Python sends the rule rows of every city (:func:`yibao.year_rules`) and the examples; the page
computes the year with ``js/year_rules.js`` (the arithmetic twin of :mod:`yibao.rules.year`, equal to
the cent) and redraws with no kernel, so the explainer works on the static site too. The
visitor's choices are mirrored in traits; :meth:`YearOfCare.report` returns what the page shows.

>>> year = year_of_care()
>>> year.preset = "one_operation"    # loads its person and bills into the chosen year
>>> year.city = "beijing"
>>> year.report()["year"]["headline_en"]
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

import traitlets

from yibao.data import checks
from yibao.data.regions import region_picker, resolve_region
from yibao.data.tables import HOSPITAL_LEVELS
from yibao.rules.core import CREDIT_STATUSES
from yibao.rules.credit import AGE_RANGE, MAX_BALANCE, MAX_WAGE, credit_cities
from yibao.rules.year import FIRST_RETIREMENT_YEAR, KINDS, MAX_BILL, MAX_EVENTS, RULE_SETS, YearGiven, simulate_year
from yibao.rules.year import YearOfCare as YearResult
from yibao.rules.year_export import year_rules
from yibao.rules.year_report import year_presets, year_report

from .browser import BrowserExplainer
from .page import Language

#: the years offered: from the first reforms' eve to next year
FIRST_YEAR = 2020
CUSTOM = "custom"
Bill = list[Any]  # [date "YYYY-MM-DD", kind, amount (¥), hospital level]


def _in_year(day: str, year: int) -> str:
    """The same month and day in ``year`` (29 February becomes the 28th in other years)."""
    month, date = int(day[5:7]), int(day[8:10])
    return dt.date(year, month, min(date, calendar.monthrange(year, month)[1])).isoformat()


class YearOfCare(BrowserExplainer):
    """A year of bills split between the pooled fund, the personal account and you.

    Choices: ``preset`` (an example of :func:`yibao.year_presets`, or ``"custom"``; choosing one
    loads its person and bills), ``city``, ``status``, ``year`` (moves the bills into it),
    ``wage_base``, ``pension``, ``age``, ``retirement_year`` (retirees, optional: None = not
    given; some hospital rules depend on it), ``opening_balance``, ``rules`` (actual / before_reform /
    after_reform) and ``bills`` (``[date, kind, amount, hospital_level]`` in the chosen year).
    """

    MODULE = "year"
    TEXT: ClassVar[tuple[str, ...]] = (
        "amount_invalid",
        "start_from",
        "preset_custom",
        "city",
        "year",
        "status",
        "employee",
        "retiree",
        "flexible",
        "wage_base",
        "pension",
        "age",
        "retirement_year",
        "retirement_year_note",
        "opening_balance",
        "rule_set",
        "year_answer",
        "year_balance",
        "no_bills",
        "not_computed_note",
        "year_caveat",
        "compare_heading",
        "no_reform_date",
        "reform_on",
        "compare_impossible",
        "compare_left_out",
        "add_or_remove",
        "bill_kind",
        "date",
        "bill_amount",
        "hospital_level",
        "add_bill",
        "remove_bill",
        "remove_bill_named",
        "clear_bills",
        "date_outside_year",
        "bills_heading",
        "rule_and_sources",
        "rules_used",
        "deductible_left",
        "cap_left",
        "balance_after",
        "large_amount_part",
    )
    rule_rows = traitlets.Dict().tag(sync=True)
    cities: traitlets.List[dict[str, str]] = traitlets.List().tag(sync=True)
    presets: traitlets.List[dict[str, Any]] = traitlets.List().tag(sync=True)
    years: traitlets.List[int] = traitlets.List().tag(sync=True)
    preset = traitlets.Unicode("healthy_30").tag(sync=True)
    city = traitlets.Unicode("shenzhen").tag(sync=True)
    status = traitlets.Unicode("employee").tag(sync=True)
    year = traitlets.Int(2024).tag(sync=True)
    wage_base = traitlets.Float(8000.0).tag(sync=True)
    pension = traitlets.Float(4000.0).tag(sync=True)
    age = traitlets.Int(30).tag(sync=True)
    #: the year the person retired (retirees, optional: None = not given)
    retirement_year = traitlets.Int(None, allow_none=True).tag(sync=True)
    opening_balance = traitlets.Float(0.0).tag(sync=True)
    rules = traitlets.Unicode("actual").tag(sync=True)
    bills: traitlets.List[Bill] = traitlets.List().tag(sync=True)
    #: what the page drew, reported by its JS (read-only here): the headline (zh/en), the credits,
    #: the ids of the rules shown, the bills left out, or ``error`` (zh/en)
    shown = traitlets.Dict(read_only=True).tag(sync=True)

    def __init__(self, language: Language | None = None) -> None:
        this_year = dt.date.today().year
        years = list(range(FIRST_YEAR, this_year + 2))
        cities = credit_cities()
        super().__init__(
            language,
            rule_rows={city: year_rules(city) for city in cities},
            cities=region_picker(cities),
            presets=year_presets(),
            years=years,
            year=min(max(this_year - 1, years[0]), years[-1]),
        )
        self.observe(self._load, "preset")
        self.observe(self._move, "year")
        self._load({"new": self.preset})

    @traitlets.validate("preset")
    def _check_preset(self, proposal: Mapping[str, Any]) -> str:
        return checks.choice("preset", proposal["value"], [*(p["id"] for p in year_presets()), CUSTOM])

    @traitlets.validate("city")
    def _check_city(self, proposal: Mapping[str, Any]) -> str:
        return resolve_region(proposal["value"], among=credit_cities())

    @traitlets.validate("status")
    def _check_status(self, proposal: Mapping[str, Any]) -> str:
        return checks.choice("status", proposal["value"], CREDIT_STATUSES)

    @traitlets.validate("rules")
    def _check_rules(self, proposal: Mapping[str, Any]) -> str:
        return checks.choice("rules", proposal["value"], RULE_SETS)

    @traitlets.validate("year")
    def _check_year(self, proposal: Mapping[str, Any]) -> int:
        return checks.whole("year", proposal["value"], FIRST_YEAR, dt.date.today().year + 1)

    @traitlets.validate("age")
    def _check_age(self, proposal: Mapping[str, Any]) -> int:
        return checks.whole("age", proposal["value"], *AGE_RANGE)

    @traitlets.validate("retirement_year")
    def _check_retirement_year(self, proposal: Mapping[str, Any]) -> int | None:
        value = proposal["value"]
        return None if value is None else checks.whole("retirement_year", value, FIRST_RETIREMENT_YEAR, dt.date.today().year + 1)

    @traitlets.validate("wage_base", "pension", "opening_balance")
    def _check_money(self, proposal: Mapping[str, Any]) -> float:
        name = proposal["trait"].name
        return checks.number(name, proposal["value"], 0, MAX_BALANCE if name == "opening_balance" else MAX_WAGE)

    @traitlets.validate("bills")
    def _check_bills(self, proposal: Mapping[str, Any]) -> list[Bill]:
        bills = proposal["value"]
        if not isinstance(bills, Sequence) or len(bills) > MAX_EVENTS:
            raise ValueError(f"bills must be a list of at most {MAX_EVENTS} [date, kind, amount, hospital_level], got {bills!r}")
        checked = []
        for n, bill in enumerate(bills, 1):
            if isinstance(bill, str) or not isinstance(bill, Sequence) or len(bill) != 4:
                raise ValueError(f"bill {n} must be [date, kind, amount, hospital_level], got {bill!r}")
            day = checks.date(f"bill {n} date", bill[0]).date().isoformat()
            kind = checks.choice(f"bill {n} kind", bill[1], KINDS)
            amount = checks.number(f"bill {n} amount", bill[2], 0, MAX_BILL)
            level = checks.choice(f"bill {n} hospital_level", bill[3], HOSPITAL_LEVELS)
            checked.append([day, kind, amount, "any" if kind == "pharmacy" else level])
        return sorted(checked, key=lambda bill: bill[0])

    def _load(self, change: Mapping[str, Any]) -> None:
        """Choosing an example loads its person and its bills into the chosen year (as the page does)."""
        preset = next((p for p in year_presets(self.year) if p["id"] == change["new"]), None)
        if preset is None:
            return
        inputs = preset["inputs"]
        with self.hold_trait_notifications():
            self.status, self.age = inputs["status"], inputs["age"]
            for key in ("wage_base", "pension"):
                if key in inputs:
                    setattr(self, key, inputs[key])
            self.bills = [list(event) for event in preset["events"]]

    def _move(self, change: Mapping[str, Any]) -> None:
        moved = [[_in_year(day, change["new"]), *rest] for day, *rest in self.bills]
        if moved != self.bills:
            self.bills = moved

    def report(self) -> dict[str, Any]:
        """What the page shows: :func:`yibao.year_report` for the current choices.

        Raises what ``year_report`` raises (``NotComputable``, ``YearInputError``); the page shows
        its ``localized`` message instead of the year.
        """
        return year_report(self.city, rules=self.rules, **self._given())

    def simulate(self) -> YearResult:
        """The year the page shows, as a result to read in a notebook (:func:`yibao.simulate_year`; bills
        the rules cannot compute are left out and listed in ``.not_computed``, as on the page)."""
        return simulate_year(self.city, rules=self.rules, uncomputable="skip", **self._given())

    def _given(self) -> YearGiven:
        return YearGiven(
            status=self.status,
            year=self.year,
            events=[tuple(bill) for bill in self.bills],
            wage_base=self.wage_base,
            age=self.age,
            pension=self.pension,
            opening_balance=self.opening_balance,
            retirement_year=self.retirement_year if self.status == "retiree" else None,
        )


def year_of_care(language: Language | None = None) -> YearOfCare:
    """Build the year of care: a year of bills, who pays each, before vs after the reform (computed in the page)."""
    return YearOfCare(language)
