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
    "ReformComparison": "year",
    "YearOfCare": "year",
    "compare_reform": "year",
    "simulate_year": "year",
    "year_presets": "year",
    **{
        name: "loaders"
        for name in (
            "load_account_comparison",
            "load_channels",
            "load_inpatient_rules",
            "load_non_payable",
            "load_region_params",
            "load_regions",
            "load_seed_claims",
            "load_sources",
            "load_withdrawal_scenarios",
        )
    },
}
__all__ = [
    "Credit",
    "DataValidationError",
    "ReformComparison",
    "WithdrawalAssessment",
    "YearOfCare",
    "assess_withdrawal",
    "compare_accounts",
    "compare_reform",
    "filter_channels",
    "load_account_comparison",
    "load_channels",
    "load_inpatient_rules",
    "load_non_payable",
    "load_region_params",
    "load_regions",
    "load_seed_claims",
    "load_sources",
    "load_withdrawal_scenarios",
    "monthly_personal_credit",
    "project_balances",
    "simulate_year",
    "year_presets",
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
        load_inpatient_rules,
        load_non_payable,
        load_region_params,
        load_regions,
        load_seed_claims,
        load_sources,
        load_withdrawal_scenarios,
    )
    from .withdrawal import WithdrawalAssessment, assess_withdrawal
    from .year import ReformComparison, YearOfCare, compare_reform, simulate_year, year_presets
