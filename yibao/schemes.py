"""Who is asking: does this scheme have a personal account, and which pages apply to it?

The rules live in ``data/schemes.csv`` (scheme × region × tier × dates) and the routes in
``data/triage.csv``; this module only looks them up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from . import _checks
from .data import Row, in_force, records
from .display import Card, Readable, sentences
from .i18n import LANGS, check_lang, t
from .tables import SCHEMES

#: the first question's answers: the four schemes and "not sure"
TRIAGE_CHOICES = (*SCHEMES, "unsure")
#: employee-insurance schemes whose tier may have no account (routed to ``no_account``)
_EMPLOYEE_SCHEMES = ("employee", "retiree", "flexible")
_CITY_SUFFIXES = ("市", "省", " city", " province")


def resolve_region(city: str | None) -> str:
    """A region id from an id or a name as people write it ("beijing", "Beijing", "北京", "北京市")."""
    if city is None:
        return "national"
    regions = records("regions")
    if isinstance(city, str):
        text = city.strip().lower()
        for suffix in _CITY_SUFFIXES:
            text = text.removesuffix(suffix)
        for region in regions:
            if text in (region["id"], region["name_en"].lower(), region["name_zh"].removesuffix("市").removesuffix("省")):
                return region["id"]
    return _checks.choice("city", city, [r["id"] for r in regions])


def _on(on: dt.date | str | None) -> pd.Timestamp:
    return pd.Timestamp(dt.date.today()) if on is None else _checks.date("on", on)


def scheme_tiers(scheme: str, city: str | None = None, on: dt.date | str | None = None) -> list[str]:
    """Tier ids recorded for this scheme in this city on this date (default today); empty when none."""
    _checks.choice("scheme", scheme, SCHEMES)
    region, when = resolve_region(city), _on(on)
    return sorted(
        {r["tier"] for r in records("schemes") if r["scheme"] == scheme and r["region"] == region and r["tier"] and in_force(r, when)}
    )


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
        details = tuple(
            (label, text) for label, text in ((t("tier", lang), self.tier_label), ("", self.instead), ("", self.caveat)) if text
        )
        answer = sentences(self.answer_label, self.reason, lang)
        return Card(t("card_account", lang), answer, lang, (), self.source_ids, self.confidence, details)


def _pick(rows: list[Row], region: str, tier: str, on: pd.Timestamp) -> Row | None:
    return next((r for r in rows if r["region"] == region and r["tier"] == tier and in_force(r, on)), None)


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
    _checks.choice("scheme", scheme, SCHEMES)
    region = resolve_region(city)
    when = _on(on)
    rows = [r for r in records("schemes") if r["scheme"] == scheme]
    if tier is not None:
        valid = scheme_tiers(scheme, region, when.date())
        if not valid:
            raise ValueError(f"no tiers recorded for {scheme} in {region} on {when.date()}; valid: (none: leave tier out)")
        _checks.choice("tier", tier, valid)
    wanted = tier or ""
    row = _pick(rows, region, wanted, when)
    if row is None and tier is None:
        row = _pick(rows, "national", "", when)
    if row is None:
        periods = ", ".join(sorted({str(r["valid_from"].date()) for r in rows if r["region"] in (region, "national")}))
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
        tiers=tuple(scheme_tiers(scheme, row["region"], when.date())) if row["answer"] == "depends" and not row["tier"] else (),
        source_ids=tuple(row["source_ids"]),
        confidence=row["confidence"],
        valid_from=row["valid_from"].date(),
        region_specific=row["region"] != "national",
        rule_id=row["id"],
        lang=lang,
    )


@dataclass(frozen=True, repr=False)
class Triage(Readable):
    """What applies to someone in one scheme, which pages do not, and how to find out when unsure.

    ``route`` is the triage row used: the scheme itself, ``"no_account"`` when the scheme's tier
    has no personal account, or ``"unsure"``. ``account`` is ``None`` for ``"unsure"``.
    """

    scheme: str
    route: str
    label: str
    summary: str
    applies: list[str]
    not_applies: list[str]
    pages: tuple[str, ...]
    skip_pages: tuple[str, ...]
    steps: list[str]
    account: AccountAnswer | None
    source_ids: tuple[str, ...]
    confidence: str
    valid_from: dt.date
    lang: str

    def to_record(self) -> dict:
        """A JSON-ready dict with every text in both languages (and the account answer's record)."""
        label_row, row = _triage_row(self.scheme), _triage_row(self.route)
        return {
            "scheme": self.scheme,
            "route": self.route,
            **{f"label_{lang}": label_row[f"label_{lang}"] for lang in LANGS},
            **{f"summary_{lang}": row[f"summary_{lang}"] for lang in LANGS},
            **{f"{field}_{lang}": list(row[f"{field}_{lang}"]) for field in ("applies", "not_applies", "steps") for lang in LANGS},
            "pages": list(self.pages),
            "skip_pages": list(self.skip_pages),
            "account": None if self.account is None else self.account.to_record(),
            "source_ids": list(self.source_ids),
            "confidence": self.confidence,
            "valid_from": self.valid_from.isoformat(),
        }

    def card(self, lang: str | None = None) -> Card:
        """The summary first, then what applies, what does not and how to find out, with sources (in ``self.lang``)."""
        lang = self.lang
        lists = (("triage_applies", self.applies), ("triage_not_applies", self.not_applies), ("triage_steps", self.steps))
        details = tuple((t(key, lang), "; ".join(items)) for key, items in lists if items)
        rules = (self.account.card().answer,) if self.account is not None else ()
        return Card(self.label, self.summary, lang, rules, self.source_ids, self.confidence, details)


def _triage_row(route: str) -> Row:
    return next(r for r in records("triage") if r["id"] == route)


def triage_choices(lang: str = "zh") -> list[dict]:
    """The answers to "你参加的是哪种医保?" in order: ``[{"id", "label", "label_zh", "label_en"}]``."""
    check_lang(lang)
    rows = sorted((r for r in records("triage") if r["kind"] != "route"), key=lambda r: r["order"])
    return [{"id": r["id"], "label": r[f"label_{lang}"], "label_zh": r["label_zh"], "label_en": r["label_en"]} for r in rows]


def triage(
    scheme: str,
    *,
    city: str | None = None,
    tier: str | None = None,
    on: dt.date | str | None = None,
    lang: str = "zh",
) -> Triage:
    """Route one answer to the first question (a scheme or ``"unsure"``) to what applies.

    A scheme whose city and tier have no personal account (Shenzhen ``tier2``, Chengdu
    ``pooled_only``) follows the ``no_account`` route; residents are told which pages do not apply.
    """
    check_lang(lang)
    _checks.choice("scheme", scheme, TRIAGE_CHOICES)
    account = None if scheme == "unsure" else has_personal_account(scheme, city=city, tier=tier, on=on, lang=lang)
    route = "no_account" if account is not None and account.answer == "no" and scheme in _EMPLOYEE_SCHEMES else scheme
    row = _triage_row(route)
    return Triage(
        scheme=scheme,
        route=route,
        label=_triage_row(scheme)[f"label_{lang}"],
        summary=row[f"summary_{lang}"],
        applies=list(row[f"applies_{lang}"]),
        not_applies=list(row[f"not_applies_{lang}"]),
        pages=tuple(row["pages"]),
        skip_pages=tuple(row["skip_pages"]),
        steps=list(row[f"steps_{lang}"]),
        account=account,
        source_ids=tuple(row["source_ids"]),
        confidence=row["confidence"],
        valid_from=row["valid_from"].date(),
        lang=lang,
    )
