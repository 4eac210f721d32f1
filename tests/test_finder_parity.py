"""The question finder in the browser ranks as Python does: ``js/finder_search.js`` run by node on
the exported index (:func:`yibao.answers.questions.question_index`) against :func:`yibao.find_questions`.

Queries: every question's own text (both languages), both paraphrase fixtures, the evaluation
set's pinyin, off-topic, balance, typo and variant queries, hand-picked
colloquial, typo and nonsense strings, and hypothesis-generated ones (mutated questions, random
mixes of the characters people type, empty and blank text), pinyin and off-topic ones. Same ids
in the same order for the top 5, scores equal within 1e-9, the same strengths and the same
out-of-scope subject.
"""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import strategies as st

import yibao
from benchmarks.finder_eval import node_search, queries
from yibao.answers.questions import _ranked
from yibao.data.store import records

from .conftest import drawn
from .node import needs_node

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LIMIT = 5
HAND_PICKED = [
    "我妈走了卡里的钱怎么取",
    "我妈走了,卡里的钱怎么取",
    "居民医保有个人帐户吗",
    "retirment withdraw balance",
    "can I take cash out of my medical card",
    "醫保帳戶年底清零嗎",
    "",
    "   ",
    "？？？",
    "asdfghjkl",
    "今天天气怎么样",
    "😀😀",
    "1234567",
    "的了吗",
    "居😀医保",
    "居\n医保",
    "ＡＢＣ医保卡",
    "ﬁnd my balance",
    "İstanbul insurance",
    "parent's account's money",
    "don't know which scheme",
    "12393 12333",
    "yibao dianzi pingzheng zenme jihuo",
    "医保yu e",
    "tuixiu",
    "xian",
    "zhuangshuang",
    "养老金每个月能领多少钱",
    "退休后个人账户按养老金的2%划入吗",
    "gongjijin",
    "how much pension will I get",
]

pytestmark = needs_node


def _fixture(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _fixed_queries() -> list[str]:
    questions = records("questions")
    texts = [q[f"question_{lang}"] for q in questions for lang in ("zh", "en")]
    texts += [r["text"] for r in _fixture("questions_paraphrases.csv") + _fixture("questions_heldout.csv")]
    unusual = [q.text for q in queries() if q.style in ("pinyin", "offtopic", "balance", "typo", "variant")]
    return texts + unusual + HAND_PICKED


def assert_parity(queries: list[tuple[str, str | None, int]]) -> list[float]:
    results, ms = node_search(queries)
    assert len(results) == len(queries)
    for (text, topic, limit), got in zip(queries, results, strict=True):
        ranking = _ranked(text, limit=limit, lang=None, topic=topic, scheme=None)
        expected = [ranking.index.rows[number]["id"] for number, _, _ in ranking.hits]
        assert [hit["id"] for hit in got["hits"]] == expected, (text, topic)
        assert got["elsewhere"] == ranking.elsewhere, text
        for hit, (_, score, strength) in zip(got["hits"], ranking.hits, strict=True):
            assert abs(hit["score"] - score) <= 1e-9, (text, hit, score)
            assert hit["strength"] == strength, (text, hit)
    return ms


def test_every_question_paraphrase_evaluation_and_hand_picked_query_ranks_alike():
    queries = [(text, None, LIMIT) for text in _fixed_queries()]
    assert len(queries) >= 500
    ms = assert_parity(queries)
    assert len(ms) == len(queries) and min(ms) >= 0
    for text, _, limit in queries[::25]:  # find_questions is this ranking, as a frame
        ranking = _ranked(text, limit=limit, lang=None, topic=None, scheme=None)
        assert yibao.find_questions(text, limit=limit)["id"].tolist() == [ranking.index.rows[n]["id"] for n, _, _ in ranking.hits]


def test_topic_chips_rank_alike():
    topics = [t["id"] for t in yibao.question_topics()]
    texts = (("", 100), ("钱包", LIMIT), ("account", LIMIT), ("医保卡里的钱", LIMIT))
    queries = [(text, topic, limit) for topic in topics for text, limit in texts]
    assert_parity(queries)


_QUESTION_TEXTS = [q[f"question_{lang}"] for q in records("questions") for lang in ("zh", "en")]
_TYPED = "".join(sorted({c for text in _QUESTION_TEXTS for c in text}))
_TYPED += "的了吗呢我你帐醫險帳戶錢領繳報銷統籌１２３ＡＢ'-s ,.?!，。？！\n\t😀"  # stop words, variants, full width, emoji


@st.composite
def typo_of_a_question(draw: st.DrawFn) -> str:
    """A question with characters dropped, swapped for others, or cut short."""
    text = draw(st.sampled_from(_QUESTION_TEXTS))
    chars = list(text)
    for _ in range(draw(st.integers(0, 3))):
        if not chars:
            break
        i = draw(st.integers(0, len(chars) - 1))
        if draw(st.booleans()):
            del chars[i]
        else:
            chars[i] = draw(st.sampled_from(_TYPED))
    cut = draw(st.integers(1, max(1, len(chars))))
    return "".join(chars[:cut])


QUERY = st.one_of(
    typo_of_a_question(),
    st.text(alphabet=_TYPED, max_size=40),
    st.text(max_size=20),
    st.sampled_from(["", " ", "\n", "？", "lorem ipsum dolor", "xyz" * 120, "医保" * 200]),
)


def test_generated_queries_rank_alike():
    assert_parity([(text, None, LIMIT) for text in drawn(QUERY, 600)])  # one node run for all
