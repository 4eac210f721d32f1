"""The question finder: which of the questions people ask matches a free text? Offline, no model.

Each question is indexed by its question, its answer and its search keywords, as features:
Chinese character 1-, 2- and 3-grams and skip-grams (两字隔一字, so one wrong character still
matches); English words (lightly stemmed) and their character trigrams; and one feature per
synonym group of ``data/synonyms.csv`` found in the text (long Chinese variants also with one
wrong character), so that 取钱/提现/套现 or "人走了"/去世/passed away meet. Documents are ranked
by BM25 summed over the three fields (the question weighs most); a query naming a scheme
(居民医保, 退休, 灵活就业 …) lifts the questions about that scheme. Pure Python, no model.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd

from yibao.data import checks
from yibao.data.i18n import LANGS, check_lang
from yibao.data.sources import sourcing
from yibao.data.store import Row, derived, plain, records
from yibao.data.tables import SCHEMES

#: columns of :func:`find_questions`' frame, in order
COLUMNS = (
    "id",
    "topic",
    "schemes",
    "question_zh",
    "question_en",
    "answer_zh",
    "answer_en",
    "confidence",
    "source_ids",
    "see_also",
    "explorer",
    "valid_from",
    "score",
)
MAX_QUERY_CHARS = 300  # longer text is cut: nobody types more, and it keeps every query fast
MIN_SCORE = 3.0  # below this a match is noise (a shared character or a common word)
_FIELD_WEIGHTS = {"question": 1.0, "keywords": 0.8, "answer": 0.35}
_FEATURE_WEIGHTS = {"1": 0.2, "2": 1.0, "3": 1.2, "k": 0.5, "w": 1.0, "t": 0.25, "s": 1.5}
_SCHEME_BOOST = 0.3  # a question about the scheme the query names gains 30 %, shared by the schemes the question and the query name
_K1, _B = 1.2, 0.75

_CJK = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*'?")
_CHAR_MAP = str.maketrans("帐醫險帳戶錢領繳報銷統籌", "账医险账户钱领缴报销统筹")  # variant and traditional forms of the words that matter
_ZH_STOP = re.compile(
    "请问|一下|怎么样|怎么办|怎么|为什么|什么|如何|是不是|能不能|可不可以|可以吗|在哪里|在哪儿|在哪|哪里|哪儿|有没有|是否|会不会|要不要|"
    "应该|现在|今天|明天|[吗呢吧啊呀嘛的了我你]"
)
_EN_STOP = frozenset(
    "a an the i my me we our you your he she his her they their it its is are was were be been am can could do does did how what "
    "when where which who whom why will would should shall to of in on at for from by with and or if this that these those there "
    "as about into than then so not no any some just still also have has had get got many please".split()
)
_SPECIAL = re.compile(r"[\\^$.|?*+()[\]{}]")
_STEM_RULES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""))


def _normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower().translate(_CHAR_MAP)


def _stem(word: str) -> str:
    for suffix, replacement in _STEM_RULES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


@dataclass(frozen=True)
class _Synonyms:
    #: (group id, Chinese variants matched anywhere, variants matched as whole words " like this ",
    #: the Chinese variants of 4+ characters with any one inner character wrong, as a pattern)
    groups: tuple[tuple[str, tuple[str, ...], tuple[str, ...], re.Pattern[str] | None], ...]
    schemes: dict[str, str]  # group id -> the scheme it names


def _escape(text: str) -> str:
    """``text`` as a literal in a pattern that Python's ``re`` and JavaScript's ``RegExp(…, "u")`` read alike."""
    return _SPECIAL.sub(r"\\\g<0>", text)


def _one_typo(variants: tuple[str, ...]) -> re.Pattern[str] | None:
    """居民医保 also as 居名医保 / 居民医宝: one inner character of a 4+ character variant may differ."""
    patterns = [_escape(v[:i]) + "[^\\n]" + _escape(v[i + 1 :]) for v in variants if len(v) >= 4 for i in range(1, len(v) - 1)]
    return re.compile("|".join(patterns)) if patterns else None


def _synonyms(lang: str | None) -> _Synonyms:
    groups, schemes = [], {}
    for row in records("synonyms"):
        if lang not in (None, row["lang"]):
            continue
        variants = {_normalize(v) for v in (row["canonical"], *row["variants"])}
        chinese = tuple(sorted(v for v in variants if _CJK.search(v)))
        words = tuple(sorted(f" {' '.join(_WORD.findall(v))} " for v in variants if not _CJK.search(v) and _WORD.search(v)))
        groups.append((row["id"], chinese, words, _one_typo(chinese)))
        if row["scheme"]:
            schemes[row["id"]] = row["scheme"]
    return _Synonyms(tuple(groups), schemes)


def _features(text: str, synonyms: _Synonyms) -> Counter[str]:
    """The bag of features of one text (see the module docstring)."""
    text = _normalize(text)
    bag: Counter[str] = Counter()
    words = [word.removesuffix("'s").rstrip("'") for word in _WORD.findall(text)]
    spaced = f" {' '.join(words)} "
    for group, chinese, whole_words, typo in synonyms.groups:
        if any(v in text for v in chinese) or any(v in spaced for v in whole_words) or (typo is not None and typo.search(text)):
            bag[f"s:{group}"] += 1
    for run in _CJK.findall(_ZH_STOP.sub(" ", text)):
        for n in (1, 2, 3):
            bag.update(f"{n}:{run[i : i + n]}" for i in range(len(run) - n + 1))
        bag.update(f"k:{run[i]}_{run[i + 2]}" for i in range(len(run) - 2))  # skip-grams: one wrong character in between
    for word in words:
        if word in _EN_STOP:
            continue
        stem = _stem(word)
        bag[f"w:{stem}"] += 1
        if not stem.isdigit():  # a number matches whole (12393 is not 12333)
            padded = f"#{stem}#"
            bag.update(f"t:{padded[i : i + 3]}" for i in range(len(padded) - 2))
    return bag


@dataclass(frozen=True)
class _Index:
    synonyms: _Synonyms
    rows: tuple[Row, ...]
    #: field -> feature -> [(row index, term frequency)]
    postings: dict[str, dict[str, list[tuple[int, int]]]]
    lengths: dict[str, tuple[int, ...]]
    average: dict[str, float]
    #: feature -> the number of questions it occurs in (any field)
    df: dict[str, int]
    #: idf by document frequency (0 … number of questions)
    idf: tuple[float, ...]


def _field_texts(row: Row, lang: str | None) -> dict[str, str]:
    langs = LANGS if lang is None else (lang,)
    keywords = [k for k in row["keywords"] if lang is None or bool(_CJK.search(k)) == (lang == "zh")]
    return {
        "question": " ".join(row[f"question_{code}"] for code in langs),
        "keywords": " ".join(keywords),
        "answer": " ".join(row[f"answer_{code}"] for code in langs),
    }


@derived
def _index(lang: str | None) -> _Index:
    synonyms = _synonyms(lang)
    rows = records("questions")
    postings: dict[str, dict[str, list[tuple[int, int]]]] = {field: {} for field in _FIELD_WEIGHTS}
    lengths: dict[str, list[int]] = {field: [] for field in _FIELD_WEIGHTS}
    frequency: Counter[str] = Counter()
    for number, row in enumerate(rows):
        seen: set[str] = set()
        for field, text in _field_texts(row, lang).items():
            bag = _features(text, synonyms)
            lengths[field].append(sum(bag.values()))
            for feature, count in bag.items():
                postings[field].setdefault(feature, []).append((number, count))
            seen.update(bag)
        frequency.update(seen)
    total = len(rows)
    return _Index(
        synonyms=synonyms,
        rows=rows,
        postings=postings,
        lengths={field: tuple(values) for field, values in lengths.items()},
        average={field: (sum(values) / total if total else 0.0) or 1.0 for field, values in lengths.items()},
        df=dict(frequency),
        idf=tuple(math.log(1 + (total - df + 0.5) / (df + 0.5)) for df in range(total + 1)),
    )


def _scores(index: _Index, query: Counter[str]) -> dict[int, float]:
    scores: dict[int, float] = {}
    for feature in query:
        df = index.df.get(feature)
        if df is None:
            continue
        weight = _FEATURE_WEIGHTS[feature.split(":", 1)[0]] * index.idf[df]
        for field, field_weight in _FIELD_WEIGHTS.items():
            lengths, average = index.lengths[field], index.average[field]
            for number, count in index.postings[field].get(feature, ()):
                norm = count + _K1 * (1 - _B + _B * lengths[number] / average)
                scores[number] = scores.get(number, 0.0) + field_weight * weight * count * (_K1 + 1) / norm
    named = {index.synonyms.schemes[f[2:]] for f in query if f.startswith("s:") and f[2:] in index.synonyms.schemes}
    for number in scores if named else ():
        about = set(index.rows[number]["schemes"])
        if about & named and len(about) < len(SCHEMES):
            scores[number] *= 1 + _SCHEME_BOOST / (len(named) * len(about))
    return scores


def _frame(rows: list[tuple[Row, float]]) -> pd.DataFrame:
    data = {column: [row[column] for row, _ in rows] for column in COLUMNS if column != "score"}
    frame = pd.DataFrame(data, columns=list(COLUMNS[:-1]))
    frame["score"] = pd.Series([score for _, score in rows], dtype="float64")
    return frame


def _ranked(text: str, *, limit: int, lang: str | None, topic: str | None, scheme: str | None) -> tuple[_Index, list[tuple[int, float]]]:
    """The index and the best ``(row number, score)`` pairs, unrounded (checked arguments)."""
    index = _index(lang)
    wanted = [
        number
        for number, row in enumerate(index.rows)
        if (topic is None or row["topic"] == topic) and (scheme is None or scheme in row["schemes"])
    ]
    query = _features(text[:MAX_QUERY_CHARS], index.synonyms)
    if not query:
        hits = [(number, 0.0) for number in wanted] if topic is not None else []
    else:
        scores = _scores(index, query)
        hits = sorted(((n, scores[n]) for n in wanted if scores.get(n, 0.0) >= MIN_SCORE), key=lambda hit: (-hit[1], hit[0]))
    return index, hits[:limit]


def find_questions(
    text: str,
    *,
    limit: int = 5,
    lang: str | None = None,
    topic: str | None = None,
    scheme: str | None = None,
) -> pd.DataFrame:
    """The questions that best match ``text``, best first, at most ``limit`` rows.

    Columns: ``id, topic, schemes, question_zh, question_en, answer_zh, answer_en, confidence,
    source_ids, see_also, explorer, valid_from, score``. lang: search only the Chinese or the
    English texts (``None``: both). topic / scheme: keep only questions of that topic (an id of
    :func:`question_topics`) or about that scheme. Empty or unmatched text gives an empty frame
    with the same columns; with a ``topic`` and no text, that topic's questions in order (score 0).

    >>> find_questions("我妈走了,卡里的钱怎么取", limit=1)["id"].tolist()
    ['death-withdraw']
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {text!r}")
    limit = checks.whole("limit", limit, 1, 1000)
    if lang is not None:
        check_lang(lang)
    if topic is not None:
        checks.choice("topic", topic, [r["id"] for r in records("question_topics")])
    if scheme is not None:
        checks.choice("scheme", scheme, SCHEMES)
    index, hits = _ranked(text, limit=limit, lang=lang, topic=topic, scheme=scheme)
    return _frame([(index.rows[number], round(score, 3)) for number, score in hits])


def question_index() -> dict[str, Any]:
    """The finder's index (both languages) as plain JSON, for a browser to rank questions offline.

    Everything :func:`find_questions` uses, as data: the text rules (character map, stop words and
    the patterns, written so that JavaScript's ``RegExp(pattern, "u")`` reads them as Python does),
    the synonym groups, the weights and BM25 constants; ``features`` maps each feature to its
    document frequency and, per field in the order of ``field_weights``, its postings as a flat
    list ``[row number, term frequency, …]``; ``idf`` is indexed by document frequency; per field
    the lengths and average length. ``rows`` gives each question's ``id``, ``topic`` and ``schemes`` in row order;
    ranking them the same way (``js/finder_search.js`` does) gives :func:`find_questions`' order.
    """
    index = _index(None)
    return {
        "text": {
            "char_map": {chr(k): chr(v) for k, v in _CHAR_MAP.items()},
            "zh_stop": _ZH_STOP.pattern,
            "cjk": _CJK.pattern,
            "word": _WORD.pattern,
            "en_stop": sorted(_EN_STOP),
            "stem_rules": [list(rule) for rule in _STEM_RULES],
        },
        "params": {
            "max_query_chars": MAX_QUERY_CHARS,
            "min_score": MIN_SCORE,
            "field_weights": [[field, weight] for field, weight in _FIELD_WEIGHTS.items()],
            "feature_weights": dict(_FEATURE_WEIGHTS),
            "scheme_boost": _SCHEME_BOOST,
            "scheme_count": len(SCHEMES),
            "k1": _K1,
            "b": _B,
        },
        "synonyms": [
            {"id": group, "chinese": list(chinese), "words": list(words), "typo": None if typo is None else typo.pattern}
            for group, chinese, words, typo in index.synonyms.groups
        ],
        "synonym_schemes": dict(index.synonyms.schemes),
        "rows": [{"id": row["id"], "topic": row["topic"], "schemes": list(row["schemes"])} for row in index.rows],
        "features": {
            feature: [df, *([value for posting in index.postings[field].get(feature, ()) for value in posting] for field in _FIELD_WEIGHTS)]
            for feature, df in index.df.items()
        },
        "idf": list(index.idf),
        "lengths": {field: list(values) for field, values in index.lengths.items()},
        "average": dict(index.average),
    }


def question_records() -> list[dict[str, Any]]:
    """Every question in order, JSON-ready: ``id, topic, schemes, question_zh/en, answer_zh/en,
    see_also, explorer, valid_from, source_ids, sources, confidence`` (the finder's answers)."""
    shown = ("id", "topic", "schemes", "question_zh", "question_en", "answer_zh", "answer_en", "see_also", "explorer", "valid_from")
    return [{**{k: v for k, v in plain(row).items() if k in shown}, **sourcing(row)} for row in records("questions")]


def question_topics(lang: str = "zh") -> list[dict]:
    """The topics for the finder's chips, in order: ``[{"id", "label", "label_zh", "label_en", "count"}]``."""
    check_lang(lang)
    counts = Counter(r["topic"] for r in records("questions"))
    rows = sorted(records("question_topics"), key=lambda r: r["order"])
    return [
        {"id": r["id"], "label": r[f"label_{lang}"], "label_zh": r["label_zh"], "label_en": r["label_en"], "count": counts[r["id"]]}
        for r in rows
    ]
