"""Who is asking: one answer to "你参加的是哪种医保?" routed to what applies (``data/triage.csv``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from yibao.data import checks
from yibao.data.i18n import LANGS, check_lang
from yibao.data.store import Row, records
from yibao.data.tables import SCHEMES
from yibao.rules.schemes import AccountAnswer, has_personal_account

#: the first question's answers: the four schemes and "not sure"
TRIAGE_CHOICES = (*SCHEMES, "unsure")
#: employee-insurance schemes whose tier may have no account (routed to ``no_account``)
_EMPLOYEE_SCHEMES = ("employee", "retiree", "flexible")


@dataclass(frozen=True)
class Triage:
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
    checks.choice("scheme", scheme, TRIAGE_CHOICES)
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
