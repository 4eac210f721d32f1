"""Question finder: time of one ``find_questions`` call (index built), and of building the index.

The queries are the held-out paraphrases and every question's own text, in both languages.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import yibao
from benchmarks.registry import no_target, summarize, with_target
from yibao.data.store import clear_cache

HELD_OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "questions_heldout.csv"
TARGET_MS = 20.0  # the budget for one query
REPEATS = 3


def _queries() -> list[str]:
    with HELD_OUT.open(encoding="utf-8") as handle:
        held_out = [row["text"] for row in csv.DictReader(handle)]
    frame = yibao.load_questions()
    return held_out + frame["question_zh"].tolist() + frame["question_en"].tolist()


def measurements() -> list[dict]:
    """Median and p95 of one query; the first query after loading the data (builds the index)."""
    queries = _queries()
    cold = []
    for _ in range(5):
        clear_cache()
        started = time.perf_counter()
        yibao.find_questions(queries[0])
        cold.append((time.perf_counter() - started) * 1000)
    samples = []
    for _ in range(REPEATS):
        for text in queries:
            started = time.perf_counter()
            yibao.find_questions(text)
            samples.append((time.perf_counter() - started) * 1000)
    return [
        with_target(summarize("find_questions, one query", samples), TARGET_MS),
        no_target(summarize("first query after loading the data (index build)", cold), "once per kernel"),
    ]
