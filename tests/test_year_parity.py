"""The year of care in the browser computes as Python does: ``js/year_rules.js`` run by node on the
rows :func:`yibao.year_rules` exports, against :func:`yibao.year_report` (which runs
:func:`yibao.simulate_year` and :func:`yibao.compare_reform`); the inputs it shows are those of :func:`yibao.year_inputs`.

Hypothesis generates the years (city, status, age, wage, pension, opening balance, rule set, and
bills dated around the reform dates, benefit-year starts and the ends of the year, of every kind
and level, amounts from 0 and fractions of a fen to negative and past the maximum). Every case is
computed in Python first, then all of them in ONE node process per test; the reports must be
equal to the cent (every bill's split, the totals, the comparison), and a year Python rejects must
give the same message in both languages. The synthetic data of ``tests/test_year.py`` (where
hospital stays, the yearly maximum and the layer above it can be computed) is run the same way.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

import yibao
import yibao.data.regions
from yibao.data.store import generation
from yibao.data.tables import HOSPITAL_LEVELS, STATUSES
from yibao.rules.credit import NotComputable, credit_cities
from yibao.rules.year import KINDS, MAX_BALANCE, MAX_BILL, MAX_EVENTS, MAX_WAGE, YearInputError

from .conftest import drawn, examples, parity_cases
from .node import needs_node, run_module
from .test_year import make_synthetic, using

RUNNER = """
const { rules, cases } = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = cases.map(({ city, inputs }) => ({ report: yearReport(rules[city], inputs) }));
process.stdout.write(JSON.stringify(out));
"""

pytestmark = needs_node

CITIES = tuple(credit_cities())
RULE_SETS = ("actual", "actual", "before_reform", "after_reform")


def _days_near(year: int) -> list[str]:
    """Dates where a rule or a year turns: around every city's reform date and benefit-year start, and the year's ends."""
    days: set[dt.date] = set()
    turns = [dt.date(year, 1, 1), dt.date(year, 7, 1), dt.date(year, 12, 31)]
    turns += [dt.date(year, d.month, d.day) for d in (yibao.data.regions.reform_date(c) for c in CITIES) if d is not None]
    for turn in turns:
        days.update(turn + dt.timedelta(days=shift) for shift in (-1, 0, 1))
    return sorted(day.isoformat() for day in days)


def yuan(high: int) -> st.SearchStrategy[float]:
    """Amounts in whole fen from ¥0 to ``high`` (the floats ``Decimal`` would give, drawn far faster)."""
    return st.integers(0, high * 100).map(lambda fen: fen / 100)


AMOUNT = st.one_of(
    st.integers(0, 3000).map(float),
    yuan(200000),
    st.sampled_from([0.0, 0.004, 0.005, 0.015, 12.345, 0.1 + 0.2, 99.995, MAX_BILL, MAX_BILL + 0.01, 1e9, -0.01, -5.0]),
    st.floats(0, 1.1e7, allow_nan=False),
)
MONEY = st.one_of(
    st.none(),
    st.integers(0, 40000).map(float),
    yuan(30000),
    st.sampled_from([0.0, MAX_WAGE, MAX_WAGE + 1, -1.0]),
)


@dataclass(frozen=True)
class Dates:
    """Where the bills of one year fall: just outside it, on a day where a rule or the year turns, any day in it."""

    outside: st.SearchStrategy[str]
    turns: st.SearchStrategy[str]
    inside: st.SearchStrategy[str]


def bills(year: int, kinds: tuple[str, ...] = KINDS, min_size: int = 0, max_size: int = 7) -> st.SearchStrategy[list[list[Any]]]:
    """Lists of bills of ``year`` (built once for the data in use: hypothesis checks every strategy it is given anew)."""
    return _bills(year, kinds, min_size, max_size, generation())


@cache
def _bills(year: int, kinds: tuple[str, ...], min_size: int, max_size: int, data: tuple[str, int]) -> st.SearchStrategy[list[list[Any]]]:
    outside = st.sampled_from([dt.date(year - 1, 12, 31), dt.date(year + 1, 1, 1)]).map(dt.date.isoformat)
    inside = st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)).map(dt.date.isoformat)
    dates = Dates(outside, st.sampled_from(_days_near(year)), inside)
    return st.lists(bill(dates, st.sampled_from(kinds)), min_size=min_size, max_size=max_size)


# Every strategy a draw uses is built once, here: hypothesis validates each strategy object it is
# given, so one built anew for every example costs more than the draw itself.
ONE_IN_31 = st.integers(0, 30)
COIN = st.booleans()
LEVEL = st.sampled_from(HOSPITAL_LEVELS)


@st.composite
def bill(draw: st.DrawFn, dates: Dates, kinds: st.SearchStrategy[str]) -> list[Any]:
    if draw(ONE_IN_31) == 0:
        date = draw(dates.outside)
    elif draw(COIN):
        date = draw(dates.turns)
    else:
        date = draw(dates.inside)
    kind = draw(kinds)
    amount = draw(AMOUNT)
    if kind == "pharmacy" and draw(COIN):
        return [date, kind, amount]
    return [date, kind, amount, draw(LEVEL)]


YEAR = st.sampled_from([2021, 2022, 2022, 2023, 2023, 2024, 2025, 2026])
BALANCE = st.one_of(st.just(0.0), yuan(20000), st.sampled_from([MAX_BALANCE, MAX_BALANCE + 1]))
CITY = st.sampled_from(CITIES)
STATUS = st.sampled_from(STATUSES)
AGE = st.one_of(st.none(), st.integers(16, 100), st.sampled_from([15, 120, 121]))
RULE_SET = st.sampled_from(RULE_SETS)


@st.composite
def case(draw: st.DrawFn) -> dict[str, Any]:
    """Any year the page can ask for, inputs out of range included."""
    year = draw(YEAR)
    balance = draw(BALANCE)
    return {
        "city": draw(CITY),
        "inputs": {
            "status": draw(STATUS),
            "year": year,
            "events": draw(bills(year)),
            "wage_base": draw(MONEY),
            "age": draw(AGE),
            "pension": draw(MONEY),
            "opening_balance": balance,
            "rules": draw(RULE_SET),
        },
    }


HOSPITAL_YEAR = st.sampled_from([2023, 2024])
HOSPITAL_CITY = st.sampled_from(["beijing", "shanghai"])
HOSPITAL_WAGE = st.integers(0, 40000).map(float)
HOSPITAL_AGE = st.integers(16, 100)
HOSPITAL_PENSION = st.integers(0, 20000).map(float)
HOSPITAL_BALANCE = yuan(20000)


@st.composite
def hospital_years(draw: st.DrawFn) -> dict[str, Any]:
    """Years of hospital stays (and clinic visits) where the synthetic rules compute them: every input given."""
    year = draw(HOSPITAL_YEAR)
    return {
        "city": draw(HOSPITAL_CITY),
        "inputs": {
            "status": draw(STATUS),
            "year": year,
            "events": draw(bills(year, ("inpatient", "inpatient", "outpatient"), min_size=1, max_size=6)),
            "wage_base": draw(HOSPITAL_WAGE),
            "age": draw(HOSPITAL_AGE),
            "pension": draw(HOSPITAL_PENSION),
            "opening_balance": draw(HOSPITAL_BALANCE),
            "rules": draw(RULE_SET),
        },
    }


def python_report(city: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """What the page shows in Python: the report, or the message of what it rejects (both languages)."""
    try:
        report = yibao.year_report(city, **inputs)
    except (NotComputable, YearInputError) as exc:
        return {"error_zh": exc.localized("zh"), "error_en": exc.localized("en")}
    return json.loads(json.dumps(report, ensure_ascii=False))


def run_js(folder: Path, cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``yearReport`` in one node process for every case."""
    job = folder / "cases.json"
    rules = {city: yibao.year_rules(city) for city in CITIES}
    job.write_text(json.dumps({"rules": rules, "cases": cases}, ensure_ascii=False), encoding="utf-8")
    return json.loads(run_module(folder, {"year_rules": ["yearReport"]}, RUNNER, str(job), timeout=300))


def assert_parity(
    folder: Path, count: int, cases_of: st.SearchStrategy[dict[str, Any]], explicit: tuple[dict[str, Any], ...] = ()
) -> list[dict[str, Any]]:
    """The ``explicit`` cases and ``count`` generated ones, computed in Python, then all in node; every report equal."""
    generated = drawn(cases_of, count)
    assert len(generated) == count  # different cases (drawn drops a repeat)
    cases = [*explicit, *generated]
    expected = [python_report(generated["city"], generated["inputs"]) for generated in cases]
    results = run_js(folder, cases)
    assert len(results) == len(cases)
    read = {city: yibao.year_rules(city)["inputs"] for city in CITIES}  # the inputs the page shows: read from the export
    for generated, python, js in zip(cases, expected, results, strict=True):
        assert js["report"] == python, generated
        city, inputs = generated["city"], generated["inputs"]
        assert read[city][inputs["status"]][str(inputs["year"])] == yibao.year_inputs(city, status=inputs["status"], year=inputs["year"])
    return expected


def test_generated_years_split_alike_to_the_cent(tmp_path: Path):
    expected = assert_parity(tmp_path, parity_cases(), case())
    errors = [r for r in expected if "error_en" in r]
    reports = [r for r in expected if "error_en" not in r]
    # the cases reach every outcome: rejected inputs, years that cannot be computed, bills split and left out
    assert any("Bill" in r["error_en"] for r in errors) and any("cannot" in r["error_en"] or "pass" in r["error_en"] for r in errors)
    assert any(b["computed"] and b["pooled_fund"] > 0 for r in reports for b in r["events"])
    assert any(not b["computed"] for r in reports for b in r["events"])
    assert any(r["comparison"] and "error_en" not in r["comparison"] and r["comparison"]["net_gain"] != 0 for r in reports)


def _stays(city: str, status: str, year: int, rules: str, *stays: tuple[str, float, str]) -> dict[str, Any]:
    events = [[day, "inpatient", amount, level] for day, amount, level in stays]
    inputs = {"wage_base": 8000.0, "age": 70, "pension": 5000.0, "opening_balance": 100.0}
    return {"city": city, "inputs": {"status": status, "year": year, "events": events, "rules": rules, **inputs}}


#: stays that reach the layer above the fund's yearly maximum (Beijing), and stays in Shanghai whose
#: layer above the maximum is not known, on several days of one period (each message names its own day)
SYNTHETIC_STAYS = (
    _stays("beijing", "employee", 2024, "actual", ("2024-05-08", 100000.0, "level3"), ("2024-09-01", 40000.0, "level1")),
    _stays("shanghai", "retiree", 2023, "before_reform", ("2023-04-20", 7141499.87, "level1"), ("2023-11-17", 6117292.63, "level1")),
    _stays("shanghai", "retiree", 2023, "actual", ("2023-02-14", 262842.34, "community"), ("2023-04-23", 2831483.92, "level3")),
)


def test_hospital_stays_split_alike_on_synthetic_data(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path):
    # invented inpatient rules (tests/test_year.py): per-stay and per-year deductibles, the yearly maximum, the layer above it
    synthetic = make_synthetic(tmp_path_factory.mktemp("synthetic") / "data")
    with using(synthetic):
        expected = assert_parity(tmp_path, examples(300), st.one_of(hospital_years(), case()), SYNTHETIC_STAYS)
    beijing, shanghai_before, _ = expected[: len(SYNTHETIC_STAYS)]
    assert [b["large_amount"] for b in beijing["events"]] == [30000.0, 0.0]  # the layer's limit is reached by the first stay
    unknown_layer = [b["reason_en"] for b in shanghai_before["events"]]
    assert "on 2023-04-20" in unknown_layer[0] and "on 2023-06-30" in unknown_layer[1]  # the rules before the reform: its eve


def test_too_many_bills_are_rejected_alike(tmp_path: Path):
    inputs = {
        "status": "employee",
        "year": 2024,
        "events": [["2024-03-01", "pharmacy", 1.0]] * (MAX_EVENTS + 1),
        "wage_base": 8000.0,
        "age": 40,
        "pension": None,
        "opening_balance": 0.0,
        "rules": "actual",
    }
    [js] = run_js(tmp_path, [{"city": "beijing", "inputs": inputs}])
    assert (
        js["report"]
        == python_report("beijing", inputs)
        == {"error_zh": "一年最多记1000笔费用。", "error_en": "A year holds at most 1000 bills."}
    )


def test_a_retirement_year_out_of_range_is_rejected_alike(tmp_path: Path):
    base = {"status": "retiree", "year": 2025, "events": [], "wage_base": None, "age": 70, "pension": None}
    base |= {"opening_balance": 0.0, "rules": "actual"}
    cases = [{"city": "shanghai", "inputs": {**base, "retirement_year": year}} for year in (1949, 2026, 2.5)]
    results = run_js(tmp_path, cases)
    expected = {"error_zh": "退休年份须是1950至2025之间的年份。", "error_en": "The retirement year must be a year from 1950 to 2025."}
    assert [r["report"] for r in results] == [python_report("shanghai", c["inputs"]) for c in cases] == [expected] * 3


def test_real_hospital_stays_split_alike(tmp_path: Path):
    """The six cities' stays on the real data: cost bands (Beijing), age bands (Chengdu), the retirement year (Shanghai),
    a pharmacy purchase before a stay (it must not count towards a band), first and later stays."""
    bills = [
        ["2025-03-01", "pharmacy", 15000.0],
        ["2025-08-10", "inpatient", 20000.0, "level3"],
        ["2025-09-10", "inpatient", 9000.0, "level1"],
    ]
    cases = [
        {
            "city": city,
            "inputs": {
                "status": status,
                "year": 2025,
                "events": bills,
                "wage_base": 10000.0,
                "age": age,
                "pension": 5000.0,
                "opening_balance": 800.0,
                "rules": "actual",
                "retirement_year": retired,
            },
        }
        for city in ("beijing", "shanghai", "guangzhou", "shenzhen", "nanjing", "chengdu")
        for status, age, retired in (("employee", 40, None), ("retiree", 72, None), ("retiree", 85, 1999))
    ]
    results = run_js(tmp_path, cases)
    expected = [python_report(c["city"], c["inputs"]) for c in cases]
    assert [r["report"] for r in results] == expected
    stays = [b for r in expected if "events" in r for b in r["events"] if b["kind"] == "inpatient" and b["computed"]]
    assert len(stays) >= 20  # the first stay computes in every pair but Chengdu's retirees
    shanghai_1999 = expected[5]["events"][1]
    assert shanghai_1999["pooled_fund"] == (20000 - 700) * 0.92 and "sh-ip-ded-ret-post-2000" in shanghai_1999["rule"]


def test_half_a_fen_is_credited_alike(tmp_path: Path):
    """Credits ending in half a fen (5 % of ¥53,941.10 in Shenzhen, 2 % of ¥8,000.25 in Beijing) are the calculator's, in both."""
    base = {"status": "employee", "year": 2020, "events": [], "pension": None, "opening_balance": 0.0, "rules": "actual"}
    cases = [
        {"city": "shenzhen", "inputs": {**base, "wage_base": 53941.10, "age": 30}},
        {"city": "beijing", "inputs": {**base, "year": 2024, "wage_base": 8000.25, "age": 40}},
    ]
    results = run_js(tmp_path, cases)
    expected = [python_report(c["city"], c["inputs"]) for c in cases]
    assert [r["report"] for r in results] == expected
    calculator = [
        yibao.monthly_personal_credit(c["inputs"]["wage_base"], city=c["city"], on=f"{c['inputs']['year']}-06-01", age=c["inputs"]["age"])
        for c in cases
    ]
    received = [r["year"]["credits_received"] for r in expected]
    assert received == [round(12 * c.amount, 2) for c in calculator] == [32364.6, 1920.12]
