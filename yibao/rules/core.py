"""The one core of the rules: which rows are in force, the contribution-base clamp, a month's credit, the pool's share.

Every calculation (the credit calculator, the balance projection, the year of care) and the page
export call these functions, so each decision is written once: which row applies (with the
national fallback), an age band, an unknown value, the base clamp, the credit paid in a month.
A month's credit is decided in two steps: :func:`credit_terms` resolves the rules in force on a
day into terms that hold for a whole period (no amounts), and :func:`credit_for` does the
arithmetic for one person (the page does the same arithmetic on the exported terms).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from yibao.data import checks
from yibao.data.i18n import t
from yibao.data.regions import benefit_year_start, region_labels, resolve_region
from yibao.data.store import Row, derived, in_force, records, unknown
from yibao.data.tables import STATUSES
from yibao.rules.schemes import AccountAnswer, has_personal_account

MAX_WAGE = 1_000_000.0
AGE_RANGE = (16, 120)
#: who the calculators know: in service, retired, flexible worker (all in employee insurance)
CREDIT_STATUSES = (*STATUSES, "flexible")
LIMITS = ("floor", "ceiling")
#: the bases a credit part is a share of (the others are fixed amounts)
SHARE_BASES = ("wage_base", "pension")


class NotComputable(ValueError):
    """The rule exists but its ¥ amount cannot be computed from the data (or the inputs given).

    ``localized(lang)`` gives the explanation in the page language.
    """

    def __init__(self, reason: str, rule: Row | None = None, **fields: object):
        self.reason, self.rule, self.fields = reason, rule, fields
        super().__init__(self.localized("en"))

    def on_day(self, on: object) -> NotComputable:
        """The same reason, naming ``on`` as the day asked about where it names a day."""
        return self if "on" not in self.fields else NotComputable(self.reason, self.rule, **{**self.fields, "on": on})

    def localized(self, lang: str) -> str:
        text = t(f"why_{self.reason}", lang, **self.fields)
        return f"{self.rule[f'description_{lang}']} — {text}" if self.rule else text


@dataclass(frozen=True)
class Person:
    """One person's inputs, as every calculation takes them (checked by the public functions).

    ``region``: a region id; ``wage_base``: the monthly wage before tax (the rules clamp it);
    ``tier``: None uses the tier with a personal account; ``contribution_years_met`` (retirees):
    None assumes the minimum years were met.
    """

    region: str
    status: str = "employee"
    wage_base: float | None = None
    pension: float | None = None
    age: int | None = None
    tier: str | None = None
    contribution_years_met: bool | None = None

    def older(self, years: int) -> Person:
        """The same person ``years`` later (the age capped at the oldest age accepted)."""
        return self if self.age is None or years == 0 else replace(self, age=min(self.age + years, AGE_RANGE[1]))


@derived
def regions_with(parameter: str) -> tuple[str, ...]:
    """The regions with ``region_params`` rows for ``parameter``."""
    return tuple(sorted({r["region"] for r in records("region_params") if r["parameter"] == parameter}))


def region_of(city: str | None, parameter: str = "account_credit") -> str:
    """The region id of ``city`` (an id or a name as people write it) among those with ``parameter`` rules."""
    return resolve_region(city, among=regions_with(parameter))


@derived
def rules(region: str, parameter: str, status: str) -> tuple[Row, ...]:
    """Rows of the region's standard scheme for ``status`` (or all); rows with a ``tier`` are other schemes."""
    return tuple(
        r
        for r in records("region_params")
        if r["region"] == region and r["parameter"] == parameter and r["status"] in (status, "all") and not r["tier"]
    )


@derived
def credit_rows(region: str, status: str) -> tuple[Row, ...]:
    """The region's crediting rules for ``status``; a region with none for it (flexible workers) gets the national ones."""
    return rules(region, "account_credit", status) or rules("national", "account_credit", status)


def banded(row: Row) -> bool:
    """Whether the row applies to an age band only."""
    return not (pd.isna(row["age_min"]) and pd.isna(row["age_max"]))


def active(rows: Iterable[Row], on: pd.Timestamp, age: int | None) -> list[Row]:
    """The rows in force on ``on`` for ``age``; ``NotComputable("needs_age")`` where a band applies and no age is given."""
    found: list[Row] = []
    for rule in rows:
        if not in_force(rule, on):
            continue
        if banded(rule):
            if age is None:
                raise NotComputable("needs_age", rule)
            low, high = rule["age_min"], rule["age_max"]
            if (not pd.isna(low) and age < low) or (not pd.isna(high) and age > high):
                continue
        found.append(rule)
    return found


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


def rule_in_force(region: str, parameter: str, status: str, on: pd.Timestamp, age: int | None) -> Row:
    """The region's row of ``parameter`` in force for ``status`` and ``age``; ``NotComputable`` when there is none."""
    rows = active(rules(region, parameter, status), on, age)
    if not rows:
        raise missing(parameter, region, status, on)
    return rows[0]


def outpatient_rules(region: str, status: str, on: pd.Timestamp, age: int | None) -> dict[str, Row]:
    """The outpatient deductible, rate and cap rows in force; ``NotComputable`` names what is missing or unknown."""
    found = {}
    for parameter in ("outpatient_deductible", "outpatient_rate", "outpatient_cap"):
        row = found[parameter] = rule_in_force(region, parameter, status, on, age)
        if unknown(row):
            raise NotComputable("unknown_value", row)
    return found


def limit_rows(region: str, on: pd.Timestamp, status: str) -> list[Row]:
    """The contribution-base floor and ceiling rows in force (none where nothing is recorded for the date);
    a status's own limits (Chengdu's flexible workers) come before the ``all`` ones."""
    found: list[Row] = []
    for limit in LIMITS:
        rows = [row for row in rules(region, f"base_{limit}", status) if in_force(row, on)]
        found += [row for row in rows if row["status"] == status] or rows
    return found


def known_limits(rows: Iterable[Row]) -> dict[str, float]:
    """``{"floor": ¥, "ceiling": ¥}`` for the limits whose value is known."""
    return {row["parameter"].removeprefix("base_"): float(row["value"]) for row in rows if not pd.isna(row["value"])}


def clamp(wage_base: float | None, limits: dict[str, float]) -> tuple[float | None, str | None]:
    """(the base used, ``"floor"`` / ``"ceiling"`` when a known limit moved it, else None)."""
    if wage_base is None:
        return None, None
    if "floor" in limits and wage_base < limits["floor"]:
        return limits["floor"], "floor"
    if "ceiling" in limits and wage_base > limits["ceiling"]:
        return limits["ceiling"], "ceiling"
    return wage_base, None


def fen(yuan: float) -> int:
    """Yuan to whole fen, half up: every amount is rounded here, once (the page: ``fen`` in credit_periods.js)."""
    return math.floor(yuan * 100 + 0.5)


#: a percentage is counted in ten-thousandths (5.6 % is 56,000), so a share of fen is integer arithmetic
#: (¥1,000,000 at 100 % is 10^14, exact in a JavaScript number too)
PERCENT_UNITS = 10_000


def share_fen(of: float, percent: float) -> int:
    """``percent`` % of ¥ ``of`` in whole fen, half up, in integers (no float artefacts: 5 % of ¥53,941.10 is ¥2,697.06)."""
    scale = 100 * PERCENT_UNITS
    return (fen(of) * math.floor(percent * PERCENT_UNITS + 0.5) + scale // 2) // scale


def pool_share(eligible: float, rate: float, room: float, basis: str) -> tuple[float, float]:
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


@dataclass(frozen=True)
class BillTerms:
    """How one kind of bill is split under the rules in force on one day (amounts in fen): the year of care's bills
    (year.py) and the projection's outpatient costs (credit.py)."""

    kind: str
    deductible: int
    per_admission: bool
    rate: float  # share of the cost above the deductible that the pooled fund pays
    cap: int | None  # the kind's own yearly cap (None: no cap)
    cap_basis: str  # fund_paid / eligible_cost
    annual_cap: int | None  # the pooled fund's yearly maximum (None: not applied)
    large: tuple[float, int | None] | NotComputable  # (share, yearly limit or None) above the maximum
    account_first: bool
    rows: tuple[Row, ...]
    large_rows: tuple[Row, ...]
    cost_to: int | None = None  # the rate holds while the year's hospital costs stay at or below this (fen)


def _whole(amount: float) -> int:
    """A sum of fen to a whole fen, half up."""
    return math.floor(amount + 0.5)


def fresh_year() -> dict[str, int]:
    """What one benefit year has used so far (fen), and the hospital stays in it."""
    used = ("outpatient_met", "inpatient_met", "pharmacy_met", "cap_used", "fund_paid", "large_paid", "stays", "inpatient_cost")
    return dict.fromkeys(used, 0)


def split_bill(amount: int, terms: BillTerms, used: dict[str, int], balance: int) -> tuple[int, int, int, int, float, float, bool]:
    """(pooled fund, large-amount layer, personal account, out of pocket, deductible left, cap left) in fen,
    and whether the bill went past the fund's yearly maximum (the page: ``split`` in credit_periods.js)."""
    if terms.cost_to is not None:
        if used["inpatient_cost"] + amount > terms.cost_to:
            raise NotComputable("rate_band", terms.rows[1], limit=f"{terms.cost_to / 100:,.0f}")
        used["inpatient_cost"] += amount
    first = min(amount, balance) if terms.account_first else 0
    base = amount - first
    if terms.per_admission:
        towards = min(base, terms.deductible)
        deductible_left = terms.deductible - towards
    else:
        met = used[f"{terms.kind}_met"]
        towards = min(base, max(terms.deductible - met, 0))
        used[f"{terms.kind}_met"] = met + towards
        deductible_left = max(terms.deductible - met - towards, 0)
    eligible = base - towards
    room = math.nan if terms.cap is None else max(terms.cap - used["cap_used"], 0)
    paid, counted = pool_share(eligible, terms.rate, room, terms.cap_basis)
    wanted = _whole(paid)
    fund = wanted if terms.annual_cap is None else min(wanted, max(terms.annual_cap - used["fund_paid"], 0))
    if terms.cap is not None:  # what the bill uses of the kind's cap (less if the yearly maximum cut the fund short)
        used["cap_used"] += _whole(counted if fund == wanted else counted * fund / wanted)
    used["fund_paid"] += fund
    large = 0
    if fund < wanted:  # the fund's yearly maximum is reached: the layer above it takes over
        if isinstance(terms.large, NotComputable):
            raise terms.large.with_traceback(None)
        share, limit = terms.large
        large = _whole((wanted - fund) / terms.rate * share)
        if limit is not None:
            large = min(large, max(limit - used["large_paid"], 0))
        used["large_paid"] += large
    patient = base - fund - large
    later = min(patient, balance - first)
    if terms.cap is not None:
        cap_left = float(max(terms.cap - used["cap_used"], 0))
    elif terms.annual_cap is not None:
        cap_left = float(max(terms.annual_cap - used["fund_paid"], 0))
    else:
        cap_left = math.nan
    left = math.nan if terms.kind == "pharmacy" else float(deductible_left)
    return fund, large, first + later, patient - later, left, cap_left, fund < wanted


def min_years_rule(region: str, on: pd.Timestamp) -> tuple[Row, bool]:
    """The minimum-contribution-years rule in force (the region's, else the national one) and whether it is the region's own."""
    for where in dict.fromkeys((region, "national")):
        found = [row for row in rules(where, "min_contribution_years", "retiree") if in_force(row, on)]
        if found:
            return found[0], where == region
    raise missing("min_contribution_years", region, "retiree", on)


@dataclass(frozen=True)
class CreditTerms:
    """How a month's credit is worked out on one day, for one status, tier and age band: no amounts yet.

    ``outcome``: ``credited``, ``no_account`` or ``keep_paying``. ``rows``: the crediting rows in
    force (each a share of ``basis`` or a fixed ``value``); ``limits``: the base floor and ceiling
    rows in force where a part is a share of the wage; ``problem``: why it cannot be computed.
    """

    outcome: str
    account: AccountAnswer
    rows: tuple[Row, ...] = ()
    limits: tuple[Row, ...] = ()
    min_years: tuple[Row, bool] | None = None
    problem: NotComputable | None = None  #: no crediting rule in force

    @property
    def uses_base(self) -> bool:
        return any(row["basis"] == "wage_base" for row in self.rows)


def part_problem(row: Row) -> NotComputable | None:
    """Why a crediting row's amount cannot be computed whatever the inputs (a local average, an unknown value)."""
    if row["basis"] in ("city_avg_wage", "city_avg_pension"):
        return NotComputable(f"local_average_{row['basis'].removeprefix('city_avg_')}", row)
    if pd.isna(row["value"]):
        return NotComputable("not_recorded", row)
    return None


def credit_terms(person: Person, on: pd.Timestamp, lang: str = "zh") -> CreditTerms:
    """The crediting rules for ``person`` on ``on`` (only the status, tier, minimum years and age count:
    resolved once for them, the day and the language)."""
    return _credit_terms(person.region, person.status, person.tier, person.contribution_years_met, person.age, on, lang)


@derived
def _credit_terms(
    region: str, status: str, tier: str | None, years_met: bool | None, age: int | None, on: pd.Timestamp, lang: str
) -> CreditTerms:
    account = has_personal_account(status, city=region, tier=tier, on=on.date(), lang=lang)
    if account.answer == "no":
        return CreditTerms("no_account", account)
    if years_met is False:
        return CreditTerms("keep_paying", account, min_years=min_years_rule(region, on))
    candidates = credit_rows(region, status)
    found = active(candidates, on, age)
    if not found:
        periods = sorted({str(r["valid_from"].date()) for r in candidates})
        problem = NotComputable("no_rule", region=region, status=status, on=on.date(), periods=", ".join(periods) or "—")
        return CreditTerms("credited", account, problem=problem)
    limits = tuple(limit_rows(region, on, status)) if any(row["basis"] == "wage_base" for row in found) else ()
    return CreditTerms("credited", account, tuple(found), limits)


@dataclass(frozen=True)
class CreditPart:
    """One component of a monthly credit (e.g. own 2%, or an employer share).

    ``amount`` is ¥ per month (a yearly credit counts as 1/12 here, to the fen, half up);
    ``yearly_amount`` is what a yearly credit pays, once a year in the month the benefit year
    starts (0 for a monthly part). ``paid_fen``: one payment, in whole fen.
    """

    payer: str
    paid_fen: int
    amount: float
    yearly: bool
    yearly_amount: float
    description: str
    source_ids: tuple[str, ...]
    confidence: str
    row_id: str


def part_amount(row: Row, wage_base: float | None, pension: float | None) -> int:
    """Fen of one payment of a crediting row: a share of the base it names, or its fixed value (half up)."""
    basis, value = row["basis"], float(row["value"])
    if basis == "wage_base":
        if wage_base is None:
            raise NotComputable("needs_wage_base", row)
        return share_fen(wage_base, value)
    if basis == "pension":
        if pension is None:
            raise NotComputable("needs_pension", row)
        return share_fen(pension, value)
    return fen(value)


@dataclass(frozen=True)
class MonthCredit:
    """A month's credit for one person: the terms, the base used and the parts."""

    terms: CreditTerms
    base: float | None
    clamped: str | None
    parts: tuple[CreditPart, ...]
    year_starts: bool

    @property
    def paid_fen(self) -> int:
        """Fen paid into the account in the month: the monthly parts, and a yearly part in the month it is paid."""
        return sum(p.paid_fen for p in self.parts if self.year_starts or not p.yearly)

    @property
    def paid(self) -> float:
        """¥ paid into the account in the month."""
        return self.paid_fen / 100


def year_start_month(region: str) -> int:
    """The month a yearly credit is paid and deductibles restart (1; Shanghai 7)."""
    return int(benefit_year_start(region)[:2])


def credit_for(person: Person, on: pd.Timestamp, lang: str = "zh", *, month: int | None = None) -> MonthCredit:
    """The credit in the month of ``on`` (or ``month``: the one whose yearly payments count), under the rules
    in force ``on``, the wage clamped to the base limits in force; raises ``NotComputable``."""
    terms = credit_terms(person, on, lang)
    if terms.problem is not None:
        raise terms.problem.with_traceback(None)  # kept with the terms: raised afresh each time
    base, clamped = clamp(person.wage_base, known_limits(terms.limits)) if terms.uses_base else (None, None)
    parts = []
    for row in terms.rows:
        problem = part_problem(row)
        if problem is not None:
            raise problem
        payment = part_amount(row, base, person.pension)
        yearly = row["frequency"] == "yearly"
        parts.append(
            CreditPart(
                payer=row["payer"] or "employee",
                paid_fen=payment,
                amount=((payment + 6) // 12 if yearly else payment) / 100,
                yearly=yearly,
                yearly_amount=payment / 100 if yearly else 0.0,
                description=row[f"description_{lang}"],
                source_ids=tuple(row["source_ids"]),
                confidence=row["confidence"],
                row_id=row["id"],
            )
        )
    return MonthCredit(terms, base, clamped, tuple(parts), (month or on.month) == year_start_month(person.region))


def day(name: str, value: dt.date | str | None) -> pd.Timestamp:
    """A date, or a month ``"YYYY-MM"`` meaning its 1st; ``None`` is today."""
    return checks.date(name, value if value is not None else dt.date.today(), month=True)
