"""A year of care: who pays each bill (pooled fund, personal account, you), and before vs after the reform."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import ipywidgets as w

from ..credit import credit_cities
from ..i18n import t
from ..regions import reform_date
from ..year import year_inputs, year_presets, year_report
from ._base import (
    PAGE_LANGUAGE,
    AmountBox,
    Explainer,
    Language,
    Safe,
    bullet_list,
    confidence_badge,
    join,
    message_html,
    region_options,
    set_options,
    source_refs,
    tag,
)

STYLE_INITIAL = {"description_width": "initial"}
#: the years offered: from the first reforms' eve to next year
FIRST_YEAR = 2020
#: the kinds in the order the form offers them (the most common first)
FORM_KINDS = ("outpatient", "pharmacy", "inpatient")
LEVELS = ("community", "level1", "level2", "level3")
CUSTOM = "custom"


def _yuan(amount: float) -> str:
    return f"¥{amount:,.2f}"


def _in_year(day: dt.date, year: int) -> dt.date:
    """The same month and day in ``year`` (29 February becomes the 28th in other years)."""
    return dt.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def _bar(segments: Sequence[Mapping[str, Any]], lang: str, css_class: str) -> Safe:
    """A stacked horizontal bar (HTML/CSS): one segment per payer, as wide as its share."""
    described = "; ".join(f"{s[f'label_{lang}']} {_yuan(s['amount'])}" for s in segments)
    parts = (
        tag(
            "span",
            "",
            class_=f"yibao-pay yibao-pay-{s['payer']}",
            style=f"width:{s['share']}%",
            title=f"{s[f'label_{lang}']} {_yuan(s['amount'])}",
        )
        for s in segments
        if s["share"] > 0
    )
    return tag("div", join(parts), class_=css_class, role="img", aria_label=described)


def _legend(segments: Sequence[Mapping[str, Any]], lang: str) -> Safe:
    return tag(
        "ul",
        join(
            tag("li", join([tag("span", "", class_=f"yibao-swatch yibao-pay-{s['payer']}"), f"{s[f'label_{lang}']} {_yuan(s['amount'])}"]))
            for s in segments
        ),
        class_="yibao-legend",
    )


def _rule_items(rule_ids: Sequence[str], rules: Mapping[str, Mapping[str, Any]], lang: str) -> Safe:
    return tag(
        "ul",
        join(
            tag(
                "li",
                join(
                    [
                        rules[r][f"description_{lang}"],
                        " ",
                        source_refs(rules[r]["sources"], lang),
                        confidence_badge(rules[r]["confidence"], lang),
                    ]
                ),
            )
            for r in rule_ids
        ),
    )


def _bill_head(bill: Mapping[str, Any], lang: str) -> Safe:
    what = " · ".join(part for part in (bill[f"kind_{lang}"], bill[f"level_{lang}"]) if part)
    return tag("div", join([tag("b", bill["date"]), " ", what, " ", tag("b", _yuan(bill["amount"]))]), class_="yibao-bill-head")


class YearOfCareExplorer(Explainer):
    """A year of bills split between the pooled fund, the personal account and you.

    Controls: ``preset``, ``city``, ``status``, ``year``, ``wage`` / ``pension`` / ``opening``
    (:class:`AmountBox`), ``age``, ``rules``; the bill form ``form`` (``new_kind``, ``new_date``,
    ``new_amount``, ``new_level``, buttons ``add``, ``remove`` with ``remove_choice``, ``clear``)
    changes ``bills`` only when a button is pressed; ``set_bills()`` replaces them all. Choosing a
    preset loads its bills and person. Outputs: ``summary`` (the year's bar), ``comparison``
    (before vs after the reform), ``bill_list`` (one small bar per bill); ``report`` is the
    :func:`yibao.year_report` shown (None when the year cannot be computed).
    """

    def __init__(self, language: Language | None = None):
        language = language or PAGE_LANGUAGE
        presets = year_presets()
        self.presets = {p["id"]: p for p in presets}
        self.bills: list[tuple[dt.date, str, float, str]] = []
        self.report: dict[str, Any] | None = None
        self._preset_shown = ""  # the preset chosen at the last update: choosing another one loads it
        self._bills_year = 0
        this_year = dt.date.today().year
        years = list(range(FIRST_YEAR, this_year + 2))
        cities = credit_cities()
        self.preset = w.Dropdown(options=[("", p["id"]) for p in presets] + [("", CUSTOM)], value=presets[0]["id"], style=STYLE_INITIAL)
        self.preset_note = w.HTML()
        self.city = w.Dropdown(
            options=[("", c) for c in cities], value="shenzhen" if "shenzhen" in cities else cities[0], style=STYLE_INITIAL
        )
        self.status = w.ToggleButtons(options=[("", "employee"), ("", "retiree")], value="employee", style=STYLE_INITIAL)
        self.year = w.Dropdown(
            options=[(str(y), y) for y in years], value=min(max(this_year - 1, years[0]), years[-1]), style=STYLE_INITIAL
        )
        self.wage = AmountBox(8000, language)
        self.pension = AmountBox(4000, language)
        self.opening = AmountBox(0, language)
        self.age = w.BoundedIntText(value=40, min=16, max=100, style=STYLE_INITIAL)
        self.rules = w.ToggleButtons(options=[("", "actual")], value="actual", style=STYLE_INITIAL)
        self.summary = w.HTML()
        self.summary.add_class("yibao-year-summary")
        self.comparison = w.HTML()
        self.comparison.add_class("yibao-year-comparison")
        self.bill_list = w.HTML()
        self.bill_list.add_class("yibao-year-bills")
        # the bill form: its controls change nothing until a button is pressed
        self.new_kind = w.ToggleButtons(options=[("", k) for k in FORM_KINDS], value="outpatient", style=STYLE_INITIAL)
        self.new_date = w.DatePicker(value=_in_year(dt.date(2000, 3, 1), self.year.value), style=STYLE_INITIAL)
        self.new_amount = AmountBox(300, language)
        self.new_level = w.Dropdown(options=[("", level) for level in LEVELS], value="community", style=STYLE_INITIAL)
        self.add = w.Button()
        self.remove_choice = w.Dropdown(options=[("—", -1)], value=-1, style=STYLE_INITIAL)
        self.remove = w.Button()
        self.clear = w.Button()
        self.form_title = w.HTML()
        self.form_message = w.HTML()
        self.form = w.VBox(
            [
                self.form_title,
                self.new_kind,
                w.HBox([self.new_date, self.new_amount, self.new_level]),
                self.add,
                self.form_message,
                w.HBox([self.remove_choice, self.remove, self.clear]),
            ]
        )
        self.form.add_class("yibao-year-form")
        person = [
            w.HBox([self.preset, self.preset_note]),
            w.HBox([self.city, self.year]),
            self.status,
            w.HBox([self.wage, self.pension, self.age, self.opening]),
            self.rules,
        ]
        super().__init__(language, [*person, self.summary, self.comparison, self.form, self.bill_list])
        self._set_year_bounds(self.year.value)
        self._render(self.relabel, self.update)
        self.watch(self.preset, self.city, self.status, self.year, self.wage, self.pension, self.opening, self.age, self.rules)
        self.new_kind.observe(lambda _: self._show_level(), "value")
        self.add.on_click(lambda _: self._render(self._add_bill, self.update))
        self.remove.on_click(lambda _: self._render(self._remove_bill, self.update))
        self.clear.on_click(lambda _: self._render(self._clear_bills, self.update))

    # --- labels ---------------------------------------------------------------------------------

    def relabel(self) -> None:
        lang = self.lang
        self.preset.description = t("start_from", lang)
        set_options(self.preset, [(p[f"label_{lang}"], p["id"]) for p in self.presets.values()] + [(t("preset_custom", lang), CUSTOM)])
        self.city.description = t("city", lang)
        set_options(self.city, region_options(credit_cities(), lang))
        self.status.description = t("status", lang)
        set_options(self.status, [(t("employee", lang), "employee"), (t("retiree", lang), "retiree")])
        self.year.description = t("year", lang)
        for box, key in (
            (self.wage, "wage_base"),
            (self.pension, "pension"),
            (self.opening, "opening_balance"),
            (self.new_amount, "bill_amount"),
        ):
            box.text.description = t(key, lang)
            box.text.style = STYLE_INITIAL
        self.age.description = t("age", lang)
        self.rules.description = t("rule_set", lang)
        self.form_title.value = tag("h4", t("add_or_remove", lang))
        self.new_kind.description = t("bill_kind", lang)
        set_options(self.new_kind, [(t(f"care_{k}", lang), k) for k in FORM_KINDS])
        self.new_date.description = t("date", lang)
        self.new_level.description = t("hospital_level", lang)
        set_options(self.new_level, [(t(f"level_{level}", lang), level) for level in LEVELS])
        self.add.description = t("add_bill", lang)
        self.remove_choice.description = t("pick_bill", lang)
        self.remove.description = t("remove_bill", lang)
        self.clear.description = t("clear_bills", lang)
        self.form_message.value = ""
        self._show_level()

    def _show_level(self) -> None:
        self.new_level.layout.display = "none" if self.new_kind.value == "pharmacy" else None

    # --- the bill list ----------------------------------------------------------------------------

    def _set_year_bounds(self, year: int) -> None:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        day = _in_year(self.new_date.value or first, year)
        if self.new_date.max is not None and first > self.new_date.max:
            self.new_date.max, self.new_date.min = last, first
        else:
            self.new_date.min, self.new_date.max = first, last
        self.new_date.value = day

    def _load_preset(self, preset_id: str) -> None:
        preset = self.presets[preset_id]
        inputs = preset["inputs"]
        self.status.value = inputs["status"]
        self.age.value = inputs["age"]
        for box, key in ((self.wage, "wage_base"), (self.pension, "pension")):
            if key in inputs:
                box.text.value = f"{inputs[key]:g}"
        year = self.year.value
        bills = [(dt.date(year, int(day[:2]), int(day[3:])), kind, amount, level) for day, kind, amount, level in preset["events"]]
        self.bills = sorted(bills, key=lambda bill: bill[0])
        self._bills_year = year

    def set_bills(self, events: Sequence[Sequence[Any]]) -> None:
        """Replace the bills with ``events``, ``(date, kind, amount[, hospital_level])`` as for
        :func:`yibao.simulate_year`, moved into the chosen year, and show them (one render)."""

        def replace() -> None:
            bills = []
            for date, kind, amount, *level in events:
                day = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date))
                bills.append((day, str(kind), float(amount), str(level[0]) if level else "any"))
            self.bills = sorted(bills, key=lambda bill: bill[0])
            self._bills_year = 0  # moved into the chosen year by the update
            self._edited()

        self._render(replace, self.update)

    def _edited(self) -> None:
        self._preset_shown = self.preset.value = CUSTOM

    def _add_bill(self) -> None:
        lang, year, day = self.lang, self.year.value, self.new_date.value
        if day is None:  # cleared (the picker keeps any date inside the year)
            self.form_message.value = message_html(t("date_outside_year", lang, year=year), lang)
            return
        if self.new_amount.message.value:  # the box could not read its text: it says why
            return
        kind = self.new_kind.value
        level = "any" if kind == "pharmacy" else self.new_level.value
        self.bills = sorted([*self.bills, (day, kind, float(self.new_amount.value), level)], key=lambda bill: bill[0])
        self.form_message.value = ""
        self._edited()

    def _remove_bill(self) -> None:
        index = self.remove_choice.value
        if 0 <= index < len(self.bills):
            del self.bills[index]
            self._edited()

    def _clear_bills(self) -> None:
        self.bills = []
        self._edited()

    # --- rendering -------------------------------------------------------------------------------

    def update(self) -> None:
        lang, year, city = self.lang, self.year.value, self.city.value
        if self.preset.value != self._preset_shown:
            if self.preset.value != CUSTOM:
                self._load_preset(self.preset.value)
            self._preset_shown = self.preset.value
        preset = self.presets.get(self.preset.value)
        self.preset_note.value = tag("p", preset[f"description_{lang}"], class_="yibao-empty") if preset else ""
        if self._bills_year != year:
            moved = [(_in_year(day, year), kind, amount, level) for day, kind, amount, level in self.bills]
            self.bills = sorted(moved, key=lambda bill: bill[0])
            self._bills_year = year
            self._set_year_bounds(year)
        needed = year_inputs(city, status=self.status.value, year=year)
        for box, key in ((self.wage, "wage_base"), (self.pension, "pension"), (self.age, "age")):
            box.layout.display = None if needed[key] else "none"
        has_reform = reform_date(city) is not None
        sets = ("actual", "before_reform", "after_reform") if has_reform else ("actual",)
        set_options(self.rules, [(t(f"rules_{s}", lang), s) for s in sets])
        self.rules.layout.display = None if has_reform else "none"
        choices = [
            (f"{n}. {day} · {t(f'care_{kind}', lang)} · {_yuan(amount)}", n - 1) for n, (day, kind, amount, _) in enumerate(self.bills, 1)
        ]
        set_options(self.remove_choice, choices or [("—", -1)])
        self.report = None  # until the year computes
        report = year_report(
            city,
            status=self.status.value,
            year=year,
            events=[(day.isoformat(), kind, amount, level) for day, kind, amount, level in self.bills],
            wage_base=self.wage.value,
            age=self.age.value,
            pension=self.pension.value,
            opening_balance=self.opening.value,
            rules=self.rules.value,
        )
        self.report = report
        self.summary.value = self._summary(report, lang)
        self.comparison.value = self._comparison(report["comparison"], lang, report[f"region_{lang}"])
        self.bill_list.value = self._bill_list(report, lang)

    def _summary(self, report: Mapping[str, Any], lang: str) -> Safe:
        side = report["year"]
        total = side["summary"]
        left_out = [bill for bill in report["events"] if not bill["computed"]]
        parts: list[object] = [
            tag("div", t("year_headline", lang, year=total["year"], bill=total["bill"]), class_="yibao-headline yibao-year-total"),
            tag("p", side[f"label_{lang}"]),
            _bar(side["bar"], lang, "yibao-bar"),
            _legend(side["bar"], lang),
            tag("p", t("year_balance", lang, credits=total["credits_received"], closing=total["closing_balance"])),
        ]
        if not report["events"]:
            parts.append(tag("p", t("no_bills", lang), class_="yibao-empty"))
        if left_out:
            reasons = list(dict.fromkeys(bill[f"reason_{lang}"] for bill in left_out))
            amount = sum(bill["amount"] for bill in left_out)
            parts.append(
                tag(
                    "div",
                    join([tag("p", t("not_computed_note", lang, count=len(left_out), amount=amount)), bullet_list(reasons, "")]),
                    class_="yibao-message yibao-not-computed",
                )
            )
        parts.append(
            tag("details", join([tag("summary", t("rule_and_sources", lang)), _rule_items(list(report["rules"]), report["rules"], lang)]))
        )
        parts.append(tag("p", t("year_caveat", lang), class_="yibao-empty"))
        return join(parts)

    @staticmethod
    def _comparison(comparison: Mapping[str, Any] | None, lang: str, city: str) -> Safe:
        heading = tag("h4", t("compare_heading", lang))
        if comparison is None:
            return join([heading, tag("p", t("no_reform_date", lang, city=city), class_="yibao-empty")])
        reform = tag("p", t("reform_on", lang, date=comparison["reform_date"]))
        if comparison["error_zh"] is not None:
            return join([heading, reform, message_html(t("compare_impossible", lang) + comparison[f"error_{lang}"], lang)])
        columns = []
        for key in ("before", "after"):
            side = comparison[key]
            total = side["summary"]
            columns.append(
                tag(
                    "div",
                    join(
                        [
                            tag("h5", side[f"label_{lang}"]),
                            _bar(side["bar"], lang, "yibao-bar"),
                            _legend(side["bar"], lang),
                            tag("p", t("year_balance", lang, credits=total["credits_received"], closing=total["closing_balance"])),
                        ]
                    ),
                    class_=f"yibao-column yibao-reform-{key}",
                )
            )
        parts: list[object] = [
            heading,
            reform,
            tag("div", join(columns), class_="yibao-columns"),
            tag("p", tag("b", comparison[f"explanation_{lang}"]), class_="yibao-reform-difference"),
        ]
        left_out = comparison["not_computed"]
        if left_out:
            items = [join([_bill_head(bill, lang), t("rules_" + bill["rules"], lang) + ": " + bill[f"reason_{lang}"]]) for bill in left_out]
            parts.append(
                tag(
                    "details",
                    join([tag("summary", t("compare_left_out", lang, count=len(left_out))), bullet_list(items, "")]),
                    class_="yibao-not-computed",
                )
            )
        return join(parts)

    @staticmethod
    def _bill_list(report: Mapping[str, Any], lang: str) -> Safe:
        rules = report["rules"]
        details: dict[tuple[str, ...], Safe] = {}  # bills under the same rules share one rendering
        items = []
        for bill in report["events"]:
            head = _bill_head(bill, lang)
            if not bill["computed"]:
                reason = message_html(bill[f"reason_{lang}"], lang)
                sources = tag("p", source_refs(bill["sources"], lang)) if bill["sources"] else ""
                items.append(tag("li", join([head, reason, sources]), class_="yibao-bill yibao-bill-not-computed"))
                continue
            applied = tuple(bill["rule"])
            if applied not in details:
                details[applied] = _rule_items(applied, rules, lang)
            notes = [t("large_amount_part", lang, amount=bill["large_amount"])] if bill["large_amount"] else []
            notes += [t(key, lang, amount=bill[key]) for key in ("deductible_left", "cap_left") if bill[key] is not None]
            notes.append(t("balance_after", lang, amount=bill["balance"]))
            split = " · ".join(f"{s[f'label_{lang}']} {_yuan(s['amount'])}" for s in bill["bar"])
            items.append(
                tag(
                    "li",
                    join(
                        [
                            head,
                            _bar(bill["bar"], lang, "yibao-bar yibao-bar-small"),
                            tag("div", split, class_="yibao-bill-split"),
                            tag(
                                "details",
                                join([tag("summary", t("rule_and_sources", lang)), details[applied], tag("p", " · ".join(notes))]),
                            ),
                        ]
                    ),
                    class_="yibao-bill",
                )
            )
        return join([tag("h4", t("bills_heading", lang)), tag("ol", join(items), class_="yibao-bills") if items else ""])

    def show_message(self, text: str) -> None:
        self.summary.value = message_html(text, self.lang)
        self.comparison.value = ""
        entered = [label for label, index in self.remove_choice.options if index >= 0]  # the bills as entered, without a split
        self.bill_list.value = (
            tag("ol", join(tag("li", label, class_="yibao-bill") for label in entered), class_="yibao-bills") if entered else ""
        )


def year_of_care(language: Language | None = None) -> YearOfCareExplorer:
    """Build the year-of-care explorer: a year of bills, who pays each, before vs after the reform."""
    return YearOfCareExplorer(language)
