"""The question finder in the browser ranks as Python does: ``js/finder_search.js`` run by node on
the exported index (:func:`yibao.answers.questions.question_index`) against :func:`yibao.find_questions`.

Queries: every question's own text (both languages), both paraphrase fixtures, hand-picked
colloquial, typo and nonsense strings, and hypothesis-generated ones (mutated questions, random
mixes of the characters people type, empty and blank text). Same ids in the same order for the
top 5, scores equal within 1e-9.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import yibao
from yibao.answers.questions import _ranked, question_index
from yibao.data.store import records

from .node import needs_node, run_module

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LIMIT = 5
RUNNER = """
const index = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const finder = finderCompile(index);
const started = process.hrtime.bigint();
const results = queries.map(([text, topic, limit]) => finderSearch(finder, text, { topic, limit }));
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write(JSON.stringify({ results, ms }));
"""
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
]

pytestmark = needs_node


def _fixture(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _fixed_queries() -> list[str]:
    questions = records("questions")
    texts = [q[f"question_{lang}"] for q in questions for lang in ("zh", "en")]
    texts += [r["text"] for r in _fixture("questions_paraphrases.csv") + _fixture("questions_heldout.csv")]
    return texts + HAND_PICKED


@pytest.fixture(scope="module")
def index_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("finder") / "index.json"
    path.write_text(json.dumps(question_index(), ensure_ascii=False), encoding="utf-8")
    return path


def run_js(index_file: Path, queries: list[tuple[str, str | None, int]]) -> tuple[list[list[dict[str, Any]]], float]:
    """``finderSearch`` in node for each ``(text, topic, limit)``; returns the results and the ms they took."""
    job = index_file.with_name("queries.json")
    job.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    answer = json.loads(
        run_module(index_file.parent, {"finder_search": ["finderCompile", "finderSearch"]}, RUNNER, str(index_file), str(job))
    )
    return answer["results"], float(answer["ms"])


def assert_parity(index_file: Path, queries: list[tuple[str, str | None, int]]) -> float:
    results, ms = run_js(index_file, queries)
    assert len(results) == len(queries)
    for (text, topic, limit), got in zip(queries, results, strict=True):
        index, hits = _ranked(text, limit=limit, lang=None, topic=topic, scheme=None)
        expected = [index.rows[number]["id"] for number, _ in hits]
        assert [hit["id"] for hit in got] == expected, (text, topic)
        assert expected == yibao.find_questions(text, limit=limit, topic=topic)["id"].tolist()
        for hit, (_, score) in zip(got, hits, strict=True):
            assert abs(hit["score"] - score) <= 1e-9, (text, hit, score)
    return ms


def test_every_question_paraphrase_and_hand_picked_query_ranks_alike(index_file: Path):
    queries = [(text, None, LIMIT) for text in _fixed_queries()]
    assert len(queries) >= 300
    ms = assert_parity(index_file, queries)
    assert ms >= 0


def test_topic_chips_rank_alike(index_file: Path):
    topics = [t["id"] for t in yibao.question_topics()]
    texts = (("", 100), ("钱包", LIMIT), ("account", LIMIT), ("医保卡里的钱", LIMIT))
    queries = [(text, topic, limit) for topic in topics for text, limit in texts]
    assert_parity(index_file, queries)


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


@settings(max_examples=6, deadline=None)
@given(st.lists(QUERY, min_size=100, max_size=100))
def test_generated_queries_rank_alike(index_file: Path, texts: list[str]):
    assert_parity(index_file, [(text, None, LIMIT) for text in texts])
