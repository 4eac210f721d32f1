"""The seeds' claims checked, family sharing by date and region, and what is not paid."""

from __future__ import annotations

import ipywidgets as w

from ..data import records
from ..i18n import t
from ..tables import SEED_VERDICTS
from ._base import (
    STYLE,
    Explainer,
    Language,
    confidence_badge,
    join,
    message_html,
    region_options,
    set_options,
    source_refs,
    table,
    tag,
)


def _sources_cell(row: dict, lang: str):
    return join([source_refs(row["source_ids"], lang), confidence_badge(row["confidence"], lang)])


class MythBuster(Explainer):
    """Control ``verdict`` (all/correct/outdated/wrong/misleading); output ``table``."""

    def __init__(self, language: Language | None = None):
        self.verdict = w.ToggleButtons(options=[("", "all")], value="all", style={"description_width": "initial"})
        self.table = w.HTML()
        self.table.add_class("yibao-myth-table")
        super().__init__(language, [self.verdict, self.table])
        self.relabel()
        self.update()
        self.watch(self.verdict)

    def relabel(self) -> None:
        lang = self.lang
        self.verdict.description = t("verdict", lang)
        set_options(self.verdict, [(t("all", lang), "all")] + [(t(f"verdict_{v}", lang), v) for v in SEED_VERDICTS])

    def update(self) -> None:
        lang = self.lang
        titles = {r["id"]: r["doc_number"] or r["title"] for r in records("sources")}
        rows = [
            (
                titles[row["seed"]],
                tag("q", row["quote_zh"]) if lang == "zh" else join([tag("q", row["quote_zh"]), tag("div", row["claim_en"])]),
                tag("span", t(f"verdict_{row['verdict']}", lang), class_=f"yibao-verdict-{row['verdict']}"),
                row[f"correction_{lang}"],
                _sources_cell(row, lang),
            )
            for row in records("seed_claims")
            if self.verdict.value in ("all", row["verdict"])
        ]
        headers = [t("seed", lang), t("claim", lang), t("verdict", lang), t("correction", lang), t("sources", lang)]
        self.table.value = STYLE + (table(headers, rows) if rows else tag("p", t("no_rows", lang)))

    def show_message(self, text: str) -> None:
        self.table.value = message_html(text, self.lang)


class FamilySharing(Explainer):
    """Control ``region``; output ``table`` of who the account can pay for, by date."""

    def __init__(self, language: Language | None = None):
        self.region = w.Dropdown(options=[("", "all")], value="all", style={"description_width": "initial"})
        self.table = w.HTML()
        super().__init__(language, [self.region, self.table])
        self.relabel()
        self.update()
        self.watch(self.region)

    @staticmethod
    def _rows() -> list[dict]:
        return sorted((r for r in records("region_params") if r["parameter"] == "family_sharing"), key=lambda r: r["valid_from"])

    def relabel(self) -> None:
        lang = self.lang
        self.region.description = t("region", lang)
        regions = list(dict.fromkeys(r["region"] for r in self._rows()))
        set_options(self.region, [(t("all", lang), "all")] + region_options(regions, lang))

    def update(self) -> None:
        lang = self.lang
        names = {r["id"]: r[f"name_{lang}"] for r in records("regions")}
        rows = [
            (str(row["valid_from"].date()), names[row["region"]], row[f"description_{lang}"], _sources_cell(row, lang))
            for row in self._rows()
            if self.region.value == "all" or row["region"] in (self.region.value, "national")
        ]
        headers = [t("valid_from", lang), t("region", lang), t("family_sharing", lang), t("sources", lang)]
        self.table.value = STYLE + (table(headers, rows) if rows else tag("p", t("no_rows", lang)))

    def show_message(self, text: str) -> None:
        self.table.value = message_html(text, self.lang)


class NonPayable(Explainer):
    """Control ``applies_to`` (all/fund/personal_account); output ``table``."""

    def __init__(self, language: Language | None = None):
        self.applies_to = w.ToggleButtons(options=[("", "all")], value="all", style={"description_width": "initial"})
        self.table = w.HTML()
        super().__init__(language, [self.applies_to, self.table])
        self.relabel()
        self.update()
        self.watch(self.applies_to)

    def relabel(self) -> None:
        lang = self.lang
        self.applies_to.description = t("applies_to", lang)
        set_options(
            self.applies_to,
            [(t("all", lang), "all"), (t("applies_fund", lang), "fund"), (t("applies_personal_account", lang), "personal_account")],
        )

    def update(self) -> None:
        lang = self.lang
        names = {r["id"]: r[f"name_{lang}"] for r in records("regions")}
        rows = [
            (
                row[f"item_{lang}"],
                t(f"applies_{row['applies_to']}", lang),
                f"{t('np_' + row['status'], lang)} · {names[row['region']]}",
                row[f"exception_{lang}"],
                _sources_cell(row, lang),
            )
            for row in sorted(records("non_payable"), key=lambda r: r["order"])
            if self.applies_to.value == "all" or row["applies_to"] in (self.applies_to.value, "both")
        ]
        headers = [t("item", lang), t("applies_to", lang), t("np_status", lang), t("exception", lang), t("sources", lang)]
        self.table.value = STYLE + (table(headers, rows) if rows else tag("p", t("no_rows", lang)))

    def show_message(self, text: str) -> None:
        self.table.value = message_html(text, self.lang)


def myth_buster(language: Language | None = None) -> MythBuster:
    """Build the filterable table of the seed articles' claims, verdicts and corrections."""
    return MythBuster(language)


def family_sharing(language: Language | None = None) -> FamilySharing:
    """Build the family-sharing (共济) timeline, filterable by region."""
    return FamilySharing(language)


def non_payable(language: Language | None = None) -> NonPayable:
    """Build the table of what the fund and the personal account do not pay for."""
    return NonPayable(language)
