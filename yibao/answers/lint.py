"""Per-row checks of what the answers say: run by ``python -m yibao.validate --report`` and ``make test``.

Each check reads every row and lists the rows that fail it, so one run reports them all (the
tests check the checks, not the rows one by one).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from yibao.answers.questions import found_ids
from yibao.data.i18n import LANGS
from yibao.data.store import derived, records

#: an answer is read on a phone: one to three sentences
SENTENCES = (1, 3)
#: a question's own text finds it among this many hits
OWN_TEXT_RANK = 3


def sentences(text: str, lang: str) -> int:
    """How many sentences ``text`` has (a last one without its full stop counts too; "e.g." ends none)."""
    text = re.sub(r"\b(e\.g|i\.e|Art|etc|No)\.", r"\1", text)
    ends = re.findall(r"[。!?！？]" if lang == "zh" else r"[.!?](?=\s|$)", text)
    return len(ends) + (0 if re.search(r"[。!?！？.]$", text.strip()) else 1)


def long_answers() -> list[str]:
    """Questions whose answer, in either language, is not one to three sentences."""
    low, high = SENTENCES
    return [
        f"{row['id']} ({lang}): {count} sentences"
        for row in records("questions")
        for lang in LANGS
        if not low <= (count := sentences(row[f"answer_{lang}"], lang)) <= high
    ]


def questions_not_found_by_their_text() -> list[str]:
    """Questions the finder does not rank in its first hits for their own text (any language, and theirs alone)."""
    return list(_not_found_by_their_text())


@derived
def _not_found_by_their_text() -> tuple[str, ...]:
    """:func:`questions_not_found_by_their_text`, asked once for the data in use (1 200 searches)."""
    problems = []
    for row in records("questions"):
        for lang in LANGS:
            text = row[f"question_{lang}"]
            for options in ({}, {"lang": lang}):
                found = found_ids(text, limit=OWN_TEXT_RANK, **options)
                if row["id"] not in found:
                    problems.append(f"{row['id']} ({lang}{', ' + lang + ' only' if options else ''}): found {found}")
    return tuple(problems)


#: name → check; each returns one line per failing row
CHECKS: dict[str, Callable[[], list[str]]] = {
    "answers are one to three sentences": long_answers,
    "each question is found by its own text": questions_not_found_by_their_text,
}


def lint() -> dict[str, list[str]]:
    """Every check's failing rows (empty lists when the data is clean)."""
    return {name: check() for name, check in CHECKS.items()}


def rows_checked() -> int:
    """How many rows the checks read (for the report's headline)."""
    return len(records("questions"))
