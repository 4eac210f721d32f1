"""Side-by-side comparison of the personal account and the pooled fund."""

from __future__ import annotations

import ipywidgets as w

from .. import _checks
from ..accounts import compare_accounts
from ..data import records
from ._base import STYLE, Explainer, Language, confidence_badge, join, message_html, source_refs, table


class AccountComparison(Explainer):
    """A table: one row per dimension, personal vs pooled, each cell with its sources."""

    def __init__(self, language: Language | None = None, dimensions: list[str] | None = None):
        known = [r["id"] for r in sorted(records("account_comparison"), key=lambda r: r["order"])]
        for dimension in dimensions or ():
            _checks.choice("dimension", dimension, known)
        self.dimensions = list(dimensions or known)
        self.table = w.HTML()
        super().__init__(language, [self.table])
        self._guarded(self.update)

    def relabel(self) -> None:
        """Nothing but the table carries text."""

    def update(self) -> None:
        lang = self.lang
        frame = compare_accounts(lang)
        rows = sorted(records("account_comparison"), key=lambda r: r["order"])
        body = [
            (
                join([dimension, confidence_badge(row["confidence"], lang)]),
                join([personal, " ", source_refs(row["personal_source_ids"], lang)]),
                join([pooled, " ", source_refs(row["pooled_source_ids"], lang)]),
            )
            for (dimension, (personal, pooled)), row in zip(frame.iterrows(), rows, strict=True)
            if row["id"] in self.dimensions
        ]
        self.table.value = STYLE + table([frame.index.name, *frame.columns], body)

    def show_message(self, text: str) -> None:
        self.table.value = message_html(text, self.lang)


def account_comparison(dimensions: list[str] | None = None, language: Language | None = None) -> AccountComparison:
    """Build the personal-vs-pooled comparison table (optionally only some dimensions)."""
    return AccountComparison(language, dimensions)
