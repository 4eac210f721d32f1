"""Does this scheme have a personal account? The rule, looked up in ``data/schemes.csv``.

Rows are scheme × region × tier × dates; a city without its own row falls back to the national one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from yibao.data import checks
from yibao.data.display import Card, Readable, sentences
from yibao.data.i18n import LANGS, check_lang, t
from yibao.data.regions import resolve_region
from yibao.data.store import Row, derived, in_force, records
from yibao.data.tables import SCHEMES


def _on(on: dt.date | str | None) -> pd.Timestamp:
    return pd.Timestamp(dt.date.today()) if on is None else checks.date("on", on)


def scheme_tiers(scheme: str, city: str | None = None, on: dt.date | str | None = None) -> list[str]:
    """Tier ids recorded for this scheme in this city on this date (default today); empty when none."""
    checks.choice("scheme", scheme, SCHEMES)
    return _tiers(scheme, resolve_region(city), _on(on))


def _tiers(scheme: str, region: str, when: pd.Timestamp) -> list[str]:
    return sorted({r["tier"] for r in _rows(scheme).get(region, ()) if r["tier"] and in_force(r, when)})


@derived
def _rows(scheme: str) -> dict[str, tuple[Row, ...]]:
    """The scheme's rows by region, in the table's order."""
    by_region: dict[str, list[Row]] = {}
    for row in records("schemes"):
        if row["scheme"] == scheme:
            by_region.setdefault(row["region"], []).append(row)
    return {region: tuple(rows) for region, rows in by_region.items()}


@dataclass(frozen=True, repr=False)
class AccountAnswer(Readable):
    """Whether a scheme has a personal account, why, what people have instead, with sources.

    ``answer`` is ``"yes"``, ``"no"`` or ``"depends"``; ``tiers`` lists the tiers to ask about
    when the answer depends on them. Texts are in ``lang``; :meth:`to_record` gives both languages.
    """

    scheme: str
    region: str
    tier: str
    on: dt.date
    answer: str
    answer_label: str
    reason: str
    instead: str
    caveat: str
    tier_label: str
    tiers: tuple[str, ...]
    source_ids: tuple[str, ...]
    confidence: str
    valid_from: dt.date
    region_specific: bool
    rule_id: str
    lang: str

    def to_record(self) -> dict:
        """A JSON-ready dict with every text in both languages."""
        row = _rule(self.rule_id)
        tiers = {r["tier"]: r for r in records("schemes") if r["scheme"] == self.scheme and r["region"] == self.region and r["tier"]}
        return {
            "scheme": self.scheme,
            "region": self.region,
            "tier": self.tier,
            "on": self.on.isoformat(),
            "answer": self.answer,
            **{f"answer_label_{lang}": t(f"account_{self.answer}", lang) for lang in LANGS},
            **{f"{field}_{lang}": row[f"{field}_{lang}"] for field in ("reason", "instead", "caveat", "tier") for lang in LANGS},
            "tiers": [
                {"id": tier, "label_zh": tiers[tier]["tier_zh"], "label_en": tiers[tier]["tier_en"], "answer": tiers[tier]["answer"]}
                for tier in self.tiers
            ],
            "source_ids": list(self.source_ids),
            "confidence": self.confidence,
            "valid_from": self.valid_from.isoformat(),
            "region_specific": self.region_specific,
            "rule_id": self.rule_id,
        }

    def card(self, lang: str | None = None) -> Card:
        """Yes, no or depends first, with why; then what people have instead, and the sources (in ``self.lang``)."""
        lang = self.lang
        shown = ((t("tier", lang), self.tier_label), ("", self.instead), ("", self.caveat))
        details = tuple((label, text) for label, text in shown if text)
        answer = sentences(self.answer_label, self.reason, lang)
        return Card(t("card_account", lang), answer, lang, (), self.source_ids, self.confidence, details)


def _pick(rows: dict[str, tuple[Row, ...]], region: str, tier: str, on: pd.Timestamp) -> Row | None:
    return next((r for r in rows.get(region, ()) if r["tier"] == tier and in_force(r, on)), None)


def _rule(rule_id: str) -> Row:
    return next(r for r in records("schemes") if r["id"] == rule_id)


def has_personal_account(
    scheme: str,
    *,
    city: str | None = None,
    tier: str | None = None,
    on: dt.date | str | None = None,
    lang: str = "zh",
) -> AccountAnswer:
    """Does ``scheme`` (``employee``, ``retiree``, ``flexible``, ``resident``) have a personal account?

    city: a region id or name (``None``: the national answer); a city without its own rule falls
    back to the national one. tier: one of :func:`scheme_tiers` for that city (e.g. Shenzhen
    ``tier2``); without it a city whose tiers differ answers ``"depends"``. on: the date
    (default today). Raises ``ValueError`` naming the valid choices or the recorded dates.

    >>> has_personal_account("resident").answer
    'no'
    """
    check_lang(lang)
    checks.choice("scheme", scheme, SCHEMES)
    region = resolve_region(city)
    when = _on(on)
    rows = _rows(scheme)
    if tier is not None:
        valid = _tiers(scheme, region, when)
        if not valid:
            raise ValueError(f"no tiers recorded for {scheme} in {region} on {when.date()}; valid: (none: leave tier out)")
        checks.choice("tier", tier, valid)
    wanted = tier or ""
    row = _pick(rows, region, wanted, when)
    if row is None and tier is None:
        row = _pick(rows, "national", "", when)
    if row is None:
        periods = ", ".join(sorted({str(r["valid_from"].date()) for place in (region, "national") for r in rows.get(place, ())}))
        raise ValueError(f"no answer recorded for {scheme} ({region}) on {when.date()}; answers recorded from: {periods}")
    return AccountAnswer(
        scheme=scheme,
        region=row["region"],
        tier=row["tier"],
        on=when.date(),
        answer=row["answer"],
        answer_label=t(f"account_{row['answer']}", lang),
        reason=row[f"reason_{lang}"],
        instead=row[f"instead_{lang}"],
        caveat=row[f"caveat_{lang}"],
        tier_label=row[f"tier_{lang}"],
        tiers=tuple(_tiers(scheme, row["region"], when)) if row["answer"] == "depends" and not row["tier"] else (),
        source_ids=tuple(row["source_ids"]),
        confidence=row["confidence"],
        valid_from=row["valid_from"].date(),
        region_specific=row["region"] != "national",
        rule_id=row["id"],
        lang=lang,
    )
