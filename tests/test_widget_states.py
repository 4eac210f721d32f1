"""Stateful property tests: random sequences of control changes and language switches through
every widget builder on one page (one shared ``Language``).

After every step, for every widget:
- no exception escaped the assignment (observers run synchronously, so one would surface here)
  and nothing was logged as an internal error — errors become a friendly message;
- ``last_update_seconds`` was set by the update the change caused; outputs are str / bytes;
- the output matches the current controls, computed independently through the public API:
  the channel table's rows are ``filter_channels(...)``, the withdrawal result shows
  ``assess_withdrawal(...)``'s title and verdict label — or the widget shows the message of the
  ``ValueError`` the same call raises;
- every label is in the current language.

``STEPS`` counts the steps run (reported by ``test_report_step_count``).
"""

from __future__ import annotations

import html
import logging
import re

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

import yibao
from yibao import widgets as yw
from yibao.data import records
from yibao.i18n import t
from yibao.tables import SEED_VERDICTS

from .conftest import examples

EXAMPLES = examples(10)  # state-machine runs (each builds a fresh page)
STEPS_PER_EXAMPLE = 30
MESSAGE = 'class="yibao-message"'
STEPS = {"steps": 0, "runs": 0, "messages": 0, "language_switches": 0}


def _esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def _rows(markup: str) -> int:
    return markup.count("<tr>") - 1


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
    """Every builder on one page, as a notebook shows them."""

    def __init__(self):
        super().__init__()
        self.trap = _LogTrap()
        logging.getLogger("yibao.widgets").addHandler(self.trap)
        self.language = yw.Language()
        self.switch = yw.language_switch(self.language)
        self.accounts = yw.account_comparison(language=self.language)
        self.explorer = yw.channel_explorer(self.language)
        self.guide = yw.withdrawal_guide(self.language)
        self.myths = yw.myth_buster(self.language)
        self.sharing = yw.family_sharing(self.language)
        self.non_payable = yw.non_payable(self.language)
        self.all = [self.accounts, self.explorer, self.guide, self.myths, self.sharing, self.non_payable]
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

    # --- channel explorer ------------------------------------------------------------------------

    @rule(data=st.data())
    def explorer_mode(self, data):
        self._set(self.explorer, self.explorer.mode, self._pick(data, self.explorer.mode, "mode"))

    @rule(data=st.data())
    def explorer_shows(self, data):
        self._set(self.explorer, self.explorer.shows, self._pick(data, self.explorer.shows, "shows"))

    @rule(data=st.data())
    def explorer_avoid(self, data):
        values = [v for _, v in self.explorer.avoid.options]
        chosen = data.draw(st.lists(st.sampled_from(values), unique=True, max_size=4), label="avoid")
        self._set(self.explorer, self.explorer.avoid, tuple(chosen))

    @rule(data=st.data())
    def explorer_region(self, data):
        self._set(self.explorer, self.explorer.region, self._pick(data, self.explorer.region, "region"))

    @rule(data=st.data())
    def explorer_channel(self, data):
        STEPS["steps"] += 1
        self.explorer.channel.value = self._pick(data, self.explorer.channel, "channel")
        self.touched = []

    # --- withdrawal guide ----------------------------------------------------------------------------

    @rule(data=st.data())
    def withdrawal_scenario(self, data):
        self._set(self.guide, self.guide.scenario, self._pick(data, self.guide.scenario, "scenario"))

    @rule(data=st.data())
    def withdrawal_region(self, data):
        self._set(self.guide, self.guide.region, self._pick(data, self.guide.region, "region"))

    # --- myths, family sharing, non-payable ---------------------------------------------------------------

    @rule(data=st.data())
    def myth_verdict(self, data):
        self._set(self.myths, self.myths.verdict, self._pick(data, self.myths.verdict, "verdict"))

    @rule(data=st.data())
    def sharing_region(self, data):
        self._set(self.sharing, self.sharing.region, self._pick(data, self.sharing.region, "region"))

    @rule(data=st.data())
    def non_payable_applies_to(self, data):
        self._set(self.non_payable, self.non_payable.applies_to, self._pick(data, self.non_payable.applies_to, "applies_to"))

    # --- invariants -----------------------------------------------------------------------------------------

    @invariant()
    def nothing_crashed(self):
        assert not self.trap.records, [r.getMessage() for r in self.trap.records]
        for widget in self.touched:
            assert widget.last_update_seconds >= 0, (type(widget).__name__, widget.last_update_seconds)
        for value in (
            self.accounts.table.value,
            self.explorer.table.value,
            self.explorer.steps.value,
            self.guide.result.value,
            self.myths.table.value,
            self.sharing.table.value,
            self.non_payable.table.value,
        ):
            assert isinstance(value, str) and "Traceback" not in value and "internal error" not in value

    @invariant()
    def labels_in_current_language(self):
        lang = self.language.value
        assert self.explorer.mode.description == t("mode", lang)
        assert self.myths.verdict.description == t("verdict", lang)
        titles = {r["id"]: r[f"title_{lang}"] for r in records("withdrawal_scenarios") if r["region"] == "national"}
        assert all(label == titles[value] for label, value in self.guide.scenario.options)
        assert _esc(t("personal_account", lang)) in self.accounts.table.value

    @invariant()
    def channel_table_matches_filter(self):
        lang, e = self.language.value, self.explorer
        frame = yibao.filter_channels(
            None if e.mode.value == "all" else e.mode.value,
            shows=None if e.shows.value == "any" else e.shows.value,
            region=None if e.region.value == "any" else e.region.value,
            avoid_needs=e.avoid.value,
        )
        if frame.empty:
            assert _esc(t("no_rows", lang)) in e.table.value
            assert [v for _, v in e.channel.options] == [""]
            assert e.steps.value == ""
            return
        assert _rows(e.table.value) == len(frame)
        shown = re.findall(r"<b>(.*?)</b>", e.table.value)
        assert shown == [_esc(name) for name in frame[f"name_{lang}"]]
        assert [v for _, v in e.channel.options] == list(frame["id"])
        assert [label for label, _ in e.channel.options] == list(frame[f"name_{lang}"])
        row = frame.set_index("id").loc[e.channel.value]
        assert _esc(f"{t('steps', lang)}: {row[f'name_{lang}']}") in e.steps.value
        assert all(f"<li>{_esc(step)}</li>" in e.steps.value for step in row[f"steps_{lang}"])

    @invariant()
    def withdrawal_matches_assessment(self):
        lang, g = self.language.value, self.guide
        region = None if g.region.value == "national" else g.region.value
        try:
            result = yibao.assess_withdrawal(g.scenario.value, region=region, lang=lang)
        except ValueError as exc:
            self._expect_message(g.result.value, exc, lang)
            return
        assert f"③ {_esc(result.title)}" in g.result.value
        assert f'yibao-verdict-{result.verdict}">{_esc(result.verdict_label)}</div>' in g.result.value
        assert _esc(result.summary) in g.result.value
        for document in result.documents:
            assert f"<li>{_esc(document)}</li>" in g.result.value

    @invariant()
    def tables_match_filters(self):
        lang = self.language.value
        claims = yibao.load_seed_claims()
        verdict = self.myths.verdict.value
        assert verdict == "all" or verdict in SEED_VERDICTS
        expected = len(claims) if verdict == "all" else int((claims["verdict"] == verdict).sum())
        if expected:
            assert _rows(self.myths.table.value) == expected
        else:
            assert _esc(t("no_rows", lang)) in self.myths.table.value
        sharing = [r for r in records("region_params") if r["parameter"] == "family_sharing"]
        region = self.sharing.region.value
        expected = sum(1 for r in sharing if region == "all" or r["region"] in (region, "national"))
        assert _rows(self.sharing.table.value) == expected
        applies = self.non_payable.applies_to.value
        items = records("non_payable")
        expected = sum(1 for r in items if applies == "all" or r["applies_to"] in (applies, "both"))
        assert _rows(self.non_payable.table.value) == expected
        assert _rows(self.accounts.table.value) == len(records("account_comparison"))

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
