"""Stateful property tests: random sequences of control changes and language switches through
the ipywidgets builders (credit calculator, balance chart) on one page (one shared ``Language``).

After every step, for every widget:
- no exception escaped the assignment (observers run synchronously, so one would surface here)
  and nothing was logged as an internal error — errors become a friendly message;
- ``last_update_seconds`` was set by the update the change caused; outputs are str / bytes;
- the output matches the current controls, computed independently through the public API:
  the credit shows
  ``monthly_personal_credit(...)``'s total, the chart's ``balance_line`` is
  ``project_balances(...)``'s balance — or the widget shows the message of the ``ValueError``
  the same call raises;
- every label is in the current language.

``STEPS`` counts the steps run (reported by ``test_report_step_count``).
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import math

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

import yibao
from yibao import widgets as yw
from yibao.credit import credit_tiers
from yibao.data import records
from yibao.i18n import t
from yibao.inputs import parse_amount

from .conftest import examples

EXAMPLES = examples(10)  # state-machine runs (each builds a fresh page)
STEPS_PER_EXAMPLE = 30
MESSAGE = 'class="yibao-message"'
STEPS = {"steps": 0, "runs": 0, "messages": 0, "language_switches": 0}


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


class _LogTrap(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def _close(widget) -> None:
    for child in getattr(widget, "children", ()):
        _close(child)
    widget.close()


class Page(RuleBasedStateMachine):
    """The ipywidgets builders on one page, as a notebook shows them."""

    def __init__(self):
        super().__init__()
        self.trap = _LogTrap()
        logging.getLogger("yibao.widgets").addHandler(self.trap)
        self.language = yw.Language()
        self.switch = yw.language_switch(self.language)
        self.credit = yw.credit_calculator(self.language)
        self.chart = yw.balance_chart(self.language)
        self.all = [self.credit, self.chart]
        self.touched: list = []
        STEPS["runs"] += 1

    def teardown(self):
        logging.getLogger("yibao.widgets").removeHandler(self.trap)
        for widget in [self.switch, *self.all]:
            _close(widget)

    # --- helpers -------------------------------------------------------------------------------

    def _set(self, widget, control, value) -> None:
        """Set one control like a user would; note whether an update was due."""
        STEPS["steps"] += 1
        for each in self.all:
            each.last_update_seconds = -1.0
        before = control.value
        control.value = value  # an exception in an observer would surface right here
        self.touched = [widget] if control.value != before else []

    @staticmethod
    def _pick(data, control, label: str):
        values = [v for _, v in control.options] if isinstance(control.options[0], tuple) else list(control.options)
        return data.draw(st.sampled_from(values), label=label)

    # --- language ------------------------------------------------------------------------------

    @rule(lang=st.sampled_from(["zh", "en"]), via_switch=st.booleans())
    def switch_language(self, lang, via_switch):
        STEPS["steps"] += 1
        STEPS["language_switches"] += 1
        for each in self.all:
            each.last_update_seconds = -1.0
        changed = self.language.value != lang
        if via_switch:
            self.switch.value = lang
        else:
            self.language.value = lang
        assert self.switch.value == self.language.value == lang
        self.touched = list(self.all) if changed else []

    # --- credit calculator ---------------------------------------------------------------------------

    @rule(
        wage=st.one_of(
            st.integers(0, 40_000).map(str),
            st.integers(-100, 2_000_000).map(str),
            st.sampled_from(["0", "1000000", "1.2万", "１００００", "10,000", "8000.5", "¥9000元", "1万元", "abc", "", "1.2.3"]),
        )
    )
    def credit_wage(self, wage):
        before = self.credit.wage.value
        self._set(self.credit, self.credit.wage.text, wage)
        try:
            typed = parse_amount(wage)
        except ValueError:
            assert self.credit.wage.value == before and "yibao-message" in self.credit.wage.message.value
            self.touched = []  # the last amount that could be read stays in force
        else:
            assert self.credit.wage.value == typed and self.credit.wage.message.value == ""
            self.touched = [self.credit] if typed != before else []

    @rule(data=st.data())
    def credit_status(self, data):
        self._set(self.credit, self.credit.status, self._pick(data, self.credit.status, "status"))

    @rule(data=st.data())
    def credit_city(self, data):
        self._set(self.credit, self.credit.city, self._pick(data, self.credit.city, "city"))

    @rule(
        on=st.one_of(
            st.none(),
            st.dates(dt.date(1998, 12, 14), dt.date(2030, 12, 31)),
            st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)),
            st.sampled_from(
                [dt.date(1998, 12, 13), dt.date(1998, 12, 14), dt.date(2099, 12, 31), dt.date(2100, 1, 1), dt.date(2022, 9, 1)]
            ),
        )
    )
    def credit_date(self, on):
        self._set(self.credit, self.credit.on, on)

    @rule(data=st.data())
    def credit_tier(self, data):
        if self.credit.tier.options:  # offered only where the city's tiers differ (hidden otherwise)
            self._set(self.credit, self.credit.tier, self._pick(data, self.credit.tier, "tier"))

    @rule(data=st.data())
    def credit_years_met(self, data):
        self._set(self.credit, self.credit.years_met, self._pick(data, self.credit.years_met, "years_met"))

    @rule(age=st.integers(0, 130))
    def credit_age(self, age):
        self._set(self.credit, self.credit.age, age)

    @rule(pension=st.integers(-10, 200_000))
    def credit_pension(self, pension):
        self._set(self.credit, self.credit.pension, pension)

    # --- balance chart ----------------------------------------------------------------------------------

    @rule(name=st.sampled_from(["wage", "spend", "outpatient", "months", "stop_month", "start_year", "age", "pension"]), data=st.data())
    def chart_slider(self, name, data):
        control = getattr(self.chart, name)
        value = data.draw(
            st.one_of(
                st.integers(control.min, control.max),
                st.sampled_from([control.min, control.max]),
                st.integers(control.min - 5, control.max + 5),
            ),
            label=name,
        )
        self._set(self.chart, control, value)

    @rule(data=st.data())
    def chart_status(self, data):
        self._set(self.chart, self.chart.status, self._pick(data, self.chart.status, "status"))

    @rule(data=st.data())
    def chart_city(self, data):
        self._set(self.chart, self.chart.city, self._pick(data, self.chart.city, "city"))

    # --- invariants -----------------------------------------------------------------------------------------

    @invariant()
    def nothing_crashed(self):
        assert not self.trap.records, [r.getMessage() for r in self.trap.records]
        for widget in self.touched:
            assert widget.last_update_seconds >= 0, (type(widget).__name__, widget.last_update_seconds)
        for value in (self.credit.result.value, self.chart.summary.value):
            assert isinstance(value, str) and "Traceback" not in value and "internal error" not in value
        assert isinstance(self.chart.image.value, (bytes, memoryview)) and bytes(self.chart.image.value).startswith(b"\x89PNG")

    @invariant()
    def labels_in_current_language(self):
        lang = self.language.value
        assert self.credit.wage.text.description == t("wage_before_tax", lang)
        assert dict(self.credit.years_met.options)[t("years_unsure", lang)] == "unsure"
        tiers = {row["tier"]: row[f"tier_{lang}"] for row in records("schemes") if row["tier"]}
        assert all(label == tiers[value] for label, value in self.credit.tier.options)
        assert self.chart.months.description == t("months", lang)
        # Chart texts are wrapped to the phone-wide chart's lines.
        assert " ".join(self.chart.axes.get_title().split()) == t("chart_title", lang)
        assert " ".join(self.chart.balance_line.get_label().split()) == t("chart_balance", lang)
        assert dict(self.credit.status.options)[t("employee", lang)] == "employee"
        names = {r["id"]: r[f"name_{lang}"] for r in records("regions")}
        assert all(label == names[value] for label, value in self.chart.city.options)

    @invariant()
    def credit_matches_calculator(self):
        lang, c = self.language.value, self.credit
        if c.on.value is None:
            assert MESSAGE in c.result.value
            return
        city = None if c.city.value == "national" else c.city.value
        try:
            tiers = [tier["id"] for tier in credit_tiers(c.status.value, city=city, on=c.on.value)]
        except ValueError as exc:
            self._expect_message(c.result.value, exc, lang)
            return
        assert [value for _, value in c.tier.options] == tiers
        assert (c.tier.layout.display != "none") == bool(tiers)
        assert (c.years_met.layout.display != "none") == (c.status.value == "retiree")
        try:
            credit = yibao.monthly_personal_credit(
                c.wage.value,
                status=c.status.value,
                city=city,
                on=c.on.value,
                tier=c.tier.value if tiers else None,
                contribution_years_met={"yes": True, "no": False, "unsure": None}[c.years_met.value]
                if c.status.value == "retiree"
                else None,
                pension=c.pension.value,
                age=c.age.value,
                lang=lang,
            )
        except ValueError as exc:
            self._expect_message(c.result.value, exc, lang)
            return
        assert MESSAGE not in c.result.value
        headline = {
            "credited": t("credit_headline", lang, amount=credit.amount),
            "no_account": t("account_no", lang),
            "keep_paying": t("headline_keep_paying", lang),
        }[credit.outcome]
        assert f'yibao-credit-total">{_esc(headline)}</div>' in c.result.value
        assert _esc(f"{t('rule_applied', lang)}: {credit.rule}") in c.result.value
        clamp = credit.base_clamped and t(f"clamped_{credit.base_clamped}", lang, limit=f"{credit.wage_base_used:,.0f}")
        assert ("yibao-credit-clamp" in c.result.value) == bool(clamp)
        if clamp:
            assert _esc(clamp) in c.result.value

    @invariant()
    def chart_matches_projection(self):
        lang, c = self.language.value, self.chart
        assert c.stop_month.max == c.months.value and 0 <= c.stop_month.value <= c.months.value
        stop = None
        if c.stop_month.value > 0:
            index = c.stop_month.value - 1
            stop = dt.date(c.start_year.value + index // 12, index % 12 + 1, 1)
        try:
            projection = yibao.project_balances(
                dt.date(c.start_year.value, 1, 1),
                c.months.value,
                wage_base=c.wage.value,
                status=c.status.value,
                city=c.city.value,
                personal_spend_per_month=c.spend.value,
                outpatient_cost_per_month=c.outpatient.value,
                stop_contributing=stop,
                pension=c.pension.value,
                age=c.age.value,
            )
        except ValueError as exc:
            self._expect_message(c.summary.value, exc, lang)
            return
        assert MESSAGE not in c.summary.value
        np.testing.assert_allclose(c.balance_line.get_ydata(), projection["personal_balance"].to_numpy())
        np.testing.assert_allclose(c.quota_line.get_ydata(), projection["pooled_outpatient_remaining"].to_numpy())
        assert c.stop_marker.get_visible() == (stop is not None)
        last = projection.iloc[-1]
        assert _esc(f"{t('chart_balance', lang)}: ¥{last['personal_balance']:,.0f}") in c.summary.value
        remaining = last["pooled_outpatient_remaining"]
        assert (f"¥{remaining:,.0f}" if not math.isnan(remaining) else "—") in c.summary.value

    @staticmethod
    def _expect_message(markup: str, exc: ValueError, lang: str) -> None:
        STEPS["messages"] += 1
        localized = getattr(exc, "localized", None)
        text = localized(lang) if localized else str(exc)
        assert MESSAGE in markup, markup[:300]
        assert _esc(t("error_prefix", lang) + text) in markup, (text, markup[-400:])


Page.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS_PER_EXAMPLE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
TestPage = Page.TestCase


def test_report_step_count(capsys):
    """Not a check: prints how many state-machine runs and steps were tried in this process."""
    with capsys.disabled():
        print(
            f"\n[test_widget_states] {STEPS['runs']} page builds, {STEPS['steps']} steps "
            f"({STEPS['language_switches']} language switches), {STEPS['messages']} friendly-message states checked"
        )
