"""The question finder answers the common intent, in people's own words, and says how sure it is.

Priors (a short query goes to the most asked question), colloquial intents, pinyin, strong and
weak hits, questions outside 医保, and the targets on the held-out part of the evaluation set
(``benchmarks/data/finder_queries.csv``; ``make bench`` reports it by style and theme).
"""

from __future__ import annotations

import pytest

import yibao
from benchmarks import finder_eval
from yibao.answers.questions import _segment
from yibao.data.store import records

BALANCE = finder_eval.BALANCE_ANSWERS
QUERIES = finder_eval.queries()


def first(text: str) -> str | None:
    ids = yibao.find_questions(text, limit=1)["id"].tolist()
    return ids[0] if ids else None


# --- the evaluation set ---------------------------------------------------------------------


def test_the_evaluation_set_covers_every_style_and_theme():
    assert len(QUERIES) >= 300
    styles = {q.style for q in QUERIES}
    assert {"short", "colloquial", "typo", "variant", "pinyin", "english", "long", "offtopic", "balance"} <= styles
    assert {q.theme for q in QUERIES} >= {r["id"] for r in records("question_topics")} | {"offtopic"}
    known = {r["id"] for r in records("questions")}
    assert all(q.expected <= known for q in QUERIES)
    assert 0.25 <= sum(q.held_out for q in QUERIES) / len(QUERIES) <= 0.42


def test_held_out_queries_meet_the_targets():
    tally = finder_eval.evaluate([q for q in QUERIES if q.held_out])["all"]["all"]
    assert tally.top1 / tally.n >= 0.85 and tally.top3 / tally.n >= 0.95, tally


def test_a_balance_answer_comes_first_for_most_ways_of_asking():
    hits, total = finder_eval.balance_first(QUERIES)
    assert total == 14 and hits >= 12


@pytest.mark.parametrize("text", [q.text for q in QUERIES if not q.expected])
def test_no_off_topic_query_gets_a_strong_hit(text):
    assert (yibao.find_questions(text, limit=5)["strength"] == "weak").all()


# --- priors and the domain -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["余额", "余额怎么查", "查余额", "医保余额怎么查", "check my balance"])
def test_short_balance_queries_go_to_the_common_intent(text):
    assert first(text) in BALANCE


def test_the_prior_follows_how_often_a_question_is_asked():
    index = yibao.question_index()
    asked = {r["id"]: r["asked"] for r in records("questions")}
    assert all(1 <= a <= 5 for a in asked.values())
    prior = dict(zip((r["id"] for r in index["rows"]), index["prior"], strict=True))
    assert prior["check-balance-phone"] > prior["pooled-balance"] > prior["beijing-passbook"]


def test_a_query_with_a_domain_word_never_returns_nothing():
    for row in records("synonyms"):
        word = row["variants"][len(row["id"]) % len(row["variants"])]  # the canonical word and one of its variants
        assert not yibao.find_questions(f"{row['canonical']}?", limit=1).empty, row["id"]
        assert not yibao.find_questions(f"{word}?", limit=1).empty, (row["id"], word)


def test_a_query_without_domain_words_can_return_nothing():
    assert yibao.find_questions("今天天气怎么样").empty and yibao.find_questions("asdfghjkl").empty


# --- intents ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["爸妈", "父母", "老婆", "孩子", "家里人"])
def test_family_words_mean_family_sharing(who):
    assert first(f"我的医保能给{who}用吗") == "family-who"


@pytest.mark.parametrize(
    "text", ["换工作到外地了医保怎么办", "从北京跳槽到上海医保卡里的钱怎么办", "去外地了医保卡里的钱怎么办", "医保转过去了卡里的钱怎么办"]
)
def test_changing_jobs_or_city_means_moving(text):
    assert first(text) == "move-city"


@pytest.mark.parametrize("word", ["走了", "没了", "去世了"])
def test_走了_没了_去世_mean_death(word):
    assert first(f"我妈{word},卡里的钱怎么取") == "death-withdraw"


# --- pinyin ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yibao dianzi pingzheng zenme jihuo", {"e-credential"}),
        ("tuixiu hou hai yao jiao yibao ma", {"retiree-pay"}),
        ("医保 yu e", BALANCE),
        ("jiating gongji zenme bangding", {"family-bind"}),
        ("yibaoka tixian", {"can-withdraw"}),
    ],
)
def test_pinyin_full_or_mixed_finds_the_question(text, expected):
    assert first(text) in expected


def test_latin_words_are_cut_into_the_fewest_known_syllables():
    syllables = frozenset(yibao.question_index()["syllables"])
    assert _segment("yibao", syllables) == ["yi", "bao"]
    assert _segment("dianzipingzheng", syllables) == ["dian", "zi", "ping", "zheng"]
    assert _segment("balance", frozenset({"ba", "lan"})) == []
    assert _segment("", syllables) == []


# --- strength and questions outside 医保 ------------------------------------------------------


def test_strength_is_a_column_strong_then_weak():
    frame = yibao.find_questions("余额", limit=10)
    assert list(frame.columns[-2:]) == ["score", "strength"]
    assert set(frame["strength"]) == {"strong", "weak"}
    assert frame["strength"].tolist() == sorted(frame["strength"].tolist())  # "strong" < "weak": strong first
    assert frame["strength"].iloc[0] == "strong"


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("养老金每个月能领多少钱", "pension"),
        ("公积金贷款能贷多少", "housing-fund"),
        ("失业金怎么领", "unemployment"),
        ("车险多少钱一年", "car-insurance"),
        ("个税怎么退", "tax"),
        ("护照怎么办", "passport"),
        ("how much pension will I get", "pension"),
        ("gongjijin tiqu", "housing-fund"),
    ],
)
def test_off_topic_questions_say_where_they_belong_with_a_source(text, subject):
    found = yibao.out_of_scope(text)
    assert found is not None and found["id"] == subject
    assert found["where_zh"] and found["where_en"] and found["sources"] and found["confidence"]
    assert (yibao.find_questions(text)["strength"] == "weak").all()


@pytest.mark.parametrize(
    "text", ["退休后个人账户按养老金的2%划入吗", "领失业金期间医保谁交", "出车祸了医保能报吗", "我妈走了卡里的钱怎么取"]
)
def test_medical_questions_naming_another_subject_stay_in_scope(text):
    assert yibao.out_of_scope(text) is None
    assert (yibao.find_questions(text)["strength"] == "strong").any()


def test_out_of_scope_rejects_non_text():
    with pytest.raises(ValueError, match="text must be a string"):
        yibao.out_of_scope(None)  # type: ignore[arg-type]
