"""ipywidgets builders: each returns a container whose controls and outputs are attributes.

>>> from yibao import widgets
>>> widgets.language_switch()      # one switch relabels every widget on the page
>>> widgets.year_of_care()         # a year of bills: who pays each, before vs after the reform

Browser explainers (anywidget; they also work on the static site, see ``browser``):

>>> widgets.language_toggle()      # 中文 / English for the browser explainers, kept across pages
>>> widgets.channel_finder()       # .mode = "offline" → the page lists .shown()
>>> widgets.scheme_triage()        # .scheme = "resident" → what applies, which pages do not
>>> widgets.question_finder()      # .query = "我妈走了卡里的钱怎么取" → .shown(), ranked in the page
"""

from ._base import PAGE_LANGUAGE, Language, language_switch
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
from .credit import BalanceChart, CreditCalculator, balance_chart, credit_calculator
from .year import YearOfCareExplorer, year_of_care

__all__ = [
    "PAGE_LANGUAGE",
    "AccountTable",
    "BalanceChart",
    "ChannelFinder",
    "ClaimChecker",
    "CreditCalculator",
    "FamilyOptionsTable",
    "FamilySharingTimeline",
    "Language",
    "LanguageToggle",
    "NonPayableList",
    "QuestionFinder",
    "SchemeTriage",
    "YearOfCareExplorer",
    "WithdrawalSteps",
    "account_table",
    "balance_chart",
    "channel_finder",
    "claim_checker",
    "credit_calculator",
    "family_options_table",
    "family_sharing_timeline",
    "language_switch",
    "language_toggle",
    "non_payable_list",
    "question_finder",
    "scheme_triage",
    "year_of_care",
    "withdrawal_steps",
]
