"""A year of care: who pays each bill (pooled fund, personal account or you) under a city's dated rules.

:func:`simulate_year` walks one calendar year in date order: personal-account credits on the
1st of each month (the crediting rules of :mod:`yibao.rules.credit`), then each bill, split by the
rules in force on its date. Deductibles and caps carry across the year and reset at the city's
benefit-year start (1 January; Shanghai 1 July); the year starts with nothing of them used.
Money is counted in whole fen (cents), so every bill splits exactly.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from yibao.data import checks
from yibao.data.correction import correction_url, row_key
from yibao.data.i18n import LANGS, STRINGS, labels, t
from yibao.data.regions import benefit_year_start, reform_date, region_labels
from yibao.data.sources import cite
from yibao.data.store import Row, derived, in_force, plain, records
from yibao.data.tables import CONFIDENCE, HOSPITAL_LEVELS, STATUSES
from yibao.rules.credit import (
    AGE_RANGE,
    MAX_BALANCE,
    MAX_WAGE,
    NotComputable,
    _active,
    _credit_in_month,
    _credit_rules,
    _lowest_confidence,
    _outpatient_rules,
    _pool_share,
    _region,
    _rules,
    missing,
    unknown,
)

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


def _in_range(name: str, value: object, high: float, key: str, **fields: object) -> float:
    """:func:`checks.number` from 0 to ``high``, raising :class:`YearInputError` (key ``key``)."""
    try:
        return checks.number(name, value, 0, high)
    except ValueError as exc:
        raise YearInputError(str(exc), key, high=high, **fields) from None


@dataclass(frozen=True, eq=False)
class YearOfCare:
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
            "events": _plain_rows(self.events),
            "credits": _plain_rows(self.credits),
            "rules": self.rules,
            "not_computed": [dict(row) for row in self.not_computed],
        }


@dataclass(frozen=True, eq=False)
class ReformComparison:
    """The same year under the rules before and after the city's reform; ``difference`` = after − before.

    ``not_computed`` (``uncomputable="skip"``): the bills either side cannot compute, left out of
    both sides so that they compare the same bills (the reason given is the first side's that failed).
    """

    before: YearOfCare
    after: YearOfCare
    difference: dict[str, float]
    net_gain: float  # change in (year-end balance − out of pocket)
    explanation_zh: str
    explanation_en: str
    not_computed: tuple[dict[str, Any], ...] = ()

    def to_record(self) -> dict:
        return {
            "before": self.before.to_record(),
            "after": self.after.to_record(),
            "difference": self.difference,
            "net_gain": self.net_gain,
            "explanation_zh": self.explanation_zh,
            "explanation_en": self.explanation_en,
            "not_computed": [dict(row) for row in self.not_computed],
        }


@dataclass(frozen=True)
class _Terms:
    """How one kind of bill is split under the rules in force on one day (amounts in fen)."""

    kind: str
    deductible: int
    per_admission: bool
    rate: float  # share of the cost above the deductible that the pooled fund pays
    cap: int | None  # the kind's own yearly cap (None: no cap)
    cap_basis: str  # fund_paid / eligible_cost
    annual_cap: int | None  # the pooled fund's yearly maximum (None: not applied)
    large: tuple[float, int | None] | NotComputable  # (share, yearly limit or None) above the maximum
    account_first: bool
    rows: tuple[Row, ...]
    large_rows: tuple[Row, ...]
    cost_to: int | None = None  # the rate holds while the year's hospital costs stay at or below this (fen)


@dataclass
class _Book:
    """Rule lookups for one city, status and age, resolved once per period in which no rule changes."""

    region: str
    status: str
    age: int | None
    retired: pd.Timestamp | None  # 1 January of the retirement year, when given
    bounds: list[pd.Timestamp]
    memo: dict[tuple, _Terms]
    failed: dict[tuple, NotComputable]

    def terms(self, on: pd.Timestamp, kind: str, level: str, admission: str) -> _Terms:
        """The terms in force on ``on``: remembered for the period, or what cannot be computed for the day (its message names it)."""
        key = (bisect.bisect_right(self.bounds, on), kind, level, admission)
        found = self.memo.get(key)
        if found is not None:
            return found
        failed = self.failed.get((on, kind, level, admission))
        if failed is not None:
            raise failed.with_traceback(None)
        try:
            found = self.memo[key] = _resolve(self, on, kind, level, admission)
        except NotComputable as exc:
            self.failed[(on, kind, level, admission)] = exc
            raise
        return found


def _cents(yuan: float) -> int:
    return math.floor(yuan * 100 + 0.5)


def _fen(amount: float) -> int:
    return math.floor(amount + 0.5)


@derived
def _inpatient_index() -> dict[tuple[str, str], tuple[Row, ...]]:
    index: dict[tuple[str, str], list[Row]] = {}
    for row in records("inpatient_rules"):
        index.setdefault((row["region"], row["parameter"]), []).append(row)
    return {key: tuple(rows) for key, rows in index.items()}


@derived
def _params_by_id() -> dict[str, Row]:
    return {row["id"]: row for row in records("region_params")}


@derived
def _book(region: str, status: str, age: int | None, retirement_year: int | None = None) -> _Book:
    rows = [r for r in records("region_params") if r["region"] == region and r["parameter"] in _PARAMS_USED]
    rows += [r for (place, _), group in _inpatient_index().items() if place in (region, "national") for r in group]
    bounds = {r["valid_from"] for r in rows} | {r["valid_to"] for r in rows if not pd.isna(r["valid_to"])}
    retired = None if retirement_year is None else pd.Timestamp(retirement_year, 1, 1)
    return _Book(region, status, age, retired, sorted(bounds), {}, {})


_PARAMS_USED = ("outpatient_deductible", "outpatient_rate", "outpatient_cap", "pooled_annual_cap")


def _pick(book: _Book, parameter: str, on: pd.Timestamp, level: str = "any", admission: str = "any") -> Row:
    """The most specific ``inpatient_rules`` row in force (a city's rows before the national ones)."""
    index = _inpatient_index()
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


def _for_person(book: _Book, rows: list[Row], on: pd.Timestamp) -> list[Row]:
    """The rows in force on ``on`` that fit the person's age band and retirement date.

    Without a retirement year, rows for people retired before a date are left out: the row for
    later retirees applies, and its description names the other amount and whom it is for.
    """
    fitting = []
    for row in _active(tuple(rows), on, book.age):
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
    active = _active(_rules(book.region, "pooled_annual_cap", book.status), on, book.age)
    if not active:
        if required:
            raise missing("pooled_annual_cap", book.region, book.status, on)
        return None
    if unknown(active[0]) and not required:
        return None
    return active[0]


def _large(book: _Book, on: pd.Timestamp) -> tuple[tuple[float, int | None] | NotComputable, tuple[Row, ...]]:
    """The layer above the fund's yearly maximum; an unknown one is kept as the error to raise if reached."""
    try:
        rate = _known(_pick(book, "large_amount_rate", on))
        cap = _known(_pick(book, "large_amount_cap", on))
    except NotComputable as exc:
        return exc, ()
    limit: int | None = None if pd.isna(cap["value"]) else _cents(cap["value"])
    return (rate["value"] / 100, limit), (rate, cap)


def _resolve(book: _Book, on: pd.Timestamp, kind: str, level: str, admission: str) -> _Terms:
    if kind == "pharmacy":
        order = _pick(book, "pharmacy_draw_order", on)
        return _Terms(kind, 0, False, 0.0, None, "fund_paid", None, (0.0, None), _order(order), (order,), ())
    if kind == "outpatient":
        if level not in PRIMARY_CARE:
            raise NotComputable("outpatient_level", level_zh=t(f"level_{level}", "zh"), level_en=t(f"level_{level}", "en"))
        found = _outpatient_rules(book.region, book.status, on, book.age)
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
    return _Terms(
        kind=kind,
        deductible=_cents(deductible["value"]),
        per_admission=per_admission,
        rate=rate["value"] / 100,
        cap=None if cap is None or pd.isna(cap["value"]) else _cents(cap["value"]),
        cap_basis=(cap["basis"] if cap is not None else "") or "fund_paid",
        annual_cap=None if annual is None or unknown(annual) else _cents(annual["value"]),
        large=large,
        account_first=account_first,
        rows=rows,
        large_rows=large_rows,
        cost_to=None if kind != "inpatient" or pd.isna(rate["cost_to"]) else _cents(rate["cost_to"]),
    )


def _fresh() -> dict[str, int]:
    """What one benefit year has used so far (fen), and the hospital stays in it."""
    used = ("outpatient_met", "inpatient_met", "pharmacy_met", "cap_used", "fund_paid", "large_paid", "stays", "inpatient_cost")
    return dict.fromkeys(used, 0)


def _split(amount: int, terms: _Terms, used: dict[str, int], balance: int) -> tuple[int, int, int, int, float, float, bool]:
    """(pooled fund, large-amount layer, personal account, out of pocket, deductible left, cap left) in fen,
    and whether the bill went past the fund's yearly maximum."""
    if terms.cost_to is not None:
        if used["inpatient_cost"] + amount > terms.cost_to:
            raise NotComputable("rate_band", terms.rows[1], limit=f"{terms.cost_to / 100:,.0f}")
        used["inpatient_cost"] += amount
    first = min(amount, balance) if terms.account_first else 0
    base = amount - first
    if terms.per_admission:
        towards = min(base, terms.deductible)
        deductible_left = terms.deductible - towards
    else:
        met = used[f"{terms.kind}_met"]
        towards = min(base, max(terms.deductible - met, 0))
        used[f"{terms.kind}_met"] = met + towards
        deductible_left = max(terms.deductible - met - towards, 0)
    eligible = base - towards
    room = math.nan if terms.cap is None else max(terms.cap - used["cap_used"], 0)
    paid, counted = _pool_share(eligible, terms.rate, room, terms.cap_basis)
    wanted = _fen(paid)
    fund = wanted if terms.annual_cap is None else min(wanted, max(terms.annual_cap - used["fund_paid"], 0))
    if terms.cap is not None:  # what the bill uses of the kind's cap (less if the yearly maximum cut the fund short)
        used["cap_used"] += _fen(counted if fund == wanted else counted * fund / wanted)
    used["fund_paid"] += fund
    large = 0
    if fund < wanted:  # the fund's yearly maximum is reached: the layer above it takes over
        if isinstance(terms.large, NotComputable):
            raise terms.large.with_traceback(None)
        share, limit = terms.large
        large = _fen((wanted - fund) / terms.rate * share)
        if limit is not None:
            large = min(large, max(limit - used["large_paid"], 0))
        used["large_paid"] += large
    patient = base - fund - large
    later = min(patient, balance - first)
    if terms.cap is not None:
        cap_left = float(max(terms.cap - used["cap_used"], 0))
    elif terms.annual_cap is not None:
        cap_left = float(max(terms.annual_cap - used["fund_paid"], 0))
    else:
        cap_left = math.nan
    left = math.nan if terms.kind == "pharmacy" else float(deductible_left)
    return fund, large, first + later, patient - later, left, cap_left, fund < wanted


def _reform_date(region: str) -> pd.Timestamp | None:
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
        amount = _cents(_in_range(f"event {n} amount", event[2], MAX_BILL, "amount", n=n))
        level = checks.choice(f"event {n} hospital_level", event[3], HOSPITAL_LEVELS) if len(event) == 4 else "any"
        checked.append((day, kind, amount, level, n))
    return sorted(checked, key=lambda event: event[0])


def _age(age: object) -> int:
    try:
        return checks.whole("age", age, *AGE_RANGE)
    except ValueError as exc:
        raise YearInputError(str(exc), "age", low=AGE_RANGE[0], high=AGE_RANGE[1]) from None


def simulate_year(
    city: str | None,
    *,
    status: str = "employee",
    year: int,
    events: Sequence[Sequence[object]],
    wage_base: float | None = None,
    age: int | None = None,
    pension: float | None = None,
    opening_balance: float = 0.0,
    rules: str = "actual",
    uncomputable: str = "raise",
    retirement_year: int | None = None,
) -> YearOfCare:
    """Split a year of bills between the pooled fund, the personal account and the patient.

    ``events``: ``(date, kind, amount)`` or ``(date, kind, amount, hospital_level)`` with kind
    ``outpatient`` / ``inpatient`` / ``pharmacy`` and level ``community`` / ``level1`` /
    ``level2`` / ``level3`` / ``any``. Each hospital stay counts as one admission. Pharmacy
    purchases are paid from the personal account, then out of pocket. ``rules``: ``actual``
    (the rules in force on each date), ``before_reform`` / ``after_reform`` (the city's rules on
    that side of its reform date, for every date of the year). ``NotComputable`` names a rule
    that is unknown or a missing input (``wage_base``, ``age``, ``pension``); bad input raises
    ``ValueError`` listing what is valid. ``uncomputable="skip"``: a bill the data cannot
    compute is left out of the totals (it still counts as a hospital admission) and listed in
    ``.not_computed`` with the reason; what no bill can do without (the credits) still raises.
    ``retirement_year`` (retirees, optional): picks the rules that depend on when someone retired
    (Shanghai's inpatient deductible: 700 yuan for retirement by 2000); without it the rule for
    later retirees applies and its description names the other amount.
    """
    return _simulate(
        city,
        status=status,
        year=year,
        events=events,
        wage_base=wage_base,
        age=age,
        pension=pension,
        opening_balance=opening_balance,
        rules=rules,
        skip=checks.choice("uncomputable", uncomputable, UNCOMPUTABLE) == "skip",
        leave_out={},
        retirement_year=retirement_year,
    )


def _simulate(
    city: str | None,
    *,
    status: str,
    year: int,
    events: Sequence[Sequence[object]],
    wage_base: float | None,
    age: int | None,
    pension: float | None,
    opening_balance: float,
    rules: str,
    skip: bool,
    leave_out: Mapping[int, dict[str, Any]],
    retirement_year: int | None = None,
) -> YearOfCare:
    """:func:`simulate_year`; the bills at the positions in ``leave_out`` are not computed but listed with the reason given."""
    region = _region(city, "account_credit")
    status = checks.choice("status", status, STATUSES)
    year = checks.whole("year", year, *YEAR_RANGE)
    rules = checks.choice("rules", rules, RULE_SETS)
    wage_base = None if wage_base is None else _in_range("wage_base", wage_base, MAX_WAGE, "wage_base")
    pension = None if pension is None else _in_range("pension", pension, MAX_WAGE, "pension")
    age = None if age is None else _age(age)
    balance = _cents(_in_range("opening_balance", opening_balance, MAX_BALANCE, "opening_balance"))
    reform = _reform_date(region)
    if rules != "actual" and reform is None:
        valid = [r for r in sorted({row["region"] for row in records("region_params")}) if _reform_date(r) is not None]
        raise ValueError(f"rules {rules!r} needs a city with a reform date; valid: {', '.join(valid)}")
    bills = _check_events(events, year)
    rule_day = _rule_day(rules, reform)
    if retirement_year is not None:
        retirement_year = checks.whole("retirement_year", retirement_year, 1950, year)
    book = _book(region, status, age, retirement_year)
    year_start = benefit_year_start(region)
    reset = pd.Timestamp(f"{year}-{year_start}")
    opening = balance

    used, reset_done = _fresh(), reset.month == 1 and reset.day == 1
    rows: list[tuple] = []
    skipped: list[dict[str, Any]] = []
    credits: list[tuple] = []
    applied: dict[str, Row] = {}
    paid = {kind: [0] * len(MONEY) for kind in KINDS}  # fen per kind, in the order of MONEY
    received = 0
    nxt = 0
    for month in range(1, 13):
        day = pd.Timestamp(year, month, 1)
        if not reset_done and day >= reset:
            used, reset_done = _fresh(), True
        amount, parts = _credit_in_month(region, status, rule_day(day), wage_base, pension, age, month == reset.month)
        credit = _cents(amount)
        balance += credit
        received += credit
        credits.append((day, credit / 100, tuple(p.row_id for p in parts), tuple(dict.fromkeys(s for p in parts for s in p.source_ids))))
        end = day + pd.offsets.MonthBegin(1)
        while nxt < len(bills) and bills[nxt][0] < end:
            when, kind, bill, level, position = bills[nxt]
            nxt += 1
            if not reset_done and when >= reset:
                used, reset_done = _fresh(), True
            admission = ("first" if used["stays"] == 0 else "later") if kind == "inpatient" else "any"
            if position in leave_out:
                skipped.append(leave_out[position])
                used["stays"] += kind == "inpatient"
                continue
            saved = dict(used) if skip else used
            try:
                terms = book.terms(rule_day(when), kind, level, admission)
                fund, large, account, pocket, deductible_left, cap_left, above_max = _split(bill, terms, used, balance)
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
                    tuple(r["id"] for r in applied_rows),
                    tuple(dict.fromkeys(s for r in applied_rows for s in r["source_ids"])),
                    _lowest_confidence(r["confidence"] for r in applied_rows),
                )
            )
    params = _params_by_id()
    for _, _, ids, _ in credits:
        for rule_id in ids:
            applied.setdefault(rule_id, params[rule_id])
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
        "confidence": _lowest_confidence(row["confidence"] for row in applied.values()),
    }
    rule_records = {rule_id: _rule_record(row) for rule_id, row in applied.items()}
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
    """A DataFrame with the same column types whether or not it has rows (built column by column: fast)."""
    data: dict[str, object] = {}
    for name, values in zip(columns, list(zip(*rows, strict=True)) or [()] * len(columns), strict=True):
        kind = types.get(name, "object")
        if kind in ("float64", "datetime64[ns]"):
            data[name] = np.array(values, dtype=kind)
        else:
            data[name] = pd.Series(list(values), dtype=kind)
    return pd.DataFrame(data)


def _rule_record(row: Row) -> dict:
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


def _plain_rows(frame: pd.DataFrame) -> list[dict]:
    def plain(value: object) -> object:
        if isinstance(value, pd.Timestamp):
            return str(value.date())
        if isinstance(value, tuple):
            return list(value)
        if isinstance(value, float) and math.isnan(value):
            return None
        return value

    return [{column: plain(value) for column, value in zip(frame.columns, row, strict=True)} for row in frame.itertuples(index=False)]


def compare_reform(
    city: str,
    *,
    status: str = "employee",
    year: int,
    events: Sequence[Sequence[object]],
    wage_base: float | None = None,
    age: int | None = None,
    pension: float | None = None,
    opening_balance: float = 0.0,
    uncomputable: str = "raise",
    retirement_year: int | None = None,
) -> ReformComparison:
    """The same year under the city's rules before and after its reform: one subtraction of two runs.

    ``net_gain`` is the change in (year-end personal balance − out of pocket): positive means the
    person keeps more under the reformed rules. ``uncomputable="skip"``: a bill that either side
    cannot compute is left out of both (listed in ``.not_computed``), so both sides count the same bills.
    """
    skip = checks.choice("uncomputable", uncomputable, UNCOMPUTABLE) == "skip"

    def run(rules: str, leave_out: Mapping[int, dict[str, Any]]) -> YearOfCare:
        return _simulate(
            city,
            status=status,
            year=year,
            events=events,
            wage_base=wage_base,
            age=age,
            pension=pension,
            opening_balance=opening_balance,
            rules=rules,
            skip=skip,
            leave_out=leave_out,
            retirement_year=retirement_year,
        )

    before, after = run("before_reform", {}), run("after_reform", {})
    while True:  # each pass leaves out more bills (at most one pass per bill); usually none or one
        failed = {row["event"]: row for row in (*after.not_computed, *before.not_computed)}  # the "before" reason first
        if len(failed) == len(before.not_computed) == len(after.not_computed):
            break
        # a side that already left out exactly these bills stays as it is
        if len(before.not_computed) != len(failed):
            before = run("before_reform", failed)
        if len(after.not_computed) != len(failed):
            after = run("after_reform", failed)
    keys = (*MONEY, "credits_received", "closing_balance")
    difference = {key: round(after.summary[key] - before.summary[key], 2) for key in keys}
    net = round(difference["closing_balance"] - difference["out_of_pocket"], 2)
    key = "reform_better" if net > 0 else "reform_worse" if net < 0 else "reform_same"
    left_out = tuple(sorted(failed.values(), key=lambda row: (row["date"], row["event"])))
    return ReformComparison(before, after, difference, net, t(key, "zh", amount=abs(net)), t(key, "en", amount=abs(net)), left_out)


_PRESETS: tuple[Row, ...] = (
    {
        "id": "healthy_30",
        "label_zh": "健康的30岁在职职工(示例)",
        "label_en": "Healthy 30-year-old in service (example)",
        "description_zh": "一年看两次门诊、在药店买三次药,没有住院。",
        "description_en": "Two clinic visits and three pharmacy purchases in the year; no hospital stay.",
        "inputs": {"status": "employee", "age": 30, "wage_base": 8000.0},
        "events": [
            ("01-18", "pharmacy", 45.0, "any"),
            ("03-12", "outpatient", 180.0, "community"),
            ("06-20", "pharmacy", 120.0, "any"),
            ("10-09", "outpatient", 320.0, "level1"),
            ("11-25", "pharmacy", 80.0, "any"),
        ],
    },
    {
        "id": "retiree_chronic",
        "label_zh": "患慢性病的退休人员(示例)",
        "label_en": "Retiree with a chronic condition (example)",
        "description_zh": "每月在社区看一次门诊(350元),每月在药店买一次药(200元)。门诊慢特病的专门待遇没有计入。",
        "description_en": (
            "A community clinic visit (350 yuan) and a pharmacy purchase (200 yuan) every month. "
            "Special rules for chronic outpatient conditions are not counted."
        ),
        "inputs": {"status": "retiree", "age": 68, "pension": 4500.0},
        "events": [(f"{m:02d}-10", "outpatient", 350.0, "community") for m in range(1, 13)]
        + [(f"{m:02d}-20", "pharmacy", 200.0, "any") for m in range(1, 13)],
    },
    {
        "id": "one_operation",
        "label_zh": "一次手术(示例)",
        "label_en": "One operation (example)",
        "description_zh": "术前一次门诊,在三级医院住院手术(4万元),术后一次门诊复查和一次药店购药。",
        "description_en": (
            "A clinic visit before, a hospital stay with an operation at a level-3 hospital (40,000 yuan), "
            "then a follow-up visit and a pharmacy purchase."
        ),
        "inputs": {"status": "employee", "age": 45, "wage_base": 10000.0},
        "events": [
            ("04-20", "outpatient", 400.0, "level1"),
            ("05-08", "inpatient", 40000.0, "level3"),
            ("06-03", "outpatient", 300.0, "level1"),
            ("06-05", "pharmacy", 260.0, "any"),
        ],
    },
)


def year_presets(year: int | None = None) -> list[dict]:
    """Example years (bilingual labels): id, label_*, description_*, inputs, events.

    Events carry month-day dates (``"03-12"``); with ``year`` they carry full dates, ready for
    ``simulate_year(city, year=year, events=preset["events"], **preset["inputs"])``.
    """
    if year is not None:
        year = checks.whole("year", year, *YEAR_RANGE)
    return [
        {
            **preset,
            "inputs": dict(preset["inputs"]),
            "events": [[day if year is None else str(dt.date(year, int(day[:2]), int(day[3:]))), *rest] for day, *rest in preset["events"]],
        }
        for preset in _PRESETS
    ]


def year_inputs(city: str | None, *, status: str = "employee", year: int) -> dict[str, bool]:
    """Which of ``wage_base``, ``age`` and ``pension`` the crediting rules of ``year`` use.

    Rules in force at any time in the year count, and those on either side of the city's reform
    (for :func:`compare_reform`): show those inputs, hide the others.
    """
    region = _region(city, "account_credit")
    status = checks.choice("status", status, STATUSES)
    year = checks.whole("year", year, *YEAR_RANGE)
    first, last = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    reform = _reform_date(region)
    sides = () if reform is None else (reform - pd.Timedelta(days=1), reform)
    rows = [
        r
        for r in _rules(region, "account_credit", status)
        if (r["valid_from"] <= last and (pd.isna(r["valid_to"]) or r["valid_to"] > first)) or any(in_force(r, day) for day in sides)
    ]
    return {
        "wage_base": any(r["basis"] == "wage_base" for r in rows),
        "age": any(not (pd.isna(r["age_min"]) and pd.isna(r["age_max"])) for r in rows),
        "pension": any(r["basis"] == "pension" for r in rows),
    }


def payer_shares(pooled_fund: float, personal_account: float, out_of_pocket: float) -> list[dict[str, Any]]:
    """The segments of a stacked bar: payer, amount (¥), share (% to one decimal, summing to 100), label_zh/_en.

    Shares are rounded by largest remainder, so they add up to exactly 100.0 (all 0 for a bill of 0).
    """
    amounts = [_cents(value) for value in (pooled_fund, personal_account, out_of_pocket)]
    total = sum(amounts)
    tenths = [amount * 1000 // total if total else 0 for amount in amounts]
    if total:
        remainders = sorted(range(len(amounts)), key=lambda i: amounts[i] * 1000 % total, reverse=True)
        for i in remainders[: 1000 - sum(tenths)]:
            tenths[i] += 1
    return [
        {"payer": payer, "amount": amount / 100, "share": tenth / 10, **labels("label", payer)}
        for payer, amount, tenth in zip(PAYERS, amounts, tenths, strict=True)
    ]


def _bill_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """What one bill was, with its kind and hospital level in both languages."""
    kind, level = row["kind"], row["hospital_level"]
    level_labels = labels("level", f"level_{level}") if kind != "pharmacy" else {"level_zh": "", "level_en": ""}
    return {
        "event": row["event"],
        "date": row["date"],
        "kind": kind,
        **labels("kind", f"care_{kind}"),
        "hospital_level": level,
        **level_labels,
        "amount": row["amount"],
    }


def _side(year: YearOfCare) -> dict[str, Any]:
    summary = year.summary
    return {
        "rules": summary["rules"],
        **labels("label", f"rules_{summary['rules']}"),
        "summary": summary,
        "bar": payer_shares(summary["pooled_fund"], summary["personal_account"], summary["out_of_pocket"]),
    }


def year_report(
    city: str | None,
    *,
    status: str = "employee",
    year: int,
    events: Sequence[Sequence[object]],
    wage_base: float | None = None,
    age: int | None = None,
    pension: float | None = None,
    opening_balance: float = 0.0,
    rules: str = "actual",
    retirement_year: int | None = None,
) -> dict[str, Any]:
    """A year of care as the page shows it, JSON-ready: the year's bar, each bill, and the reform comparison.

    ``year``: the run under ``rules`` (``rules``, ``label_*``, ``summary``, ``bar`` — see
    :func:`payer_shares`). ``events``: every bill in date order: what it was (``kind_*``,
    ``level_*``), and either its split (``computed`` true: pooled_fund, personal_account,
    out_of_pocket, ``bar``, ``rule`` ids, ``source_ids``, ``confidence``) or why the data cannot
    compute it (``computed`` false: ``reason_*``, the unknown ``rule`` and its ``sources``); such
    bills are left out of the totals. ``rules``: every rule applied, with readable ``sources``.
    ``comparison``: None for a city without a reform date; else the same bills ``before`` and
    ``after`` the reform (each like ``year``), ``difference``, ``net_gain``, ``explanation_*``
    and ``not_computed`` (bills left out of both sides), or — when a whole side cannot be
    computed (e.g. its crediting rule is unknown) — ``error_*`` and no sides.
    ``NotComputable`` is raised only when the year under ``rules`` cannot be computed at all.
    """
    inputs: dict[str, Any] = {
        "status": status,
        "year": year,
        "events": events,
        "wage_base": wage_base,
        "age": age,
        "pension": pension,
        "opening_balance": opening_balance,
        "retirement_year": retirement_year,
    }
    run = simulate_year(city, rules=rules, uncomputable="skip", **inputs)
    region = run.summary["city"]
    bills = [
        {**_bill_record(row), "computed": True, **{key: row[key] for key in _SPLIT_KEYS}, "bar": payer_shares(*(row[p] for p in PAYERS))}
        for row in _plain_rows(run.events)
    ]
    bills += [
        {**_bill_record(row), "computed": False, **{key: row[key] for key in _REASON_KEYS}, "sources": cite(row["source_ids"])}
        for row in run.not_computed
    ]
    bills.sort(key=lambda bill: (bill["date"], bill["event"]))
    comparison: dict[str, Any] | None = None
    if run.summary["reform_date"] is not None:
        comparison = {"reform_date": run.summary["reform_date"]}
        try:
            compared = compare_reform(region, uncomputable="skip", **inputs)
        except NotComputable as exc:
            comparison |= {"before": None, "after": None, "error_zh": exc.localized("zh"), "error_en": exc.localized("en")}
        else:
            comparison |= {
                "before": _side(compared.before),
                "after": _side(compared.after),
                "difference": compared.difference,
                "net_gain": compared.net_gain,
                "explanation_zh": compared.explanation_zh,
                "explanation_en": compared.explanation_en,
                "not_computed": [{**_bill_record(row), **{key: row[key] for key in _REASON_KEYS}} for row in compared.not_computed],
                "error_zh": None,
                "error_en": None,
            }
    return {
        "city": region,
        **region_labels(region),
        "year": _side(run),
        "events": bills,
        "rules": {
            rule_id: {**rule, "sources": cite(rule["source_ids"]), "report_url": _report_url(rule_id)}
            for rule_id, rule in run.rules.items()
        },
        "comparison": comparison,
    }


_SPLIT_KEYS = (
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
_REASON_KEYS = ("rules", "reason", "rule", "reason_zh", "reason_en", "source_ids")


def _report_url(rule_id: str) -> str:
    """The "report an error" form for a rule row (``region_params`` or ``inpatient_rules``)."""
    return correction_url(rule_id, "region_params" if rule_id in _params_by_id() else "inpatient_rules")


#: the UI strings the year's messages are built from (exported by :func:`year_rules`)
_TEXT_PREFIXES = ("why_", "what_", "year_bad_", "reform_better", "reform_worse", "reform_same", "rules_", "care_", "level_")


def year_rules(city: str | None) -> dict[str, Any]:
    """Every rule row :func:`simulate_year` may use for ``city``, JSON-ready, so a page can run the same year.

    ``rows``: id → the row (``region_params`` / ``inpatient_rules``: dates as ISO strings,
    unknown values None, ``table``, ``report_url``); ``citations``: source id → its readable
    citation (:func:`yibao.data.sources.cite`). ``credit``: status →
    ids of the crediting rules (the national ones where the city has none for a status);
    ``params``: parameter → ids of the city's outpatient and yearly-maximum rows (all statuses,
    standard scheme); ``inpatient``: region (the city, then ``national``) → parameter → ids.
    Also the ``reform_date``, ``benefit_year_start``, the city's and statuses' names, the limits
    the inputs are checked against, and ``text``: every message template a year can show
    (``{key: {"zh", "en"}}``; Python ``str.format`` fields such as ``{amount:,.2f}``).
    """
    region = _region(city, "account_credit")
    credit = {status: list(_credit_rules(region, status)) for status in STATUSES}
    params = [r for r in records("region_params") if r["region"] == region and r["parameter"] in _PARAMS_USED and not r["tier"]]
    inpatient = {
        place: [r for (where, _), group in _inpatient_index().items() if where == place for r in group] for place in (region, "national")
    }
    chosen = [*(r for rows in credit.values() for r in rows), *params, *(r for rows in inpatient.values() for r in rows)]
    tables = {row["id"]: ("region_params" if row["id"] in _params_by_id() else "inpatient_rules") for row in chosen}
    rows = {
        rule_id: {**plain(row), "table": tables[rule_id], "report_url": correction_url(row_key(tables[rule_id], row), tables[rule_id])}
        for rule_id, row in {row["id"]: row for row in chosen}.items()
    }
    source_ids = list(dict.fromkeys(s for row in rows.values() for s in row["source_ids"]))

    def grouped(group: Sequence[Row]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for row in group:
            out.setdefault(row["parameter"], []).append(row["id"])
        return out

    reform = reform_date(region)
    return {
        "city": region,
        **region_labels(region),
        "reform_date": None if reform is None else reform.isoformat(),
        "benefit_year_start": benefit_year_start(region),
        "statuses": {status: {lang: t(status, lang) for lang in LANGS} for status in STATUSES},
        "rows": rows,
        "citations": dict(zip(source_ids, cite(source_ids), strict=True)),
        "credit": {status: [row["id"] for row in group] for status, group in credit.items()},
        "params": grouped(params),
        "inpatient": {place: grouped(group) for place, group in inpatient.items()},
        "limits": {
            "max_bill": MAX_BILL,
            "max_wage": MAX_WAGE,
            "max_balance": MAX_BALANCE,
            "max_events": MAX_EVENTS,
            "age": list(AGE_RANGE),
            "years": list(YEAR_RANGE),
        },
        "kinds": list(KINDS),
        "levels": list(HOSPITAL_LEVELS),
        "primary_care": list(PRIMARY_CARE),
        "payers": list(PAYERS),
        "confidence": list(CONFIDENCE),
        "text": {key: {lang: t(key, lang) for lang in LANGS} for key in STRINGS if key.startswith(_TEXT_PREFIXES) or key in PAYERS},
    }
