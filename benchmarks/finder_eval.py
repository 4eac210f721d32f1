"""The question finder's evaluation set: realistic queries in every style and theme, scored top-1 / top-3.

``benchmarks/data/finder_queries.csv`` (``text, expected, style, theme``) was written before the
finder was tuned on it. ``expected`` lists the ids that answer the query (any of them counts);
empty means the query is off-topic and must get no strong hit. A fixed third of the rows, chosen by
a hash of the text, is held out: tuning looked only at the rest, and the targets are read on the
held-out part. This set is separate from the tests that check each question finds its own text.
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yibao

QUERIES = Path(__file__).resolve().parent / "data" / "finder_queries.csv"
#: answers that tell how to check the personal-account balance
BALANCE_ANSWERS = frozenset({"check-balance-phone", "check-offline"})


@dataclass(frozen=True)
class Query:
    text: str
    expected: frozenset[str]
    style: str
    theme: str

    @property
    def held_out(self) -> bool:
        """A fixed third of the set, by a hash of the text (not by anything the tuning looked at)."""
        return hashlib.sha1(self.text.encode("utf-8")).digest()[0] % 3 == 0


def queries() -> list[Query]:
    with QUERIES.open(encoding="utf-8", newline="") as handle:
        return [
            Query(row["text"], frozenset(filter(None, row["expected"].split("|"))), row["style"], row["theme"])
            for row in csv.DictReader(handle)
        ]


@dataclass
class Tally:
    n: int = 0
    top1: int = 0
    top3: int = 0

    def add(self, first: bool, three: bool) -> None:
        self.n += 1
        self.top1 += first
        self.top3 += three

    def row(self, name: str) -> dict[str, object]:
        return {"group": name, "n": self.n, "top1_pct": round(100 * self.top1 / self.n, 1), "top3_pct": round(100 * self.top3 / self.n, 1)}


def evaluate(rows: list[Query]) -> dict[str, dict[str, Tally]]:
    """Tallies by ``all``, ``style`` and ``theme``: an on-topic query counts when an expected id is
    first (top-1) or among the first three *strong* hits; an off-topic one when no hit is strong."""
    tallies: dict[str, dict[str, Tally]] = {"all": defaultdict(Tally), "style": defaultdict(Tally), "theme": defaultdict(Tally)}
    for query in rows:
        hits = yibao.find_questions(query.text, limit=3)
        strong = hits[hits["strength"] == "strong"]["id"].tolist()
        if query.expected:
            first, three = bool(strong[:1]) and strong[0] in query.expected, bool(query.expected & set(strong[:3]))
        else:
            first = three = not strong
        for group, key in (("all", "all"), ("style", query.style), ("theme", query.theme)):
            tallies[group][key].add(first, three)
    return tallies


def balance_first(rows: list[Query]) -> tuple[int, int]:
    """How many of the balance phrasings put a balance answer first, out of how many."""
    balance = [q for q in rows if q.style == "balance"]
    return sum(yibao.find_questions(q.text, limit=1)["id"].isin(BALANCE_ANSWERS).any() for q in balance), len(balance)
