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

_EXPORTS = {
    "account_rows": "accounts",
    "compare_accounts": "accounts",
    "REPOSITORY_URL": "correction",
    "correction_url": "correction",
    "health_report": "health",
    "channel_records": "channels",
    "filter_channels": "channels",
    "seed_claims": "claims",
    "family_sharing_rules": "coverage",
    "non_payable_items": "coverage",
    "Credit": "credit",
    "NotComputable": "credit",
    "monthly_personal_credit": "credit",
    "project_balances": "credit",
    "DataValidationError": "data",
    "region_name": "regions",
    "cite": "sources",
    "WithdrawalAssessment": "withdrawal",
    "assess_withdrawal": "withdrawal",
    "withdrawal_scenarios": "withdrawal",
    **{
        name: "loaders"
        for name in (
            "load_account_comparison",
            "load_channels",
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
    "REPOSITORY_URL",
    "Credit",
    "DataValidationError",
    "NotComputable",
    "WithdrawalAssessment",
    "account_rows",
    "assess_withdrawal",
    "channel_records",
    "cite",
    "compare_accounts",
    "correction_url",
    "family_sharing_rules",
    "filter_channels",
    "health_report",
    "load_account_comparison",
    "load_channels",
    "load_non_payable",
    "load_region_params",
    "load_regions",
    "load_seed_claims",
    "load_sources",
    "load_withdrawal_scenarios",
    "monthly_personal_credit",
    "non_payable_items",
    "project_balances",
    "region_name",
    "seed_claims",
    "withdrawal_scenarios",
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
    from .coverage import family_sharing_rules, non_payable_items
    from .credit import Credit, NotComputable, monthly_personal_credit, project_balances
    from .data import DataValidationError
    from .health import health_report
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
    from .regions import region_name
    from .sources import cite
    from .withdrawal import WithdrawalAssessment, assess_withdrawal, withdrawal_scenarios
