"""What we know for each city: the records, the --coverage table and the page, all from one function."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import yibao
from yibao.answers.cities import FACTS, city_facts, coverage_table
from yibao.data.regions import region_picker
from yibao.data.store import clear_cache, records
from yibao.validate import main

from .conftest import edit_row

DAY = "2025-03-01"


def _fact(city: str, fact: str, on: str = DAY) -> dict:
    (record,) = [r for r in city_facts(on) if r["id"] == city]
    (cell,) = [c for c in record["facts"] if c["fact"] == fact]
    return cell


def test_every_city_has_every_fact_in_the_pickers_order():
    facts = city_facts(DAY)
    cities = [r["id"] for r in records("regions") if r["kind"] == "city"]
    assert [r["id"] for r in facts] == [p["id"] for p in region_picker(cities)]
    for record in facts:
        assert [c["fact"] for c in record["facts"]] == [key for key, *_ in FACTS]
        assert record["known"] == sum(c["state"] == "known" for c in record["facts"])
    json.dumps(facts, ensure_ascii=False)  # JSON-ready


def test_a_known_value_comes_with_its_rows_confidence_and_linked_sources():
    cell = _fact("beijing", "credit_retiree")
    rows = [r for r in records("region_params") if r["id"] in cell["row_ids"]]
    assert cell["state"] == "known" and rows and all(r["region"] == "beijing" and r["status"] == "retiree" for r in rows)
    assert cell["value_zh"] and cell["value_en"] and "¥" in cell["value_en"]
    assert cell["confidence"] == max((r["confidence"] for r in rows), key=("high", "medium", "low", "unverified").index)
    assert {s["id"] for s in cell["sources"]} == {s for r in rows for s in r["source_ids"]}
    assert any(s["url"] for s in cell["sources"])


def test_values_read_as_people_say_them():
    assert _fact("beijing", "credit_employee")["value_en"] == "2% of the contribution base"
    assert _fact("beijing", "credit_employee")["value_zh"] == "缴费基数的2%"
    assert _fact("beijing", "reform_date")["value_en"] == "2022-09-01"
    assert _fact("beijing", "outpatient_cap")["value_en"] == "no cap"  # an empty cap a source states, not an unknown one


def test_a_fact_without_a_row_or_without_a_value_is_not_known():
    rows = {r["id"]: r for table in ("region_params", "inpatient_rules") for r in records(table)}
    states = set()
    for record in city_facts(DAY):
        for cell in record["facts"]:
            states.add(cell["state"])
            if cell["state"] != "known":
                assert cell["value_zh"] == cell["value_en"] == "", cell
            if cell["state"] == "missing":
                assert cell["row_ids"] == [] and cell["sources"] == [] and cell["confidence"] == "", cell
            elif cell["state"] == "unknown":  # rows in force, one without a value (and not a stated "no cap")
                assert any(pd.isna(rows[i]["value"]) for i in cell["row_ids"]), cell
    assert states == {"known", "unknown", "missing"}
    assert _fact("wuhan", "reform_date")["state"] == "missing"  # Wuhan is in the data for withdrawal only


def test_a_national_rule_is_not_a_fact_about_a_city():
    assert any(r["region"] == "national" and r["parameter"] == "min_contribution_years" for r in records("region_params"))
    assert _fact("beijing", "min_years")["state"] == "missing"


def test_a_value_found_later_is_known_with_its_confidence(data_copy: Path, monkeypatch: pytest.MonkeyPatch):
    [row] = [r for r in records("region_params") if r["region"] == "nanjing" and r["parameter"] == "base_floor" and pd.isna(r["value"])]
    assert _fact("nanjing", "base_floor")["state"] == "unknown"
    edit_row(data_copy / "region_params.csv", row["id"], value="5000", confidence="medium")
    monkeypatch.setenv("YIBAO_DATA_DIR", str(data_copy))
    clear_cache()
    try:
        found = _fact("nanjing", "base_floor")
    finally:
        monkeypatch.delenv("YIBAO_DATA_DIR")
        clear_cache()
    assert (found["state"], found["value_en"], found["value_zh"], found["confidence"]) == ("known", "¥5,000/month", "¥5,000/月", "medium")
    assert found["row_ids"] == [row["id"]]


def test_the_coverage_table_prints_each_cells_confidence_or_a_dash(capsys):
    assert main(["--coverage", "--on", DAY]) == 0
    out = capsys.readouterr().out
    table = coverage_table(city_facts(DAY))
    assert table in out
    lines = table.splitlines()
    assert lines[0].split() == ["city", *(key for key, *_ in FACTS), "known"]
    for line, record in zip(lines[1:], city_facts(DAY), strict=True):
        cells = line.split()
        assert cells[0] == record["id"] and cells[-1] == str(record["known"])
        assert cells[1:-1] == [c["confidence"] if c["state"] == "known" else "—" for c in record["facts"]]


def test_the_coverage_rejects_a_bad_day(capsys):
    with pytest.raises(SystemExit):
        main(["--coverage", "--on", "yesterday"])
    assert "on must be a date" in capsys.readouterr().err


def test_the_page_shows_both_languages_confidence_and_source_links():
    page = yibao.city_facts_page(DAY)
    shown = page._repr_html_()
    assert '<details class="yibao-card yibao-bilingual' in shown and "<summary>" in shown  # folded: the answer opens the table
    for _, _, _, _, zh, en in FACTS:
        assert f'<div lang="zh">{zh}</div>' in shown and f"<div lang=\"en\">{en.replace(chr(39), '&#x27;')}</div>" in shown
    cell = _fact("beijing", "credit_employee")
    linked = [s["url"] for s in cell["sources"] if s["url"]]
    assert all(f'href="{url}"' in shown for url in linked)
    assert shown.count("<tr>") == 1 + len(city_facts(DAY))
    unknown = sum(c["state"] != "known" for r in city_facts(DAY) for c in r["facts"])
    assert len(re.findall(r">—</span>", shown)) == unknown
    assert "<script" not in shown
    assert repr(page).startswith("<CityFacts ")
