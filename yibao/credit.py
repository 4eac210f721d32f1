"""Personal-account crediting and balance projection from the dated rules in ``region_params``."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from . import _checks
from .data import Row, derived, in_force, plain, plain_value, records
from .i18n import check_lang, t
from .regions import benefit_year_start, reform_date, region_labels
from .sources import cite
from .tables import CONFIDENCE, STATUSES

MAX_WAGE = 1_000_000.0
MAX_BALANCE = 100_000_000.0
MAX_MONTHS = 600
AGE_RANGE = (16, 120)


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
class Credit:
    """What goes into the personal account each month, with the rule and its sources."""

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

    def to_record(self) -> dict[str, Any]:
        """The credit as a JSON-ready dict, with readable ``sources`` (each part with its own)."""
        record = {key: plain_value(value) for key, value in asdict(self).items()}
        for key in ("valid_from", "on", "reform_date"):
            record[key] = None if getattr(self, key) is None else getattr(self, key).isoformat()
        record["parts"] = [{**plain(asdict(part)), "sources": cite(part.source_ids)} for part in self.parts]
        return {**record, "sources": cite(self.source_ids)}


@derived
def _regions_with(parameter: str) -> tuple[str, ...]:
    return tuple(sorted({r["region"] for r in records("region_params") if r["parameter"] == parameter}))


def _region(city: str | None, parameter: str) -> str:
    return _checks.choice("city", "national" if city is None else city, _regions_with(parameter))


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


def _credit_parts(
    region: str, status: str, on: pd.Timestamp, wage_base: float | None, pension: float | None, age: int | None, lang: str
) -> list[CreditPart]:
    active = _active(_rules(region, "account_credit", status), on, age)
    if not active:
        periods = sorted({str(r["valid_from"].date()) for r in _rules(region, "account_credit", status)})
        raise NotComputable("no_rule", region=region, status=status, on=on.date(), periods=", ".join(periods) or "—")
    return [_part(rule, wage_base, pension, lang) for rule in active]


def _credit_in_month(
    region: str, status: str, on: pd.Timestamp, wage_base: float | None, pension: float | None, age: int | None, year_starts: bool
) -> tuple[float, list[CreditPart]]:
    """¥ credited in the month of ``on``: the monthly parts, and yearly parts (×12) in the month a benefit year starts."""
    parts = _credit_parts(region, status, on, wage_base, pension, age, "en")
    return sum(p.amount * 12 if p.yearly else p.amount for p in parts if year_starts or not p.yearly), parts


def credit_inputs(status: str = "employee", *, city: str | None = None, on: dt.date | str | None = None) -> dict[str, bool]:
    """Which inputs the crediting rules in force need: ``{"age": …, "pension": …}`` (hide the others)."""
    status = _checks.choice("status", status, STATUSES)
    day = _checks.date("on", on if on is not None else dt.date.today())
    rules = [r for r in _rules(_region(city, "account_credit"), "account_credit", status) if in_force(r, day)]
    return {
        "age": any(not (pd.isna(r["age_min"]) and pd.isna(r["age_max"])) for r in rules),
        "pension": any(r["basis"] == "pension" for r in rules),
    }


def _lowest_confidence(levels: Iterable[str]) -> str:
    return max(levels, key=CONFIDENCE.index)


def monthly_personal_credit(
    wage_base: float,
    *,
    status: str = "employee",
    city: str | None = None,
    on: dt.date | str | None = None,
    pension: float | None = None,
    age: int | None = None,
    lang: str = "zh",
) -> Credit:
    """How much goes into the personal account each month under the rule in force ``on``.

    ``city=None`` uses the national rule (in service: own 2% of the contribution base since
    国办发〔2021〕14号). Before a city's reform date its old rule applies. Raises ``ValueError``
    (listing valid choices) for unknown cities/statuses, and when the rule needs ``age`` or
    ``pension`` or its amount is not recorded.
    """
    check_lang(lang)
    wage_base = _checks.number("wage_base", wage_base, 0, MAX_WAGE)
    status = _checks.choice("status", status, STATUSES)
    region = _region(city, "account_credit")
    on = _checks.date("on", on if on is not None else dt.date.today())
    pension = None if pension is None else _checks.number("pension", pension, 0, MAX_WAGE)
    age = None if age is None else _checks.whole("age", age, *AGE_RANGE)
    parts = _credit_parts(region, status, on, wage_base, pension, age, lang)
    by_payer = {payer: sum(p.amount for p in parts if p.payer == payer) for payer in ("employee", "employer", "pooled_fund")}
    rules = [p.description for p in parts]
    rules += [t("yearly_credit", lang, date=benefit_year_start(region), amount=p.amount * 12) for p in parts if p.yearly]
    active = _active(_rules(region, "account_credit", status), on, age)
    reform = reform_date(region)
    return Credit(
        amount=sum(by_payer.values()),
        employee_part=by_payer["employee"],
        employer_part=by_payer["employer"],
        pooled_fund_part=by_payer["pooled_fund"],
        rule=";".join(rules) if lang == "zh" else "; ".join(rules),
        source_ids=tuple(dict.fromkeys(s for p in parts for s in p.source_ids)),
        confidence=_lowest_confidence(p.confidence for p in parts),
        valid_from=max(r["valid_from"] for r in active).date(),
        city=region,
        status=status,
        on=on.date(),
        parts=tuple(parts),
        reform_date=reform,
        after_reform=None if reform is None else on.date() >= reform,
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
    benefit_year_start. Unknown values (no cap recorded) are NaN.
    """
    first_day = _checks.date("start", start)
    start = first_day.to_period("M").to_timestamp()
    months = _checks.whole("months", months, 1, MAX_MONTHS)
    wage_base = _checks.number("wage_base", wage_base, 0, MAX_WAGE)
    status = _checks.choice("status", status, STATUSES)
    region = _region(city, "account_credit")
    balance = _checks.number("opening_balance", opening_balance, 0, MAX_BALANCE)
    spend_wanted = _checks.number("personal_spend_per_month", personal_spend_per_month, 0, MAX_WAGE)
    cost = _checks.number("outpatient_cost_per_month", outpatient_cost_per_month, 0, MAX_WAGE)
    stop = None if stop_contributing is None else _checks.date("stop_contributing", stop_contributing)
    pension = None if pension is None else _checks.number("pension", pension, 0, MAX_WAGE)
    age = None if age is None else _checks.whole("age", age, *AGE_RANGE)
    if start + pd.DateOffset(months=months - 1) > _checks.LATEST_DATE:
        raise ValueError(f"start + months must end by {_checks.LATEST_DATE.date()}")
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
        credit = _credit_in_month(region, status, on, wage_base, pension, age_now, month.month == reset_month)[0] if insured else 0.0
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
