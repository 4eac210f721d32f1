"""Walk through a withdrawal scenario: situation → city → verdict, documents, what happens."""

from __future__ import annotations

import ipywidgets as w

from ..i18n import t
from ..sources import cite
from ..withdrawal import assess_withdrawal, scenario_ids, withdrawal_regions, withdrawal_scenarios
from ._base import (
    Explainer,
    Language,
    bullet_list,
    confidence_badge,
    join,
    listing,
    message_html,
    region_options,
    set_options,
    source_refs,
    tag,
)


class WithdrawalGuide(Explainer):
    """Controls ``scenario`` and ``region``; output ``result`` (verdict, who, documents, …)."""

    def __init__(self, language: Language | None = None):
        self.scenario = w.RadioButtons(options=[(s, s) for s in scenario_ids()], value="death")
        self.region = w.Dropdown(options=[("", "national")], value="national")
        self.result = w.HTML()
        self.result.add_class("yibao-withdrawal-result")
        self.scenario.add_class("yibao-scenario")
        super().__init__(language, [w.HBox([self.scenario, self.region]), self.result])
        self._render(self.relabel, self.update)
        self.watch(self.scenario, self.region)

    def relabel(self) -> None:
        lang = self.lang
        self.scenario.description = "① " + t("scenario", lang)
        self.scenario.layout.width = "auto"
        self.scenario.style = {"description_width": "initial"}
        set_options(self.scenario, [(s[f"title_{lang}"], s["id"]) for s in withdrawal_scenarios()])
        self.region.description = "② " + t("city", lang)
        self.region.style = {"description_width": "initial"}
        set_options(self.region, [(t("region_any", lang), "national")] + region_options(withdrawal_regions(), lang))

    def update(self) -> None:
        lang = self.lang
        region = None if self.region.value == "national" else self.region.value
        result = assess_withdrawal(self.scenario.value, region=region, lang=lang)
        hint = ""
        if result.local_regions and region is None:
            cities = listing((name for name, _ in region_options(result.local_regions, lang)), lang)
            hint = tag("p", t("local_rules_in", lang, cities=cities), class_="yibao-empty")
        self.result.value = join(
            [
                tag("h4", "③ " + result.title),
                tag("div", result.verdict_label, class_=f"yibao-verdict yibao-verdict-{result.verdict}"),
                tag("p", result.note) if result.note else "",
                hint,
                tag("p", result.summary),
                tag("h5", t("who_may_apply", lang)),
                tag("p", result.who_may_apply or t("nobody", lang), class_="yibao-who"),
                tag("h5", t("documents", lang)),
                tag("div", bullet_list(result.documents, t("none_listed", lang)), class_="yibao-documents"),
                tag("h5", t("after_effects", lang)),
                bullet_list(result.after_effects, t("none_listed", lang)),
                tag("h5", t("warnings", lang)),
                tag("div", bullet_list(result.warnings, t("none_listed", lang)), class_="yibao-warnings"),
                tag(
                    "p",
                    join(
                        [
                            f"{t('sources', lang)}: ",
                            source_refs(cite(result.source_ids), lang),
                            confidence_badge(result.confidence, lang),
                            f" {t('valid_from', lang)}: {result.valid_from}",
                        ]
                    ),
                ),
            ]
        )

    def show_message(self, text: str) -> None:
        self.result.value = message_html(text, self.lang)


def withdrawal_guide(language: Language | None = None) -> WithdrawalGuide:
    """Build the step-by-step withdrawal walk-through."""
    return WithdrawalGuide(language)
