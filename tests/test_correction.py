"""The correction path: prefilled issue URLs and the issue form they open."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import yibao
from yibao.data.correction import ISSUE_TEMPLATE, REPOSITORY_URL, row_ids
from yibao.data.tables import TABLES

from .conftest import ROOT

FORM = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / ISSUE_TEMPLATE).read_text(encoding="utf-8"))
FIELDS = {item["id"]: item for item in FORM["body"] if "id" in item}
ROWS = [(table, row_id) for table in TABLES for row_id in row_ids(table)]


def _query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query, strict_parsing=True).items()}


def test_url_opens_the_correction_form_prefilled():
    url = yibao.correction_url("sh-er-2025", "region_params")
    assert url.startswith(f"{REPOSITORY_URL}/issues/new?") and REPOSITORY_URL == "https://github.com/yibao-project/yibao"
    assert _query(url) == {
        "template": "correction.yml",
        "title": "Correction: region_params sh-er-2025",
        "table": "region_params",
        "row_id": "sh-er-2025",
    }
    assert " " not in url


def test_withdrawal_rows_are_named_with_their_region():
    assert _query(yibao.correction_url("death@nanjing", "withdrawal_scenarios"))["row_id"] == "death@nanjing"
    assert _query(yibao.correction_url("death", "withdrawal_scenarios"))["row_id"] == "death"


@pytest.mark.parametrize(
    ("row_id", "table", "message"),
    [
        ("sh-er-2025", "rates", "unknown table 'rates'; valid: sources, regions, region_params"),
        ("sh-er-2099", "region_params", "unknown row_id 'sh-er-2099'; valid: cn-credit-emp-own-pre"),
        ("death@atlantis", "withdrawal_scenarios", "unknown row_id 'death@atlantis'; valid: death"),
        ("sh-er-2025", "channels", "unknown row_id 'sh-er-2025'; valid: national-app"),
    ],
)
def test_bad_table_or_row_is_rejected_listing_the_choices(row_id, table, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")):
        yibao.correction_url(row_id, table)


@given(st.sampled_from(ROWS))
def test_every_row_round_trips_through_the_url(row):
    table, row_id = row
    query = _query(yibao.correction_url(row_id, table))
    assert (query["table"], query["row_id"]) == (table, row_id)


def test_form_asks_for_row_id_correction_and_official_source():
    assert {"table", "row_id", "correction", "source"} <= set(FIELDS)
    for field in ("table", "row_id", "correction", "source"):
        assert FIELDS[field]["validations"]["required"] is True, field
    assert "文号" in FIELDS["source"]["attributes"]["label"] and "URL" in FIELDS["source"]["attributes"]["label"]
    prefilled = set(_query(yibao.correction_url("counter", "channels"))) - {"template", "title"}
    assert prefilled <= set(FIELDS), "every prefilled query parameter must be a field id of the form"
    assert FORM["title"].startswith("Correction:")


def test_repository_url_is_written_in_one_place():
    hits = [p.name for p in (ROOT / "yibao").rglob("*.py") if "github.com/yibao-project" in p.read_text(encoding="utf-8")]
    assert hits == ["correction.py"]
    assert "correction.yml" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
