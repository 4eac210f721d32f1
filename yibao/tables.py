"""Declarative specs of the data tables: one `Table` per CSV file in ``data/``.

The loader in :mod:`yibao.data` validates every file against these specs with a single
mechanism; ``data/README.md`` documents the same rules for people editing the files.
"""

from __future__ import annotations

from dataclasses import dataclass

CONFIDENCE = ("high", "medium", "low", "unverified")
STATUSES = ("employee", "retiree")


@dataclass(frozen=True)
class Column:
    """One column: its kind decides how cells are checked and typed.

    kinds: ``id`` (slug), ``text``, ``enum``, ``list`` (free text items), ``enum_list``,
    ``ref`` / ``ref_list`` (ids in another table), ``date`` (YYYY-MM-DD),
    ``partial_date`` (YYYY[-MM[-DD]]), ``month_day`` (MM-DD), ``number``, ``int``.
    """

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    ref: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)
    doc: str = ""
    #: rows agreeing on these columns (and on an overlapping age band) must not overlap in time
    period_key: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, kind: str = "text", required: bool = True, choices=(), ref=None) -> Column:
    return Column(name, kind, required, tuple(choices), ref)


def _bilingual(stem: str, kind: str = "text", required: bool = True) -> tuple[Column, Column]:
    return _c(f"{stem}_zh", kind, required), _c(f"{stem}_en", kind, required)


def _sourced(valid_from: bool = True) -> tuple[Column, ...]:
    dated = (_c("valid_from", "date"),) if valid_from else ()
    return dated + (_c("confidence", "enum", choices=CONFIDENCE), _c("source_ids", "ref_list", ref="sources"))


SOURCES = Table(
    "sources",
    "sources.csv",
    (
        _c("id", "id"),
        _c("kind", "enum", choices=("official", "local", "news", "seed", "other")),
        _c("title"),
        _c("publisher", required=False),
        _c("published", "partial_date", required=False),
        _c("url", required=False),
        _c("doc_number", required=False),
        _c("note_en", required=False),
    ),
    doc="Every source: official documents, city pages, news, the seed articles.",
)

REGIONS = Table(
    "regions",
    "regions.csv",
    (
        _c("id", "id"),
        *_bilingual("name"),
        _c("kind", "enum", choices=("national", "province", "city")),
        _c("reform_date", "date", required=False),
        _c("benefit_year_start", "month_day"),
        *_bilingual("note", required=False),
        *_sourced(valid_from=False),
    ),
    doc="Places the data speaks of, with the local reform date and benefit-year start.",
)

REGION_PARAMS = Table(
    "region_params",
    "region_params.csv",
    (
        _c("id", "id"),
        _c("region", "ref", ref="regions"),
        _c(
            "parameter",
            "enum",
            choices=(
                "employer_rate",
                "employee_rate",
                "employee_fixed",
                "account_credit",
                "outpatient_deductible",
                "outpatient_rate",
                "outpatient_cap",
                "pooled_annual_cap",
                "family_sharing",
            ),
        ),
        _c("status", "enum", choices=(*STATUSES, "all")),
        _c("age_min", "int", required=False),
        _c("age_max", "int", required=False),
        _c("payer", "enum", required=False, choices=("employee", "employer", "pooled_fund")),
        _c(
            "basis",
            "enum",
            required=False,
            choices=(
                "wage_base",
                "pension",
                "fixed",
                "city_avg_wage",
                "city_avg_pension",
                "eligible_cost",
                "fund_paid",
            ),
        ),
        _c("value", "number", required=False),
        _c("unit", "enum", choices=("percent", "yuan", "text")),
        _c("frequency", "enum", required=False, choices=("monthly", "yearly")),
        _c("valid_from", "date"),
        _c("valid_to", "date", required=False),
        *_bilingual("description"),
        *_sourced(valid_from=False),
    ),
    period_key=("region", "parameter", "status", "payer"),
    doc="Dated, sourced city parameters, one value a row (PolicyEngine style).",
)

HOSPITAL_LEVELS = ("community", "level1", "level2", "level3", "any")
INPATIENT_RULES = Table(
    "inpatient_rules",
    "inpatient_rules.csv",
    (
        _c("id", "id"),
        _c("region", "ref", ref="regions"),
        _c(
            "parameter",
            "enum",
            choices=(
                "inpatient_deductible",
                "inpatient_rate",
                "large_amount_rate",
                "large_amount_cap",
                "outpatient_draw_order",
                "inpatient_draw_order",
                "pharmacy_draw_order",
            ),
        ),
        _c("status", "enum", choices=(*STATUSES, "all")),
        _c("hospital_level", "enum", choices=HOSPITAL_LEVELS),
        _c("admission", "enum", choices=("first", "later", "any")),
        _c(
            "basis",
            "enum",
            required=False,
            choices=("per_admission", "per_year", "fund_first", "account_first", "account_only", "fund_paid"),
        ),
        _c("value", "number", required=False),
        _c("unit", "enum", choices=("percent", "yuan", "text")),
        _c("valid_from", "date"),
        _c("valid_to", "date", required=False),
        *_bilingual("description"),
        *_sourced(valid_from=False),
        _c("research_note", required=False),
    ),
    period_key=("region", "parameter", "status", "hospital_level", "admission"),
    doc="Dated, sourced rules for hospital stays and for who pays first (PolicyEngine style, one value a row).",
)

ACCOUNT_COMPARISON = Table(
    "account_comparison",
    "account_comparison.csv",
    (
        _c("id", "id"),
        _c("order", "int"),
        *_bilingual("dimension"),
        *_bilingual("personal"),
        *_bilingual("pooled"),
        _c("valid_from", "date"),
        _c("confidence", "enum", choices=CONFIDENCE),
        _c("personal_source_ids", "ref_list", ref="sources"),
        _c("pooled_source_ids", "ref_list", ref="sources"),
    ),
    doc="Personal account vs pooled fund, one dimension a row, each cell sourced.",
)

CHANNEL_SHOWS = ("personal_balance", "transactions", "pooled_quota", "contributions", "family_sharing", "bank_balance")
CHANNEL_NEEDS = (
    "id_card",
    "ss_card",
    "password",
    "face_recognition",
    "real_name",
    "phone_number",
    "e_credential",
    "smartphone",
)
CHANNELS = Table(
    "channels",
    "channels.csv",
    (
        _c("id", "id"),
        _c("order", "int"),
        *_bilingual("name"),
        _c("mode", "enum", choices=("online", "offline")),
        _c(
            "kind",
            "enum",
            choices=(
                "app",
                "website",
                "mini_program",
                "phone",
                "counter",
                "terminal",
                "pharmacy",
                "hospital",
                "bank",
                "wechat_account",
            ),
        ),
        _c("shows", "enum_list", choices=CHANNEL_SHOWS),
        _c("needs", "enum_list", required=False, choices=CHANNEL_NEEDS),
        *_bilingual("steps", "list"),
        _c("region", "ref", ref="regions"),
        _c("status", "enum", choices=("current", "outdated", "misleading")),
        *_bilingual("caveats", required=False),
        *_sourced(),
    ),
    doc="Ways to check a balance, online and offline.",
)

VERDICTS = ("allowed", "regional", "not_allowed")
WITHDRAWAL_SCENARIOS = Table(
    "withdrawal_scenarios",
    "withdrawal_scenarios.csv",
    (
        _c("id", "id"),
        _c("region", "ref", ref="regions"),
        _c("order", "int"),
        *_bilingual("title"),
        _c("verdict", "enum", choices=VERDICTS),
        *_bilingual("summary"),
        *_bilingual("who_may_apply", required=False),
        *_bilingual("documents", "list", required=False),
        *_bilingual("after_effects", "list", required=False),
        *_bilingual("warnings", "list", required=False),
        *_sourced(),
    ),
    key=("id", "region"),
    doc="When the personal-account balance can, might, or can never be taken out.",
)

NON_PAYABLE = Table(
    "non_payable",
    "non_payable.csv",
    (
        _c("id", "id"),
        _c("order", "int"),
        *_bilingual("item"),
        _c("applies_to", "enum", choices=("fund", "personal_account", "both")),
        _c("region", "ref", ref="regions"),
        _c("status", "enum", choices=("law", "local_rule", "seed_only")),
        *_bilingual("exception", required=False),
        *_sourced(),
    ),
    doc="What the fund or the personal account does not pay for.",
)

SEED_VERDICTS = ("correct", "outdated", "wrong", "misleading")
SEED_CLAIMS = Table(
    "seed_claims",
    "seed_claims.csv",
    (
        _c("id", "id"),
        _c("seed", "ref", ref="sources"),
        _c("quote_zh"),
        _c("claim_en"),
        _c(
            "topic",
            "enum",
            choices=(
                "hotline",
                "channels",
                "pooled_fund",
                "personal_account",
                "withdrawal",
                "family_sharing",
                "non_payable",
                "penalties",
                "year_end",
            ),
        ),
        _c("verdict", "enum", choices=SEED_VERDICTS),
        *_bilingual("correction"),
        *_sourced(valid_from=False),
    ),
    doc="What the seed articles claimed, with verdict and correction.",
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        SOURCES,
        REGIONS,
        REGION_PARAMS,
        INPATIENT_RULES,
        ACCOUNT_COMPARISON,
        CHANNELS,
        WITHDRAWAL_SCENARIOS,
        NON_PAYABLE,
        SEED_CLAIMS,
    )
}
