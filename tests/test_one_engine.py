"""One rule for a month's credit: the calculator, the balance chart and the year of care agree.

:func:`yibao.monthly_personal_credit` says what is paid into the personal account in a month
(``paid_this_month``: the monthly parts, and a yearly credit in the month it is paid). The year of
care (:func:`yibao.simulate_year`) and the balance chart (:func:`yibao.project_balances`) credit
exactly that, to the cent, for any city, status, date, wage and age — or all of them say why they
cannot, in the same words. The wage is clamped to the contribution-base limits in each of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import yibao
from yibao import NotComputable
from yibao.rules.credit import credit_cities

from .conftest import examples

CITIES = ("national", *credit_cities())
STATUSES = ("employee", "retiree", "flexible")
WAGES = st.one_of(
    st.sampled_from([0.0, 1000.0, 3000.0, 8000.0, 35000.0, 60000.0, 200000.0]),
    st.decimals(0, 80000, places=2).map(float),
)


def _city(city: str) -> str | None:
    return None if city == "national" else city


def _extra(person: dict[str, Any]) -> dict[str, Any]:
    return {"age": person["age"], "pension": person["pension"]}


def _month(city: str, status: str, on: dt.date, person: dict[str, Any]) -> tuple[str, Any]:
    """("paid", ¥ paid in the month) or ("why", the reason in both languages)."""
    try:
        credit = yibao.monthly_personal_credit(person["wage_base"], status=status, city=_city(city), on=on, **_extra(person))
    except NotComputable as exc:
        return "why", (exc.localized("zh"), exc.localized("en"))
    return "paid", round(credit.paid_this_month, 2)


def test_year_of_care_clamps_the_wage_as_the_calculator_does() -> None:
    """A Beijing worker earning ¥60,000 a month in 2024: the base is the ceiling in both."""
    calculator = yibao.monthly_personal_credit(60000, city="beijing", on="2024-03-01", age=40)
    assert calculator.base_clamped == "ceiling"
    year = yibao.simulate_year("beijing", year=2024, events=[], wage_base=60000, age=40)
    assert year.credits["amount"].iloc[2] == round(calculator.paid_this_month, 2)
    months = [_month("beijing", "employee", dt.date(2024, m, 1), {"wage_base": 60000.0, "age": 40, "pension": None}) for m in range(1, 13)]
    assert list(year.credits["amount"]) == [amount for _, amount in months]
    assert year.summary["credits_received"] < 12 * 60000 * 0.02


def test_a_yearly_credit_is_paid_once_in_its_month() -> None:
    """Shanghai's retirees: a yearly amount paid in the month the benefit year starts, not a monthly figure."""
    july = yibao.monthly_personal_credit(0, status="retiree", city="shanghai", on="2025-07-01", age=70)
    august = yibao.monthly_personal_credit(0, status="retiree", city="shanghai", on="2025-08-01", age=70)
    yearly = [part for part in july.parts if part.yearly]
    assert yearly, "Shanghai's retirees are credited once a year"
    assert july.paid_this_month == pytest.approx(august.paid_this_month + sum(p.yearly_amount for p in yearly))
    assert july.yearly_month == august.yearly_month == 7
    assert "每年" in july.rule or "一次" in july.rule


#: wages whose credit ends in half a fen (2 % of ¥8,000.25 is ¥160.005): rounded once, half up, alike everywhere
HALF_FEN = (
    ("shenzhen", "employee", 2020, 53941.10, 30, None),
    ("beijing", "employee", 2024, 8000.25, 40, None),
    ("shanghai", "employee", 2024, 8001.75, 40, None),
)


def test_half_a_fen_is_rounded_up_once_in_each_part() -> None:
    """Each part of a credit is rounded to the fen, half up, exactly (no float artefact), and the month is their sum."""
    shenzhen = yibao.monthly_personal_credit(53941.10, city="shenzhen", on="2020-06-01", age=30)
    assert [part.amount for part in shenzhen.parts] == [1078.82, 1618.23]  # 2 % is ¥1,078.822, 3 % ¥1,618.233
    assert shenzhen.amount == shenzhen.paid_this_month == 2697.05
    assert yibao.monthly_personal_credit(8000.25, city="beijing", on="2024-03-01", age=40).amount == 160.01
    assert yibao.monthly_personal_credit(8001.75, city="shanghai", on="2024-03-01", age=40).amount == 160.04
    year = yibao.simulate_year("shenzhen", year=2020, events=[], wage_base=53941.10, age=30)
    assert set(year.credits["amount"]) == {2697.05}


def _half_fen(test: Any) -> Any:
    for city, status, year, wage, age, pension in HALF_FEN:
        test = example(city=city, status=status, year=year, wage=wage, age=age, pension=pension)(test)
    return test


@_half_fen
@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    city=st.sampled_from(CITIES),
    status=st.sampled_from(STATUSES),
    year=st.integers(2020, 2026),
    wage=WAGES,
    age=st.integers(18, 100),
    pension=st.sampled_from([None, 2500.0, 6000.0]),
)
def test_year_of_care_credits_what_the_calculator_says(city: str, status: str, year: int, wage: float, age: int, pension: float | None):
    person = {"wage_base": wage, "age": age, "pension": pension}
    months = [_month(city, status, dt.date(year, m, 1), person) for m in range(1, 13)]
    try:
        run = yibao.simulate_year(_city(city), status=status, year=year, events=[], **person)
    except NotComputable as exc:
        assert ("why", (exc.localized("zh"), exc.localized("en"))) == next(m for m in months if m[0] == "why")
        return
    assert [("paid", amount) for amount in run.credits["amount"]] == months


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    city=st.sampled_from(CITIES),
    status=st.sampled_from(STATUSES),
    start=st.integers(2019 * 12 + 1, 2026 * 12),
    wage=WAGES,
    age=st.integers(18, 100),
    pension=st.sampled_from([None, 2500.0, 6000.0]),
)
def test_balance_chart_credits_what_the_calculator_says(city: str, status: str, start: int, wage: float, age: int, pension: float | None):
    first = dt.date(start // 12, start % 12 + 1, 1)
    months = 12
    expected = []
    for i in range(months):
        index = start + i
        on = dt.date(index // 12, index % 12 + 1, 1)
        expected.append(_month(city, status, on, {"wage_base": wage, "age": min(age + i // 12, 120), "pension": pension}))
    try:
        frame = yibao.project_balances(first, months, wage_base=wage, status=status, city=_city(city), age=age, pension=pension)
    except NotComputable as exc:
        assert ("why", (exc.localized("zh"), exc.localized("en"))) == next(m for m in expected if m[0] == "why")
        return
    assert [("paid", round(amount, 2)) for amount in frame["credit"]] == expected
