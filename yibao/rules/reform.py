"""The same year of care under a city's rules before and after its reform: two runs and a subtraction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Unpack

from yibao.data import checks
from yibao.data.display import Card, Readable, language, lowest_confidence, money, sources_of
from yibao.data.i18n import t
from yibao.rules.year import MONEY, UNCOMPUTABLE, CareYear, YearGiven, YearOfCare, check_year, run_year


@dataclass(frozen=True, eq=False, repr=False)
class ReformComparison(Readable):
    """The same year under the rules before and after the city's reform; ``difference`` = after − before.

    ``not_computed`` (``uncomputable="skip"``): the bills either side cannot compute, left out of
    both sides so that they compare the same bills (the reason given is the first side's that failed).
    """

    before: YearOfCare
    after: YearOfCare
    difference: dict[str, float]
    net_gain: float  # change in (year-end balance − out of pocket)
    explanation_zh: str
    explanation_en: str
    not_computed: tuple[dict[str, Any], ...] = ()

    def to_record(self) -> dict:
        return {
            "before": self.before.to_record(),
            "after": self.after.to_record(),
            "difference": self.difference,
            "net_gain": self.net_gain,
            "explanation_zh": self.explanation_zh,
            "explanation_en": self.explanation_en,
            "not_computed": [dict(row) for row in self.not_computed],
        }

    def card(self, lang: str | None = None) -> Card:
        """The explanation first, each side's year below, then the rules of both sides and their sources."""
        lang = language(lang)
        sides = (self.before.card(lang), self.after.card(lang))
        details = tuple((t(f"rules_{side}_reform", lang), card.answer) for side, card in zip(("before", "after"), sides, strict=True))
        sources = sources_of(card.source_ids for card in sides)
        confidence = lowest_confidence(card.confidence for card in sides)
        rules = tuple(rule for card in sides for rule in card.rules)
        return Card(t("card_reform", lang), getattr(self, f"explanation_{lang}"), lang, rules, sources, confidence, details)


def compare_reform(city: str, *, uncomputable: str = "raise", **given: Unpack[YearGiven]) -> ReformComparison:
    """The same year under the city's rules before and after its reform: one subtraction of two runs.

    The year as given (:class:`~yibao.rules.year.YearGiven`, as for :func:`~yibao.rules.year.simulate_year`).
    ``net_gain`` is the change in (year-end personal balance − out of pocket): positive means the
    person keeps more under the reformed rules. ``uncomputable="skip"``: a bill that either side
    cannot compute is left out of both (listed in ``.not_computed``), so both sides count the same bills.
    """
    skip = checks.choice("uncomputable", uncomputable, UNCOMPUTABLE) == "skip"
    return compare_year(check_year(city, **given), skip=skip)


def compare_year(case: CareYear, *, skip: bool) -> ReformComparison:
    """:func:`compare_reform` of a checked year."""

    def run(rules: str, leave_out: Mapping[int, dict[str, Any]]) -> YearOfCare:
        return run_year(case, rules, skip=skip, leave_out=leave_out)

    before, after = run("before_reform", {}), run("after_reform", {})
    while True:  # each pass leaves out more bills (at most one pass per bill); usually none or one
        failed = {row["event"]: row for row in (*after.not_computed, *before.not_computed)}  # the "before" reason first
        if len(failed) == len(before.not_computed) == len(after.not_computed):
            break
        # a side that already left out exactly these bills stays as it is
        if len(before.not_computed) != len(failed):
            before = run("before_reform", failed)
        if len(after.not_computed) != len(failed):
            after = run("after_reform", failed)
    keys = (*MONEY, "credits_received", "closing_balance")
    difference = {key: round(after.summary[key] - before.summary[key], 2) for key in keys}
    net = round(difference["closing_balance"] - difference["out_of_pocket"], 2)
    key = "reform_better" if net > 0 else "reform_worse" if net < 0 else "reform_same"
    left_out = tuple(sorted(failed.values(), key=lambda row: (row["date"], row["event"])))
    said = {lang: t(key, lang, amount=money(abs(net))) for lang in ("zh", "en")}
    return ReformComparison(before, after, difference, net, said["zh"], said["en"], left_out)

