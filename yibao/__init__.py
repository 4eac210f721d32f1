"""yibao — a sourced, interactive explainer of China's employee medical insurance (职工医保).

>>> import yibao
>>> yibao.monthly_personal_credit(8000, on="2024-01-01").amount
160.0

Names load on first use (PEP 562), so ``import yibao`` stays cheap and the Jupyter server
extension ``yibao.nodelay`` does not pull in pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_EXPORTS = {
    "compare_accounts": "accounts",
    "filter_channels": "channels",
    "Credit": "credit",
    "monthly_personal_credit": "credit",
    "project_balances": "credit",
    "DataValidationError": "data",
    "WithdrawalAssessment": "withdrawal",
    "assess_withdrawal": "withdrawal",
    "AccountAnswer": "schemes",
    "Triage": "schemes",
    "has_personal_account": "schemes",
    "scheme_tiers": "schemes",
    "triage": "schemes",
    "triage_choices": "schemes",
    "find_questions": "questions",
    "question_topics": "questions",
    **{
        name: "loaders"
        for name in (
            "load_account_comparison",
            "load_channels",
            "load_family_options",
            "load_non_payable",
            "load_question_topics",
            "load_questions",
            "load_region_params",
            "load_regions",
            "load_schemes",
            "load_seed_claims",
            "load_sources",
            "load_triage",
            "load_withdrawal_scenarios",
        )
    },
}
__all__ = [
    "AccountAnswer",
    "Credit",
    "DataValidationError",
    "Triage",
    "WithdrawalAssessment",
    "assess_withdrawal",
    "compare_accounts",
    "filter_channels",
    "find_questions",
    "has_personal_account",
    "load_account_comparison",
    "load_channels",
    "load_family_options",
    "load_non_payable",
    "load_question_topics",
    "load_questions",
    "load_region_params",
    "load_regions",
    "load_schemes",
    "load_seed_claims",
    "load_sources",
    "load_triage",
    "load_withdrawal_scenarios",
    "monthly_personal_credit",
    "project_balances",
    "question_topics",
    "scheme_tiers",
    "triage",
    "triage_choices",
]


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    try:
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError:
        raise AttributeError(f"module 'yibao' has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])


if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from .accounts import compare_accounts
    from .channels import filter_channels
    from .credit import Credit, monthly_personal_credit, project_balances
    from .data import DataValidationError
    from .loaders import (
        load_account_comparison,
        load_channels,
        load_family_options,
        load_non_payable,
        load_question_topics,
        load_questions,
        load_region_params,
        load_regions,
        load_schemes,
        load_seed_claims,
        load_sources,
        load_triage,
        load_withdrawal_scenarios,
    )
    from .questions import find_questions, question_topics
    from .schemes import AccountAnswer, Triage, has_personal_account, scheme_tiers, triage, triage_choices
    from .withdrawal import WithdrawalAssessment, assess_withdrawal
