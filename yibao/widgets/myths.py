"""The seeds' claims checked, family sharing by date and region, and what is not paid."""

from __future__ import annotations

import ipywidgets as w

from ..data import records
from ..i18n import t
from ..tables import SEED_VERDICTS
from ._base import STYLE, Explainer, Language, confidence_badge, join, message_html, region_options, set_options, source_refs, table, tag


def _sources_cell(row: dict, lang: str):
    return join([source_refs(row["source_ids"], lang), confidence_badge(row["confidence"], lang)])


class FilteredTable(Explainer):
    """One selection control (``control``) over one HTML ``table``; subclasses say what rows."""

    control_key = ""

    def __init__(self, language: Language | None = None, control: w.Widget | None = None):
        self.control = control or w.ToggleButtons(options=[("", "all")], value="all")
        self.control.style = {"description_width": "initial"}
        self.table = w.HTML()
        super().__init__(language, [self.control, self.table])
        self._guarded(self.relabel)
        self._guarded(self.update)
        self.watch(self.control)

    def relabel(self) -> None:
        self.control.description = t(self.control_key, self.lang)
        set_options(self.control, [(t("all", self.lang), "all"), *self.choices(self.lang)])

    def update(self) -> None:
        lang = self.lang
        rows = self.rows(lang, self.control.value)
        self.table.value = STYLE + (table(self.headers(lang), rows) if rows else tag("p", t("no_rows", lang)))

    def show_message(self, text: str) -> None:
        self.table.value = message_html(text, self.lang)

    def choices(self, lang: str) -> list[tuple[str, str]]:  # pragma: no cover - overridden
        raise NotImplementedError

    def headers(self, lang: str) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def rows(self, lang: str, choice: str) -> list[tuple]:  # pragma: no cover - overridden
        raise NotImplementedError


class MythBuster(FilteredTable):
    """``verdict`` (all/correct/outdated/wrong/misleading) filters the seed claims in ``table``."""

    control_key = "verdict"

    @property
    def verdict(self) -> w.ToggleButtons:
        return self.control

    def choices(self, lang):
        return [(t(f"verdict_{v}", lang), v) for v in SEED_VERDICTS]

    def headers(self, lang):
        return [t("seed", lang), t("claim", lang), t("verdict", lang), t("correction", lang), t("sources", lang)]

    def rows(self, lang, choice):
        seeds = {r["id"]: r["doc_number"] or r["title"] for r in records("sources")}
        return [
            (
                seeds[row["seed"]],
                tag("q", row["quote_zh"]) if lang == "zh" else join([tag("q", row["quote_zh"]), tag("div", row["claim_en"])]),
                tag("span", t(f"verdict_{row['verdict']}", lang), class_=f"yibao-verdict-{row['verdict']}"),
                row[f"correction_{lang}"],
                _sources_cell(row, lang),
            )
            for row in records("seed_claims")
            if choice in ("all", row["verdict"])
        ]


class FamilySharing(FilteredTable):
    """``region`` filters the family-sharing (共济) rules in ``table``, oldest first."""

    control_key = "region"

    def __init__(self, language: Language | None = None):
        super().__init__(language, w.Dropdown(options=[("", "all")], value="all"))

    @property
    def region(self) -> w.Dropdown:
        return self.control

    @staticmethod
    def _rules() -> list[dict]:
        return sorted((r for r in records("region_params") if r["parameter"] == "family_sharing"), key=lambda r: r["valid_from"])

    def choices(self, lang):
        return region_options(dict.fromkeys(r["region"] for r in self._rules()), lang)

    def headers(self, lang):
        return [t("valid_from", lang), t("region", lang), t("family_sharing", lang), t("sources", lang)]

    def rows(self, lang, choice):
        names = {r["id"]: r[f"name_{lang}"] for r in records("regions")}
        return [
            (str(row["valid_from"].date()), names[row["region"]], row[f"description_{lang}"], _sources_cell(row, lang))
            for row in self._rules()
            if choice == "all" or row["region"] in (choice, "national")
        ]


class NonPayable(FilteredTable):
    """``applies_to`` (all/fund/personal_account) filters what is not paid, in ``table``."""

    control_key = "applies_to"

    @property
    def applies_to(self) -> w.ToggleButtons:
        return self.control

    def choices(self, lang):
        return [(t("applies_fund", lang), "fund"), (t("applies_personal_account", lang), "personal_account")]

    def headers(self, lang):
        return [t("item", lang), t("applies_to", lang), t("np_status", lang), t("exception", lang), t("sources", lang)]

    def rows(self, lang, choice):
        names = {r["id"]: r[f"name_{lang}"] for r in records("regions")}
        return [
            (
                row[f"item_{lang}"],
                t(f"applies_{row['applies_to']}", lang),
                f"{t('np_' + row['status'], lang)} · {names[row['region']]}",
                row[f"exception_{lang}"],
                _sources_cell(row, lang),
            )
            for row in sorted(records("non_payable"), key=lambda r: r["order"])
            if choice == "all" or row["applies_to"] in (choice, "both")
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
