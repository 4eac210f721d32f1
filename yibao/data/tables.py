"""Declarative specs of the data tables: one `Table` per CSV file in ``data/``.

The loader in :mod:`yibao.data` validates every file against these specs with a single
mechanism; ``data/README.md`` documents the same rules for people editing the files.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

CONFIDENCE = ("high", "medium", "low", "unverified")
STATUSES = ("employee", "retiree")
#: the four ways people are insured: employee insurance in service / retired / as a flexible worker, residents' insurance
SCHEMES = ("employee", "retiree", "flexible", "resident")
#: notebook pages (the app's pages); ``05_family`` is the family-sharing page, ``06_year_of_care`` a year of bills
PAGES = ("00_start_here", "01_accounts", "02_channels", "03_withdrawal", "04_myths", "05_family", "06_year_of_care")
#: widget builders in ``yibao.widgets`` a question can point to
EXPLORERS = (
    "account_table",
    "credit_calculator",
    "balance_chart",
    "channel_finder",
    "withdrawal_steps",
    "claim_checker",
    "family_sharing_timeline",
    "non_payable_list",
    "year_of_care",
)
#: schemes without a personal account, beside a city's standard scheme (empty ``tier``)
TIERS = ("tier_2", "pooled_only")


class Kind(StrEnum):
    """How a column's cells are checked and typed (one checker each in :mod:`yibao.data`)."""

    ID = "id"  #: a lowercase slug
    TEXT = "text"
    ENUM = "enum"  #: one of ``Column.choices``
    LIST = "list"  #: free-text items separated by ``|``
    ENUM_LIST = "enum_list"
    REF = "ref"  #: an id in the table ``Column.ref``
    REF_LIST = "ref_list"
    DATE = "date"  #: YYYY-MM-DD
    PARTIAL_DATE = "partial_date"  #: YYYY, YYYY-MM or YYYY-MM-DD
    MONTH_START = "month_start"  #: MM-01: the first of a month (a benefit year starts with a month)
    NUMBER = "number"
    INT = "int"
    FLAG = "flag"  #: ``yes`` or empty, typed as a bool

    @property
    def is_list(self) -> bool:
        return self in (Kind.LIST, Kind.ENUM_LIST, Kind.REF_LIST)


@dataclass(frozen=True)
class Column:
    """One column of a table: name, kind, whether it is required, choices or referenced table."""

    name: str
    kind: Kind = Kind.TEXT
    required: bool = True
    choices: tuple[str, ...] = ()
    ref: str | None = None


@dataclass(frozen=True)
class Table:
    name: str
    file: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)
    #: rows agreeing on these columns (and on an overlapping age band) must not overlap in time
    period_key: tuple[str, ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, kind: str = "text", required: bool = True, choices: tuple[str, ...] = (), ref: str | None = None) -> Column:
    return Column(name, Kind(kind), required, tuple(choices), ref)


def _bilingual(stem: str, kind: str = "text", required: bool = True) -> tuple[Column, Column]:
    return _c(f"{stem}_zh", kind, required), _c(f"{stem}_en", kind, required)


def _sourced(valid_from: bool = True) -> tuple[Column, ...]:
    dated = (_c("valid_from", "date"),) if valid_from else ()
    return dated + (_c("confidence", "enum", choices=CONFIDENCE), _c("source_ids", "ref_list", ref="sources"))


#: maintainer-only notes (how a value was found, placeholders, conflicts between sources);
#: optional in every table and never shown by the app
RESEARCH_NOTE = Column("research_note", Kind.TEXT, required=False)


SOURCES = Table(
    "sources",
    "sources.csv",
    (
        _c("id", "id"),
        _c("kind", "enum", choices=("official", "local", "news", "seed", "other")),
        _c("title"),
        _c("publisher"),
        _c("published", "partial_date", required=False),
        _c("url", required=False),
        _c("doc_number", required=False),
        RESEARCH_NOTE,
    ),
)

REGIONS = Table(
    "regions",
    "regions.csv",
    (
        _c("id", "id"),
        *_bilingual("name"),
        #: the province-level division the place is in (itself for a province or a municipality); empty for national
        *_bilingual("province", required=False),
        _c("kind", "enum", choices=("national", "province", "city")),
        _c("reform_date", "date", required=False),
        _c("benefit_year_start", "month_start"),
        *_bilingual("note", required=False),
        *_sourced(valid_from=False),
        RESEARCH_NOTE,
    ),
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
                "outpatient_rate_hospital",
                "pooled_annual_cap",
                "family_sharing",
                "base_floor",
                "base_ceiling",
                "min_contribution_years",
            ),
        ),
        _c("status", "enum", choices=(*STATUSES, "flexible", "all")),
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
        _c("tier", "enum", required=False, choices=TIERS),
        _c("temporary", "flag", required=False),
        RESEARCH_NOTE,
    ),
    period_key=("region", "parameter", "status", "payer", "tier"),
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
        _c("age_min", "int", required=False),
        _c("age_max", "int", required=False),
        #: the row applies only to people who retired before / on or after this date (empty: anyone)
        _c("retired_before", "date", required=False),
        _c("retired_from", "date", required=False),
        _c(
            "basis",
            "enum",
            required=False,
            choices=("per_admission", "per_year", "fund_first", "account_first", "account_only", "fund_paid"),
        ),
        _c("value", "number", required=False),
        #: for an ``inpatient_rate`` that is the first of several cost bands: the band's upper end (¥ of a year's hospital costs)
        _c("cost_to", "number", required=False),
        _c("unit", "enum", choices=("percent", "yuan", "text")),
        _c("valid_from", "date"),
        _c("valid_to", "date", required=False),
        *_bilingual("description"),
        *_sourced(valid_from=False),
        RESEARCH_NOTE,
    ),
    period_key=("region", "parameter", "status", "hospital_level", "admission", "retired_before", "retired_from"),
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
        RESEARCH_NOTE,
    ),
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
        RESEARCH_NOTE,
    ),
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
        RESEARCH_NOTE,
    ),
    key=("id", "region"),
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
        RESEARCH_NOTE,
    ),
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
        RESEARCH_NOTE,
    ),
)

SCHEME_RULES = Table(
    "schemes",
    "schemes.csv",
    (
        _c("id", "id"),
        _c("scheme", "enum", choices=SCHEMES),
        _c("region", "ref", ref="regions"),
        _c("tier", "id", required=False),
        *_bilingual("tier", required=False),
        _c("answer", "enum", choices=("yes", "no", "depends")),
        *_bilingual("reason"),
        *_bilingual("instead", required=False),
        *_bilingual("caveat", required=False),
        _c("valid_from", "date"),
        _c("valid_to", "date", required=False),
        *_sourced(valid_from=False),
        RESEARCH_NOTE,
    ),
    period_key=("scheme", "region", "tier"),
)

TRIAGE = Table(
    "triage",
    "triage.csv",
    (
        _c("id", "id"),
        _c("order", "int"),
        _c("kind", "enum", choices=("scheme", "unsure", "route")),
        *_bilingual("label"),
        *_bilingual("summary"),
        *_bilingual("applies", "list"),
        *_bilingual("not_applies", "list", required=False),
        _c("pages", "enum_list", required=False, choices=PAGES),
        _c("skip_pages", "enum_list", required=False, choices=PAGES),
        *_bilingual("steps", "list", required=False),
        *_sourced(),
        RESEARCH_NOTE,
    ),
)

QUESTION_TOPICS = Table(
    "question_topics",
    "question_topics.csv",
    (_c("id", "id"), _c("order", "int"), *_bilingual("label"), RESEARCH_NOTE),
)

QUESTIONS = Table(
    "questions",
    "questions.csv",
    (
        _c("id", "id"),
        _c("order", "int"),
        # how often people ask it, 1 (rarely) … 5 (among the most asked): the finder's prior
        _c("asked", "int"),
        _c("topic", "ref", ref="question_topics"),
        _c("schemes", "enum_list", choices=SCHEMES),
        *_bilingual("question"),
        *_bilingual("answer"),
        _c("keywords", "list", required=False),
        _c("see_also", "enum", choices=PAGES),
        _c("explorer", "enum", required=False, choices=EXPLORERS),
        *_sourced(),
        #: the table rows an answer's numbers and verdict come from: ``table:id`` (``table:id@region`` for withdrawal scenarios)
        _c("facts", "list", required=False),
        RESEARCH_NOTE,
    ),
)

SYNONYMS = Table(
    "synonyms",
    "synonyms.csv",
    (
        _c("id", "id"),
        _c("lang", "enum", choices=("zh", "en")),
        _c("canonical"),
        _c("variants", "list"),
        _c("scheme", "enum", required=False, choices=SCHEMES),
        # "domain": the group only marks a query as about 医保 (it then always gets its best
        # matches), it adds nothing to a score
        _c("role", "enum", required=False, choices=("domain",)),
        RESEARCH_NOTE,
    ),
)

FAMILY_OPTIONS = Table(
    "family_options",
    "family_options.csv",
    (
        _c("id", "id"),
        _c("order", "int"),
        *_bilingual("name"),
        _c("money_moves", "enum", choices=("yes", "no")),
        *_bilingual("what"),
        *_bilingual("who"),
        *_bilingual("how", "list"),
        *_bilingual("limits", "list", required=False),
        *_bilingual("availability", required=False),
        *_sourced(),
        RESEARCH_NOTE,
    ),
)

#: questions outside 医保 that people type into the finder (养老金, 公积金 …): the words that name
#: them, the words that keep such a query about 医保 after all, and where the question belongs
OUT_OF_SCOPE = Table(
    "out_of_scope",
    "out_of_scope.csv",
    (
        _c("id", "id"),
        _c("order", "int"),
        _c("terms", "list"),
        _c("unless", "list"),
        *_bilingual("name"),
        *_bilingual("where"),
        *_sourced(),
        RESEARCH_NOTE,
    ),
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
        SCHEME_RULES,
        TRIAGE,
        FAMILY_OPTIONS,
        QUESTION_TOPICS,
        QUESTIONS,
        SYNONYMS,
        OUT_OF_SCOPE,
    )
}
