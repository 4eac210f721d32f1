"""yibao — a sourced, interactive explainer of China's employee medical insurance (职工医保).

>>> import yibao
>>> yibao.monthly_personal_credit(8000, on="2024-01-01").amount
160.0

Names load on first use (PEP 562), so ``import yibao`` stays cheap and the Jupyter server
extension ``yibao.nodelay`` does not pull in pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public names by the submodule that defines them (the TYPE_CHECKING block below mirrors it).
_MODULES: dict[str, tuple[str, ...]] = {
    "accounts": (
        "account_rows",
        "compare_accounts",
    ),
    "channels": (
        "channel_records",
        "filter_channels",
    ),
    "claims": ("seed_claims",),
    "correction": (
        "REPOSITORY_URL",
        "correction_url",
    ),
    "coverage": (
        "family_options",
        "family_sharing_rules",
        "non_payable_items",
    ),
    "credit": (
        "Credit",
        "NotComputable",
        "credit_rules",
        "monthly_personal_credit",
        "project_balances",
    ),
    "data": ("DataValidationError",),
    "figures": ("balance_figure",),
    "health": ("health_report",),
    "loaders": (
        "load_account_comparison",
        "load_channels",
        "load_family_options",
        "load_inpatient_rules",
        "load_non_payable",
        "load_question_topics",
        "load_questions",
        "load_region_params",
        "load_regions",
        "load_schemes",
        "load_seed_claims",
        "load_sources",
        "load_synonyms",
        "load_triage",
        "load_withdrawal_scenarios",
    ),
    "questions": (
        "find_questions",
        "question_index",
        "question_records",
        "question_topics",
    ),
    "regions": ("region_name",),
    "schemes": (
        "AccountAnswer",
        "Triage",
        "has_personal_account",
        "scheme_tiers",
        "triage",
        "triage_choices",
    ),
    "sources": ("cite",),
    "withdrawal": (
        "WithdrawalAssessment",
        "assess_withdrawal",
        "withdrawal_scenarios",
    ),
    "year": (
        "YearInputError",
        "YearOfCare",
        "simulate_year",
    ),
    "rules.reform": (
        "ReformComparison",
        "compare_reform",
    ),
    "rules.year_report": (
        "payer_shares",
        "year_inputs",
        "year_presets",
        "year_report",
    ),
    "rules.year_export": ("year_rules",),
}
_EXPORTS = {name: module for module, names in _MODULES.items() for name in names}
__all__ = [
    "AccountAnswer",
    "Credit",
    "DataValidationError",
    "NotComputable",
    "REPOSITORY_URL",
    "ReformComparison",
    "Triage",
    "WithdrawalAssessment",
    "YearInputError",
    "YearOfCare",
    "account_rows",
    "assess_withdrawal",
    "balance_figure",
    "channel_records",
    "cite",
    "compare_accounts",
    "compare_reform",
    "correction_url",
    "credit_rules",
    "family_options",
    "family_sharing_rules",
    "filter_channels",
    "find_questions",
    "has_personal_account",
    "health_report",
    "load_account_comparison",
    "load_channels",
    "load_family_options",
    "load_inpatient_rules",
    "load_non_payable",
    "load_question_topics",
    "load_questions",
    "load_region_params",
    "load_regions",
    "load_schemes",
    "load_seed_claims",
    "load_sources",
    "load_synonyms",
    "load_triage",
    "load_withdrawal_scenarios",
    "monthly_personal_credit",
    "non_payable_items",
    "payer_shares",
    "project_balances",
    "question_index",
    "question_records",
    "question_topics",
    "region_name",
    "scheme_tiers",
    "seed_claims",
    "simulate_year",
    "triage",
    "triage_choices",
    "withdrawal_scenarios",
    "year_inputs",
    "year_presets",
    "year_report",
    "year_rules",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    try:
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise  # a submodule exists but something it imports is missing: say what
        raise AttributeError(f"module 'yibao' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from .accounts import account_rows, compare_accounts
    from .channels import channel_records, filter_channels
    from .claims import seed_claims
    from .correction import REPOSITORY_URL, correction_url
    from .coverage import family_options, family_sharing_rules, non_payable_items
    from .credit import Credit, NotComputable, credit_rules, monthly_personal_credit, project_balances
    from .data import DataValidationError
    from .figures import balance_figure
    from .health import health_report
    from .loaders import (
        load_account_comparison,
        load_channels,
        load_family_options,
        load_inpatient_rules,
        load_non_payable,
        load_question_topics,
        load_questions,
        load_region_params,
        load_regions,
        load_schemes,
        load_seed_claims,
        load_sources,
        load_synonyms,
        load_triage,
        load_withdrawal_scenarios,
    )
    from .questions import find_questions, question_index, question_records, question_topics
    from .regions import region_name
    from .rules.reform import ReformComparison, compare_reform
    from .rules.year_export import year_rules
    from .rules.year_report import payer_shares, year_inputs, year_presets, year_report
    from .schemes import AccountAnswer, Triage, has_personal_account, scheme_tiers, triage, triage_choices
    from .sources import cite
    from .withdrawal import WithdrawalAssessment, assess_withdrawal, withdrawal_scenarios
    from .year import YearInputError, YearOfCare, simulate_year
