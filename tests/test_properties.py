"""Property-based tests (hypothesis) for the calculators: ``monthly_personal_credit`` and
``project_balances`` over the real cities, statuses and dated rules in ``data/``.

Properties
- valid input gives a result, or ``NotComputable`` (a ``ValueError``) for the documented
  not-computable rules (age/pension needed, amount not recorded, local average, no rule) —
  never any other exception;
- the balance is never negative and follows ``balance = previous + credit - spend``, so it never
  resets at a benefit-year start (with no spending it never drops at all);
- the credit is monotone non-decreasing in the wage base (same city/status/date/age/pension);
- the base a rule uses is the wage clamped to the city's known floor and ceiling for the date
  (read from the data independently), and is the wage itself where no limit is known;
- ``0 <= pooled_outpatient_remaining <= pooled_outpatient_cap`` whenever a cap is recorded;
- invalid input (NaN, ±inf, negative, huge, wrong types, months 0/negative/601, dates before
  1998-12-14 or after 2099-12-31, unparsable dates, unknown cities/statuses/languages) raises
  ``ValueError`` whose message names the valid range or choices.

``EXAMPLES`` holds the number of examples each property is run with (``TOTAL_EXAMPLES`` their
sum; ten times as many with ``HYPOTHESIS_PROFILE=thorough``, see ``conftest.examples``);
``RUN_COUNTS`` counts the examples actually tried in this process (reported at the end of the
session by ``test_report_example_counts``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import yibao
from yibao.data.regions import resolve_region
from yibao.data.store import records
from yibao.data.tables import STATUSES
from yibao.rules.core import fen
from yibao.rules.credit import AGE_RANGE, CREDIT_STATUSES, MAX_BALANCE, MAX_MONTHS, MAX_WAGE, NotComputable

from .conftest import examples

# --- sizes -------------------------------------------------------------------------------------

EXAMPLES = {
    name: examples(count)
    for name, count in {
        "credit_valid": 400,
        "credit_monotone": 250,
        "credit_invalid": 300,
        "credit_any_date_text": 200,
        "projection_valid": 150,
        "projection_no_spend": 75,
        "projection_matches_credit": 50,
        "projection_invalid": 300,
    }.items()
}
TOTAL_EXAMPLES = sum(EXAMPLES.values())
RUN_COUNTS: Counter[str] = Counter()


def _settings(name: str):
    return settings(max_examples=EXAMPLES[name], deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- the data's own universe ------------------------------------------------------------------

EARLIEST = dt.date(1998, 12, 14)
LATEST = dt.date(2099, 12, 31)
DATE_RANGE = "from 1998-12-14 to 2099-12-31"
WAGE_RANGE = f"from 0 to {MAX_WAGE:,.0f}"  # "from 0 to 1,000,000"
BALANCE_RANGE = f"from 0 to {MAX_BALANCE:,.0f}"
MONTHS_RANGE = f"from 1 to {MAX_MONTHS}"
AGE_TEXT = f"from {AGE_RANGE[0]} to {AGE_RANGE[1]}"

PARAMS = records("region_params")
CREDIT_CITIES = sorted({r["region"] for r in PARAMS if r["parameter"] == "account_credit"} - {"national"})
ALL_REGION_IDS = {r["id"] for r in records("regions")}
NOT_CREDIT_CITIES = sorted(ALL_REGION_IDS - set(CREDIT_CITIES) - {"national"})


def _boundary_dates() -> list[dt.date]:
    """Every date a rule starts or ends on, and the days either side (off-by-one hunting)."""
    days = {EARLIEST, LATEST}
    for row in PARAMS:
        for stamp in (row["valid_from"], row["valid_to"]):
            if isinstance(stamp, pd.Timestamp) and not pd.isna(stamp):
                for shift in (-1, 0, 1):
                    day = (stamp + pd.Timedelta(days=shift)).date()
                    if EARLIEST <= day <= LATEST:
                        days.add(day)
    for region in records("regions"):
        if isinstance(region["reform_date"], pd.Timestamp) and not pd.isna(region["reform_date"]):
            days.add(region["reform_date"].date())
    return sorted(days)


BOUNDARY_DATES = _boundary_dates()

cities = st.sampled_from([None, "national", *CREDIT_CITIES])
statuses = st.sampled_from(STATUSES)  # the projection's
credit_statuses = st.sampled_from(CREDIT_STATUSES)  # the calculator's: flexible workers too
years_answers = st.sampled_from([None, True, False])


def _names_a_credit_city(text: str) -> bool:
    """Whether ``text`` names a place with crediting rules, as people write it ("Beijing", "北京市")."""
    try:
        return resolve_region(text) in {*CREDIT_CITIES, "national"}
    except ValueError:
        return False


def _limits(city: str | None, on, status: str) -> dict[str, float]:
    """The known contribution-base floor and ceiling in force (from the data, independently of the calculator).

    A status with limits of its own in force (Chengdu's flexible workers) uses only those, known or not.
    """
    day = pd.Timestamp(on).tz_localize(None).normalize() if pd.Timestamp(on).tzinfo else pd.Timestamp(on).normalize()
    rows = [
        r
        for r in PARAMS
        if r["region"] == (city or "national")
        and r["parameter"] in ("base_floor", "base_ceiling")
        and r["status"] in ("all", status)
        and not r["tier"]
        and r["valid_from"] <= day
        and (pd.isna(r["valid_to"]) or day < r["valid_to"])
    ]
    found: dict[str, float] = {}
    for parameter in ("base_floor", "base_ceiling"):
        mine = [r for r in rows if r["parameter"] == parameter]
        own = [r for r in mine if r["status"] == status] or mine
        found |= {parameter.removeprefix("base_"): float(r["value"]) for r in own if not pd.isna(r["value"])}
    return found


langs = st.sampled_from(["zh", "en"])
valid_days = st.one_of(
    st.sampled_from(BOUNDARY_DATES),
    st.dates(EARLIEST, dt.date(2030, 12, 31)),  # where the rules change
    st.dates(EARLIEST, LATEST),
)


def _as_date_like(day: dt.date, form: str):
    if form == "date":
        return day
    if form == "datetime":
        return dt.datetime(day.year, day.month, day.day, 12, 30)
    if form == "timestamp":
        return pd.Timestamp(day)
    return day.isoformat()


date_forms = st.sampled_from(["date", "datetime", "timestamp", "iso"])
valid_dates = st.builds(_as_date_like, valid_days, date_forms)
money = st.one_of(
    st.just(0),
    st.just(0.0),
    st.integers(0, 40_000),
    st.floats(0, 40_000, allow_nan=False),
    st.floats(0, MAX_WAGE, allow_nan=False),
    st.just(MAX_WAGE),
    st.just(int(MAX_WAGE)),
)
ages = st.one_of(st.none(), st.integers(*AGE_RANGE), st.sampled_from([16, 34, 35, 44, 45, 46, 69, 70, 74, 75, 120]))
pensions = st.one_of(st.none(), money)

# Invalid values of each kind.
bad_types = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=8),
    st.lists(st.integers(0, 10), max_size=2),
    st.just(object()),
    st.just(complex(1, 1)),
)
bad_money = st.one_of(
    st.just(math.nan),
    st.just(math.inf),
    st.just(-math.inf),
    st.floats(max_value=-1e-9, allow_nan=False),
    st.integers(max_value=-1),
    st.floats(min_value=MAX_WAGE * (1 + 1e-12), allow_nan=False),
    st.integers(min_value=int(MAX_WAGE) + 1),
    st.just(10**400),  # too big for a float
    bad_types,
)
bad_months = st.one_of(
    st.integers(max_value=0),
    st.integers(min_value=MAX_MONTHS + 1),
    st.just(MAX_MONTHS + 1),
    st.floats(allow_nan=True),
    st.just(12.0),
    bad_types,
)
bad_ages = st.one_of(
    st.integers(max_value=AGE_RANGE[0] - 1),
    st.integers(min_value=AGE_RANGE[1] + 1),
    st.floats(allow_nan=True),
    st.booleans(),
    st.text(max_size=3),
)
bad_days = st.one_of(
    st.dates(max_value=EARLIEST - dt.timedelta(days=1)),
    st.dates(min_value=LATEST + dt.timedelta(days=1)),
    st.just(EARLIEST - dt.timedelta(days=1)),
    st.just(LATEST + dt.timedelta(days=1)),
)
bad_dates = st.one_of(
    st.builds(_as_date_like, bad_days, st.sampled_from(["date", "datetime", "iso"])),
    st.sampled_from(["", "later", "2024-13-01", "2024-02-30", "1990-01-01", "2100-01-01", "0000-00-00", "NaT"]),
    st.just(pd.NaT),
    st.integers(),
    st.floats(allow_nan=True),
    st.just(np.datetime64("2024-01-01")),
)


def _range_named(message: str, *fragments: str) -> bool:
    return all(fragment in message for fragment in fragments)


# --- monthly_personal_credit ---------------------------------------------------------------------


@_settings("credit_valid")
@given(wage=money, status=credit_statuses, city=cities, on=valid_dates, age=ages, pension=pensions, years=years_answers, lang=langs)
def test_credit_valid_input_gives_a_result_or_not_computable(wage, status, city, on, age, pension, years, lang):
    RUN_COUNTS["credit_valid"] += 1
    years = years if status == "retiree" else None
    try:
        credit = yibao.monthly_personal_credit(
            wage, status=status, city=city, on=on, pension=pension, age=age, contribution_years_met=years, lang=lang
        )
    except NotComputable as exc:
        assert str(exc) and exc.localized("zh") and exc.localized("en")
        return
    assert credit.outcome == ("keep_paying" if years is False else "credited")
    if credit.wage_base_used is not None:  # a rule uses the base: the wage clamped to the known limits
        limits = _limits(city, on, status)
        expected = min(max(float(wage), limits.get("floor", -math.inf)), limits.get("ceiling", math.inf))
        assert credit.wage_base_used == pytest.approx(expected)
        assert credit.base_clamped == (None if expected == float(wage) else ("floor" if expected > wage else "ceiling"))
        assert {limit.limit for limit in credit.base_limits if limit.value is not None} == set(limits)
    parts = credit.employee_part + credit.employer_part + credit.pooled_fund_part
    assert math.isfinite(credit.amount) and credit.amount >= 0
    assert credit.amount == pytest.approx(parts)
    assert min(credit.employee_part, credit.employer_part, credit.pooled_fund_part) >= 0
    assert credit.amount == pytest.approx(sum(p.amount for p in credit.parts))
    assert credit.city == (city or "national") and credit.status == status
    assert credit.on == pd.Timestamp(on).date()
    assert credit.valid_from <= credit.on
    assert credit.source_ids and credit.rule
    assert credit.confidence in ("high", "medium", "low", "unverified")


@_settings("credit_monotone")
@given(
    wages=st.tuples(money, money),
    status=credit_statuses,
    city=cities,
    on=valid_dates,
    age=ages,
    pension=pensions,
)
def test_credit_is_monotone_in_the_wage_base(wages, status, city, on, age, pension):
    RUN_COUNTS["credit_monotone"] += 1
    low, high = sorted(wages)
    outcomes = []
    for wage in (low, high):
        try:
            outcomes.append(yibao.monthly_personal_credit(wage, status=status, city=city, on=on, pension=pension, age=age))
        except NotComputable as exc:
            outcomes.append(exc.reason)
    lower, higher = outcomes
    if isinstance(lower, str) or isinstance(higher, str):
        assert lower == higher, "whether a rule is computable must not depend on the wage base"
        return
    assert lower.amount <= higher.amount
    for a, b in zip(lower.parts, higher.parts, strict=True):
        assert a.row_id == b.row_id and a.amount <= b.amount and a.description == b.description
    # the rules and their sources do not depend on the wage (the rule text names the wage and the clamp)
    assert lower.source_ids == higher.source_ids and lower.base_limits == higher.base_limits
    assert (lower.wage_base_used is None) == (higher.wage_base_used is None)
    if lower.wage_base_used is not None:
        assert lower.wage_base_used <= higher.wage_base_used


@_settings("credit_invalid")
@given(data=st.data(), field=st.sampled_from(["wage_base", "on", "age", "pension", "status", "city", "lang"]))
def test_credit_invalid_input_names_the_valid_range(data, field):
    RUN_COUNTS["credit_invalid"] += 1
    kwargs = {"wage_base": 8000, "on": "2024-03-01", "age": 40, "pension": 4000, "status": "employee", "city": "beijing", "lang": "zh"}
    strategy, expected = {
        "wage_base": (bad_money, ("wage_base", WAGE_RANGE)),
        "pension": (bad_money.filter(lambda v: v is not None), ("pension", WAGE_RANGE)),
        "on": (bad_dates, ("on must be a date", DATE_RANGE)),
        "age": (bad_ages, ("age", AGE_TEXT)),
        "status": (
            st.text(max_size=10).filter(lambda s: s not in CREDIT_STATUSES) | bad_types,
            ("status", "valid: employee, retiree, flexible"),
        ),
        "city": (
            st.text(max_size=10).filter(lambda s: not _names_a_credit_city(s)) | st.sampled_from(NOT_CREDIT_CITIES or ["x"]),
            ("city", "valid: ", CREDIT_CITIES[0]),
        ),
        "lang": (st.text(max_size=4).filter(lambda s: s not in ("zh", "en")) | bad_types, ("language", "valid: zh, en")),
    }[field]
    kwargs[field] = data.draw(strategy, label=field)
    with pytest.raises(ValueError) as caught:
        yibao.monthly_personal_credit(kwargs.pop("wage_base"), **kwargs)
    assert not isinstance(caught.value, NotComputable), caught.value
    assert _range_named(str(caught.value), *expected), str(caught.value)


@_settings("credit_any_date_text")
@given(text=st.text(max_size=25) | st.from_regex(r"\A\d{1,5}[-/.]\d{1,2}[-/.]\d{1,4}\Z"))
def test_credit_any_date_text_gives_a_result_or_a_value_error(text):
    """Whatever a user types as a date: a result (in range) or a ValueError naming the range."""
    RUN_COUNTS["credit_any_date_text"] += 1
    try:
        credit = yibao.monthly_personal_credit(8000, on=text)
    except NotComputable:
        return
    except ValueError as exc:
        assert DATE_RANGE in str(exc), str(exc)
        return
    assert EARLIEST <= credit.on <= LATEST


# --- project_balances -------------------------------------------------------------------------------

month_counts = st.one_of(st.integers(1, 36), st.integers(1, MAX_MONTHS), st.sampled_from([1, 12, 13, 24, MAX_MONTHS]))
spends = st.one_of(st.just(0), st.integers(0, 3000), st.floats(0, MAX_WAGE, allow_nan=False))
openings = st.one_of(st.just(0), st.integers(0, 50_000), st.floats(0, MAX_BALANCE, allow_nan=False))
stops = st.one_of(st.none(), valid_dates)


def _ends_too_late(start, months: int) -> bool:
    first = pd.Timestamp(start).to_period("M").to_timestamp()
    return first + pd.DateOffset(months=months - 1) > pd.Timestamp(LATEST)


def _project(**kwargs) -> pd.DataFrame | None:
    """The projection, or None when it is documented as not computable (or ends after 2099)."""
    try:
        return yibao.project_balances(kwargs.pop("start"), kwargs.pop("months"), **kwargs)
    except NotComputable as exc:
        assert str(exc)
        return None


def _check_projection(frame: pd.DataFrame, *, start, months: int, opening: float, spend: float, cost: float, stop) -> None:
    assert len(frame) == months
    opening, spend, cost = (fen(amount) / 100 for amount in (opening, spend, cost))  # money is kept in whole fen
    first = pd.Timestamp(start).to_period("M").to_timestamp()
    assert list(frame["month"]) == [first + pd.DateOffset(months=i) for i in range(months)]
    balance, credit, spent = (frame[c].to_numpy(dtype=float) for c in ("personal_balance", "credit", "spend"))
    assert np.isfinite(balance).all() and np.isfinite(credit).all() and np.isfinite(spent).all()
    assert (balance >= 0).all(), "balance went negative"
    assert (credit >= 0).all() and (spent >= 0).all() and (spent <= spend + 1e-9).all()
    previous = np.concatenate([[opening], balance[:-1]])
    # The balance carries over: each month is last month's balance + credit - spend (no reset).
    np.testing.assert_allclose(balance, previous + credit - spent, rtol=1e-9, atol=1e-6)
    # Spending is only cut short when the account runs dry.
    short = spent < spend - 1e-9
    assert (balance[short] <= 1e-6).all()
    # At a benefit-year start the balance drops only by what was spent that month.
    new_year = frame["benefit_year_start"].to_numpy(dtype=bool)
    assert (balance[new_year] >= previous[new_year] - spent[new_year] - 1e-6).all()
    assert new_year[0]
    insured = frame["insured"].to_numpy(dtype=bool)
    if stop is None:
        assert insured.all()
    else:
        stop_day = pd.Timestamp(stop).normalize()
        assert list(insured) == [m < stop_day for m in frame["month"]]
    assert (credit[~insured] == 0).all()
    # The pooled outpatient quota stays within [0, cap] where a cap is recorded.
    cap = frame["pooled_outpatient_cap"].to_numpy(dtype=float)
    remaining = frame["pooled_outpatient_remaining"].to_numpy(dtype=float)
    used = frame["pooled_outpatient_used"].to_numpy(dtype=float)
    paid = frame["pooled_outpatient_paid"].to_numpy(dtype=float)
    known = ~np.isnan(cap)
    assert (remaining[known] >= 0).all() and (remaining[known] <= cap[known] + 1e-9).all()
    assert (remaining[known & ~insured] == 0).all()
    assert np.isnan(remaining[~known]).all()
    assert (paid >= 0).all() and (paid <= cost + 1e-6).all()
    assert (paid[~insured] == 0).all()
    assert (used[~np.isnan(used)] >= 0).all()
    # Within a benefit year, what the pool has paid only grows (it resets at the year start).
    for i in range(1, months):
        if not new_year[i] and not np.isnan(used[i]) and not np.isnan(used[i - 1]):
            assert used[i] >= used[i - 1] - 1e-9


@_settings("projection_valid")
@given(
    start=valid_dates,
    months=month_counts,
    wage=money,
    status=statuses,
    city=cities,
    opening=openings,
    spend=spends,
    cost=spends,
    stop=stops,
    age=ages,
    pension=pensions,
)
def test_projection_valid_input_keeps_its_invariants(start, months, wage, status, city, opening, spend, cost, stop, age, pension):
    RUN_COUNTS["projection_valid"] += 1
    kwargs = dict(
        start=start,
        months=months,
        wage_base=wage,
        status=status,
        city=city,
        opening_balance=opening,
        personal_spend_per_month=spend,
        outpatient_cost_per_month=cost,
        stop_contributing=stop,
        pension=pension,
        age=age,
    )
    if _ends_too_late(start, months):
        with pytest.raises(ValueError, match="must end by 2099-12-31"):
            yibao.project_balances(kwargs.pop("start"), kwargs.pop("months"), **kwargs)
        return
    frame = _project(**kwargs)
    if frame is not None:
        _check_projection(frame, start=start, months=months, opening=float(opening), spend=float(spend), cost=float(cost), stop=stop)


@_settings("projection_no_spend")
@given(
    start=valid_dates,
    months=month_counts,
    wage=money,
    status=statuses,
    city=cities,
    opening=openings,
    stop=stops,
    age=st.integers(*AGE_RANGE),
    pension=money,
)
def test_projection_without_spending_never_drops(start, months, wage, status, city, opening, stop, age, pension):
    """With nothing spent the balance never falls: not at a year end, not after contributions stop."""
    RUN_COUNTS["projection_no_spend"] += 1
    if _ends_too_late(start, months):
        return
    frame = _project(
        start=start,
        months=months,
        wage_base=wage,
        status=status,
        city=city,
        opening_balance=opening,
        stop_contributing=stop,
        age=age,
        pension=pension,
    )
    if frame is None:
        return
    balance = frame["personal_balance"].to_numpy(dtype=float)
    opening = fen(float(opening)) / 100  # money is kept in whole fen
    assert (np.diff(np.concatenate([[opening], balance])) >= -1e-9).all()
    assert balance[-1] >= opening - 1e-9


@_settings("projection_matches_credit")
@given(start=valid_days, months=st.integers(1, 30), wage=money, status=statuses, city=cities, age=st.integers(*AGE_RANGE), pension=money)
def test_projection_credits_what_the_calculator_says(start, months, wage, status, city, age, pension):
    """Each insured month credits monthly_personal_credit(...) of that month (monthly rules)."""
    RUN_COUNTS["projection_matches_credit"] += 1
    if _ends_too_late(start, months):
        return
    frame = _project(start=start, months=months, wage_base=wage, status=status, city=city, age=age, pension=pension)
    if frame is None:
        return
    for i in sorted({0, months // 2, months - 1}):
        month = frame["month"].iloc[i]
        on = max(month, pd.Timestamp(start))  # the first month's rules apply from the start day
        credit = yibao.monthly_personal_credit(wage, status=status, city=city, on=on, pension=pension, age=min(age + i // 12, AGE_RANGE[1]))
        if not any(p.yearly for p in credit.parts):
            assert frame["credit"].iloc[i] == pytest.approx(credit.amount), (month, credit.rule)


@_settings("projection_invalid")
@given(
    data=st.data(),
    field=st.sampled_from(
        [
            "start",
            "months",
            "wage_base",
            "opening_balance",
            "personal_spend_per_month",
            "outpatient_cost_per_month",
            "stop_contributing",
            "pension",
            "age",
            "status",
            "city",
        ]
    ),
)
def test_projection_invalid_input_names_the_valid_range(data, field):
    RUN_COUNTS["projection_invalid"] += 1
    kwargs = {"start": "2024-01-01", "months": 12, "wage_base": 8000, "city": "guangzhou", "age": 40, "pension": 4000}
    strategy, expected = {
        "start": (bad_dates | st.none(), ("start must be a date", DATE_RANGE)),
        "months": (bad_months, ("months", MONTHS_RANGE)),
        "wage_base": (bad_money, ("wage_base", WAGE_RANGE)),
        "opening_balance": (
            bad_money.filter(lambda v: not (isinstance(v, (int, float)) and 0 <= v <= MAX_BALANCE)),
            ("opening_balance", BALANCE_RANGE),
        ),
        "personal_spend_per_month": (bad_money, ("personal_spend_per_month", WAGE_RANGE)),
        "outpatient_cost_per_month": (bad_money, ("outpatient_cost_per_month", WAGE_RANGE)),
        "stop_contributing": (bad_dates, ("stop_contributing must be a date", DATE_RANGE)),
        "pension": (bad_money.filter(lambda v: v is not None), ("pension", WAGE_RANGE)),
        "age": (bad_ages, ("age", AGE_TEXT)),
        "status": (st.text(max_size=10).filter(lambda s: s not in STATUSES) | bad_types, ("status", "valid: employee, retiree")),
        "city": (st.text(max_size=10).filter(lambda s: not _names_a_credit_city(s)), ("city", "valid: ")),
    }[field]
    kwargs[field] = data.draw(strategy, label=field)
    with pytest.raises(ValueError) as caught:
        yibao.project_balances(kwargs.pop("start"), kwargs.pop("months"), **kwargs)
    assert not isinstance(caught.value, NotComputable), caught.value
    assert _range_named(str(caught.value), *expected), str(caught.value)


# --- findings: each of these failed before its fix --------------------------------------------------


@pytest.mark.parametrize("field", ["wage_base", "pension"])
def test_huge_integer_money_is_a_value_error_not_an_overflow(field):
    """``float(10**400)`` raises OverflowError inside ``checks.number``: a crash, not a message."""
    kwargs = {"wage_base": 8000, "on": "2024-03-01", "pension": 4000, "age": 40, "city": "nanjing", "status": "retiree"} | {field: 10**400}
    with pytest.raises(ValueError, match=WAGE_RANGE):
        yibao.monthly_personal_credit(kwargs.pop("wage_base"), **kwargs)
    with pytest.raises(ValueError, match=WAGE_RANGE):
        yibao.project_balances("2024-01-01", 12, **{"wage_base": 8000, field: 10**400})


@pytest.mark.parametrize("value", [np.int64(8000), np.int32(8000), np.float32(8000)], ids=lambda v: type(v).__name__)
def test_numpy_numbers_are_accepted(value):
    """A wage read from a DataFrame is a numpy scalar; 8000 is 8000 whatever its type."""
    assert yibao.monthly_personal_credit(value, on="2024-01-01").amount == pytest.approx(160)
    frame = yibao.project_balances("2024-01-01", np.int64(12), wage_base=value, age=np.int64(40))
    assert frame["personal_balance"].iloc[-1] == pytest.approx(12 * 160)


@pytest.mark.parametrize("text", ["01/02/2024", "13/01/2024", "Jan 2 2024", "12:00", "now"])
def test_non_iso_date_strings_are_rejected(text):
    """The docs promise ISO dates; '01/02/2024' silently became 2 January, '12:00' today."""
    with pytest.raises(ValueError, match=DATE_RANGE):
        yibao.monthly_personal_credit(8000, on=text)


def test_projection_uses_the_rules_of_the_start_day():
    """start=1998-12-14 is the earliest valid date, but the projection's first month was taken
    as 1998-12-01 — before any rule — so it failed with "no rule … on 1998-12-01". Now the first
    month follows the rules in force on the start day: in 1998 the national employer share is
    not recorded (a documented NotComputable), and from 2021-04-22 the own 2% applies at once."""
    with pytest.raises(NotComputable) as caught:
        yibao.project_balances(EARLIEST, 12, wage_base=8000)
    assert caught.value.reason == "not_recorded" and "1998-12-01" not in str(caught.value)
    frame = yibao.project_balances("2021-04-22", 12, wage_base=8000)
    assert frame["credit"].iloc[0] == pytest.approx(160)


# --- report -------------------------------------------------------------------------------------------


def test_report_example_counts(capsys):
    """Not a check: prints how many examples the properties above tried in this run."""
    with capsys.disabled():
        tried = sum(RUN_COUNTS.values())
        print(f"\n[test_properties] configured {TOTAL_EXAMPLES} examples; tried {tried}: {dict(RUN_COUNTS)}")
