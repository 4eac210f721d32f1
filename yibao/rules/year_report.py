"""A year of care as the page shows it: examples, the inputs to show, the bars, the headline and the report."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Unpack

import pandas as pd

from yibao.data import checks
from yibao.data.correction import correction_url
from yibao.data.display import money
from yibao.data.i18n import LANGS, labels, t
from yibao.data.regions import region_labels
from yibao.data.sources import cite
from yibao.data.store import Row, derived, in_force
from yibao.rules.core import CREDIT_STATUSES, NotComputable, credit_rows, fen, region_of
from yibao.rules.reform import compare_year
from yibao.rules.year import (
    KINDS,
    PAYERS,
    RULE_SETS,
    YEAR_RANGE,
    YearGiven,
    YearOfCare,
    check_year,
    inpatient_index,
    params_by_id,
    plain_rows,
    reform_day,
    run_year,
)

_PRESETS: tuple[Row, ...] = (
    {
        "id": "healthy_30",
        "label_zh": "健康的30岁在职职工(示例)",
        "label_en": "Healthy 30-year-old in service (example)",
        "description_zh": "一年看两次门诊、在药店买三次药,没有住院。",
        "description_en": "Two clinic visits and three pharmacy purchases in the year; no hospital stay.",
        "inputs": {"status": "employee", "age": 30, "wage_base": 8000.0},
        "events": [
            ("01-18", "pharmacy", 45.0, "any"),
            ("03-12", "outpatient", 180.0, "community"),
            ("06-20", "pharmacy", 120.0, "any"),
            ("10-09", "outpatient", 320.0, "level1"),
            ("11-25", "pharmacy", 80.0, "any"),
        ],
    },
    {
        "id": "retiree_chronic",
        "label_zh": "患慢性病的退休人员(示例)",
        "label_en": "Retiree with a chronic condition (example)",
        "description_zh": "每月在社区看一次门诊(350元),每月在药店买一次药(200元)。门诊慢特病的专门待遇没有计入。",
        "description_en": (
            "A community clinic visit (350 yuan) and a pharmacy purchase (200 yuan) every month. "
            "Special rules for chronic outpatient conditions are not counted."
        ),
        "inputs": {"status": "retiree", "age": 68, "pension": 4500.0},
        "events": [(f"{m:02d}-10", "outpatient", 350.0, "community") for m in range(1, 13)]
        + [(f"{m:02d}-20", "pharmacy", 200.0, "any") for m in range(1, 13)],
    },
    {
        "id": "one_operation",
        "label_zh": "一次手术(示例)",
        "label_en": "One operation (example)",
        "description_zh": "术前一次门诊,在三级医院住院手术(4万元),术后一次门诊复查和一次药店购药。",
        "description_en": (
            "A clinic visit before, a hospital stay with an operation at a level-3 hospital (40,000 yuan), "
            "then a follow-up visit and a pharmacy purchase."
        ),
        "inputs": {"status": "employee", "age": 45, "wage_base": 10000.0},
        "events": [
            ("04-20", "outpatient", 400.0, "level1"),
            ("05-08", "inpatient", 40000.0, "level3"),
            ("06-03", "outpatient", 300.0, "level1"),
            ("06-05", "pharmacy", 260.0, "any"),
        ],
    },
)


def year_presets(year: int | None = None) -> list[dict]:
    """Example years (bilingual labels): id, label_*, description_*, inputs, events.

    Events carry month-day dates (``"03-12"``); with ``year`` they carry full dates, ready for
    ``simulate_year(city, year=year, events=preset["events"], **preset["inputs"])``.
    """
    if year is not None:
        year = checks.whole("year", year, *YEAR_RANGE)
    return [
        {
            **preset,
            "inputs": dict(preset["inputs"]),
            "events": [[day if year is None else str(dt.date(year, int(day[:2]), int(day[3:]))), *rest] for day, *rest in preset["events"]],
        }
        for preset in _PRESETS
    ]


def year_inputs(city: str | None, *, status: str = "employee", year: int) -> dict[str, bool]:
    """Which of ``wage_base``, ``age`` and ``pension`` the crediting rules of ``year`` use, and
    whether a hospital rule of the year depends on when the person retired (``retirement_year``,
    optional: see :func:`retirement_rules`).

    Rules in force at any time in the year count, and those on either side of the city's reform
    (for :func:`compare_reform`): show those inputs, hide the others.
    """
    region = region_of(city)
    status = checks.choice("status", status, CREDIT_STATUSES)
    return inputs_by_year(region, status)[checks.whole("year", year, *YEAR_RANGE)]


@derived
def inputs_by_year(region: str, status: str) -> Mapping[int, dict[str, bool]]:
    """:func:`year_inputs` for every year of :data:`~yibao.rules.year.YEAR_RANGE` (a region id and a status, unchecked)."""
    reform = reform_day(region)
    sides = () if reform is None else (reform - pd.Timedelta(days=1), reform)
    rows = credit_rows(region, status)
    around = [r for r in rows if any(in_force(r, day) for day in sides)]
    by_year = {}
    for year in range(YEAR_RANGE[0], YEAR_RANGE[1] + 1):
        used = [r for r in rows if _in_force_during(r, year)] + around
        by_year[year] = {
            "wage_base": any(r["basis"] == "wage_base" for r in used),
            "age": any(not (pd.isna(r["age_min"]) and pd.isna(r["age_max"])) for r in used),
            "pension": any(r["basis"] == "pension" for r in used),
            "retirement_year": bool(retirement_rules(region, status)[year]),
        }
    return MappingProxyType(by_year)


@derived
def retirement_rules(region: str, status: str) -> Mapping[int, tuple[str, ...]]:
    """For every year of :data:`~yibao.rules.year.YEAR_RANGE`: the ids of the hospital rules in force some day of
    it that depend on when the person retired and apply when no retirement year is given (the rows for
    later retirees; each description names the other amount and whom it is for)."""
    rows = [
        r
        for (place, _), group in inpatient_index().items()
        if place in (region, "national")
        for r in group
        if r["status"] in (status, "all") and not pd.isna(r["retired_from"]) and pd.isna(r["retired_before"])
    ]
    years = range(YEAR_RANGE[0], YEAR_RANGE[1] + 1)
    return MappingProxyType({year: tuple(r["id"] for r in rows if _in_force_during(r, year)) for year in years})


def _in_force_during(row: Row, year: int) -> bool:
    """Whether ``row`` is in force on some day of ``year``."""
    return row["valid_from"] <= pd.Timestamp(year, 12, 31) and (pd.isna(row["valid_to"]) or row["valid_to"] > pd.Timestamp(year, 1, 1))


def payer_shares(pooled_fund: float, personal_account: float, out_of_pocket: float) -> list[dict[str, Any]]:
    """The segments of a stacked bar: payer, amount (¥), share (% to one decimal, summing to 100), label_zh/_en.

    Shares are rounded by largest remainder, so they add up to exactly 100.0 (all 0 for a bill of 0).
    """
    amounts = [fen(value) for value in (pooled_fund, personal_account, out_of_pocket)]
    total = sum(amounts)
    tenths = [amount * 1000 // total if total else 0 for amount in amounts]
    if total:
        remainders = sorted(range(len(amounts)), key=lambda i: amounts[i] * 1000 % total, reverse=True)
        for i in remainders[: 1000 - sum(tenths)]:
            tenths[i] += 1
    return [
        {"payer": payer, "amount": amount / 100, "share": tenth / 10, **labels("label", payer)}
        for payer, amount, tenth in zip(PAYERS, amounts, tenths, strict=True)
    ]


def bill_labels(kind: str, level: str) -> dict[str, str]:
    """A bill's kind and hospital level in both languages (``kind_*``, ``level_*``; no level for a pharmacy purchase)."""
    level_labels = labels("level", f"level_{level}") if kind != "pharmacy" else {"level_zh": "", "level_en": ""}
    return {**labels("kind", f"care_{kind}"), **level_labels}


def _bill_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """What one bill was, with its kind and hospital level in both languages."""
    return {**{key: row[key] for key in ("event", "date", "kind", "amount")}, **bill_labels(row["kind"], row["hospital_level"])}


def _left_out(row: Mapping[str, Any]) -> dict[str, Any]:
    """A bill not computed as the page lists it: what it was, under which ``rules``, why (``reason_*``) and the ``sources`` of the rule."""
    said = {key: row[key] for key in ("rules", "reason_zh", "reason_en")}
    return {**_bill_record(row), "computed": False, **said, "sources": cite(row["source_ids"])}


#: what joins the kinds of bills a headline names
LIST_JOINER = {"zh": "、", "en": ", "}


def year_headline(year: YearOfCare, lang: str) -> str:
    """The year's totals in one sentence; where bills could not be computed, the sentence itself says which and how much."""
    summary = year.summary
    fields = {
        "year": summary["year"],
        "bill": money(summary["bill"]),
        "fund": money(summary["pooled_fund"]),
        "account": money(summary["personal_account"]),
        "pocket": money(summary["out_of_pocket"]),
    }
    if not year.not_computed:
        return t("year_answer", lang, **fields)
    counts = Counter(row["kind"] for row in year.not_computed)
    named = [t(f"bills_{kind}_{'one' if counts[kind] == 1 else 'many'}", lang, count=counts[kind]) for kind in KINDS if counts[kind]]
    left_amount = sum(row["amount"] for row in year.not_computed)
    return t("year_answer_partial", lang, left_out=LIST_JOINER[lang].join(named), left_amount=money(left_amount), **fields)


def _side(year: YearOfCare) -> dict[str, Any]:
    summary = year.summary
    return {
        "rules": summary["rules"],
        **{f"headline_{lang}": year_headline(year, lang) for lang in LANGS},
        **{key: summary[key] for key in _SIDE_TOTALS},
        "bar": payer_shares(summary["pooled_fund"], summary["personal_account"], summary["out_of_pocket"]),
    }


#: the totals a side of the report gives besides its bar (the full ``summary`` is :attr:`YearOfCare.summary`)
_SIDE_TOTALS = ("bill", "credits_received", "closing_balance")


def year_report(city: str | None, *, rules: str = "actual", **given: Unpack[YearGiven]) -> dict[str, Any]:
    """A year of care as the page shows it, JSON-ready: what the page draws, no more (the full records:
    :func:`~yibao.rules.year.simulate_year`, :func:`~yibao.rules.reform.compare_reform`).

    ``year``: the run under ``rules``: ``rules``, ``headline_*`` (:func:`year_headline`), ``bill``,
    ``credits_received``, ``closing_balance`` and ``bar`` (:func:`payer_shares`). ``events``: every bill in
    date order: what it was (``event``, ``date``, ``kind``, ``amount``, ``kind_*``, ``level_*``), and either its
    split (``computed`` true: pooled_fund, large_amount, personal_account, out_of_pocket, deductible_left,
    cap_left, balance, ``rule`` ids, ``bar``) or why the data cannot compute it (``computed`` false:
    ``rules``, ``reason_*`` and the ``sources`` of the unknown rule); such bills are left out of the totals.
    ``rules``: every rule applied, with readable ``sources``. ``comparison``: None for a city without a
    reform date; else its ``reform_date`` and the same bills ``before`` and ``after`` the reform (each like
    ``year``), ``net_gain``, ``explanation_*`` and ``not_computed`` (bills left out of both sides, listed
    like ``events``), or — when a whole side cannot be computed (e.g. its crediting rule is unknown) —
    only ``error_*``. ``NotComputable`` is raised only when the year under ``rules`` cannot be computed
    at all. The year as given: :class:`~yibao.rules.year.YearGiven`.
    """
    case = check_year(city, **given)
    run = run_year(case, checks.choice("rules", rules, RULE_SETS), skip=True)
    region = run.summary["city"]
    bills = [
        {**_bill_record(row), "computed": True, **{key: row[key] for key in _SPLIT_KEYS}, "bar": payer_shares(*(row[p] for p in PAYERS))}
        for row in plain_rows(run.events)
    ]
    bills += [_left_out(row) for row in run.not_computed]
    bills.sort(key=lambda bill: (bill["date"], bill["event"]))
    comparison: dict[str, Any] | None = None
    if run.summary["reform_date"] is not None:
        comparison = {"reform_date": run.summary["reform_date"]}
        try:
            compared = compare_year(case, skip=True)
        except NotComputable as exc:
            comparison |= {"error_zh": exc.localized("zh"), "error_en": exc.localized("en")}
        else:
            comparison |= {
                "before": _side(compared.before),
                "after": _side(compared.after),
                "net_gain": compared.net_gain,
                "explanation_zh": compared.explanation_zh,
                "explanation_en": compared.explanation_en,
                "not_computed": [_left_out(row) for row in compared.not_computed],
            }
    return {
        **region_labels(region),
        "year": _side(run),
        "events": bills,
        "rules": {
            rule_id: {**rule, "sources": cite(rule["source_ids"]), "report_url": _report_url(rule_id)}
            for rule_id, rule in run.rules.items()
        },
        "comparison": comparison,
    }


#: what a computed bill's report carries of its row in ``YearOfCare.events``: its split and the rules applied
_SPLIT_KEYS = ("pooled_fund", "large_amount", "personal_account", "out_of_pocket", "deductible_left", "cap_left", "balance", "rule")


def _report_url(rule_id: str) -> str:
    """The "report an error" form for a rule row (``region_params`` or ``inpatient_rules``)."""
    return correction_url(rule_id, "region_params" if rule_id in params_by_id() else "inpatient_rules")


#: the UI strings the year's messages are built from (exported by :func:`year_rules`)
