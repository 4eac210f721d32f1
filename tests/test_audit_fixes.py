"""The second audit (December 2026) applied: every fix against its value and source, and the
hospital stays and retiree credits it made computable."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import yibao
from yibao.data.store import load_table
from yibao.rules.credit import NotComputable

SIX = ("beijing", "shanghai", "guangzhou", "shenzhen", "nanjing", "chengdu")


def _row(table: str, row_id: str) -> pd.Series:
    return load_table(table).set_index("id").loc[row_id]


#: (table, row id, field, expected value, a source id the row must cite)
FIXES = [
    # Shanghai inpatient deductible: 700 for retirement by 2000, 1,200 later, once per benefit year (Measures, Art. 28)
    ("inpatient_rules", "sh-ip-ded-ret-post-2000", "value", 700, "shanghai-51a-measures"),
    ("inpatient_rules", "sh-ip-ded-ret-post-2000", "retired_before", pd.Timestamp("2001-01-01"), "shanghai-51a-measures"),
    ("inpatient_rules", "sh-ip-ded-ret-post-2001", "value", 1200, "shanghai-51a-measures"),
    ("inpatient_rules", "sh-ip-ded-ret-post-2001", "retired_from", pd.Timestamp("2001-01-01"), "shanghai-51a-measures"),
    ("inpatient_rules", "sh-ip-ded-emp-post", "basis", "per_year", "shanghai-readke-2022"),
    ("inpatient_rules", "sh-ip-ded-ret-post-2001", "basis", "per_year", "shanghai-readke-2022"),
    # ... and the same Measures before July 2023 (1,500 / 85 %; 700 or 1,200 / 92 %)
    ("inpatient_rules", "sh-ip-ded-emp-pre", "value", 1500, "shanghai-kang5-2016"),
    ("inpatient_rules", "sh-ip-rate-emp-pre", "value", 85, "shanghai-kang5-2016"),
    ("inpatient_rules", "sh-ip-rate-ret-pre", "value", 92, "shanghai-kang5-2016"),
    ("inpatient_rules", "sh-ip-ded-ret-pre-2000", "value", 700, "shanghai-kang5-2016"),
    ("inpatient_rules", "sh-large-rate-2022", "value", 80, "shanghai-southmoney-2022"),
    # Beijing: 1,300 for the first stay of a year, 650 for each later one (content pages only: low)
    ("inpatient_rules", "bj-ip-ded-first", "value", 1300, "beijing-jiusong-ip"),
    ("inpatient_rules", "bj-ip-ded-first", "confidence", "low", "beijing-jiusong-ip"),
    ("inpatient_rules", "bj-ip-ded-later", "value", 650, "beijing-jiusong-ip"),
    # Chengdu flexible workers: 80 % (5,661) / 100 % (7,076) of the provincial average, not the 60 % floor
    ("region_params", "cd-base-floor-flex-2023", "value", 5661, "cd-base-2023"),
    ("region_params", "cd-base-ceiling-flex-2023", "value", 5661, "cd-base-2023"),
    ("region_params", "cd-base-floor-flex-po-2023", "value", 7076, "cd-base-2023"),
    # Nanjing: January to March 2023 limits, and the 2023 Jiangsu figures were provisional
    ("region_params", "nj-base-floor-2023-q1", "value", 4250, "nanjing-2023-q1"),
    ("region_params", "nj-base-ceiling-2023-q1", "value", 22470, "nanjing-2023-q1"),
    ("region_params", "nj-base-floor-2023", "confidence", "medium", "nanjing-lfvj-2023"),
    # Shenzhen October-December 2023 limits under the new Measures
    ("region_params", "sz-base-floor-2023q4", "value", 6123, "shenzhen-swfjc-2023"),
    ("region_params", "sz-base-ceiling-2023q4", "value", 30615, "shenzhen-swfjc-2023"),
    # Beijing 2024 and Shanghai 2024 limits: a content site and a consultancy only → medium
    ("region_params", "bj-base-floor-2024", "confidence", "medium", "bj-base-2024"),
    ("region_params", "sh-base-ceiling-2024", "confidence", "medium", "sh-base-2024"),
    # Shanghai 2021 retiree credit: its citation was only a site root → low, sourced to the 2022 text
    ("region_params", "sh-credit-ret-2021-74", "confidence", "low", "shanghai-2023-outpatient"),
    # the wallet: the place of use can now be changed in some provinces
    ("family_options", "wallet", "limits_zh", "部分省份已可在App中变更使用地", "wallet-reportify-2025"),
    # reporting fraud: the national online channel and its rewards first; 12393 as Shanghai's line
    ("questions", "report-fraud", "answer_zh", "打击欺诈骗保举报", "nhsa-report-2025"),
    ("questions", "report-fraud", "answer_en", "200 to 200,000 yuan", "nhsa-report-2025"),
    # residents: old family-account balances were spendable in Hunan until the end of 2022
    ("schemes", "resident-national", "caveat_zh", "2022年底", "hunan-yueyang-2022"),
    ("schemes", "retiree-chengdu-combined", "confidence", "high", "chengdu-bendibao-2023"),
    # the national website's records: two independent descriptions → medium
    ("channels", "national-website-records", "confidence", "medium", "hb2h-2022-records"),
    # Shenzhen Tier I flexible workers' 2 %: a page states it directly now
    ("region_params", "sz-credit-flex-post", "value", 2, "shenzhen-bendibao-2025-rates"),
    # the national app's records: an earlier, independent description (2022-04-13)
    ("channels", "national-app-records", "valid_from", pd.Timestamp("2022-04-13"), "hb2h-2022-records"),
    # why the credit fell: retirees too
    ("questions", "credit-fell", "answer_zh", "退休人员的划入也变了", "gbf-2021-14"),
]


@pytest.mark.parametrize(("table", "row_id", "field", "expected", "source"), FIXES, ids=lambda v: str(v))
def test_the_audit_fix_is_in_the_data(table, row_id, field, expected, source):
    row = _row(table, row_id)
    value = row[field]
    if isinstance(expected, str) and field.endswith(("_zh", "_en")):
        assert expected in ("|".join(value) if isinstance(value, tuple) else value)
    else:
        assert value == expected
    assert source in row["source_ids"]


def test_no_row_cites_a_removed_duplicate_or_home_page_source():
    sources = set(load_table("sources")["id"])
    removed = {"shanghai-ldb-2025", "sh-2023-6", "sh-piyao-2021", "sh-2020-temp", "shenzhen-bendibao", "mlss-2003-12333"}
    assert not removed & sources
    assert _row("region_params", "sh-er-2020-cut")["confidence"] == "unverified"


# --- hospital stays and retiree credits on the real data -----------------------------------------------------

STAY = [("2025-08-10", "inpatient", 20000, "level3")]
PEOPLE = {"employee": {"wage_base": 10000, "age": 40}, "retiree": {"age": 70, "pension": 5000}}


def _stay(city: str, status: str, **extra: object) -> yibao.YearOfCare:
    return yibao.simulate_year(city, status=status, year=2025, events=STAY, **PEOPLE[status], **extra)


def test_a_20000_stay_at_a_level_3_hospital_computes_in_eleven_of_twelve_pairs():
    computed = {}
    for city in SIX:
        for status in PEOPLE:
            try:
                computed[city, status] = _stay(city, status).events["pooled_fund"].iloc[0]
            except NotComputable as exc:
                computed[city, status] = str(exc)
    failed = {pair: reason for pair, reason in computed.items() if isinstance(reason, str)}
    assert list(failed) == [("chengdu", "retiree")]
    assert "2.8% of the 2022 city average basic pension" in failed["chengdu", "retiree"]
    assert computed["shanghai", "employee"] == 15725  # (20,000 - 1,500) x 85 %
    assert computed["beijing", "employee"] == (20000 - 1300) * 0.85
    assert computed["shenzhen", "retiree"] == (20000 - 600) * 0.95
    assert computed["guangzhou", "retiree"] == pytest.approx((20000 - 1120) * 0.86)
    assert computed["nanjing", "employee"] == (20000 - 900) * 0.90
    assert computed["chengdu", "employee"] == (20000 - 800) * 0.85


def test_shanghai_retirees_deductible_follows_the_retirement_year():
    without = _stay("shanghai", "retiree").events.iloc[0]
    assert without["pooled_fund"] == (20000 - 1200) * 0.92 and "sh-ip-ded-ret-post-2001" in without["rule"]
    early = _stay("shanghai", "retiree", retirement_year=2000).events.iloc[0]
    assert early["pooled_fund"] == (20000 - 700) * 0.92 and "sh-ip-ded-ret-post-2000" in early["rule"]
    assert _stay("shanghai", "retiree", retirement_year=2001).events["pooled_fund"].iloc[0] == without["pooled_fund"]
    # without the year, the page shows the row used, which names the other amount and whom it is for
    described = _stay("shanghai", "retiree").rules["sh-ip-ded-ret-post-2001"]
    assert "700" in described["description_zh"] and "2000年12月31日以前退休" in described["description_zh"]
    assert "700 yuan for those retired by 31 December 2000" in described["description_en"]
    with pytest.raises(ValueError, match="retirement_year must be from 1950 to 2025"):
        _stay("shanghai", "retiree", retirement_year=2030)


def test_shanghai_counts_the_deductible_once_a_year_over_all_stays():
    stays = [("2025-08-10", "inpatient", 1000, "level3"), ("2025-09-10", "inpatient", 20000, "level2")]
    year = yibao.simulate_year("shanghai", year=2025, events=stays, wage_base=10000)
    assert list(year.events["pooled_fund"]) == [0, (20000 - 500) * 0.85]


def test_an_unknown_yearly_maximum_is_listed_with_the_rules_and_lowers_the_confidence():
    bill = _stay("guangzhou", "employee").events.iloc[0]
    assert "gz-pooled-cap" in bill["rule"] and bill["confidence"] == "unverified"
    assert math.isnan(bill["cap_left"])


def test_beijing_computes_only_the_first_cost_band():
    with pytest.raises(NotComputable, match="up to 30,000 yuan only"):
        yibao.simulate_year("beijing", year=2025, events=[("2025-03-01", "inpatient", 40000, "level3")], wage_base=10000, age=40)


def test_chengdu_rates_rise_with_age():
    for age, rate in ((40, 85), (55, 87), (70, 91), (95, 95)):
        year = yibao.simulate_year("chengdu", year=2025, events=STAY, wage_base=10000, age=age)
        assert year.events["pooled_fund"].iloc[0] == pytest.approx((20000 - 800) * rate / 100), age


def test_a_70_year_olds_credit_computes_in_five_of_six_cities():
    amounts = {}
    for city in SIX:
        try:
            amounts[city] = yibao.monthly_personal_credit(0, status="retiree", city=city, on="2025-08-01", age=70, pension=5000).amount
        except NotComputable as exc:
            amounts[city] = str(exc)
    assert amounts["shanghai"] == 140  # 1,680 a year, credited on 1 July
    assert amounts["nanjing"] == pytest.approx(5000 * 0.054)  # the 2023 method, kept (low)
    assert [city for city, amount in amounts.items() if isinstance(amount, str)] == ["chengdu"]


def test_chengdus_retiree_credit_says_in_one_sentence_which_figure_is_missing():
    # 成办规〔2022〕4号 notice (成都本地宝 2023-01-04): 2.8% of the 2022 city average basic pension; no source gives the average
    with pytest.raises(NotComputable) as caught:
        yibao.monthly_personal_credit(0, status="retiree", city="chengdu", on="2025-08-01", age=70)
    missing_zh = "每月金额是当地基本养老金平均水平的一个百分比,这个平均水平的官方数值没有找到,所以无法计算。"
    missing_en = "the monthly amount is a share of the local average basic pension, and no official figure for that average was found"
    assert caught.value.localized("zh").endswith(missing_zh) and "2022年全市基本养老金平均水平的2.8%" in caught.value.localized("zh")
    assert missing_en in caught.value.localized("en")
    # the calculator's compiled periods carry the same sentence, from Python
    answers = yibao.credit_rules()["answers"]
    errors = {part["error"] for p in answers["periods"]["chengdu"]["retiree||"] for part in p["parts"]} - {None}
    said = [answers["messages"][error] for error in errors]
    assert any(message["zh"].endswith(missing_zh) and missing_en in message["en"] for message in said)


def test_the_national_retiree_rule_says_the_amount_is_local():
    row = _row("region_params", "cn-credit-ret-post")
    assert "2%左右" in row["description_zh"] and "由各地确定" in row["description_zh"]
    assert "set locally" in row["description_en"] and "no national figure" in row["description_en"]
