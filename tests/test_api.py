"""The public API: loaders, compare, filter, withdrawal assessment, credit, projection."""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
import pytest

import yibao
from yibao.data.store import records
from yibao.data.tables import TABLES
from yibao.rules.credit import MAX_WAGE, NotComputable, credit_inputs, credit_tiers

#: the date forms the calculators accept, as their messages name them
DATE_FORMS = "YYYY-MM-DD, or YYYY-MM for the 1st"


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
    assert {"hotline-12393", "hotline-12333", "counter"} <= set(offline["id"])
    assert not {"hotline-12393", "counter"} & set(online["id"])


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
    with pytest.raises(ValueError, match="no official figure for that average was found"):
        yibao.monthly_personal_credit(0, status="retiree", on="2024-01-01")
    unknown = "^No official source found for Shanghai's retiree credits in the 2013-2020 benefit years\\. — so the amount cannot be"
    with pytest.raises(ValueError, match=unknown):
        yibao.monthly_personal_credit(0, status="retiree", city="shanghai", on="2019-06-01", age=70)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"wage_base": -1}, "wage_base must be from 0 to 1,000,000"),
        ({"wage_base": math.nan}, "wage_base must be from 0"),
        ({"wage_base": math.inf}, "wage_base must be from 0"),
        ({"wage_base": 8000, "status": "student"}, "unknown status 'student'; valid: employee, retiree, flexible"),
        ({"wage_base": 8000, "city": "atlantis"}, "unknown city 'atlantis'; valid: "),
        ({"wage_base": 8000, "on": "1990-01-01"}, f"on must be a date ({DATE_FORMS}) from 1998-12-14 to 2099-12-31"),
        ({"wage_base": 8000, "on": "2024-13-01"}, f"on must be a date ({DATE_FORMS}) from"),
        ({"wage_base": 8000, "on": "01/02/2024"}, f"on must be a date ({DATE_FORMS}) from"),
        ({"wage_base": 8000, "on": "2024-13"}, f"on must be a date ({DATE_FORMS}) from"),
        ({"wage_base": 8000, "on": "1998-11"}, f"on must be a date ({DATE_FORMS}) from"),
        ({"wage_base": 8000, "on": "2024"}, f"on must be a date ({DATE_FORMS}) from"),
        ({"wage_base": 10**400}, "wage_base must be from 0 to 1,000,000"),
        ({"wage_base": 8000, "age": 5}, "age must be from 16 to 120"),
        ({"wage_base": "8000"}, "wage_base must be a number"),
    ],
)
def test_credit_rejects_bad_input(kwargs, message):
    wage = kwargs.pop("wage_base")
    with pytest.raises(ValueError, match=re.escape(message)):
        yibao.monthly_personal_credit(wage, **kwargs)


# --- the contribution base: clamped to the city's floor and ceiling ----------------------------


def test_beijing_2025_wage_above_the_ceiling_uses_35811():
    credit = yibao.monthly_personal_credit(40000, city="beijing", on="2025-08-01")
    assert credit.wage_base == 40000 and credit.wage_base_used == 35811 and credit.base_clamped == "ceiling"
    assert credit.amount == pytest.approx(35811 * 0.02)
    assert "你填的月工资 ¥40,000 高于北京的缴费基数上限,按上限 ¥35,811 计算" in credit.rule
    english = yibao.monthly_personal_credit(40000, city="beijing", on="2025-08-01", lang="en")
    assert "Your monthly wage of ¥40,000 is above Beijing's contribution-base ceiling, so the ceiling of ¥35,811 is used" in english.rule
    ceiling = {limit.limit: limit for limit in credit.base_limits}["ceiling"]
    assert (ceiling.value, ceiling.row_id, ceiling.source_ids) == (35811, "bj-base-ceiling-2025", ("bj-base-2025",))
    assert (ceiling.valid_from, ceiling.valid_to) == (dt.date(2025, 7, 1), dt.date(2026, 7, 1))
    assert "bj-base-2025" in credit.source_ids and "35811元" in ceiling.description


def _limits_with_values() -> list[tuple[str, dt.date, float, float]]:
    """(city, first day, floor, ceiling) of every contribution year whose floor and ceiling are both known."""
    rows = [
        r
        for r in records("region_params")
        if r["parameter"] in ("base_floor", "base_ceiling") and r["status"] == "all" and not pd.isna(r["value"])
    ]
    years = {}
    for row in rows:
        years.setdefault((row["region"], row["valid_from"].date()), {})[row["parameter"]] = float(row["value"])
    return sorted((city, day, v["base_floor"], v["base_ceiling"]) for (city, day), v in years.items() if len(v) == 2)


LIMITED_YEARS = _limits_with_values()


def test_every_city_has_contribution_years_with_known_limits():
    assert {city for city, *_ in LIMITED_YEARS} == {"beijing", "shanghai", "guangzhou", "shenzhen", "nanjing", "chengdu"}
    assert len(LIMITED_YEARS) >= 15


@pytest.mark.parametrize(("city", "day", "floor", "ceiling"), LIMITED_YEARS, ids=lambda v: str(v))
def test_the_base_is_clamped_at_below_and_above_both_limits(city, day, floor, ceiling):
    cases = [
        (floor - 0.01, floor, "floor"),
        (floor, floor, None),
        ((floor + ceiling) / 2, (floor + ceiling) / 2, None),
        (ceiling, ceiling, None),
        (ceiling + 0.01, ceiling, "ceiling"),
        (0, floor, "floor"),
        (MAX_WAGE, ceiling, "ceiling"),
    ]
    for wage, used, clamped in cases:
        credit = yibao.monthly_personal_credit(wage, city=city, on=day, lang="en")
        assert (credit.wage_base_used, credit.base_clamped) == (pytest.approx(used), clamped), (wage, credit.rule)
        assert credit.amount == pytest.approx(used * 0.02)
        assert sorted(limit.limit for limit in credit.base_limits) == ["ceiling", "floor"]
        word = {"floor": "below", "ceiling": "above", None: "between"}[clamped]
        assert word in credit.rule


def test_an_unverified_limit_clamps_and_the_credit_says_unverified():
    # Guangzhou 2025: only an AI-style page gives the limits
    inside = yibao.monthly_personal_credit(10000, city="guangzhou", on="2025-06-01")
    clamped = yibao.monthly_personal_credit(40000, city="guangzhou", on="2025-06-01")
    assert clamped.wage_base_used == 31179 and clamped.confidence == "unverified"
    assert inside.base_clamped is None and inside.confidence != "unverified"


@pytest.mark.parametrize(
    ("city", "on", "recorded"),
    [("beijing", "2026-08-01", True), ("nanjing", "2025-06-01", True), ("chengdu", "2023-03-01", False), ("shenzhen", "2023-06-01", False)],
)
def test_no_clamp_where_the_limits_are_unknown(city, on, recorded):
    for wage in (100, 8000, 900000):
        credit = yibao.monthly_personal_credit(wage, city=city, on=on, lang="en")
        assert credit.wage_base_used == wage and credit.base_clamped is None
        assert "contribution-base floor and ceiling on " + on + " are not known" in credit.rule
        zh = yibao.monthly_personal_credit(wage, city=city, on=on)
        assert "适用的缴费基数上下限未知" in zh.rule
        assert bool(credit.base_limits) == recorded and all(limit.value is None for limit in credit.base_limits)
    assert credit.amount == pytest.approx(900000 * 0.02)


def test_the_national_rule_has_no_limits_and_says_they_are_local():
    credit = yibao.monthly_personal_credit(40000, on="2025-08")
    assert credit.wage_base_used == 40000 and credit.base_limits == () and "由各地规定" in credit.rule


def test_a_rule_without_a_wage_base_ignores_the_limits():
    credit = yibao.monthly_personal_credit(40000, status="retiree", city="beijing", on="2025-08-01", age=65)
    assert credit.amount == 100 and credit.wage_base_used is None and credit.base_limits == ()
    assert "缴费基数" not in credit.rule


def test_the_projection_credits_the_clamped_base():
    frame = yibao.project_balances("2025-08", 3, wage_base=40000, city="北京", stop_contributing="2025-10")
    assert frame["credit"].tolist() == pytest.approx([716.22, 716.22, 0])
    assert frame["month"].iloc[0] == pd.Timestamp("2025-08-01")


# --- who is asking: flexible workers, tiers, retirees' minimum years ---------------------------------


def test_flexible_workers_in_shenzhen_tier_one_get_two_percent():
    credit = yibao.monthly_personal_credit(8000, status="flexible", city="shenzhen", tier="tier1", on="2025-08-01")
    assert credit.outcome == "credited" and credit.amount == pytest.approx(160)
    assert [p.row_id for p in credit.parts] == ["sz-credit-flex-post"] and credit.tier == "tier1"
    untiered = yibao.monthly_personal_credit(8000, status="flexible", city="shenzhen", on="2025-08-01", lang="en")
    assert untiered.amount == pytest.approx(160)
    assert (
        "In Shenzhen the personal account depends on the tier (Tier I: has a personal account; Tier II: no personal account)"
        in untiered.rule
    )


@pytest.mark.parametrize(
    ("status", "city", "tier"),
    [
        ("flexible", "shenzhen", "tier2"),
        ("employee", "shenzhen", "tier2"),
        ("retiree", "shenzhen", "tier2"),
        ("flexible", "chengdu", "pooled_only"),
        ("employee", "chengdu", "pooled_only"),
        ("retiree", "chengdu", "pooled_only"),
    ],
)
def test_tiers_without_an_account_credit_nothing_and_say_so(status, city, tier):
    answer = yibao.has_personal_account(status, city=city, tier=tier, on="2025-08-01", lang="en")
    credit = yibao.monthly_personal_credit(40000, status=status, city=city, tier=tier, on="2025-08", age=65, lang="en")
    assert credit.outcome == "no_account" and credit.amount == 0 and credit.parts == ()
    assert "no personal account" in credit.rule and answer.reason in credit.rule
    assert credit.source_ids == answer.source_ids and credit.confidence == answer.confidence
    assert credit.wage_base_used is None and credit.base_limits == ()
    zh = yibao.has_personal_account(status, city=city, tier=tier, on="2025-08-01")
    assert zh.reason in yibao.monthly_personal_credit(8000, status=status, city=city, tier=tier, on="2025-08-01").rule
    assert "没有个人账户" in zh.reason or "不建立个人账户" in zh.reason


def test_shenzhen_tier_three_had_no_account_until_it_was_abolished():
    credit = yibao.monthly_personal_credit(8000, city="shenzhen", tier="tier3", on="2023-09-30")
    assert credit.outcome == "no_account"
    with pytest.raises(ValueError, match="unknown tier 'tier3'; valid: tier1, tier2"):
        yibao.monthly_personal_credit(8000, city="shenzhen", tier="tier3", on="2023-10-01")


def test_flexible_credits_that_are_not_known_are_said_not_guessed():
    with pytest.raises(
        NotComputable, match="Chengdu flexible workers in the combined scheme have a personal account; no official source found"
    ):
        yibao.monthly_personal_credit(8000, status="flexible", city="chengdu", tier="combined", on="2025-08-01", lang="en")
    with pytest.raises(NotComputable, match="set locally, by contribution tier, with no national standard"):
        yibao.monthly_personal_credit(8000, status="flexible", city="beijing", on="2025-08-01", lang="en")
    with pytest.raises(NotComputable, match="before the reform"):
        yibao.monthly_personal_credit(8000, status="flexible", city="shenzhen", on="2022-11-30", lang="en")


def test_bad_tiers_list_the_valid_ones():
    with pytest.raises(ValueError, match="unknown tier 'tier9'; valid: combined, pooled_only"):
        yibao.monthly_personal_credit(8000, status="flexible", city="chengdu", tier="tier9", on="2025-08-01")
    with pytest.raises(ValueError, match="no tiers recorded for employee in beijing on 2025-08-01; valid: \\(none: leave tier out\\)"):
        yibao.monthly_personal_credit(8000, city="beijing", tier="tier1", on="2025-08-01")


def test_a_retiree_short_of_the_minimum_years_keeps_paying():
    beijing = yibao.monthly_personal_credit(
        0, status="retiree", city="beijing", age=65, contribution_years_met=False, on="2025-08-01", lang="en"
    )
    assert beijing.outcome == "keep_paying" and beijing.amount == 0 and beijing.parts == ()
    assert beijing.rule.startswith("You have not reached the local minimum contribution years: you keep paying")
    assert "Social Insurance Law, Art. 27" in beijing.rule and "Beijing's minimum contribution years are not known" in beijing.rule
    assert beijing.source_ids == ("lvshuo-2020-art27",) and beijing.contribution_years_met is False
    nanjing = yibao.monthly_personal_credit(0, status="retiree", city="南京", contribution_years_met=False, on="2025-08-01")
    assert "男满25年、女满20年,其中实际缴费满10年" in nanjing.rule and "未知" not in nanjing.rule
    assert nanjing.source_ids == ("nanjing-kcuv-2016",) and nanjing.confidence == "low"
    with pytest.raises(NotComputable, match="minimum contribution years for retirees for Nanjing"):
        yibao.monthly_personal_credit(0, status="retiree", city="nanjing", contribution_years_met=False, on="2005-01-01", lang="en")


def test_a_retiree_who_met_the_years_gets_the_credit_and_an_unsure_one_is_told_the_assumption():
    met = yibao.monthly_personal_credit(0, status="retiree", city="shenzhen", tier="tier1", contribution_years_met=True, on="2025-08-01")
    unsure = yibao.monthly_personal_credit(0, status="retiree", city="shenzhen", tier="tier1", on="2025-08-01")
    assert met.amount == unsure.amount == 251 and met.outcome == unsure.outcome == "credited"
    assert "假定你退休时已达到当地最低缴费年限" in unsure.rule and "假定" not in met.rule


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"contribution_years_met": False}, "contribution_years_met is asked of retirees only; valid for status 'employee': None"),
        ({"status": "flexible", "contribution_years_met": True}, "asked of retirees only"),
        ({"status": "retiree", "contribution_years_met": "no"}, "contribution_years_met must be True, False or None, got 'no'"),
        ({"status": "retiree", "contribution_years_met": 0}, "contribution_years_met must be True, False or None"),
    ],
)
def test_the_minimum_years_answer_is_checked(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        yibao.monthly_personal_credit(8000, on="2025-08-01", **kwargs)


@pytest.mark.parametrize("city", ["beijing", "Beijing", "BEIJING ", "北京", "北京市", " 北京市 "])
def test_city_names_as_people_write_them(city):
    credit = yibao.monthly_personal_credit(8000, city=city, on="2025-08")
    assert credit.city == "beijing" and credit.on == dt.date(2025, 8, 1)
    assert credit == yibao.monthly_personal_credit(8000, city="beijing", on="2025-08-01")
    frame = yibao.project_balances("2025-08", 2, wage_base=8000, city=city)
    assert frame["credit"].tolist() == pytest.approx([160, 160])


def test_months_mean_their_first_day_everywhere():
    assert yibao.monthly_personal_credit(8000, city="shanghai", on="2023-07").valid_from == dt.date(2023, 7, 1)
    frame = yibao.project_balances("2025-01", 12, wage_base=8000, city="深圳市", stop_contributing="2025-07")
    assert frame["insured"].tolist() == [True] * 6 + [False] * 6
    assert credit_inputs("retiree", city="Shanghai", on="2025-08") == {"age": True, "pension": False, "contribution_years": True}
    assert [tier["id"] for tier in credit_tiers("employee", city="深圳", on="2023-09")] == ["tier1", "tier2", "tier3"]


def test_unknown_places_list_the_cities_with_rules():
    with pytest.raises(ValueError, match="unknown city 'Wuhan'; valid: beijing, chengdu, guangzhou, nanjing, national, shanghai, shenzhen"):
        yibao.monthly_personal_credit(8000, city="Wuhan", on="2025-08")
    with pytest.raises(ValueError, match="unknown city 'Atlantis'; valid: "):
        yibao.project_balances("2025-08", 2, wage_base=8000, city="Atlantis")


def test_inputs_the_answer_does_not_need_are_not_asked():
    assert credit_inputs("retiree", city="beijing", on="2025-08-01")["age"]
    assert not credit_inputs("retiree", city="beijing", on="2025-08-01", contribution_years_met=False)["age"]
    assert credit_inputs("employee", city="beijing", on="2020-01-01")["age"]
    assert not credit_inputs("employee", city="shenzhen", on="2020-01-01", tier="tier2")["age"]
    assert credit_inputs("retiree", city="nanjing", on="2023-06-01")["pension"]
    assert credit_tiers("employee", city="beijing", on="2025-08-01") == []
    assert credit_tiers("flexible", city="chengdu", on="2025-08-01")[1] == {
        "id": "pooled_only",
        "label_zh": "单建统筹",
        "label_en": "pooled-only",
        "answer": "no",
    }


@pytest.mark.parametrize(
    "kwargs",
    [
        {"wage_base": 40000, "city": "beijing", "on": "2025-08-01"},
        {"wage_base": 8000, "city": "beijing", "on": "2026-08-01"},
        {"wage_base": 8000, "city": "shenzhen", "status": "flexible", "tier": "tier2", "on": "2025-08-01"},
        {"wage_base": 0, "city": "nanjing", "status": "retiree", "contribution_years_met": False, "on": "2025-08-01"},
        {"wage_base": 0, "city": "shanghai", "status": "retiree", "age": 70, "on": "2025-08-01"},
    ],
)
def test_credit_records_are_json_ready_with_the_new_fields(kwargs):
    import json

    credit = yibao.monthly_personal_credit(kwargs.pop("wage_base"), **kwargs)
    record = credit.to_record()
    assert json.loads(json.dumps(record, ensure_ascii=False, allow_nan=False)) == record
    for key in ("outcome", "tier", "contribution_years_met", "wage_base", "wage_base_used", "base_clamped", "base_limits"):
        assert key in record, key
    assert record["outcome"] == credit.outcome and record["wage_base_used"] == credit.wage_base_used
    assert [c["id"] for c in record["sources"]] == list(credit.source_ids)
    for limit, original in zip(record["base_limits"], credit.base_limits, strict=True):
        assert limit["value"] == original.value and limit["valid_from"] == original.valid_from.isoformat()
        assert [c["id"] for c in limit["sources"]] == list(original.source_ids)


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
        ({"start": "1997-01-01"}, f"start must be a date ({DATE_FORMS}) from 1998-12-14"),
        ({"start": "1997-01"}, f"start must be a date ({DATE_FORMS}) from 1998-12-14"),
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
