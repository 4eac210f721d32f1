"""The credit calculator and the balance chart compute in the browser as Python does:
``js/credit_rules.js`` run by node on :func:`yibao.credit_rules` against
:func:`yibao.monthly_personal_credit`, :func:`yibao.project_balances`, ``credit_inputs`` and
``credit_tiers`` (the amount box's reader: tests/test_amount_parity.py).

Each test draws its cases with hypothesis (≥ 1,000 for each function: every city, status and the
tiers offered, dates on both sides of each reform and of each contribution-base period, wages below
the floor, above the ceiling, zero and the largest accepted …: the choices the page offers), computes
them in Python, then runs all of them through node in ONE process. Amounts must be equal to the
fen, texts equal in both languages, and where Python raises ``NotComputable`` the JS throws the
same message in both languages.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st

import yibao
from yibao.data import checks
from yibao.data.store import records
from yibao.rules.credit import (
    AGE_RANGE,
    CREDIT_STATUSES,
    MAX_WAGE,
    PROJECTION_SHOWN,
    NotComputable,
    credit_cities,
    credit_inputs,
    credit_rules,
    credit_shown,
    credit_tiers,
)

from .conftest import drawn, parity_cases
from .node import needs_node, run_module

CASES = parity_cases()

pytestmark = needs_node

RUNNER = """
const { rules, cases } = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const c = rules;
const run = (call) => {
  try {
    return { ok: call() };
  } catch (problem) {
    if (!(problem instanceof RuleProblem)) throw problem;
    return { kind: "not_computable", zh: problem.zh, en: problem.en };
  }
};
const calls = {
  credit: (a) => creditMonthly(c, a.wage, a),
  inputs: (a) => creditOffered(c, a.status, a.city, a.on, a.tier, a.yearsMet).inputs,
  tiers: (a) => creditOffered(c, a.status, a.city, a.on, null, null).tiers,
  project: (a) => creditProject(c, a.start, a.months, a),
  headline: (a) => ["zh", "en"].map((lang) => creditHeadline(c, creditMonthly(c, a.wage, a), a.city, lang)),
};
const results = cases.map(([name, args]) => run(() => calls[name](args)));
process.stdout.write(JSON.stringify(results));
"""


def run_node(cases: list[tuple[str, dict[str, Any]]], rules: dict[str, Any] | None, tmp_path: Path) -> list[dict[str, Any]]:
    """Every case through the JS twins in one node process: ``{"ok": result}`` or the problem thrown."""
    job = tmp_path / "cases.json"
    job.write_text(json.dumps({"rules": rules, "cases": cases}, ensure_ascii=False, allow_nan=False), encoding="utf-8")
    imports = {
        "credit_periods": ["RuleProblem"],
        "credit_rules": ["creditHeadline", "creditMonthly", "creditOffered", "creditProject"],
    }
    results = json.loads(run_module(tmp_path, imports, RUNNER, str(job)))
    assert len(results) == len(cases)
    return results


# --- the cases --------------------------------------------------------------------------------

PARAMS = [r for r in records("region_params") if r["region"] in ("national", *credit_cities())]
#: every date a rule or a base limit starts or ends, the day before it, and each reform date
EDGES = sorted(
    {d.date() for r in PARAMS for d in (r["valid_from"], r["valid_to"]) if not (isinstance(d, float) or d is None) and str(d) != "NaT"}
    | {r["reform_date"].date() for r in records("regions") if str(r["reform_date"]) != "NaT"}
)
EDGE_DAYS = sorted({day + dt.timedelta(days=shift) for day in EDGES for shift in (-1, 0)} - {dt.date(1998, 12, 13)})
#: the contribution-base limits known: wages just below, at and above each
LIMITS = sorted({float(r["value"]) for r in PARAMS if r["parameter"] in ("base_floor", "base_ceiling") and not math.isnan(r["value"])})
CITIES = [None, *credit_cities()]
TIERS = sorted({r["tier"] for r in records("schemes") if r["tier"]})

# Pools of values people type and the edges of the rules, sampled by hypothesis (sampling from
# pools keeps the generation of thousands of cases well under a second).
MONTHS_GIVEN = [f"{year}-{month:02d}" for year in range(2015, 2029) for month in range(1, 13)]
DAYS = (
    [day.isoformat() for day in EDGE_DAYS] * 2 + MONTHS_GIVEN + [f"{year}-{month:02d}-15" for year in range(1999, 2031) for month in (3, 9)]
)
MONEY = [0.0, 0.01, 1.0, 8000.0, 1_000_000.0, 999_999.99] + [v + shift for v in LIMITS for shift in (-1.0, -0.01, 0.0, 0.01, 1.0)]
AGES = [None, None, *range(AGE_RANGE[0], AGE_RANGE[1] + 1), 34, 35, 44, 45, 46, 69, 70]

days = st.sampled_from(DAYS)
FULL_DAYS = [day for day in DAYS if len(day) == 10]
LATEST = checks.LATEST_DATE.date()
cents = st.integers(0, 6_000_000).map(lambda c: c / 100)  # ¥0.00 to ¥60,000.00
money = st.one_of(st.sampled_from([m for m in MONEY if 0 <= m <= MAX_WAGE]), cents, st.integers(0, 1_000_000).map(float))
pensions = st.one_of(st.none(), cents)
ages = st.sampled_from(AGES)


def _credit_case(
    status: str,
    city: str | None,
    on: str,
    tier: str | None,
    years: bool | None,
    wage: float,
    age: int | None,
    pension: float | None,
    ask: int,
) -> dict[str, Any]:
    """Minimum years are asked of retirees; a tier is one the page offers that day (or none chosen); a day is a full date."""
    years = years if status == "retiree" else None
    on = on if len(on) == 10 else f"{on}-01"
    offered = [t["id"] for t in credit_tiers(status, city=city, on=on)]
    tier = offered[ask % len(offered)] if offered and tier is not None else None
    return {"wage": wage, "status": status, "city": city, "on": on, "tier": tier, "yearsMet": years, "age": age, "pension": pension}


credit_case = st.builds(
    _credit_case,
    st.sampled_from(CREDIT_STATUSES),
    st.sampled_from(CITIES),
    days,
    st.sampled_from([None, None, None, *TIERS, "tier9"]),
    st.sampled_from([None, True, False]),
    money,
    ages,
    pensions,
    st.integers(0, 19),
)

projection_case = st.fixed_dictionaries(
    {
        "start": st.sampled_from([d for d in FULL_DAYS if "2014" <= d[:4] <= "2030"] + ["1998-12-14", "2099-01-01"]),
        "months": st.sampled_from([*range(1, 31)] * 4 + [48, 120]),
        "wage": money,
        "status": st.sampled_from(["employee", "retiree", "employee", "retiree", "flexible"]),
        "city": st.sampled_from(CITIES),
        "opening": st.sampled_from([0.0, 0.0, 500.0, 12345.67]),
        "spend": st.sampled_from([0.0, 50.0, 100.0, 250.5, 3000.0]),
        "outpatient": st.sampled_from([0.0, 100.0, 600.0, 1999.99, 5000.0]),
        "stop": st.one_of(st.none(), st.sampled_from(FULL_DAYS)),
        "age": ages,
        "pension": pensions,
    }
)


def python_result(call: Callable[[], Any]) -> dict[str, Any]:
    try:
        return {"ok": call()}
    except NotComputable as problem:
        return {"kind": "not_computable", "zh": problem.localized("zh"), "en": problem.localized("en")}
    except ValueError as problem:
        return {"kind": "value_error", "zh": str(problem), "en": str(problem)}


def assert_same_problem(expected: dict[str, Any], got: dict[str, Any], case: Any) -> None:
    assert "ok" not in got, (case, expected, got)
    assert (got["kind"], got["zh"], got["en"]) == (expected["kind"], expected["zh"], expected["en"]), case


# --- the tests --------------------------------------------------------------------------------


def _credit(case: dict[str, Any], lang: str) -> yibao.Credit:
    return yibao.monthly_personal_credit(
        case["wage"],
        status=case["status"],
        city=case["city"],
        on=case["on"],
        pension=case["pension"],
        age=case["age"],
        tier=case["tier"],
        contribution_years_met=case["yearsMet"],
        lang=lang,
    )


@pytest.fixture(scope="module")
def credit_cases() -> list[dict[str, Any]]:
    """The calculator's cases, drawn once for the tests of its answer and of its inputs."""
    return drawn(credit_case, CASES)


def test_monthly_credit_is_the_same_in_the_browser(tmp_path: Path, credit_cases: list[dict[str, Any]]):
    cases = credit_cases
    results = run_node([("credit", case) for case in cases], credit_rules(), tmp_path)
    outcomes = set()
    for case, got in zip(cases, results, strict=True):
        expected = python_result(lambda case=case: {lang: _credit(case, lang) for lang in ("zh", "en")})
        if "ok" not in expected:
            assert_same_problem(expected, got, case)
            outcomes.add(expected["kind"])
            continue
        assert "ok" in got, (case, got)
        zh, en = expected["ok"]["zh"], expected["ok"]["en"]
        assert got["ok"] == credit_shown(zh, en), case  # what the calculator draws: every amount to the fen, every text
        outcomes.add(zh.outcome)
    assert len(cases) >= CASES
    assert outcomes == {"credited", "no_account", "keep_paying", "not_computable"}


def test_inputs_and_tiers_to_offer_are_the_same_in_the_browser(tmp_path: Path, credit_cases: list[dict[str, Any]]):
    cases = credit_cases
    jobs = [(name, case) for case in cases for name in ("inputs", "tiers")]
    results = iter(run_node(jobs, credit_rules(), tmp_path))
    for case in cases:
        options = {"city": case["city"], "on": case["on"]}
        inputs = python_result(
            lambda c=case, o=options: credit_inputs(c["status"], tier=c["tier"], contribution_years_met=c["yearsMet"], **o)
        )
        tiers = python_result(lambda c=case, o=options: credit_tiers(c["status"], **o))
        for expected, got in ((inputs, next(results)), (tiers, next(results))):
            if "ok" in expected:
                assert got == expected, case
            else:
                assert_same_problem(expected, got, case)


def _frame_rows(frame: Any) -> list[dict[str, Any]]:
    """The columns the chart draws (``PROJECTION_SHOWN``), row by row as the page gives them (column by column:
    ``to_dict("records")`` boxes each value slowly)."""
    columns = {name: frame[name].tolist() for name in PROJECTION_SHOWN}
    rows = []
    for values in zip(*columns.values(), strict=True):
        row = dict(zip(columns, values, strict=True))
        rows.append(
            {
                **{key: None if isinstance(value, float) and math.isnan(value) else value for key, value in row.items()},
                "month": row["month"].date().isoformat(),
            }
        )
    return rows


def test_balance_projection_is_the_same_in_the_browser(tmp_path: Path):
    # the page asks for no more months than there are rules for (Python refuses a projection past the last day)
    cases_drawn = drawn(projection_case, CASES)
    ends = (dt.date.fromisoformat(c["start"]).year * 12 + dt.date.fromisoformat(c["start"]).month + c["months"] - 1 for c in cases_drawn)
    cases = [case for case, end in zip(cases_drawn, ends, strict=True) if end <= LATEST.year * 12 + LATEST.month]
    results = run_node([("project", case) for case in cases], credit_rules(), tmp_path)
    computed = 0
    for case, got in zip(cases, results, strict=True):
        expected = python_result(
            lambda c=case: yibao.project_balances(
                c["start"],
                c["months"],
                wage_base=c["wage"],
                status=c["status"],
                city=c["city"],
                opening_balance=c["opening"],
                personal_spend_per_month=c["spend"],
                outpatient_cost_per_month=c["outpatient"],
                stop_contributing=c["stop"],
                pension=c["pension"],
                age=c["age"],
            )
        )
        if "ok" not in expected:
            assert_same_problem(expected, got, case)
            continue
        assert "ok" in got, (case, got)
        assert got["ok"] == _frame_rows(expected["ok"]), case
        computed += 1
    assert computed >= len(cases) // 4


def test_a_yearly_credit_is_shown_as_yearly_with_its_date(tmp_path: Path):
    """Shanghai credits retirees once a year: the headline says so, and gives the monthly average second."""
    retiree = {"status": "retiree", "city": "shanghai", "on": "2025-08-01", "age": 70, "wage": 0}
    employee = {"status": "employee", "city": "shanghai", "on": "2025-08-01", "wage": 8000}
    before = {"status": "employee", "city": "shanghai", "on": "2010-08-01", "age": 50, "wage": 8000}
    yearly, monthly, mixed = (r["ok"] for r in run_node([("headline", c) for c in (retiree, employee, before)], credit_rules(), tmp_path))
    assert yearly == [
        "每年07-01一次划入 ¥1,680.00(折合每月 ¥140.00)",
        "¥1,680.00 credited once a year on 07-01 (¥140.00 a month on average)",
    ]
    assert monthly == ["每月划入 ¥160.00", "¥160.00 a month into your account"]
    assert mixed[1] == "¥195.00 a month on average, of which ¥420.00 is credited once a year on 07-01"


def test_half_a_fen_is_rounded_alike_in_the_browser(tmp_path: Path):
    """A part ending in half a fen (2 % of ¥8,000.25 is ¥160.005) is rounded up once, to the same fen in both."""
    cases = [
        {"wage": 53941.10, "status": "employee", "city": "shenzhen", "on": "2020-06-01", "age": 30},
        {"wage": 8000.25, "status": "employee", "city": "beijing", "on": "2024-03-01", "age": 40},
        {"wage": 8001.75, "status": "employee", "city": "shanghai", "on": "2024-03-01", "age": 40},
    ]
    results = run_node([("credit", case) for case in cases], credit_rules(), tmp_path)
    expected = [yibao.monthly_personal_credit(c["wage"], status=c["status"], city=c["city"], on=c["on"], age=c["age"]) for c in cases]
    assert [r["ok"]["amount"] for r in results] == [credit.amount for credit in expected] == [2697.05, 160.01, 160.04]
    assert [p["amount"] for p in results[0]["ok"]["parts"]] == [1078.82, 1618.23]
