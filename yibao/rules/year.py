"""A year of care: who pays each bill (pooled fund, personal account or you) under a city's dated rules.

:func:`simulate_year` walks one calendar year in date order: personal-account credits on the
1st of each month (what :func:`yibao.rules.core.credit_for` pays, as the calculator says), then each bill, split by the
rules in force on its date. Deductibles and caps carry across the year and reset at the city's
benefit-year start (1 January; Shanghai 1 July); the year starts with nothing of them used.
Money is counted in whole fen (cents), so every bill splits exactly. A person's year travels as one
:class:`CareYear` (checked once by :func:`check_year`); :func:`run_year` runs it under a rule set.
The reform comparison is :mod:`yibao.rules.reform`, the page's report :mod:`yibao.rules.year_report`.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Required, TypedDict, Unpack

import numpy as np
import pandas as pd

from yibao.data import checks
from yibao.data.display import Card, Readable, language, lowest_confidence, money
from yibao.data.i18n import t
from yibao.data.regions import benefit_year_start, reform_date
from yibao.data.sources import cite
from yibao.data.store import Row, derived, records, unknown
from yibao.data.tables import HOSPITAL_LEVELS
from yibao.rules.core import (
    AGE_RANGE,
    CREDIT_STATUSES,
    MAX_WAGE,
    BillTerms,
    NotComputable,
    Person,
    active,
    credit_for,
    fen,
    fresh_year,
    missing,
    outpatient_rules,
    region_of,
    rules,
    split_bill,
    year_start_month,
)
from yibao.rules.credit import MAX_BALANCE

KINDS = ("outpatient", "inpatient", "pharmacy")
RULE_SETS = ("actual", "before_reform", "after_reform")
#: what to do with a bill the data cannot compute: raise ``NotComputable``, or leave it out and list it
UNCOMPUTABLE = ("raise", "skip")
#: who pays, in the order the bars show them
PAYERS = ("pooled_fund", "personal_account", "out_of_pocket")
#: the outpatient rates in ``region_params`` are those of primary care (community / level-1)
PRIMARY_CARE = ("community", "level1", "any")
MAX_EVENTS = 1000
MAX_BILL = 10_000_000.0
YEAR_RANGE = (checks.EARLIEST_DATE.year + 1, checks.LATEST_DATE.year)
MONEY = ("bill", "pooled_fund", "large_amount", "personal_account", "out_of_pocket")
EVENT_COLUMNS = (
    "event",
    "date",
    "kind",
    "hospital_level",
    "amount",
    "pooled_fund",
    "large_amount",
    "personal_account",
    "out_of_pocket",
    "deductible_left",
    "cap_left",
    "balance",
    "rule",
    "source_ids",
    "confidence",
)

_MONEY_COLUMNS = ("amount", "pooled_fund", "large_amount", "personal_account", "out_of_pocket", "deductible_left", "cap_left", "balance")
_EVENT_TYPES = {"event": "int64", "date": "datetime64[ns]", "kind": "str", "hospital_level": "str", "confidence": "str"} | dict.fromkeys(
    _MONEY_COLUMNS, "float64"
)
CREDIT_COLUMNS = ("date", "amount", "rule", "source_ids")
_CREDIT_TYPES = {"date": "datetime64[ns]", "amount": "float64"}


class YearInputError(ValueError):
    """An input of a year of care out of its range (a bill's amount or date, the balance, a wage …).

    ``str()`` is the API's message (naming the argument); ``localized(lang)`` says it as the page does.
    """

    def __init__(self, message: str, key: str, **fields: object):
        self.key, self.fields = key, fields
        super().__init__(message)

    def localized(self, lang: str) -> str:
        return t(f"year_bad_{self.key}", lang, **self.fields)


#: the earliest retirement year accepted
FIRST_RETIREMENT_YEAR = 1950

#: every range :func:`check_year` checks, in its order (the page checks the same ones: ``year_rules()["checks"]``):
#: name → (lowest, highest (None: the year asked about), whole numbers only); the message is ``year_bad_<name>``
YEAR_CHECKS: dict[str, tuple[float | None, float | None, bool]] = {
    "wage_base": (0, MAX_WAGE, False),
    "pension": (0, MAX_WAGE, False),
    "age": (AGE_RANGE[0], AGE_RANGE[1], True),
    "opening_balance": (0, MAX_BALANCE, False),
    "events": (0, MAX_EVENTS, True),
    "date": (None, None, True),  # the year of the bill's date
    "amount": (0, MAX_BILL, False),
    "retirement_year": (FIRST_RETIREMENT_YEAR, None, True),
}


def check_said(name: str) -> dict[str, object]:
    """The fields of the message of check ``name`` that do not depend on the year or the bill (amounts as the page shows them)."""
    low, high, whole = YEAR_CHECKS[name]
    if name == "events":
        return {"most": MAX_EVENTS}
    if not whole:
        return {"high": f"{high:,.0f}"}
    return {} if low is None else {"low": low}


def _checked(name: str, value: object, year: int, label: str | None = None, **fields: object) -> Any:
    """``value`` within check ``name`` of :data:`YEAR_CHECKS` (``label``: what the API message calls it), else
    :class:`YearInputError` (``fields``: the bill's number)."""
    low, high, whole = YEAR_CHECKS[name]
    low, high = (year if low is None else low), (year if high is None else high)
    try:
        return checks.whole(label or name, value, int(low), int(high)) if whole else checks.number(label or name, value, low, high)
    except ValueError as exc:
        raise YearInputError(str(exc), name, **{"low": low, "high": high, **check_said(name), **fields}) from None


@dataclass(frozen=True, eq=False, repr=False)
class YearOfCare(Readable):
    """One person's year: each bill split by payer, the credits, and the totals.

    ``events``: one row per bill in date order — event (its position in the list given, from 1),
    date, kind, hospital_level, amount, pooled_fund (including large_amount, the layer above the
    fund's yearly maximum), personal_account, out_of_pocket, deductible_left, cap_left (NaN where
    none applies or it is unknown), balance (personal balance after the bill), rule (ids of the
    rules applied, see ``rules``), source_ids, confidence (the lowest of the rules applied).
    ``credits``: date, amount, rule, source_ids. ``summary``: a plain dict of totals.
    ``rules``: rule id → description (zh/en), confidence, source_ids, dates.
    ``not_computed`` (``uncomputable="skip"``): the bills left out of the totals, each with the
    reason in both languages (see :func:`simulate_year`).
    """

    events: pd.DataFrame
    credits: pd.DataFrame
    summary: dict
    rules: dict[str, dict[str, Any]]
    not_computed: tuple[dict[str, Any], ...] = ()

    def to_record(self) -> dict:
        """Everything as JSON-ready lists and dicts (dates as ISO strings, unknowns as None)."""
        return {
            "summary": self.summary,
            "events": plain_rows(self.events),
            "credits": plain_rows(self.credits),
            "rules": self.rules,
            "not_computed": [dict(row) for row in self.not_computed],
        }

    def card(self, lang: str | None = None) -> Card:
        """Who paid what first (saying which bills are not counted), then the rules used and their sources."""
        lang, s = language(lang), self.summary
        answer = t(
            "card_year_answer",
            lang,
            bill=money(s["bill"]),
            pooled=money(s["pooled_fund"]),
            account=money(s["personal_account"]),
            own=money(s["out_of_pocket"]),
            balance=money(s["closing_balance"]),
        )
        if self.not_computed:
            answer += t("card_not_counted", lang, count=len(self.not_computed))
        rules = tuple(rule[f"description_{lang}"] for rule in self.rules.values())
        return Card(t("card_year", lang, year=s["year"]), answer, lang, rules, tuple(s["source_ids"]), s["confidence"])


@dataclass
class _Book:
    """Rule lookups for one city, status and age, resolved once per period in which no rule changes."""

    region: str
    status: str
    age: int | None
    retired: pd.Timestamp | None  # 1 January of the retirement year, when given
    bounds: list[pd.Timestamp]
    memo: dict[tuple, BillTerms]
    dated: dict[tuple, BillTerms | NotComputable]  # what names the day asked about, by day

    def terms(self, on: pd.Timestamp, kind: str, level: str, admission: str) -> BillTerms:
        """The terms in force on ``on``: remembered for the period; where they name the day asked about (a layer
        that cannot be computed) or cannot be computed (the message names the day), remembered for the day."""
        day_key = (on, kind, level, admission)
        held = self.dated.get(day_key)
        if isinstance(held, NotComputable):
            raise held.with_traceback(None)
        if held is not None:
            return held
        key = (bisect.bisect_right(self.bounds, on), kind, level, admission)
        found = self.memo.get(key)
        if found is None:
            try:
                found = self.memo[key] = _resolve(self, on, kind, level, admission)
            except NotComputable as exc:
                self.dated[day_key] = exc
                raise
        if isinstance(found.large, NotComputable):  # the terms hold for the period, the message names the day
            found = self.dated[day_key] = replace(found, large=found.large.on_day(on.date()))
        return found


@derived
def inpatient_index() -> dict[tuple[str, str], tuple[Row, ...]]:
    index: dict[tuple[str, str], list[Row]] = {}
    for row in records("inpatient_rules"):
        index.setdefault((row["region"], row["parameter"]), []).append(row)
    return {key: tuple(rows) for key, rows in index.items()}


@derived
def params_by_id() -> dict[str, Row]:
    return {row["id"]: row for row in records("region_params")}


@derived
def _book(region: str, status: str, age: int | None, retirement_year: int | None = None) -> _Book:
    rows = [r for r in records("region_params") if r["region"] == region and r["parameter"] in PARAMS_USED]
    rows += [r for (place, _), group in inpatient_index().items() if place in (region, "national") for r in group]
    bounds = {r["valid_from"] for r in rows} | {r["valid_to"] for r in rows if not pd.isna(r["valid_to"])}
    retired = None if retirement_year is None else pd.Timestamp(retirement_year, 1, 1)
    return _Book(region, status, age, retired, sorted(bounds), {}, {})


PARAMS_USED = ("outpatient_deductible", "outpatient_rate", "outpatient_cap", "pooled_annual_cap")


def _pick(book: _Book, parameter: str, on: pd.Timestamp, level: str = "any", admission: str = "any") -> Row:
    """The most specific ``inpatient_rules`` row in force (a city's rows before the national ones)."""
    index = inpatient_index()
    for place in (book.region, "national"):
        rows = _for_person(book, [r for r in index.get((place, parameter), ()) if r["status"] in (book.status, "all")], on)
        if not rows:
            continue
        fitting = [r for r in rows if r["hospital_level"] in (level, "any") and r["admission"] in (admission, "any")]
        if not fitting and level == "any":
            raise NotComputable("needs_level", what_zh=t(f"what_{parameter}", "zh"), what_en=t(f"what_{parameter}", "en"))
        if not fitting:
            break
        return max(fitting, key=lambda r: (r["status"] == book.status) + (r["hospital_level"] == level) + (r["admission"] == admission))
    raise missing(parameter, book.region, book.status, on)


def bill_rule(region: str, status: str, age: int | None, parameter: str, on: pd.Timestamp, level: str, admission: str) -> Row:
    """The ``inpatient_rules`` row of ``parameter`` a bill of ``level`` and ``admission`` is split by on ``on``, as
    :func:`simulate_year` picks it for a person of ``status`` and ``age`` (retirement year not given)."""
    return _pick(_book(region, status, age), parameter, on, level, admission)


def _for_person(book: _Book, rows: list[Row], on: pd.Timestamp) -> list[Row]:
    """The rows in force on ``on`` that fit the person's age band and retirement date.

    Without a retirement year, rows for people retired before a date are left out: the row for
    later retirees applies, and its description names the other amount and whom it is for.
    """
    fitting = []
    for row in active(rows, on, book.age):
        before, since = row["retired_before"], row["retired_from"]
        if book.retired is None:
            if pd.isna(before):
                fitting.append(row)
        elif (pd.isna(before) or book.retired < before) and (pd.isna(since) or book.retired >= since):
            fitting.append(row)
    return fitting


def _known(row: Row) -> Row:
    if unknown(row):
        raise NotComputable("unknown_value", row)
    return row


def _order(row: Row) -> bool:
    """Whether the personal account pays first (``account_first`` / ``account_only``)."""
    if not row["basis"]:
        raise NotComputable("unknown_value", row)
    return row["basis"] != "fund_first"


def _annual_cap(book: _Book, on: pd.Timestamp, required: bool) -> Row | None:
    """The pooled fund's yearly maximum in force. An unknown one is returned only when ``required``
    (a hospital stay): the stay is computed as if the year stays below it, and the unknown row is
    listed with the rules used, so the result carries its confidence."""
    found = active(rules(book.region, "pooled_annual_cap", book.status), on, book.age)
    if not found:
        if required:
            raise missing("pooled_annual_cap", book.region, book.status, on)
        return None
    if unknown(found[0]) and not required:
        return None
    return found[0]


def _large(book: _Book, on: pd.Timestamp) -> tuple[tuple[float, int | None] | NotComputable, tuple[Row, ...]]:
    """The layer above the fund's yearly maximum; an unknown one is kept as the error to raise if reached."""
    try:
        rate = _known(_pick(book, "large_amount_rate", on))
        cap = _known(_pick(book, "large_amount_cap", on))
    except NotComputable as exc:
        return exc, ()
    limit: int | None = None if pd.isna(cap["value"]) else fen(cap["value"])
    return (rate["value"] / 100, limit), (rate, cap)


def _resolve(book: _Book, on: pd.Timestamp, kind: str, level: str, admission: str) -> BillTerms:
    if kind == "pharmacy":
        order = _pick(book, "pharmacy_draw_order", on)
        return BillTerms(kind, 0, False, 0.0, None, "fund_paid", None, (0.0, None), _order(order), (order,), ())
    if kind == "outpatient":
        if level not in PRIMARY_CARE:
            raise NotComputable("outpatient_level", level_zh=t(f"level_{level}", "zh"), level_en=t(f"level_{level}", "en"))
        found = outpatient_rules(book.region, book.status, on, book.age)
        order = _pick(book, "outpatient_draw_order", on)
        account_first = _order(order)
        annual = _annual_cap(book, on, required=False)
        deductible, rate, cap = found["outpatient_deductible"], found["outpatient_rate"], found["outpatient_cap"]
        per_admission = False
    else:
        deductible = _known(_pick(book, "inpatient_deductible", on, level, admission))
        if not deductible["basis"]:
            raise NotComputable("deductible_basis", deductible)
        rate = _known(_pick(book, "inpatient_rate", on, level, admission))
        annual = _annual_cap(book, on, required=True)
        order = _pick(book, "inpatient_draw_order", on)
        account_first = _order(order)
        cap = None
        per_admission = deductible["basis"] == "per_admission"
    large, large_rows = _large(book, on)
    rows = tuple(r for r in (deductible, rate, cap, annual, order) if r is not None)
    return BillTerms(
        kind=kind,
        deductible=fen(deductible["value"]),
        per_admission=per_admission,
        rate=rate["value"] / 100,
        cap=None if cap is None or pd.isna(cap["value"]) else fen(cap["value"]),
        cap_basis=(cap["basis"] if cap is not None else "") or "fund_paid",
        annual_cap=None if annual is None or unknown(annual) else fen(annual["value"]),
        large=large,
        account_first=account_first,
        rows=rows,
        large_rows=large_rows,
        cost_to=None if kind != "inpatient" or pd.isna(rate["cost_to"]) else fen(rate["cost_to"]),
    )


def reform_day(region: str) -> pd.Timestamp | None:
    day = reform_date(region)
    return None if day is None else pd.Timestamp(day)


def _rule_day(rules: str, reform: pd.Timestamp | None) -> Callable[[pd.Timestamp], pd.Timestamp]:
    """Maps a date to the date whose rules apply: itself, or the nearest day on the chosen side of the reform."""
    if rules == "actual" or reform is None:
        return lambda day: day
    if rules == "before_reform":
        last = reform - pd.Timedelta(days=1)
        return lambda day: min(day, last)
    first: pd.Timestamp = reform
    return lambda day: max(day, first)


def _check_events(events: object, year: int) -> list[tuple[pd.Timestamp, str, int, str, int]]:
    """(date, kind, amount in fen, level, position from 1) per event, in date order (same dates: as given)."""
    shape = "(date, kind, amount) or (date, kind, amount, hospital_level)"
    if isinstance(events, (str, bytes)) or not isinstance(events, Sequence):
        raise ValueError(f"events must be a list of {shape}, got {events!r}")
    if len(events) > MAX_EVENTS:
        raise YearInputError(f"events must be at most {MAX_EVENTS}, got {len(events)}", "events", most=MAX_EVENTS)
    first, last = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    checked = []
    for n, event in enumerate(events, 1):
        if isinstance(event, (str, bytes)) or not isinstance(event, Sequence) or len(event) not in (3, 4):
            raise ValueError(f"event {n} must be {shape}, got {event!r}")
        day = checks.date(f"event {n} date", event[0])
        if not first <= day <= last:
            message = f"event {n} date must be in {year} (from {first.date()} to {last.date()}), got {event[0]!r}"
            raise YearInputError(message, "date", n=n, year=year)
        kind = checks.choice(f"event {n} kind", event[1], KINDS)
        amount = fen(_checked("amount", event[2], year, f"event {n} amount", n=n))
        level = checks.choice(f"event {n} hospital_level", event[3], HOSPITAL_LEVELS) if len(event) == 4 else "any"
        checked.append((day, kind, amount, level, n))
    return sorted(checked, key=lambda event: event[0])


@dataclass(frozen=True)
class CareYear:
    """A person's year of care as given, checked: who (:class:`~yibao.rules.core.Person`), the year,
    the bills (date, kind, amount in fen, level, position from 1; in date order), the opening balance in fen
    and the year the person retired (optional: some hospital rules depend on it)."""

    person: Person
    year: int
    bills: tuple[tuple[pd.Timestamp, str, int, str, int], ...]
    opening: int
    retirement_year: int | None = None


class YearGiven(TypedDict, total=False):
    """A person's year of care as callers give it: the keywords of :func:`simulate_year`,
    :func:`~yibao.rules.reform.compare_reform` and :func:`~yibao.rules.year_report.year_report`.

    ``year`` and ``events`` are required; ``status`` is ``"employee"``, ``opening_balance`` 0 and
    the others None unless given.
    """

    status: str
    year: Required[int]
    events: Required[Sequence[Sequence[object]]]
    wage_base: float | None
    age: int | None
    pension: float | None
    opening_balance: float
    retirement_year: int | None


def check_year(city: str | None, **given: Unpack[YearGiven]) -> CareYear:
    """A year as given (:class:`YearGiven`), checked: ``TypeError`` for a keyword it does not take or one
    missing, ``ValueError`` or :class:`YearInputError` naming a bad value."""
    unknown_keys = sorted(set(given) - set(YearGiven.__annotations__))
    missing_keys = sorted(YearGiven.__required_keys__ - set(given))
    if unknown_keys or missing_keys:
        raise TypeError(f"unexpected keyword(s): {unknown_keys}; missing: {missing_keys}; valid: {', '.join(YearGiven.__annotations__)}")
    region = region_of(city)
    status = checks.choice("status", given.get("status", "employee"), CREDIT_STATUSES)
    year = checks.whole("year", given["year"], *YEAR_RANGE)
    given_person = [(name, given.get(name)) for name in ("wage_base", "pension", "age")]
    wage_base, pension, age = (None if value is None else _checked(name, value, year) for name, value in given_person)
    opening = fen(_checked("opening_balance", given.get("opening_balance", 0.0), year))
    bills = tuple(_check_events(given["events"], year))
    retirement_year = given.get("retirement_year")
    if retirement_year is not None:
        retirement_year = _checked("retirement_year", retirement_year, year)
    return CareYear(Person(region, status, wage_base, pension, age), year, bills, opening, retirement_year)


def simulate_year(city: str | None, *, rules: str = "actual", uncomputable: str = "raise", **given: Unpack[YearGiven]) -> YearOfCare:
    """Split a year of bills between the pooled fund, the personal account and the patient.

    The year as given (:class:`YearGiven`): ``status``, ``year``, ``events``, ``wage_base``,
    ``age``, ``pension``, ``opening_balance``, ``retirement_year``.
    ``events``: ``(date, kind, amount)`` or ``(date, kind, amount, hospital_level)`` with kind
    ``outpatient`` / ``inpatient`` / ``pharmacy`` and level ``community`` / ``level1`` /
    ``level2`` / ``level3`` / ``any``. Each hospital stay counts as one admission. Pharmacy
    purchases are paid from the personal account, then out of pocket. ``status``: ``employee``,
    ``retiree`` or ``flexible``; each month credits what :func:`yibao.monthly_personal_credit`
    says is paid that month (the wage clamped to the contribution-base limits). ``rules``:
    ``actual`` (the rules in force on each date), ``before_reform`` / ``after_reform`` (the
    city's rules on that side of its reform date, for every date of the year). ``NotComputable``
    names a rule that is unknown or a missing input (``wage_base``, ``age``, ``pension``); bad
    input raises ``ValueError`` listing what is valid. ``uncomputable="skip"``: a bill the data
    cannot compute is left out of the totals (it still counts as a hospital admission) and
    listed in ``.not_computed`` with the reason; what no bill can do without (the credits) still raises.
    ``retirement_year`` (retirees, optional): picks the rules that depend on when someone retired
    (Shanghai's inpatient deductible: 700 yuan for retirement by 2000); without it the rule for
    later retirees applies and its description names the other amount.
    """
    rules = checks.choice("rules", rules, RULE_SETS)
    skip = checks.choice("uncomputable", uncomputable, UNCOMPUTABLE) == "skip"
    return run_year(check_year(city, **given), rules, skip=skip)


def run_year(case: CareYear, rules: str, *, skip: bool, leave_out: Mapping[int, dict[str, Any]] | None = None) -> YearOfCare:
    """The year of ``case`` under ``rules``; bills at the positions in ``leave_out`` are listed with the reason given, not computed."""
    leave_out = leave_out or {}
    person, year, bills, balance = case.person, case.year, case.bills, case.opening
    region, status = person.region, person.status
    reform = reform_day(region)
    if rules != "actual" and reform is None:
        valid = [r for r in sorted({row["region"] for row in records("region_params")}) if reform_day(r) is not None]
        raise ValueError(f"rules {rules!r} needs a city with a reform date; valid: {', '.join(valid)}")
    rule_day = _rule_day(rules, reform)
    book = _book(region, status, person.age, case.retirement_year)
    year_start = benefit_year_start(region)
    reset_month = year_start_month(region)  # a benefit year starts on the first of a month (the data's rule)
    opening = balance

    used = fresh_year()
    rows: list[tuple] = []
    skipped: list[dict[str, Any]] = []
    credits: list[tuple] = []
    applied: dict[str, Row] = {}  # the rules used, in the order first used (a month's credit, then its bills)
    params = params_by_id()
    paid = {kind: [0] * len(MONEY) for kind in KINDS}  # fen per kind, in the order of MONEY
    received = 0
    nxt = 0
    starts = [pd.Timestamp(year, month, 1) for month in range(1, 13)] + [pd.Timestamp(year + 1, 1, 1)]
    said: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}  # the sources and confidence of the rules applied, by their ids
    for month in range(1, 13):
        day, end = starts[month - 1], starts[month]
        if month == reset_month:
            used = fresh_year()
        month_credit = credit_for(person, rule_day(day), month=month)
        parts = month_credit.parts
        for part in parts:
            applied.setdefault(part.row_id, params[part.row_id])
        credit = month_credit.paid_fen
        balance += credit
        received += credit
        credits.append((day, credit / 100, tuple(p.row_id for p in parts), tuple(dict.fromkeys(s for p in parts for s in p.source_ids))))
        while nxt < len(bills) and bills[nxt][0] < end:
            when, kind, bill, level, position = bills[nxt]
            nxt += 1
            admission = ("first" if used["stays"] == 0 else "later") if kind == "inpatient" else "any"
            if position in leave_out:
                skipped.append(leave_out[position])
                used["stays"] += kind == "inpatient"
                continue
            saved = dict(used) if skip else used
            try:
                terms = book.terms(rule_day(when), kind, level, admission)
                fund, large, account, pocket, deductible_left, cap_left, above_max = split_bill(bill, terms, used, balance)
            except NotComputable as exc:
                if not skip:
                    raise
                used = saved  # a bill past the yearly maximum may have counted towards it before failing
                skipped.append(_not_computed(position, when, kind, level, bill, rules, exc))
                used["stays"] += kind == "inpatient"
                continue
            used["stays"] += kind == "inpatient"
            balance -= account
            for i, value in enumerate((bill, fund + large, large, account, pocket)):
                paid[kind][i] += value
            applied_rows = terms.rows + (terms.large_rows if above_max else ())
            for row in applied_rows:
                applied.setdefault(row["id"], row)
            ids = tuple(r["id"] for r in applied_rows)
            if ids not in said:
                sources = tuple(dict.fromkeys(s for r in applied_rows for s in r["source_ids"]))
                said[ids] = (sources, lowest_confidence(r["confidence"] for r in applied_rows))
            rows.append(
                (
                    position,
                    when,
                    kind,
                    level,
                    bill / 100,
                    (fund + large) / 100,
                    large / 100,
                    account / 100,
                    pocket / 100,
                    deductible_left / 100,
                    cap_left / 100,
                    balance / 100,
                    ids,
                    *said[ids],
                )
            )
    summary = {
        "city": region,
        "status": status,
        "year": year,
        "rules": rules,
        "reform_date": None if reform is None else str(reform.date()),
        "benefit_year_start": year_start,
        "events": len(rows),
        "not_computed": len(skipped),
        **{name: sum(paid[kind][i] for kind in KINDS) / 100 for i, name in enumerate(MONEY)},
        "by_kind": {kind: {name: paid[kind][i] / 100 for i, name in enumerate(MONEY)} for kind in KINDS},
        "opening_balance": opening / 100,
        "credits_received": received / 100,
        "closing_balance": balance / 100,
        "source_ids": sorted({s for row in applied.values() for s in row["source_ids"]}),
        "confidence": lowest_confidence(row["confidence"] for row in applied.values()),
    }
    rule_records = {rule_id: rule_record(row) for rule_id, row in applied.items()}
    return YearOfCare(
        _frame(rows, EVENT_COLUMNS, _EVENT_TYPES), _frame(credits, CREDIT_COLUMNS, _CREDIT_TYPES), summary, rule_records, tuple(skipped)
    )


def _not_computed(position: int, when: pd.Timestamp, kind: str, level: str, bill: int, rules: str, exc: NotComputable) -> dict[str, Any]:
    """A bill left out of the totals: what it was, under which rules, and why (both languages)."""
    return {
        "event": position,
        "date": str(when.date()),
        "kind": kind,
        "hospital_level": level,
        "amount": bill / 100,
        "rules": rules,
        "reason": exc.reason,
        "rule": None if exc.rule is None else exc.rule["id"],
        "source_ids": [] if exc.rule is None else list(exc.rule["source_ids"]),
        "reason_zh": exc.localized("zh"),
        "reason_en": exc.localized("en"),
    }


def _frame(rows: list[tuple], columns: tuple[str, ...], types: dict[str, str]) -> pd.DataFrame:
    """A DataFrame with the same column types whether or not it has rows (built from one array per column: fast)."""
    values = list(zip(*rows, strict=True)) or [()] * len(columns)
    data = {name: _column(column, types.get(name, "object")) for name, column in zip(columns, values, strict=True)}
    return pd.DataFrame(data, copy=False)


def _column(values: Sequence[Any], kind: str) -> object:
    if kind == "str":
        return pd.array(list(values), dtype=kind)  # type: ignore[call-overload]
    if kind == "datetime64[ns]":  # from nanoseconds: numpy converts Timestamps one by one, slowly (2 ms for 100)
        return np.array([value.value for value in values], dtype="int64").view(kind)
    if kind != "object":
        return np.array(values, dtype=kind)
    held = np.empty(len(values), dtype=object)  # tuples stay whole
    held[:] = values
    return held


def rule_record(row: Row) -> dict:
    """A rule as a year of care lists it: what it sets, where, its texts, confidence, sources and dates."""
    return {
        "parameter": row["parameter"],
        "region": row["region"],
        "description_zh": row["description_zh"],
        "description_en": row["description_en"],
        "confidence": row["confidence"],
        "source_ids": list(row["source_ids"]),
        "valid_from": str(row["valid_from"].date()),
        "valid_to": None if pd.isna(row["valid_to"]) else str(row["valid_to"].date()),
    }


def plain_rows(frame: pd.DataFrame) -> list[dict]:
    def plain(value: object) -> object:
        if isinstance(value, pd.Timestamp):
            return str(value.date())
        if isinstance(value, tuple):
            return list(value)
        if isinstance(value, float) and math.isnan(value):
            return None
        return value

    return [{column: plain(value) for column, value in zip(frame.columns, row, strict=True)} for row in frame.itertuples(index=False)]


#: the bills a page compiles terms for: (kind, hospital level, admission), as :func:`_simulate` asks
BILL_KEYS = (
    ("pharmacy", "any", "any"),
    *(("outpatient", level, "any") for level in HOSPITAL_LEVELS),
    *(("inpatient", level, admission) for level in HOSPITAL_LEVELS for admission in ("first", "later")),
)


def _starts(values: Sequence[Any], lowest: Any) -> list[Any]:
    """The first value of each piece the edges ``values`` cut (``lowest`` first)."""
    return sorted({lowest, *(value for value in values if not pd.isna(value) and value > lowest)})


class _Said:
    """Each failure once, as a page shows it: reason, rule id, message (the day asked about left as ``{on}``)."""

    def __init__(self) -> None:
        self.table: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}

    def add(self, record: dict[str, Any]) -> int:
        key = repr(sorted(record.items()))
        if key not in self.index:
            self.index[key] = len(self.table)
            self.table.append(record)
        return self.index[key]

    def failure(self, exc: NotComputable) -> int:
        exc = exc.on_day("{on}")
        sources = [] if exc.rule is None else cite(exc.rule["source_ids"])  # the readable sources of the rule it names
        return self.add({"error": True, "reason": exc.reason, "sources": sources, "zh": exc.localized("zh"), "en": exc.localized("en")})

    def terms(self, terms: BillTerms) -> int:
        band = None
        if terms.cost_to is not None:
            band = self.failure(NotComputable("rate_band", terms.rows[1], limit=f"{terms.cost_to / 100:,.0f}"))
        large = {"error": self.failure(terms.large)} if isinstance(terms.large, NotComputable) else list(terms.large)
        return self.add(
            {
                "kind": terms.kind,
                "deductible": terms.deductible,
                "per_admission": terms.per_admission,
                "rate": terms.rate,
                "cap": terms.cap,
                "cap_basis": terms.cap_basis,
                "annual_cap": terms.annual_cap,
                "large": large,
                "account_first": terms.account_first,
                "rows": [row["id"] for row in terms.rows],
                "large_rows": [row["id"] for row in terms.large_rows],
                "cost_to": terms.cost_to,
                "rate_band": band,
            }
        )


def bill_terms(region: str, first: pd.Timestamp, last: pd.Timestamp) -> dict[str, Any]:
    """How each bill splits in ``region`` from ``first`` to ``last``, resolved once per period in which no rule changes.

    ``ages`` and ``retired``: the first age and retirement day of each piece in which the same rows
    apply (a page takes the last one at or below the person's); ``periods["status|age|retired"]``
    (empty: not given): ``[{"from", "to", "terms": {"kind|level|admission": position}}]``; ``table``:
    the terms (amounts in fen) or failures (``error``, ``reason``, ``sources``: the citations of the rule it names,
    ``zh``, ``en``; ``{on}``: the day asked about) the positions refer to.
    """
    said = _Said()
    book = _book(region, "employee", None)
    index = inpatient_index()
    used = [r for r in records("region_params") if r["region"] == region and r["parameter"] in PARAMS_USED]
    used += [r for (place, _), group in index.items() if place in (region, "national") for r in group]
    edges = [edge for r in used for edge in (r["age_min"], None if pd.isna(r["age_max"]) else r["age_max"] + 1)]
    ages = [int(age) for age in _starts(edges, AGE_RANGE[0])]
    retirements = [edge for r in used for edge in (r.get("retired_before"), r.get("retired_from"))]
    retired = _starts(retirements, pd.Timestamp(FIRST_RETIREMENT_YEAR, 1, 1))
    days = [first, *(day for day in book.bounds if first < day <= last)]
    periods: dict[str, list[dict[str, Any]]] = {}
    for status in CREDIT_STATUSES:
        for age in (None, *ages):
            for when in (None, *retired):
                person = _Book(region, status, age, when, book.bounds, {}, {})
                out = periods[f"{status}|{'' if age is None else age}|{'' if when is None else str(when.date())}"] = []
                for day, following in zip(days, [*days[1:], None], strict=True):
                    held = []
                    for kind, level, admission in BILL_KEYS:
                        try:
                            held.append(said.terms(_resolve(person, day, kind, level, admission)))
                        except NotComputable as exc:
                            held.append(said.failure(exc))
                    until = None if following is None else str(following.date())
                    if out and out[-1]["terms"] == held:
                        out[-1]["to"] = until
                    else:
                        out.append({"from": str(day.date()), "to": until, "terms": held})
    keys = ["|".join(key) for key in BILL_KEYS]
    return {"keys": keys, "ages": ages, "retired": [str(day.date()) for day in retired], "periods": periods, "table": said.table}
