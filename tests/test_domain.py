"""The domain layer on its own: what every widget shows, as plain records, without ipywidgets."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import yibao
from yibao.data.i18n import LANGS, t
from yibao.data.store import DataValidationError, cache_folder, clear_cache, data_dir, derived, derived_json, load_table, records

from .conftest import ROOT, edit_row, read_rows, write_rows

#: Every public domain function that feeds a widget, called with its defaults.
RECORD_FUNCTIONS = {
    "account_rows": lambda: yibao.account_rows(),
    "channel_records": lambda: yibao.channel_records(),
    "seed_claims": lambda: yibao.seed_claims(),
    "family_sharing_rules": lambda: yibao.family_sharing_rules(),
    "non_payable_items": lambda: yibao.non_payable_items(),
    "withdrawal_scenarios": lambda: yibao.withdrawal_scenarios(),
    "assessment": lambda: [yibao.assess_withdrawal("death", region="wuhan").to_record()],
    "credit": lambda: [yibao.monthly_personal_credit(8000, city="beijing", on="2022-08-31", age=40).to_record()],
}


@pytest.mark.parametrize("name", RECORD_FUNCTIONS)
def test_records_are_json_ready_with_sources_and_both_languages(name):
    found = RECORD_FUNCTIONS[name]()
    assert found, name
    text = json.dumps(found, ensure_ascii=False, allow_nan=False)  # no NaN, no Timestamp, no tuple surprises
    assert json.loads(text) == found
    for record in found:
        assert record.get("source_ids") or name == "withdrawal_scenarios"
        if "sources" in record:
            assert [c["id"] for c in record["sources"]] == list(record["source_ids"])
            assert all(c["label_zh"] and c["label_en"] for c in record["sources"])
        bilingual = {key[:-3] for key in record if key.endswith("_zh")} - {"quote"}  # quotes stay in the original
        assert all(f"{stem}_en" in record for stem in bilingual), name


def test_seed_claims_filter_by_verdict_and_seed():
    everything = yibao.seed_claims()
    assert len(everything) == len(yibao.load_seed_claims())
    for verdict in ("correct", "outdated", "wrong", "misleading"):
        assert {r["verdict"] for r in yibao.seed_claims(verdict)} <= {verdict}
    assert sum(len(yibao.seed_claims(v)) for v in ("correct", "outdated", "wrong", "misleading")) == len(everything)
    seed = everything[0]["seed"]
    assert all(r["seed"] == seed for r in yibao.seed_claims(seed=seed))
    assert everything[0]["seed_source"]["id"] == seed
    with pytest.raises(ValueError, match="valid: correct, outdated"):
        yibao.seed_claims("false")


def test_family_sharing_by_region_and_date():
    rules = yibao.family_sharing_rules()
    assert [r["valid_from"] for r in rules] == sorted(r["valid_from"] for r in rules)
    shanghai = yibao.family_sharing_rules("shanghai")
    assert {r["region"] for r in shanghai} <= {"shanghai", "national"}
    in_force = yibao.family_sharing_rules(on="2025-01-01")
    assert in_force and all(r["valid_from"] <= "2025-01-01" and (r["valid_to"] is None or "2025-01-01" < r["valid_to"]) for r in in_force)
    assert len(in_force) < len(rules)
    assert len(rules) >= 3
    with pytest.raises(ValueError, match="unknown region 'atlantis'"):
        yibao.family_sharing_rules("atlantis")


def test_non_payable_items_by_what_they_apply_to():
    fund = yibao.non_payable_items("fund")
    account = yibao.non_payable_items("personal_account")
    assert {r["applies_to"] for r in fund} <= {"fund", "both"}
    assert {r["applies_to"] for r in account} <= {"personal_account", "both"}
    assert 0 < len(account) < len(yibao.non_payable_items())
    assert [r["order"] for r in yibao.non_payable_items()] == sorted(r["order"] for r in yibao.non_payable_items())
    with pytest.raises(ValueError, match="valid: fund, personal_account"):
        yibao.non_payable_items("pooled")


def test_account_rows_by_dimension():
    assert [r["id"] for r in yibao.account_rows(["function", "year_end"])] == ["function", "year_end"]
    assert len(yibao.account_rows()) == len(yibao.load_account_comparison())
    with pytest.raises(ValueError, match="unknown dimension 'nope'"):
        yibao.account_rows(["nope"])


def test_channels_flag_the_outdated_12333_and_list_steps():
    channels = yibao.channel_records()
    outdated = [r for r in channels if r["status"] == "outdated"]
    assert "hotline-12333" in [r["id"] for r in outdated]
    assert all((r["status_zh"], r["status_en"]) == (t("status_outdated", "zh"), t("status_outdated", "en")) for r in outdated)
    assert all(r["steps_zh"] and len(r["steps_zh"]) == len(r["steps_en"]) for r in channels)
    avoided = yibao.channel_records(avoid_needs=("password", "smartphone"))
    assert avoided and all({"password", "smartphone"}.isdisjoint(r["needs"]) for r in avoided)


def test_cashing_out_is_not_allowed_and_says_why():
    result = yibao.assess_withdrawal("cash_out")
    assert result.verdict == "not_allowed" and result.warnings
    assert any("第四十一条" in w for w in result.warnings) and "gwyl-735" in result.source_ids


def test_region_names_and_display_order():
    assert yibao.region_name("shanghai", "en") == "Shanghai"
    assert yibao.region_name("shanghai") == "上海"
    with pytest.raises(ValueError, match="unknown region"):
        yibao.region_name("atlantis")
    for table in ("channels", "account_comparison", "non_payable", "withdrawal_scenarios"):
        orders = [row["order"] for row in records(table)]
        assert orders == sorted(orders), table


def test_citations_read_like_citations():
    cited = yibao.cite(["gbf-2021-14"])[0]
    assert cited["label_zh"].startswith("国务院办公厅") and "国办发〔2021〕14号" in cited["label_zh"]
    assert cited["url"].startswith("http")
    assert "[" not in cited["label_zh"]
    with pytest.raises(ValueError, match="unknown source id"):
        yibao.cite(["no-such-source"])


def test_callers_cannot_change_the_cached_data():
    row = records("channels")[0]
    with pytest.raises(TypeError):
        row["name_zh"] = "changed"  # type: ignore[index]
    first = yibao.channel_records()
    first[0]["name_zh"] = "changed"
    first[0]["shows"].append("changed")
    first[0]["sources"][0]["label_zh"] = "changed"
    again = yibao.channel_records()
    assert again[0]["name_zh"] != "changed" and "changed" not in again[0]["shows"]
    assert again[0]["sources"][0]["label_zh"] != "changed"
    frame = yibao.load_channels()
    frame.loc[0, "name_zh"] = "changed"
    assert yibao.load_channels().loc[0, "name_zh"] != "changed"
    claims = yibao.seed_claims()
    claims.clear()
    assert yibao.seed_claims()


def test_derived_caches_follow_the_data_folder(data_copy, monkeypatch):
    calls = []

    @derived
    def count_channels() -> int:
        calls.append(1)
        return len(records("channels"))

    before = count_channels()
    assert count_channels() == before and len(calls) == 1  # cached
    path = data_copy / "channels.csv"
    rows = read_rows(path)
    write_rows(path, rows[:-1])
    monkeypatch.setenv("YIBAO_DATA_DIR", str(data_copy))
    assert count_channels() == before - 1  # another folder: computed again, no clear_cache() needed
    assert len(yibao.channel_records()) == before - 1
    monkeypatch.delenv("YIBAO_DATA_DIR")
    assert count_channels() == before


def test_derived_values_are_kept_while_the_tables_they_read_are_the_same(data_copy, monkeypatch):
    """A value is computed again only when a table its computation read (itself, or through another
    derived function, or a table that one refers to) changed: not after ``clear_cache()`` alone, not
    in a copy of the folder, nor when another table changed."""
    calls: list[str] = []

    @derived
    def channel_ids() -> tuple[str, ...]:
        calls.append("channels")
        return tuple(row["id"] for row in records("channels"))

    @derived
    def first_channel() -> str:  # reads the channels only through channel_ids()
        calls.append("first")
        return channel_ids()[0]

    @derived
    def folder() -> str:  # reads the folder itself: computed again for every folder and after clear_cache()
        calls.append("folder")
        return data_dir().name

    def run() -> list[str]:
        calls.clear()
        assert (first_channel(), channel_ids(), folder()) == (ids[0], ids, "data")
        return sorted(calls)

    ids = tuple(row["id"] for row in records("channels"))
    assert run() == ["channels", "first", "folder"]
    assert run() == []  # cached
    clear_cache()
    assert run() == ["folder"]  # the same files
    monkeypatch.setenv("YIBAO_DATA_DIR", str(data_copy))
    assert run() == ["folder"]  # a copy of them
    edit_row(data_copy / "questions.csv", records("questions")[0]["id"], answer_en="Changed.")
    clear_cache()
    assert run() == ["folder"]  # a table they did not read changed
    edit_row(data_copy / "sources.csv", records("sources")[0]["id"], title="Changed")
    clear_cache()
    assert run() == ["channels", "first", "folder"]  # a table the channels refer to changed
    rows = read_rows(data_copy / "channels.csv")
    write_rows(data_copy / "channels.csv", [rows[0], *rows[2:]])
    clear_cache()
    ids = ids[1:]
    assert run() == ["channels", "first", "folder"]  # the table itself changed
    monkeypatch.delenv("YIBAO_DATA_DIR")
    ids = tuple(row["id"] for row in records("channels"))
    assert run() == ["channels", "first", "folder"]  # back: different files again


def test_exports_are_kept_on_disk_for_the_same_code_and_tables(data_copy, tmp_path, monkeypatch):
    """A ``derived_json`` value is read back from the cache folder by a process that did not compute it
    (here: the same function decorated again, after ``clear_cache()``), for the same tables' contents
    only; a value read back still records what it read, so that it follows the data in memory too."""
    monkeypatch.setenv("YIBAO_CACHE_DIR", str(tmp_path / "cache"))
    calls: list[int] = []

    def channel_ids() -> list[str]:
        calls.append(1)
        return [row["id"] for row in records("channels")]

    ids = derived_json(channel_ids)()
    assert len(calls) == 1 and len(list((tmp_path / "cache").glob("*/*.reads.json"))) == 1
    clear_cache()
    started = derived_json(channel_ids)  # as in a process that starts: nothing in memory
    assert started() == ids and len(calls) == 1  # read from disk
    monkeypatch.setenv("YIBAO_DATA_DIR", str(data_copy))
    assert started() == ids and len(calls) == 1  # a copy of the same files
    rows = read_rows(data_copy / "channels.csv")
    write_rows(data_copy / "channels.csv", [rows[0], *rows[2:]])
    clear_cache()
    assert started() == ids[1:] and len(calls) == 2  # the value read from disk knew which table it came from
    monkeypatch.delenv("YIBAO_DATA_DIR")
    assert derived_json(channel_ids)() == ids and len(calls) == 2  # both contents are kept
    monkeypatch.setenv("YIBAO_CACHE_DIR", "")
    assert cache_folder() is None
    assert derived_json(channel_ids)() == ids and len(calls) == 3  # nowhere to keep it: computed


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("YIBAO_CACHE_DIR", str(blocked))
    count = derived_json(lambda: len(records("channels")))
    assert count() == len(records("channels"))


def test_lazy_import_reports_the_missing_module():
    script = "import sys\nsys.modules['matplotlib'] = None\nimport yibao\nyibao.balance_figure\n"
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode != 0
    assert "ModuleNotFoundError" in run.stderr and "matplotlib" in run.stderr
    assert "has no attribute 'balance_figure'" not in run.stderr
    with pytest.raises(AttributeError, match="has no attribute 'nothing_here'"):
        yibao.nothing_here  # noqa: B018


def test_every_column_kind_has_one_rule():
    from yibao.data.store import KIND_RULES
    from yibao.data.tables import TABLES, Kind

    assert set(KIND_RULES) == set(Kind)
    assert all(isinstance(c.kind, Kind) for table in TABLES.values() for c in table.columns)


def test_py_typed_is_shipped():
    assert (Path(yibao.__file__).parent / "py.typed").is_file()


# --- rules that once survived mutation testing ----------------------------------------------------


def _edit(path: Path, match: dict[str, str], changes: dict[str, str]) -> None:
    rows = read_rows(path)
    header = rows[0]
    hits = [row for row in rows[1:] if all(row[header.index(k)] == v for k, v in match.items())]
    assert hits, match
    for row in hits:
        for key, value in changes.items():
            row[header.index(key)] = value
    write_rows(path, rows)


@pytest.mark.parametrize(("confidence", "known"), [("unverified", False), ("high", True)])
def test_an_unverified_no_cap_is_unknown_not_unlimited(data_copy, monkeypatch, confidence, known):
    _edit(
        data_copy / "region_params.csv",
        {"region": "beijing", "parameter": "outpatient_cap", "status": "employee", "value": ""},
        {"confidence": confidence},
    )
    monkeypatch.setenv("YIBAO_DATA_DIR", str(data_copy))
    frame = yibao.project_balances("2024-01-01", 3, wage_base=8000, city="beijing", outpatient_cost_per_month=3000)
    assert frame["pooled_outpatient_cap"].isna().all()
    assert frame["pooled_outpatient_used"].notna().all() == known
    assert (frame["pooled_outpatient_paid"] > 0).all() == known


def test_a_credit_reports_its_lowest_confidence(data_copy, monkeypatch):
    _edit(
        data_copy / "region_params.csv",
        {"region": "beijing", "parameter": "account_credit", "payer": "employer", "age_min": "35"},
        {"confidence": "low"},
    )
    monkeypatch.setenv("YIBAO_DATA_DIR", str(data_copy))
    credit = yibao.monthly_personal_credit(8000, city="beijing", on="2022-08-31", age=40)
    assert {p.confidence for p in credit.parts} >= {"low"} and len({p.confidence for p in credit.parts}) > 1
    assert credit.confidence == "low"


def test_a_source_id_listed_twice_is_an_error(data_copy, monkeypatch):
    rows = read_rows(data_copy / "channels.csv")
    column = rows[0].index("source_ids")
    first = rows[1][column].split("|")[0]
    rows[1][column] = f"{first}|{first}"
    write_rows(data_copy / "channels.csv", rows)
    clear_cache()
    with pytest.raises(DataValidationError, match=rf"channels.csv, line 2, field 'source_ids': '{first}\|{first}' lists an item twice"):
        load_table("channels", data_copy)


def test_labels_exist_in_both_languages():
    from yibao.data.i18n import STRINGS

    assert all(len(pair) == len(LANGS) and all(pair) for pair in STRINGS.values())


def test_every_ui_string_is_used():
    from yibao.data.i18n import STRINGS

    code = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "yibao").rglob("*.py") if p.name != "i18n.py")
    prefixes = set(re.findall(r"""f["']([a-z_]+)\{""", code))  # keys built as f"verdict_{…}"
    quoted = set(re.findall(r"""["']([a-z_]+)["']""", code))
    unused = [key for key in STRINGS if key not in quoted and not any(key.startswith(p) for p in prefixes)]
    assert not unused, f"UI strings never shown: {unused}"


def test_compare_accounts_matches_the_records():
    frame = yibao.compare_accounts("en")
    rows = yibao.account_rows()
    assert list(frame.index) == [r["dimension_en"] for r in rows]
    assert isinstance(frame, pd.DataFrame)


def test_balance_figure_draws_the_projection_in_a_cjk_font():
    projection = yibao.project_balances(
        "2025-01", 24, wage_base=8000, city="guangzhou", outpatient_cost_per_month=300, stop_contributing="2026-03"
    )
    figure = yibao.balance_figure(projection)
    axes = figure.axes[0]
    balance, quota, stop = axes.lines
    assert list(balance.get_ydata()) == list(projection["personal_balance"])
    assert list(quota.get_ydata()) == list(projection["pooled_outpatient_remaining"])
    assert stop.get_xdata()[0] == projection.loc[~projection["insured"], "month"].iloc[0]
    assert axes.get_title() == "个人账户余额与门诊统筹额度"
    from matplotlib import font_manager

    assert "NotoSansCJK" in font_manager.findfont(font_manager.FontProperties(family=axes.title.get_fontfamily())).replace("-", "")
    assert yibao.balance_figure(projection, lang="en").axes[0].get_title() == "Personal balance and pooled outpatient quota"
    with pytest.raises(ValueError, match="personal_balance"):
        yibao.balance_figure(projection.drop(columns="personal_balance"))
