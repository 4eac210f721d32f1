"""Who is asking: has_personal_account, triage, and the new sourced answers around them."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import yibao
from yibao.answers.triage import TRIAGE_CHOICES
from yibao.data.store import records
from yibao.data.tables import PAGES, SCHEMES

from .conftest import examples

SOURCES = set(yibao.load_sources()["id"])


# --- has_personal_account ------------------------------------------------------------------


def test_national_answer_for_every_scheme():
    answers = {scheme: yibao.has_personal_account(scheme) for scheme in SCHEMES}
    assert {s: a.answer for s, a in answers.items()} == {"employee": "yes", "retiree": "yes", "flexible": "depends", "resident": "no"}
    for answer in answers.values():
        assert answer.region == "national" and not answer.region_specific
        assert answer.reason and answer.source_ids and set(answer.source_ids) <= SOURCES
        assert answer.confidence in ("high", "medium", "low", "unverified")


def test_residents_are_told_they_have_no_account_and_what_they_have_instead():
    zh = yibao.has_personal_account("resident")
    en = yibao.has_personal_account("resident", lang="en")
    assert zh.answer == en.answer == "no" and zh.answer_label == "没有个人账户"
    assert "2019" in zh.reason and "2020年底" in zh.reason and "门诊统筹" in zh.reason
    assert "gzrb-2019-resident-accounts" in zh.source_ids
    assert "每年" in zh.instead and "保费" in zh.instead
    assert "yearly premium" in en.instead and "abolished by the end of 2020" in en.reason


def test_residents_before_the_deadline_depend_and_earlier_dates_are_not_recorded():
    assert yibao.has_personal_account("resident", on="2020-06-30").answer == "depends"
    assert yibao.has_personal_account("resident", on="2021-01-01").answer == "no"
    with pytest.raises(
        ValueError, match=r"no answer recorded for resident .* on 2010-01-01; answers recorded from: 2019-06-10, 2021-01-01"
    ):
        yibao.has_personal_account("resident", on="2010-01-01")


def test_retirees_have_the_minimum_years_caveat():
    answer = yibao.has_personal_account("retiree")
    assert answer.answer == "yes"
    assert "最低年限" in answer.caveat and "第二十七条" in answer.caveat
    assert {"lvshuo-2020-art27", "tianjin-min-years", "changsha-min-years"} <= set(answer.source_ids)
    assert "minimum number of contribution years" in yibao.has_personal_account("retiree", lang="en").caveat


@pytest.mark.parametrize(
    ("scheme", "city", "tier", "expected"),
    [
        ("flexible", "shenzhen", "tier1", "yes"),
        ("flexible", "shenzhen", "tier2", "no"),
        ("employee", "shenzhen", "tier2", "no"),
        ("retiree", "shenzhen", "tier1", "yes"),
        ("retiree", "shenzhen", "tier2", "no"),
        ("flexible", "chengdu", "combined", "yes"),
        ("flexible", "chengdu", "pooled_only", "no"),
        ("employee", "chengdu", "pooled_only", "no"),
        ("retiree", "chengdu", "combined", "yes"),
        ("retiree", "chengdu", "pooled_only", "no"),
    ],
)
def test_tier_answers(scheme, city, tier, expected):
    answer = yibao.has_personal_account(scheme, city=city, tier=tier)
    assert answer.answer == expected and answer.tier == tier and answer.region == city and answer.region_specific
    assert answer.tier_label and answer.tiers == ()
    if expected == "no":
        assert answer.instead, "a tier without an account says what its members have instead"


def test_a_city_with_tiers_answers_depends_and_lists_the_tiers_in_force():
    shenzhen = yibao.has_personal_account("flexible", city="shenzhen")
    assert shenzhen.answer == "depends" and shenzhen.tiers == ("tier1", "tier2")
    assert "一档" in shenzhen.reason and "二档" in shenzhen.reason
    assert yibao.has_personal_account("flexible", city="shenzhen", on="2020-01-01").tiers == ("tier1", "tier2", "tier3")
    assert yibao.has_personal_account("employee", city="chengdu").tiers == ("combined", "pooled_only")
    assert yibao.scheme_tiers("retiree", "chengdu") == ["combined", "pooled_only"]
    assert yibao.scheme_tiers("resident", "shenzhen") == []


def test_shenzhen_tier3_ended_with_the_2023_measures():
    assert yibao.has_personal_account("employee", city="shenzhen", tier="tier3", on="2023-09-30").answer == "no"
    with pytest.raises(ValueError, match="unknown tier 'tier3'; valid: tier1, tier2"):
        yibao.has_personal_account("employee", city="shenzhen", tier="tier3", on="2023-10-01")


def test_cities_without_a_rule_of_their_own_get_the_national_answer():
    beijing = yibao.has_personal_account("flexible", city="beijing")
    assert beijing.rule_id == "flexible-national" and not beijing.region_specific and beijing.answer == "depends"
    before_tiers = yibao.has_personal_account("employee", city="chengdu", on="2022-06-01")
    assert before_tiers.rule_id == "employee-national"


@pytest.mark.parametrize("name", ["shenzhen", "Shenzhen", "深圳", "深圳市", " SHENZHEN "])
def test_city_names_as_people_write_them(name):
    assert yibao.has_personal_account("flexible", city=name, tier="tier2").region == "shenzhen"


def test_bad_input_names_the_valid_choices():
    with pytest.raises(ValueError, match="unknown scheme 'worker'; valid: employee, retiree, flexible, resident"):
        yibao.has_personal_account("worker")
    with pytest.raises(ValueError, match="unknown city 'atlantis'; valid: national, beijing"):
        yibao.has_personal_account("employee", city="atlantis")
    with pytest.raises(ValueError, match="no tiers recorded for employee in beijing"):
        yibao.has_personal_account("employee", city="beijing", tier="tier1")
    with pytest.raises(ValueError, match="unknown tier 'tier9'; valid: combined, pooled_only"):
        yibao.has_personal_account("employee", city="chengdu", tier="tier9")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        yibao.has_personal_account("employee", lang="fr")
    with pytest.raises(ValueError, match="on must be a date"):
        yibao.has_personal_account("employee", on="yesterday")


def test_to_record_is_json_ready_with_both_languages():
    record = yibao.has_personal_account("flexible", city="深圳", lang="en").to_record()
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record
    assert record["answer"] == "depends" and record["answer_label_zh"] == "要看城市和参保档次"
    assert record["reason_zh"] != record["reason_en"] and record["reason_zh"] and record["reason_en"]
    assert [tier["id"] for tier in record["tiers"]] == ["tier1", "tier2"]
    assert {tier["answer"] for tier in record["tiers"]} == {"yes", "no"}
    assert record["tiers"][1]["label_zh"] == "二档" and dt.date.fromisoformat(record["on"])


@settings(max_examples=examples(60), deadline=None)
@given(
    scheme=st.sampled_from(SCHEMES),
    city=st.sampled_from([None, *(r["id"] for r in records("regions"))]),
    on=st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2099, 12, 31)),
    lang=st.sampled_from(["zh", "en"]),
)
def test_every_scheme_city_and_date_since_2021_has_an_answer(scheme, city, on, lang):
    answer = yibao.has_personal_account(scheme, city=city, on=on, lang=lang)
    assert answer.answer in ("yes", "no", "depends")
    assert (answer.answer == "depends") == bool(answer.tiers) or answer.region == "national"
    for tier in answer.tiers:
        assert yibao.has_personal_account(scheme, city=city, tier=tier, on=on).answer in ("yes", "no")


# --- the rules table -------------------------------------------------------------------------


def test_rules_table_is_consistent():
    rows = records("schemes")
    for scheme in SCHEMES:
        assert any(r["scheme"] == scheme and r["region"] == "national" and not r["tier"] for r in rows), scheme
    for row in rows:
        assert bool(row["tier"]) == bool(row["tier_zh"]), row["id"]
        if row["region"] != "national" and not row["tier"]:
            assert row["answer"] == "depends", f"{row['id']}: a city row without a tier is there to say it depends on the tier"
        if row["tier"] in ("tier2", "pooled_only"):
            assert row["answer"] == "no" and row["instead_zh"], f"{row['id']}: say what members without an account have instead"


# --- triage ----------------------------------------------------------------------------------


def test_triage_choices_ask_the_first_question_in_order():
    choices = yibao.triage_choices()
    assert [c["id"] for c in choices] == list(TRIAGE_CHOICES)
    assert [c["label"] for c in choices] == ["职工医保·在职", "职工医保·退休", "灵活就业人员参加职工医保", "城乡居民医保", "不清楚"]
    assert yibao.triage_choices("en")[3]["label"] == "Residents' insurance"


def test_residents_are_routed_away_from_the_balance_pages():
    route = yibao.triage("resident")
    assert route.route == "resident" and route.account.answer == "no"
    assert set(route.skip_pages) == {"01_accounts", "02_channels", "03_withdrawal", "06_year_of_care"}
    assert set(route.pages) == {"04_myths", "05_family"}
    assert any("共济" in item for item in route.applies) and route.not_applies
    assert "没有个人账户" in route.summary


@pytest.mark.parametrize("scheme", ["employee", "retiree", "flexible"])
def test_employee_schemes_see_every_page(scheme):
    route = yibao.triage(scheme)
    assert route.route == scheme and not route.skip_pages
    assert set(route.pages) == set(PAGES) - {"00_start_here"}


def test_a_tier_without_an_account_follows_the_no_account_route():
    route = yibao.triage("flexible", city="shenzhen", tier="tier2", lang="en")
    assert route.route == "no_account" and route.label == "Employee insurance as a flexible worker"
    assert "01_accounts" in route.skip_pages and route.account.answer == "no"
    assert yibao.triage("employee", city="chengdu", tier="pooled_only").route == "no_account"
    assert yibao.triage("employee", city="chengdu", tier="combined").route == "employee"


def test_unsure_says_how_to_find_out():
    route = yibao.triage("unsure")
    assert route.account is None and route.route == "unsure"
    assert any("工资条" in step for step in route.steps)
    assert any("个人参保信息" in step for step in route.steps)
    assert any("payslip" in step for step in yibao.triage("unsure", lang="en").steps)


def test_triage_record_is_json_ready():
    record = yibao.triage("resident").to_record()
    assert json.loads(json.dumps(record, ensure_ascii=False)) == record
    assert record["label_en"] == "Residents' insurance" and record["account"]["answer"] == "no"
    assert record["applies_zh"] and len(record["applies_zh"]) == len(record["applies_en"])
    assert yibao.triage("unsure").to_record()["account"] is None
    with pytest.raises(ValueError, match="unknown scheme 'maybe'; valid: employee, retiree, flexible, resident, unsure"):
        yibao.triage("maybe")


def test_triage_table_has_every_route():
    assert {r["id"] for r in records("triage")} == {*TRIAGE_CHOICES, "no_account"}


# --- new sourced answers ---------------------------------------------------------------------


@pytest.mark.parametrize("shows", ["transactions", "contributions"])
def test_channels_show_records(shows):
    found = yibao.filter_channels("online", shows=shows)
    assert "national-app-records" in set(found["id"])
    assert all(shows in items for items in found["shows"])


def test_outpatient_quota_is_shown_by_local_apps_and_hospitals():
    quota = yibao.filter_channels(shows="pooled_quota")
    assert {"local-app-quota", "hospital-quota", "shenzhen-bendibao"} <= set(quota["id"])
    assert set(yibao.filter_channels("offline", shows="pooled_quota")["kind"]) == {"hospital"}
    assert quota.set_index("id").loc["hospital-quota", "confidence"] == "unverified"


def test_retirement_is_not_a_withdrawal_case_and_names_the_lists_checked():
    result = yibao.assess_withdrawal("retirement")
    assert result.verdict == "not_allowed"
    for city in ("武汉", "泉州", "威海", "江阴", "西安"):
        assert city in result.summary
    assert "retire-withdraw-claim" in result.source_ids and result.warnings
    assert "Wuhan, Quanzhou, Weihai, Jiangyin, Xi'an" in yibao.assess_withdrawal("retirement", lang="en").summary


def test_interest_and_who_has_one_in_the_comparison():
    table = yibao.compare_accounts(lang="en")
    assert "Interest" in table.index and "no national rate" in table.loc["Interest", "Personal account"]
    assert "Residents' insurance has no personal account" in table.loc["Who has one", "Personal account"]


def test_family_options_tell_qinqing_account_sharing_and_wallet_apart():
    options = yibao.load_family_options().set_index("id")
    assert list(options.index) == ["qinqing_account", "family_sharing", "wallet"]
    assert options.loc["qinqing_account", "money_moves"] == "no"
    assert (options.loc[["family_sharing", "wallet"], "money_moves"] == "yes").all()
    limits = "|".join(options.loc["wallet", "limits_zh"])
    assert "3笔" in limits and "2,000元" in limits and "22:00" in limits and "6:00" in limits
    assert "广东" in options.loc["wallet", "availability_zh"]


MAINTAINER_WORDS = re.compile(
    r"\.csv|valid_from|source_ids|种子文章|未存储|not recorded in the sources found|见改革前各行|\bseeds?\b", re.I
)


@pytest.mark.parametrize("table", ["schemes", "triage", "family_options", "questions", "question_topics"])
def test_user_facing_text_has_no_maintainer_words(table):
    for row in records(table):
        for column, value in row.items():
            if column.endswith(("_zh", "_en")):
                for text in value if isinstance(value, tuple) else (value,):
                    assert not MAINTAINER_WORDS.search(text), (table, row["id"], column, text)
