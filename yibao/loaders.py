"""The public loaders: each returns a validated, typed DataFrame (a fresh copy)."""

from __future__ import annotations

import pandas as pd

from .data import load_table


def load_sources() -> pd.DataFrame:
    """Every source: id, kind, title, publisher, published, url, doc_number, note_en."""
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
