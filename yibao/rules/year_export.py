"""What a page needs to run a year of care itself: the rule rows, the compiled crediting periods, the texts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from yibao.data.correction import correction_url, row_key
from yibao.data.i18n import LANGS, STRINGS, t
from yibao.data.regions import benefit_year_start, reform_date, region_labels
from yibao.data.sources import cite
from yibao.data.store import derived_json, records
from yibao.data.tables import CONFIDENCE, HOSPITAL_LEVELS
from yibao.rules.compiled import credit_periods
from yibao.rules.core import AGE_RANGE, CREDIT_STATUSES, MAX_WAGE, Person, credit_rows, region_of
from yibao.rules.credit import MAX_BALANCE
from yibao.rules.year import (
    FIRST_RETIREMENT_YEAR,
    KINDS,
    MAX_BILL,
    MAX_EVENTS,
    PARAMS_USED,
    PAYERS,
    YEAR_CHECKS,
    YEAR_RANGE,
    bill_terms,
    check_said,
    inpatient_index,
    params_by_id,
    rule_record,
)
from yibao.rules.year_report import LIST_JOINER, bill_labels, inputs_by_year, retirement_rules

#: the kinds of bill the page's form offers, the most frequent first
FORM_KINDS = ("outpatient", "pharmacy", "inpatient")
_TEXT_PREFIXES = ("why_", "what_", "year_bad_", "year_answer", "bills_", "reform_", "rules_", "care_", "level_")


@derived_json
def year_rules(city: str | None) -> dict[str, Any]:
    """Every rule row :func:`simulate_year` may use for ``city``, JSON-ready, so a page can run the same year.

    ``rows``: id → the rule as a year lists it (:func:`~yibao.rules.year.rule_record`, with its ``report_url``);
    ``citations``: source id → its readable citation (:func:`yibao.sources.cite`). ``credit_periods``: status →
    the crediting terms compiled into periods (:func:`yibao.rules.compiled.credit_periods`; the page only multiplies);
    ``bills``: how each kind of bill splits, compiled into periods (:func:`~yibao.rules.year.bill_terms`);
    ``inputs``: status → year → which inputs the rules use (:func:`year_inputs`);
    ``rule_days``: rule set → [first, last] day whose rules it applies (None: open; ``actual``, and every rule set
    of a city without a reform: each date its own); ``retirement_rules``: status → year → the ids of the rules that
    depend on when the person retired and apply when no retirement year is given
    (:func:`~yibao.rules.year_report.retirement_rules`; only years that have some).
    ``checks``: name → the range an input must be in (:data:`~yibao.rules.year.YEAR_CHECKS`, in the order
    they are made: ``low``, ``high`` (absent: the year asked about), ``whole``, ``said``: the fields of its message).
    Also the ``reform_date``, ``benefit_year_start``, the city's names (``region``: as a report gives them) and the
    statuses' names, the limits
    the inputs are checked against, and ``text``: every message template a year can show
    (``{key: {"zh", "en"}}``; slots such as ``{amount}`` that the page fills with text), ``list_joiner``;
    ``form_kinds``: the kinds of bill the form offers, ``levels``: the hospital levels it offers;
    ``bill_labels``: ``"kind|level"`` → its ``kind_*`` and ``level_*``.
    """
    region = region_of(city)
    credit = {status: list(credit_rows(region, status)) for status in CREDIT_STATUSES}
    params = [r for r in records("region_params") if r["region"] == region and r["parameter"] in PARAMS_USED and not r["tier"]]
    inpatient = {
        place: [r for (where, _), group in inpatient_index().items() if where == place for r in group] for place in (region, "national")
    }
    chosen = [*(r for rows in credit.values() for r in rows), *params, *(r for rows in inpatient.values() for r in rows)]
    tables = {row["id"]: ("region_params" if row["id"] in params_by_id() else "inpatient_rules") for row in chosen}
    rows = {
        rule_id: {
            **rule_record(row),
            "report_url": correction_url(row_key(tables[rule_id], row), tables[rule_id]),
        }
        for rule_id, row in {row["id"]: row for row in chosen}.items()
    }
    source_ids = list(dict.fromkeys(s for row in rows.values() for s in row["source_ids"]))

    reform = reform_date(region)
    first, last = dt.date(YEAR_RANGE[0], 1, 1), dt.date(YEAR_RANGE[1], 12, 31)
    # a year under the rules before or after the reform asks for the reform's eve or day
    rule_first, rule_last = (first, last) if reform is None else (reform - dt.timedelta(days=1), reform)
    return {
        "city": region,
        "region": region_labels(region),
        "reform_date": None if reform is None else reform.isoformat(),
        "rule_days": {} if reform is None else {"before_reform": [None, str(rule_first)], "after_reform": [str(rule_last), None]},
        "benefit_year_start": benefit_year_start(region),
        "statuses": {status: {lang: t(status, lang) for lang in LANGS} for status in CREDIT_STATUSES},
        "rows": rows,
        "citations": dict(zip(source_ids, cite(source_ids), strict=True)),
        "credit_periods": {status: credit_periods(Person(region, status), first, last) for status in CREDIT_STATUSES},
        "bills": bill_terms(region, pd.Timestamp(min(first, rule_first)), pd.Timestamp(max(last, rule_last))),
        "inputs": {
            status: {str(year): dict(shown) for year, shown in inputs_by_year(region, status).items()} for status in CREDIT_STATUSES
        },
        "retirement_rules": {
            status: {str(year): list(ids) for year, ids in retirement_rules(region, status).items() if ids} for status in CREDIT_STATUSES
        },
        "limits": {
            "max_bill": MAX_BILL,
            "max_wage": MAX_WAGE,
            "max_balance": MAX_BALANCE,
            "max_events": MAX_EVENTS,
            "age": list(AGE_RANGE),
            "first_retirement_year": FIRST_RETIREMENT_YEAR,
            "years": list(YEAR_RANGE),
        },
        "checks": {
            name: {"whole": whole, "said": check_said(name), **{key: end for key, end in (("low", low), ("high", high)) if end is not None}}
            for name, (low, high, whole) in YEAR_CHECKS.items()
        },
        "kinds": list(KINDS),
        "form_kinds": list(FORM_KINDS),
        "levels": [level for level in HOSPITAL_LEVELS if level != "any"],
        "bill_labels": {f"{kind}|{level}": bill_labels(kind, level) for kind in KINDS for level in HOSPITAL_LEVELS},
        "list_joiner": LIST_JOINER,
        "payers": list(PAYERS),
        "confidence": list(CONFIDENCE),
        "text": {key: {lang: t(key, lang) for lang in LANGS} for key in STRINGS if key.startswith(_TEXT_PREFIXES) or key in PAYERS},
    }
