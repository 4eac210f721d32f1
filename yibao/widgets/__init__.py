"""ipywidgets builders: each returns a container whose controls and outputs are attributes.

>>> from yibao import widgets
>>> widgets.language_switch()      # one switch relabels every widget on the page
>>> widgets.channel_explorer()     # .mode.value = "offline" → .table.value shows offline channels
>>> widgets.year_of_care()         # a year of bills: who pays each, before vs after the reform
"""

from ._base import PAGE_LANGUAGE, Language, language_switch
from .accounts import AccountComparison, account_comparison
from .channels import ChannelExplorer, channel_explorer
from .credit import BalanceChart, CreditCalculator, balance_chart, credit_calculator
from .myths import FamilySharing, MythBuster, NonPayable, family_sharing, myth_buster, non_payable
from .withdrawal import WithdrawalGuide, withdrawal_guide
from .year import YearOfCareExplorer, year_of_care

__all__ = [
    "PAGE_LANGUAGE",
    "AccountComparison",
    "BalanceChart",
    "ChannelExplorer",
    "CreditCalculator",
    "FamilySharing",
    "Language",
    "MythBuster",
    "NonPayable",
    "WithdrawalGuide",
    "YearOfCareExplorer",
    "account_comparison",
    "balance_chart",
    "channel_explorer",
    "credit_calculator",
    "family_sharing",
    "language_switch",
    "myth_buster",
    "non_payable",
    "withdrawal_guide",
    "year_of_care",
]
