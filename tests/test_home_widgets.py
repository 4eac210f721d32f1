"""The home page's browser explainers and the family-options table, on the Python side: JSON-ready
traits in both languages, every answer and question sent, choices checked, ``shown()``/``result()``
as the domain functions say. What the page draws is checked in Chromium (tests/browser/test_home_page.py);
that the page ranks like Python is checked by tests/test_finder_parity.py.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import yibao
from yibao import widgets as yw
from yibao.answers.triage import TRIAGE_CHOICES
from yibao.data.i18n import LANGS
from yibao.data.tables import PAGES
from yibao.widgets import browser

from .conftest import examples

HOME = ("scheme_triage", "question_finder", "family_options_table")


@pytest.fixture(scope="module")
def built() -> dict[str, browser.BrowserExplainer]:
    """The home page's explainers (what every explainer shares is tested in test_browser_widgets.py)."""
    page = yw.Language()
    return {name: getattr(yw, name)(language=page) for name in HOME}


def test_page_titles_name_every_page_in_both_languages():
    titles = browser.page_titles()
    assert list(titles) == list(PAGES)
    assert all(t["zh"] and t["en"] and t["zh"] != t["en"] for t in titles.values())


# --- scheme triage ---------------------------------------------------------------------------


def test_triage_sends_every_answer_in_order_with_its_route(built):
    explainer = built["scheme_triage"]
    assert [c["id"] for c in explainer.choices] == list(TRIAGE_CHOICES) == [c["id"] for c in yibao.triage_choices()]
    assert explainer.choices[0]["label_zh"] == "职工医保·在职" and explainer.choices[-1]["label_en"] == "Not sure"
    assert set(explainer.routes) == set(TRIAGE_CHOICES)
    for scheme, route in explainer.routes.items():
        expected = yibao.triage(scheme).to_record()
        assert {k: v for k, v in route.items() if k not in ("sources", "account")} == {k: v for k, v in expected.items() if k != "account"}
        assert [s["id"] for s in route["sources"]] == expected["source_ids"]
        assert all(s["label_zh"] and s["label_en"] for s in route["sources"])
        for field in ("label", "summary", "applies", "not_applies", "steps"):
            assert {f"{field}_{lang}" for lang in LANGS} <= set(route), (scheme, field)
        assert set(route["pages"]) | set(route["skip_pages"]) <= set(explainer.pages)


def test_residents_are_told_they_have_no_account_with_the_2019_notice(built):
    route = built["scheme_triage"].routes["resident"]
    assert route["account"]["answer"] == "no"
    assert "nhsa-2019-account" in [s["id"] for s in route["account"]["sources"]]
    assert route["account"]["instead_zh"] and route["account"]["instead_en"]
    assert "02_channels" in route["skip_pages"] and "02_channels" not in route["pages"]
    assert route["not_applies_zh"] and "05_family" in route["pages"]


def test_unsure_says_how_to_find_out(built):
    route = built["scheme_triage"].routes["unsure"]
    assert route["account"] is None and len(route["steps_zh"]) == len(route["steps_en"]) >= 3
    assert any("工资条" in step for step in route["steps_zh"]) and any("参保信息" in step for step in route["steps_zh"])


def test_triage_choice_is_checked_and_mirrored():
    explainer = yw.scheme_triage(yw.Language())
    assert explainer.scheme == "" and explainer.result() is None
    for scheme in TRIAGE_CHOICES:
        explainer.scheme = scheme
        assert explainer.result() == yibao.triage(scheme)
    explainer.lang = "en"
    assert explainer.result() == yibao.triage("unsure", lang="en")
    with pytest.raises(ValueError, match="unknown scheme 'worker'; valid: .*employee, retiree, flexible, resident, unsure"):
        explainer.scheme = "worker"


# --- question finder -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def finder() -> browser.BrowserExplainer:
    """One question finder for the tests that only read it or set its query (built when they run, not on import)."""
    return yw.question_finder(yw.Language())


def test_finder_sends_every_question_topic_and_the_index(finder):
    assert [q["id"] for q in finder.questions] == [r["id"] for r in finder.index["rows"]] == [q["id"] for q in yibao.question_records()]
    for question in finder.questions:
        assert all(question[f"{field}_{lang}"] for field in ("question", "answer") for lang in LANGS), question["id"]
        assert question["see_also"] in finder.pages and question["sources"] and question["confidence"]
    assert [t["id"] for t in finder.topics] == [t["id"] for t in yibao.question_topics()]
    assert finder.index == yibao.question_index() and finder.limit == 5


def test_finder_shown_follows_query_and_topic():
    finder = yw.question_finder(yw.Language())
    assert finder.shown().empty
    finder.query = "我妈走了卡里的钱怎么取"
    assert finder.shown()["id"].tolist() == yibao.find_questions("我妈走了卡里的钱怎么取")["id"].tolist()
    assert finder.shown()["id"].iloc[0] == "death-withdraw"
    finder.query, finder.topic = "", "family"
    family = [q["id"] for q in finder.questions if q["topic"] == "family"]
    assert finder.shown()["id"].tolist() == family and len(family) > finder.limit
    finder.query = "钱包"
    assert finder.shown()["id"].tolist() == yibao.find_questions("钱包", topic="family")["id"].tolist()
    with pytest.raises(ValueError, match="unknown topic 'weather'; valid: all, scheme, credits"):
        finder.topic = "weather"


@settings(max_examples=examples(100), deadline=None)
@given(text=st.text(max_size=60), topic=st.sampled_from(["all", *(t["id"] for t in yibao.question_topics())]))
def test_finder_never_raises_on_any_text(finder, text, topic):
    finder.query, finder.topic = text, topic
    shown = finder.shown()
    assert len(shown) <= (finder.limit if text else len(finder.questions)) and shown["id"].is_unique


def test_question_index_is_plain_json_with_patterns_javascript_reads():
    index = yibao.question_index()
    assert json.loads(json.dumps(index, ensure_ascii=False, allow_nan=False)) == index
    assert len(index["rows"]) == len(yibao.question_records()) and index["idf"][0] > index["idf"][-1] > 0
    fields = [f for f, _ in index["params"]["field_weights"]]
    assert fields == ["question", "keywords", "answer", "pinyin"]
    for df, *postings in index["features"].values():
        rows = {n for p in postings for n in p[::2]}
        assert len(postings) == len(fields) and len(rows) == df
    for group in index["synonyms"]:
        if group["typo"] is not None:  # no escapes JavaScript's "u" flag rejects (\- \  \# …), no bare "."
            assert not re.search(r"\\[^\\^$.|?*+()\[\]{}n]", group["typo"]) and "." not in group["typo"].replace("\\.", "")


# --- family options ----------------------------------------------------------------------------


def test_family_options_table_sends_every_option_with_sources(built):
    rows = built["family_options_table"].rows
    assert [r["id"] for r in rows] == ["qinqing_account", "family_sharing", "wallet"] == [r["id"] for r in yibao.family_options()]
    for row in rows:
        for field in ("name", "what", "who", "how", "availability", "money_moves"):
            assert row[f"{field}_zh"] and row[f"{field}_en"], (row["id"], field)
        assert len(row["how_zh"]) == len(row["how_en"]) >= 2 and row["sources"] and "research_note" not in row
    wallet = rows[-1]
    assert any("3" in limit and "2,000" in limit for limit in wallet["limits_en"]) and wallet["money_moves"] == "yes"
    assert rows[0]["money_moves_zh"] == "不涉及钱"
