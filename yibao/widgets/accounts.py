"""Side-by-side comparison of the personal account and the pooled fund."""

from __future__ import annotations

import ipywidgets as w

from ..accounts import account_rows
from ..i18n import t
from ._base import Explainer, Language, confidence_badge, join, message_html, source_refs, table


class AccountComparison(Explainer):
    """A table: one row per dimension, personal vs pooled, each cell with its sources."""

    def __init__(self, language: Language | None = None, dimensions: list[str] | None = None):
        self.rows = account_rows(dimensions)  # checks the dimension ids
        self.table = w.HTML()
        super().__init__(language, [self.table])
        self._render(self.update)

    def relabel(self) -> None:
        """Nothing but the table carries text."""

    def update(self) -> None:
        lang = self.lang
        body = [
            (
                join([row[f"dimension_{lang}"], confidence_badge(row["confidence"], lang)]),
                join([row[f"personal_{lang}"], " ", source_refs(row["personal_sources"], lang)]),
                join([row[f"pooled_{lang}"], " ", source_refs(row["pooled_sources"], lang)]),
            )
            for row in self.rows
        ]
        self.table.value = table([t("dimension", lang), t("personal_account", lang), t("pooled_fund", lang)], body)

    def show_message(self, text: str) -> None:
        self.table.value = message_html(text, self.lang)


def account_comparison(dimensions: list[str] | None = None, language: Language | None = None) -> AccountComparison:
    """Build the personal-vs-pooled comparison table (optionally only some dimensions)."""
    return AccountComparison(language, dimensions)
