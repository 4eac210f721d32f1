"""The rules compiled for a page: periods in which nothing changes, so the page only does arithmetic.

For one region, status and tier, :func:`credit_periods` cuts time (and age) wherever a crediting
rule, a contribution-base limit, a scheme answer or a minimum-years rule starts or ends, and
resolves each piece once with :func:`yibao.rules.core.credit_terms`. Each period carries what the
arithmetic needs (each part's payer, basis and value, the base floor and ceiling) or, where it
cannot be computed, the reason in both languages. The page finds the period for a date and an
age and multiplies; it decides nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

import pandas as pd

from yibao.data.i18n import LANGS
from yibao.data.store import Row, in_force, records
from yibao.rules.core import (
    AGE_RANGE,
    LIMITS,
    CreditTerms,
    NotComputable,
    Person,
    banded,
    credit_rows,
    credit_terms,
    known_limits,
    part_problem,
    rules,
)

#: where a message names the day asked about, the page puts that day (ISO) in place of this
ON = "{on}"


class Messages:
    """The messages of one compiled status, each once: periods refer to them by position."""

    def __init__(self) -> None:
        self.texts: list[dict[str, str]] = []
        self.index: dict[tuple[str, str], int] = {}

    def add(self, problem: NotComputable | ValueError | None) -> int | None:
        """The position of the message in both languages; a day it names is left as :data:`ON` (it differs within a period).

        A ``ValueError`` (a tier not offered on the day) says the same in both languages.
        """
        if problem is None:
            return None
        if isinstance(problem, NotComputable):
            problem = problem.on_day(ON)
            text = {lang: problem.localized(lang) for lang in LANGS}
        else:
            text = dict.fromkeys(LANGS, str(problem))
        return self.text(text)

    def text(self, text: dict[str, str]) -> int:
        """The position of a text in both languages (``{"zh", "en"}``)."""
        key = (text["zh"], text["en"])
        if key not in self.index:
            self.index[key] = len(self.texts)
            self.texts.append(text)
        return self.index[key]


def _needs(row: Row) -> NotComputable | None:
    """Why the part cannot be computed when the input it is a share of is missing."""
    reason = {"wage_base": "needs_wage_base", "pension": "needs_pension"}.get(row["basis"])
    return None if reason is None else NotComputable(reason, row)


def _part(row: Row, messages: Messages) -> dict[str, Any]:
    problem = part_problem(row)
    return {
        "id": row["id"],
        "payer": row["payer"] or "employee",
        "basis": row["basis"] if row["basis"] in ("wage_base", "pension") else "fixed",
        "value": None if problem is not None else float(row["value"]),
        "yearly": row["frequency"] == "yearly",
        "error": messages.add(problem),
        "needs": messages.add(_needs(row)),
    }


def _period(terms: CreditTerms, band_rows: list[Row], messages: Messages) -> dict[str, Any]:
    """What a period holds: the outcome, the parts, the base limits (¥ or None), or why it cannot be computed.

    ``needs_age``: what to say when no age is given and a rule with an age band is in force.
    Messages are positions in the compiled status's ``messages``.
    """
    limits = known_limits(terms.limits)
    needs_age = NotComputable("needs_age", band_rows[0]) if band_rows and terms.outcome == "credited" else None
    return {
        "outcome": terms.outcome,
        "error": messages.add(terms.problem),
        "needs_age": messages.add(needs_age),
        "parts": [_part(row, messages) for row in terms.rows],
        **{limit: limits.get(limit) for limit in LIMITS},
    }


def cut_days(rows: Iterable[Row], first: pd.Timestamp, last: pd.Timestamp) -> list[pd.Timestamp]:
    """``first`` and the days up to ``last`` on which one of ``rows`` starts or ends."""
    rows = list(rows)
    days = {first} | {row["valid_from"] for row in rows} | {row["valid_to"] for row in rows if not pd.isna(row["valid_to"])}
    return sorted(day for day in days if first <= day <= last)


def _cuts(person: Person, first: pd.Timestamp, last: pd.Timestamp) -> list[pd.Timestamp]:
    """The days from ``first`` to ``last`` on which a rule the credit depends on starts or ends."""
    region, status = person.region, person.status
    rows = [
        *credit_rows(region, status),
        *(row for limit in LIMITS for row in rules(region, f"base_{limit}", status)),
        *(row for where in (region, "national") for row in rules(where, "min_contribution_years", "retiree")),
        *(row for row in records("schemes") if row["scheme"] == status and row["region"] in (region, "national")),
    ]
    return cut_days(rows, first, last)


def age_bands(rows: Iterable[Row]) -> list[tuple[int, int]]:
    """Age bands (lowest, highest) in which the same of ``rows`` apply (one band where none has an age band)."""
    edges = {AGE_RANGE[0], AGE_RANGE[1] + 1}
    for row in rows:
        if banded(row):
            edges.update(int(edge) + shift for edge, shift in ((row["age_min"], 0), (row["age_max"], 1)) if not pd.isna(edge))
    ordered = sorted(edge for edge in edges if AGE_RANGE[0] <= edge <= AGE_RANGE[1] + 1)
    return [(low, high - 1) for low, high in zip(ordered, ordered[1:], strict=False)]


def in_periods(
    days: list[pd.Timestamp], bands: list[tuple[int, int]], held: Callable[[pd.Timestamp, int], dict[str, Any]]
) -> list[dict[str, Any]]:
    """For each age band and each piece from one of ``days`` to the next: ``from``, ``to`` (exclusive, None: open),
    ``age_min``, ``age_max`` and what ``held(day, lowest age)`` gives; neighbouring pieces that hold the same are merged."""
    out: list[dict[str, Any]] = []
    for low, high in bands:
        previous: dict[str, Any] | None = None
        for day, following in zip(days, [*days[1:], None], strict=True):
            holds = held(day, low)
            until = None if following is None else str(following.date())
            if previous is not None and all(previous[key] == value for key, value in holds.items()):
                previous["to"] = until
                continue
            previous = {"from": str(day.date()), "to": until, "age_min": low, "age_max": high, **holds}
            out.append(previous)
    return out


#: what a page adds to a period: more of what the terms say (texts, sources; None: they cannot be resolved), given the
#: person at the band's lowest age
Extra = Callable[[CreditTerms | None, Person, pd.Timestamp, "Messages"], dict[str, Any]]


def _held(person: Person, day: pd.Timestamp, messages: Messages, extra: Extra | None) -> dict[str, Any]:
    """What a period holds for ``person`` (at the band's lowest age) from ``day``; where the terms cannot
    be resolved (a tier not offered then, minimum years not recorded), the reason as its error."""
    try:
        terms = credit_terms(person, day)
    except (NotComputable, ValueError) as exc:
        failed: dict[str, Any] = {"outcome": None, "error": messages.add(exc), "needs_age": None, "parts": [], **dict.fromkeys(LIMITS)}
        return {**failed, **(extra(None, person, day, messages) if extra else {})}
    banding = [row for row in credit_rows(person.region, person.status) if banded(row) and in_force(row, day)]
    return {**_period(terms, banding, messages), **(extra(terms, person, day, messages) if extra else {})}


def credit_periods(
    person: Person, first: dt.date, last: dt.date, extra: Extra | None = None, messages: Messages | None = None
) -> dict[str, Any]:
    """The crediting terms of ``person``'s region, status, tier and minimum years from ``first`` to ``last``.

    ``periods``: one entry per period and age band: ``from`` (ISO date), ``to`` (exclusive, None:
    open), ``age_min``, ``age_max`` and what :func:`_period` holds, with what ``extra`` adds
    (neighbouring periods that hold the same are merged); ``messages``: the reasons they refer to,
    ``{"zh", "en"}`` each (``messages``: shared with other compiled statuses).
    """
    messages = Messages() if messages is None else messages

    def held(day: pd.Timestamp, low: int) -> dict[str, Any]:
        return _held(replace(person, wage_base=None, pension=None, age=low), day, messages, extra)

    days = _cuts(person, pd.Timestamp(first), pd.Timestamp(last))
    return {"periods": in_periods(days, age_bands(credit_rows(person.region, person.status)), held), "messages": messages.texts}
