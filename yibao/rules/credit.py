"""Personal-account crediting and balance projection from the dated rules in ``region_params``.

Both ask :mod:`yibao.rules.core` for a month's credit (:func:`~yibao.rules.core.credit_for`):
this module adds the texts, the sources and the month-by-month projection.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from yibao.data import checks
from yibao.data.correction import correction_url
from yibao.data.display import Card, Readable, ReadableFrame, language, lowest_confidence, money, text_language
from yibao.data.i18n import LANGS, check_lang, t
from yibao.data.regions import benefit_year_start, reform_date, region_labels, region_name
from yibao.data.sources import cite
from yibao.data.store import Row, in_force, plain, plain_value, records
from yibao.data.tables import CONFIDENCE
from yibao.rules.compiled import credit_periods
from yibao.rules.core import (
    AGE_RANGE,
    CREDIT_STATUSES,
    LIMITS,
    MAX_WAGE,
    CreditPart,
    NotComputable,
    Person,
    credit_for,
    credit_rows,
    day,
    fen,
    outpatient_rules,
    pool_share,
    region_of,
    regions_with,
    year_start_month,
)
from yibao.rules.schemes import AccountAnswer, has_personal_account

MAX_BALANCE = 100_000_000.0
MAX_MONTHS = 600


@dataclass(frozen=True)
class BaseLimit:
    """The floor or ceiling of the monthly contribution base in force on a date, with its source.

    ``value`` is None where the limit for that date is not known (the description says so).
    """

    limit: str  # "floor" or "ceiling"
    value: float | None
    description: str
    valid_from: dt.date
    valid_to: dt.date | None
    source_ids: tuple[str, ...]
    confidence: str
    row_id: str

    def to_record(self) -> dict[str, Any]:
        """The limit as a JSON-ready dict, with readable ``sources``."""
        record = {key: plain_value(value) for key, value in asdict(self).items()}
        record["valid_from"] = self.valid_from.isoformat()
        record["valid_to"] = None if self.valid_to is None else self.valid_to.isoformat()
        return {**record, "sources": cite(self.source_ids)}


@dataclass(frozen=True, repr=False)
class Credit(Readable):
    """What goes into the personal account each month, with the rule and its sources.

    ``outcome`` is ``"credited"``, ``"no_account"`` (the tier has no personal account: amount 0)
    or ``"keep_paying"`` (a retiree short of the minimum contribution years: no retiree credit
    yet). ``wage_base`` is the wage given, ``wage_base_used`` the contribution base the rules
    used (clamped to ``base_limits``; None when no rule uses a base), ``base_clamped``
    ``"floor"``, ``"ceiling"`` or None. ``amount`` is per month (a yearly part counts as 1/12);
    ``paid_this_month`` is what is paid into the account in the month of ``on`` (a yearly part,
    ``CreditPart.yearly_amount``, only in ``yearly_month``, the month the benefit year starts).
    """

    amount: float
    employee_part: float
    employer_part: float
    pooled_fund_part: float
    rule: str
    source_ids: tuple[str, ...]
    confidence: str
    valid_from: dt.date
    city: str
    status: str
    on: dt.date
    parts: tuple[CreditPart, ...]
    reform_date: dt.date | None
    after_reform: bool | None  #: None where the city's reform date is not recorded
    outcome: str
    tier: str | None
    contribution_years_met: bool | None
    wage_base: float
    wage_base_used: float | None
    base_clamped: str | None
    base_limits: tuple[BaseLimit, ...]
    paid_this_month: float
    yearly_month: int | None

    def to_record(self) -> dict[str, Any]:
        """The credit as a JSON-ready dict, with readable ``sources`` (each part and limit with its own)."""
        nested = ("parts", "base_limits")
        record = {key: plain_value(value) for key, value in asdict(self).items() if key not in nested}
        for key in ("valid_from", "on", "reform_date"):
            record[key] = None if getattr(self, key) is None else getattr(self, key).isoformat()
        record["parts"] = [{**plain(asdict(part)), "sources": cite(part.source_ids)} for part in self.parts]
        record["base_limits"] = [limit.to_record() for limit in self.base_limits]
        return {**record, "sources": cite(self.source_ids)}

    def card(self, lang: str | None = None) -> Card:
        """The amount first, then where, when and on what base, the rule and its sources (in the language asked for)."""
        lang = text_language(self.rule) if lang is None else lang
        answers = {"no_account": t("card_no_account", lang), "keep_paying": t("headline_keep_paying", lang)}
        details = [(t("region", lang), region_name(self.city, lang)), (t("valid_from", lang), self.valid_from.isoformat())]
        if self.wage_base_used is not None:
            details.append((t("card_wage_used", lang), f"¥{money(self.wage_base_used)}"))
        answer = answers.get(self.outcome, t("card_per_month", lang, amount=money(self.amount)))
        return Card(t("card_credit", lang), answer, lang, (self.rule,), self.source_ids, self.confidence, tuple(details))


def credit_cities() -> list[str]:
    """Cities with personal-account crediting rules of their own (besides the national rule)."""
    return [r for r in regions_with("account_credit") if r != "national"]


def _years_met(value: object, status: str) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise ValueError(f"contribution_years_met must be True, False or None, got {value!r}")
    if status != "retiree":
        raise ValueError(f"contribution_years_met is asked of retirees only; valid for status {status!r}: None")
    return value


def credit_tiers(status: str = "employee", *, city: str | None = None, on: dt.date | str | None = None) -> list[dict[str, str]]:
    """The city's tiers for ``status`` on ``on`` where they differ: ``[{"id", "label_zh", "label_en", "answer"}]``.

    ``answer`` is ``"yes"`` or ``"no"`` (personal account or not); empty where the tiers do not differ.
    """
    status = checks.choice("status", status, CREDIT_STATUSES)
    return list(has_personal_account(status, city=region_of(city), on=day("on", on).date()).to_record()["tiers"])


def credit_inputs(
    status: str = "employee",
    *,
    city: str | None = None,
    on: dt.date | str | None = None,
    tier: str | None = None,
    contribution_years_met: bool | None = None,
) -> dict[str, bool]:
    """Which inputs the answer needs (hide the others): ``{"age", "pension", "contribution_years"}``.

    Age and pension where the crediting rules in force use them (not for a tier without an
    account, nor for a retiree short of the minimum years); the minimum-years question for
    retirees. The tiers to offer are :func:`credit_tiers`.
    """
    status = checks.choice("status", status, CREDIT_STATUSES)
    region, when = region_of(city), day("on", on)
    account = has_personal_account(status, city=region, tier=tier, on=when.date())
    credited = account.answer != "no" and _years_met(contribution_years_met, status) is not False
    rules = [r for r in credit_rows(region, status) if in_force(r, when)] if credited else []
    return {
        "age": any(not (pd.isna(r["age_min"]) and pd.isna(r["age_max"])) for r in rules),
        "pension": any(r["basis"] == "pension" for r in rules),
        "contribution_years": status == "retiree",
    }


def _sentences(texts: Iterable[str], lang: str) -> str:
    """Texts joined as sentences in ``lang``, each ending with a full stop."""
    stop = "。" if lang == "zh" else "."
    ended = [text if text.endswith(("。", ".", "！", "？", "!", "?")) else text + stop for text in texts if text]
    return ("" if lang == "zh" else " ").join(ended)


def _yuan(amount: float) -> str:
    return f"{amount:,.2f}".removesuffix(".00")


def _base_limits(rows: list[Row], lang: str) -> tuple[BaseLimit, ...]:
    return tuple(
        BaseLimit(
            limit=row["parameter"].removeprefix("base_"),
            value=None if pd.isna(row["value"]) else float(row["value"]),
            description=row[f"description_{lang}"],
            valid_from=row["valid_from"].date(),
            valid_to=None if pd.isna(row["valid_to"]) else row["valid_to"].date(),
            source_ids=tuple(row["source_ids"]),
            confidence=row["confidence"],
            row_id=row["id"],
        )
        for row in rows
    )


def _base_sentence(region: str, on: pd.Timestamp, wage: float, limits: tuple[BaseLimit, ...], clamped: str | None, lang: str) -> str:
    """How the contribution base was chosen: clamped to a limit, within them, or with the limits unknown."""
    known = {limit.limit: limit.value for limit in limits if limit.value is not None}
    name = region_name(region, lang)
    if clamped is not None:
        return t(f"base_{clamped}_used", lang, wage=_yuan(wage), region=name, limit=_yuan(known[clamped]))
    if len(known) == len(LIMITS):
        return t("base_within", lang, wage=_yuan(wage), region=name, floor=_yuan(known["floor"]), ceiling=_yuan(known["ceiling"]))
    if region == "national":
        return t("base_national", lang, wage=_yuan(wage))
    return t("base_unknown", lang, wage=_yuan(wage), region=name, on=on.date())


def _tiers_sentence(account: AccountAnswer, lang: str) -> str:
    tiers = account.to_record()["tiers"]
    if not tiers:
        return ""
    named = [t("tier_answer", lang, tier=tier[f"label_{lang}"], answer=t(f"tier_account_{tier['answer']}", lang)) for tier in tiers]
    return t("tiers_differ", lang, region=region_name(account.region, lang), tiers=("、" if lang == "zh" else "; ").join(named))


def monthly_personal_credit(
    wage_base: float,
    *,
    status: str = "employee",
    city: str | None = None,
    on: dt.date | str | None = None,
    pension: float | None = None,
    age: int | None = None,
    tier: str | None = None,
    contribution_years_met: bool | None = None,
    lang: str = "zh",
) -> Credit:
    """How much goes into the personal account each month under the rule in force ``on``.

    ``wage_base``: the monthly wage before tax; the rules use it clamped to the city's
    contribution-base floor and ceiling for the date (``wage_base_used``, ``base_limits``; no
    clamp where the limits are not known, and ``rule`` says so). ``status``: ``employee``,
    ``retiree`` or ``flexible`` (a flexible worker in employee insurance). ``city``: an id or a
    name as people write it ("Beijing", "北京", "北京市"); ``None`` uses the national rule. ``on``:
    a date or a month ``"2025-08"`` (its 1st). ``tier``: one of :func:`~yibao.scheme_tiers` where the
    city's tiers differ (a tier without a personal account gives ``outcome="no_account"``,
    amount 0); without it the tier with an account is used and ``rule`` says the tiers differ.
    ``contribution_years_met`` (retirees only): ``False`` gives ``outcome="keep_paying"`` with the
    local minimum years where known; ``None`` assumes they were met and says so. Before a city's
    reform date its old rule applies. Raises ``ValueError`` (listing valid choices) for bad input,
    and :class:`NotComputable` when the rule needs ``age`` or ``pension`` or its amount is unknown.
    """
    check_lang(lang)
    wage_base = checks.number("wage_base", wage_base, 0, MAX_WAGE)
    status = checks.choice("status", status, CREDIT_STATUSES)
    region = region_of(city)
    on = day("on", on)
    pension = None if pension is None else checks.number("pension", pension, 0, MAX_WAGE)
    age = None if age is None else checks.whole("age", age, *AGE_RANGE)
    years_met = _years_met(contribution_years_met, status)
    person = Person(region, status, wage_base, pension, age, tier, years_met)
    month = credit_for(person, on, lang)
    terms, parts, base, clamped = month.terms, month.parts, month.base, month.clamped
    account = terms.account
    limits = _base_limits(list(terms.limits), lang)
    if terms.outcome == "no_account":
        texts, sources = [account.reason, account.instead], account.source_ids
        confidence, valid_from = account.confidence, account.valid_from
    elif terms.outcome == "keep_paying":
        assert terms.min_years is not None
        row, own = terms.min_years
        sources, confidence, valid_from = tuple(row["source_ids"]), row["confidence"], row["valid_from"].date()
        unknown_here = "" if own or region == "national" else t("years_unknown_here", lang, region=region_name(region, lang))
        texts = [t("years_not_met", lang), row[f"description_{lang}"], unknown_here]
    else:
        known = [limit for limit in limits if limit.value is not None]
        rules = [p.description for p in parts]
        rules += [t("yearly_credit", lang, date=benefit_year_start(region), amount=p.yearly_amount) for p in parts if p.yearly]
        texts = [
            (";" if lang == "zh" else "; ").join(rules),
            _base_sentence(region, on, wage_base, limits, clamped, lang) if terms.uses_base else "",
            _tiers_sentence(account, lang) if tier is None else "",
            t("years_assumed", lang) if status == "retiree" and years_met is None else "",
        ]
        tier_sources = account.source_ids if tier is None and account.tiers else ()
        sources = (*(s for p in parts for s in p.source_ids), *(s for k in known for s in k.source_ids), *tier_sources)
        confidence = lowest_confidence([*(p.confidence for p in parts), *(k.confidence for k in known if k.limit == clamped)])
        valid_from = max(r["valid_from"] for r in terms.rows).date()
    by_payer = {payer: sum(fen(p.amount) for p in parts if p.payer == payer) / 100 for payer in ("employee", "employer", "pooled_fund")}
    reform = reform_date(region)
    return Credit(
        amount=sum(fen(amount) for amount in by_payer.values()) / 100,
        employee_part=by_payer["employee"],
        employer_part=by_payer["employer"],
        pooled_fund_part=by_payer["pooled_fund"],
        rule=_sentences(texts, lang),
        source_ids=tuple(dict.fromkeys(sources)),
        confidence=confidence,
        valid_from=valid_from,
        city=region,
        status=status,
        on=on.date(),
        parts=tuple(parts),
        reform_date=reform,
        after_reform=None if reform is None else on.date() >= reform,
        outcome=terms.outcome,
        tier=tier,
        contribution_years_met=years_met,
        wage_base=wage_base,
        wage_base_used=base,
        base_clamped=clamped,
        base_limits=limits,
        paid_this_month=month.paid,
        yearly_month=year_start_month(region) if any(p.yearly for p in parts) else None,
    )


def _outpatient(region: str, status: str, on: pd.Timestamp, age: int | None) -> tuple[float, float, float, str] | None:
    """(deductible, rate, cap or nan for no cap, cap basis) in force, or None when not known."""
    try:
        found = outpatient_rules(region, status, on, age)
    except NotComputable as exc:
        if exc.reason in ("missing", "unknown_value"):
            return None
        raise
    cap = found["outpatient_cap"]
    return (
        float(found["outpatient_deductible"]["value"]),
        float(found["outpatient_rate"]["value"]) / 100,
        float(cap["value"]),
        cap["basis"] or "fund_paid",
    )


class BalanceProjection(ReadableFrame):
    """:func:`project_balances`' table. Its card: the balance at the end, what was credited, and
    the credit rule of the first month with its sources."""

    _metadata = ["asked"]
    asked: dict[str, Any]

    def card(self, lang: str | None = None) -> Card:
        lang = language(lang)
        answer = t(
            "card_projection_answer",
            lang,
            months=len(self),
            balance=money(self["personal_balance"].iloc[-1]),
            credited=money(self["credit"].sum()),
        )
        try:
            first = monthly_personal_credit(**self.asked, lang=lang)
        except NotComputable as exc:
            return Card(t("card_projection", lang), answer, lang, (exc.localized(lang),))
        return Card(t("card_projection", lang), answer, lang, (first.rule,), first.source_ids, first.confidence)


def project_balances(
    start: dt.date | str,
    months: int,
    *,
    wage_base: float,
    status: str = "employee",
    city: str | None = None,
    opening_balance: float = 0.0,
    personal_spend_per_month: float = 0.0,
    outpatient_cost_per_month: float = 0.0,
    stop_contributing: dt.date | str | None = None,
    pension: float | None = None,
    age: int | None = None,
) -> pd.DataFrame:
    """Month-by-month personal balance and pooled outpatient quota.

    The balance carries over (never resets at year end), stays usable after contributions
    stop, and never goes below zero. The pooled outpatient quota resets at the start of each
    benefit year (1 January; Shanghai 1 July) and is not available after contributions stop.
    Columns: month, credit, spend, personal_balance, pooled_outpatient_paid,
    pooled_outpatient_used, pooled_outpatient_remaining, pooled_outpatient_cap, insured,
    benefit_year_start. Unknown values (no cap recorded) are NaN. Each month credits what
    :func:`monthly_personal_credit` gives for it: the wage clamped to the contribution-base floor
    and ceiling in force. ``start`` and ``stop_contributing`` are dates or months (``"2025-08"``);
    ``city`` an id or a name as people write it.
    """
    first_day = checks.date("start", start, month=True)
    start = first_day.to_period("M").to_timestamp()
    months = checks.whole("months", months, 1, MAX_MONTHS)
    wage_base = checks.number("wage_base", wage_base, 0, MAX_WAGE)
    status = checks.choice("status", status, CREDIT_STATUSES)
    region = region_of(city)
    balance = checks.number("opening_balance", opening_balance, 0, MAX_BALANCE)
    spend_wanted = checks.number("personal_spend_per_month", personal_spend_per_month, 0, MAX_WAGE)
    cost = checks.number("outpatient_cost_per_month", outpatient_cost_per_month, 0, MAX_WAGE)
    stop = None if stop_contributing is None else checks.date("stop_contributing", stop_contributing, month=True)
    pension = None if pension is None else checks.number("pension", pension, 0, MAX_WAGE)
    age = None if age is None else checks.whole("age", age, *AGE_RANGE)
    if start + pd.DateOffset(months=months - 1) > checks.LATEST_DATE:
        raise ValueError(f"start + months must end by {checks.LATEST_DATE.date()}")
    reset_month = year_start_month(region)
    person = Person(region, status, wage_base, pension, age)

    asked = {"wage_base": wage_base, "status": status, "city": region, "on": first_day.date(), "pension": pension, "age": age}
    rows = []
    used = deductible_met = 0.0
    for i in range(months):
        month = start + pd.DateOffset(months=i)
        on = max(month, first_day)  # the first month's rules apply from the day asked for
        insured = stop is None or month < stop
        new_year = i == 0 or month.month == reset_month
        if new_year:
            used = deductible_met = 0.0
        older = person.older(i // 12)
        credit = credit_for(older, on).paid if insured else 0.0
        spend = min(spend_wanted, balance + credit)
        balance = balance + credit - spend
        params = _outpatient(region, status, on, older.age)
        paid, cap = 0.0, math.nan
        if params is None:
            used_now = remaining = math.nan
        else:
            deductible, rate, cap, basis = params
            if insured:
                towards_deductible = min(cost, max(deductible - deductible_met, 0.0))
                deductible_met += towards_deductible
                paid, counted = pool_share(cost - towards_deductible, rate, math.nan if math.isnan(cap) else max(cap - used, 0.0), basis)
                used += counted
            used_now = used
            remaining = math.nan if math.isnan(cap) else (max(cap - used, 0.0) if insured else 0.0)
        rows.append((month, credit, spend, balance, paid, used_now, remaining, cap, insured, new_year))
    projection = BalanceProjection(
        rows,
        columns=[
            "month",
            "credit",
            "spend",
            "personal_balance",
            "pooled_outpatient_paid",
            "pooled_outpatient_used",
            "pooled_outpatient_remaining",
            "pooled_outpatient_cap",
            "insured",
            "benefit_year_start",
        ],
    )
    projection.asked = asked
    return projection


#: The ``region_params`` parameters :func:`monthly_personal_credit` and :func:`project_balances` evaluate.
RULE_PARAMETERS = (
    "account_credit",
    "base_floor",
    "base_ceiling",
    "min_contribution_years",
    "outpatient_deductible",
    "outpatient_rate",
    "outpatient_cap",
)
#: The UI strings the two functions put in their texts and messages (templates with ``{field}``).
RULE_TEXT = (
    *(f"base_{limit}_used" for limit in LIMITS),
    "base_within",
    "base_unknown",
    "base_national",
    "tier_answer",
    "tier_account_yes",
    "tier_account_no",
    "tiers_differ",
    "years_not_met",
    "years_unknown_here",
    "years_assumed",
    "yearly_credit",
    "credit_headline",
    "credit_headline_yearly",
    "credit_headline_mixed",
    *(
        f"why_{reason}"
        for reason in (
            "needs_age",
            "needs_pension",
            "local_average_pension",
            "local_average_wage",
            "not_recorded",
            "needs_wage_base",
            "missing",
            "no_rule",
        )
    ),
    "what_min_contribution_years",
    *CREDIT_STATUSES,
)
_ROW_FIELDS = ("id", "region", "parameter", "status", "payer", "basis", "frequency", "confidence")
_SCHEME_FIELDS = ("id", "scheme", "region", "tier", "answer", "confidence")


def _optional(value: Any) -> float | None:
    return None if pd.isna(value) else float(value)


def _day_or_none(value: Any) -> str | None:
    return None if pd.isna(value) else str(value.date().isoformat())


#: the days the calculator answers for: the periods the page gets
_SPAN = (checks.EARLIEST_DATE.date(), checks.LATEST_DATE.date())


def credit_rules() -> dict[str, Any]:
    """Every rule row :func:`monthly_personal_credit` and :func:`project_balances` evaluate, as plain JSON.

    The browser's twin of both functions (``yibao/widgets/js/credit_rules.js``) evaluates these
    same rows: ``rows`` (the ``region_params`` rows of :data:`RULE_PARAMETERS` for the standard
    scheme, in file order: crediting rules, contribution-base floor/ceiling, minimum years,
    outpatient pooling), ``schemes`` (who has a personal account, by tier), ``regions`` (names,
    reform date, benefit-year start), ``text`` (the templates of the rule texts and messages, both
    languages), ``limits`` (the valid input ranges), ``sources`` (readable citations by id).
    Dates are ISO strings; unknown values are None.
    """
    regions = ["national", *credit_cities()]
    rows = [
        {
            **{key: row[key] for key in _ROW_FIELDS},
            "age_min": _optional(row["age_min"]),
            "age_max": _optional(row["age_max"]),
            "value": _optional(row["value"]),
            "valid_from": _day_or_none(row["valid_from"]),
            "valid_to": _day_or_none(row["valid_to"]),
            **{f"description_{lang}": row[f"description_{lang}"] for lang in LANGS},
            "source_ids": list(row["source_ids"]),
            "report_url": correction_url(row["id"], "region_params"),
        }
        for row in records("region_params")
        if row["region"] in regions and row["parameter"] in RULE_PARAMETERS and not row["tier"]
    ]
    schemes = [
        {
            **{key: row[key] for key in _SCHEME_FIELDS},
            "valid_from": _day_or_none(row["valid_from"]),
            "valid_to": _day_or_none(row["valid_to"]),
            **{f"{field}_{lang}": row[f"{field}_{lang}"] for field in ("reason", "instead", "tier") for lang in LANGS},
            "source_ids": list(row["source_ids"]),
        }
        for row in records("schemes")
        if row["scheme"] in CREDIT_STATUSES
    ]
    used = sorted({source for row in [*rows, *schemes] for source in row["source_ids"]})
    return {
        "regions": {
            region: {
                **region_labels(region),
                "reform_date": None if reform_date(region) is None else str(reform_date(region)),
                "benefit_year_start": benefit_year_start(region),
            }
            for region in regions
        },
        "rows": rows,
        "schemes": schemes,
        "text": {key: {lang: t(key, lang) for lang in LANGS} for key in RULE_TEXT},
        "limits": {
            "max_wage": MAX_WAGE,
            "max_balance": MAX_BALANCE,
            "max_months": MAX_MONTHS,
            "age": list(AGE_RANGE),
            "earliest": str(checks.EARLIEST_DATE.date()),
            "latest": str(checks.LATEST_DATE.date()),
        },
        "credit_periods": {
            region: {
                status: credit_periods(Person(region, status), checks.EARLIEST_DATE.date(), checks.LATEST_DATE.date())
                for status in CREDIT_STATUSES
            }
            for region in regions
        },
        "statuses": list(CREDIT_STATUSES),
        "projection_statuses": list(CREDIT_STATUSES),
        "confidence": list(CONFIDENCE),
        "sources": dict(zip(used, cite(used), strict=True)),
    }
