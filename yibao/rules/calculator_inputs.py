"""How sure the calculators' inputs are, city by city: the rules the engine itself picks on a day.

:func:`city_inputs` is the data-health report's table (``python -m yibao.validate --report``). It
asks the engine for each input, as the calculator and the year of care would for a worker of 40
and a retiree of 70 at a tertiary (level 3) hospital, so the table can never choose a rule the
pages do not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd

from yibao.data.display import lowest_confidence
from yibao.data.health import offered_cities
from yibao.data.store import Row, unknown
from yibao.rules.core import NotComputable, Person, credit_terms, day, limit_rows, part_problem, rule_in_force
from yibao.rules.year import bill_rule

#: the person each input is asked for
WORKER, RETIREE = ("employee", 40), ("retiree", 70)
#: why an input has no rule at all (any other reason: a rule whose value is not usable)
NO_RULE = ("missing", "no_rule")

Resolve = Callable[[str, pd.Timestamp], tuple[Row, ...]]


def _limits(region: str, on: pd.Timestamp) -> tuple[Row, ...]:
    return tuple(limit_rows(region, on, WORKER[0]))


def _credit(status: str, age: int) -> Resolve:
    def resolve(region: str, on: pd.Timestamp) -> tuple[Row, ...]:
        terms = credit_terms(Person(region, status, age=age), on)
        if terms.problem is not None:
            raise terms.problem.with_traceback(None)  # kept with the cached terms
        for row in terms.rows:
            problem = part_problem(row)
            if problem is not None:
                raise problem
        return terms.rows

    return resolve


def _rule(parameter: str) -> Resolve:
    status, age = WORKER
    return lambda region, on: (rule_in_force(region, parameter, status, on, age),)


def _bill(parameter: str, person: tuple[str, int] = WORKER) -> Resolve:
    status, age = person
    return lambda region, on: (bill_rule(region, status, age, parameter, on, "level3", "first"),)


#: what the calculators need of a city: (label, how the engine resolves it)
INPUTS: tuple[tuple[str, Resolve], ...] = (
    ("base limits", _limits),
    ("credit, in service", _credit(*WORKER)),
    ("credit, retired (70)", _credit(*RETIREE)),
    ("outpatient deductible", _rule("outpatient_deductible")),
    ("outpatient rate", _rule("outpatient_rate")),
    ("outpatient cap", _rule("outpatient_cap")),
    ("yearly maximum", _rule("pooled_annual_cap")),
    ("inpatient deductible", _bill("inpatient_deductible")),
    ("inpatient rate", _bill("inpatient_rate")),
    ("inpatient rate, retired", _bill("inpatient_rate", RETIREE)),
    ("above the maximum", _bill("large_amount_rate")),
)


def input_confidence(resolve: Resolve, region: str, on: pd.Timestamp) -> str:
    """The weakest confidence of the rows an input uses; ``unknown`` where one has no usable value
    (or depends on a city average the data does not hold), ``none`` where no rule is in force; a
    city using the national rule is marked ``(national)``."""
    try:
        rows = resolve(region, on)
    except NotComputable as exc:
        return "none" if exc.reason in NO_RULE else "unknown"
    if not rows:
        return "none"
    if any(unknown(row) for row in rows):
        return "unknown"
    national = all(row["region"] == "national" for row in rows)
    return lowest_confidence(row["confidence"] for row in rows) + (" (national)" if national else "")


def city_inputs(on: dt.date | str | None = None) -> list[dict[str, str]]:
    """Per offered city: the confidence of each calculator input on ``on`` (today by default)."""
    when = day("on", on)
    return [{"city": city, **{label: input_confidence(resolve, city, when) for label, resolve in INPUTS}} for city in offered_cities()]
