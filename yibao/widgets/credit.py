"""The monthly-credit calculator and the balance-over-time chart."""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap

import ipywidgets as w
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ..correction import correction_url
from ..credit import CREDIT_STATUSES, credit_cities, credit_inputs, credit_tiers, monthly_personal_credit, project_balances
from ..i18n import t
from ..sources import cite
from ..tables import STATUSES
from ._base import (
    PAGE_LANGUAGE,
    AmountBox,
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

#: CJK-capable fonts from Debian's fonts-noto-cjk, then matplotlib's own as a fallback.
FONT_FAMILY = ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]
#: The balance chart is drawn for a phone: 4.4 × 3.9 in at 180 dpi (792 × 702 px), shown 346 px wide
#: on a 390 px screen and at most 560 px (style.css), so 10.5 pt text is 11.5-18.6 CSS px tall there.
CHART_SIZE, CHART_DPI = (4.4, 3.9), 180
#: Text sizes in the chart, in points (the browser test checks the smallest is ≥ 11 CSS px as shown).
CHART_FONT_PT = {"title": 12.0, "label": 10.5, "tick": 10.5, "legend": 10.5, "note": 10.5}
#: Fixed margins (no layout pass on a redraw): room for a two-line title, 6-digit ticks, the legend below.
CHART_MARGINS = {"left": 0.18, "right": 0.96, "top": 0.84, "bottom": 0.37}
#: Characters per line of the chart's English title, legend and note (Chinese lines are short enough).
CHART_WRAP = {"title": 34, "legend": 40, "note": 40}

STYLE_INITIAL = {"description_width": "initial"}


def _wrap(text: str, part: str) -> str:
    """Break a chart text into lines of at most ``CHART_WRAP[part]`` characters (at spaces)."""
    return textwrap.fill(text, CHART_WRAP[part])


class _Inputs:
    """The controls both credit widgets share: status, city, age, pension."""

    def _make_inputs(self, with_national: bool, statuses: tuple[str, ...] = STATUSES) -> list[w.Widget]:
        self.with_national, self.statuses = with_national, statuses
        self.status = w.ToggleButtons(options=[("", s) for s in statuses], value="employee", style=STYLE_INITIAL)
        cities = credit_cities()
        default = "national" if with_national else ("guangzhou" if "guangzhou" in cities else cities[0])
        self.city = w.Dropdown(options=[("", default)], value=default, style=STYLE_INITIAL)
        self.age = w.IntSlider(value=40, min=18, max=100, style=STYLE_INITIAL)
        self.pension = w.BoundedIntText(value=4000, min=0, max=100000, step=100, style=STYLE_INITIAL)
        return [self.status, self.city, self.age, self.pension]

    def _relabel_inputs(self, lang: str) -> None:
        self.status.description = t("status", lang)
        set_options(self.status, [(t(s, lang), s) for s in self.statuses])
        self.city.description = t("city", lang)
        national = [(t("national", lang), "national")] if self.with_national else []
        set_options(self.city, national + region_options(credit_cities(), lang))
        self.age.description = t("age", lang)
        self.pension.description = t("pension", lang)

    @property
    def city_or_none(self) -> str | None:
        return None if self.city.value == "national" else self.city.value


#: the answers to "had the local minimum contribution years at retirement?"
YEARS_MET = {"yes": True, "no": False, "unsure": None}


def _shown(control: w.Widget, visible: bool) -> None:
    control.layout.display = None if visible else "none"


class CreditCalculator(_Inputs, Explainer):
    """Controls ``wage`` (an :class:`AmountBox`, the monthly wage before tax), ``status`` (in
    service, retired, flexible worker), ``city``, ``on``, ``tier``, ``years_met``, ``age``,
    ``pension``; output ``result``.

    The answer is the headline, with the contribution-base clamp beside it when it applies; the
    rule and its sources are one tap away. Inputs that do not apply are hidden: the tier where
    the city's tiers do not differ, the minimum-years question for anyone but retirees, age and
    pension where the rules in force do not use them.
    """

    def __init__(self, language: Language | None = None):
        language = language or PAGE_LANGUAGE
        self.wage = AmountBox(8000, language)
        self.on = w.DatePicker(value=dt.date.today(), style=STYLE_INITIAL)
        self.tier = w.ToggleButtons(options=[], style=STYLE_INITIAL)
        self.tiers: list[dict[str, str]] = []  #: the tiers offered, with their labels in both languages
        self.years_met = w.ToggleButtons(options=[("", v) for v in YEARS_MET], value="unsure", style=STYLE_INITIAL)
        _shown(self.tier, False)
        _shown(self.years_met, False)
        self.result = w.HTML()
        self.result.add_class("yibao-credit-result")
        inputs = self._make_inputs(with_national=True, statuses=CREDIT_STATUSES)
        rows = [w.HBox([self.wage, self.on]), w.HBox(inputs[:2]), w.HBox([self.tier, self.years_met]), w.HBox(inputs[2:])]
        super().__init__(language, [self.result, *rows])
        self._render(self.relabel, self.update)
        self.watch(self.wage, self.on, self.tier, self.years_met, *inputs)

    def relabel(self) -> None:
        lang = self.lang
        self.wage.text.description = t("wage_before_tax", lang)
        self.wage.text.style = STYLE_INITIAL
        self.on.description = t("date", lang)
        self.tier.description = t("tier", lang)
        self.years_met.description = t("years_met_question", lang)
        set_options(self.years_met, [(t(f"years_{v}", lang), v) for v in YEARS_MET])
        self._label_tiers()
        self._relabel_inputs(lang)

    @property
    def tier_or_none(self) -> str | None:
        """The tier chosen, where the city's tiers differ (the control is shown)."""
        return self.tier.value if self.tier.layout.display != "none" else None

    @property
    def years_met_or_none(self) -> bool | None:
        """The answer to the minimum-years question, for retirees (None for others or "not sure")."""
        return YEARS_MET[self.years_met.value] if self.status.value == "retiree" else None

    def _label_tiers(self) -> None:
        set_options(self.tier, [(tier[f"label_{self.lang}"], tier["id"]) for tier in self.tiers])

    def _show_tiers(self, tiers: list[dict[str, str]]) -> None:
        """Offer the city's tiers (keeping the one chosen where it still exists); hide the choice where there are none."""
        self.tiers = tiers
        self._label_tiers()
        if tiers and self.tier.value not in [tier["id"] for tier in tiers]:
            self.tier.value = tiers[0]["id"]
        _shown(self.tier, bool(tiers))

    def update(self) -> None:
        lang = self.lang
        if self.on.value is None:
            raise ValueError(t("date", lang) + "?")
        status, city, on = self.status.value, self.city_or_none, self.on.value
        self._show_tiers(credit_tiers(status, city=city, on=on))
        tier, years_met = self.tier_or_none, self.years_met_or_none
        needed = credit_inputs(status, city=city, on=on, tier=tier, contribution_years_met=years_met)
        _shown(self.years_met, needed["contribution_years"])
        _shown(self.age, needed["age"])
        _shown(self.pension, needed["pension"])
        credit = monthly_personal_credit(
            self.wage.value,
            status=status,
            city=city,
            on=on,
            tier=tier,
            contribution_years_met=years_met,
            pension=self.pension.value,
            age=self.age.value,
            lang=lang,
        )
        rows = [
            (
                part.description,
                t(f"payer_{part.payer}", lang),
                f"¥{part.amount:,.2f}",
                join(
                    [
                        source_refs(cite(part.source_ids), lang),
                        confidence_badge(part.confidence, lang),
                        report_link(correction_url(part.row_id, "region_params"), lang),
                    ]
                ),
            )
            for part in credit.parts
        ]
        limits = [
            (limit.description, join([source_refs(cite(limit.source_ids), lang), confidence_badge(limit.confidence, lang)]))
            for limit in credit.base_limits
        ]
        era = ""
        if credit.reform_date is not None:
            side = t("after_reform", lang) if credit.after_reform else t("before_reform", lang)
            era = f"{t('reform_on', lang, date=credit.reform_date)} → {side}"
        headline = {
            "credited": t("credit_headline", lang, amount=credit.amount),
            "no_account": t("account_no", lang),
            "keep_paying": t("headline_keep_paying", lang),
        }[credit.outcome]
        clamp = ""
        if credit.base_clamped is not None and credit.wage_base_used is not None:
            clamp = tag("p", t(f"clamped_{credit.base_clamped}", lang, limit=f"{credit.wage_base_used:,.0f}"), class_="yibao-credit-clamp")
        self.result.value = join(
            [
                tag("div", headline, class_="yibao-headline yibao-credit-total"),
                clamp,
                tag("p", era),
                tag(
                    "details",
                    join(
                        [
                            tag("summary", t("rule_and_sources", lang)),
                            table([t("rule_applied", lang), t("payer", lang), t("per_month", lang), t("sources", lang)], rows)
                            if rows
                            else "",
                            table([t("base_limits", lang), t("sources", lang)], limits) if limits else "",
                            tag("p", f"{t('rule_applied', lang)}: {credit.rule}", class_="yibao-rule"),
                            tag(
                                "p",
                                join(
                                    [
                                        f"{t('sources', lang)}: ",
                                        source_refs(cite(credit.source_ids), lang),
                                        " ",
                                        confidence_badge(credit.confidence, lang),
                                    ]
                                ),
                                class_="yibao-credit-sources",
                            ),
                        ]
                    ),
                ),
            ]
        )

    def show_message(self, text: str) -> None:
        self.result.value = message_html(text, self.lang)


def credit_calculator(language: Language | None = None) -> CreditCalculator:
    """Build the monthly personal-account credit calculator."""
    return CreditCalculator(language)


class BalanceChart(_Inputs, Explainer):
    """Sliders ``wage``, ``spend``, ``outpatient``, ``months``, ``stop_month``, ``start_year``;
    the chart is ``image`` (PNG of ``figure``); the lines are ``balance_line`` and ``quota_line``."""

    def __init__(self, language: Language | None = None):
        self.wage = w.IntSlider(value=8000, min=0, max=40000, step=500, style=STYLE_INITIAL)
        self.spend = w.IntSlider(value=100, min=0, max=3000, step=50, style=STYLE_INITIAL)
        self.outpatient = w.IntSlider(value=600, min=0, max=5000, step=100, style=STYLE_INITIAL)
        self.months = w.IntSlider(value=36, min=12, max=120, step=12, style=STYLE_INITIAL)
        self.stop_month = w.IntSlider(value=0, min=0, max=120, style=STYLE_INITIAL)
        self.start_year = w.IntSlider(value=2025, min=2019, max=2030, style=STYLE_INITIAL)
        self.image = w.Image(format="png")
        self.image.add_class("yibao-chart")
        self.spend.add_class("yibao-spend")
        self.summary = w.HTML()
        self.projection: pd.DataFrame | None = None
        self.figure = Figure(figsize=CHART_SIZE, dpi=CHART_DPI)
        self.canvas = FigureCanvasAgg(self.figure)
        # Fixed margins (room for 7-digit tick labels): no layout pass on each redraw.
        self.figure.subplots_adjust(**CHART_MARGINS)
        self.axes = self.figure.add_subplot()
        (self.balance_line,) = self.axes.plot([], [], color="#1f6feb", linewidth=2.2)
        (self.quota_line,) = self.axes.step([], [], where="post", color="#d1242f", linewidth=1.8)
        self.stop_marker = self.axes.axvline(0, color="#6e7781", linestyle="--", linewidth=1)
        self.note = self.axes.text(
            0.01, 0.97, "", transform=self.axes.transAxes, va="top", fontsize=CHART_FONT_PT["note"], fontfamily=FONT_FAMILY
        )
        self.axes.grid(alpha=0.3)
        self.axes.tick_params(labelsize=CHART_FONT_PT["tick"])
        inputs = self._make_inputs(with_national=False)
        column_a = w.VBox([self.wage, self.spend, self.outpatient, self.start_year])
        column_b = w.VBox([self.months, self.stop_month, *inputs])
        super().__init__(language, [w.HBox([column_a, column_b]), self.image, self.summary])
        self._render(self.relabel, self.update)
        self.watch(self.wage, self.spend, self.outpatient, self.months, self.stop_month, self.start_year, *inputs)

    def relabel(self) -> None:
        lang = self.lang
        self.wage.description = t("wage_base", lang)
        self.spend.description = t("spend", lang)
        self.outpatient.description = t("outpatient_cost", lang)
        self.months.description = t("months", lang)
        self.stop_month.description = t("stop_month", lang)
        self.start_year.description = t("start", lang)
        self._relabel_inputs(lang)
        self.axes.set_title(_wrap(t("chart_title", lang), "title"), fontfamily=FONT_FAMILY, fontsize=CHART_FONT_PT["title"])
        self.axes.set_ylabel(t("chart_yuan", lang), fontfamily=FONT_FAMILY, fontsize=CHART_FONT_PT["label"])
        self.balance_line.set_label(_wrap(t("chart_balance", lang), "legend"))
        self.quota_line.set_label(_wrap(t("chart_quota", lang), "legend"))
        self.stop_marker.set_label(_wrap(t("chart_stop", lang), "legend"))

    def update(self) -> None:
        lang = self.lang
        self.stop_month.max = self.months.value
        start = dt.date(self.start_year.value, 1, 1)
        stop = None
        if self.stop_month.value > 0:
            month_index = self.stop_month.value - 1
            stop = dt.date(start.year + month_index // 12, month_index % 12 + 1, 1)
        projection = project_balances(
            start,
            self.months.value,
            wage_base=self.wage.value,
            status=self.status.value,
            city=self.city_or_none,
            personal_spend_per_month=self.spend.value,
            outpatient_cost_per_month=self.outpatient.value,
            stop_contributing=stop,
            pension=self.pension.value,
            age=self.age.value,
        )
        self.projection = projection
        x = mdates.date2num(projection["month"].dt.to_pydatetime())
        self.balance_line.set_data(x, projection["personal_balance"].to_numpy())
        quota = projection["pooled_outpatient_remaining"].to_numpy()
        self.quota_line.set_data(x, quota)
        self.stop_marker.set_xdata([x[self.stop_month.value - 1]] * 2 if stop else [x[0]] * 2)
        self.stop_marker.set_visible(stop is not None)
        caps = projection["pooled_outpatient_cap"]
        if caps.isna().all():
            known = projection["pooled_outpatient_used"].notna().any()
            self.note.set_text(_wrap(t("chart_no_cap" if known else "chart_quota_unknown", lang), "note"))
        else:
            self.note.set_text("")
        top = max(projection["personal_balance"].max(), caps.max() if caps.notna().any() else 0, 1.0)
        self.axes.set_xlim(x[0], x[-1] + 15)
        # At most four date ticks on a narrow chart: half-years for two years or less, else years.
        if self.months.value <= 24:
            self.axes.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
            self.axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
        else:
            self.axes.xaxis.set_major_locator(mdates.YearLocator(base=math.ceil(self.months.value / 48)))
            self.axes.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        self.axes.set_ylim(0, top * 1.12)
        handles = [self.balance_line, self.quota_line] + ([self.stop_marker] if stop else [])
        # Below the plot, one entry a line: inside it, the legend would hide the lines on a narrow chart.
        self.axes.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(-0.2, -0.13), frameon=False, borderaxespad=0,
            prop={"family": FONT_FAMILY, "size": CHART_FONT_PT["legend"]},
        )  # fmt: skip
        self.image.value = self._render_png()
        last = projection.iloc[-1]
        remaining = last["pooled_outpatient_remaining"]
        self.summary.value = tag(
            "p",
            f"{t('chart_balance', lang)}: ¥{last['personal_balance']:,.0f} · "
            f"{t('chart_quota', lang)}: " + ("—" if math.isnan(remaining) else f"¥{remaining:,.0f}"),
            class_="yibao-chart-summary",
        )

    def _render_png(self) -> bytes:
        """Draw the figure once and encode it as PNG (``savefig`` would lay it out and draw it twice)."""
        self.canvas.draw()
        size = self.canvas.get_width_height()
        buffer = io.BytesIO()
        Image.frombuffer("RGBA", size, self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1).save(buffer, "png", compress_level=1)
        return buffer.getvalue()

    def show_message(self, text: str) -> None:
        self.summary.value = message_html(text, self.lang)


def balance_chart(language: Language | None = None) -> BalanceChart:
    """Build the balance-over-time chart with its sliders."""
    return BalanceChart(language)
