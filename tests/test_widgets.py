"""Drive every widget builder like a user: set .value, assert what is displayed."""

from __future__ import annotations

import html
import re

import pytest

import yibao
from yibao import widgets as yw
from yibao.i18n import t


@pytest.fixture
def lang() -> yw.Language:
    return yw.Language()


def _rows(html: str) -> int:
    return html.count("<tr>") - 1


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_language_switch_relabels_every_widget_on_the_page(lang):
    switch = yw.language_switch(lang)
    built = [
        yw.account_comparison(language=lang),
        yw.channel_explorer(lang),
        yw.withdrawal_guide(lang),
        yw.myth_buster(lang),
        yw.family_sharing(lang),
        yw.non_payable(lang),
    ]
    before = [repr(_snapshot(widget)) for widget in built]
    switch.value = "en"
    after = [repr(_snapshot(widget)) for widget in built]
    assert all(a != b for a, b in zip(before, after, strict=True))
    assert "Personal account" in built[0].table.value
    assert built[1].mode.description == "Mode"
    switch.value = "zh"
    assert [repr(_snapshot(widget)) for widget in built] == before


def _snapshot(widget) -> list:
    parts = []
    for child in widget.children:
        parts.append(getattr(child, "description", None))
        value = getattr(child, "value", None)
        parts.append(None if isinstance(value, (bytes, memoryview)) else value)
        if hasattr(child, "children"):
            parts.append(_snapshot(child))
    return parts


def test_account_comparison_shows_every_dimension_with_sources(lang):
    widget = yw.account_comparison(language=lang)
    comparison = yibao.load_account_comparison()
    assert _rows(widget.table.value) == len(comparison)
    for row in comparison.itertuples():
        assert row.personal_zh.replace('"', "&quot;")[:10] in widget.table.value
        cited = yibao.cite(row.personal_source_ids + row.pooled_source_ids)
        assert all(html.escape(c["label_zh"]) in widget.table.value for c in cited)
        assert "[" + row.personal_source_ids[0] + "]" not in widget.table.value  # no bracketed ids
    short = yw.account_comparison(["function", "year_end"], language=lang)
    assert _rows(short.table.value) == 2
    with pytest.raises(ValueError, match="unknown dimension 'nope'"):
        yw.account_comparison(["nope"], language=lang)


def test_channel_filter_online_offline(lang):
    widget = yw.channel_explorer(lang)
    everything = yibao.load_channels()
    assert _rows(widget.table.value) == len(everything)
    widget.mode.value = "offline"
    offline = everything[everything["mode"] == "offline"]
    assert _rows(widget.table.value) == len(offline)
    text = _text(widget.table.value)
    for name in offline["name_zh"]:
        assert name in text
    for name in everything[everything["mode"] == "online"]["name_zh"]:
        assert name not in text
    widget.mode.value = "online"
    assert _rows(widget.table.value) == (everything["mode"] == "online").sum()


def test_channel_filters_shows_and_needs_and_steps(lang):
    widget = yw.channel_explorer(lang)
    widget.shows.value = "pooled_quota"
    assert all("pooled_quota" in row["shows"] for row in widget.filtered())
    widget.shows.value = "any"
    widget.avoid.value = ("password", "smartphone")
    assert all({"password", "smartphone"}.isdisjoint(row["needs"]) for row in widget.filtered())
    widget.avoid.value = ()
    first = widget.filtered()[0]
    widget.channel.value = first["id"]
    for step in first["steps_zh"]:
        assert _text(step)[:8] in _text(widget.steps.value)


def test_channel_table_flags_the_outdated_12333(lang):
    widget = yw.channel_explorer(lang)
    outdated = yibao.load_channels().query("status == 'outdated'")
    assert len(outdated) >= 1
    assert t("status_outdated", "zh") in widget.table.value


def test_withdrawal_death_lists_documents(lang):
    widget = yw.withdrawal_guide(lang)
    widget.scenario.value = "death"
    expected = yibao.assess_withdrawal("death")
    assert expected.documents
    for document in expected.documents:
        assert document[:6] in _text(widget.result.value)
    assert "yibao-verdict-allowed" in widget.result.value or "yibao-verdict-regional" in widget.result.value


def test_withdrawal_cash_out_is_not_allowed_and_warns(lang):
    widget = yw.withdrawal_guide(lang)
    widget.scenario.value = "cash_out"
    assert "yibao-verdict-not_allowed" in widget.result.value
    assert yibao.assess_withdrawal("cash_out").warnings
    assert "735" in widget.result.value or "四十一" in widget.result.value


def test_withdrawal_region_choice_switches_to_local_rule(lang):
    scenario = next(s for s in yibao.withdrawal.scenario_ids() if yibao.withdrawal.scenario_regions(s))
    region = yibao.withdrawal.scenario_regions(scenario)[0]
    widget = yw.withdrawal_guide(lang)
    widget.scenario.value = scenario
    widget.region.value = region
    local = yibao.assess_withdrawal(scenario, region=region)
    assert local.region_specific
    assert local.note in _text(widget.result.value)


def test_myth_buster_filters_by_verdict(lang):
    widget = yw.myth_buster(lang)
    claims = yibao.load_seed_claims()
    assert _rows(widget.table.value) == len(claims)
    for verdict in ("correct", "outdated", "wrong", "misleading"):
        widget.verdict.value = verdict
        assert _rows(widget.table.value) == (claims["verdict"] == verdict).sum()


def test_family_sharing_and_non_payable(lang):
    sharing = yw.family_sharing(lang)
    assert _rows(sharing.table.value) >= 3
    non_payable = yw.non_payable(lang)
    everything = _rows(non_payable.table.value)
    non_payable.applies_to.value = "personal_account"
    assert 0 < _rows(non_payable.table.value) < everything


def test_relabelling_keeps_every_choice(lang):
    explorer = yw.channel_explorer(lang)
    explorer.mode.value = "offline"
    explorer.avoid.value = ("password",)
    guide = yw.withdrawal_guide(lang)
    guide.scenario.value = "quit_insurance"
    guide.region.value = "jiangyin"
    lang.value = "en"
    assert (explorer.mode.value, explorer.avoid.value) == ("offline", ("password",))
    assert (guide.scenario.value, guide.region.value) == ("quit_insurance", "jiangyin")
