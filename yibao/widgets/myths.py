"""The seeds' claims checked, family sharing by date and region, and what is not paid."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..claims import seed_claims
from ..coverage import family_sharing_rules, non_payable_items
from ..i18n import t
from ..tables import SEED_VERDICTS
from ._base import (
    Explainer,
    Language,
    confidence_badge,
    join,
    message_html,
    region_options,
    report_link,
    set_options,
    source_refs,
    table,
    tag,
)


def _sources_cell(row: dict[str, Any], lang: str) -> object:
    return join([source_refs(row["sources"], lang), confidence_badge(row["confidence"], lang), report_link(row.get("report_url"), lang)])


class FilteredTable(Explainer):
    """One selection control (``control``) over one HTML ``table``; subclasses say what rows."""

    control_key = ""

    def __init__(self, language: Language | None = None, control: w.Widget | None = None):
        self.control = control or w.ToggleButtons(options=[("", "all")], value="all")
        self.control.style = {"description_width": "initial"}
        self.table = w.HTML()
        super().__init__(language, [self.control, self.table])
        self._render(self.relabel, self.update)
        self.watch(self.control)

    @property
    def choice(self) -> str | None:
        """The control's value, None for "all"."""
        return None if self.control.value == "all" else str(self.control.value)

    def relabel(self) -> None:
        self.control.description = t(self.control_key, self.lang)
        set_options(self.control, [(t("all", self.lang), "all"), *self.choices(self.lang)])

    def update(self) -> None:
        lang = self.lang
        rows = self.rows(lang)
        self.table.value = table(self.headers(lang), rows) if rows else tag("p", t("no_rows", lang))

    def show_message(self, text: str) -> None:
        self.table.value = message_html(text, self.lang)

    def choices(self, lang: str) -> list[tuple[str, str]]:  # pragma: no cover - overridden
        raise NotImplementedError

    def headers(self, lang: str) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def rows(self, lang: str) -> list[tuple[object, ...]]:  # pragma: no cover - overridden
        raise NotImplementedError


class MythBuster(FilteredTable):
    """``verdict`` (all/correct/outdated/wrong/misleading) filters the seed claims in ``table``."""

    control_key = "verdict"

    @property
    def verdict(self) -> w.Widget:
        return self.control

    def choices(self, lang: str) -> list[tuple[str, str]]:
        return [(t(f"verdict_{v}", lang), v) for v in SEED_VERDICTS]

    def headers(self, lang: str) -> list[str]:
        return [t("seed", lang), t("claim", lang), t("verdict", lang), t("correction", lang), t("sources", lang)]

    def rows(self, lang: str) -> list[tuple[object, ...]]:
        return [
            (
                source_refs([row["seed_source"]], lang),
                tag("q", row["quote_zh"]) if lang == "zh" else join([tag("q", row["quote_zh"]), tag("div", row["claim_en"])]),
                tag("span", row[f"verdict_{lang}"], class_=f"yibao-verdict-{row['verdict']}"),
                row[f"correction_{lang}"],
                _sources_cell(row, lang),
            )
            for row in seed_claims(self.choice)
        ]


class FamilySharing(FilteredTable):
    """``region`` filters the family-sharing (共济) rules in ``table``, oldest first."""

    control_key = "region"

    def __init__(self, language: Language | None = None):
        super().__init__(language, w.Dropdown(options=[("", "all")], value="all"))

    @property
    def region(self) -> w.Widget:
        return self.control

    def choices(self, lang: str) -> list[tuple[str, str]]:
        return region_options(dict.fromkeys(r["region"] for r in family_sharing_rules()), lang)

    def headers(self, lang: str) -> list[str]:
        return [t("valid_from", lang), t("region", lang), t("family_sharing", lang), t("sources", lang)]

    def rows(self, lang: str) -> list[tuple[object, ...]]:
        return [
            (row["valid_from"], row[f"region_{lang}"], row[f"description_{lang}"], _sources_cell(row, lang))
            for row in family_sharing_rules(self.choice)
        ]


class NonPayable(FilteredTable):
    """``applies_to`` (all/fund/personal_account) filters what is not paid, in ``table``."""

    control_key = "applies_to"

    @property
    def applies_to(self) -> w.Widget:
        return self.control

    def choices(self, lang: str) -> list[tuple[str, str]]:
        return [(t("applies_fund", lang), "fund"), (t("applies_personal_account", lang), "personal_account")]

    def headers(self, lang: str) -> list[str]:
        return [t("item", lang), t("applies_to", lang), t("np_status", lang), t("exception", lang), t("sources", lang)]

    def rows(self, lang: str) -> list[tuple[object, ...]]:
        return [
            (row[f"item_{lang}"], row[f"applies_to_{lang}"], row[f"basis_{lang}"], row[f"exception_{lang}"], _sources_cell(row, lang))
            for row in non_payable_items(self.choice)
        ]


def myth_buster(language: Language | None = None) -> MythBuster:
    """Build the filterable table of the seed articles' claims, verdicts and corrections."""
    return MythBuster(language)


def family_sharing(language: Language | None = None) -> FamilySharing:
    """Build the family-sharing (共济) timeline, filterable by region."""
    return FamilySharing(language)


def non_payable(language: Language | None = None) -> NonPayable:
    """Build the table of what the fund and the personal account do not pay for."""
    return NonPayable(language)
