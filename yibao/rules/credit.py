"""Personal-account crediting and balance projection from the dated rules in ``region_params``.

Both ask :mod:`yibao.rules.core` for a month's credit (:func:`~yibao.rules.core.credit_for`):
this module adds the texts, the sources and the month-by-month projection.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from yibao.data import checks
from yibao.data.correction import correction_url
from yibao.data.display import Card, Readable, ReadableFrame, language, lowest_confidence, money, text_language
from yibao.data.i18n import LANGS, check_lang, t
from yibao.data.regions import benefit_year_start, reform_date, region_labels, region_name
from yibao.data.sources import cite
from yibao.data.store import Row, derived_json, in_force, plain, plain_value, records
from yibao.rules.compiled import ON, Messages, age_bands, credit_periods, cut_days, in_periods
from yibao.rules.core import (
    AGE_RANGE,
    CREDIT_STATUSES,
    LIMITS,
    MAX_WAGE,
    BillTerms,
    CreditPart,
    CreditTerms,
    NotComputable,
    Person,
    credit_for,
    credit_rows,
    credit_terms,
    day,
    fen,
    fresh_year,
    known_limits,
    outpatient_rules,
    region_of,
    regions_with,
    rules,
    split_bill,
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


def credit_shown(zh: Credit, en: Credit) -> dict[str, Any]:
    """What the calculator draws of a credit (the same credit in both languages), JSON-ready: what
    ``js/credit_rules.js`` computes in the page (``creditMonthly``), field for field.

    ``outcome``, ``amount``, ``parts`` (``row_id``, ``payer``, ``amount``, ``yearly``, ``yearly_amount``;
    the page shows each part's rule row), ``rule`` (both languages), ``source_ids``, ``confidence``,
    ``reform_date`` and ``after_reform`` (the era line), ``wage_base_used`` and ``base_clamped`` (the
    clamp line) and ``base_limits`` (the ids of the limit rows). The whole record: :meth:`Credit.to_record`.
    """
    return {
        "outcome": zh.outcome,
        "amount": zh.amount,
        "parts": [{key: getattr(p, key) for key in ("row_id", "payer", "amount", "yearly", "yearly_amount")} for p in zh.parts],
        "rule": {"zh": zh.rule, "en": en.rule},
        "source_ids": list(zh.source_ids),
        "confidence": zh.confidence,
        "reform_date": None if zh.reform_date is None else zh.reform_date.isoformat(),
        "after_reform": zh.after_reform,
        "wage_base_used": zh.wage_base_used,
        "base_clamped": zh.base_clamped,
        "base_limits": [limit.row_id for limit in zh.base_limits],
    }


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


#: what joins the sentences of a text, by language
JOINER = {"zh": "", "en": " "}


def _ended(texts: Iterable[str], lang: str) -> list[str]:
    """The texts that are not empty, each ending with a full stop of ``lang``."""
    stop = "。" if lang == "zh" else "."
    return [text if text.endswith(("。", ".", "！", "？", "!", "?")) else text + stop for text in texts if text]


def _sentences(texts: Iterable[str], lang: str) -> str:
    """Texts joined as sentences in ``lang``, each ending with a full stop."""
    return JOINER[lang].join(_ended(texts, lang))


def _yuan(amount: float) -> str:
    """¥ as the rule texts show it: to the fen (rounded once, half up), without a zero fraction."""
    return money(fen(amount) / 100).removesuffix(".00")


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


def _base_sentence(region: str, on: str, wage: str, limits: tuple[BaseLimit, ...], clamped: str | None, lang: str) -> str:
    """How the contribution base was chosen: clamped to a limit, within them, or with the limits unknown (``wage``: as shown)."""
    known = {limit.limit: limit.value for limit in limits if limit.value is not None}
    name = region_name(region, lang)
    if clamped is not None:
        return t(f"base_{clamped}_used", lang, wage=wage, region=name, limit=_yuan(known[clamped]))
    if len(known) == len(LIMITS):
        return t("base_within", lang, wage=wage, region=name, floor=_yuan(known["floor"]), ceiling=_yuan(known["ceiling"]))
    if region == "national":
        return t("base_national", lang, wage=wage)
    return t("base_unknown", lang, wage=wage, region=name, on=on)


def _tiers_sentence(account: AccountAnswer, lang: str) -> str:
    tiers = account.to_record()["tiers"]
    if not tiers:
        return ""
    named = [t("tier_answer", lang, tier=tier[f"label_{lang}"], answer=t(f"tier_account_{tier['answer']}", lang)) for tier in tiers]
    return t("tiers_differ", lang, region=region_name(account.region, lang), tiers=("、" if lang == "zh" else "; ").join(named))


def _explained(
    terms: CreditTerms, person: Person, on: str, wage: str, clamped: str | None, yearly: Sequence[str], lang: str
) -> tuple[list[str], tuple[str, ...], str, dt.date]:
    """The answer's rule text (its sentences), its sources, its confidence and the day its rules apply from.

    The numbers come as text (``wage``, each yearly part's amount in ``yearly``, the day ``on``): the
    page's periods carry this text with slots in their place (:func:`credit_answers`).
    """
    region, account = person.region, terms.account
    if terms.outcome == "no_account":
        texts, sources = [account.reason, account.instead], account.source_ids
        return _ended(texts, lang), tuple(dict.fromkeys(sources)), account.confidence, account.valid_from
    if terms.outcome == "keep_paying":
        assert terms.min_years is not None
        row, own = terms.min_years
        unknown_here = "" if own or region == "national" else t("years_unknown_here", lang, region=region_name(region, lang))
        texts = [t("years_not_met", lang), row[f"description_{lang}"], unknown_here]
        return _ended(texts, lang), tuple(row["source_ids"]), row["confidence"], row["valid_from"].date()
    limits = _base_limits(list(terms.limits), lang)
    known = [limit for limit in limits if limit.value is not None]
    rules = [row[f"description_{lang}"] for row in terms.rows]
    rules += [t("yearly_credit", lang, date=benefit_year_start(region), amount=amount) for amount in yearly]
    texts = [
        (";" if lang == "zh" else "; ").join(rules),
        _base_sentence(region, on, wage, limits, clamped, lang) if terms.uses_base else "",
        _tiers_sentence(account, lang) if person.tier is None else "",
        t("years_assumed", lang) if person.status == "retiree" and person.contribution_years_met is None else "",
    ]
    tier_sources = account.source_ids if person.tier is None and account.tiers else ()
    sources = (*(s for row in terms.rows for s in row["source_ids"]), *(s for k in known for s in k.source_ids), *tier_sources)
    confidence = lowest_confidence([*(row["confidence"] for row in terms.rows), *(k.confidence for k in known if k.limit == clamped)])
    valid_from = max(row["valid_from"] for row in terms.rows).date()
    return _ended(texts, lang), tuple(dict.fromkeys(sources)), confidence, valid_from


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
    limits = _base_limits(list(terms.limits), lang)
    yearly = [money(p.yearly_amount) for p in parts if p.yearly]
    texts, sources, confidence, valid_from = _explained(terms, person, str(on.date()), _yuan(wage_base), clamped, yearly, lang)
    by_payer = {payer: sum(fen(p.amount) for p in parts if p.payer == payer) / 100 for payer in ("employee", "employer", "pooled_fund")}
    reform = reform_date(region)
    return Credit(
        amount=sum(fen(amount) for amount in by_payer.values()) / 100,
        employee_part=by_payer["employee"],
        employer_part=by_payer["employer"],
        pooled_fund_part=by_payer["pooled_fund"],
        rule=JOINER[lang].join(texts),
        source_ids=sources,
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


def _outpatient(region: str, status: str, on: pd.Timestamp, age: int | None) -> BillTerms | None:
    """The outpatient pooling in force as a bill's terms (fen; paid from the pool, not the account), or None when not known."""
    try:
        found = outpatient_rules(region, status, on, age)
    except NotComputable as exc:
        if exc.reason in ("missing", "unknown_value"):
            return None
        raise
    cap = found["outpatient_cap"]
    return BillTerms(
        kind="outpatient",
        deductible=fen(found["outpatient_deductible"]["value"]),
        per_admission=False,
        rate=float(found["outpatient_rate"]["value"]) / 100,
        cap=None if pd.isna(cap["value"]) else fen(cap["value"]),
        cap_basis=cap["basis"] or "fund_paid",
        annual_cap=None,
        large=(0.0, None),
        account_first=False,
        rows=(),
        large_rows=(),
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
    benefit_year_start. Unknown values (no cap recorded) are NaN. Money is kept in whole fen, as in the
    year of care, whose split of a bill the outpatient costs go through (``pooled_outpatient_used``: what
    counts against the cap, or what the pool paid where there is none). Each month credits what
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
    balance = fen(checks.number("opening_balance", opening_balance, 0, MAX_BALANCE))
    spend_wanted = fen(checks.number("personal_spend_per_month", personal_spend_per_month, 0, MAX_WAGE))
    cost = fen(checks.number("outpatient_cost_per_month", outpatient_cost_per_month, 0, MAX_WAGE))
    stop = None if stop_contributing is None else checks.date("stop_contributing", stop_contributing, month=True)
    pension = None if pension is None else checks.number("pension", pension, 0, MAX_WAGE)
    age = None if age is None else checks.whole("age", age, *AGE_RANGE)
    if start + pd.DateOffset(months=months - 1) > checks.LATEST_DATE:
        raise ValueError(f"start + months must end by {checks.LATEST_DATE.date()}")
    reset_month = year_start_month(region)
    person = Person(region, status, wage_base, pension, age)

    asked = {"wage_base": wage_base, "status": status, "city": region, "on": first_day.date(), "pension": pension, "age": age}
    rows = []
    used = fresh_year()
    bounds = cut_days((row for parameter in _OUTPATIENT for row in rules(region, parameter, status)), *map(pd.Timestamp, _SPAN))
    outpatient: dict[tuple[int, int | None], BillTerms | None] = {}  # the terms for each period in which no rule changes, by age
    older = person
    for i in range(months):
        month = pd.Timestamp(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        on = max(month, first_day)  # the first month's rules apply from the day asked for
        insured = stop is None or month < stop
        new_year = i == 0 or month.month == reset_month
        if new_year:
            used = fresh_year()
        if i % 12 == 0:
            older = person.older(i // 12)
        credit = credit_for(older, on).paid_fen if insured else 0
        spend = min(spend_wanted, balance + credit)
        balance += credit - spend
        key = (bisect.bisect_right(bounds, on), older.age)
        if key not in outpatient:
            outpatient[key] = _outpatient(region, status, on, older.age)
        terms = outpatient[key]
        paid = split_bill(cost, terms, used, 0)[0] if terms is not None and insured else 0
        cap = math.nan if terms is None or terms.cap is None else terms.cap
        used_now = math.nan if terms is None else used["fund_paid" if terms.cap is None else "cap_used"]
        remaining = math.nan if math.isnan(cap) else (max(cap - used_now, 0) if insured else 0)
        amounts = (credit, spend, balance, paid, used_now, remaining, cap)  # fen
        rows.append((month, *(amount / 100 for amount in amounts), insured, new_year))
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


#: the columns of :func:`project_balances` the balance chart draws (``js/credit_rules.js`` ``creditProject`` gives these)
PROJECTION_SHOWN = ("month", "credit", "personal_balance", "pooled_outpatient_used", "pooled_outpatient_remaining", "pooled_outpatient_cap")


#: The UI strings the page fills with the numbers it computed (``{amount}``, ``{yearly}``: ¥ as text).
RULE_TEXT = ("credit_headline", "credit_headline_yearly", "credit_headline_mixed")
_OUTPATIENT = ("outpatient_deductible", "outpatient_rate", "outpatient_cap")


#: the days the calculator answers for: the periods the page gets
_SPAN = (checks.EARLIEST_DATE.date(), checks.LATEST_DATE.date())


#: where a rule text shows the wage, the page puts it (formatted as :func:`_yuan` does); a yearly part's amount: ``{yearly0}``, …
WAGE = "{wage}"


def _shown(terms: CreditTerms | None, person: Person, day: pd.Timestamp, messages: Messages) -> dict[str, Any]:
    """What the calculator shows in a period besides the amounts: the inputs it asks for and the tiers it offers
    (:func:`credit_inputs`, :func:`credit_tiers`), and where it can be computed, ``said``: for each way the base can be
    clamped (``none``, ``floor``, ``ceiling``) the ``rule`` text (its position in ``messages``; slots for the wage, the
    day and the yearly amounts) and its ``confidence``; ``answer``: the fields of :func:`credit_shown` the period
    decides (``outcome``, ``source_ids``, ``reform_date``, ``base_limits``: the limit rows' ids)."""
    status, region, on = person.status, person.region, day.date()
    try:
        inputs = credit_inputs(status, city=region, on=on, tier=person.tier, contribution_years_met=person.contribution_years_met)
    except ValueError:  # a tier not offered that day: never asked
        inputs = None
    shown: dict[str, Any] = {"inputs": inputs, "tiers": credit_tiers(status, city=region, on=on)}
    if terms is None or terms.problem is not None:
        return shown
    yearly = [f"{{yearly{i}}}" for i in range(sum(row["frequency"] == "yearly" for row in terms.rows))]
    cases = [None, *known_limits(terms.limits)] if terms.uses_base else [None]
    in_lang = {lang: terms if lang == "zh" else credit_terms(person, day, lang) for lang in LANGS}  # the account's texts
    said = {case or "none": {lang: _explained(in_lang[lang], person, ON, WAGE, case, yearly, lang) for lang in LANGS} for case in cases}
    reform = reform_date(region)
    answer = {"outcome": terms.outcome, "source_ids": list(said["none"]["zh"][1]), "reform_date": None if reform is None else str(reform)}
    return {
        **shown,
        "said": {
            case: {"rule": messages.text({lang: JOINER[lang].join(both[lang][0]) for lang in LANGS}), "confidence": both["zh"][2]}
            for case, both in said.items()
        },
        "answer": {**answer, "base_limits": [row["id"] for row in terms.limits]},
    }


def _outpatient_held(region: str, status: str, day: pd.Timestamp, age: int | None) -> dict[str, Any] | None:
    """:func:`_outpatient` as JSON: the terms the page's ``split`` reads (fen), None where not known,
    or why it cannot be computed (``error``, ``zh``, ``en``; ``{on}``: the day asked about)."""
    try:
        found = _outpatient(region, status, day, age)
    except NotComputable as exc:
        return {"error": True, **{lang: exc.on_day(ON).localized(lang) for lang in LANGS}}
    return None if found is None else {key: value for key, value in asdict(found).items() if key not in ("large", "rows", "large_rows")}


def outpatient_periods(region: str, status: str) -> list[dict[str, Any]]:
    """The outpatient pooling terms of :func:`project_balances` in periods (:func:`~yibao.rules.compiled.in_periods`):
    ``terms`` for the band's ages and ``no_age`` where no age is given, each as :func:`_outpatient_held` says."""
    rows = [row for parameter in _OUTPATIENT for row in rules(region, parameter, status)]

    def held(day: pd.Timestamp, age: int) -> dict[str, Any]:
        return {"terms": _outpatient_held(region, status, day, age), "no_age": _outpatient_held(region, status, day, None)}

    return in_periods(cut_days(rows, *map(pd.Timestamp, _SPAN)), age_bands(rows), held)


def answer_key(status: str, tier: str | None, years_met: bool | None) -> str:
    """The key of a compiled calculator: ``status|tier|years`` (the page builds the same: ``true``, ``false`` or empty)."""
    return f"{status}|{tier or ''}|{'' if years_met is None else str(years_met).lower()}"


def credit_answers(regions: Iterable[str]) -> dict[str, Any]:
    """The calculator compiled for ``regions``: ``periods[region][key]`` for each status, tier (none: the one with an
    account) and minimum-years answer (retirees; :func:`answer_key`), the periods of
    :func:`~yibao.rules.compiled.credit_periods` with what :func:`_shown` adds; ``messages``: the texts they refer to."""
    messages = Messages()
    periods: dict[str, dict[str, Any]] = {}
    for region in regions:
        compiled = periods[region] = {}
        for status in CREDIT_STATUSES:
            tiers = sorted({r["tier"] for r in records("schemes") if r["scheme"] == status and r["region"] == region and r["tier"]})
            for tier in (None, *tiers):
                for years in (None, True, False) if status == "retiree" else (None,):
                    person = Person(region, status, tier=tier, contribution_years_met=years)
                    compiled[answer_key(status, tier, years)] = credit_periods(person, *_SPAN, _shown, messages)["periods"]
    return {"periods": periods, "messages": messages.texts}


@derived_json
def credit_rules() -> dict[str, Any]:
    """What the page needs to answer as :func:`monthly_personal_credit` and :func:`project_balances` do, as plain JSON.

    ``answers``: the calculator compiled (:func:`credit_answers`; the projection uses each status's
    ``status||`` periods); ``rows``: the rules the answers name (descriptions, sources, confidence,
    correction link); ``outpatient``: region → status → the outpatient pooling terms of the projection (:func:`outpatient_periods`);
    ``regions`` (names, reform date, benefit-year start); ``text``: the headlines; ``limits``: the valid input
    ranges; ``sources``: citations by id.
    """
    regions = ["national", *credit_cities()]
    params = [row for row in records("region_params") if row["region"] in regions and not row["tier"]]
    rows = {
        row["id"]: {
            **{f"description_{lang}": row[f"description_{lang}"] for lang in LANGS},
            "source_ids": list(row["source_ids"]),
            "confidence": row["confidence"],
            "report_url": correction_url(row["id"], "region_params"),
        }
        for row in params
        if row["parameter"] in ("account_credit", "base_floor", "base_ceiling")
    }
    outpatient = {region: {status: outpatient_periods(region, status) for status in CREDIT_STATUSES} for region in regions}
    used = sorted({source for row in rows.values() for source in row["source_ids"]})
    return {
        "regions": {
            region: {
                **region_labels(region),
                "reform_date": None if reform_date(region) is None else str(reform_date(region)),
                "benefit_year_start": benefit_year_start(region),
            }
            for region in regions
        },
        "answers": credit_answers(regions),
        "rows": rows,
        "outpatient": outpatient,
        "tiers": sorted({row["tier"] for row in records("schemes") if row["tier"] and row["scheme"] in CREDIT_STATUSES}),
        "text": {key: {lang: t(key, lang) for lang in LANGS} for key in RULE_TEXT},
        "limits": {
            "max_wage": MAX_WAGE,
            "max_balance": MAX_BALANCE,
            "max_months": MAX_MONTHS,
            "age": list(AGE_RANGE),
            "earliest": str(checks.EARLIEST_DATE.date()),
            "latest": str(checks.LATEST_DATE.date()),
        },
        "statuses": list(CREDIT_STATUSES),
        "sources": dict(zip(used, cite(used), strict=True)),
    }
