"""Facts corrected or added after the November 2026 audit (sources in the comments)."""

from __future__ import annotations

import pandas as pd
import pytest

import yibao

PARAMS = yibao.load_region_params().set_index("id")


def _on(region: str, parameter: str, day: str, status: str = "employee", tier: str = "") -> pd.DataFrame:
    match = (PARAMS["region"] == region) & (PARAMS["parameter"] == parameter) & (PARAMS["status"] == status)
    rows = PARAMS[match & (PARAMS["tier"] == tier)]
    stamp = pd.Timestamp(day)
    return rows[(rows["valid_from"] <= stamp) & (rows["valid_to"].isna() | (rows["valid_to"] > stamp))]


def test_shanghai_employer_rate_timeline():
    # 上海市医保局 Q&A 2022-09-30: 10.5 % → 10 % from October 2022
    assert _on("shanghai", "employer_rate", "2022-09-30")["value"].tolist() == [10.5]
    assert _on("shanghai", "employer_rate", "2022-10-01")["value"].tolist() == [10]
    # 沪医保规〔2025〕2号: temporary 9 % (8.5 % + 0.5 % 地方附加) from 2025-03-01 to 2026-02-28
    nine = PARAMS.loc["sh-er-2025"]
    assert (nine["value"], nine["temporary"], str(nine["valid_to"].date())) == (9, True, "2026-03-01")
    after = _on("shanghai", "employer_rate", "2026-06-01").iloc[0]
    assert pd.isna(after["value"]) and after["confidence"] == "unverified"


def test_shanghai_pooled_cap_and_benefit_year():
    # 劳动报 via 中工网 (2025): 63万 → 65万 from 2025-07-01
    assert _on("shanghai", "pooled_annual_cap", "2025-06-30", status="all")["value"].tolist() == [630000]
    assert _on("shanghai", "pooled_annual_cap", "2025-07-01", status="all")["value"].tolist() == [650000]
    # 上海市医疗保障局 2020-03-02: the July year began in 2020, April years ran until 2019
    note = yibao.load_regions().set_index("id").loc["shanghai", "note_zh"]
    assert "自2020年起" in note and "4月1日" in note and "2003–2012" not in note


def test_shanghai_retiree_credit_in_the_2021_benefit_year():
    # 上海辟谣 (2021, repost): 1,680 / 1,890 yuan already in the 2021 benefit year
    credit = yibao.monthly_personal_credit(0, status="retiree", city="shanghai", on="2021-08-01", age=70)
    assert credit.amount * 12 == pytest.approx(1680)
    with pytest.raises(ValueError, match="No official source found for Shanghai's retiree credits in the 2013-2020"):
        yibao.monthly_personal_credit(0, status="retiree", city="shanghai", on="2016-08-01", age=70, lang="en")


def test_guangzhou_and_shenzhen_corrections():
    # 穗医保规字〔2019〕3号 (gz.gov.cn): 5.5 % from 2019-07-01 for three years, maternity excluded
    cut = PARAMS.loc["gz-er-2020"]
    assert (str(cut["valid_from"].date()), str(cut["valid_to"].date()), cut["value"]) == ("2019-07-01", "2022-07-01", 5.5)
    assert "不含" in cut["description_zh"] and "not directly comparable" in cut["description_en"]
    # 7 % of ¥174,640 = ¥12,224.80 (6 % = the in-service ¥10,478.40)
    assert PARAMS.loc["sz-op-cap-ret-2025", "value"] == pytest.approx(0.07 * 174640)


def test_schemes_without_a_personal_account_are_explicit_and_not_used_by_the_calculator():
    # 深圳市医疗保障局 2023-01-06: the reform covers Tier I only; Tier II has no account. 成都: 单建统筹 has none.
    none = PARAMS[(PARAMS["parameter"] == "account_credit") & (PARAMS["tier"] != "")]
    assert set(zip(none["region"], none["tier"], strict=True)) == {("shenzhen", "tier_2"), ("chengdu", "pooled_only")}
    assert (none["value"] == 0).all() and none["description_en"].str.contains("no personal account", case=False).all()
    credit = yibao.monthly_personal_credit(10000, city="shenzhen", on="2026-03-01")
    assert credit.amount == pytest.approx(200) and not any(p.row_id.startswith("sz-t2") for p in credit.parts)


@pytest.mark.parametrize(
    ("region", "day", "floor", "ceiling"),
    [
        ("beijing", "2025-08-01", 7162, 35811),  # 京人社发〔2025〕11号
        ("beijing", "2024-08-01", 6821, 35283),
        ("shanghai", "2025-08-01", 7460, 37302),
        ("shanghai", "2024-08-01", 7384, 36921),
        ("shenzhen", "2025-06-01", 6733, 33666),
        ("shenzhen", "2026-06-01", 6727, 33633),
        ("guangzhou", "2024-06-01", 5996, 29979),
        ("nanjing", "2024-06-01", 4879, 24396),  # 苏人社发〔2024〕38号
        ("chengdu", "2025-11-01", 4588, 22938),
    ],
)
def test_contribution_base_floor_and_ceiling(region, day, floor, ceiling):
    (low,) = _on(region, "base_floor", day, status="all")["value"]
    (high,) = _on(region, "base_ceiling", day, status="all")["value"]
    assert (low, high) == (floor, ceiling)


def test_fixed_monthly_payments():
    # 北京本地宝 2021-01-13, xxmy 2010: the 3 yuan dates from the 2001 rules, retirees too
    for status in ("employee", "retiree"):
        assert _on("beijing", "employee_fixed", "2005-01-01", status=status)["value"].tolist() == [3]
    # 宁政办发〔2005〕76号: 10 yuan a month 大病医疗救助费 from 2005-07-01, incl. retirees; today's status unconfirmed
    nanjing = _on("nanjing", "employee_fixed", "2024-01-01", status="retiree").iloc[0]
    assert nanjing["value"] == 10 and "没有找到当前的官方来源确认" in nanjing["description_zh"]


def test_beijing_hospital_rates_beside_the_community_rate():
    # 北京市医保局 via 云财经 2022-12-12: hospitals 70 % in service, 85 % retirees under 70; 社保迷: 90 % from 70
    assert _on("beijing", "outpatient_rate", "2024-01-01")["value"].tolist() == [90]
    assert _on("beijing", "outpatient_rate_hospital", "2024-01-01")["value"].tolist() == [70]
    retirees = _on("beijing", "outpatient_rate_hospital", "2024-01-01", status="retiree")
    assert sorted(retirees["value"]) == [85, 90]


def test_withdrawal_channel_and_myth_corrections():
    # Nanjing: one AI-style page is no basis for "allowed" (audit row 58)
    assert yibao.assess_withdrawal("settle_abroad", region="nanjing").verdict == "regional"
    # Quanzhou guide (kuyiso copy, 2023-12): two further one-off cases
    assert yibao.assess_withdrawal("retire_elsewhere", region="quanzhou").verdict == "allowed"
    assert yibao.assess_withdrawal("retire_elsewhere").verdict == "regional"
    assert "不接收" in yibao.assess_withdrawal("move_region", region="quanzhou").summary
    # 12333: 劳社部函〔2003〕84号; 12393: 新民晚报 2022-07-05; 12345: 国办发〔2020〕53号
    channels = yibao.load_channels().set_index("id")
    assert str(channels.loc["hotline-12333", "valid_from"].date()) == "2003-05-27"
    assert str(channels.loc["hotline-12393", "valid_from"].date()) == "2022-07-05"
    assert channels.loc["hotline-12345", "mode"] == "offline"
    # 国办发〔2019〕10号: maternity costs are paid from the merged employee fund → c21 is half right
    claims = yibao.load_seed_claims().set_index("id")
    assert claims.loc["c21-checkups-maternity", "verdict"] == "misleading"
    assert "gbf-2019-10" in claims.loc["c21-checkups-maternity", "source_ids"]
    # 《北京市基本医疗保险规定》(2001) Art. 30: the seed's exclusions are a Beijing local rule
    seed_items = yibao.load_non_payable().query("id.str.startswith('seed-')")
    assert set(seed_items["region"]) == {"beijing"} and set(seed_items["status"]) == {"local_rule"}
