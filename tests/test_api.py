"""The public API: loaders, compare, filter, withdrawal assessment, credit, projection."""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
import pytest

import yibao
from yibao.tables import TABLES


@pytest.mark.parametrize(
    "loader",
    [
        yibao.load_sources,
        yibao.load_regions,
        yibao.load_region_params,
        yibao.load_inpatient_rules,
        yibao.load_account_comparison,
        yibao.load_channels,
        yibao.load_withdrawal_scenarios,
        yibao.load_non_payable,
        yibao.load_seed_claims,
    ],
)
def test_loaders_return_the_declared_columns(loader):
    frame = loader()
    name = loader.__name__.removeprefix("load_")
    assert list(frame.columns) == list(TABLES[name].column_names)
    assert frame is not loader()


def test_compare_accounts_both_languages():
    zh = yibao.compare_accounts()
    en = yibao.compare_accounts(lang="en")
    assert list(zh.columns) == ["个人账户", "统筹基金"]
    assert list(en.columns) == ["Personal account", "Pooled fund"]
    assert len(zh) == len(en) == len(yibao.load_account_comparison()) >= 9
    assert zh.index.name == "比较项"
    with pytest.raises(ValueError, match="unknown language 'fr'; valid: zh, en"):
        yibao.compare_accounts(lang="fr")


def test_filter_channels_by_mode():
    everything = yibao.filter_channels()
    offline = yibao.filter_channels("offline")
    online = yibao.filter_channels("online")
    assert len(offline) + len(online) == len(everything)
    assert set(offline["mode"]) == {"offline"}
    assert set(offline["kind"]) <= {"phone", "counter", "terminal", "pharmacy", "hospital"}
    assert {"12393", "12333"} <= {i for i in offline["id"] if i.isdigit()} or offline["name_zh"].str.contains("12393").any()


def test_filter_channels_other_filters():
    quota = yibao.filter_channels(shows="pooled_quota")
    assert len(quota) > 0 and all("pooled_quota" in s for s in quota["shows"])
    no_password = yibao.filter_channels(avoid_needs=["password"])
    assert all("password" not in n for n in no_password["needs"])
    current = yibao.filter_channels(include_outdated=False)
    assert set(current["status"]) == {"current"}
    national = yibao.filter_channels(region="beijing")
    assert set(national["region"]) <= {"national", "beijing"}
    with pytest.raises(ValueError, match="unknown mode 'both'; valid: online, offline"):
        yibao.filter_channels("both")
    with pytest.raises(ValueError, match="unknown shows 'balance'; valid: personal_balance"):
        yibao.filter_channels(shows="balance")
    with pytest.raises(ValueError, match="unknown region 'atlantis'"):
        yibao.filter_channels(region="atlantis")


REQUIRED_SCENARIOS = [
    "death",
    "settle_abroad",
    "move_region",
    "quit_insurance",
    "serious_illness",
    "long_term_elsewhere",
    "retiree_emigration",
    "cash_out",
]


@pytest.mark.parametrize("scenario", REQUIRED_SCENARIOS)
def test_every_required_scenario_is_assessed(scenario):
    result = yibao.assess_withdrawal(scenario)
    assert result.verdict in ("allowed", "regional", "not_allowed")
    assert result.source_ids and result.title and result.summary
    assert isinstance(result.documents, list)
    english = yibao.assess_withdrawal(scenario, lang="en")
    assert english.verdict == result.verdict and english.title != result.title


def test_withdrawal_verdicts_match_the_official_picture():
    assert yibao.assess_withdrawal("death").verdict in ("allowed", "regional")
    assert yibao.assess_withdrawal("death").documents
    assert yibao.assess_withdrawal("cash_out").verdict == "not_allowed"
    assert yibao.assess_withdrawal("serious_illness").verdict == "not_allowed"
    assert yibao.assess_withdrawal("quit_insurance").verdict == "regional"
    assert yibao.assess_withdrawal("move_region").verdict == "regional"


def test_withdrawal_region_rules():
    local = yibao.assess_withdrawal("quit_insurance", region="jiangyin")
    assert local.region_specific and local.region == "jiangyin" and local.verdict == "allowed"
    assert "江阴" in local.note
    fallback = yibao.assess_withdrawal("serious_illness", region="chengdu")
    assert not fallback.region_specific and "成都" in fallback.note
    with pytest.raises(ValueError, match="unknown scenario_id 'lottery'; valid: death"):
        yibao.assess_withdrawal("lottery")
    with pytest.raises(ValueError, match="unknown region 'atlantis'"):
        yibao.assess_withdrawal("death", region="atlantis")


# --- monthly credit ------------------------------------------------------------------------


def test_national_in_service_credit_is_own_two_percent():
    credit = yibao.monthly_personal_credit(8000, on="2024-01-01")
    assert credit.amount == pytest.approx(160)
    assert credit.employee_part == pytest.approx(160) and credit.employer_part == 0
    assert "gbf-2021-14" in credit.source_ids
    assert credit.city == "national" and credit.rule


def test_beijing_switches_rule_at_the_reform_date():
    reform = pd.Timestamp(yibao.load_regions().set_index("id").loc["beijing", "reform_date"]).date()
    before = yibao.monthly_personal_credit(8000, city="beijing", on=reform - dt.timedelta(days=1), age=30)
    after = yibao.monthly_personal_credit(8000, city="beijing", on=reform, age=30)
    assert before.employer_part > 0
    assert before.amount > after.amount
    assert after.amount == pytest.approx(160) and after.employer_part == 0
    assert before.rule != after.rule


def test_pre_reform_rule_depends_on_age():
    on = "2020-06-01"
    young = yibao.monthly_personal_credit(8000, city="beijing", on=on, age=30)
    old = yibao.monthly_personal_credit(8000, city="beijing", on=on, age=50)
    assert old.amount > young.amount
    with pytest.raises(ValueError, match="pass age"):
        yibao.monthly_personal_credit(8000, city="beijing", on=on)


@pytest.mark.parametrize("city", ["beijing", "shanghai", "guangzhou", "shenzhen", "nanjing", "chengdu"])
def test_every_city_credits_own_two_percent_after_reform(city):
    credit = yibao.monthly_personal_credit(10000, city=city, on="2024-03-01", age=40)
    assert credit.employee_part == pytest.approx(200)


def test_retiree_credits_come_from_the_pooled_fund():
    for city in ("beijing", "guangzhou", "shenzhen"):
        credit = yibao.monthly_personal_credit(0, status="retiree", city=city, on="2024-03-01", age=65, pension=4000)
        assert credit.amount > 0 and credit.pooled_fund_part == pytest.approx(credit.amount), city
    shanghai = yibao.monthly_personal_credit(0, status="retiree", city="shanghai", on="2024-03-01", age=65)
    assert any(part.yearly for part in shanghai.parts)


def test_not_computable_rules_raise_clear_errors():
    with pytest.raises(ValueError, match="depends on a local average"):
        yibao.monthly_personal_credit(0, status="retiree", on="2024-01-01")
    unknown = "^No official source found for Nanjing's retiree credit from 2024\\. — so the amount cannot be computed$"
    with pytest.raises(ValueError, match=unknown):
        yibao.monthly_personal_credit(0, status="retiree", city="nanjing", on="2024-06-01", pension=4000)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"wage_base": -1}, "wage_base must be from 0 to 1,000,000"),
        ({"wage_base": math.nan}, "wage_base must be from 0"),
        ({"wage_base": math.inf}, "wage_base must be from 0"),
        ({"wage_base": 8000, "status": "student"}, "unknown status 'student'; valid: employee, retiree"),
        ({"wage_base": 8000, "city": "atlantis"}, "unknown city 'atlantis'; valid: "),
        ({"wage_base": 8000, "on": "1990-01-01"}, "on must be a date (YYYY-MM-DD) from 1998-12-14 to 2099-12-31"),
        ({"wage_base": 8000, "on": "2024-13-01"}, "on must be a date (YYYY-MM-DD) from"),
        ({"wage_base": 8000, "on": "01/02/2024"}, "on must be a date (YYYY-MM-DD) from"),
        ({"wage_base": 10**400}, "wage_base must be from 0 to 1,000,000"),
        ({"wage_base": 8000, "age": 5}, "age must be from 16 to 120"),
        ({"wage_base": "8000"}, "wage_base must be a number"),
    ],
)
def test_credit_rejects_bad_input(kwargs, message):
    wage = kwargs.pop("wage_base")
    with pytest.raises(ValueError, match=re.escape(message)):
        yibao.monthly_personal_credit(wage, **kwargs)


# --- projection ------------------------------------------------------------------------------


def test_balance_rolls_over_the_year_end():
    frame = yibao.project_balances("2024-10-01", 6, wage_base=8000)
    assert list(frame.columns[:6]) == ["month", "credit", "spend", "personal_balance", "pooled_outpatient_paid", "pooled_outpatient_used"]
    assert frame["personal_balance"].tolist() == pytest.approx([160 * (i + 1) for i in range(6)])
    assert frame["month"].iloc[3] == pd.Timestamp("2025-01-01")


def test_balance_usable_after_contributions_stop_and_never_negative():
    frame = yibao.project_balances(
        "2024-01-01", 24, wage_base=8000, opening_balance=500, personal_spend_per_month=100, stop_contributing="2024-07-01"
    )
    assert (frame["personal_balance"] >= 0).all()
    assert (frame.loc[6:, "credit"] == 0).all()
    assert frame.loc[6, "spend"] == 100
    assert frame["personal_balance"].iloc[-1] == 0
    assert not frame.loc[6:, "insured"].any()


def test_pooled_quota_resets_each_calendar_year():
    frame = yibao.project_balances("2024-01-01", 24, wage_base=8000, city="guangzhou", outpatient_cost_per_month=3000)
    remaining = frame["pooled_outpatient_remaining"]
    cap = frame["pooled_outpatient_cap"]
    assert ((remaining >= 0) & (remaining <= cap)).all()
    assert remaining.iloc[11] < remaining.iloc[0]
    assert remaining.iloc[12] > remaining.iloc[11]
    assert frame["benefit_year_start"].tolist().count(True) == 2


def test_shanghai_benefit_year_starts_in_july():
    frame = yibao.project_balances("2024-01-01", 24, wage_base=0, status="retiree", city="shanghai", age=65, outpatient_cost_per_month=500)
    credited = frame.loc[frame["credit"] > 0, "month"].dt.month.unique().tolist()
    assert credited == [7]
    assert frame.loc[frame["benefit_year_start"], "month"].dt.month.tolist() == [1, 7, 7]


def test_no_cap_city_reports_nan_remaining():
    frame = yibao.project_balances("2024-01-01", 3, wage_base=8000, city="beijing", age=40, outpatient_cost_per_month=3000)
    assert frame["pooled_outpatient_remaining"].isna().all()
    assert (frame["pooled_outpatient_paid"] >= 0).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"months": 0}, "months must be from 1 to 600"),
        ({"months": 601}, "months must be from 1 to 600"),
        ({"months": 2.5}, "months must be a whole number"),
        ({"months": True}, "months must be a whole number"),
        ({"start": "1997-01-01"}, "start must be a date (YYYY-MM-DD) from 1998-12-14"),
        ({"opening_balance": -5}, "opening_balance must be from 0"),
        ({"personal_spend_per_month": math.nan}, "personal_spend_per_month must be from 0"),
        ({"stop_contributing": "later"}, "stop_contributing must be a date"),
        ({"start": "2099-06-01"}, "must end by 2099-12-31"),
    ],
)
def test_projection_rejects_bad_input(kwargs, message):
    arguments = {"start": "2024-01-01", "months": 12, "wage_base": 8000} | kwargs
    with pytest.raises(ValueError, match=re.escape(message)):
        yibao.project_balances(arguments.pop("start"), arguments.pop("months"), **arguments)
