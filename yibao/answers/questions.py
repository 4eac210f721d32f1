"""The question finder: which of the questions people ask matches a free text? Offline, no model.

Each question is indexed by its question, its answer, its search keywords and the pinyin of its
Chinese question and keywords, as features: Chinese character 1-, 2- and 3-grams and skip-grams
(两字隔一字, so one wrong character still matches); English words (lightly stemmed) and their
character trigrams; pairs of successive pinyin syllables (made with pypinyin when the index is
built; a query's Latin words are cut into the syllables the questions use, so "yibao", "yu e" and
"tuixiu" meet 医保, 余额 and 退休); and one feature per synonym group of ``data/synonyms.csv`` found
in the text (short Chinese variants also with one wrong character), so that 取钱/提现/套现 or
"人走了"/去世/passed away meet. Documents are ranked by BM25 summed over the fields (the question
weighs most), times a prior by how often people ask the question (``asked``); a query naming a
scheme (居民医保, 退休, 灵活就业 …) lifts the questions about that scheme.

Each hit is ``strong`` or ``weak``: weak below :data:`STRONG_SCORE`, and always weak when the query
is about something outside 医保 (``data/out_of_scope.csv``: 养老金, 公积金 … unless the query also
names 医保), for which :func:`out_of_scope` says where the question belongs. A query with a word of
a synonym group (a word of the domain) always gets its best matches, weak if need be.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd

from yibao.data import checks
from yibao.data.display import Card, ReadableFrame, language, sentences
from yibao.data.i18n import LANGS, check_lang, t
from yibao.data.sources import sourcing
from yibao.data.store import Row, derived, derived_json, plain, records
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
    "strength",
)
MAX_QUERY_CHARS = 300  # longer text is cut: nobody types more, and it keeps every query fast
MIN_SCORE = 3.0  # below this a match is noise (a shared character or a common word), unless the query has a word of the domain
STRONG_SCORE = 6.0  # from here a hit is a direct answer; below, "possibly related"
PRIOR_STEP = 0.12  # each step of ``asked`` (1 … 5) above 1 adds 12 % to a question's score
_FIELD_WEIGHTS = {"question": 1.0, "keywords": 1.2, "answer": 0.35, "pinyin": 0.8}
_FEATURE_WEIGHTS = {"1": 0.2, "2": 1.0, "3": 1.2, "k": 0.5, "w": 1.0, "t": 0.25, "s": 2.5, "p": 1.0}
_SCHEME_BOOST = 0.3  # a question about the scheme the query names gains 30 %, shared by the schemes the question and the query name
_K1, _B = 1.2, 0.5

_CJK = re.compile(r"[\u3400-\u9fff]+")
_LETTERS = re.compile(r"[a-z]+")
_LONGEST_SYLLABLE = 6  # zhuang, shuang
_TYPO_WORD = re.compile(r"[\u3400-\u9fff]{4,8}")
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
    #: (feature, Chinese variants matched anywhere, variants matched as whole words " like this ",
    #: the Chinese variants of 4 to 8 characters with any one inner character wrong, as a pattern).
    #: Features: ``s:<synonym group>``; ``d:<group>`` for a group of role "domain" (医保 itself: it
    #: only marks a query as about 医保); ``o:<out-of-scope id>`` for its terms and ``u:<id>`` for the
    #: words that keep such a query about 医保 (d, o and u never add to a score)
    groups: tuple[tuple[str, tuple[str, ...], tuple[str, ...], re.Pattern[str] | None], ...]
    schemes: dict[str, str]  # synonym feature -> the scheme it names
    #: (out-of-scope id, its feature, its "unless" feature), in the table's order
    out_of_scope: tuple[tuple[str, str, str], ...]


def _escape(text: str) -> str:
    """``text`` as a literal in a pattern that Python's ``re`` and JavaScript's ``RegExp(…, "u")`` read alike."""
    return _SPECIAL.sub(r"\\\g<0>", text)


def _one_typo(variants: tuple[str, ...]) -> re.Pattern[str] | None:
    """居民医保 also as 居名医保 / 居民医宝: one inner character of a word of 4 to 8 Chinese characters
    may differ. Only such words: the pattern grows with the square of a variant's length (a long
    or mixed variant, as in malformed data, would make it huge and slow to compile)."""
    words = [v for v in variants if _TYPO_WORD.fullmatch(v)]
    patterns = [_escape(v[:i]) + "[^\\n]" + _escape(v[i + 1 :]) for v in words for i in range(1, len(v) - 1)]
    return re.compile("|".join(patterns)) if patterns else None


def _group(feature: str, texts: tuple[str, ...], typos: bool) -> tuple[str, tuple[str, ...], tuple[str, ...], re.Pattern[str] | None]:
    variants = {_normalize(v) for v in texts}
    chinese = tuple(sorted(v for v in variants if _CJK.search(v)))
    words = tuple(sorted(f" {' '.join(_WORD.findall(v))} " for v in variants if not _CJK.search(v) and _WORD.search(v)))
    return feature, chinese, words, _one_typo(chinese) if typos else None


def _synonyms(lang: str | None) -> _Synonyms:
    groups, schemes = [], {}
    for row in records("synonyms"):
        if lang not in (None, row["lang"]):
            continue
        prefix = "d" if row["role"] == "domain" else "s"
        groups.append(_group(f"{prefix}:{row['id']}", (row["canonical"], *row["variants"]), typos=True))
        if row["scheme"]:
            schemes[f"s:{row['id']}"] = row["scheme"]
    elsewhere = []
    for row in sorted(records("out_of_scope"), key=lambda r: r["order"]):
        term, unless = f"o:{row['id']}", f"u:{row['id']}"
        groups += [_group(term, tuple(row["terms"]), typos=False), _group(unless, tuple(row["unless"]), typos=False)]
        elsewhere.append((row["id"], term, unless))
    return _Synonyms(tuple(groups), schemes, tuple(elsewhere))


def _segment(word: str, syllables: frozenset[str]) -> list[str]:
    """``word`` cut into the fewest syllables of ``syllables`` (ties: the longer first syllable), or [] if it cannot be."""
    best: list[list[str] | None] = [None] * len(word) + [[]]
    for start in range(len(word) - 1, -1, -1):
        for end in range(min(len(word), start + _LONGEST_SYLLABLE), start, -1):
            rest = best[end]
            if rest is not None and word[start:end] in syllables and (best[start] is None or len(rest) + 1 < len(best[start] or ())):
                best[start] = [word[start:end], *rest]
    return best[0] or []


def _pinyin_pairs(runs: list[list[str]]) -> Counter[str]:
    """``p:a_b`` for each two successive syllables within a run."""
    return Counter(f"p:{run[i]}_{run[i + 1]}" for run in runs for i in range(len(run) - 1))


def _text_syllables(text: str) -> list[list[str]]:
    """The pinyin of each run of Chinese characters in ``text`` (a question's, at build time)."""
    return [list(_pinyin(run)) for run in _CJK.findall(_normalize(text))]


@derived_json
def _question_syllables() -> list[list[list[str]]]:
    """The pinyin of each question's Chinese question and keywords (:func:`_text_syllables`), in the
    questions' order: kept between processes as the pages' exports are, so that a process that builds
    an index for the same questions does not load pypinyin."""
    texts = (" ".join([row["question_zh"], *(k for k in row["keywords"] if _CJK.search(k))]) for row in records("questions"))
    return [_text_syllables(text) for text in texts]


@cache
def _pinyin(run: str) -> tuple[str, ...]:
    """The pinyin of a run of Chinese characters, computed once per process (whatever the data).
    pypinyin is imported here, when an index is first built: loading its dictionaries takes 0.4 s."""
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(run))


def _query_syllables(words: list[str], syllables: frozenset[str]) -> list[list[str]]:
    """Runs of successive Latin words that all cut into syllables, as one list of syllables each."""
    runs: list[list[str]] = [[]]
    for word in words:
        cut = _segment(word, syllables) if _LETTERS.fullmatch(word) else []
        if cut:
            runs[-1].extend(cut)
        elif runs[-1]:
            runs.append([])
    return runs


def _features(text: str, synonyms: _Synonyms, syllables: frozenset[str] = frozenset()) -> Counter[str]:
    """The bag of features of one text (see the module docstring); with ``syllables`` (a query),
    also the pinyin pairs of its Latin words."""
    text = _normalize(text)
    bag: Counter[str] = Counter()
    words = [word.removesuffix("'s").rstrip("'") for word in _WORD.findall(text)]
    spaced = f" {' '.join(words)} "
    in_text, in_words = text.__contains__, spaced.__contains__
    for feature, chinese, whole_words, typo in synonyms.groups:  # map(): no Python frame per variant
        if any(map(in_text, chinese)) or any(map(in_words, whole_words)) or (typo is not None and typo.search(text)):
            bag[feature] += 1
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
    if syllables:
        bag.update(_pinyin_pairs(_query_syllables(words, syllables)))
    return bag


@dataclass(frozen=True)
class _Index:
    synonyms: _Synonyms
    rows: tuple[Row, ...]
    #: the pinyin syllables of the questions (a query's Latin words are cut into these)
    syllables: frozenset[str]
    #: each question's factor from how often it is asked
    prior: tuple[float, ...]
    #: field -> feature -> [(row index, term frequency)]
    postings: dict[str, dict[str, list[tuple[int, int]]]]
    lengths: dict[str, tuple[int, ...]]
    average: dict[str, float]
    #: feature -> the number of questions it occurs in (any field)
    df: dict[str, int]
    #: idf by document frequency (0 … number of questions)
    idf: tuple[float, ...]
    #: feature -> [(row number, its BM25 term part summed over the weighted fields)], what a query scores with
    parts: dict[str, list[tuple[int, float]]]


def _field_bags(row: Row, lang: str | None, synonyms: _Synonyms, syllables: list[list[str]]) -> dict[str, Counter[str]]:
    """The bags of features of a question's fields; ``syllables``: the pinyin of its Chinese question and keywords."""
    langs = LANGS if lang is None else (lang,)
    keywords = [k for k in row["keywords"] if lang is None or bool(_CJK.search(k)) == (lang == "zh")]
    texts = {
        "question": " ".join(row[f"question_{code}"] for code in langs),
        "keywords": " ".join(keywords),
        "answer": " ".join(row[f"answer_{code}"] for code in langs),
    }
    bags = {field: _features(text, synonyms) for field, text in texts.items()}
    for bag in bags.values():  # domain and out-of-scope words only decide the floor and strength
        for feature in [f for f in bag if f[0] in "dou" and f[1] == ":"]:
            del bag[feature]
    return {**bags, "pinyin": _pinyin_pairs(syllables if "zh" in langs else [])}


@derived
def _index(lang: str | None) -> _Index:
    synonyms = _synonyms(lang)
    rows = records("questions")
    postings: dict[str, dict[str, list[tuple[int, int]]]] = {field: {} for field in _FIELD_WEIGHTS}
    lengths: dict[str, list[int]] = {field: [] for field in _FIELD_WEIGHTS}
    frequency: Counter[str] = Counter()
    pinyin = _question_syllables() if lang != "en" else [[] for _ in rows]
    for number, (row, runs) in enumerate(zip(rows, pinyin, strict=True)):
        seen: set[str] = set()
        for field, bag in _field_bags(row, lang, synonyms, runs).items():
            lengths[field].append(sum(bag.values()))
            for feature, count in bag.items():
                postings[field].setdefault(feature, []).append((number, count))
            seen.update(bag)
        frequency.update(seen)
    total = len(rows)
    syllables = {feature[2:].partition("_")[i] for feature in postings["pinyin"] for i in (0, 2)}
    average = {field: (sum(values) / total if total else 0.0) or 1.0 for field, values in lengths.items()}
    return _Index(
        synonyms=synonyms,
        rows=rows,
        syllables=frozenset(syllables),
        prior=tuple(1 + PRIOR_STEP * (row["asked"] - 1) for row in rows),
        postings=postings,
        lengths={field: tuple(values) for field, values in lengths.items()},
        average=average,
        df=dict(frequency),
        idf=tuple(math.log(1 + (total - df + 0.5) / (df + 0.5)) for df in range(total + 1)),
        parts=_term_parts(postings, lengths, average),
    )


def _term_parts(
    postings: dict[str, dict[str, list[tuple[int, int]]]], lengths: dict[str, list[int]], average: dict[str, float]
) -> dict[str, list[tuple[int, float]]]:
    """Each feature's BM25 term part per question, its fields' weights summed (once per index, not per query)."""
    parts: dict[str, dict[int, float]] = {}
    for field, field_weight in _FIELD_WEIGHTS.items():
        for feature, found in postings[field].items():
            summed = parts.setdefault(feature, {})
            for number, count in found:
                norm = count + _K1 * (1 - _B + _B * lengths[field][number] / average[field])
                summed[number] = summed.get(number, 0.0) + field_weight * count * (_K1 + 1) / norm
    return {feature: list(summed.items()) for feature, summed in parts.items()}


def _scores(index: _Index, query: Counter[str]) -> dict[int, float]:
    scores: dict[int, float] = {}
    for feature in query:
        df = index.df.get(feature)
        if df is None:
            continue
        weight = _FEATURE_WEIGHTS[feature.split(":", 1)[0]] * index.idf[df]
        for number, part in index.parts[feature]:
            scores[number] = scores.get(number, 0.0) + weight * part
    named = {index.synonyms.schemes[f] for f in query if f in index.synonyms.schemes}
    for number in scores if named else ():
        about = set(index.rows[number]["schemes"])
        if about & named and len(about) < len(SCHEMES):
            scores[number] *= 1 + _SCHEME_BOOST / (len(named) * len(about))
    for number in scores:
        scores[number] *= index.prior[number]
    return scores


def _elsewhere(index: _Index, query: Counter[str]) -> str | None:
    """The id of the out-of-scope subject the query is about (its words, none of its "unless" words), or None."""
    return next((id_ for id_, term, unless in index.synonyms.out_of_scope if term in query and unless not in query), None)


class QuestionHits(ReadableFrame):
    """:func:`find_questions`' table. Its card: the best question and its answer, the others' questions, its sources."""

    def card(self, lang: str | None = None) -> Card:
        lang = language(lang)
        if self.empty:
            return Card(t("card_finder", lang), t("card_finder_none", lang), lang)
        best, *others = self.to_dict("records")
        details = tuple((str(row["id"]), row[f"question_{lang}"]) for row in others)
        answer = sentences(best[f"question_{lang}"], best[f"answer_{lang}"], lang)
        return Card(t("card_finder", lang), answer, lang, (), tuple(best["source_ids"]), best["confidence"], details)


def _frame(rows: list[tuple[Row, float, str]]) -> pd.DataFrame:
    """The hits as one table, built at once (not a column at a time)."""
    data: dict[str, Any] = {column: [row[column] for row, _, _ in rows] for column in COLUMNS[:-2]}
    data["score"] = pd.Series([score for _, score, _ in rows], dtype="float64")
    data["strength"] = pd.Series([strength for _, _, strength in rows], dtype="object")
    return QuestionHits(data, columns=list(COLUMNS))


@dataclass(frozen=True)
class _Ranking:
    index: _Index
    #: the best ``(row number, unrounded score, strength)``, best first
    hits: list[tuple[int, float, str]]
    #: the out-of-scope subject the query is about, or None
    elsewhere: str | None


def _ranked(text: str, *, limit: int, lang: str | None, topic: str | None, scheme: str | None) -> _Ranking:
    """The ranking of ``text`` (checked arguments)."""
    index = _index(lang)
    wanted = [
        number
        for number, row in enumerate(index.rows)
        if (topic is None or row["topic"] == topic) and (scheme is None or scheme in row["schemes"])
    ]
    query = _features(text[:MAX_QUERY_CHARS], index.synonyms, index.syllables)
    elsewhere = _elsewhere(index, query)
    scores = _scores(index, query)
    if not scores:
        hits = [(number, 0.0) for number in wanted] if topic is not None and not query else []
    else:
        domain = any(feature[:2] in ("s:", "d:") for feature in query)
        floor = 0.0 if domain else MIN_SCORE
        hits = sorted(
            ((n, scores[n]) for n in wanted if scores.get(n, 0.0) > 0.0 and scores[n] >= floor), key=lambda hit: (-hit[1], hit[0])
        )
    strong = elsewhere is None
    return _Ranking(index, [(n, score, "strong" if strong and score >= STRONG_SCORE else "weak") for n, score in hits[:limit]], elsewhere)


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
    source_ids, see_also, explorer, valid_from, score, strength``. ``strength`` is ``"strong"``
    (a direct answer) or ``"weak"`` (possibly related: a low score, or a query about something
    outside 医保, see :func:`out_of_scope`). lang: search only the Chinese or the English texts
    (``None``: both). topic / scheme: keep only questions of that topic (an id of
    :func:`question_topics`) or about that scheme. Empty or unmatched text gives an empty frame
    with the same columns; with a ``topic`` and no text, that topic's questions in order (score 0, weak).

    >>> find_questions("我妈走了,卡里的钱怎么取", limit=1)["id"].tolist()
    ['death-withdraw']
    """
    ranking = _checked_ranking(text, limit=limit, lang=lang, topic=topic, scheme=scheme)
    return _frame([(ranking.index.rows[number], round(score, 3), strength) for number, score, strength in ranking.hits])


def found_ids(text: str, *, limit: int = 5, lang: str | None = None) -> list[str]:
    """The ids :func:`find_questions` lists for ``text``, best first, without building its table
    (for checks that ask every question's own text)."""
    ranking = _checked_ranking(text, limit=limit, lang=lang, topic=None, scheme=None)
    return [str(ranking.index.rows[number]["id"]) for number, _, _ in ranking.hits]


def _checked_ranking(text: str, *, limit: int, lang: str | None, topic: str | None, scheme: str | None) -> _Ranking:
    """:func:`_ranked` after checking the arguments as :func:`find_questions` documents them."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {text!r}")
    limit = checks.whole("limit", limit, 1, 1000)
    if lang is not None:
        check_lang(lang)
    if topic is not None:
        checks.choice("topic", topic, [r["id"] for r in records("question_topics")])
    if scheme is not None:
        checks.choice("scheme", scheme, SCHEMES)
    return _ranked(text, limit=limit, lang=lang, topic=topic, scheme=scheme)


def out_of_scope(text: str) -> dict[str, Any] | None:
    """Where a question outside 医保 belongs, or None: ``{"id", "name_zh/en", "where_zh/en",
    "valid_from", "source_ids", "sources", "confidence"}`` when ``text`` names a subject of
    ``data/out_of_scope.csv`` (养老金, 公积金, 失业金, 车险, 个税, 护照 …) and none of the words that
    keep it about 医保.

    >>> out_of_scope("养老金每个月能领多少钱")["id"]
    'pension'
    >>> out_of_scope("退休后个人账户按养老金的2%划入吗") is None
    True
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {text!r}")
    index = _index(None)
    found = _elsewhere(index, _features(text[:MAX_QUERY_CHARS], index.synonyms))
    return None if found is None else out_of_scope_records()[found]


def out_of_scope_records() -> dict[str, dict[str, Any]]:
    """The out-of-scope subjects by id, JSON-ready (what the page says, with sources)."""
    shown = ("id", "name_zh", "name_en", "where_zh", "where_en", "valid_from")
    return {row["id"]: {**{k: v for k, v in plain(row).items() if k in shown}, **sourcing(row)} for row in records("out_of_scope")}


@derived_json
def question_index() -> dict[str, Any]:
    """The finder's index (both languages) as plain JSON, for a browser to rank questions offline.

    Everything :func:`find_questions` uses, as data: the text rules (character map, stop words and
    the patterns, written so that JavaScript's ``RegExp(pattern, "u")`` reads them as Python does),
    the synonym and out-of-scope groups (each with the feature it sets), the pinyin syllables a
    query's Latin words are cut into, the weights, thresholds and BM25 constants; ``features`` maps
    each feature to its document frequency and, per field in the order of ``field_weights``, its
    postings as a flat list ``[row number, term frequency, …]``; ``idf`` is indexed by document
    frequency; per field the lengths and average length. ``rows`` gives each question's ``id``,
    ``topic`` and ``schemes`` in row order and ``prior`` its factor; ranking them the same way
    (``js/finder_search.js`` does) gives :func:`find_questions`' order, scores and strengths.
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
            "letters": _LETTERS.pattern,
            "longest_syllable": _LONGEST_SYLLABLE,
        },
        "params": {
            "max_query_chars": MAX_QUERY_CHARS,
            "min_score": MIN_SCORE,
            "strong_score": STRONG_SCORE,
            "field_weights": [[field, weight] for field, weight in _FIELD_WEIGHTS.items()],
            "feature_weights": dict(_FEATURE_WEIGHTS),
            "scheme_boost": _SCHEME_BOOST,
            "scheme_count": len(SCHEMES),
            "k1": _K1,
            "b": _B,
        },
        "synonyms": [
            {"feature": feature, "chinese": list(chinese), "words": list(words), "typo": None if typo is None else typo.pattern}
            for feature, chinese, words, typo in index.synonyms.groups
        ],
        "synonym_schemes": dict(index.synonyms.schemes),
        "out_of_scope": [{"id": id_, "term": term, "unless": unless} for id_, term, unless in index.synonyms.out_of_scope],
        "syllables": sorted(index.syllables),
        "rows": [{"id": row["id"], "topic": row["topic"], "schemes": list(row["schemes"])} for row in index.rows],
        "prior": list(index.prior),
        "features": {
            feature: [df, *([value for posting in index.postings[field].get(feature, ()) for value in posting] for field in _FIELD_WEIGHTS)]
            for feature, df in sorted(index.df.items())
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
