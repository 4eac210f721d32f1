"""The data-health report: confidence counts, the freshness gate, temporary rates, stale sources."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from yibao.data import health
from yibao.data.store import clear_cache, load_table, validate_all
from yibao.data.tables import CONFIDENCE
from yibao.rules import calculator_inputs
from yibao.rules.core import NotComputable
from yibao.rules.year import simulate_year
from yibao.validate import main as validate_main

from .conftest import ROOT, edit_row, read_rows, write_rows


def _edit(path: Path, row_id: str, **changes: str) -> None:
    """Change cells of one row of a copied table (and forget cached tables)."""
    edit_row(path, row_id, **changes)
    clear_cache()


def _drop(path: Path, row_id: str) -> None:
    rows = read_rows(path)
    write_rows(path, [r for r in rows if r[0] != row_id])
    clear_cache()


# --- the real data ----------------------------------------------------------------------------


def test_freshness_gate_no_current_rule_has_lapsed_today():
    """Fails as soon as a dated rule ends with nothing after it: add the successor (or an unknown row)."""
    lapsed = health.lapsed_rules(dt.date.today())
    assert lapsed == [], "rules ended with no successor: " + ", ".join(f"{r['id']} ({r['valid_to']})" for r in lapsed)


def test_every_temporary_rate_has_an_end_date():
    assert health.open_ended_temporary() == []
    params = load_table("region_params")
    assert params["temporary"].sum() >= 10  # the 阶段性 cuts of Shanghai, Shenzhen, Guangzhou and Nanjing are flagged


def test_confidence_counts_cover_every_row():
    counts = {r["table"]: r for r in health.confidence_counts()}
    assert "sources" not in counts and set(counts) >= {"region_params", "channels", "withdrawal_scenarios"}
    for table, record in counts.items():
        frame = load_table(table)
        assert record["total"] == len(frame) == sum(record[level] for level in CONFIDENCE)
        assert record["unverified"] == int((frame["confidence"] == "unverified").sum())


def test_numeric_share_at_high_or_medium_rose_above_the_audit_baseline():
    numeric = health.numeric_confidence()
    params = load_table("region_params")
    assert numeric["numeric"] == int(params["value"].notna().sum())
    assert numeric["share"] == pytest.approx(numeric["high_or_medium"] / numeric["numeric"])
    assert numeric["share"] > 0.79  # 100 of 127 (79%) before the 2026-11 audit was applied


@pytest.fixture(scope="module")
def printed_report() -> tuple[int, str]:
    """``python -m yibao.validate --report --on 2026-12-07`` on the real data, run once: its exit code and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = validate_main(["--report", "--on", "2026-12-07"])
    return code, out.getvalue()


def test_report_is_json_ready_and_printed(printed_report: tuple[int, str]):
    report = health.health_report("2026-12-07")
    assert json.loads(json.dumps(report)) == report
    assert report["on"] == "2026-12-07" and report["stale_years"] == 5
    code, out = printed_report
    assert code == 0
    assert "Data health on 2026-12-07" in out
    assert "Lapsed rules with no successor (valid_to passed" in out and ": none" in out
    assert f"{report['numeric']['share']:.1%}" in out


def test_stale_rows_are_in_force_and_only_cite_old_sources():
    report = health.stale_current_rows("2026-11-30")
    sources = load_table("sources").set_index("id")
    assert ("withdrawal_scenarios", "death@weihai") in {(r["table"], r["id"]) for r in report}  # a 2008 rule
    for record in report:
        assert record["newest_source"] < "2021-11-30"
        assert all(sources.loc[s, "published"] for s in record["source_ids"])


def test_undated_sources_are_listed():
    undated = health.undated_sources()
    sources = load_table("sources").set_index("id")
    assert undated and all(sources.loc[s, "published"] == "" for s in undated)
    assert "seed-000" not in undated


def test_readme_shows_the_current_confidence_counts():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert health.confidence_markdown() in readme, "run `python -m yibao.validate --markdown` and paste the table into README.md"


# --- small broken copies of the data ----------------------------------------------------------


def test_gate_fails_when_a_rule_lapses_with_no_successor(data_copy: Path, capsys):
    path = data_copy / "region_params.csv"
    _drop(path, "sh-er-2026")  # the unknown row after Shanghai's temporary 9 % (ends 2026-03-01)
    before_end = health.lapsed_rules("2026-02-01", data_copy)
    after_end = health.lapsed_rules("2026-11-30", data_copy)
    assert before_end == []
    assert [r["id"] for r in after_end] == ["sh-er-2025"]
    assert after_end[0] == {
        "table": "region_params",
        "id": "sh-er-2025",
        "region": "shanghai",
        "parameter": "employer_rate",
        "status": "employee",
        "tier": "",
        "valid_to": "2026-03-01",
    }
    assert validate_main([str(data_copy), "--report", "--on", "2026-11-30"]) == 1
    assert "sh-er-2025 (ended 2026-03-01)" in capsys.readouterr().out


def test_an_abolished_component_is_succeeded_by_the_same_parameter(data_copy: Path):
    """The employer part of the credit ends at the reform; the post-reform credit follows it."""
    assert not [r for r in health.lapsed_rules("2026-11-30", data_copy) if r["id"].startswith("bj-credit-emp-er")]
    _drop(data_copy / "region_params.csv", "bj-credit-emp-post")
    lapsed = {r["id"] for r in health.lapsed_rules("2026-11-30", data_copy)}
    assert {"bj-credit-emp-own-pre", "bj-credit-emp-er-pre-u35", "bj-credit-emp-er-pre-45"} <= lapsed


def test_temporary_rate_without_end_date_is_reported(data_copy: Path, monkeypatch, capsys):
    _edit(data_copy / "region_params.csv", "sz-er-2025", valid_to="")
    _drop(data_copy / "region_params.csv", "sz-er-2026")
    monkeypatch.setenv("YIBAO_DATA_DIR", str(data_copy))
    clear_cache()
    try:
        assert health.open_ended_temporary() == [{"table": "region_params", "id": "sz-er-2025", "valid_from": "2025-01-01"}]
        assert validate_main(["--report", "--on", "2026-11-30"]) == 0
        assert "Temporary rates with no end date: 1\n  sz-er-2025 (from 2025-01-01)" in capsys.readouterr().out
    finally:
        monkeypatch.delenv("YIBAO_DATA_DIR")
        clear_cache()


def test_current_row_with_only_old_sources_is_stale(data_copy: Path):
    _edit(data_copy / "channels.csv", "counter", source_ids="nhsa-2018-founding")
    _edit(data_copy / "sources.csv", "nhsa-2018-founding", published="2018-05")
    stale = {(r["table"], r["id"]): r for r in health.stale_current_rows("2026-11-30", data_copy)}
    assert stale[("channels", "counter")]["newest_source"] == "2018-05-31"
    assert ("channels", "counter") not in {(r["table"], r["id"]) for r in health.stale_current_rows("2023-01-01", data_copy)}
    _edit(data_copy / "sources.csv", "nhsa-2018-founding", published="")
    assert ("channels", "counter") not in {(r["table"], r["id"]) for r in health.stale_current_rows("2026-11-30", data_copy)}


def test_bad_on_date_is_rejected(capsys):
    with pytest.raises(ValueError, match=r"on must be a date \(YYYY-MM-DD\)"):
        health.lapsed_rules("30/11/2026")
    with pytest.raises(SystemExit):
        validate_main(["--report", "--on", "someday"])
    assert "on must be a date" in capsys.readouterr().err


def test_invalid_data_fails_before_the_report(data_copy: Path, capsys):
    _edit(data_copy / "region_params.csv", "sh-er-2025", temporary="maybe")
    assert validate_main([str(data_copy), "--report"]) == 1
    out = capsys.readouterr().out
    assert "field 'temporary': 'maybe' is not 'yes'" in out and "Data health" not in out


# --- three shares, the inputs per city, base-limit freshness, citations --------------------------


def test_the_three_shares_count_what_they_say():
    numeric = health.numeric_confidence("2026-12-07")
    params = load_table("region_params")
    every, current = numeric["all_numeric"], numeric["in_force"]
    assert numeric["numeric"] < every["rows"] and every["high_or_medium"] == numeric["high_or_medium"]
    assert every["rows"] == numeric["numeric"] + int(health._unknown(params).sum())
    assert current["rows"] < every["rows"] and 0 < current["no_value"] < current["rows"]
    assert every["share"] < numeric["share"] and current["share"] < numeric["share"]
    assert current["on"] == "2026-12-07"


def test_every_city_lists_every_calculator_input(printed_report: tuple[int, str]):
    cities = calculator_inputs.city_inputs("2026-12-07")
    labels = [label for label, _ in calculator_inputs.INPUTS]
    assert [c["city"] for c in cities] == health.offered_cities()
    assert {"beijing", "shanghai", "guangzhou", "shenzhen", "nanjing", "chengdu"} <= set(health.offered_cities())
    for record in cities:
        assert set(record) == {"city", *labels}
        assert all(record[label] in (*CONFIDENCE, "none") or record[label] == "unknown" for label in labels)
    by_city = {c["city"]: c for c in cities}
    assert by_city["shanghai"]["inpatient deductible"] == "medium"  # sh-ip-ded-emp-post
    assert by_city["chengdu"]["credit, retired (70)"] == "unknown"  # 2.8% of an average pension not in the data
    assert by_city["shenzhen"]["base limits"] == "medium"  # sz-base-floor-2026
    assert by_city["shanghai"]["outpatient cap"] == "unknown"  # an empty cap no source says means "no cap"
    _, out = printed_report
    assert "  " + " | ".join(["city", *labels]) in out
    assert "  " + " | ".join(by_city["chengdu"].values()) in out


def test_the_inputs_are_the_rules_the_engine_picks(data_copy: Path, monkeypatch: pytest.MonkeyPatch):
    """Beijing without inpatient deductibles of its own: a national one (made up here) is what a year of care
    uses, and what the table shows, marked national; without it there is none, and the year cannot split the stay."""
    monkeypatch.setenv("YIBAO_DATA_DIR", str(data_copy))
    path = data_copy / "inpatient_rules.csv"
    rows = read_rows(path)
    header, beijing = rows[0], next(r for r in rows if r[0] == "bj-ip-ded-first")
    made_up = {"id": "cn-ip-ded-test", "region": "national", "admission": "any", "confidence": "low"}
    national = dict(zip(header, beijing, strict=True)) | made_up
    write_rows(path, [r for r in rows if r[0] not in ("bj-ip-ded-first", "bj-ip-ded-later")] + [[national[c] for c in header]])
    clear_cache()
    stay = {"status": "employee", "year": 2026, "wage_base": 8000, "age": 40, "events": (("2026-03-02", "inpatient", 20000, "level3"),)}
    year = simulate_year("beijing", **stay)
    assert "cn-ip-ded-test" in year.events["rule"].iloc[0]
    assert calculator_inputs.city_inputs("2026-12-07")[0]["inpatient deductible"] == "low (national)"
    write_rows(path, [r for r in read_rows(path) if r[0] != "cn-ip-ded-test"])
    clear_cache()
    with pytest.raises(NotComputable):
        simulate_year("beijing", **stay)
    assert calculator_inputs.city_inputs("2026-12-07")[0]["inpatient deductible"] == "none"


def test_every_offered_city_has_base_limits_in_force_today():
    """Fails when a city the app offers has no contribution-base limit row for today: add the new
    year's limits (or an unknown row that says they are not found yet)."""
    missing = [r["city"] for r in health.base_limit_freshness(dt.date.today()) if not r["row_today"]]
    assert missing == [], "no contribution-base limits in force today for: " + ", ".join(missing)


def test_old_base_limits_are_flagged(data_copy: Path, printed_report: tuple[int, str]):
    fresh = {r["city"]: r for r in health.base_limit_freshness("2026-12-07")}
    assert fresh["nanjing"] == {"city": "nanjing", "newest_known": "2024-01-01", "known_today": False, "row_today": True, "old": True}
    assert not fresh["shenzhen"]["old"] and fresh["shenzhen"]["known_today"]
    assert health.base_limit_freshness("2025-09-01")[0] == {
        "city": "beijing",
        "newest_known": "2025-07-01",
        "known_today": True,
        "row_today": True,
        "old": False,
    }
    code, out = printed_report
    assert code == 0
    assert "nanjing (newest known 2024-01-01; known today: no)" in out and "shenzhen (newest" not in out
    _drop(data_copy / "region_params.csv", "nj-base-floor-2025")
    after = {r["city"]: r for r in health.base_limit_freshness("2026-12-07", data_copy)}
    assert not after["nanjing"]["row_today"]


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("http://www.caishui.com/", "is only a site's home page"),
        ("https://sz.bendibao.com/index.html", "is only a site's home page"),
        ("https://WWW.YBZFFS.com/page41?article_id=28663", "is already cited on line"),  # shanghai-hyb-2023-6, other case
        ("http://www.tjwdhx.com/chaogugongganpingtai/22156.html/", "is already cited on line"),  # sh-year-2025, trailing slash
    ],
)
def test_a_source_url_names_one_page_under_one_id(data_copy: Path, url: str, problem: str):
    _edit(data_copy / "sources.csv", "gbf-2021-14", url=url)
    assert validate_main([str(data_copy)]) == 1
    errors = health_errors(data_copy)
    assert any(problem in e and "sources.csv" in e and "field 'url'" in e for e in errors), errors


def test_a_page_with_a_query_is_not_a_home_page(data_copy: Path):
    _edit(data_copy / "sources.csv", "gbf-2021-14", url="https://example.org/?id=14089")
    assert health_errors(data_copy) == []


def health_errors(directory: Path) -> list[str]:
    """Every validation error of a data folder."""
    clear_cache()
    return [e for errors in validate_all(directory).values() for e in errors]
