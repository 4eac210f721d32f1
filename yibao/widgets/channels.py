"""Filter the channels for checking a balance: online / offline, what they show and need."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from ..channels import channel_records, channel_regions
from ..i18n import t
from ..tables import CHANNEL_NEEDS, CHANNEL_SHOWS
from ._base import (
    Explainer,
    Language,
    confidence_badge,
    join,
    listing,
    message_html,
    region_options,
    set_options,
    source_refs,
    table,
    tag,
)


class ChannelExplorer(Explainer):
    """Controls ``mode``, ``shows``, ``avoid``, ``region``, ``channel``; outputs ``table``, ``steps``."""

    def __init__(self, language: Language | None = None):
        self.mode = w.ToggleButtons(options=[("", "all")], value="all")
        self.shows = w.Dropdown(options=[("", "any")], value="any")
        self.avoid = w.SelectMultiple(options=[("", n) for n in CHANNEL_NEEDS], rows=4)
        self.region = w.Dropdown(options=[("", "any")], value="any")
        self.table = w.HTML()
        self.channel = w.Dropdown(options=[("", "")])
        self.steps = w.HTML()
        self.channels: dict[str, dict[str, Any]] = {}
        self.mode.add_class("yibao-mode")
        self.table.add_class("yibao-channel-table")
        self.steps.add_class("yibao-channel-steps")
        controls = w.HBox([w.VBox([self.mode, self.shows, self.region]), self.avoid])
        super().__init__(language, [controls, self.table, self.channel, self.steps])
        self._render(self.relabel, self.update)
        self.watch(self.mode, self.shows, self.avoid, self.region)
        self.channel.observe(lambda _: self._render(self.show_steps), "value")

    def relabel(self) -> None:
        lang = self.lang
        style = {"description_width": "initial"}
        self.mode.description, self.mode.style = t("mode", lang), style
        set_options(self.mode, [(t("all", lang), "all"), (t("mode_online", lang), "online"), (t("mode_offline", lang), "offline")])
        self.shows.description, self.shows.style = t("shows", lang), style
        set_options(self.shows, [(t("none_selected", lang), "any")] + [(t(f"shows_{s}", lang), s) for s in CHANNEL_SHOWS])
        self.avoid.description, self.avoid.style = t("avoid_needs", lang), style
        set_options(self.avoid, [(t(f"needs_{n}", lang), n) for n in CHANNEL_NEEDS])
        self.region.description, self.region.style = t("region", lang), style
        set_options(self.region, [(t("none_selected", lang), "any")] + region_options(channel_regions(), lang))
        self.channel.description, self.channel.style = t("pick_channel", lang), style

    def filtered(self) -> list[dict[str, Any]]:
        """The channels matching the current controls (records of :func:`yibao.channel_records`)."""
        return channel_records(
            None if self.mode.value == "all" else self.mode.value,
            shows=None if self.shows.value == "any" else self.shows.value,
            region=None if self.region.value == "any" else self.region.value,
            avoid_needs=self.avoid.value,
        )

    def update(self) -> None:
        lang = self.lang
        self.channels = {row["id"]: row for row in self.filtered()}
        headers = [t("channel", lang), t("mode", lang), t("shows", lang), t("needs", lang), t("caveats", lang), t("sources", lang)]
        rows = [self._row(row, lang) for row in self.channels.values()]
        self.table.value = table(headers, rows) if rows else tag("p", t("no_rows", lang))
        set_options(self.channel, [(row[f"name_{lang}"], row["id"]) for row in self.channels.values()] or [("—", "")])
        self.show_steps()

    @staticmethod
    def _row(row: dict[str, Any], lang: str) -> tuple[object, ...]:
        name = tag("b", row[f"name_{lang}"])
        if row["status"] != "current":
            name = join([name, " ", tag("span", row[f"status_{lang}"], class_=f"yibao-status-{row['status']}")])
        if row["region"] != "national":
            name = join([name, tag("div", f"({row[f'region_{lang}']})")])
        return (
            name,
            row[f"mode_{lang}"],
            listing(row[f"shows_{lang}"], lang),
            listing(row[f"needs_{lang}"], lang) or "—",
            row[f"caveats_{lang}"],
            join([source_refs(row["sources"], lang), confidence_badge(row["confidence"], lang)]),
        )

    def show_steps(self) -> None:
        lang = self.lang
        row = self.channels.get(self.channel.value)
        if row is None:
            self.steps.value = ""
            return
        caveat = tag("p", row[f"caveats_{lang}"], class_=f"yibao-status-{row['status']}") if row[f"caveats_{lang}"] else ""
        self.steps.value = join(
            [
                tag("h4", f"{t('steps', lang)}: {row[f'name_{lang}']}"),
                tag("ol", join(tag("li", step) for step in row[f"steps_{lang}"])),
                caveat,
                source_refs(row["sources"], lang),
            ]
        )

    def show_message(self, text: str) -> None:
        self.table.value = message_html(text, self.lang)


def channel_explorer(language: Language | None = None) -> ChannelExplorer:
    """Build the channel filter (online/offline, shows, needs) with a step-by-step view."""
    return ChannelExplorer(language)
