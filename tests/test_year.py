"""A year of care (``simulate_year``, ``compare_reform``, ``year_presets``).

Fixed tests: the published worked example (Shenzhen), then examples computed by hand from the
cited rules (each says so). Properties (hypothesis): every bill splits exactly into pooled fund +
personal account + out of pocket; the personal balance never goes negative and follows the
credits and payments; caps are never exceeded; deductibles and caps reset at the city's
benefit-year start (Shanghai 1 July) and not before; the same year under ``before_reform`` and
``after_reform`` for every city and status that the data can compute both ways.

Hospital stays cannot be computed from the real data yet (no city has a deductible whose
basis, per stay or per year, is known), so the inpatient engine is also exercised on a
SYNTHETIC copy of ``data/`` (``synthetic`` fixture): Shanghai's 2023 inpatient rows with a
per-year deductible, Beijing with invented per-stay deductibles, level rates, a yearly maximum
and a large-amount layer. Its numbers are test inputs, not facts.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import yibao
from yibao.data.store import data_dir, records, validate_all
from yibao.data.tables import STATUSES
from yibao.rules.credit import NotComputable
from yibao.rules.year import KINDS, MAX_EVENTS, PRIMARY_CARE, YearInputError

from .conftest import examples, read_rows, write_rows

CITIES = ("beijing", "shanghai", "guangzhou", "shenzhen", "nanjing", "chengdu")
PERSON = {"wage_base": 8000, "age": 50, "pension": 4000}


def _settings(count: int):
    return settings(max_examples=examples(count), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def fen(yuan: float) -> int:
    """Yuan to fen, half up, as simulate_year counts money (``round`` would round 0.985 to even)."""
    return math.floor(yuan * 100 + 0.5)


# --- the published worked example ---------------------------------------------------------------


def test_shenzhen_level1_clinic_bill_of_500_gets_375():
    # 深圳都市圈 2023-11-23, citing 深圳医保 (sources.csv shenzhen-dushiquan-2023; cited in
    # facts-audit-2026-11 row 37): Tier I in service, a 500-yuan bill at a level-1 institution,
    # 375 yuan reimbursed (75%, no deductible).
    year = yibao.simulate_year("shenzhen", year=2024, wage_base=8000, events=[("2024-03-05", "outpatient", 500, "level1")])
    bill = year.events.iloc[0]
    assert bill["pooled_fund"] == 375.0
    assert bill["personal_account"] == 125.0 and bill["out_of_pocket"] == 0.0  # three credits of 160 are in the account
    assert bill["deductible_left"] == 0.0
    assert bill["cap_left"] == pytest.approx(9885.24 - 375)  # 2024 cap, 6% of the official 164,754 base
    assert {"sz-op-rate-emp", "sz-op-ded-emp", "sz-op-cap-emp-2024", "cn-op-draw-2021"} <= set(bill["rule"])


def test_shenzhen_retiree_gets_five_points_more():
    # Same source: retirees +5 percentage points, so 80% of 500 (computed from the rule).
    year = yibao.simulate_year("shenzhen", status="retiree", year=2024, events=[("2024-03-05", "outpatient", 500, "community")])
    assert year.events.iloc[0]["pooled_fund"] == 400.0


# --- examples computed from the cited rules (not published examples) ---------------------------------


def test_beijing_community_visit_after_the_deductible():
    # bj-op-ded-emp (1,800 a year), bj-op-rate-emp (90% at community centres), no cap from 2023.
    year = yibao.simulate_year("beijing", year=2024, wage_base=8000, events=[("2024-02-10", "outpatient", 2800, "community")])
    bill = year.events.iloc[0]
    assert (bill["pooled_fund"], bill["personal_account"], bill["out_of_pocket"]) == (900.0, 320.0, 1580.0)
    assert bill["deductible_left"] == 0.0 and math.isnan(bill["cap_left"])  # no outpatient cap, yearly maximum unknown


def test_nanjing_cap_counts_eligible_cost():
    # nj-op-cap-emp: 15,000 yuan of eligible cost a year; nj-op-rate-emp: 40%; no deductible.
    events = [("2024-01-20", "outpatient", 10000, "community"), ("2024-02-20", "outpatient", 10000, "community")]
    rows = yibao.simulate_year("nanjing", year=2024, wage_base=8000, events=events).events
    assert list(rows["pooled_fund"]) == [4000.0, 2000.0]
    assert list(rows["cap_left"]) == [5000.0, 0.0]


def test_guangzhou_cap_stops_the_fund():
    # gz-op-cap-emp-2024: the fund pays at most 7,616 yuan of outpatient care in 2024 (80% at primary care).
    events = [("2024-03-01", "outpatient", 10000, "community"), ("2024-04-01", "outpatient", 100, "community")]
    rows = yibao.simulate_year("guangzhou", year=2024, wage_base=8000, events=events).events
    assert list(rows["pooled_fund"]) == [7616.0, 0.0]
    assert list(rows["cap_left"]) == [0.0, 0.0]


def test_chengdu_deductible_once_a_year():
    # cd-op-ded-emp 200 a year, cd-op-rate-emp 60% (level 2 and below).
    events = [("2024-03-01", "outpatient", 1200, "level1"), ("2024-05-01", "outpatient", 100, "level1")]
    rows = yibao.simulate_year("chengdu", year=2024, wage_base=8000, events=events).events
    assert list(rows["pooled_fund"]) == [600.0, 60.0]
    assert list(rows["deductible_left"]) == [0.0, 0.0]


def test_pharmacy_is_paid_by_the_account_then_the_pocket():
    year = yibao.simulate_year("beijing", year=2024, wage_base=8000, events=[("2024-01-15", "pharmacy", 300)])
    bill = year.events.iloc[0]
    assert (bill["pooled_fund"], bill["personal_account"], bill["out_of_pocket"]) == (0.0, 160.0, 140.0)
    assert bill["rule"] == ("cn-pharmacy-2021",) and math.isnan(bill["deductible_left"])


def test_credits_follow_the_monthly_rules_and_the_reform_date():
    # Beijing in 2022: 2% + 1% employer part (age 40) until August, 2% from 1 September 2022.
    year = yibao.simulate_year("beijing", year=2022, wage_base=10000, age=40, events=[])
    assert list(year.credits["amount"]) == [300.0] * 8 + [200.0] * 4
    assert year.summary["credits_received"] == 3200.0 and year.summary["closing_balance"] == 3200.0
    assert year.credits["rule"].iloc[0] == ("bj-credit-emp-own-pre", "bj-credit-emp-er-pre-35-44")


def test_shanghai_retirees_are_credited_once_a_year_on_1_july():
    year = yibao.simulate_year("shanghai", status="retiree", year=2024, age=70, events=[])
    assert year.credits.set_index("date")["amount"].to_dict() == {
        **{pd.Timestamp(2024, m, 1): 0.0 for m in range(1, 13)},
        pd.Timestamp(2024, 7, 1): 1680.0,
    }


# --- synthetic data for hospital stays -----------------------------------------------------------


def _set(rows: list[list[str]], row_id: str, **fields: str) -> None:
    header = rows[0]
    (row,) = [r for r in rows[1:] if r[0] == row_id]
    for name, value in fields.items():
        row[header.index(name)] = value


def _inpatient_row(header: list[str], **fields: str) -> list[str]:
    base = {
        "region": "beijing",
        "status": "all",
        "hospital_level": "any",
        "admission": "any",
        "valid_from": "2001-04-01",
        "description_zh": "测试用的虚构规则。",
        "description_en": "An invented rule for tests.",
        "confidence": "medium",
        "source_ids": "gf-1998-44",
    }
    return [{**base, **fields}.get(name, "") for name in header]


def make_synthetic(target: Path) -> Path:
    """A copy of data/ in which hospital stays can be computed (invented values, for tests only)."""
    import shutil

    shutil.copytree(data_dir(), target)
    params = read_rows(target / "region_params.csv")
    for row_id in ("sh-op-cap-emp", "sh-op-cap-ret"):
        _set(params, row_id, confidence="medium")  # an empty cap that a source confirms: no cap
    _set(params, "bj-pooled-cap", value="50000", confidence="medium")
    for row in params[1:]:  # no contribution-base floor: a wage of 0 credits nothing, so the account pays only what is given
        if row[1] in ("shanghai", "beijing") and row[2] == "base_floor":
            row[params[0].index("value")] = "0"
    write_rows(target / "region_params.csv", params)

    rules = read_rows(target / "inpatient_rules.csv")
    header = rules[0]
    _set(rules, "sh-large-cap-post", confidence="medium")  # no limit on the 80%
    _set(rules, "sh-op-draw-post", basis="account_first", confidence="medium")
    rules = [r for r in rules if not r[0].startswith("bj-ip-") and r[0] != "bj-large-rate"]
    row = _inpatient_row
    rules += [
        row(
            header,
            id="t-bj-ded-first",
            parameter="inpatient_deductible",
            admission="first",
            basis="per_admission",
            value="1300",
            unit="yuan",
        ),
        row(
            header,
            id="t-bj-ded-later",
            parameter="inpatient_deductible",
            admission="later",
            basis="per_admission",
            value="650",
            unit="yuan",
        ),
        *[
            row(header, id=f"t-bj-rate-{level}", parameter="inpatient_rate", hospital_level=level, value=value, unit="percent")
            for level, value in (("community", "90"), ("level1", "90"), ("level2", "87"), ("level3", "85"))
        ],
        row(header, id="t-bj-large-rate", parameter="large_amount_rate", value="85", unit="percent"),
        row(header, id="t-bj-large-cap", parameter="large_amount_cap", basis="fund_paid", value="30000", unit="yuan"),
    ]
    write_rows(target / "inpatient_rules.csv", rules)
    return target


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_synthetic(tmp_path_factory.mktemp("synthetic") / "data")


@contextmanager
def using(folder: Path) -> Iterator[None]:
    old = os.environ.get("YIBAO_DATA_DIR")
    os.environ["YIBAO_DATA_DIR"] = str(folder)
    try:
        yield
    finally:
        if old is None:
            del os.environ["YIBAO_DATA_DIR"]
        else:
            os.environ["YIBAO_DATA_DIR"] = old


def test_synthetic_data_is_valid(synthetic):
    assert validate_all(synthetic) == {table: [] for table in validate_all()}


def test_shanghai_order_account_then_self_pay_then_co_pay(synthetic):
    # Shanghai's pre-reform outpatient order (sh-op-draw-emp-pre, 上海本地宝 2021): the account
    # first, then the self-pay segment, then the fund's share. The real post-2023 order is not
    # known; the synthetic data applies the old order to the 2023 values (500 yuan, 80% at level 1).
    with using(synthetic):
        year = yibao.simulate_year(
            "shanghai", year=2024, wage_base=0, opening_balance=1000, events=[("2024-02-01", "outpatient", 2000, "level1")]
        )
    bill = year.events.iloc[0]
    assert (bill["personal_account"], bill["pooled_fund"], bill["out_of_pocket"]) == (1000.0, 400.0, 600.0)
    assert bill["deductible_left"] == 0.0 and bill["balance"] == 0.0


def test_per_year_deductible_is_paid_once(synthetic):
    # Shanghai 2023 values (1,500 yuan, 85%) with the deductible taken as once a benefit year.
    events = [("2024-02-01", "inpatient", 10000, "level3"), ("2024-03-01", "inpatient", 10000, "level2")]
    with using(synthetic):
        rows = yibao.simulate_year("shanghai", year=2024, wage_base=0, events=events).events
    assert list(rows["pooled_fund"]) == [7225.0, 8500.0]
    assert list(rows["deductible_left"]) == [0.0, 0.0]


def test_per_stay_deductible_is_lower_for_later_stays(synthetic):
    events = [("2024-02-01", "inpatient", 5000, "level1"), ("2024-03-01", "inpatient", 5000, "level1")]
    with using(synthetic):
        rows = yibao.simulate_year("beijing", year=2024, wage_base=0, events=events).events
    assert list(rows["pooled_fund"]) == [(5000 - 1300) * 0.9, (5000 - 650) * 0.9]
    assert list(rows["rule"].map(lambda ids: [i for i in ids if "ded" in i])) == [["t-bj-ded-first"], ["t-bj-ded-later"]]


def test_yearly_maximum_then_the_large_amount_layer_and_its_limit(synthetic):
    # Beijing synthetic: maximum 50,000, then 85% up to 30,000 more.
    with using(synthetic):
        bill = yibao.simulate_year("beijing", year=2024, wage_base=0, events=[("2024-05-08", "inpatient", 100000, "level3")]).events.iloc[0]
    # deductible 1,300; 85% of 98,700 = 83,895 wanted; the fund stops at 50,000; the layer above
    # would pay 85% of the 39,876.47 left uncovered (33,895), but stops at its limit of 30,000.
    assert (bill["pooled_fund"], bill["large_amount"], bill["out_of_pocket"]) == (80000.0, 30000.0, 20000.0)
    assert bill["cap_left"] == 0.0
    assert {"t-bj-large-rate", "t-bj-large-cap", "bj-pooled-cap"} <= set(bill["rule"])


def test_stays_need_a_hospital_level_where_rates_depend_on_it(synthetic):
    with using(synthetic), pytest.raises(NotComputable) as caught:
        yibao.simulate_year("beijing", year=2024, wage_base=0, events=[("2024-05-08", "inpatient", 1000)])
    assert caught.value.reason == "needs_level" and "hospital level" in str(caught.value)


# --- what cannot be computed, and bad input ---------------------------------------------------------


def test_shanghai_clinic_bills_wait_for_a_confirmed_cap():
    with pytest.raises(NotComputable) as caught:
        yibao.simulate_year("shanghai", year=2024, wage_base=8000, events=[("2024-01-05", "outpatient", 10)])
    assert caught.value.reason == "unknown_value" and caught.value.rule["id"] == "sh-op-cap-emp"


@pytest.mark.parametrize(
    ("kwargs", "reason", "fragment"),
    [
        (dict(city="beijing", events=[("2024-01-05", "pharmacy", 10)]), "needs_wage_base", "wage_base"),
        (dict(city="beijing", wage_base=8000, events=[("2024-01-05", "outpatient", 10, "level3")]), "outpatient_level", "level-3"),
        (
            dict(city="guangzhou", wage_base=8000, age=40, rules="before_reform", events=[("2024-01-05", "outpatient", 10)]),
            "missing",
            "2022-11-30",
        ),
    ],
)
def test_not_computable_names_what_is_missing(kwargs, reason, fragment):
    with pytest.raises(NotComputable) as caught:
        yibao.simulate_year(year=2024, **kwargs)
    assert caught.value.reason == reason and fragment in str(caught.value)
    assert caught.value.localized("zh")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(city="atlantis"), "unknown city 'atlantis'; valid: beijing"),
        (dict(status="student"), "unknown status 'student'; valid: employee, retiree"),
        (dict(year=1990), "year must be from 1999 to 2099"),
        (dict(rules="later"), "unknown rules 'later'; valid: actual, before_reform, after_reform"),
        (dict(city="national", rules="before_reform"), "needs a city with a reform date; valid: beijing"),
        (dict(events="2024-01-01"), "events must be a list of (date, kind, amount)"),
        (dict(events=[("2024-01-01", "outpatient")]), "event 1 must be (date, kind, amount)"),
        (dict(events=[("2023-12-31", "outpatient", 5)]), "event 1 date must be in 2024 (from 2024-01-01 to 2024-12-31)"),
        (dict(events=[("01/02/2024", "outpatient", 5)]), "event 1 date must be a date (YYYY-MM-DD)"),
        (dict(events=[("2024-01-02", "dentist", 5)]), "unknown event 1 kind 'dentist'; valid: outpatient, inpatient, pharmacy"),
        (dict(events=[("2024-01-02", "outpatient", -5)]), "event 1 amount must be from 0 to 10,000,000"),
        (dict(events=[("2024-01-02", "outpatient", float("nan"))]), "event 1 amount must be from 0"),
        (dict(events=[("2024-01-02", "outpatient", 5, "level9")]), "hospital_level 'level9'; valid: community, level1"),
        (dict(events=[("2024-01-02", "pharmacy", 1)] * (MAX_EVENTS + 1)), f"events must be at most {MAX_EVENTS}"),
        (dict(opening_balance=-1), "opening_balance must be from 0"),
        (dict(wage_base=float("inf")), "wage_base must be from 0"),
    ],
)
def test_bad_input_lists_what_is_valid(kwargs, message):
    call = {"city": "beijing", "year": 2024, "wage_base": 8000, "events": [], **kwargs}
    with pytest.raises(ValueError) as caught:
        yibao.simulate_year(call.pop("city"), **call)
    assert not isinstance(caught.value, NotComputable)
    assert message in str(caught.value)


# --- records, presets and the reform comparison ----------------------------------------------------


def test_records_are_json_ready_and_every_rule_is_described():
    year = yibao.simulate_year(
        "beijing", year=2024, wage_base=8000, events=[("2024-02-10", "outpatient", 2800, "community"), ("2024-02-11", "pharmacy", 50)]
    )
    record = json.loads(json.dumps(year.to_record(), allow_nan=False))
    assert record["events"][0]["date"] == "2024-02-10" and record["events"][0]["cap_left"] is None
    used = {rule for row in record["events"] for rule in row["rule"]} | {rule for row in record["credits"] for rule in row["rule"]}
    assert used == set(record["rules"])
    sources = {row["id"] for row in records("sources")}
    for rule in record["rules"].values():
        assert rule["description_zh"] and rule["description_en"] and set(rule["source_ids"]) <= sources
    assert set(record["summary"]["source_ids"]) <= sources and record["summary"]["confidence"] in ("high", "medium", "low")


def test_presets_are_bilingual_and_run():
    undated, dated = yibao.year_presets(), yibao.year_presets(2024)
    assert [p["id"] for p in undated] == ["healthy_30", "retiree_chronic", "one_operation"]
    for plain, preset in zip(undated, dated, strict=True):
        assert preset["label_zh"] and preset["label_en"] and preset["description_zh"] and preset["description_en"]
        assert all(len(e[0]) == 5 for e in plain["events"]) and all(e[0].startswith("2024-") for e in preset["events"])
        json.dumps(preset)
    healthy, chronic, operation = dated
    assert yibao.simulate_year("beijing", year=2024, events=healthy["events"], **healthy["inputs"]).summary["events"] == 5
    assert yibao.simulate_year("beijing", year=2024, events=chronic["events"], **chronic["inputs"]).summary["pooled_fund"] > 0
    with pytest.raises(NotComputable, match="higher cost bands"):
        yibao.simulate_year("beijing", year=2024, events=operation["events"], **operation["inputs"])
    with pytest.raises(ValueError, match="year must be from 1999"):
        yibao.year_presets(3000)


def test_one_operation_with_synthetic_rules(synthetic):
    operation = yibao.year_presets(2024)[2]
    with using(synthetic):
        summary = yibao.simulate_year("beijing", year=2024, events=operation["events"], **operation["inputs"]).summary
    assert summary["by_kind"]["inpatient"]["pooled_fund"] == (40000 - 1300) * 0.85


def test_reform_comparison_is_one_subtraction():
    events = [("2024-03-01", "outpatient", 2500, "community"), ("2024-06-01", "pharmacy", 300)]
    comparison = yibao.compare_reform("beijing", year=2024, wage_base=8000, age=40, events=events)
    assert comparison.before.summary["rules"] == "before_reform" and comparison.after.summary["rules"] == "after_reform"
    # before: 2% own + 1% employer part (age 35-44); after: own 2% only. Same deductible and rate.
    assert comparison.difference["credits_received"] == -960.0
    for key, change in comparison.difference.items():
        assert change == pytest.approx(comparison.after.summary[key] - comparison.before.summary[key])
    assert comparison.net_gain == pytest.approx(comparison.difference["closing_balance"] - comparison.difference["out_of_pocket"])
    assert comparison.net_gain < 0 and "lower" in comparison.explanation_en and "少" in comparison.explanation_zh
    json.dumps(comparison.to_record(), allow_nan=False)


# --- properties ------------------------------------------------------------------------------------


# Strategies are built once per parameter (cached): hypothesis validates and labels every new strategy
# object it is given, and one built anew for each example or each bill cost more than drawing from it.
@cache
def _day(year: int) -> st.SearchStrategy[dt.date]:
    return st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31))


@cache
def _amount(top: int) -> st.SearchStrategy[float]:
    return st.one_of(st.integers(0, top * 100).map(lambda fen: fen / 100), st.floats(0, top, allow_nan=False))


_LEVELS = {"outpatient": PRIMARY_CARE, "inpatient": ("community", "level1", "level2", "level3"), "pharmacy": ("any",)}
_TOPS = {"outpatient": 30_000, "inpatient": 800_000, "pharmacy": 3_000}


@cache
def _bill_of(year: int, kind: str) -> st.SearchStrategy[tuple]:
    return st.tuples(_day(year), st.just(kind), _amount(_TOPS[kind]), st.sampled_from(_LEVELS[kind]))


@cache
def _events(year: int, kinds: tuple[str, ...], max_size: int = 30) -> st.SearchStrategy[list[tuple]]:
    return st.lists(st.sampled_from(kinds).flatmap(lambda kind: _bill_of(year, kind)), max_size=max_size)


@cache
def _any_bills(max_size: int) -> st.SearchStrategy[list[tuple]]:
    """Bills of 2024 of any kind at any hospital level (the kind's level or not)."""
    levels = ("community", "level1", "level2", "level3")
    return st.lists(st.tuples(_day(2024), st.sampled_from(KINDS), _amount(50_000), st.sampled_from(levels)), max_size=max_size)


def _in_force(region: str, parameter: str, status: str, on: pd.Timestamp) -> list[dict]:
    return [
        r
        for r in records("region_params")
        if r["region"] == region
        and r["parameter"] == parameter
        and r["status"] in (status, "all")
        and r["valid_from"] <= on
        and (pd.isna(r["valid_to"]) or on < r["valid_to"])
        and not pd.isna(r["value"])
        and not r["tier"]  # other schemes (e.g. Chengdu 单建统筹) have rules of their own
    ]


def _rule_date(summary: dict, day: pd.Timestamp) -> pd.Timestamp:
    """The date whose rules the run applied to ``day``."""
    if summary["rules"] == "actual":
        return day
    reform = pd.Timestamp(summary["reform_date"])
    return min(day, reform - pd.Timedelta(days=1)) if summary["rules"] == "before_reform" else max(day, reform)


def check_year(year: yibao.YearOfCare, opening: float) -> None:
    """The invariants of any computed year (amounts compared in whole fen)."""
    events = year.events
    rows = list(events.itertuples())
    for row in rows:
        assert fen(row.pooled_fund) + fen(row.personal_account) + fen(row.out_of_pocket) == fen(row.amount)
        assert min(row.pooled_fund, row.personal_account, row.out_of_pocket, row.large_amount) >= 0
        assert row.large_amount <= row.pooled_fund and row.balance >= 0
        assert not row.deductible_left < 0 and not row.cap_left < 0  # NaN where none applies
    credits = [(day, fen(amount)) for day, amount in zip(year.credits["date"], year.credits["amount"], strict=True)]
    balance = fen(opening)
    for row in rows:  # balance = opening + credits so far - account payments so far
        balance -= fen(row.personal_account)
        assert fen(row.balance) == balance + sum(amount for day, amount in credits if day <= row.date)
    assert fen(year.summary["closing_balance"]) == fen(opening) + sum(a for _, a in credits) - sum(map(fen, events["personal_account"]))
    assert fen(year.summary["bill"]) == sum(map(fen, events["amount"]))
    # caps per benefit year
    region, status, start = year.summary["city"], year.summary["status"], year.summary["benefit_year_start"]
    reset = pd.Timestamp(f"{year.summary['year']}-{start}")
    periods = [events[events["date"] < reset], events[events["date"] >= reset]]
    for period in (p for p in periods if len(p)):
        first = _rule_date(year.summary, period["date"].iloc[0])
        fund = period["pooled_fund"] - period["large_amount"]
        for cap in _in_force(region, "pooled_annual_cap", status, first):
            assert fund.sum() <= cap["value"] + 0.005
        outpatient = period[period["kind"] == "outpatient"]
        for cap in _in_force(region, "outpatient_cap", status, first):
            rate = _in_force(region, "outpatient_rate", status, first)
            if not rate:  # unknown rate (e.g. Nanjing retirees): no clinic bill was computed
                assert outpatient.empty
                continue
            if cap["basis"] == "eligible_cost":  # the cap counts cost; each bill's share is rounded to the fen
                limit, slack = cap["value"] * rate[0]["value"] / 100, 0.005 * len(outpatient)
            else:
                limit, slack = cap["value"], 0.005
            assert outpatient["pooled_fund"].sum() <= limit + slack
        large_caps = {rule_id for ids in period["rule"] for rule_id in ids if "large-cap" in rule_id}
        for rule_id in large_caps:
            limit = next(r["value"] for r in records("inpatient_rules") if r["id"] == rule_id)
            assert math.isnan(limit) or period["large_amount"].sum() <= limit + 0.005


person = st.fixed_dictionaries(
    {
        "wage_base": st.one_of(st.just(0), st.integers(0, 40_000), st.floats(0, 40_000, allow_nan=False)),
        "age": st.integers(20, 95),
        "pension": st.integers(0, 20_000),
        "opening_balance": st.one_of(st.just(0), st.integers(0, 50_000), st.floats(0, 50_000, allow_nan=False)),
    }
)


@_settings(100)
@given(
    city=st.sampled_from(("beijing", "shanghai")),
    status=st.sampled_from(STATUSES),
    inputs=person,
    events=_events(2024, KINDS),
)
def test_synthetic_years_keep_every_invariant(synthetic, city, status, inputs, events):
    with using(synthetic):
        year = yibao.simulate_year(city, status=status, year=2024, events=events, **inputs)
        check_year(year, inputs["opening_balance"])
    assert len(year.events) == len(events)
    assert list(year.events["date"]) == sorted(pd.Timestamp(e[0]) for e in events)


@_settings(100)
@given(
    city=st.sampled_from(("beijing", "guangzhou", "shenzhen", "nanjing", "chengdu")),
    status=st.sampled_from(STATUSES),
    year=st.integers(2023, 2026),
    inputs=person,
    data=st.data(),
)
def test_real_outpatient_years_keep_every_invariant(city, status, year, inputs, data):
    events = data.draw(_events(year, ("outpatient", "pharmacy")))
    try:
        result = yibao.simulate_year(city, status=status, year=year, events=events, **inputs)
    except NotComputable:  # e.g. retiree credits that need a local average, or a cap not yet known
        return
    check_year(result, inputs["opening_balance"])


@_settings(140)
@given(
    city=st.sampled_from((None, "national", *CITIES)),
    status=st.sampled_from(STATUSES),
    rules=st.sampled_from(("actual", "before_reform", "after_reform")),
    year=st.integers(1999, 2099),
    inputs=person,
    data=st.data(),
)
def test_any_valid_input_gives_a_year_or_not_computable(city, status, rules, year, inputs, data):
    events = data.draw(_events(year, KINDS, max_size=10))
    if rules != "actual" and city in (None, "national"):
        return
    try:
        result = yibao.simulate_year(city, status=status, year=year, events=events, rules=rules, **inputs)
    except NotComputable as exc:
        assert exc.localized("zh") and exc.localized("en")
        return
    check_year(result, inputs["opening_balance"])


@_settings(70)
@given(inputs=person, events=_events(2024, ("outpatient", "inpatient"), max_size=25))
def test_shanghai_deductibles_and_caps_reset_on_1_july(synthetic, inputs, events):
    # No credits and no opening balance, so the account never pays: what the fund pays for a bill
    # from 1 July on depends only on the bills from 1 July on.
    with using(synthetic):
        whole = yibao.simulate_year("shanghai", year=2024, wage_base=0, events=events).events
        late = [e for e in events if e[0] >= dt.date(2024, 7, 1)]
        second_half = yibao.simulate_year("shanghai", year=2024, wage_base=0, events=late).events
    tail = whole[whole["date"] >= pd.Timestamp(2024, 7, 1)].reset_index(drop=True)
    columns = ["pooled_fund", "deductible_left", "cap_left"]
    pd.testing.assert_frame_equal(tail[columns], second_half[columns])


def test_beijing_does_not_reset_in_july():
    # 1 January benefit year: a deductible met in March still counts in August.
    events = [("2024-03-01", "outpatient", 1800, "community"), ("2024-08-01", "outpatient", 100, "community")]
    rows = yibao.simulate_year("beijing", year=2024, wage_base=8000, events=events).events
    assert list(rows["pooled_fund"]) == [0.0, 90.0]
    alone = yibao.simulate_year("beijing", year=2024, wage_base=8000, events=events[1:]).events
    assert list(alone["pooled_fund"]) == [0.0]  # a fresh year: the 100 counts towards the deductible


def test_each_year_starts_afresh():
    # Benefit year = calendar year in Chengdu: the 200-yuan deductible is due again in January.
    for year in (2023, 2024):
        rows = yibao.simulate_year("chengdu", year=year, wage_base=8000, events=[(f"{year}-01-10", "outpatient", 150, "level1")]).events
        assert rows["deductible_left"].iloc[0] == 50.0


PROBES = {
    ("outpatient", "pharmacy"): [("2024-03-01", "outpatient", 500, "community"), ("2024-04-01", "pharmacy", 100)],
    ("pharmacy",): [("2024-04-01", "pharmacy", 100)],  # credits and the account only
}


def _both_ways(city: str, status: str, kinds: tuple[str, ...]) -> bool:
    try:
        yibao.compare_reform(city, status=status, year=2024, events=PROBES[kinds], **PERSON)
    except NotComputable:
        return False
    return True


#: (city, status, kinds of bill) that the data computes under both rule sets
BOTH_WAYS = [(city, status, kinds) for kinds in PROBES for city in CITIES for status in STATUSES if _both_ways(city, status, kinds)]


def test_cities_with_both_rule_sets():
    assert {("beijing", "employee"), ("beijing", "retiree")} <= {(c, s) for c, s, kinds in BOTH_WAYS if "outpatient" in kinds}
    pharmacy_only = {(c, s) for c, s, kinds in BOTH_WAYS if kinds == ("pharmacy",)}
    assert {("shanghai", "retiree"), ("guangzhou", "employee"), ("shenzhen", "employee"), ("nanjing", "employee")} <= pharmacy_only


@_settings(60)
@given(case=st.sampled_from(BOTH_WAYS), inputs=person, year=st.integers(2023, 2026), data=st.data())
def test_the_same_year_before_and_after_the_reform(case, inputs, year, data):
    city, status, kinds = case
    events = data.draw(_events(year, kinds))
    comparison = yibao.compare_reform(city, status=status, year=year, events=events, **inputs)
    before, after = comparison.before, comparison.after
    for run in (before, after):
        check_year(run, inputs["opening_balance"])
    assert before.summary["bill"] == after.summary["bill"]
    pd.testing.assert_series_equal(before.events["amount"], after.events["amount"])
    for key, change in comparison.difference.items():
        assert change == pytest.approx(after.summary[key] - before.summary[key], abs=0.006)
    reform = after.summary["reform_date"]
    assert all(rule["valid_to"] is None or rule["valid_to"] > reform for rule in after.rules.values())
    assert all(rule["valid_from"] < reform for rule in before.rules.values())


def test_columns_have_the_same_types_with_or_without_bills():
    empty = yibao.simulate_year("beijing", year=2024, wage_base=8000, events=[])
    full = yibao.simulate_year("beijing", year=2024, wage_base=8000, events=[("2024-01-02", "pharmacy", 5)])
    assert empty.events.dtypes.to_dict() == full.events.dtypes.to_dict()
    assert empty.credits.dtypes.to_dict() == full.credits.dtypes.to_dict()
    assert empty.summary["events"] == 0 and empty.summary["confidence"] in ("high", "medium", "low")


# --- bills the data cannot compute, left out and listed (uncomputable="skip") ------------------------------------


def test_skipping_lists_the_hospital_stay_with_its_reason_and_keeps_the_rest():
    # Shenzhen sets its inpatient deductibles by hospital level: a stay without a level cannot be computed
    events = [("2024-05-08", "inpatient", 40000), ("2024-03-05", "outpatient", 500, "level1"), ("2024-06-20", "pharmacy", 120)]
    year = yibao.simulate_year("shenzhen", year=2024, wage_base=8000, events=events, uncomputable="skip")
    assert list(year.events["event"]) == [2, 3]  # positions in the list given, in date order
    assert year.events["pooled_fund"].iloc[0] == 375.0  # the published example is unchanged
    (stay,) = year.not_computed
    assert stay["event"] == 1 and stay["kind"] == "inpatient" and stay["amount"] == 40000.0 and stay["rules"] == "actual"
    assert stay["reason"] == "needs_level" and "hospital level" in stay["reason_en"]
    with pytest.raises(NotComputable) as caught:
        yibao.simulate_year("shenzhen", year=2024, wage_base=8000, events=events)
    assert (stay["reason_zh"], stay["reason_en"]) == (caught.value.localized("zh"), caught.value.localized("en"))
    assert year.summary["bill"] == 620.0 and year.summary["not_computed"] == 1
    json.dumps(year.to_record(), allow_nan=False)
    with pytest.raises(ValueError, match="unknown uncomputable 'ignore'; valid: raise, skip"):
        yibao.simulate_year("shenzhen", year=2024, wage_base=8000, events=events, uncomputable="ignore")


def test_a_skipped_stay_counts_as_an_admission_but_not_towards_the_maximum(synthetic, tmp_path):
    # Synthetic Beijing with the layer above the yearly maximum unknown: a 100,000 stay reaches
    # the 50,000 maximum and cannot be computed. Left out, it must not use up the maximum, but
    # the next stay is still a later admission (deductible 650, not 1,300).
    import shutil

    target = shutil.copytree(synthetic, tmp_path / "data")
    rules = read_rows(target / "inpatient_rules.csv")
    write_rows(target / "inpatient_rules.csv", [r for r in rules if r[0] != "t-bj-large-rate"])
    events = [("2024-02-01", "inpatient", 100000, "level3"), ("2024-03-01", "inpatient", 5000, "level1")]
    with using(target):
        with pytest.raises(NotComputable):
            yibao.simulate_year("beijing", year=2024, wage_base=0, events=events)
        year = yibao.simulate_year("beijing", year=2024, wage_base=0, events=events, uncomputable="skip")
    assert [row["event"] for row in year.not_computed] == [1]
    bill = year.events.iloc[0]
    assert bill["pooled_fund"] == (5000 - 650) * 0.9 and bill["cap_left"] == 50000 - (5000 - 650) * 0.9


@_settings(70)
@given(city=st.sampled_from(CITIES), status=st.sampled_from(STATUSES), inputs=person, data=st.data())
def test_skipping_keeps_every_invariant_and_accounts_for_every_bill(city, status, inputs, data):
    events = data.draw(_any_bills(20))
    try:
        year = yibao.simulate_year(city, status=status, year=2024, events=events, uncomputable="skip", **inputs)
    except NotComputable:  # only what no bill can do without (the credits): a year without bills fails alike
        with pytest.raises(NotComputable):
            yibao.simulate_year(city, status=status, year=2024, events=[], **inputs)
        return
    check_year(year, inputs["opening_balance"])
    positions = sorted([*year.events["event"], *(row["event"] for row in year.not_computed)])
    assert positions == list(range(1, len(events) + 1))
    assert all(row["reason_zh"] and row["reason_en"] for row in year.not_computed)
    assert fen(year.summary["bill"]) + sum(fen(row["amount"]) for row in year.not_computed) == sum(fen(e[2]) for e in events)


def test_the_reform_comparison_leaves_out_what_either_side_cannot_compute():
    # Shenzhen: its clinic rules before the reform are unknown; pharmacy purchases compute both ways.
    events = [("2024-03-05", "outpatient", 500, "level1"), ("2024-04-01", "pharmacy", 100), ("2024-05-08", "inpatient", 9000)]
    comparison = yibao.compare_reform("shenzhen", year=2024, wage_base=8000, age=40, events=events, uncomputable="skip")
    assert [(row["event"], row["rules"]) for row in comparison.not_computed] == [(1, "before_reform"), (3, "before_reform")]
    for side in (comparison.before, comparison.after):
        assert list(side.events["event"]) == [2] and side.summary["bill"] == 100.0
    assert comparison.difference["bill"] == 0.0
    assert comparison.to_record()["not_computed"][0]["reason_en"].startswith("The outpatient deductible for Shenzhen")
    after_only = yibao.simulate_year("shenzhen", year=2024, wage_base=8000, events=events, rules="after_reform", uncomputable="skip")
    assert list(after_only.events["event"]) == [1, 2]  # on its own, the reformed side computes the clinic bill
    with pytest.raises(NotComputable):
        yibao.compare_reform("shenzhen", year=2024, wage_base=8000, age=40, events=events)


# --- what the page shows: year_report, payer_shares, year_inputs -------------------------------------------------


def test_year_report_is_json_ready_and_every_bill_is_there_once():
    preset = yibao.year_presets(2024)[2]  # one operation, its stay given without a hospital level: not computable
    events = [event if event[1] != "inpatient" else event[:3] for event in preset["events"]]
    report = yibao.year_report("shenzhen", year=2024, events=events, **preset["inputs"])
    json.dumps(report, allow_nan=False)
    assert [bill["event"] for bill in report["events"]] == [1, 2, 3, 4] and [b["date"] for b in report["events"]] == sorted(
        b["date"] for b in report["events"]
    )
    stay = report["events"][1]
    assert not stay["computed"] and stay["kind_zh"] == "住院" and "pooled_fund" not in stay
    assert stay["level_en"] == "hospital of unstated level"
    skipped = yibao.simulate_year("shenzhen", year=2024, events=events, uncomputable="skip", **preset["inputs"]).not_computed
    assert stay["sources"] == yibao.cite(next(row for row in skipped if row["event"] == 2)["source_ids"])
    visit = report["events"][0]
    assert visit["computed"] and visit["pooled_fund"] == 300.0 and [s["share"] for s in visit["bar"]] == [75.0, 25.0, 0.0]
    assert report["events"][3]["level_zh"] == ""  # a pharmacy has no hospital level
    assert set(report["rules"]) == {r for bill in report["events"] if bill["computed"] for r in bill["rule"]} | {
        r
        for credit in yibao.simulate_year("shenzhen", year=2024, events=[], **preset["inputs"]).to_record()["credits"]
        for r in credit["rule"]
    }
    assert report["region_en"] == "Shenzhen" and report["year"]["rules"] == "actual"
    comparison = report["comparison"]
    assert comparison["reform_date"] == "2022-12-01" and "error_zh" not in comparison
    assert [row["event"] for row in comparison["not_computed"]] == [1, 2, 3]


def test_year_report_says_when_a_side_or_the_reform_is_missing():
    chengdu = yibao.year_report("chengdu", year=2024, wage_base=8000, events=[("2024-03-01", "pharmacy", 100)])
    assert "before" not in chengdu["comparison"] and "no official source" in chengdu["comparison"]["error_en"]
    national = yibao.year_report(None, year=2024, wage_base=8000, events=[("2024-03-01", "pharmacy", 100)])
    assert national["comparison"] is None and national["year"]["bill"] == 100.0
    with pytest.raises(NotComputable):  # the year itself: Nanjing's retiree credit from 2024 is unknown
        yibao.year_report("nanjing", status="retiree", year=2024, events=[])


@given(amounts=st.lists(st.integers(0, 10**9), min_size=3, max_size=3))
def test_payer_shares_add_up_to_exactly_100(amounts):
    segments = yibao.payer_shares(*(fen / 100 for fen in amounts))
    assert [s["payer"] for s in segments] == ["pooled_fund", "personal_account", "out_of_pocket"]
    assert [fen(s["amount"]) for s in segments] == amounts
    tenths = [round(s["share"] * 10) for s in segments]
    total = sum(amounts)
    if total == 0:
        assert tenths == [0, 0, 0]
        return
    assert sum(tenths) == 1000
    assert all(abs(tenth - amount * 1000 / total) < 1 for tenth, amount in zip(tenths, amounts, strict=True))
    assert all(s["label_zh"] and s["label_en"] for s in segments)


def test_year_inputs_name_what_the_crediting_rules_use():
    shown = {"wage_base": True, "age": True, "pension": False, "retirement_year": False}
    assert yibao.year_inputs("beijing", year=2022) == shown  # employer part by age
    shown = {"wage_base": False, "age": False, "pension": False, "retirement_year": False}
    assert yibao.year_inputs("shenzhen", status="retiree", year=2024) == shown
    assert any(yibao.year_inputs(city, status="retiree", year=2024)["pension"] for city in CITIES)
    with pytest.raises(ValueError, match="unknown status 'student'"):
        yibao.year_inputs("beijing", status="student", year=2024)


def test_the_retirement_year_is_asked_where_a_hospital_rule_depends_on_it():
    # Shanghai's inpatient deductible: 700 yuan for retirement by 2000-12-31, 1,200 from 2001 (Measures, Art. 28)
    assert yibao.year_inputs("shanghai", status="retiree", year=2025)["retirement_year"]
    assert not yibao.year_inputs("shanghai", status="employee", year=2025)["retirement_year"]
    assert not any(yibao.year_inputs(city, status="retiree", year=2025)["retirement_year"] for city in CITIES if city != "shanghai")
    exported = yibao.year_rules("shanghai")
    # without the year the later retirees' row applies; the page lists it, and its description names both amounts
    assert exported["retirement_rules"]["retiree"]["2025"] == ["sh-ip-ded-ret-post-2001"]
    assert exported["retirement_rules"]["retiree"]["2023"] == ["sh-ip-ded-ret-pre-2001", "sh-ip-ded-ret-post-2001"]
    assert exported["retirement_rules"]["employee"] == {}
    for rule_id in exported["retirement_rules"]["retiree"]["2023"]:
        row = exported["rows"][rule_id]
        assert "1200" in row["description_zh"] and "700" in row["description_zh"] and "2000年12月31日以前退休" in row["description_zh"]
    assert exported["limits"]["first_retirement_year"] == 1950
    with pytest.raises(YearInputError) as bad:
        yibao.simulate_year("shanghai", status="retiree", year=2025, events=[], age=70, retirement_year=1949)
    assert bad.value.localized("zh") == "退休年份须是1950至2025之间的年份。"


@_settings(40)
@given(city=st.sampled_from(CITIES), status=st.sampled_from(STATUSES), inputs=person, data=st.data())
def test_skipping_in_the_comparison_makes_both_sides_count_the_same_bills(city, status, inputs, data):
    events = data.draw(_any_bills(15))
    try:
        comparison = yibao.compare_reform(city, status=status, year=2024, events=events, uncomputable="skip", **inputs)
    except NotComputable:  # a side's credits cannot be computed
        return
    before, after = comparison.before, comparison.after
    assert list(before.events["event"]) == list(after.events["event"])
    left_out = [row["event"] for row in comparison.not_computed]
    assert sorted(row["event"] for row in before.not_computed) == sorted(row["event"] for row in after.not_computed) == sorted(left_out)
    assert sorted([*before.events["event"], *left_out]) == list(range(1, len(events) + 1))
    assert {row["rules"] for row in comparison.not_computed} <= {"before_reform", "after_reform"}
    for side in (before, after):
        check_year(side, inputs["opening_balance"])


def test_a_headline_over_bills_it_could_not_all_compute_says_so_itself():
    """"One operation" in Beijing: the ¥40,000 stay cannot be computed, and the headline above it says it is not counted."""
    preset = next(p for p in yibao.year_presets(2025) if p["id"] == "one_operation")
    report = yibao.year_report("beijing", year=2025, events=preset["events"], **preset["inputs"])
    left_out = [bill for bill in report["events"] if not bill["computed"]]
    assert [bill["kind"] for bill in left_out] == ["inpatient"]
    assert "不含按现有资料无法计算的1次住院,共 ¥40,000.00" in report["year"]["headline_zh"]
    assert "not counting 1 hospital stay (¥40,000.00) that the rules found so far cannot compute" in report["year"]["headline_en"]
    computed = yibao.year_report("beijing", year=2025, events=[e for e in preset["events"] if e[1] != "inpatient"], **preset["inputs"])
    assert computed["year"]["headline_en"].startswith(f"Care in 2025 cost ¥{computed['year']['bill']:,.2f}: the pooled fund")
