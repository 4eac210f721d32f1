"""The explainers: anywidget widgets that compute, filter, redraw and switch language in the page.

Python sends what the domain functions return (both languages, sources, confidence); each
explainer's ES module (``js/``) draws it, so the same explainer works in JupyterLab, in Voila and on
the static site (``python -m yibao.serve.site``), with or without a kernel. The visitor's choices are
mirrored in Python traits.

>>> from yibao import widgets
>>> widgets.language_toggle()      # 中文 / English for every explainer, kept across pages
>>> widgets.channel_finder()       # .mode = "offline" → the page lists .shown()
>>> widgets.scheme_triage()        # .scheme = "resident" → what applies, which pages do not
>>> widgets.question_finder()      # .query = "我妈走了卡里的钱怎么取" → .shown(), ranked in the page
>>> widgets.credit_calculator()    # .wage = 40000.0; .city = "beijing" → .credit(), computed in the page
>>> widgets.balance_chart()        # .stop_month = 13 → .projection(), drawn in the page as SVG
>>> widgets.year_of_care()         # .preset = "one_operation" → .report(): who pays each bill, computed in the page
"""

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
from .page import PAGE_LANGUAGE, Language
from .year import YearOfCare, year_of_care

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
    "WithdrawalSteps",
    "YearOfCare",
    "account_table",
    "balance_chart",
    "channel_finder",
    "claim_checker",
    "credit_calculator",
    "family_options_table",
    "family_sharing_timeline",
    "language_toggle",
    "non_payable_list",
    "question_finder",
    "scheme_triage",
    "withdrawal_steps",
    "year_of_care",
]
