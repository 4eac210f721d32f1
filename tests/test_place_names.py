"""Places as people write them (杭州, 杭州市, Hangzhou, "Chengdu ") find their region, in every public function."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import yibao
from yibao.data.regions import resolve_region
from yibao.data.store import clear_cache, records

from .conftest import read_rows, write_rows


def _add_region(folder: Path, region_id: str, kind: str, name_zh: str, name_en: str) -> None:
    rows = read_rows(folder / "regions.csv")
    fields = {"id": region_id, "kind": kind, "name_zh": name_zh, "name_en": name_en, "benefit_year_start": "01-01"}
    fields |= {"confidence": "high", "source_ids": "gbf-2021-14"}
    rows.append([fields.get(name, "") for name in rows[0]])
    write_rows(folder / "regions.csv", rows)


@pytest.fixture
def more_places(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The data plus Hangzhou, and Jilin the city beside Jilin the province (names only, no rules)."""
    _add_region(data_copy, "hangzhou", "city", "杭州", "Hangzhou")
    _add_region(data_copy, "jilin_city", "city", "吉林", "Jilin City")
    _add_region(data_copy, "jilin_province", "province", "吉林省", "Jilin Province")
    monkeypatch.setenv("YIBAO_DATA_DIR", str(data_copy))
    clear_cache()
    yield data_copy
    monkeypatch.delenv("YIBAO_DATA_DIR")
    clear_cache()


@pytest.mark.parametrize(
    ("written", "region"),
    [
        ("成都市", "chengdu"),
        ("Chengdu ", "chengdu"),
        ("CHENGDU", "chengdu"),
        ("ＣＨＥＮＧＤＵ", "chengdu"),  # full-width letters, as a Chinese keyboard may type them
        ("chengdu city", "chengdu"),
        ("Xi'an", "xian"),
        ("xi an", "xian"),
        ("西安市", "xian"),
        ("北京市", "beijing"),
        ("四川", "sichuan"),
        ("Sichuan Province", "sichuan"),
        ("内蒙古", "inner_mongolia"),
        ("inner mongolia", "inner_mongolia"),
        (None, "national"),
    ],
)
def test_names_as_people_write_them_find_the_region(written, region):
    assert resolve_region(written) == region


def test_a_city_added_as_data_is_found_by_every_name(more_places):
    for written in ("杭州", "杭州市", "Hangzhou", "hangzhou", " HangZhou City "):
        assert resolve_region(written) == "hangzhou"
    # the withdrawal steps take it too (no local rule: the national one, said to be national)
    assessment = yibao.assess_withdrawal("death", region="杭州市", lang="en")
    assert assessment.region == "national" and not assessment.region_specific and "Hangzhou" in assessment.note


def test_a_city_and_its_province_of_one_name_stay_apart(more_places):
    assert resolve_region("吉林市") == "jilin_city"
    assert resolve_region("吉林省") == resolve_region("jilin province") == "jilin_province"
    assert resolve_region("吉林") == "jilin_city"  # a region's own name wins over a derived form
    with pytest.raises(ValueError, match="unknown city 'Jilin'"):  # both derive it: it names neither
        resolve_region("Jilin")


def test_every_region_is_found_by_its_own_names():
    for row in records("regions"):
        for column in ("id", "name_zh", "name_en"):
            assert resolve_region(row[column]) == row["id"], (column, row[column])


def test_the_public_functions_take_names():
    assert yibao.monthly_personal_credit(8000, city="成都市", on="2024-03-01") == yibao.monthly_personal_credit(
        8000, city="chengdu", on="2024-03-01"
    )
    assert yibao.simulate_year("Chengdu ", year=2024, events=[], wage_base=8000).summary == (
        yibao.simulate_year("chengdu", year=2024, events=[], wage_base=8000).summary
    )
    assert yibao.year_rules("北京市") == yibao.year_rules("beijing")
    assert yibao.has_personal_account("employee", city="深圳市").answer == yibao.has_personal_account("employee", city="shenzhen").answer
    assert yibao.assess_withdrawal("death", region="西安市").region == "xian"
    named = yibao.filter_channels(region="Beijing City")
    assert set(named["region"]) <= {"national", "beijing"} and named.equals(yibao.filter_channels(region="beijing"))
    assert yibao.family_sharing_rules("四川省") == yibao.family_sharing_rules("sichuan")


@pytest.mark.parametrize(
    ("call", "written"),
    [
        (lambda place: yibao.monthly_personal_credit(8000, city=place), "Atlantis"),
        (lambda place: yibao.simulate_year(place, year=2024, events=[]), "亚特兰蒂斯"),
        (lambda place: yibao.assess_withdrawal("death", region=place), "atlantis"),
    ],
)
def test_an_unknown_place_is_named_with_the_known_ones_in_both_languages(call, written):
    with pytest.raises(ValueError) as caught:
        call(written)
    message = str(caught.value)
    assert repr(written) in message and "beijing" in message
    assert "known places: " in message and "Beijing" in message and "未知的地区" in message and "北京" in message


def test_a_known_place_without_the_rules_says_so():
    with pytest.raises(ValueError) as caught:
        yibao.monthly_personal_credit(8000, city="武汉市")
    assert "Wuhan has no rules for this yet" in str(caught.value) and "武汉暂无这方面的规则" in str(caught.value)


def test_pickers_group_places_by_province_national_first():
    from yibao import widgets
    from yibao.data.regions import region_picker

    picked = region_picker(["shenzhen", "national", "nanjing", "guangzhou", "chengdu"])
    assert [(p["id"], p["group_zh"], p["group_en"]) for p in picked] == [
        ("national", "", ""),
        ("guangzhou", "广东省", "Guangdong"),
        ("shenzhen", "广东省", "Guangdong"),
        ("nanjing", "江苏省", "Jiangsu"),
        ("chengdu", "四川省", "Sichuan"),
    ]
    for explainer, trait in (
        (widgets.credit_calculator, "cities"),
        (widgets.balance_chart, "cities"),
        (widgets.year_of_care, "cities"),
        (widgets.withdrawal_steps, "regions"),
    ):
        places = getattr(explainer(), trait)
        assert places == region_picker([p["id"] for p in places]), explainer
        assert all(p["group_zh"] and p["group_en"] for p in places if p["id"] != "national"), explainer


def test_every_place_but_the_nation_has_a_province():
    for row in records("regions"):
        assert bool(row["province_zh"]) == bool(row["province_en"]) == (row["kind"] != "national"), row["id"]


def test_the_explainers_take_names_and_keep_the_id():
    from yibao import widgets

    calculator, year = widgets.credit_calculator(), widgets.year_of_care()
    calculator.city, year.city = "成都市", "Chengdu "
    assert calculator.city == year.city == "chengdu"
    with pytest.raises(ValueError, match="Wuhan has no rules for this yet"):
        year.city = "武汉"
