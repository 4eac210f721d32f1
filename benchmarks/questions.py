"""Question finder: how well it finds (the evaluation set, by style and theme) and how fast.

Quality: top-1 / top-3 on the evaluation set (``benchmarks/finder_eval.py``): the held-out third by
style against the targets, every query by theme, the balance question asked 14 ways, and the
off-topic queries (no strong hit). Speed: one ``find_questions`` call in Python and one
``finderSearch`` in node (the page's ranking, same engine as Chromium), on the evaluation queries,
the held-out paraphrases and every question's own text; and the first query after loading the
data (builds the index).
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import yibao
from benchmarks import finder_eval
from benchmarks.registry import no_target, summarize, with_target
from yibao.data.store import clear_cache

HELD_OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "questions_heldout.csv"
TARGET_MS = 20.0  # the budget for one query, in Python and in the page
TOP1, TOP3 = 85.0, 95.0  # held-out targets, in %
BALANCE_FIRST = 12  # of the 14 ways to ask for the balance
REPEATS = 3


def _queries() -> list[str]:
    with HELD_OUT.open(encoding="utf-8") as handle:
        held_out = [row["text"] for row in csv.DictReader(handle)]
    frame = yibao.load_questions()
    return [q.text for q in finder_eval.queries()] + held_out + frame["question_zh"].tolist() + frame["question_en"].tolist()


def _quality() -> list[dict]:
    rows = finder_eval.queries()
    held = finder_eval.evaluate([q for q in rows if q.held_out])
    every = finder_eval.evaluate(rows)
    out = []
    total = held["all"]["all"].row("held-out queries, top-1")
    out.append(with_target(total, TOP1, "top1_pct", unit="%", at_least=True))
    out.append(with_target(held["all"]["all"].row("held-out queries, top-3"), TOP3, "top3_pct", unit="%", at_least=True))
    out += [no_target(tally.row(f"held-out, style {style}"), "by style") for style, tally in sorted(held["style"].items())]
    out += [no_target(tally.row(f"all queries, theme {theme}"), "by theme") for theme, tally in sorted(every["theme"].items())]
    first, asked = finder_eval.balance_first(rows)
    out.append(
        with_target(
            {"name": f"balance asked {asked} ways: a balance answer first", "n": asked, "count": int(first)},
            BALANCE_FIRST,
            "count",
            unit="",
            at_least=True,
        )
    )
    off = every["style"]["offtopic"]
    out.append(with_target({**off.row("off-topic queries with no strong hit"), "count": off.top1}, off.n, "count", unit="", at_least=True))
    return out


def measurements() -> list[dict]:
    """Quality rows; median and p95 of one query in Python and in node; the first query after loading the data."""
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
    _, page = finder_eval.node_search([(text, None, 5) for text in queries] * REPEATS)
    return [
        *_quality(),
        with_target(summarize("find_questions, one query", samples), TARGET_MS),
        with_target(summarize("finderSearch in node (the page's ranking), one query", page), TARGET_MS),
        no_target(summarize("first query after loading the data (index build)", cold), "once per kernel"),
    ]
