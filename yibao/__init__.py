"""yibao — a sourced, interactive explainer of China's employee medical insurance (职工医保).

>>> import yibao
>>> yibao.filter_channels("offline")["id"].tolist()  # doctest: +SKIP
"""

from .accounts import compare_accounts
from .channels import filter_channels
from .credit import Credit, monthly_personal_credit, project_balances
from .data import DataValidationError
from .loaders import (
    load_account_comparison,
    load_channels,
    load_non_payable,
    load_region_params,
    load_regions,
    load_seed_claims,
    load_sources,
    load_withdrawal_scenarios,
)
from .withdrawal import WithdrawalAssessment, assess_withdrawal

__all__ = [
    "Credit",
    "DataValidationError",
    "WithdrawalAssessment",
    "assess_withdrawal",
    "compare_accounts",
    "filter_channels",
    "load_account_comparison",
    "load_channels",
    "load_non_payable",
    "load_region_params",
    "load_regions",
    "load_seed_claims",
    "load_sources",
    "load_withdrawal_scenarios",
    "monthly_personal_credit",
    "project_balances",
]
__version__ = "0.1.0"
