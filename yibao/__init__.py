"""yibao — a sourced, interactive explainer of China's employee medical insurance (职工医保).

>>> import yibao
>>> yibao.monthly_personal_credit(8000, on="2024-01-01").amount
160.0

Names load on first use (PEP 562), so ``import yibao`` stays cheap and the Jupyter server
extension ``yibao.serve.nodelay`` does not pull in pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

#: Public names by the submodule that defines them (the TYPE_CHECKING block below mirrors it).
_MODULES: dict[str, tuple[str, ...]] = {
    "answers.accounts": (
        "account_rows",
        "compare_accounts",
    ),
    "answers.channels": (
        "channel_records",
        "filter_channels",
    ),
    "answers.cities": (
        "city_facts",
        "city_facts_page",
    ),
    "answers.claims": ("seed_claims",),
    "data.correction": (
        "REPOSITORY_URL",
        "correction_url",
    ),
    "answers.coverage": (
        "family_options",
        "family_sharing_rules",
        "non_payable_items",
    ),
    "rules.credit": (
        "Credit",
        "NotComputable",
        "credit_rules",
        "monthly_personal_credit",
        "project_balances",
    ),
    "data.store": ("DataValidationError",),
    "answers.figures": ("balance_figure",),
    "data.health": ("health_report",),
    "rules.calculator_inputs": ("city_inputs",),
    "data.loaders": (
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
        "load_out_of_scope",
        "load_synonyms",
        "load_triage",
        "load_withdrawal_scenarios",
    ),
    "answers.questions": (
        "find_questions",
        "out_of_scope",
        "out_of_scope_records",
        "question_index",
        "question_records",
        "question_topics",
    ),
    "data.regions": ("region_name",),
    "rules.schemes": (
        "AccountAnswer",
        "has_personal_account",
        "scheme_tiers",
    ),
    "answers.triage": (
        "Triage",
        "triage",
        "triage_choices",
    ),
    "data.sources": ("cite",),
    "answers.withdrawal": (
        "WithdrawalAssessment",
        "assess_withdrawal",
        "withdrawal_scenarios",
    ),
    "rules.year": (
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
__all__ = sorted(_EXPORTS)


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
    from yibao.answers.accounts import account_rows, compare_accounts
    from yibao.answers.channels import channel_records, filter_channels
    from yibao.answers.cities import city_facts, city_facts_page
    from yibao.answers.claims import seed_claims
    from yibao.answers.coverage import family_options, family_sharing_rules, non_payable_items
    from yibao.answers.figures import balance_figure
    from yibao.answers.questions import (
        find_questions,
        out_of_scope,
        out_of_scope_records,
        question_index,
        question_records,
        question_topics,
    )
    from yibao.answers.triage import Triage, triage, triage_choices
    from yibao.answers.withdrawal import WithdrawalAssessment, assess_withdrawal, withdrawal_scenarios
    from yibao.data.correction import REPOSITORY_URL, correction_url
    from yibao.data.health import health_report
    from yibao.data.loaders import (
        load_account_comparison,
        load_channels,
        load_family_options,
        load_inpatient_rules,
        load_non_payable,
        load_out_of_scope,
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
    from yibao.data.regions import region_name
    from yibao.data.sources import cite
    from yibao.data.store import DataValidationError
    from yibao.rules.calculator_inputs import city_inputs
    from yibao.rules.credit import Credit, NotComputable, credit_rules, monthly_personal_credit, project_balances
    from yibao.rules.reform import ReformComparison, compare_reform
    from yibao.rules.schemes import AccountAnswer, has_personal_account, scheme_tiers
    from yibao.rules.year import YearInputError, YearOfCare, simulate_year
    from yibao.rules.year_export import year_rules
    from yibao.rules.year_report import payer_shares, year_inputs, year_presets, year_report
