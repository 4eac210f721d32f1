"""The browser explainers (anywidget) on the Python side: JSON-ready traits in both languages,
facets that select exactly what the domain functions select, choices checked, language followed.

What the page draws from these traits is checked in Chromium (tests/browser/test_static_site.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import yibao
from yibao import widgets as yw
from yibao.answers.channels import MODES, channel_regions
from yibao.answers.withdrawal import scenario_ids, withdrawal_regions
from yibao.data.i18n import LANGS, STRINGS
from yibao.data.regions import region_picker
from yibao.data.tables import CHANNEL_NEEDS, CHANNEL_SHOWS, EXPLORERS, SEED_VERDICTS
from yibao.widgets import browser, bundle

from .conftest import examples, explainer_builders

#: every explainer of yibao.widgets, built on one page language
BUILDERS: dict[str, Callable[..., browser.BrowserExplainer]] = {name: getattr(yw, name) for name in explainer_builders()}
JS_FILES = sorted(browser.JS.glob("*.js"))


@pytest.fixture(scope="module")
def built() -> dict[str, browser.BrowserExplainer]:
    page = yw.Language()
    return {name: build(language=page) for name, build in BUILDERS.items()}


def _ids(records: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in records]


def _select(rows: list[dict[str, Any]], facets: dict[str, dict[str, list[str]]], chosen: dict[str, str | list[str]]) -> list[str]:
    """What common.js's selectRows keeps: the rows every chosen value's facet keeps, in order."""
    kept = [set(facets[name][v]) for name, value in chosen.items() for v in ([value] if isinstance(value, str) else value)]
    return [row["id"] for row in rows if all(row["id"] in k for k in kept)]


@pytest.mark.parametrize("name", BUILDERS)
def test_state_is_json_ready(built, name):
    state = built[name].get_state()
    text = json.dumps(state, ensure_ascii=False, allow_nan=False)  # no default=: everything must be plain JSON
    assert json.loads(text) == {**state, "_dom_classes": list(state["_dom_classes"])}  # ipywidgets' one tuple; ours are plain JSON
    assert "// js/common.js" in state["_esm"] and not re.search(r"^import ", state["_esm"], re.M)  # imports bundled in
    assert re.search(r"^export \{\n  \w+ as default\n\};\n\Z", state["_esm"], re.M)
    assert state["_css"] == browser.CSS and ".yibao-table" in state["_css"] and ".yibao-browser" in state["_css"]


@pytest.mark.parametrize("name", BUILDERS)
def test_ui_text_in_both_languages(built, name):
    text = built[name].text
    assert set(browser.COMMON_TEXT) <= set(text)
    for key, pair in text.items():
        assert pair == dict(zip(LANGS, STRINGS[key], strict=True)), key
        assert all(pair.values()), key


@pytest.mark.parametrize("name", [n for n in BUILDERS if n != "language_toggle"])
def test_every_text_key_sent_is_used_by_the_module(built, name):
    """Keys are named in the module as literals, built from a prefix (``mode_${m}``), or sent as data
    the module looks up (the statuses a calculator offers)."""
    explainer = built[name]
    source = explainer._esm
    sent = json.dumps({k: v for k, v in explainer.get_state().items() if k not in ("_esm", "text")})
    prefixes = set(re.findall(r"`([a-z_]+_)\$\{", source))
    unused = [
        k
        for k in type(explainer).TEXT
        if f'"{k}"' not in source and f'"{k}"' not in sent and not any(k.startswith(p) for p in prefixes)
    ]
    assert not unused, unused


def test_js_never_writes_markup_from_strings():
    for path in JS_FILES:
        source = path.read_text(encoding="utf-8")
        found = re.findall(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function", source)
        assert not found, f"{path.name}: {found}"


def test_records_carry_both_languages_and_sources(built):
    checks = {
        "channel_finder": ("channels", ("name", "mode", "caveats", "shows", "needs", "steps")),
        "claim_checker": ("rows", ("verdict", "correction")),
        "family_sharing_timeline": ("rows", ("region", "description")),
        "non_payable_list": ("rows", ("item", "applies_to", "basis")),
        "account_table": ("rows", ("dimension", "personal", "pooled")),
    }
    for name, (trait, fields) in checks.items():
        records = getattr(built[name], trait)
        assert records, name
        for record in records:
            for field in fields:
                assert {f"{field}_{lang}" for lang in LANGS} <= set(record), (name, record["id"], field)
            assert record["confidence"] in ("high", "medium", "low", "unverified")
            assert all({"label_zh", "label_en", "url", "title"} <= set(c) for c in record.get("sources", record.get("personal_sources")))


def test_channel_finder_sends_every_channel_and_choice(built):
    finder = built["channel_finder"]
    assert _ids(finder.channels) == _ids(yibao.channel_records())
    assert finder.options["modes"] == list(MODES) and finder.options["shows"] == list(CHANNEL_SHOWS)
    assert finder.options["needs"] == list(CHANNEL_NEEDS)
    assert [r["id"] for r in finder.options["regions"]] == channel_regions()
    assert all(r["name_zh"] and r["name_en"] for r in finder.options["regions"])


_CHANNEL_FINDER = yw.channel_finder(yw.Language())  # hypothesis runs the test many times: build once


@settings(max_examples=examples(150), deadline=None)
@given(
    mode=st.sampled_from(("all", *MODES)),
    shows=st.sampled_from(("all", *CHANNEL_SHOWS)),
    region=st.sampled_from(("all", *channel_regions())),
    avoid=st.lists(st.sampled_from(CHANNEL_NEEDS), unique=True, max_size=4),
)
def test_channel_facets_select_what_channel_records_selects(mode, shows, region, avoid):
    finder = _CHANNEL_FINDER
    finder.mode, finder.shows, finder.region, finder.avoid = mode, shows, region, avoid
    chosen = {"mode": mode, "shows": shows, "region": region, "avoid": avoid}
    assert _select(finder.channels, finder.facets, chosen) == _ids(finder.shown())


@pytest.mark.parametrize(
    ("name", "trait", "values", "domain"),
    [
        ("claim_checker", "verdict", SEED_VERDICTS, yibao.seed_claims),
        ("non_payable_list", "applies_to", ("fund", "personal_account"), yibao.non_payable_items),
        ("family_sharing_timeline", "region", ("national", "shanghai", "beijing"), yibao.family_sharing_rules),
    ],
)
def test_each_choice_selects_what_the_domain_selects(built, name, trait, values, domain):
    explainer = built[name]
    assert {"all", *values} <= {c["value"] for c in explainer.choices}
    for value in ("all", *values):
        setattr(explainer, trait, value)
        expected = _ids(domain(None if value == "all" else value))
        assert _ids(explainer.shown()) == expected
        assert _select(explainer.rows, explainer.facets, {trait: value}) == expected
    assert all(c["label_zh"] and c["label_en"] for c in explainer.choices)


def test_family_regions_are_offered_by_name(built):
    choices = built["family_sharing_timeline"].choices
    regions = list(dict.fromkeys(r["region"] for r in yibao.family_sharing_rules()))
    assert [c["value"] for c in choices] == ["all", *regions]
    assert {c["value"]: c["label_en"] for c in choices}["shanghai"] == yibao.region_name("shanghai", "en")


def test_withdrawal_steps_hold_every_assessment(built):
    steps = built["withdrawal_steps"]
    assert [s["id"] for s in steps.scenarios] == scenario_ids()
    assert steps.regions == region_picker(withdrawal_regions())  # by province, for the picker
    assert len(steps.assessments) == len(scenario_ids()) * (1 + len(withdrawal_regions()))
    assert len(steps.bodies) < len(steps.assessments), "regions without a rule of their own share the national record"
    for scenario, region in itertools.product(scenario_ids(), ("national", *withdrawal_regions())):
        entry = steps.assessments[f"{scenario}|{region}"]
        for lang in LANGS:
            record = {**steps.bodies[entry[lang]], "note": entry[f"note_{lang}"]}
            expected = yibao.assess_withdrawal(scenario, region=None if region == "national" else region, lang=lang).to_record()
            assert json.loads(json.dumps(record)) == json.loads(json.dumps(expected)), (scenario, region, lang)
        steps.scenario, steps.region = scenario, region
        assert steps.assessment("en").title == steps.bodies[entry["en"]]["title"]


def test_withdrawal_hint_names_the_cities_with_local_rules(built):
    steps = built["withdrawal_steps"]
    death = next(s for s in steps.scenarios if s["id"] == "death")
    cities = [r["name_zh"] for r in death["local_regions"]]
    assert cities, "the death scenario has local rules"
    hint = steps.assessments["death|national"]["hint_zh"]
    assert all(city in hint for city in cities)
    assert steps.assessments[f"death|{death['local_regions'][0]['id']}"]["hint_zh"] == ""


@pytest.mark.parametrize(
    ("name", "trait", "bad"),
    [
        ("channel_finder", "mode", "onlin"),
        ("channel_finder", "shows", "balance"),
        ("channel_finder", "region", "atlantis"),
        ("channel_finder", "avoid", ["pasword"]),
        ("withdrawal_steps", "scenario", "lottery"),
        ("withdrawal_steps", "region", "atlantis"),
        ("claim_checker", "verdict", "true"),
        ("family_sharing_timeline", "region", "atlantis"),
        ("non_payable_list", "applies_to", "everything"),
    ],
)
def test_bad_choices_raise_value_error_listing_the_valid_ones(built, name, trait, bad):
    explainer = built[name]
    before = getattr(explainer, trait)
    with pytest.raises(ValueError, match=r"valid: "):
        setattr(explainer, trait, bad)
    assert getattr(explainer, trait) == before


@pytest.mark.parametrize("name", BUILDERS)
def test_language_follows_the_page_both_ways(name):
    page = yw.Language()
    explainer = BUILDERS[name](language=page)
    other = BUILDERS["language_toggle"](language=page)
    assert explainer.lang == "zh"
    page.value = "en"
    assert explainer.lang == other.lang == "en"
    explainer.lang = "zh"  # as the page's switch sets it through the front end
    assert page.value == other.lang == "zh"
    explainer.close()
    page.value = "en"
    assert explainer.lang == "zh", "a closed explainer stops following"
    other.close()


def test_the_page_language_starts_the_explainer():
    page = yw.Language(value="en")
    assert yw.channel_finder(page).lang == "en"


def test_every_explorer_a_question_can_name_is_a_builder():
    """questions.csv's ``explorer`` column (checked against EXPLORERS by the validator) names real builders."""
    assert [name for name in EXPLORERS if not callable(getattr(yw, name, None))] == []


def test_account_table_checks_dimensions():
    assert _ids(yw.account_table(["function", "withdrawal"]).rows) == ["function", "withdrawal"]
    with pytest.raises(ValueError, match="valid: "):
        yw.account_table(["colour"])


@pytest.mark.parametrize("name", BUILDERS)
def test_in_the_app_the_view_carries_the_state_the_page_draws_from(built, name, monkeypatch: pytest.MonkeyPatch):
    """In a kernel Voila started, the output names the module and carries the traits (not the module's text
    nor the stylesheet: the app's front end has them); anywhere else it is anywidget's view alone."""
    explainer = built[name]
    data, _ = explainer._repr_mimebundle_()
    assert browser.APP_STATE not in data
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    data, _ = explainer._repr_mimebundle_()
    view, app = data["application/vnd.jupyter.widget-view+json"], data[browser.APP_STATE]
    assert app["model_id"] == view["model_id"] == explainer.model_id
    assert (bundle.SOURCES / f"{app['module']}.js") in bundle.entries()
    state = explainer.get_state()
    assert app["state"] == {key: value for key, value in state.items() if key not in browser.APP_STATE_SKIPPED}
    assert {"_esm", "_css"} <= set(state) - set(app["state"]) and "lang" in app["state"]
    json.dumps(app, ensure_ascii=False, allow_nan=False)


def test_every_explainer_module_has_one_default_export():
    for path in bundle.entries():
        assert path.read_text(encoding="utf-8").count("export default") == 1, path.name


# --- credit calculator and balance chart (computed in the page: tests/test_credit_parity.py) ------


def test_credit_calculator_mirrors_the_choice_and_returns_what_the_page_shows():
    calculator = yw.credit_calculator(yw.Language())
    assert calculator.rules == yibao.credit_rules()
    calculator.wage, calculator.city, calculator.on = 40000.0, "beijing", "2025-08-01"
    credit = calculator.credit()
    assert (credit.amount, credit.base_clamped, credit.wage_base_used) == (35811 * 2 / 100, "ceiling", 35811.0)
    calculator.status, calculator.city, calculator.on = "flexible", "shenzhen", "2024-01-01"
    assert [tier["id"] for tier in calculator.tiers()] == ["tier1", "tier2"] and calculator.chosen_tier() == "tier1"
    calculator.tier = "tier2"
    assert calculator.credit().outcome == "no_account"
    calculator.status, calculator.city, calculator.years_met = "retiree", "nanjing", "no"
    assert calculator.credit().outcome == "keep_paying"
    for name, value in (("status", "resident"), ("city", "atlantis"), ("years_met", "maybe"), ("tier", "tier9"), ("on", "1990-01-01")):
        with pytest.raises(ValueError, match=name):
            setattr(calculator, name, value)
    with pytest.raises(ValueError, match="wage"):
        calculator.wage = -1.0


def test_balance_chart_mirrors_the_sliders_and_returns_what_the_page_draws():
    chart = yw.balance_chart(yw.Language())
    chart.months, chart.stop_month = 24, 13
    frame = chart.projection()
    assert len(frame) == 24 and chart.stop_date() == dt.date(2026, 1, 1)
    assert (frame["credit"].iloc[12:] == 0).all() and (frame["credit"].iloc[:12] > 0).all()
    chart.stop_month = 100  # beyond the months shown: they stop in the last month shown (the slider's end)
    assert chart.stop_date() == dt.date(2026, 12, 1)
    for name, value in (("months", 7), ("wage", 40001), ("status", "resident"), ("start_year", 2040)):
        with pytest.raises(ValueError, match=name):
            setattr(chart, name, value)


def test_what_the_page_drew_is_reported_to_python_and_read_only_there():
    """The credit, balance and year explainers report what they drew in ``shown`` (set by their JS)."""
    import traitlets

    for explainer in (yw.credit_calculator(), yw.balance_chart(), yw.year_of_care()):
        assert explainer.shown == {} and explainer.trait_metadata("shown", "sync")
        with pytest.raises(traitlets.TraitError, match="read-only"):
            explainer.shown = {"amount": 1}
        explainer.set_state({"shown": {"amount": 1.5, "error": None}})  # how the page's report arrives
        assert explainer.shown == {"amount": 1.5, "error": None}
