"""The question finder's evaluation set: realistic queries in every style and theme, scored top-1 / top-3.

``benchmarks/data/finder_queries.csv`` (``text, expected, style, theme``) was written before the
finder was tuned on it. ``expected`` lists the ids that answer the query (any of them counts);
empty means the query is off-topic and must get no strong hit. A fixed third of the rows, chosen by
a hash of the text, is held out: tuning looked only at the rest, and the targets are read on the
held-out part. This set is separate from the tests that check each question finds its own text.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import shutil
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yibao
from yibao.data.store import data_dir
from yibao.widgets.bundle import SOURCES

QUERIES = Path(__file__).resolve().parent / "data" / "finder_queries.csv"
NODE = shutil.which("node")
#: node runs js/finder_search.js as the page does: each (text, topic, limit) ranked and timed alone
RUNNER = """
const index = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const finder = finderCompile(index);
const results = [];
const ms = [];
for (const [text, topic, limit] of queries) {
  const started = process.hrtime.bigint();
  results.push(finderSearch(finder, text, { topic, limit }));
  ms.push(Number(process.hrtime.bigint() - started) / 1e6);
}
process.stdout.write(JSON.stringify({ results, ms }));
"""
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
        return {"name": name, "n": self.n, "top1_pct": round(100 * self.top1 / self.n, 1), "top3_pct": round(100 * self.top3 / self.n, 1)}


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


@functools.cache
def _index_json(folder: Path) -> str:
    """The exported index as JSON, once per data folder (exporting takes a few hundred ms)."""
    return json.dumps(yibao.question_index(), ensure_ascii=False)


def node_search(queries: list[tuple[str, str | None, int]]) -> tuple[list[dict[str, Any]], list[float]]:
    """``finderSearch`` (the page's ranking) in node on :func:`yibao.question_index`, for each
    ``(text, topic, limit)``: the results and the milliseconds each query took."""
    if NODE is None:
        raise RuntimeError("node is not installed")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "index.json").write_text(_index_json(data_dir()), encoding="utf-8")
        (work / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
        imports = f'import fs from "node:fs";\nimport {{ finderCompile, finderSearch }} from "{(SOURCES / "finder_search.js").as_uri()}";\n'
        (work / "runner.mjs").write_text(imports + RUNNER, encoding="utf-8")
        command = [NODE, str(work / "runner.mjs"), str(work / "index.json"), str(work / "queries.json")]
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", check=True, timeout=300)
    answer = json.loads(done.stdout)
    return answer["results"], [float(ms) for ms in answer["ms"]]
