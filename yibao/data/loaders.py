"""The public loaders: each returns a validated, typed DataFrame (a fresh copy)."""

from __future__ import annotations

import pandas as pd

from yibao.data.store import load_table


def load_sources() -> pd.DataFrame:
    """Every source: id, kind, title, publisher, published, url, doc_number, research_note (never shown)."""
    return load_table("sources")


def load_regions() -> pd.DataFrame:
    """Regions (national, cities, provinces) with reform date and benefit-year start."""
    return load_table("regions")


def load_region_params() -> pd.DataFrame:
    """Dated city parameters: rates, personal-account crediting, outpatient pooling, sharing."""
    return load_table("region_params")


def load_inpatient_rules() -> pd.DataFrame:
    """Dated rules for hospital stays, the layer above the pooled fund's yearly maximum, and who pays first."""
    return load_table("inpatient_rules")


def load_account_comparison() -> pd.DataFrame:
    """Personal account vs pooled fund, one dimension a row, each cell sourced."""
    return load_table("account_comparison")


def load_channels() -> pd.DataFrame:
    """Channels for checking a balance: mode (online/offline), what they show and need, steps."""
    return load_table("channels")


def load_withdrawal_scenarios() -> pd.DataFrame:
    """Withdrawal scenarios by region: verdict, who may apply, documents, after-effects."""
    return load_table("withdrawal_scenarios")


def load_non_payable() -> pd.DataFrame:
    """What the fund or the personal account does not pay for, with the legal basis."""
    return load_table("non_payable")


def load_seed_claims() -> pd.DataFrame:
    """Claims from the seed articles with verdict, correction (zh/en) and sources."""
    return load_table("seed_claims")


def load_schemes() -> pd.DataFrame:
    """Who has a personal account: scheme × region × tier × dates, with reason, sources."""
    return load_table("schemes")


def load_triage() -> pd.DataFrame:
    """The first question's routes: what applies to each scheme and which pages do not."""
    return load_table("triage")


def load_family_options() -> pd.DataFrame:
    """亲情账户, 家庭共济 and 医保钱包 side by side: what, who, how, limits, availability."""
    return load_table("family_options")


def load_questions() -> pd.DataFrame:
    """The question finder's questions with short sourced answers and the page that goes deeper."""
    return load_table("questions")


def load_question_topics() -> pd.DataFrame:
    """Topics of the question finder (id, order, label_zh, label_en)."""
    return load_table("question_topics")


def load_synonyms() -> pd.DataFrame:
    """The question finder's synonym groups: the words people use for the same thing."""
    return load_table("synonyms")
