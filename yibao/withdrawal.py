"""Withdrawal scenarios: can the personal-account balance be taken out, by whom, with what?"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import _checks
from .data import records
from .i18n import check_lang, t


@dataclass(frozen=True)
class WithdrawalAssessment:
    """The verdict for one scenario (and region), with documents, after-effects and sources."""

    scenario_id: str
    region: str
    title: str
    verdict: str  # "allowed" / "regional" / "not_allowed"
    verdict_label: str
    national_verdict: str
    summary: str
    who_may_apply: str
    documents: list[str]
    after_effects: list[str]
    warnings: list[str]
    source_ids: tuple[str, ...]
    confidence: str
    valid_from: dt.date
    region_specific: bool
    note: str


def scenario_ids() -> list[str]:
    """Scenario ids in display order."""
    rows = sorted((r for r in records("withdrawal_scenarios") if r["region"] == "national"), key=lambda r: r["order"])
    return [r["id"] for r in rows]


def scenario_regions(scenario_id: str) -> list[str]:
    """Regions with a rule of their own for this scenario."""
    return [r["region"] for r in records("withdrawal_scenarios") if r["id"] == scenario_id and r["region"] != "national"]


def _region_name(region: str, lang: str) -> str:
    return next(r[f"name_{lang}"] for r in records("regions") if r["id"] == region)


def assess_withdrawal(scenario_id: str, *, region: str | None = None, lang: str = "zh") -> WithdrawalAssessment:
    """Assess one withdrawal scenario, optionally for a region (its local rule wins if recorded).

    Raises ``ValueError`` listing the valid scenario ids or regions when one is unknown.
    """
    check_lang(lang)
    _checks.choice("scenario_id", scenario_id, scenario_ids())
    if region is not None:
        _checks.choice("region", region, [r["id"] for r in records("regions")])
    rows = {r["region"]: r for r in records("withdrawal_scenarios") if r["id"] == scenario_id}
    national = rows["national"]
    row = rows.get(region or "national", national)
    region_specific = row is not national
    national_label = t(f"verdict_{national['verdict']}", lang)
    if region_specific:
        note = t("local_rule_shown", lang, region=_region_name(region, lang), verdict=national_label)
    elif region not in (None, "national"):
        note = t("national_rule_shown", lang, region=_region_name(region, lang))
    else:
        note = ""
    return WithdrawalAssessment(
        scenario_id=scenario_id,
        region=row["region"],
        title=row[f"title_{lang}"],
        verdict=row["verdict"],
        verdict_label=t(f"verdict_{row['verdict']}", lang),
        national_verdict=national["verdict"],
        summary=row[f"summary_{lang}"],
        who_may_apply=row[f"who_may_apply_{lang}"],
        documents=list(row[f"documents_{lang}"]),
        after_effects=list(row[f"after_effects_{lang}"]),
        warnings=list(row[f"warnings_{lang}"]),
        source_ids=tuple(row["source_ids"]),
        confidence=row["confidence"],
        valid_from=row["valid_from"].date(),
        region_specific=region_specific,
        note=note,
    )
