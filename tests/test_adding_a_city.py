"""CONTRIBUTING's "Adding a city" and "Adding a rule", done as it says: rows in a copy of data/.

A made-up city (Testville: a region, a source, a crediting rule and the contribution-base limits)
appears in the calculator, the year of care and the page's exports with no code changed; a rule
added to it (an age band) changes all three at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import yibao
from yibao import widgets
from yibao.data.store import clear_cache, data_dir
from yibao.rules.credit import credit_cities

from .conftest import read_rows, write_rows


def _append(path: Path, **fields: str) -> None:
    rows = read_rows(path)
    rows.append([fields.get(name, "") for name in rows[0]])
    write_rows(path, rows)


def _param(folder: Path, row_id: str, parameter: str, value: str, unit: str, **fields: str) -> None:
    description = {"description_zh": f"测试用规则 {row_id}。", "description_en": f"A rule for tests, {row_id}."}
    _append(
        folder / "region_params.csv",
        id=row_id,
        region="testville",
        parameter=parameter,
        value=value,
        unit=unit,
        confidence="medium",
        source_ids="testville-notice",
        **{"status": "all", "valid_from": "2020-01-01", **description, **fields},
    )


@pytest.fixture
def testville(tmp_path: Path) -> Iterator[Path]:
    """data/ plus Testville, as CONTRIBUTING's "Adding a city" says; YIBAO_DATA_DIR points at it."""
    import shutil

    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    source = {"title": "测试市医保通知", "publisher": "测试市医疗保障局", "published": "2020-01-01"}
    _append(folder / "sources.csv", id="testville-notice", kind="official", **source)
    city = {"name_zh": "测试市", "name_en": "Testville", "confidence": "medium", "source_ids": "testville-notice"}
    _append(folder / "regions.csv", id="testville", kind="city", benefit_year_start="01-01", **city)
    _param(folder, "tv-credit-emp", "account_credit", "2", "percent", status="employee", payer="employee", basis="wage_base")
    _param(folder, "tv-base-floor", "base_floor", "3000", "yuan")
    _param(folder, "tv-base-ceiling", "base_ceiling", "20000", "yuan")
    old = os.environ.get("YIBAO_DATA_DIR")
    os.environ["YIBAO_DATA_DIR"] = str(folder)
    try:
        yield folder
    finally:
        if old is None:
            del os.environ["YIBAO_DATA_DIR"]
        else:
            os.environ["YIBAO_DATA_DIR"] = old
        clear_cache()


def test_a_city_added_as_data_is_in_the_calculator_the_year_of_care_and_the_page(testville: Path):
    assert "testville" in credit_cities()
    credit = yibao.monthly_personal_credit(30000, city="测试市", on="2024-03-01")
    assert (credit.amount, credit.base_clamped, credit.source_ids) == (400.0, "ceiling", ("testville-notice",))
    year = yibao.simulate_year("testville", year=2024, events=[], wage_base=30000)
    assert year.summary["credits_received"] == 12 * 400.0
    periods = yibao.credit_rules()["answers"]["periods"]["testville"]["employee||"]
    assert [(p["from"], p["ceiling"], [part["id"] for part in p["parts"]]) for p in periods if p["parts"]] == [
        ("2020-01-01", 20000.0, ["tv-credit-emp"])
    ]
    assert yibao.year_rules("testville")["credit_periods"]["employee"]["periods"][-1]["floor"] == 3000.0
    assert "testville" in [city["id"] for city in widgets.credit_calculator().cities]
    assert "testville" in [city["id"] for city in widgets.year_of_care().cities]


def test_a_rule_added_as_data_changes_every_page_at_once(testville: Path):
    band = {"status": "employee", "payer": "employer", "basis": "wage_base", "age_min": "45"}
    _param(testville, "tv-credit-emp-er-45", "account_credit", "1", "percent", **band)
    clear_cache()
    assert yibao.monthly_personal_credit(10000, city="testville", on="2024-03-01", age=50).amount == 300.0
    assert yibao.monthly_personal_credit(10000, city="testville", on="2024-03-01", age=30).amount == 200.0
    assert yibao.simulate_year("testville", year=2024, events=[], wage_base=10000, age=50).summary["credits_received"] == 3600.0
    bands = {(p["age_min"], p["age_max"]) for p in yibao.year_rules("testville")["credit_periods"]["employee"]["periods"]}
    assert bands == {(16, 44), (45, 120)}
