"""Filter the channels for checking a balance: online / offline, what they show and need."""

from __future__ import annotations

import ipywidgets as w

from ..channels import filter_channels
from ..data import records
from ..i18n import t
from ..tables import CHANNEL_NEEDS, CHANNEL_SHOWS
from ._base import (
    STYLE,
    Explainer,
    Language,
    Safe,
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
        self.mode.add_class("yibao-mode")
        self.table.add_class("yibao-channel-table")
        self.steps.add_class("yibao-channel-steps")
        controls = w.HBox([w.VBox([self.mode, self.shows, self.region]), self.avoid])
        super().__init__(language, [controls, self.table, self.channel, self.steps])
        self._guarded(self.relabel)
        self._guarded(self.update)
        self.watch(self.mode, self.shows, self.avoid, self.region)
        self.channel.observe(lambda _: self._guarded(self.show_steps), "value")

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
        regions = sorted({r["region"] for r in records("channels")} - {"national"})
        set_options(self.region, [(t("none_selected", lang), "any")] + region_options(regions, lang))
        self.channel.description, self.channel.style = t("pick_channel", lang), style

    def filtered(self):
        """The channels matching the current controls (a DataFrame)."""
        return filter_channels(
            None if self.mode.value == "all" else self.mode.value,
            shows=None if self.shows.value == "any" else self.shows.value,
            region=None if self.region.value == "any" else self.region.value,
            avoid_needs=self.avoid.value,
        )

    def update(self) -> None:
        lang = self.lang
        frame = self.filtered()
        headers = [t("channel", lang), t("mode", lang), t("shows", lang), t("needs", lang), t("caveats", lang), t("sources", lang)]
        rows = [self._row(row, lang) for row in frame.to_dict("records")]
        self.table.value = STYLE + (table(headers, rows) if rows else tag("p", t("no_rows", lang)))
        set_options(self.channel, [(row[f"name_{lang}"], row["id"]) for row in frame.to_dict("records")] or [("—", "")])
        self.show_steps()

    @staticmethod
    def _row(row: dict, lang: str) -> tuple:
        name = tag("b", row[f"name_{lang}"])
        if row["status"] != "current":
            name = join([name, " ", tag("span", t(f"status_{row['status']}", lang), class_=f"yibao-status-{row['status']}")])
        if row["region"] != "national":
            region = next(r[f"name_{lang}"] for r in records("regions") if r["id"] == row["region"])
            name = join([name, tag("div", f"({region})")])
        return (
            Safe(name),
            t(f"mode_{row['mode']}", lang),
            listing((t(f"shows_{s}", lang) for s in row["shows"]), lang),
            listing((t(f"needs_{n}", lang) for n in row["needs"]), lang) or "—",
            row[f"caveats_{lang}"],
            join([source_refs(row["source_ids"], lang), confidence_badge(row["confidence"], lang)]),
        )

    def show_steps(self) -> None:
        lang = self.lang
        rows = [r for r in records("channels") if r["id"] == self.channel.value]
        if not rows:
            self.steps.value = ""
            return
        row = rows[0]
        caveat = tag("p", row[f"caveats_{lang}"], class_=f"yibao-status-{row['status']}") if row[f"caveats_{lang}"] else ""
        self.steps.value = STYLE + join(
            [
                tag("h4", f"{t('steps', lang)}: {row[f'name_{lang}']}"),
                tag("ol", join(tag("li", step) for step in row[f"steps_{lang}"])),
                caveat,
                source_refs(row["source_ids"], lang),
            ]
        )

    def show_message(self, text: str) -> None:
        self.table.value = message_html(text, self.lang)


def channel_explorer(language: Language | None = None) -> ChannelExplorer:
    """Build the channel filter (online/offline, shows, needs) with a step-by-step view."""
    return ChannelExplorer(language)
