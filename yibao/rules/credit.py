"""Personal-account crediting and balance projection from the dated rules in ``region_params``."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from yibao.data import checks
from yibao.data.correction import correction_url
from yibao.data.i18n import LANGS, check_lang, t
from yibao.data.regions import benefit_year_start, reform_date, region_labels, region_name, resolve_region
from yibao.data.sources import cite
from yibao.data.store import Row, derived, in_force, plain, plain_value, records
from yibao.data.tables import CONFIDENCE, STATUSES
from yibao.rules.schemes import AccountAnswer, has_personal_account

MAX_WAGE = 1_000_000.0
MAX_BALANCE = 100_000_000.0
MAX_MONTHS = 600
AGE_RANGE = (16, 120)
#: who the calculator knows: in service, retired, flexible worker (all in employee insurance)
CREDIT_STATUSES = (*STATUSES, "flexible")
LIMITS = ("floor", "ceiling")


class NotComputable(ValueError):
    """The rule exists but its ¥ amount cannot be computed from the data (or the inputs given).

    ``localized(lang)`` gives the explanation in the page language.
    """

    def __init__(self, reason: str, rule: Row | None = None, **fields: object):
        self.reason, self.rule, self.fields = reason, rule, fields
        super().__init__(self.localized("en"))

    def localized(self, lang: str) -> str:
        text = t(f"why_{self.reason}", lang, **self.fields)
        return f"{self.rule[f'description_{lang}']} — {text}" if self.rule else text


@dataclass(frozen=True)
class CreditPart:
    """One component of a monthly credit (e.g. own 2%, or an employer share)."""

    payer: str
    amount: float  # ¥ per month (a yearly credit counts as 1/12 here)
    yearly: bool
    description: str
    source_ids: tuple[str, ...]
    confidence: str
    row_id: str


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


@dataclass(frozen=True)
class Credit:
    """What goes into the personal account each month, with the rule and its sources.

    ``outcome`` is ``"credited"``, ``"no_account"`` (the tier has no personal account: amount 0)
    or ``"keep_paying"`` (a retiree short of the minimum contribution years: no retiree credit
    yet). ``wage_base`` is the wage given, ``wage_base_used`` the contribution base the rules
    used (clamped to ``base_limits``; None when no rule uses a base), ``base_clamped``
    ``"floor"``, ``"ceiling"`` or None.
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

    def to_record(self) -> dict[str, Any]:
        """The credit as a JSON-ready dict, with readable ``sources`` (each part and limit with its own)."""
        nested = ("parts", "base_limits")
        record = {key: plain_value(value) for key, value in asdict(self).items() if key not in nested}
        for key in ("valid_from", "on", "reform_date"):
            record[key] = None if getattr(self, key) is None else getattr(self, key).isoformat()
        record["parts"] = [{**plain(asdict(part)), "sources": cite(part.source_ids)} for part in self.parts]
        record["base_limits"] = [limit.to_record() for limit in self.base_limits]
        return {**record, "sources": cite(self.source_ids)}


@derived
def _regions_with(parameter: str) -> tuple[str, ...]:
    return tuple(sorted({r["region"] for r in records("region_params") if r["parameter"] == parameter}))


def _region(city: str | None, parameter: str) -> str:
    """The region id of ``city`` (an id or a name as people write it) among those with ``parameter`` rules."""
    valid = _regions_with(parameter)
    try:
        region = resolve_region(city)
    except ValueError:
        region = ""  # not a place we know: the check below names it and lists the valid ones
    return region if region in valid else checks.choice("city", city, valid)


def _day(name: str, value: dt.date | str | None) -> pd.Timestamp:
    """A date, or a month ``"YYYY-MM"`` meaning its 1st; ``None`` is today."""
    return checks.date(name, value if value is not None else dt.date.today(), month=True)


def credit_cities() -> list[str]:
    """Cities with personal-account crediting rules of their own (besides the national rule)."""
    return [r for r in _regions_with("account_credit") if r != "national"]


@derived
def _rules(region: str, parameter: str, status: str) -> tuple[Row, ...]:
    """Rules of the region's standard scheme (rows with a ``tier``, e.g. Shenzhen Tier II, are other schemes)."""
    return tuple(
        r
        for r in records("region_params")
        if r["region"] == region and r["parameter"] == parameter and r["status"] in (status, "all") and not r["tier"]
    )


def _active(rules: tuple[Row, ...], on: pd.Timestamp, age: int | None) -> list[Row]:
    active: list[Row] = []
    for rule in rules:
        if not in_force(rule, on):
            continue
        low, high = rule["age_min"], rule["age_max"]
        if not (pd.isna(low) and pd.isna(high)):
            if age is None:
                raise NotComputable("needs_age", rule)
            if (not pd.isna(low) and age < low) or (not pd.isna(high) and age > high):
                continue
        active.append(rule)
    return active


def _part(rule: Row, wage_base: float | None, pension: float | None, lang: str) -> CreditPart:
    value, basis = rule["value"], rule["basis"]
    description = rule[f"description_{lang}"]
    if basis in ("city_avg_wage", "city_avg_pension"):
        raise NotComputable("local_average", rule)
    if pd.isna(value):
        raise NotComputable("not_recorded", rule)
    if basis == "wage_base":
        if wage_base is None:
            raise NotComputable("needs_wage_base", rule)
        amount = wage_base * value / 100
    elif basis == "pension":
        if pension is None:
            raise NotComputable("needs_pension", rule)
        amount = pension * value / 100
    else:
        amount = value
    yearly = rule["frequency"] == "yearly"
    return CreditPart(
        payer=rule["payer"] or "employee",
        amount=amount / 12 if yearly else amount,
        yearly=yearly,
        description=description,
        source_ids=tuple(rule["source_ids"]),
        confidence=rule["confidence"],
        row_id=rule["id"],
    )


@derived
def _credit_rules(region: str, status: str) -> tuple[Row, ...]:
    """The region's crediting rules for ``status``; a city with none for it (flexible workers) gets the national ones."""
    return _rules(region, "account_credit", status) or _rules("national", "account_credit", status)


def _credit_parts(
    region: str, status: str, on: pd.Timestamp, wage_base: float | None, pension: float | None, age: int | None, lang: str
) -> list[CreditPart]:
    active = _active(_credit_rules(region, status), on, age)
    if not active:
        periods = sorted({str(r["valid_from"].date()) for r in _credit_rules(region, status)})
        raise NotComputable("no_rule", region=region, status=status, on=on.date(), periods=", ".join(periods) or "—")
    return [_part(rule, wage_base, pension, lang) for rule in active]


def _limit_rows(region: str, on: pd.Timestamp, status: str) -> list[Row]:
    """The contribution-base floor and ceiling in force; a status's own limits (Chengdu's flexible workers) come before the ``all`` ones."""
    rows: list[Row] = []
    for limit in LIMITS:
        found = [row for row in _rules(region, f"base_{limit}", status) if in_force(row, on)]
        rows += [row for row in found if row["status"] == status] or found
    return rows


def _clamp(wage_base: float | None, limits: list[Row]) -> tuple[float | None, str | None]:
    """(the base used, ``"floor"`` / ``"ceiling"`` when a known limit moved it, else None)."""
    if wage_base is None:
        return None, None
    for row in limits:
        value, limit = row["value"], row["parameter"].removeprefix("base_")
        if not pd.isna(value) and (wage_base < value if limit == "floor" else wage_base > value):
            return float(value), limit
    return wage_base, None


def _credit_in_month(
    region: str, status: str, on: pd.Timestamp, wage_base: float | None, pension: float | None, age: int | None, year_starts: bool
) -> tuple[float, list[CreditPart]]:
    """¥ credited in the month of ``on``: the monthly parts, and yearly parts (×12) in the month a benefit year starts."""
    parts = _credit_parts(region, status, on, wage_base, pension, age, "en")
    return sum(p.amount * 12 if p.yearly else p.amount for p in parts if year_starts or not p.yearly), parts


def _years_met(value: object, status: str) -> bool | None:
    if value is None:
        return None
    if not isinstance(value, bool):
        raise ValueError(f"contribution_years_met must be True, False or None, got {value!r}")
    if status != "retiree":
        raise ValueError(f"contribution_years_met is asked of retirees only; valid for status {status!r}: None")
    return value


def _account(status: str, region: str, tier: str | None, on: pd.Timestamp, lang: str) -> AccountAnswer:
    """Whether this status (and tier) has a personal account here; raises ``ValueError`` for a tier not recorded."""
    return has_personal_account(status, city=region, tier=tier, on=on.date(), lang=lang)


def credit_tiers(status: str = "employee", *, city: str | None = None, on: dt.date | str | None = None) -> list[dict[str, str]]:
    """The city's tiers for ``status`` on ``on`` where they differ: ``[{"id", "label_zh", "label_en", "answer"}]``.

    ``answer`` is ``"yes"`` or ``"no"`` (personal account or not); empty where the tiers do not differ.
    """
    status = checks.choice("status", status, CREDIT_STATUSES)
    return list(_account(status, _region(city, "account_credit"), None, _day("on", on), "zh").to_record()["tiers"])


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
    region, day = _region(city, "account_credit"), _day("on", on)
    credited = _account(status, region, tier, day, "zh").answer != "no" and _years_met(contribution_years_met, status) is not False
    rules = [r for r in _credit_rules(region, status) if in_force(r, day)] if credited else []
    return {
        "age": any(not (pd.isna(r["age_min"]) and pd.isna(r["age_max"])) for r in rules),
        "pension": any(r["basis"] == "pension" for r in rules),
        "contribution_years": status == "retiree",
    }


def _lowest_confidence(levels: Iterable[str]) -> str:
    return max(levels, key=CONFIDENCE.index)


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


def _min_years_rule(region: str, on: pd.Timestamp) -> tuple[Row, bool]:
    """The minimum-contribution-years rule in force (the region's, else the national one) and whether it is the region's own."""
    for where in dict.fromkeys((region, "national")):
        found = [row for row in _rules(where, "min_contribution_years", "retiree") if in_force(row, on)]
        if found:
            return found[0], where == region
    raise missing("min_contribution_years", region, "retiree", on)


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
    region = _region(city, "account_credit")
    on = _day("on", on)
    pension = None if pension is None else checks.number("pension", pension, 0, MAX_WAGE)
    age = None if age is None else checks.whole("age", age, *AGE_RANGE)
    years_met = _years_met(contribution_years_met, status)
    account = _account(status, region, tier, on, lang)
    parts: list[CreditPart] = []
    limits: tuple[BaseLimit, ...] = ()
    base, clamped = None, None
    if account.answer == "no":
        outcome, texts, sources = "no_account", [account.reason, account.instead], account.source_ids
        confidence, valid_from = account.confidence, account.valid_from
    elif years_met is False:
        row, own = _min_years_rule(region, on)
        outcome, sources, confidence, valid_from = "keep_paying", tuple(row["source_ids"]), row["confidence"], row["valid_from"].date()
        unknown_here = "" if own or region == "national" else t("years_unknown_here", lang, region=region_name(region, lang))
        texts = [t("years_not_met", lang), row[f"description_{lang}"], unknown_here]
    else:
        active = _active(_credit_rules(region, status), on, age)
        uses_base = any(r["basis"] == "wage_base" for r in active)
        limit_rows = _limit_rows(region, on, status) if uses_base else []
        base, clamped = _clamp(wage_base, limit_rows) if uses_base else (None, None)
        parts = _credit_parts(region, status, on, base, pension, age, lang)
        limits = _base_limits(limit_rows, lang)
        known = [limit for limit in limits if limit.value is not None]
        rules = [p.description for p in parts]
        rules += [t("yearly_credit", lang, date=benefit_year_start(region), amount=p.amount * 12) for p in parts if p.yearly]
        outcome = "credited"
        texts = [
            (";" if lang == "zh" else "; ").join(rules),
            _base_sentence(region, on, wage_base, limits, clamped, lang) if uses_base else "",
            _tiers_sentence(account, lang) if tier is None else "",
            t("years_assumed", lang) if status == "retiree" and years_met is None else "",
        ]
        tier_sources = account.source_ids if tier is None and account.tiers else ()
        sources = (*(s for p in parts for s in p.source_ids), *(s for k in known for s in k.source_ids), *tier_sources)
        confidence = _lowest_confidence([*(p.confidence for p in parts), *(k.confidence for k in known if k.limit == clamped)])
        valid_from = max(r["valid_from"] for r in active).date()
    by_payer = {payer: sum(p.amount for p in parts if p.payer == payer) for payer in ("employee", "employer", "pooled_fund")}
    reform = reform_date(region)
    return Credit(
        amount=sum(by_payer.values()),
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
        outcome=outcome,
        tier=tier,
        contribution_years_met=years_met,
        wage_base=wage_base,
        wage_base_used=base,
        base_clamped=clamped,
        base_limits=limits,
    )


def missing(parameter: str, region: str, status: str, on: pd.Timestamp) -> NotComputable:
    """The error for a parameter with no rule in force for ``region`` / ``status`` on ``on``."""
    names = region_labels(region)
    return NotComputable(
        "missing",
        what_zh=t(f"what_{parameter}", "zh"),
        what_en=t(f"what_{parameter}", "en"),
        region_zh=names["region_zh"],
        region_en=names["region_en"],
        status_zh=t(status, "zh"),
        status_en=t(status, "en"),
        on=on.date(),
    )


def unknown(row: Row) -> bool:
    """A row whose value is not known: empty, except an empty cap that a source says means "no cap"."""
    return pd.isna(row["value"]) and (not row["parameter"].endswith("_cap") or row["confidence"] == "unverified")


def _outpatient_rules(region: str, status: str, on: pd.Timestamp, age: int | None) -> dict[str, Row]:
    """The outpatient deductible, rate and cap rows in force; ``NotComputable`` names what is missing or unknown."""
    found = {}
    for parameter in ("outpatient_deductible", "outpatient_rate", "outpatient_cap"):
        active = _active(_rules(region, parameter, status), on, age)
        if not active:
            raise missing(parameter, region, status, on)
        if unknown(active[0]):
            raise NotComputable("unknown_value", active[0])
        found[parameter] = active[0]
    return found


def _outpatient(region: str, status: str, on: pd.Timestamp, age: int | None) -> tuple[float, float, float, str] | None:
    """(deductible, rate, cap or nan for no cap, cap basis) in force, or None when not known."""
    try:
        found = _outpatient_rules(region, status, on, age)
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


def _pool_share(eligible: float, rate: float, room: float, basis: str) -> tuple[float, float]:
    """(what the pooled fund pays on ``eligible`` cost at ``rate``, what that uses of a cap).

    ``room`` is what is left of the cap (nan: no cap); a cap counts fund payments
    (``fund_paid``) or eligible cost (``eligible_cost``).
    """
    if math.isnan(room):
        paid = eligible * rate
        return paid, paid
    if basis == "eligible_cost":
        counted = min(eligible, room)
        return counted * rate, counted
    paid = min(eligible * rate, room)
    return paid, paid


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
    status = checks.choice("status", status, STATUSES)
    region = _region(city, "account_credit")
    balance = checks.number("opening_balance", opening_balance, 0, MAX_BALANCE)
    spend_wanted = checks.number("personal_spend_per_month", personal_spend_per_month, 0, MAX_WAGE)
    cost = checks.number("outpatient_cost_per_month", outpatient_cost_per_month, 0, MAX_WAGE)
    stop = None if stop_contributing is None else checks.date("stop_contributing", stop_contributing, month=True)
    pension = None if pension is None else checks.number("pension", pension, 0, MAX_WAGE)
    age = None if age is None else checks.whole("age", age, *AGE_RANGE)
    if start + pd.DateOffset(months=months - 1) > checks.LATEST_DATE:
        raise ValueError(f"start + months must end by {checks.LATEST_DATE.date()}")
    reset_month = int(benefit_year_start(region)[:2])

    rows = []
    used = deductible_met = 0.0
    for i in range(months):
        month = start + pd.DateOffset(months=i)
        on = max(month, first_day)  # the first month's rules apply from the day asked for
        age_now = None if age is None else min(age + i // 12, AGE_RANGE[1])
        insured = stop is None or month < stop
        new_year = i == 0 or month.month == reset_month
        if new_year:
            used = deductible_met = 0.0
        base = _clamp(wage_base, _limit_rows(region, on, status))[0]
        credit = _credit_in_month(region, status, on, base, pension, age_now, month.month == reset_month)[0] if insured else 0.0
        spend = min(spend_wanted, balance + credit)
        balance = balance + credit - spend
        params = _outpatient(region, status, on, age_now)
        paid, cap = 0.0, math.nan
        if params is None:
            used_now = remaining = math.nan
        else:
            deductible, rate, cap, basis = params
            if insured:
                towards_deductible = min(cost, max(deductible - deductible_met, 0.0))
                deductible_met += towards_deductible
                paid, counted = _pool_share(cost - towards_deductible, rate, math.nan if math.isnan(cap) else max(cap - used, 0.0), basis)
                used += counted
            used_now = used
            remaining = math.nan if math.isnan(cap) else (max(cap - used, 0.0) if insured else 0.0)
        rows.append((month, credit, spend, balance, paid, used_now, remaining, cap, insured, new_year))
    return pd.DataFrame(
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
        for reason in ("needs_age", "needs_pension", "local_average", "not_recorded", "needs_wage_base", "missing", "no_rule")
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
        "statuses": list(CREDIT_STATUSES),
        "projection_statuses": list(STATUSES),
        "confidence": list(CONFIDENCE),
        "sources": dict(zip(used, cite(used), strict=True)),
    }
