"""ipywidgets builders: each returns a container whose controls and outputs are attributes.

>>> from yibao import widgets
>>> widgets.language_switch()      # one switch relabels every widget on the page
>>> widgets.channel_explorer()     # .mode.value = "offline" → .table.value shows offline channels

Browser explainers (anywidget; they also work on the static site, see ``browser``):

>>> widgets.language_toggle()      # 中文 / English for the browser explainers, kept across pages
>>> widgets.channel_finder()       # .mode = "offline" → the page lists .shown()
>>> widgets.scheme_triage()        # .scheme = "resident" → what applies, which pages do not
>>> widgets.question_finder()      # .query = "我妈走了卡里的钱怎么取" → .shown(), ranked in the page
>>> widgets.credit_calculator()    # .wage = 40000.0; .city = "beijing" → .credit(), computed in the page
>>> widgets.balance_chart()        # .stop_month = 13 → .projection(), drawn in the page as SVG
>>> widgets.year_of_care()         # .preset = "one_operation" → .report(): who pays each bill, computed in the page
"""

from ._base import PAGE_LANGUAGE, Language, language_switch
from .accounts import AccountComparison, account_comparison
from .browser import (
    AccountTable,
    ChannelFinder,
    ClaimChecker,
    FamilyOptionsTable,
    FamilySharingTimeline,
    LanguageToggle,
    NonPayableList,
    QuestionFinder,
    SchemeTriage,
    WithdrawalSteps,
    account_table,
    channel_finder,
    claim_checker,
    family_options_table,
    family_sharing_timeline,
    language_toggle,
    non_payable_list,
    question_finder,
    scheme_triage,
    withdrawal_steps,
)
from .channels import ChannelExplorer, channel_explorer
from .credit import BalanceChart, CreditCalculator, balance_chart, credit_calculator
from .myths import FamilySharing, MythBuster, NonPayable, family_sharing, myth_buster, non_payable
from .withdrawal import WithdrawalGuide, withdrawal_guide
from .year import YearOfCare, year_of_care

__all__ = [
    "PAGE_LANGUAGE",
    "AccountComparison",
    "AccountTable",
    "BalanceChart",
    "ChannelExplorer",
    "ChannelFinder",
    "ClaimChecker",
    "CreditCalculator",
    "FamilyOptionsTable",
    "FamilySharing",
    "FamilySharingTimeline",
    "Language",
    "LanguageToggle",
    "MythBuster",
    "NonPayable",
    "NonPayableList",
    "QuestionFinder",
    "SchemeTriage",
    "WithdrawalGuide",
    "WithdrawalSteps",
    "YearOfCare",
    "account_comparison",
    "account_table",
    "balance_chart",
    "channel_explorer",
    "channel_finder",
    "claim_checker",
    "credit_calculator",
    "family_options_table",
    "family_sharing",
    "family_sharing_timeline",
    "language_switch",
    "language_toggle",
    "myth_buster",
    "non_payable",
    "non_payable_list",
    "question_finder",
    "scheme_triage",
    "withdrawal_guide",
    "year_of_care",
    "withdrawal_steps",
]
